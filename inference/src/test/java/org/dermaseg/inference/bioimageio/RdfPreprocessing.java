package org.dermaseg.inference.bioimageio;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Applies an rdf.yaml {@code preprocessing} list to one sample, as a bioimage.io consumer would (bioimage.io model
 * spec 0.5: {@code ensure_dtype}, {@code scale_range}, {@code scale_linear}). Only what this package uses is
 * implemented; any other step or argument throws, so a changed description cannot pass unnoticed.
 */
final class RdfPreprocessing {
    private RdfPreprocessing() {
    }

    /**
     * @param steps     the tensor's {@code preprocessing} node
     * @param axisIds   the tensor's axis ids in order, the first being the batch axis
     * @param sample    one sample (batch of one), float32 in C order
     */
    static float[] apply(JsonNode steps, List<String> axisIds, float[] sample) {
        float[] x = sample.clone();
        for (JsonNode step : steps) {
            String id = step.path("id").asText();
            JsonNode kw = step.path("kwargs");
            switch (id) {
                case "ensure_dtype" -> {
                    if (!kw.path("dtype").asText().equals("float32")) {
                        throw new UnsupportedOperationException("ensure_dtype to " + kw.path("dtype"));
                    }
                }
                case "scale_range" -> scaleRange(kw, axisIds, x);
                case "scale_linear" -> {
                    if (kw.has("axis") || !kw.path("gain").isNumber()) {
                        throw new UnsupportedOperationException("scale_linear along an axis: " + kw);
                    }
                    float gain = (float) kw.path("gain").asDouble(1.0);
                    float offset = (float) kw.path("offset").asDouble(0.0);
                    for (int i = 0; i < x.length; i++) {
                        x[i] = x[i] * gain + offset;
                    }
                }
                default -> throw new UnsupportedOperationException("preprocessing step " + id);
            }
        }
        return x;
    }

    /** out = (x - min) / (max - min + eps) over the whole sample: percentiles 0/100 over every non-batch axis. */
    private static void scaleRange(JsonNode kw, List<String> axisIds, float[] x) {
        List<String> reduced = new ArrayList<>();
        kw.path("axes").forEach(a -> reduced.add(a.asText()));
        List<String> perSample = axisIds.subList(1, axisIds.size());
        if (reduced.size() != perSample.size() || !reduced.containsAll(perSample)) {
            throw new UnsupportedOperationException("scale_range over " + reduced + ", only " + perSample);
        }
        if (kw.path("min_percentile").asDouble(0) != 0 || kw.path("max_percentile").asDouble(100) != 100
                || kw.has("reference_tensor")) {
            throw new UnsupportedOperationException("scale_range other than min-max of the tensor: " + kw);
        }
        double eps = kw.path("eps").asDouble(1e-6);
        float lo = Float.MAX_VALUE;
        float hi = -Float.MAX_VALUE;
        for (float v : x) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        float denom = (float) (hi - lo + eps);
        for (int i = 0; i < x.length; i++) {
            x[i] = (x[i] - lo) / denom;
        }
    }
}
