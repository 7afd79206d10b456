package org.dermaseg.inference.engine.purejava.ultralight;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dermaseg.inference.engine.purejava.CheckedWeights;
import org.dermaseg.inference.model.ModelCard;
import org.dermaseg.inference.model.ModelException;

/**
 * The network's parameters, read from the safetensors file by their PyTorch names (docs/architecture.md)
 * after three lists were found to agree, name by name and shape by shape: the tensors this network needs
 * (derived from the card's {@code architecture}), the card's {@code tensors}, and the file's tensors. Any
 * missing, extra or mis-shaped tensor is a {@link ModelException} naming it.
 */
final class Weights {
    /** One PVM layer (LayerNorm, shared Mamba over 4 channel quarters, projection). */
    record Pvm(String name, int in, int out, int dModel, int dInner, int dtRank, int dState, int dConv,
               float[] normW, float[] normB, float[] projW, float[] projB, float skipScale,
               float[] inProj, float[] convW, float[] convB, float[] xProj, float[] dtW, float[] dtB,
               float[] aNeg, float[] d, float[] outProj) {
    }

    /** A 2-D convolution's weight [out, in, k, k] and bias [out]. */
    record Conv(int out, int in, int k, float[] w, float[] b) {
    }

    /** GroupNorm's affine parameters. */
    record Norm(float[] w, float[] b) {
    }

    static final int PVM_LEVELS = 6;

    final int[] ch;
    final int groups;
    final Conv[] encConv = new Conv[3];   // encoder1..3
    final Norm[] ebn = new Norm[5];
    final Pvm[] encPvm = new Pvm[3];      // encoder4..6
    final Pvm[] decPvm = new Pvm[3];      // decoder1..3
    final Conv[] decConv = new Conv[2];   // decoder4..5
    final Norm[] dbn = new Norm[5];
    final Conv fin;
    final float[] sattW;                  // [1, 2, 7, 7]
    final float sattB;
    final float[] cattConv;               // [3]
    final float[][] attW = new float[5][];
    final float[][] attB = new float[5][];

    private Weights(Map<String, float[]> t, UltraLightParameters a) {
        ch = a.channels().clone();
        groups = a.groupNormGroups();
        for (int i = 0; i < 3; i++) {
            encConv[i] = conv(t, "encoder" + (i + 1), ch[i], i == 0 ? 3 : ch[i - 1], 3);
        }
        for (int i = 0; i < 5; i++) {
            ebn[i] = new Norm(t.get("ebn" + (i + 1) + ".weight"), t.get("ebn" + (i + 1) + ".bias"));
            dbn[i] = new Norm(t.get("dbn" + (i + 1) + ".weight"), t.get("dbn" + (i + 1) + ".bias"));
        }
        encPvm[0] = pvm(t, "encoder4", ch[2], ch[3], a);
        encPvm[1] = pvm(t, "encoder5", ch[3], ch[4], a);
        encPvm[2] = pvm(t, "encoder6", ch[4], ch[5], a);
        decPvm[0] = pvm(t, "decoder1", ch[5], ch[4], a);
        decPvm[1] = pvm(t, "decoder2", ch[4], ch[3], a);
        decPvm[2] = pvm(t, "decoder3", ch[3], ch[2], a);
        decConv[0] = conv(t, "decoder4", ch[1], ch[2], 3);
        decConv[1] = conv(t, "decoder5", ch[0], ch[1], 3);
        fin = conv(t, "final", 1, ch[0], 1);
        sattW = t.get("scab.satt.conv.weight");
        sattB = t.get("scab.satt.conv.bias")[0];
        cattConv = t.get("scab.catt.get_all_att.weight");
        for (int i = 0; i < 5; i++) {
            attW[i] = t.get("scab.catt.att" + (i + 1) + ".weight");
            attB[i] = t.get("scab.catt.att" + (i + 1) + ".bias");
        }
    }

    private static Conv conv(Map<String, float[]> t, String name, int out, int in, int k) {
        return new Conv(out, in, k, t.get(name + ".weight"), t.get(name + ".bias"));
    }

    private static Pvm pvm(Map<String, float[]> t, String p, int in, int out, UltraLightParameters a) {
        int dm = in / 4;
        int di = a.expand() * dm;
        float[] aLog = t.get(p + ".mamba.A_log");
        float[] aNeg = new float[aLog.length];
        for (int i = 0; i < aLog.length; i++) {
            aNeg[i] = -(float) Math.exp(aLog[i]); // A = -exp(A_log), in float as PyTorch
        }
        return new Pvm(p, in, out, dm, di, dtRank(dm), a.dState(), a.dConv(),
                t.get(p + ".norm.weight"), t.get(p + ".norm.bias"), t.get(p + ".proj.weight"), t.get(p + ".proj.bias"),
                t.get(p + ".skip_scale")[0], t.get(p + ".mamba.in_proj.weight"), t.get(p + ".mamba.conv1d.weight"),
                t.get(p + ".mamba.conv1d.bias"), t.get(p + ".mamba.x_proj.weight"), t.get(p + ".mamba.dt_proj.weight"),
                t.get(p + ".mamba.dt_proj.bias"), aNeg, t.get(p + ".mamba.D"), t.get(p + ".mamba.out_proj.weight"));
    }

    static int dtRank(int dModel) {
        return (dModel + 15) / 16; // ceil(d_model / 16)
    }

