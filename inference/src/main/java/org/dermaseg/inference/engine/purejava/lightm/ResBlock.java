package org.dermaseg.inference.engine.purejava.lightm;

import org.dermaseg.inference.engine.purejava.Parallel;

/** MONAI's SegResNet ResBlock: {@code x += conv2(relu(GN2(conv1(relu(GN1(x))))))}, 3x3 convs without bias. */
final class ResBlock {
    final int channels;
    final int h;
    final int w;
    private final LightMWeights.Norm norm1;
    private final LightMWeights.Norm norm2;
    private final float[] conv1;
    private final float[] conv2;

    ResBlock(LightMWeights wt, String prefix, int channels, int h, int w) {
        this.channels = channels;
        this.h = h;
        this.w = w;
        norm1 = wt.norm(prefix + ".norm1");
        norm2 = wt.norm(prefix + ".norm2");
        conv1 = wt.get(prefix + ".conv1.weight");
        conv2 = wt.get(prefix + ".conv2.weight");
    }

    void forward(Parallel par, LightMWorkspace ws, float[] x) {
        int plane = h * w;
        GroupNormRelu.apply(par, ws, x, ws.tb, channels, plane, norm1);
        DenseOps.conv3x3(par, ws, ws.tb, channels, h, w, conv1, ws.zeros, channels, ws.ta);
        GroupNormRelu.apply(par, ws, ws.ta, ws.ta, channels, plane, norm2);
        DenseOps.conv3x3(par, ws, ws.ta, channels, h, w, conv2, ws.zeros, channels, ws.tb);
        DenseOps.addInPlace(par, x, ws.tb, channels * plane);
    }
}
