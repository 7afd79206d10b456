package org.dermaseg.inference.engine.purejava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

/** Each operator against a plain double-precision transcription of its definition. */
class KernelsTest {
    /** erf by its Maclaurin series (|x| <= 3) or continued fraction for erfc (|x| > 3), in double. */
    static double erfRef(double x) {
        double ax = Math.abs(x);
        double r;
        if (ax <= 3) {
            double term = ax;
            double sum = ax;
            for (int n = 1; n < 200; n++) {
                term *= -ax * ax / n;
                sum += term / (2 * n + 1);
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            double f = 0;
            for (int k = 60; k >= 1; k--) {
                f = k / 2.0 / (ax + f);
            }
            r = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + f);
        }
        return Math.copySign(r, x);
    }

    @Test
    void erfIsAccurateToAFewFloatUlps() {
        assertEquals(0.8427007929497149, erfRef(1), 1e-14);
        assertEquals(0.9999779095030014, erfRef(3.0), 1e-12);     // series (cancellation costs ~1e-13)
        assertEquals(0.9999992569016276, erfRef(3.5), 1e-14);     // continued fraction
        double worst = 0;
        for (int i = -80000; i <= 80000; i++) {
            float x = i / 10000f;
            worst = Math.max(worst, Math.abs(Fn.erf(x) - erfRef(x)));
        }
        assertTrue(worst < 4e-7, "erf max abs error " + worst);
        assertEquals(1f, Fn.erf(100f));
        assertEquals(-1f, Fn.erf(Float.NEGATIVE_INFINITY));
        assertEquals(0f, Fn.erf(0f));
    }

    @Test
    void geluIsTheErfForm() {
        for (int i = -2000; i <= 2000; i++) {
            float x = i / 200f;
            double ref = 0.5 * x * (1 + erfRef(x / Math.sqrt(2)));
            assertEquals(ref, Fn.gelu(x), 1e-6 + 2e-7 * Math.abs(ref), "gelu(" + x + ")");
        }
        // not the tanh approximation, which differs by ~1e-4 here
        assertEquals(1.9544997f, Fn.gelu(2f), 1e-6f);      // 1 + erf(sqrt 2); tanh form gives 1.9545977
    }

    @Test
    void expOfNonPositiveArgumentsIsAccurate() {
        int count = 1_000_001;
        float[] v = new float[count + 2];
        for (int i = 0; i < count; i++) {
            v[1 + i] = -87.0f * i / 1_000_000f;
        }
        v[0] = 5f;               // outside the range asked for: must stay untouched
        v[count + 1] = 5f;
        Fn.expNonPositiveInPlace(v, 1, count);
        assertEquals(5f, v[0]);
        assertEquals(5f, v[count + 1]);
        double worstAbs = 0;
        double worstRelNear = 0;  // x >= -2: the decays of long memories, where relative accuracy matters
        for (int i = 0; i < count; i++) {
            float x = -87.0f * i / 1_000_000f;
            double ref = Math.exp(x);
            worstAbs = Math.max(worstAbs, Math.abs(v[1 + i] - ref));
            if (x >= -2f) {
                worstRelNear = Math.max(worstRelNear, Math.abs(v[1 + i] - ref) / ref);
            }
        }
        assertTrue(worstAbs < 2e-7, "exp max absolute error " + worstAbs);
        assertTrue(worstRelNear < 1e-6, "exp max relative error on [-2, 0] " + worstRelNear); // 5.7e-7 measured
        float[] edge = {0f, -1e-30f, -100f, Float.NEGATIVE_INFINITY};
        Fn.expNonPositiveInPlace(edge, 0, edge.length);
        assertEquals(1f, edge[0]);
        assertEquals(1f, edge[1]);
        assertTrue(edge[2] >= 0f && edge[2] < 1e-30f, "exp(-100) = " + edge[2]);
        assertTrue(edge[3] >= 0f && edge[3] < 1e-30f, "exp(-inf) = " + edge[3]);
    }

