package org.dermaseg.inference.engine.purejava.ultralight;

import org.dermaseg.inference.engine.purejava.Conv3x3;
import org.dermaseg.inference.engine.purejava.SelectiveScan;

/**
 * Every buffer one forward pass needs, sized once for the network's input size and reused image after
 * image. One workspace serves one inference at a time; {@link UltraLightNetwork} keeps a pool of them so that
 * concurrent callers never share one.
 */
final class Workspace {
    final float[] pad;        // zero-bordered copy of a convolution's input
    final float[] act;        // a layer's full-resolution output before normalisation
    final float[][] skip;     // t1..t5 (bridged in place, then the decoder outputs in place)
    final float[] poolMin;    // 2x2 min pools (for GroupNorm channels with negative scale)
    final float[] bottom;     // encoder6 output
    final double[] sum;
    final double[] sq;
    final float[] scale;
    final float[] shift;
    final float[][][][] satShift; // [mean_c, max_c][kx][row of the 9-pixel-bordered plane][x]: column-shifted copies
    final float[][] sat;      // spatial attention per level
    final float[] pooled;     // channel means of the 5 levels, concatenated
    final float[] att;        // after the shared conv1d
    final float[] catt;       // channel attention per channel, concatenated
    final float[] logits;     // final 1x1 conv at half resolution

    final float[][] pvmNorm;          // channel rows
    final float[][] pvmMix;
    final double[] tokMean;
    final double[] tokVar;
    final float[][][] qXz = new float[PvmLayer.QUARTERS][][];
    final float[][][] qXc = new float[PvmLayer.QUARTERS][][];
    final float[][][] qDbc = new float[PvmLayer.QUARTERS][][];
    final float[][][] qDt = new float[PvmLayer.QUARTERS][][];
    final float[][] qBt = new float[PvmLayer.QUARTERS][];    // token-major L x d_state
    final float[][] qCt = new float[PvmLayer.QUARTERS][];
    final float[][][] qY = new float[PvmLayer.QUARTERS][][];
    final float[][] qShift = new float[PvmLayer.QUARTERS][];
    final float[] scanScratch;
    final Conv3x3.Scratch[] conv;   // one per worker thread
    final float[][] rowA;           // one image row per worker thread
    final float[][] rowB;
    final float[][] rowC;

    Workspace(Network net, int threads) {
        int hh = net.height;
        int ww = net.width;
        int[] c = net.weights.ch;
        pad = new float[max(3 * (hh + 2) * (ww + 2),
                c[0] * (hh / 2 + 2) * (ww / 2 + 2),
                c[1] * (hh / 4 + 2) * (ww / 4 + 2),
                c[2] * (hh / 8 + 2) * (ww / 8 + 2))];
        int p1 = hh * ww;
        act = new float[max(c[0] * p1, c[1] * p1 / 4, c[2] * p1 / 16, c[3] * p1 / 64, c[4] * p1 / 256,
                c[5] * p1 / 1024, c[4] * p1 / 1024, c[3] * p1 / 1024, c[2] * p1 / 256, c[1] * p1 / 64, c[0] * p1 / 16)];
        skip = new float[5][];
        sat = new float[5][];
        int maxSkip = 0;
        int maxC = 0;
        int total = 0;
        for (int i = 0; i < 5; i++) {
            int plane = (hh >> (i + 1)) * (ww >> (i + 1));
            skip[i] = new float[c[i] * plane];
            sat[i] = new float[plane];
            maxSkip = Math.max(maxSkip, c[i] * plane);
            total += c[i];
        }
        for (int v : c) {
            maxC = Math.max(maxC, v);
        }
        poolMin = new float[maxSkip];
        bottom = new float[c[5] * (p1 / 1024)];
        sum = new double[maxC];
        sq = new double[maxC];
        scale = new float[maxC];
        shift = new float[maxC];
        satShift = new float[2][7][hh / 2 + 18][ww / 2];
        pooled = new float[total];
        att = new float[total];
        catt = new float[total];
        logits = new float[p1 / 4];

        int rows = 0;
        int tokens = 0;
        int xzRows = 0;
        int innerRows = 0;
        int dbcRows = 0;
        int state = 0;
        for (int i = 0; i < net.pvms.length; i++) {
            PvmLayer l = net.pvms[i];
            rows = Math.max(rows, Math.max(l.p.in(), l.p.out()));
            tokens = Math.max(tokens, net.pvmTokens[i]);
            xzRows = Math.max(xzRows, l.xzRows());
            innerRows = Math.max(innerRows, l.p.dInner());
            dbcRows = Math.max(dbcRows, l.dbcRows());
            state = Math.max(state, l.p.dState());
        }
        pvmNorm = new float[rows][tokens];
        pvmMix = new float[rows][tokens];
        tokMean = new double[tokens];
        tokVar = new double[tokens];
        int maxInner = innerRows;
        for (int k = 0; k < PvmLayer.QUARTERS; k++) {
            qXz[k] = new float[xzRows][tokens];
            qXc[k] = new float[innerRows][tokens];
            qDbc[k] = new float[dbcRows][tokens];
            qDt[k] = new float[innerRows][tokens];
            qBt[k] = new float[state * tokens];
            qCt[k] = new float[state * tokens];
            qY[k] = new float[innerRows][tokens];
            qShift[k] = new float[tokens];
        }
        scanScratch = new float[PvmLayer.QUARTERS * maxInner * SelectiveScan.scratchSize(state)];
        int maxCin = Math.max(3, Math.max(c[0], Math.max(c[1], c[2])));
        rowA = new float[threads][ww];
        rowB = new float[threads][ww];
        rowC = new float[threads][ww];
        conv = new Conv3x3.Scratch[threads];
        for (int t = 0; t < threads; t++) {
            conv[t] = new Conv3x3.Scratch(maxCin, Conv3x3.TILE + ww);
        }
    }

    private static int max(int... v) {
        int m = 0;
        for (int x : v) {
            m = Math.max(m, x);
        }
        return m;
    }
}
