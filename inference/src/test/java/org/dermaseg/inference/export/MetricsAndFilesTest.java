package org.dermaseg.inference.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.dermaseg.inference.image.ImageLoader;
import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.metrics.GroundTruthLoader;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.dermaseg.inference.io.PngText;
import org.dermaseg.inference.io.MaskPng;
import org.dermaseg.inference.io.OverlayPng;

class MetricsAndFilesTest {
    @TempDir
    java.nio.file.Path tmp;

    private static BinaryMask rect(int w, int h, int x0, int y0, int x1, int y1) {
        byte[] d = new byte[w * h];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                d[y * w + x] = 1;
            }
        }
        return new BinaryMask(w, h, d);
    }

    @Test
    void maskPngIsIsicNamedAndSaysWhetherItWasEdited() throws Exception {
        assertEquals("ISIC_0000001_segmentation.png", ExportFiles.maskName("ISIC_0000001.jpg"));
        assertEquals("IMD002_overlay.png", ExportFiles.overlayName("IMD002.png"));
        assertEquals("IMD002_contour.geojson", ExportFiles.geoJsonName("IMD002.png"));

        BinaryMask m = rect(30, 20, 5, 5, 15, 15);
        byte[] edited = MaskPng.encode(m, true);
        byte[] model = MaskPng.encode(m, false);
        assertTrue(MaskPng.isEdited(edited));
        assertFalse(MaskPng.isEdited(model));
        Map<String, String> text = PngText.read(edited);
        assertEquals("DermaSeg", text.get("Software"));
        assertTrue(text.get("Description").contains("corrected by hand"));

        // the text chunks keep the PNG valid: it decodes back to the same mask
        java.nio.file.Path f = tmp.resolve(ExportFiles.maskName("a.png"));
        java.nio.file.Files.write(f, edited);
        BinaryMask back = new GroundTruthLoader().load(f);
        assertEquals(m.area(), back.area());
        assertTrue(java.util.Arrays.equals(m.data(), back.data()));
    }

    @Test
    void argbPngDecodesToTheSamePixels() throws Exception {
        int[] argb = {0xFFFF0000, 0xFF00FF00, 0xFF0000FF, 0xFF123456};
        java.nio.file.Path f = tmp.resolve("o.png");
        java.nio.file.Files.write(f, OverlayPng.rgbPng(argb, 2, 2));
        LoadedImage img = new ImageLoader().load(f);
        byte[] rgb = img.rgb();
        assertEquals(255, rgb[0] & 0xff);
        assertEquals(255, rgb[4] & 0xff);
        assertEquals(255, rgb[8] & 0xff);
        assertEquals(0x12, rgb[9] & 0xff);
        assertEquals(0x34, rgb[10] & 0xff);
        assertEquals(0x56, rgb[11] & 0xff);
    }

    @Test
    void pngTextRejectsNonPngs() {
        assertThrows(IllegalArgumentException.class, () -> PngText.read(new byte[40]));
    }
}
