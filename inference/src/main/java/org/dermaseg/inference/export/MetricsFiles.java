package org.dermaseg.inference.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dermaseg.inference.io.Csv;

import org.dermaseg.inference.measure.MeasurementsCsv;
import org.dermaseg.inference.measure.MeasurementsJson;

/**
 * {@link MetricsRecord}s as CSV (RFC 4180 quoting, '.' decimals in every locale; undefined values empty,
 * infinite distances {@code inf}) and as JSON (Jackson; undefined and infinite values {@code null}).
 */
public final class MetricsFiles {
    public static final List<String> HEADER = concat(List.of("image", "ground_truth", "width", "height", "threshold",
            "edited", "engine", "infer_ms", "lesion_area_px", "pixel_size_mm", "lesion_area_mm2",
            "tp", "fp", "fn", "tn", "dice", "iou", "sensitivity", "specificity", "accuracy", "hd95_px", "hd95_mm",
            "clean_up", "tta"), MeasurementsCsv.HEADER);

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private MetricsFiles() {
    }

    public static String csv(List<MetricsRecord> records) {
        StringBuilder sb = new StringBuilder(String.join(",", HEADER)).append("\r\n");
        for (MetricsRecord r : records) {
            List<String> c = new ArrayList<>(HEADER.size());
            c.add(r.image());
            c.add(r.groundTruth());
            c.add(Integer.toString(r.width()));
            c.add(Integer.toString(r.height()));
            c.add(num(r.threshold()));
            c.add(Boolean.toString(r.edited()));
            c.add(r.engine());
            c.add(r.inferMs() == null ? null : String.format(Locale.ROOT, "%.1f", r.inferMs()));
            c.add(Long.toString(r.lesionAreaPx()));
            c.add(r.pixelSizeMm() == null ? null : num(r.pixelSizeMm()));
            c.add(r.lesionAreaMm2() == null ? null : num(r.lesionAreaMm2()));
            c.add(str(r.tp()));
            c.add(str(r.fp()));
            c.add(str(r.fn()));
            c.add(str(r.tn()));
            c.add(num(r.dice()));
            c.add(num(r.iou()));
            c.add(num(r.sensitivity()));
            c.add(num(r.specificity()));
            c.add(num(r.accuracy()));
            c.add(num(r.hd95Px()));
            c.add(r.hd95Mm() == null ? null : num(r.hd95Mm()));
            c.add(Boolean.toString(r.cleanedUp()));
            c.add(Boolean.toString(r.tta()));
            c.addAll(MeasurementsCsv.cells(r.measurements()));
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < c.size(); i++) {
                if (i > 0) {
                    line.append(',');
                }
                line.append(Csv.field(c.get(i)));
            }
            sb.append(line).append("\r\n");
        }
        return sb.toString();
    }

    public static ObjectNode jsonNode(List<MetricsRecord> records) {
        ObjectNode root = GeoJson.MAPPER.createObjectNode();
        root.put("tool", "DermaSeg");
        ArrayNode images = root.putArray("images");
        for (MetricsRecord r : records) {
            ObjectNode o = images.addObject();
            o.put("image", r.image());
            o.put("groundTruth", r.groundTruth());
            o.put("width", r.width());
            o.put("height", r.height());
            number(o, "threshold", r.threshold());
            o.put("edited", r.edited());
            o.put("cleanUp", r.cleanedUp());
            o.put("tta", r.tta());
            o.put("engine", r.engine());
            number(o, "inferMs", r.inferMs());
            o.put("lesionAreaPx", r.lesionAreaPx());
            number(o, "pixelSizeMm", r.pixelSizeMm());
            number(o, "lesionAreaMm2", r.lesionAreaMm2());
            if (r.hasGroundTruth()) {
                ObjectNode conf = o.putObject("confusion");
                conf.put("tp", r.tp());
                conf.put("fp", r.fp());
                conf.put("fn", r.fn());
                conf.put("tn", r.tn());
            }
            number(o, "dice", r.dice());
            number(o, "iou", r.iou());
            number(o, "sensitivity", r.sensitivity());
            number(o, "specificity", r.specificity());
            number(o, "accuracy", r.accuracy());
            number(o, "hd95Px", r.hd95Px());
            number(o, "hd95Mm", r.hd95Mm());
            if (r.measurements() == null) {
                o.putNull("measurements");
            } else {
                o.set("measurements", MeasurementsJson.node(r.measurements()));
            }
        }
        return root;
    }

    public static String json(List<MetricsRecord> records) {
        try {
            return GeoJson.MAPPER.writeValueAsString(jsonNode(records));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON serialisation failed", e);
        }
    }

    private static void number(ObjectNode o, String name, Double v) {
        if (v == null || !Double.isFinite(v)) {
            o.putNull(name);
        } else {
            o.put(name, v);
        }
    }

    private static String str(Long v) {
        return v == null ? null : v.toString();
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return null;
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%.6g", v).replaceFirst("(\\.\\d*?)0+(e|$)", "$1$2").replaceFirst("\\.(e|$)", "$1");
    }
}
