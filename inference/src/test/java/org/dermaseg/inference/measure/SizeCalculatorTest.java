package org.dermaseg.inference.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dermaseg.inference.preprocess.BinaryMask;
import org.junit.jupiter.api.Test;

class SizeCalculatorTest {

    private static void within(double expected, double actual, double relative, String what) {
        assertTrue(Math.abs(actual - expected) <= relative * expected,
                what + ": expected " + expected + " within " + (relative * 100) + " %, got " + actual);
    }

    @Test
    void discAreaDiametersAndPerimeterMatchTheGeometry() {
        BinaryMask m = Synthetic.mask(400, 360, Synthetic.disc(200, 180, 100));
        LesionMeasurements.Size s = SizeCalculator.measure(m, null);
        within(Math.PI * 100 * 100, s.areaPx(), 0.01, "area");
        within(200, s.maxFeretPx(), 0.01, "longest Feret");
        within(200, s.minFeretPx(), 0.01, "shortest Feret");
        within(200, s.equivalentDiameterPx(), 0.01, "equivalent diameter");
        within(2 * Math.PI * 100, s.perimeterPx(), 0.02, "perimeter");
        assertNull(s.areaMm2(), "no mm without a pixel size");
        assertNull(s.exceeds6mm());
    }

    @Test
    void rectangleHasExactAreaDiagonalAndWidth() {
        BinaryMask m = Synthetic.mask(300, 200, (x, y) -> x >= 50 && x < 250 && y >= 50 && y < 150);
        LesionMeasurements.Size s = SizeCalculator.measure(m, 0.02);
        assertEquals(20000, s.areaPx());
        within(Math.hypot(200, 100), s.maxFeretPx(), 0.001, "diagonal");
        within(100, s.minFeretPx(), 0.001, "width");
        // along the boundary pixels' centres (2 x (199 + 99) = 596) with the estimator's 0.980 per axis step
        within(600, s.perimeterPx(), 0.03, "perimeter");
        within(20000 * 0.02 * 0.02, s.areaMm2(), 1e-9, "area mm2");
        within(Math.hypot(200, 100) * 0.02, s.maxDiameterMm(), 0.001, "diameter mm");
        assertFalse(s.exceeds6mm(), "4.5 mm is not over 6 mm");
    }

    @Test
    void diameterOverSixMillimetresIsFlagged() {
        BinaryMask m = Synthetic.mask(400, 360, Synthetic.disc(200, 180, 100));
        LesionMeasurements.Size s = SizeCalculator.measure(m, 0.05); // 10 mm across
        within(10, s.maxDiameterMm(), 0.01, "diameter mm");
        assertTrue(s.exceeds6mm());
        within(Math.PI * 25, s.areaMm2(), 0.01, "area mm2");
    }

    @Test
    void emptyMaskMeasuresZeroAndBadPixelSizeIsRefused() {
        BinaryMask empty = new BinaryMask(10, 10, new byte[100]);
        assertEquals(0, SizeCalculator.measure(empty, null).areaPx());
        assertThrows(IllegalArgumentException.class, () -> SizeCalculator.measure(empty, -1.0));
        assertThrows(IllegalArgumentException.class, () -> SizeCalculator.measure(empty, Double.NaN));
    }

    @Test
    void onePixelLesionHasUnitSize() {
        byte[] d = new byte[25];
        d[12] = 1;
        LesionMeasurements.Size s = SizeCalculator.measure(new BinaryMask(5, 5, d), null);
        assertEquals(1, s.areaPx());
        within(Math.sqrt(2), s.maxFeretPx(), 1e-9, "pixel diagonal");
        within(1, s.minFeretPx(), 1e-9, "pixel side");
    }
}
