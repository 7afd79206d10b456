package org.dermaseg.inference.engine.purejava.lightm;

import org.dermaseg.inference.engine.purejava.Kernels;
import org.dermaseg.inference.engine.purejava.Parallel;

/**
 * GroupNorm ({@link LightMConfig#GROUPS} groups, eps 1e-5) followed by ReLU, on C planes held flat: statistics in
 * double per channel, folded into a per-channel affine map, then {@code max(0, scale * x + shift)}.
 */
final class GroupNormRelu {
    private GroupNormRelu() {
    }

    /** {@code dst = relu(GN(src))} for {@code c} planes of {@code plane} values; {@code dst} may be {@code src}. */
    static void apply(Parallel par, LightMWorkspace ws, float[] src, float[] dst, int c, int plane,
                      LightMWeights.Norm norm) {
        int grain = Math.max(1, 4096 / plane);
        par.range(c, grain, (c0, c1) -> Kernels.planeStats(src, 0, plane, ws.sum, ws.sq, c0, c1));
        Kernels.groupNormAffine(ws.sum, ws.sq, c, LightMConfig.GROUPS, plane, norm.w(), norm.b(), ws.scale, ws.shift);
        float[] sc = ws.scale;
        float[] sh = ws.shift;
        par.range(c, grain, (c0, c1) -> {
            for (int ch = c0; ch < c1; ch++) {
                float a = sc[ch];
                float b = sh[ch];
                for (int i = ch * plane; i < (ch + 1) * plane; i++) {
                    dst[i] = Math.max(0f, a * src[i] + b);
                }
            }
        });
    }
}
