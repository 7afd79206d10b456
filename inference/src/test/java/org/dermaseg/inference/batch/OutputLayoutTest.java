package org.dermaseg.inference.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputLayoutTest {
    @TempDir
    Path out;

    @Test
    void mirrorsSubfoldersWithIsicNames() {
        OutputLayout l = new OutputLayout(out);
        assertEquals(out.resolve("ISIC_1_segmentation.png"), l.maskFor(Path.of("ISIC_1.jpg")));
        assertEquals(out.resolve("a/b/x.y_segmentation.png"), l.maskFor(Path.of("a/b/x.y.tif")));
        assertEquals(out.resolve("a/x_overlay.png"), l.overlayFor(Path.of("a/x.png")));
    }

    @Test
    void neverEscapesTheOutputFolder() {
        OutputLayout l = new OutputLayout(out);
        assertThrows(IllegalArgumentException.class, () -> l.maskFor(Path.of("../evil.png")));
        assertThrows(IllegalArgumentException.class, () -> l.maskFor(Path.of("a/../../evil.png")));
        assertThrows(IllegalArgumentException.class, () -> l.maskFor(out.resolve("abs.png")));
        assertThrows(IllegalArgumentException.class, () -> l.maskFor(Path.of("./a.png")));
    }

    @Test
    void slashedIsPortable() {
        assertEquals("a/b/c.png", OutputLayout.slashed(Path.of("a", "b", "c.png")));
    }
}
