package org.dermaseg.inference.batch;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

import org.dermaseg.inference.metrics.Confusion;
import org.dermaseg.inference.metrics.Mean;
import org.dermaseg.inference.metrics.PoolSummary;

/**
 * JSON form of a run's summary (rows: {@link org.dermaseg.inference.report.ImageRecordJson}), written through a streaming {@link JsonGenerator} so a report of any
 * length needs no tree in memory. Undefined numbers (NaN) are {@code null}; infinite distances are the
 * string {@code "Infinity"} (JSON has no infinity, and null would read as "undefined").
 */
public final class ReportJson {
    /** How each protocol's numbers were made, written next to them so no number travels without its protocol. */
    public static final String PAPER_DESCRIPTION = "paper protocol: prediction and ground truth at 256x256 "
            + "(model output >= 0.5, or, when no probabilities exist, the mask resized like the ground truth: "
            + "bilinearly, then cut at > 0.5), ONE confusion matrix pooled over all pixels of all "
            + "images; mIoU = TP/(TP+FP+FN)";
    public static final String NATIVE_DESCRIPTION = "native protocol: metrics per image at the image's own "
            + "resolution, then the mean over images (undefined values skipped and counted)";

    private ReportJson() {
    }

    public static void summary(JsonGenerator g, BatchSummary s) throws IOException {
        g.writeStartObject();
        g.writeNumberField("listed", s.listed());
        g.writeNumberField("ok", s.ok());
        g.writeNumberField("failed", s.failed());
        g.writeNumberField("skipped", s.skipped());
        g.writeNumberField("notReached", s.notReached());
        g.writeBooleanField("cancelled", s.cancelled());
        g.writeBooleanField("allGood", s.allGood());
        g.writeStringField("shard", s.shard());
        g.writeStringField("engine", s.engine());
        g.writeStringField("device", s.device());
        number(g, "wallSeconds", s.wallSeconds());
        number(g, "imagesPerSecond", s.wallSeconds() > 0 ? s.ok() / s.wallSeconds() : Double.NaN);
        g.writeStringField("reportCsv", s.reportCsv());
        g.writeStringField("reportJson", s.reportJson());
        g.writeFieldName("metrics");
        pool(g, s.metrics());
        g.writeEndObject();
    }

    public static void pool(JsonGenerator g, PoolSummary p) throws IOException {
        if (p == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeNumberField("images", p.images());
        g.writeObjectFieldStart("paper");
        g.writeStringField("protocol", PAPER_DESCRIPTION);
        number(g, "dsc", p.paper().dice());
        number(g, "se", p.paper().sensitivity());
        number(g, "sp", p.paper().specificity());
        number(g, "acc", p.paper().accuracy());
        number(g, "miou", p.paper().iou());
        confusion(g, p.paperPooled());
        g.writeEndObject();
        g.writeObjectFieldStart("native");
        g.writeStringField("protocol", NATIVE_DESCRIPTION);
        mean(g, "dice", p.nativeDice());
        mean(g, "iou", p.nativeIou());
        mean(g, "sensitivity", p.nativeSensitivity());
        mean(g, "specificity", p.nativeSpecificity());
        mean(g, "accuracy", p.nativeAccuracy());
        mean(g, "hd95Px", p.hd95());
        mean(g, "meanSurfaceDistancePx", p.meanSurfaceDistance());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void mean(JsonGenerator g, String name, Mean m) throws IOException {
        g.writeObjectFieldStart(name);
        number(g, "mean", m.value());
        g.writeNumberField("n", m.count());
        g.writeNumberField("skipped", m.skipped());
        g.writeEndObject();
    }

    private static void confusion(JsonGenerator g, Confusion c) throws IOException {
        g.writeNumberField("tp", c.tp());
        g.writeNumberField("fp", c.fp());
        g.writeNumberField("fn", c.fn());
        g.writeNumberField("tn", c.tn());
    }

    public static void number(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isNaN(v)) {
            g.writeNullField(name);
        } else if (Double.isInfinite(v)) {
            g.writeStringField(name, v > 0 ? "Infinity" : "-Infinity");
        } else {
            g.writeNumberField(name, v);
        }
    }
}
