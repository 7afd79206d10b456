package org.dermaseg.inference.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.dermaseg.inference.measure.MeasurementsCsv;
import org.dermaseg.inference.metrics.Confusion;
import org.dermaseg.inference.metrics.ImageEvaluation;
import org.dermaseg.inference.metrics.MaskMetrics;
import org.dermaseg.inference.io.Csv;

/**
 * CSV layout of {@link ImageReport} rows (RFC 4180 quoting, '.' decimals whatever the locale).
 * Undefined metrics (NaN) are empty cells; infinite distances (exactly one empty mask) are {@code inf}.
 * Native metrics are at the image's resolution; {@code paper_*} columns are this image's share of the
 * paper protocol (256x256), whose pooled value needs the summed {@code paper_tp/fp/fn/tn} columns.
 * {@code model_id}, {@code model_version} and {@code tta} repeat on every row so that rows of several runs can be mixed.
 */
public final class ReportCsv {
    public static final List<String> HEADER = concat(List.of(
            "position", "path", "status", "reason", "width", "height", "engine", "device", "ms", "infer_ms",
            "lesion_area_px", "mask", "overlay", "ground_truth",
            "dice", "iou", "sensitivity", "specificity", "accuracy", "hd95_px", "msd_px",
            "tp", "fp", "fn", "tn",
            "paper_dice", "paper_tp", "paper_fp", "paper_fn", "paper_tn", "model_id", "model_version", "tta"),
            MeasurementsCsv.HEADER);

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private ReportCsv() {
    }

    public static String headerLine() {
        return String.join(",", HEADER);
    }

    /** A row without the model and TTA columns (left empty). */
    public static String line(ImageReport r) {
        return line(r, null, null, null);
    }

    /** @param tta "true"/"false": flip test-time augmentation made the mask; null when unknown */
    public static String line(ImageReport r, String modelId, String modelVersion, String tta) {
        List<String> c = new ArrayList<>(HEADER.size());
        c.add(Long.toString(r.position()));
        c.add(r.relativePath());
        c.add(r.status().id());
        c.add(r.reason());
        c.add(str(r.width()));
        c.add(str(r.height()));
        c.add(r.engine());
        c.add(r.device());
        c.add(r.ms() == null ? null : String.format(Locale.ROOT, "%.1f", r.ms()));
        c.add(r.inferMs() == null ? null : String.format(Locale.ROOT, "%.1f", r.inferMs()));
        c.add(str(r.lesionAreaPx()));
        c.add(r.mask());
        c.add(r.overlay());
        c.add(r.groundTruth());
        ImageEvaluation e = r.evaluation();
        if (e == null) {
            for (int i = 0; i < 16; i++) {
                c.add(null);
            }
        } else {
            MaskMetrics m = e.nativeMetrics();
            c.add(num(m.dice()));
            c.add(num(m.iou()));
            c.add(num(m.sensitivity()));
            c.add(num(m.specificity()));
            c.add(num(m.accuracy()));
            c.add(num(e.surface().hd95()));
            c.add(num(e.surface().meanSurfaceDistance()));
            counts(c, e.nativeConfusion());
            c.add(num(e.paperMetrics().dice()));
            counts(c, e.paperConfusion());
        }
        c.add(modelId);
        c.add(modelVersion);
        c.add(tta);
        c.addAll(MeasurementsCsv.cells(r.measurements()));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < c.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(Csv.field(c.get(i)));
        }
        return sb.toString();
    }

    private static void counts(List<String> c, Confusion k) {
        c.add(Long.toString(k.tp()));
        c.add(Long.toString(k.fp()));
        c.add(Long.toString(k.fn()));
        c.add(Long.toString(k.tn()));
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return null;
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%.6f", v);
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
