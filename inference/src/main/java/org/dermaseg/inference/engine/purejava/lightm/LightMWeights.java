package org.dermaseg.inference.engine.purejava.lightm;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.dermaseg.inference.engine.purejava.CheckedWeights;
import org.dermaseg.inference.model.ModelCard;
import org.dermaseg.inference.model.ModelException;

/**
 * LightM-UNet's parameters by their PyTorch names, read after the tensors the network needs (from the card's
 * tensor list, {@link LightMConfig#fromTensors}), the card's tensors and the file's tensors were found to agree
 * name by name and shape by shape; any difference is a {@link ModelException} naming the tensor and the file.
 */
final class LightMWeights {
    /** GroupNorm's affine parameters. */
    record Norm(float[] w, float[] b) {
    }

    /** One RVM layer: LayerNorm, a Mamba of width {@code in}, the scaled skip, the same LayerNorm, Linear. */
    record Rvm(int in, int out, int dInner, int dtRank, int dState, int dConv, float[] normW, float[] normB,
               float[] projW, float[] projB, float skipScale, float[] inProj, float[] convW, float[] convB,
               float[] xProj, float[] dtW, float[] dtB, float[] aNeg, float[] d, float[] outProj) {
    }

    static final float GN_EPS = 1e-5f;

    final LightMConfig config;
    private final Map<String, float[]> t;

    private LightMWeights(LightMConfig config, Map<String, float[]> t) {
        this.config = config;
        this.t = t;
    }

    float[] get(String name) {
        float[] v = t.get(name);
        if (v == null) {
            throw new IllegalStateException("no tensor " + name); // the load checks make this unreachable
        }
        return v;
    }

    Norm norm(String prefix) {
        return new Norm(get(prefix + ".weight"), get(prefix + ".bias"));
    }

    Rvm rvm(String p, int in, int out) {
        LightMConfig c = config;
        float[] aLog = get(p + ".mamba.A_log");
        float[] aNeg = new float[aLog.length];
        for (int i = 0; i < aLog.length; i++) {
            aNeg[i] = -(float) Math.exp(aLog[i]); // A = -exp(A_log), in float as PyTorch
        }
        return new Rvm(in, out, c.expand() * in, LightMConfig.dtRank(in), c.dState(), c.dConv(), get(p + ".norm.weight"),
                get(p + ".norm.bias"), get(p + ".proj.weight"), get(p + ".proj.bias"), get(p + ".skip_scale")[0],
                get(p + ".mamba.in_proj.weight"), get(p + ".mamba.conv1d.weight"), get(p + ".mamba.conv1d.bias"),
                get(p + ".mamba.x_proj.weight"), get(p + ".mamba.dt_proj.weight"), get(p + ".mamba.dt_proj.bias"), aNeg,
                get(p + ".mamba.D"), get(p + ".mamba.out_proj.weight"));
    }

    static LightMWeights load(ModelCard card, Path file) throws ModelException {
        Map<String, int[]> inCard = card.tensorShapes();
        if (inCard.isEmpty()) {
            throw new ModelException("model card lists no tensors, so the weights in " + file
                    + " cannot be checked; the pure-Java engine needs the card's \"tensors\" list");
        }
        LightMConfig config = LightMConfig.fromTensors(inCard);
        if (card.architecture() != null) {
            List<String> bad = card.architecture().parameters(LightMParameters.class).disagreements(config);
            if (!bad.isEmpty()) {
                throw new ModelException("model card architecture disagrees with its tensor list (" + config + "): "
                        + String.join("; ", bad));
            }
        }
        int scale = 1 << (config.levels() - 1);
        if (card.inputWidth() % scale != 0 || card.inputHeight() % scale != 0) {
            throw new ModelException("model card input " + card.inputWidth() + "x" + card.inputHeight()
                    + " must be divisible by " + scale + " (" + (config.levels() - 1) + " 2x2 poolings)");
        }
        Map<String, float[]> values = CheckedWeights.read(card, file, config.expectedShapes(), config.toString());
        return new LightMWeights(config, values);
    }
}
