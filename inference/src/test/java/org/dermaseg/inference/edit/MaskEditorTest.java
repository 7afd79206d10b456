package org.dermaseg.inference.edit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dermaseg.inference.preprocess.BinaryMask;
import org.junit.jupiter.api.Test;

class MaskEditorTest {
    /** 40x30 mask with a 10x10 lesion at (5..14, 5..14). */
    private static BinaryMask square() {
        byte[] d = new byte[40 * 30];
        for (int y = 5; y < 15; y++) {
            for (int x = 5; x < 15; x++) {
                d[y * 40 + x] = 1;
            }
        }
        return new BinaryMask(40, 30, d);
    }

    @Test
    void brushDabPaintsPixelCentresInsideTheRadius() {
        MaskEditor e = new MaskEditor(new BinaryMask(20, 20, new byte[400]));
        e.beginStroke(true);
        PixelBounds b = e.dab(10, 10, 2);
        e.endStroke();
        // centres (x+0.5, y+0.5) within 2 of (10, 10): x, y in 8..11 minus the four corners = 12 pixels
        assertEquals(12, e.area());
        assertEquals(new PixelBounds(8, 8, 12, 12), b);
        assertTrue(e.isEdited());
        assertTrue(e.mask().get(9, 9));
        assertFalse(e.mask().get(8, 8));
    }

    @Test
    void zeroRadiusStillPaintsThePixelUnderThePointer() {
        MaskEditor e = new MaskEditor(new BinaryMask(5, 5, new byte[25]));
        e.beginStroke(true);
        e.dab(3.2, 1.7, 0);
        e.endStroke();
        assertEquals(1, e.area());
        assertTrue(e.mask().get(3, 1));
    }

    @Test
    void lineLeavesNoGapsBetweenFarApartEvents() {
        MaskEditor e = new MaskEditor(new BinaryMask(100, 10, new byte[1000]));
        e.beginStroke(true);
        e.line(2.5, 5.5, 97.5, 5.5, 0.5);
        e.endStroke();
        for (int x = 2; x <= 97; x++) {
            assertTrue(e.mask().get(x, 5), "pixel " + x);
        }
        assertEquals(96, e.area());
    }

    @Test
    void undoRestoresExactlyAndRedoReapplies() {
        BinaryMask model = square();
        MaskEditor e = new MaskEditor(model);
        e.beginStroke(false);
        e.line(4, 10, 20, 10, 3); // erase a band through the lesion
        e.endStroke();
        byte[] erased = e.mask().data();
        assertTrue(e.area() < model.area());
        e.beginStroke(true);
        e.dab(30, 20, 4);
        e.endStroke();
        assertEquals(2, e.undoDepth());

        e.undo();
        assertArrayEquals(erased, e.mask().data());
        e.undo();
        assertArrayEquals(model.data(), e.mask().data());
        assertFalse(e.isEdited());
        assertFalse(e.canUndo());
        assertTrue(e.canRedo());

        e.redo();
        assertArrayEquals(erased, e.mask().data());
        assertTrue(e.isEdited());
        // a new edit drops the redo branch
        e.beginStroke(true);
        e.dab(1, 1, 1);
        e.endStroke();
        assertFalse(e.canRedo());
    }

    @Test
    void paintingLesionOnLesionIsNoEditAndEmptyStrokesAreNotUndoSteps() {
        MaskEditor e = new MaskEditor(square());
        e.beginStroke(true);
        e.dab(10, 10, 2); // already lesion: overrides change, the mask does not
        e.endStroke();
        assertFalse(e.isEdited(), "mask equals the model's");
        assertEquals(1, e.undoDepth(), "the override is still an undoable step");
        e.beginStroke(true);
        e.dab(10, 10, 2); // same override again: nothing changes at all
        e.endStroke();
        assertEquals(1, e.undoDepth());
    }

    @Test
    void resetToModelIsUndoable() {
        BinaryMask model = square();
        MaskEditor e = new MaskEditor(model);
        e.beginStroke(true);
        e.dab(30, 20, 5);
        e.endStroke();
        byte[] painted = e.mask().data();
        PixelBounds b = e.resetToModel();
        assertFalse(b.isEmpty());
        assertArrayEquals(model.data(), e.mask().data());
        assertFalse(e.isEdited());
        e.undo();
        assertArrayEquals(painted, e.mask().data());
    }

    @Test
    void newBaseKeepsHandPaintedPixels() {
        MaskEditor e = new MaskEditor(square());
        e.beginStroke(false);
        e.dab(10, 10, 1.5); // erase inside the lesion
        e.endStroke();
        e.beginStroke(true);
        e.dab(30, 20, 1.5); // paint outside
        e.endStroke();
        // a lower threshold grows the lesion to 20x20
        byte[] grown = new byte[40 * 30];
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 20; x++) {
                grown[y * 40 + x] = 1;
            }
        }
        e.setBase(new BinaryMask(40, 30, grown));
        assertFalse(e.mask().get(10, 10), "erased pixel stays erased");
        assertTrue(e.mask().get(30, 20), "painted pixel stays painted");
        assertTrue(e.mask().get(18, 18), "the rest follows the new base");
        assertTrue(e.isEdited());
        e.resetToModel();
        assertArrayEquals(grown, e.mask().data());
        assertThrows(IllegalArgumentException.class, () -> e.setBase(new BinaryMask(2, 2, new byte[4])));
    }

    @Test
    void changedPixelsCountsDifferencesFromTheModel() {
        MaskEditor e = new MaskEditor(new BinaryMask(10, 10, new byte[100]));
        e.beginStroke(true);
        e.dab(5, 5, 0);
        e.endStroke();
        assertEquals(1, e.changedPixels());
        e.beginStroke(false);
        e.dab(5, 5, 0);
        e.endStroke();
        assertEquals(0, e.changedPixels());
        assertFalse(e.isEdited());
    }

    @Test
    void strokesAreClippedToTheImage() {
        MaskEditor e = new MaskEditor(new BinaryMask(10, 10, new byte[100]));
        e.beginStroke(true);
        PixelBounds b = e.line(-50, -50, 2, 2, 3);
        e.endStroke();
        assertTrue(b.x0() >= 0 && b.y0() >= 0 && b.x1() <= 10 && b.y1() <= 10, b.toString());
        assertTrue(e.area() > 0);
        assertThrows(IllegalStateException.class, () -> e.dab(1, 1, 1), "no stroke open");
    }
}
