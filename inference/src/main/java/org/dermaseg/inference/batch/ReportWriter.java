package org.dermaseg.inference.batch;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.dermaseg.inference.io.AtomicFiles;
import org.dermaseg.inference.report.ImageRecord;
import org.dermaseg.inference.report.ImageRecordCsv;
import org.dermaseg.inference.report.ImageRecordJson;
import org.dermaseg.inference.report.RunSettings;

/**
 * Streams {@code report.csv} and {@code report.json} while the batch runs (constant memory however
 * many rows), into hidden temporary files beside the final names; {@link #commit} writes the summary
 * and renames both into place atomically, {@link #abort} deletes them. A crash therefore leaves either
 * the previous reports or none, never half a report. Thread-safe.
 *
 * <p>JSON layout: {@code {"tool":"dermaseg", ...header..., "images":[rows], "summary":{...}}} — the
 * summary comes last because it is known last.
 */
public final class ReportWriter implements AutoCloseable {
    private final Path csv;
    private final Path json;
    private final Path csvTemp;
    /** Header keys of the model that made the masks. */
    public static final String MODEL_ID = "modelId";
    public static final String MODEL_VERSION = "modelVersion";
    /** Header key: "true" when flip test-time augmentation made the masks; a JSON boolean and a CSV column. */
    public static final String TTA = "tta";

    private final Path jsonTemp;
    private final BufferedWriter csvOut;
    private final OutputStream jsonStream;
    private final JsonGenerator jsonOut;
    private boolean closed;

    /**
     * @param header string fields written at the top of the JSON (input, output, engine, ...); null values skipped
     *               (every row repeats the model, engine and mask settings itself: {@link RunSettings})
     */
    public ReportWriter(Path dir, String baseName, Map<String, String> header) throws IOException {
        Files.createDirectories(dir);
        this.csv = dir.resolve(baseName + ".csv");
        this.json = dir.resolve(baseName + ".json");
        this.csvTemp = AtomicFiles.createTemp(dir, "." + baseName + ".csv.");
        Path jt = null;
        BufferedWriter cw = null;
        OutputStream js = null;
        JsonGenerator g;
        try {
            jt = AtomicFiles.createTemp(dir, "." + baseName + ".json.");
            cw = Files.newBufferedWriter(csvTemp, StandardCharsets.UTF_8);
            cw.write(ImageRecordCsv.headerLine());
            cw.write('\n');
            js = Files.newOutputStream(jt);
            g = new JsonFactory().createGenerator(js, JsonEncoding.UTF8);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("tool", "dermaseg");
            for (Map.Entry<String, String> e : header.entrySet()) {
                if (e.getValue() == null) {
                    continue;
                }
                if (e.getKey().equals(TTA)) {
                    g.writeBooleanField(TTA, Boolean.parseBoolean(e.getValue()));
                } else {
                    g.writeStringField(e.getKey(), e.getValue());
                }
            }
            g.writeArrayFieldStart("images");
        } catch (IOException | RuntimeException e) {
            closeQuietly(cw);
            closeQuietly(js);
            Files.deleteIfExists(csvTemp);
            if (jt != null) {
                Files.deleteIfExists(jt);
            }
            throw e;
        }
        this.jsonTemp = jt;
        this.csvOut = cw;
        this.jsonStream = js;
        this.jsonOut = g;
    }

    public Path csvPath() {
        return csv;
    }

    public Path jsonPath() {
        return json;
    }

    public synchronized void row(ImageRecord r) throws IOException {
        csvOut.write(ImageRecordCsv.line(r));
        csvOut.write('\n');
        ImageRecordJson.write(jsonOut, r);
    }

    /** Writes the summary and moves both reports into place (replacing earlier ones). */
    public synchronized void commit(BatchSummary summary) throws IOException {
        try {
            jsonOut.writeEndArray();
            jsonOut.writeFieldName("summary");
            ReportJson.summary(jsonOut, summary);
            jsonOut.writeEndObject();
            jsonOut.close();
            jsonStream.close();
            csvOut.close();
            closed = true;
            move(csvTemp, csv);
            move(jsonTemp, json);
        } finally {
            abort();
        }
    }

    /** Drops the temporary files (no-op after a commit moved them). */
    public synchronized void abort() {
        if (!closed) {
            closeQuietly(jsonOut);
            closeQuietly(jsonStream);
            closeQuietly(csvOut);
            closed = true;
        }
        try {
            Files.deleteIfExists(csvTemp);
            Files.deleteIfExists(jsonTemp);
        } catch (IOException ignored) {
            // best effort: a leftover temp file is hidden and named *.dermaseg-tmp
        }
    }

    @Override
    public void close() {
        abort();
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // closing after a failure; the original error matters more
        }
    }
}