    @Test
    void expIsAccurateOverFloatRange() {
        double worstAny = 0;
        for (int i = -873_000; i <= 883_000; i++) {
            float x = i / 10_000f;
            double ref = Math.exp(x);
            worstAny = Math.max(worstAny, Math.abs(Fn.exp(x) - ref) / ref);
        }
        assertTrue(worstAny < 2.5e-7, "exp max relative error " + worstAny);
        assertEquals(Float.POSITIVE_INFINITY, Fn.exp(100f));
        assertEquals(0f, Fn.exp(-100f));
    }

    @Test
    void softplusSiluSigmoidFollowPyTorch() {
        assertEquals(25f, Fn.softplus(25f));           // threshold 20: identity above
        assertEquals((float) Math.log1p(Math.exp(19.5)), Fn.softplus(19.5f));
        assertEquals((float) Math.log(2), Fn.softplus(0f), 1e-7);
        assertEquals(0f, Fn.softplus(-200f));
        double worstLog = 0;
        for (int i = 0; i <= 400_000; i++) {
            float x = (float) Math.pow(10, -8 + i * 17.0 / 400_000); // 1e-8 .. 1e9
            worstLog = Math.max(worstLog, Math.abs(Fn.log1p(x) - Math.log1p(x)) / Math.log1p(x));
        }
        assertTrue(worstLog < 3e-7, "log1p max relative error " + worstLog);
        assertEquals(0f, Fn.log1p(0f));
        for (int i = -3000; i <= 2000; i++) {
            float x = i / 100f;
            double sp = Math.log1p(Math.exp(x));
            assertEquals(sp, Fn.softplus(x), 3e-7 * sp, "softplus(" + x + ") relative");
        }
        assertEquals(0.5f, Fn.sigmoid(0f));
        assertEquals(1f, Fn.sigmoid(50f));
        assertEquals((float) (2 / (1 + Math.exp(-2))), Fn.silu(2f), 3e-7);
        assertEquals(-17 / (1 + Math.exp(17)), Fn.silu(-17f), 1e-13);
        for (int i = -3000; i <= 3000; i++) {
            float x = i / 100f;
            assertEquals(1 / (1 + Math.exp(-x)), Fn.sigmoid(x), 1.5e-7, "sigmoid(" + x + ")");
            double sp = x > 20 ? x : Math.log1p(Math.exp(x));
            assertEquals(sp, Fn.softplus(x), 1.2e-7 * Math.max(1, sp), "softplus(" + x + ")");
        }
    }

    /** model/scan.py selective_scan_ref for one channel, in double. */
    static double[] scanRef(int len, int n, float[] u, float[] dt, float[] a, float[] bt, float[] ct, float d) {
        double[] h = new double[n];
        double[] y = new double[len];
        for (int l = 0; l < len; l++) {
            double acc = 0;
            for (int s = 0; s < n; s++) {
                h[s] = Math.exp((double) dt[l] * a[s]) * h[s] + (double) dt[l] * bt[l * n + s] * u[l];
                acc += h[s] * ct[l * n + s];
            }
            y[l] = acc + (double) d * u[l];
        }
        return y;
    }

