package org.dermaseg.inference.report;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dermaseg.inference.measure.MeasurementsJson;
import org.dermaseg.inference.metrics.Confusion;
import org.dermaseg.inference.metrics.ImageEvaluation;
import org.dermaseg.inference.metrics.MaskMetrics;

/**
 * The one JSON form of an {@link ImageRecord} (Jackson): a row of {@code report.json}, of {@code evaluate
 * --json} and {@code segment --json}, and the window's metrics JSON. Undefined numbers (NaN) and unknown
 * values are {@code null}; infinite distances are the string {@code "Infinity"} (JSON has no infinity, and
 * null would read as "undefined"). Streamed reports write each row's tree through their generator, so a
 * report of any length still holds one row at a time.
 */
public final class ImageRecordJson {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ImageRecordJson() {
    }

    public static ObjectNode node(ImageRecord r) {
        ObjectNode o = MAPPER.createObjectNode();
        RunSettings run = r.run();
        o.put("position", r.position());
        o.put("path", r.path());
        o.put("status", r.status().id());
        o.put("reason", r.reason());
        o.put("width", r.width());
        o.put("height", r.height());
        o.put("modelId", run.modelId());
        o.put("modelVersion", run.modelVersion());
        o.put("engine", run.engine());
        o.put("device", run.device());
        o.put("tta", run.tta());
        o.put("cleanUp", run.cleanUp());
        number(o, "threshold", run.threshold());
        o.put("edited", r.edited());
        number(o, "ms", r.ms());
        number(o, "inferMs", r.inferMs());
        o.put("lesionAreaPx", r.lesionAreaPx());
        number(o, "pixelSizeMm", run.pixelSizeMm());
        o.put("mask", r.mask());
        o.put("overlay", r.overlay());
        o.put("groundTruth", r.groundTruth());
        ImageEvaluation e = r.evaluation();
        if (e == null) {
            o.putNull("metrics");
        } else {
            ObjectNode metrics = o.putObject("metrics");
            ObjectNode nat = metrics.putObject("native");
            metrics(nat, e.nativeMetrics());
            number(nat, "hd95Px", e.surface().hd95());
            number(nat, "hd95Mm", r.hd95Mm());
            number(nat, "meanSurfaceDistancePx", e.surface().meanSurfaceDistance());
            confusion(nat, e.nativeConfusion());
            ObjectNode paper = metrics.putObject("paper");
            metrics(paper, e.paperMetrics());
            confusion(paper, e.paperConfusion());
        }
        if (r.measurements() == null) {
            o.putNull("measurements");
        } else {
            o.set("measurements", MeasurementsJson.node(r.measurements()));
        }
        return o;
    }

    /** One row through a streaming generator (a report being written). */
    public static void write(JsonGenerator g, ImageRecord r) throws IOException {
        MAPPER.writeTree(g, node(r));
    }

    /** A whole file: {@code {"tool":"dermaseg","images":[rows]}}, the shape of {@code report.json} without a summary. */
    public static String document(List<ImageRecord> records) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("tool", "dermaseg");
        var images = root.putArray("images");
        records.forEach(r -> images.add(node(r)));
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON serialisation failed", e);
        }
    }

    private static void metrics(ObjectNode o, MaskMetrics m) {
        number(o, "dice", m.dice());
        number(o, "iou", m.iou());
        number(o, "sensitivity", m.sensitivity());
        number(o, "specificity", m.specificity());
        number(o, "accuracy", m.accuracy());
    }

    private static void confusion(ObjectNode o, Confusion c) {
        o.put("tp", c.tp());
        o.put("fp", c.fp());
        o.put("fn", c.fn());
        o.put("tn", c.tn());
    }

    /** NaN and unknown: null; infinite: "Infinity"/"-Infinity". */
    static void number(ObjectNode o, String name, Double v) {
        if (v == null || Double.isNaN(v)) {
            o.putNull(name);
        } else if (Double.isInfinite(v)) {
            o.put(name, v > 0 ? "Infinity" : "-Infinity");
        } else {
            o.put(name, v);
        }
    }
}
