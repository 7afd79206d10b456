package org.dermaseg.inference.engine.purejava.lightm;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.dermaseg.inference.model.ModelException;

/**
 * The shape of a LightM-UNet (model/lightmunet.py): init filters f (level i has f * 2^i channels), ResMambaBlocks
 * per encoder level, ResBlocks per decoder level, the Mamba sizes. Read from the tensor names and shapes the
 * model card lists, so that the card's own tensor list is what the network is checked against; GroupNorm's
 * group count has no tensor and is fixed at {@link #GROUPS} as in the paper's code.
 */
public record LightMConfig(int initFilters, int[] blocksDown, int[] blocksUp, int dState, int dConv, int expand) {
    public static final int GROUPS = 8;

    public int levels() {
        return blocksDown.length;
    }

    public int channels(int level) {
        return initFilters << level;
    }

    /** Derives the configuration from tensor names and shapes ({@code conv_init.weight}, block names, a Mamba's). */
    public static LightMConfig fromTensors(Map<String, int[]> t) throws ModelException {
        int[] init = t.get("conv_init.weight");
        if (init == null || init.length != 4 || init[1] != 3) {
            throw new ModelException("no LightM-UNet tensor conv_init.weight [f, 3, 3, 3] in the tensor list");
        }
        int levels = 0;
        while (t.containsKey("encoder." + levels + ".blocks.0.norm1.weight")) {
            levels++;
        }
        if (levels < 2) {
            throw new ModelException("LightM-UNet needs at least 2 encoder levels with blocks, found " + levels);
        }
        int[] down = new int[levels];
        for (int i = 0; i < levels; i++) {
            down[i] = count(t, "encoder." + i + ".blocks.", ".norm1.weight");
        }
        int[] up = new int[levels - 1];
        for (int i = 0; i < levels - 1; i++) {
            up[i] = count(t, "decoder." + i + ".blocks.", ".norm1.weight");
        }
        int[] aLog = t.get("encoder.0.blocks.0.rvm1.mamba.A_log");
        int[] conv = t.get("encoder.0.blocks.0.rvm1.mamba.conv1d.weight");
        if (aLog == null || aLog.length != 2 || conv == null || conv.length != 3 || aLog[0] % init[0] != 0) {
            throw new ModelException("LightM-UNet tensor list lacks a well-formed encoder.0.blocks.0.rvm1.mamba");
        }
        return new LightMConfig(init[0], down, up, aLog[1], conv[2], aLog[0] / init[0]);
    }

    private static int count(Map<String, int[]> t, String prefix, String suffix) {
        int j = 0;
        while (t.containsKey(prefix + j + suffix)) {
            j++;
        }
        return j;
    }

    static int dtRank(int dModel) {
        return (dModel + 15) / 16; // ceil(d_model / 16)
    }

    /** Every parameter of the network, with its shape, in PyTorch's state_dict naming. */
    public Map<String, int[]> expectedShapes() {
        Map<String, int[]> m = new LinkedHashMap<>();
        m.put("conv_init.weight", new int[] {initFilters, 3, 3, 3});
        for (int i = 0; i < levels(); i++) {
            int c = channels(i);
            if (i > 0) {
                rvm(m, "encoder." + i + ".rvm", c / 2, c);
            }
            for (int j = 0; j < blocksDown[i]; j++) {
                String b = "encoder." + i + ".blocks." + j;
                norm(m, b + ".norm1", c);
                rvm(m, b + ".rvm1", c, c);
                norm(m, b + ".norm2", c);
                rvm(m, b + ".rvm2", c, c);
            }
        }
        for (int i = 0; i < levels() - 1; i++) {
            int c = channels(levels() - 1 - i);
            m.put("decoder." + i + ".conv.weight", new int[] {c / 2, c, 1, 1});
            for (int j = 0; j < blocksUp[i]; j++) {
                String b = "decoder." + i + ".blocks." + j;
                norm(m, b + ".norm1", c / 2);
                m.put(b + ".conv1.weight", new int[] {c / 2, c / 2, 3, 3});
                norm(m, b + ".norm2", c / 2);
                m.put(b + ".conv2.weight", new int[] {c / 2, c / 2, 3, 3});
            }
        }
        norm(m, "head.norm", initFilters);
        m.put("head.conv.weight", new int[] {1, initFilters, 1, 1});
        m.put("head.conv.bias", new int[] {1});
        return m;
    }

    private static void norm(Map<String, int[]> m, String p, int c) {
        m.put(p + ".weight", new int[] {c});
        m.put(p + ".bias", new int[] {c});
    }

    private void rvm(Map<String, int[]> m, String p, int in, int out) {
        int di = expand * in;
        int r = dtRank(in);
        m.put(p + ".skip_scale", new int[] {1});
        norm(m, p + ".norm", in);
        m.put(p + ".mamba.A_log", new int[] {di, dState});
        m.put(p + ".mamba.D", new int[] {di});
        m.put(p + ".mamba.in_proj.weight", new int[] {2 * di, in});
        m.put(p + ".mamba.conv1d.weight", new int[] {di, 1, dConv});
        m.put(p + ".mamba.conv1d.bias", new int[] {di});
        m.put(p + ".mamba.x_proj.weight", new int[] {r + 2 * dState, di});
        m.put(p + ".mamba.dt_proj.weight", new int[] {di, r});
        m.put(p + ".mamba.dt_proj.bias", new int[] {di});
        m.put(p + ".mamba.out_proj.weight", new int[] {in, di});
        m.put(p + ".proj.weight", new int[] {out, in});
        m.put(p + ".proj.bias", new int[] {out});
    }

    @Override
    public String toString() {
        return "LightM-UNet f=" + initFilters + " down " + Arrays.toString(blocksDown) + " up " + Arrays.toString(blocksUp);
    }
}