    @Test
    void selectiveScanFollowsTheSequentialDefinition() {
        Random r = new Random(7);
        for (int n : new int[] {16, 5, 1}) {          // 5 and 1 take the remainder path
            int len = 777;
            float[] u = new float[len + 3];
            float[] dt = new float[len + 3];
            float[] a = new float[n + 2];
            float[] bt = new float[len * n + 1];
            float[] ct = new float[len * n + 1];
            for (int i = 0; i < u.length; i++) {
                u[i] = (float) r.nextGaussian();
                dt[i] = (float) Math.log1p(Math.exp(r.nextGaussian() - 2)); // softplus of something
            }
            for (int s = 0; s < a.length; s++) {
                a[s] = -(float) Math.exp(r.nextGaussian() + Math.log(s + 1));
            }
            for (int i = 0; i < bt.length; i++) {
                bt[i] = (float) r.nextGaussian();
                ct[i] = (float) r.nextGaussian();
            }
            // offsets: u/dt from 3, A from 2, B/C from 1, y at 4, state at 2
            float[] uo = java.util.Arrays.copyOfRange(u, 3, len + 3);
            float[] dto = java.util.Arrays.copyOfRange(dt, 3, len + 3);
            float[] ao = java.util.Arrays.copyOfRange(a, 2, n + 2);
            float[] bo = java.util.Arrays.copyOfRange(bt, 1, len * n + 1);
            float[] co = java.util.Arrays.copyOfRange(ct, 1, len * n + 1);
            double[] ref = scanRef(len, n, uo, dto, ao, bo, co, 0.75f);
            float[] y = new float[len + 4];
            float[] scratch = new float[SelectiveScan.scratchSize(n) + 2];
            SelectiveScan.scan(len, n, u, 3, dt, 3, a, 2, bt, ct, 1, 0.75f, y, 4, scratch, 2);
            double worst = 0;
            for (int l = 0; l < len; l++) {
                worst = Math.max(worst, Math.abs(y[4 + l] - ref[l]) / (1 + Math.abs(ref[l])));
            }
            assertTrue(worst < 2e-5, "n=" + n + ": scan deviates by " + worst);
        }
    }

    @Test
    void sixteenStateScanGivesTheGeneralLoopsFloats() {
        // scan16 keeps the states in locals; it must add the same products in the same order as scanAnyN
        Random r = new Random(11);
        int n = 16;
        for (int len : new int[] {1, 31, 32, 33, 1024}) {
            float[] u = new float[len];
            float[] dt = new float[len];
            float[] a = new float[n];
            float[] bt = new float[len * n];
            float[] ct = new float[len * n];
            for (int l = 0; l < len; l++) {
                u[l] = (float) r.nextGaussian();
                dt[l] = (float) Math.log1p(Math.exp(3 * r.nextGaussian() - 2)); // up to large steps (decays near 0)
            }
            for (int s = 0; s < n; s++) {
                a[s] = -(float) Math.exp(r.nextGaussian() + Math.log(s + 1));
            }
            for (int i = 0; i < bt.length; i++) {
                bt[i] = (float) r.nextGaussian();
                ct[i] = (float) r.nextGaussian();
            }
            float[] fast = new float[len];
            float[] general = new float[len];
            SelectiveScan.scan(len, n, u, 0, dt, 0, a, 0, bt, ct, 0, 0.5f, fast, 0,
                    new float[SelectiveScan.scratchSize(n)], 0);
            SelectiveScan.scanAnyN(len, n, u, 0, dt, 0, a, 0, bt, ct, 0, 0.5f, general, 0,
                    new float[SelectiveScan.scratchSize(n)], 0);
            for (int l = 0; l < len; l++) {
                assertEquals(Float.floatToRawIntBits(general[l]), Float.floatToRawIntBits(fast[l]),
                        "len " + len + ", token " + l);
            }
        }
    }

