package org.dermaseg.inference.engine.purejava.lightm;

import java.util.HashMap;
import java.util.Map;

import org.dermaseg.inference.engine.purejava.Conv3x3;

/**
 * Every buffer one LightM-UNet forward pass needs, sized once for the input size and reused image after image;
 * one workspace serves one inference at a time ({@link LightMUNetNetwork} pools them). About 90 MB at 256x256, most
 * of it the RVM rows at full resolution (65,536 tokens).
 */
final class LightMWorkspace {
    final float[][] level;     // encoder outputs t_i (C_i x plane_i), then the decoder outputs in place
    final float[] big;         // a down-sampling RVM's output before pooling
    final float[] ta;          // block temporaries, C x plane at any level
    final float[] tb;
    final float[] pad;
    final float[] zeros;       // bias of the convolutions that have none
    final double[] sum;
    final double[] sq;
    final float[] scale;
    final float[] shift;
    final Conv3x3.Scratch[] conv;
    private final Map<Integer, RvmLayer.Buffers> rvm = new HashMap<>();

    LightMWorkspace(LightMNetwork net, int threads) {
        LightMConfig c = net.config;
        int levels = c.levels();
        level = new float[levels][];
        int maxFeature = 0;
        int maxBig = 0;
        int maxPad = 3 * (net.height + 2) * (net.width + 2);
        int maxC = 0;
        for (int i = 0; i < levels; i++) {
            int ch = c.channels(i);
            level[i] = new float[ch * net.plane(i)];
            maxFeature = Math.max(maxFeature, ch * net.plane(i));
            maxC = Math.max(maxC, ch);
            maxPad = Math.max(maxPad, ch * ((net.height >> i) + 2) * ((net.width >> i) + 2));
            if (i > 0) {
                maxBig = Math.max(maxBig, ch * net.plane(i - 1));
            }
        }
        big = new float[maxBig];
        ta = new float[maxFeature];
        tb = new float[maxFeature];
        pad = new float[maxPad];
        zeros = new float[maxC];
        sum = new double[maxC];
        sq = new double[maxC];
        scale = new float[maxC];
        shift = new float[maxC];
        conv = new Conv3x3.Scratch[threads];
        for (int t = 0; t < threads; t++) {
            conv[t] = new Conv3x3.Scratch(maxC, Conv3x3.TILE + net.width);
        }
        // one set of RVM rows per token count, sized for the widest layer at that resolution
        Map<Integer, int[]> sizes = new HashMap<>();   // tokens -> {maxIn, maxOut, maxInner, maxDbc, dState}
        for (RvmLayer l : net.rvms()) {
            int[] s = sizes.computeIfAbsent(l.tokens, k -> new int[5]);
            s[0] = Math.max(s[0], l.p.in());
            s[1] = Math.max(s[1], l.p.out());
            s[2] = Math.max(s[2], l.p.dInner());
            s[3] = Math.max(s[3], l.dbcRows());
            s[4] = Math.max(s[4], l.p.dState());
        }
        sizes.forEach((tokens, s) -> rvm.put(tokens, new RvmLayer.Buffers(tokens, s[0], s[1], s[2], s[3], s[4])));
    }

    RvmLayer.Buffers rvmBuffers(int tokens) {
        RvmLayer.Buffers b = rvm.get(tokens);
        if (b == null) {
            throw new IllegalStateException("no RVM buffers for " + tokens + " tokens");
        }
        return b;
    }
}