    /** Checks the card's architecture, then names and shapes (card vs network vs file), then reads. */
    static Weights load(ModelCard card, Path file) throws ModelException {
        UltraLightParameters a = checkArchitecture(card);
        Map<String, float[]> values = CheckedWeights.read(card, file, expectedShapes(a),
                "UltraLight VM-UNet with channels " + Arrays.toString(a.channels()));
        return new Weights(values, a);
    }

    private static UltraLightParameters checkArchitecture(ModelCard card) throws ModelException {
        UltraLightParameters a = card.architecture() == null ? null
                : card.architecture().parameters(UltraLightParameters.class);
        if (a == null || a.channels() == null) {
            throw new ModelException("model card has no architecture.channels; the pure-Java engine needs them");
        }
        int[] c = a.channels();
        List<String> bad = new ArrayList<>();
        if (c.length != PVM_LEVELS) {
            bad.add("channels " + Arrays.toString(c) + " must have 6 entries");
        } else {
            for (int i = 0; i < c.length; i++) {
                if (c[i] <= 0 || c[i] % 4 != 0) {
                    bad.add("channel count " + c[i] + " must be a positive multiple of 4");
                } else if (i < 5 && a.groupNormGroups() > 0 && c[i] % a.groupNormGroups() != 0) {
                    bad.add("channel count " + c[i] + " is not divisible into " + a.groupNormGroups() + " groups");
                }
            }
        }
        if (a.dState() <= 0 || a.dConv() <= 0 || a.expand() <= 0 || a.groupNormGroups() <= 0) {
            bad.add("dState, dConv, expand and groupNormGroups must be positive (card: " + a.dState() + ", "
                    + a.dConv() + ", " + a.expand() + ", " + a.groupNormGroups() + ")");
        }
        int w = card.inputWidth();
        int h = card.inputHeight();
        if (w % 32 != 0 || h % 32 != 0) {
            bad.add("input " + w + "x" + h + " must be divisible by 32 (five 2x2 poolings)");
        }
        if (!bad.isEmpty()) {
            throw new ModelException("model card architecture unsupported by the pure-Java engine: " + String.join("; ", bad));
        }
        return a;
    }

    /** Every parameter of the network, with its shape, in PyTorch's state_dict naming. */
    static Map<String, int[]> expectedShapes(UltraLightParameters a) {
        int[] c = a.channels();
        Map<String, int[]> m = new LinkedHashMap<>();
        convShapes(m, "encoder1", c[0], 3, 3);
        convShapes(m, "encoder2", c[1], c[0], 3);
        convShapes(m, "encoder3", c[2], c[1], 3);
        pvmShapes(m, "encoder4", c[2], c[3], a);
        pvmShapes(m, "encoder5", c[3], c[4], a);
        pvmShapes(m, "encoder6", c[4], c[5], a);
        m.put("scab.satt.conv.weight", new int[] {1, 2, 7, 7});
        m.put("scab.satt.conv.bias", new int[] {1});
        m.put("scab.catt.get_all_att.weight", new int[] {1, 1, 3});
        int total = c[0] + c[1] + c[2] + c[3] + c[4];
        for (int i = 0; i < 5; i++) {
            m.put("scab.catt.att" + (i + 1) + ".weight", new int[] {c[i], total});
            m.put("scab.catt.att" + (i + 1) + ".bias", new int[] {c[i]});
        }
        pvmShapes(m, "decoder1", c[5], c[4], a);
        pvmShapes(m, "decoder2", c[4], c[3], a);
        pvmShapes(m, "decoder3", c[3], c[2], a);
        convShapes(m, "decoder4", c[1], c[2], 3);
        convShapes(m, "decoder5", c[0], c[1], 3);
        for (int i = 0; i < 5; i++) {
            m.put("ebn" + (i + 1) + ".weight", new int[] {c[i]});
            m.put("ebn" + (i + 1) + ".bias", new int[] {c[i]});
        }
        int[] dec = {c[4], c[3], c[2], c[1], c[0]};
        for (int i = 0; i < 5; i++) {
            m.put("dbn" + (i + 1) + ".weight", new int[] {dec[i]});
            m.put("dbn" + (i + 1) + ".bias", new int[] {dec[i]});
        }
        convShapes(m, "final", 1, c[0], 1);
        return m;
    }

    private static void convShapes(Map<String, int[]> m, String name, int out, int in, int k) {
        m.put(name + ".weight", new int[] {out, in, k, k});
        m.put(name + ".bias", new int[] {out});
    }

    private static void pvmShapes(Map<String, int[]> m, String p, int in, int out, UltraLightParameters a) {
        int dm = in / 4;
        int di = a.expand() * dm;
        int r = dtRank(dm);
        int n = a.dState();
        m.put(p + ".skip_scale", new int[] {1});
        m.put(p + ".norm.weight", new int[] {in});
        m.put(p + ".norm.bias", new int[] {in});
        m.put(p + ".mamba.A_log", new int[] {di, n});
        m.put(p + ".mamba.D", new int[] {di});
        m.put(p + ".mamba.in_proj.weight", new int[] {2 * di, dm});
        m.put(p + ".mamba.conv1d.weight", new int[] {di, 1, a.dConv()});
        m.put(p + ".mamba.conv1d.bias", new int[] {di});
        m.put(p + ".mamba.x_proj.weight", new int[] {r + 2 * n, di});
        m.put(p + ".mamba.dt_proj.weight", new int[] {di, r});
        m.put(p + ".mamba.dt_proj.bias", new int[] {di});
        m.put(p + ".mamba.out_proj.weight", new int[] {dm, di});
        m.put(p + ".proj.weight", new int[] {out, in});
        m.put(p + ".proj.bias", new int[] {out});
    }
}
