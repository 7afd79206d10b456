package org.dermaseg.inference.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.dermaseg.inference.io.Csv;
import org.dermaseg.inference.io.FixedDecimal;
import org.dermaseg.inference.measure.MeasurementsCsv;
import org.dermaseg.inference.metrics.Confusion;
import org.dermaseg.inference.metrics.ImageEvaluation;
import org.dermaseg.inference.metrics.MaskMetrics;

/**
 * The one CSV layout of {@link ImageRecord}s: {@code batch}'s {@code report.csv} and the window's metrics CSV
 * (RFC 4180 quoting through {@link Csv}, '.' decimals whatever the locale, lines ending in {@code \n}).
 * Unknown values and undefined metrics (NaN) are empty cells; infinite distances (exactly one empty mask) are
 * {@code inf}. Metrics are given to 6 decimals, times to 0.1 ms, settings (threshold, pixel size) as entered.
 * Native metrics are at the image's resolution; {@code paper_*} columns are this image's share of the
 * paper protocol (256x256), whose pooled value needs the summed {@code paper_tp/fp/fn/tn} columns.
 * Columns are documented in docs/user-guide.md ("Report columns").
 */
public final class ImageRecordCsv {
    public static final List<String> HEADER = concat(List.of(
            "position", "path", "status", "reason", "width", "height",
            "model_id", "model_version", "engine", "device", "tta", "clean_up", "threshold", "edited",
            "ms", "infer_ms", "lesion_area_px", "pixel_size_mm", "mask", "overlay", "ground_truth",
            "dice", "iou", "sensitivity", "specificity", "accuracy", "hd95_px", "hd95_mm", "msd_px",
            "tp", "fp", "fn", "tn",
            "paper_dice", "paper_tp", "paper_fp", "paper_fn", "paper_tn"),
            MeasurementsCsv.HEADER);

    /** Metric cells when there is no ground truth: dice .. paper_tn. */
    private static final int METRIC_CELLS = 17;

    private ImageRecordCsv() {
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    public static String headerLine() {
        return String.join(",", HEADER);
    }

    /** A whole file: the header and one line per record. */
    public static String document(List<ImageRecord> records) {
        StringBuilder sb = new StringBuilder(headerLine()).append('\n');
        for (ImageRecord r : records) {
            sb.append(line(r)).append('\n');
        }
        return sb.toString();
    }

    /** One row, without its line end. */
    public static String line(ImageRecord r) {
        List<String> c = cells(r);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < c.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(Csv.field(c.get(i)));
        }
        return sb.toString();
    }

    /** The unquoted cells of one row ({@link #HEADER}'s order; null = empty). */
    public static List<String> cells(ImageRecord r) {
        List<String> c = new ArrayList<>(HEADER.size());
        RunSettings run = r.run();
        c.add(Long.toString(r.position()));
        c.add(r.path());
        c.add(r.status().id());
        c.add(r.reason());
        c.add(str(r.width()));
        c.add(str(r.height()));
        c.add(run.modelId());
        c.add(run.modelVersion());
        c.add(run.engine());
        c.add(run.device());
        c.add(str(run.tta()));
        c.add(str(run.cleanUp()));
        c.add(setting(run.threshold()));
        c.add(Boolean.toString(r.edited()));
        c.add(time(r.ms()));
        c.add(time(r.inferMs()));
        c.add(str(r.lesionAreaPx()));
        c.add(setting(run.pixelSizeMm()));
        c.add(r.mask());
        c.add(r.overlay());
        c.add(r.groundTruth());
        ImageEvaluation e = r.evaluation();
        if (e == null) {
            for (int i = 0; i < METRIC_CELLS; i++) {
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
            c.add(r.hd95Mm() == null ? null : num(r.hd95Mm()));
            c.add(num(e.surface().meanSurfaceDistance()));
            counts(c, e.nativeConfusion());
            c.add(num(e.paperMetrics().dice()));
            counts(c, e.paperConfusion());
        }
        c.addAll(MeasurementsCsv.cells(r.measurements()));
        return c;
    }

    private static void counts(List<String> c, Confusion k) {
        c.add(Long.toString(k.tp()));
        c.add(Long.toString(k.fp()));
        c.add(Long.toString(k.fn()));
        c.add(Long.toString(k.tn()));
    }

    /** Milliseconds with one decimal; empty when unknown (never stops a report over an odd value). */
    private static String time(Double ms) {
        return ms == null || !Double.isFinite(ms) ? null : FixedDecimal.format(ms, 1);
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return null;
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return FixedDecimal.format(v, 6);
    }

    /** A setting as the user gave it (0.5, 0.0265), never in exponent form. */
    private static String setting(Double v) {
        return v == null ? null : BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
