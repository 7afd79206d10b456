package org.dermaseg.app.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import org.dermaseg.inference.report.ImageRecord;
import org.dermaseg.inference.metrics.ImageEvaluation;
import org.dermaseg.inference.metrics.MaskMetrics;
import org.dermaseg.inference.metrics.Mean;
import org.dermaseg.inference.metrics.PoolSummary;
import org.dermaseg.inference.metrics.Protocol;

/**
 * Text for metrics on a terminal. Every number printed carries its protocol in the same line, so a
 * pooled DSC is never mistaken for a mean Dice.
 */
final class MetricsText {
    private MetricsText() {
    }

    static String f4(double v) {
        return Double.isNaN(v) ? "n/a" : Double.isInfinite(v) ? "inf" : String.format(Locale.ROOT, "%.4f", v);
    }

    static String f1(double v) {
        return Double.isNaN(v) ? "n/a" : Double.isInfinite(v) ? "inf" : String.format(Locale.ROOT, "%.1f", v);
    }

    /** e.g. {@code "0.8123"} or {@code "0.8123 (n=9, 1 undefined)"} when values were left out. */
    static String mean(Mean m, boolean oneDecimal) {
        String v = oneDecimal ? f1(m.value()) : f4(m.value());
        return m.skipped() == 0 ? v : v + " (n=" + m.count() + ", " + m.skipped() + " undefined)";
    }

    static String paperLine(PoolSummary s) {
        MaskMetrics p = s.paper();
        return String.format(Locale.ROOT,
                "paper protocol  (ONE confusion matrix pooled over all pixels of %d images at 256x256): "
                        + "DSC %s  SE %s  SP %s  ACC %s  mIoU %s",
                s.images(), f4(p.dice()), f4(p.sensitivity()), f4(p.specificity()), f4(p.accuracy()), f4(p.iou()));
    }

    static String nativeLine(PoolSummary s) {
        return String.format(Locale.ROOT,
                "native protocol (mean of per-image values at image resolution, %d images): "
                        + "Dice %s  IoU %s  SE %s  SP %s  ACC %s  HD95 %s px  MSD %s px",
                s.images(), mean(s.nativeDice(), false), mean(s.nativeIou(), false),
                mean(s.nativeSensitivity(), false), mean(s.nativeSpecificity(), false),
                mean(s.nativeAccuracy(), false), mean(s.hd95(), true), mean(s.meanSurfaceDistance(), true));
    }

    /** Both protocol lines, the chosen one first. */
    static void pooled(PrintStream out, PoolSummary s, Protocol first) {
        if (first == Protocol.PAPER) {
            out.println(paperLine(s));
            out.println(nativeLine(s));
        } else {
            out.println(nativeLine(s));
            out.println(paperLine(s));
        }
    }

    /** Per-image table in the chosen protocol; rows without metrics show their status instead. */
    static TextTable perImage(List<ImageRecord> rows, Protocol protocol) {
        TextTable t = protocol == Protocol.PAPER
                ? new TextTable("image", "Dice@256", "IoU@256", "SE@256", "SP@256", "ACC@256")
                : new TextTable("image", "size", "Dice", "IoU", "SE", "SP", "ACC", "HD95 px", "MSD px");
        for (ImageRecord r : rows) {
            ImageEvaluation e = r.evaluation();
            if (e == null) {
                String why = r.reason() != null ? r.reason() : "not scored (no ground truth)";
                t.add(r.path(), r.status().id().toUpperCase(Locale.ROOT) + ": " + why);
                continue;
            }
            MaskMetrics m = e.metrics(protocol);
            if (protocol == Protocol.PAPER) {
                t.add(r.path(), f4(m.dice()), f4(m.iou()), f4(m.sensitivity()), f4(m.specificity()),
                        f4(m.accuracy()));
            } else {
                t.add(r.path(), e.width() + "x" + e.height(), f4(m.dice()), f4(m.iou()), f4(m.sensitivity()),
                        f4(m.specificity()), f4(m.accuracy()), f1(e.surface().hd95()),
                        f1(e.surface().meanSurfaceDistance()));
            }
        }
        return t;
    }

    static String perImageTitle(Protocol protocol) {
        return protocol == Protocol.PAPER
                ? "per image, paper protocol (this image alone at 256x256; model output >= 0.5, or the mask "
                        + "resized like the ground truth):"
                : "per image, native protocol (image resolution; HD95 = 95th percentile Hausdorff distance, "
                        + "MSD = mean symmetric surface distance):";
    }
}