    @Test
    void tiledConvolutionEqualsTheDirectSum() {
        Random r = new Random(3);
        int cin = 5;
        int cout = 3;
        int h = 7;
        int w = 6;
        float[] in = new float[2 + cin * h * w];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) r.nextGaussian();
        }
        float[] wt = new float[cout * cin * 9];
        for (int i = 0; i < wt.length; i++) {
            wt[i] = (float) r.nextGaussian();
        }
        float[] bias = {0.5f, -1f, 2f};
        float[] pad = new float[cin * (h + 2) * (w + 2)];
        java.util.Arrays.fill(pad, Float.NaN); // the border must be written, not assumed
        Conv3x3.pad(in, 2, h, w, pad, 0, cin);
        Conv3x3.Scratch sc = new Conv3x3.Scratch(cin, h * w);
        for (int rows : new int[] {1, 2, 3, 7}) {   // 3 leaves a short last tile
            float[] out = new float[1 + cout * h * w];
            int tiles = (h + rows - 1) / rows;
            Conv3x3.tiled(pad, cin, h, w, wt, bias, cout, out, 1, rows, sc, 0, tiles);
            float[] direct = new float[1 + cout * h * w];
            Conv3x3.direct(pad, cin, h, w, wt, bias, direct, 1, 0, cout); // 3 channels: a pair, then one
            for (int i = 1; i < out.length; i++) {
                assertEquals(out[i], direct[i], 1e-5, "direct vs tiled at " + i);
            }
            for (int co = 0; co < cout; co++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        double s = bias[co];
                        for (int ci = 0; ci < cin; ci++) {
                            for (int ky = 0; ky < 3; ky++) {
                                for (int kx = 0; kx < 3; kx++) {
                                    int yy = y + ky - 1;
                                    int xx = x + kx - 1;
                                    if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                                        s += (double) wt[((co * cin + ci) * 3 + ky) * 3 + kx] * in[2 + (ci * h + yy) * w + xx];
                                    }
                                }
                            }
                        }
                        assertEquals(s, out[1 + (co * h + y) * w + x], 1e-5, "rows " + rows + " co " + co + " y " + y + " x " + x);
                    }
                }
            }
        }
        assertEquals(4, Conv3x3.tileRows(256, 256, 2));
        assertEquals(16, Conv3x3.tileRows(32, 32, 2));
        assertEquals(1, Conv3x3.tileRows(1, 2048, 2));
    }

    @Test
    void upsamplingIsBilinearWithAlignedCorners() {
        Random r = new Random(5);
        int h = 3;
        int w = 4;
        float[] in = new float[2 * h * w];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) r.nextGaussian();
        }
        Kernels.UpTable ty = Kernels.UpTable.of(h);
        Kernels.UpTable tx = Kernels.UpTable.of(w);
        float[] out = new float[2 * 4 * h * w];
        Kernels.upsample(in, 0, h, w, ty, tx, out, 0, 0, null, 0, new float[2 * w], new float[2 * w], 0, 2 * 2 * h);
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 2 * h; y++) {
                for (int x = 0; x < 2 * w; x++) {
                    double sy = y * (h - 1) / (2.0 * h - 1);
                    double sx = x * (w - 1) / (2.0 * w - 1);
                    int y0 = (int) sy;
                    int x0 = (int) sx;
                    int y1 = Math.min(y0 + 1, h - 1);
                    int x1 = Math.min(x0 + 1, w - 1);
                    double fy = sy - y0;
                    double fx = sx - x0;
                    int b = c * h * w;
                    double v = (1 - fy) * ((1 - fx) * in[b + y0 * w + x0] + fx * in[b + y0 * w + x1])
                            + fy * ((1 - fx) * in[b + y1 * w + x0] + fx * in[b + y1 * w + x1]);
                    assertEquals(v, out[(c * 2 * h + y) * 2 * w + x], 1e-5);
                }
            }
            // corners map onto corners exactly
            assertEquals(in[c * h * w], out[c * 4 * h * w]);
            assertEquals(in[(c + 1) * h * w - 1], out[(c + 1) * 4 * h * w - 1]);
        }
    }

    @Test
    void groupNormAffineNormalisesEachGroup() {
        int ch = 8;
        int plane = 50;
        Random r = new Random(9);
        float[] x = new float[ch * plane];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * (1 + i / plane) + i / plane * 3);
        }
        double[] sum = new double[ch];
        double[] sq = new double[ch];
        Kernels.planeStats(x, 0, plane, sum, sq, 0, ch);
        float[] gamma = {1, 1, 1, 1, 2, 2, -1, -1};
        float[] beta = {0, 0, 0, 0, 1, 1, 0, 0};
        float[] sc = new float[ch];
        float[] sh = new float[ch];
        Kernels.groupNormAffine(sum, sq, ch, 4, plane, gamma, beta, sc, sh);
        for (int g = 0; g < 4; g++) {
            double m = 0;
            double v = 0;
            for (int i = g * 2 * plane; i < (g + 1) * 2 * plane; i++) {
                m += x[i];
            }
            m /= 2 * plane;
            for (int i = g * 2 * plane; i < (g + 1) * 2 * plane; i++) {
                v += (x[i] - m) * (x[i] - m);
            }
            v /= 2 * plane;
            for (int c = 2 * g; c < 2 * g + 2; c++) {
                for (int i = c * plane; i < (c + 1) * plane; i++) {
                    double ref = (x[i] - m) / Math.sqrt(v + 1e-5) * gamma[c] + beta[c];
                    assertEquals(ref, sc[c] * x[i] + sh[c], 1e-5);
                }
            }
        }
    }

    @Test
    void poolingOfTheAffineMapUsesMaxOrMinBySign() {
        int h = 4;
        int w = 4;
        float[] x = new float[2 * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 1.7);
        }
        double[] sum = new double[2];
        double[] sq = new double[2];
        float[] pmax = new float[2 * 4];
        float[] pmin = new float[2 * 4];
        Kernels.statsAndPool(x, 0, h, w, sum, sq, pmax, pmin, 0, 0, 2);
        float[] scale = {1.5f, -0.5f};
        float[] shift = {0.1f, 0.2f};
        float[] out = new float[8];
        Kernels.affinePoolGelu(pmax, pmin, 0, 4, scale, shift, out, 0, 2);
        for (int c = 0; c < 2; c++) {
            double s = 0;
            for (int py = 0; py < 2; py++) {
                for (int px = 0; px < 2; px++) {
                    float best = Float.NEGATIVE_INFINITY;
                    for (int dy = 0; dy < 2; dy++) {
                        for (int dx = 0; dx < 2; dx++) {
                            best = Math.max(best, scale[c] * x[c * 16 + (2 * py + dy) * w + 2 * px + dx] + shift[c]);
                        }
                    }
                    assertEquals(Fn.gelu(best), out[c * 4 + py * 2 + px], 1e-6);
                }
            }
            for (int i = 0; i < 16; i++) {
                s += x[c * 16 + i];
            }
            assertEquals(s, sum[c], 1e-9);
        }
    }

    @Test
    void parallelRangesCoverEveryIndexOnceAndPropagateFailures() {
        try (Parallel par = new Parallel(3)) {
            for (int n : new int[] {0, 1, 2, 5, 64, 1001}) {
                for (int grain : new int[] {1, 7, 1000}) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(1, n));
                    par.range(n, grain, (from, to) -> {
                        for (int i = from; i < to; i++) {
                            hits.incrementAndGet(i);
                        }
                    });
                    for (int i = 0; i < n; i++) {
                        assertEquals(1, hits.get(i), "n " + n + " grain " + grain + " index " + i);
                    }
                }
            }
            // slots identify the running thread (for scratch buffers): in range, never shared by two at once
            AtomicIntegerArray busy = new AtomicIntegerArray(3);
            AtomicIntegerArray covered = new AtomicIntegerArray(300);
            for (int rep = 0; rep < 50; rep++) {
                par.range(300, 1, (slot, from, to) -> {
                    assertEquals(1, busy.incrementAndGet(slot), "slot " + slot + " used by two threads at once");
                    for (int i = from; i < to; i++) {
                        covered.incrementAndGet(i);
                    }
                    busy.decrementAndGet(slot);
                });
            }
            for (int i = 0; i < 300; i++) {
                assertEquals(50, covered.get(i));
            }
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> par.range(100, 1, (from, to) -> {
                if (from > 0) {
                    throw new IllegalStateException("worker failed");
                }
            }));
            assertEquals("worker failed", e.getMessage());
        }
    }
}
