package org.dermaseg.inference.engine.purejava.lightm;

import java.util.ArrayList;
import java.util.List;

import org.dermaseg.inference.engine.purejava.Fn;
import org.dermaseg.inference.engine.purejava.Parallel;

/**
 * LightM-UNet's forward pass ({@code forward} in model/lightmunet.py) on one image:
 * <pre>
 *   x = conv_init(in)                                   3x3, 3 -> f, no bias
 *   level 0: x = ResMambaBlocks(x)                      t0
 *   level i: x = ResMambaBlocks(maxpool2(RVM(x)))       t_i, RVM C/2 -> C at the finer resolution
 *   decoder: x = ResBlocks(up2x(conv1x1(x)) + t_{i-1})  bilinear, align_corners=False
 *   p = sigmoid(conv1x1(relu(GN(x))) + bias)
 * </pre>
 * The encoder outputs t_i live in the workspace's level buffers; each decoder step writes into the buffer of the
 * level it reaches (its skip is no longer needed after the add).
 */
final class LightMNetwork {
    final LightMWeights weights;
    final LightMConfig config;
    final int height;
    final int width;
    final RvmLayer[] down;                 // [i], i >= 1: the RVM before level i's pooling (null at 0)
    final ResMambaBlock[][] encoder;
    final float[][] upConv;                // [i]: decoder i's 1x1 conv weight
    final BilinearUp2x[] up;
    final ResBlock[][] decoder;
    final LightMWeights.Norm headNorm;
    final float[] headW;
    final float headB;
    final float[] convInit;

    LightMNetwork(LightMWeights wt, int height, int width) {
        this.weights = wt;
        this.config = wt.config;
        this.height = height;
        this.width = width;
        LightMConfig c = config;
        int levels = c.levels();
        convInit = wt.get("conv_init.weight");
        down = new RvmLayer[levels];
        encoder = new ResMambaBlock[levels][];
        for (int i = 0; i < levels; i++) {
            int ch = c.channels(i);
            if (i > 0) {
                down[i] = new RvmLayer(wt.rvm("encoder." + i + ".rvm", ch / 2, ch), plane(i - 1));
            }
            encoder[i] = new ResMambaBlock[c.blocksDown()[i]];
            for (int j = 0; j < encoder[i].length; j++) {
                encoder[i][j] = new ResMambaBlock(wt, "encoder." + i + ".blocks." + j, ch, plane(i));
            }
        }
        upConv = new float[levels - 1][];
        up = new BilinearUp2x[levels - 1];
        decoder = new ResBlock[levels - 1][];
        for (int i = 0; i < levels - 1; i++) {
            int lv = levels - 1 - i;
            upConv[i] = wt.get("decoder." + i + ".conv.weight");
            up[i] = new BilinearUp2x(height >> lv, width >> lv);
            decoder[i] = new ResBlock[c.blocksUp()[i]];
            for (int j = 0; j < decoder[i].length; j++) {
                decoder[i][j] = new ResBlock(wt, "decoder." + i + ".blocks." + j, c.channels(lv) / 2, height >> (lv - 1),
                        width >> (lv - 1));
            }
        }
        headNorm = wt.norm("head.norm");
        headW = wt.get("head.conv.weight");
        headB = wt.get("head.conv.bias")[0];
    }

    int plane(int level) {
        return (height >> level) * (width >> level);
    }

    /** Every RVM layer with its token count, for sizing the workspace. */
    List<RvmLayer> rvms() {
        List<RvmLayer> out = new ArrayList<>();
        for (int i = 0; i < down.length; i++) {
            if (down[i] != null) {
                out.add(down[i]);
            }
            for (ResMambaBlock b : encoder[i]) {
                out.add(b.rvm1);
                out.add(b.rvm2);
            }
        }
        return out;
    }

    /** Probabilities (H x W at {@code outOff}) of one image (3 x H x W at {@code inOff}). */
    void forward(Parallel par, LightMWorkspace ws, float[] in, int inOff, float[] out, int outOff) {
        LightMConfig c = config;
        int levels = c.levels();
        DenseOps.conv3x3(par, ws, in, inOff, 3, height, width, convInit, ws.zeros, c.initFilters(), ws.level[0]);
        for (int i = 0; i < levels; i++) {
            int ch = c.channels(i);
            if (i > 0) {
                down[i].forward(par, ws.rvmBuffers(plane(i - 1)), ws.level[i - 1], ws.big);
                DenseOps.maxPool2(par, ws.big, ch, height >> (i - 1), width >> (i - 1), ws.level[i]);
            }
            for (ResMambaBlock b : encoder[i]) {
                b.forward(par, ws, ws.rvmBuffers(plane(i)), ws.level[i]);
            }
        }
        for (int i = 0; i < levels - 1; i++) {
            int lv = levels - 1 - i;
            int ch = c.channels(lv);
            DenseOps.conv1x1(par, ws.level[lv], ch, plane(lv), upConv[i], ch / 2, ws.ta);
            BilinearUp2x u = up[i];
            float[] skip = ws.level[lv - 1];
            par.range(ch / 2 * 2 * u.h, 8, (r0, r1) -> u.addInto(ws.ta, skip, r0, r1));
            for (ResBlock b : decoder[i]) {
                b.forward(par, ws, skip);
            }
        }
        int f = c.initFilters();
        int plane = plane(0);
        GroupNormRelu.apply(par, ws, ws.level[0], ws.ta, f, plane, headNorm);
        float[] t = ws.ta;
        float[] hw = headW;
        float hb = headB;
        par.range(plane, 4096, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                float v = hb;
                for (int k = 0; k < f; k++) {
                    v += hw[k] * t[k * plane + p];
                }
                out[outOff + p] = Fn.sigmoid(v);
            }
        });
    }
}
