package org.dermaseg.inference.engine.purejava.lightm;

import org.dermaseg.inference.engine.purejava.Parallel;

/** {@code x += RVM2(relu(GN2(RVM1(relu(GN1(x))))))}, in place on C planes of one resolution. */
final class ResMambaBlock {
    final int channels;
    final int plane;
    private final LightMWeights.Norm norm1;
    private final LightMWeights.Norm norm2;
    final RvmLayer rvm1;
    final RvmLayer rvm2;

    ResMambaBlock(LightMWeights wt, String prefix, int channels, int plane) {
        this.channels = channels;
        this.plane = plane;
        norm1 = wt.norm(prefix + ".norm1");
        norm2 = wt.norm(prefix + ".norm2");
        rvm1 = new RvmLayer(wt.rvm(prefix + ".rvm1", channels, channels), plane);
        rvm2 = new RvmLayer(wt.rvm(prefix + ".rvm2", channels, channels), plane);
    }

    void forward(Parallel par, LightMWorkspace ws, RvmLayer.Buffers b, float[] x) {
        GroupNormRelu.apply(par, ws, x, ws.ta, channels, plane, norm1);
        rvm1.forward(par, b, ws.ta, ws.tb);
        GroupNormRelu.apply(par, ws, ws.tb, ws.tb, channels, plane, norm2);
        rvm2.forward(par, b, ws.tb, ws.ta);
        DenseOps.addInPlace(par, x, ws.ta, channels * plane);
    }
}
