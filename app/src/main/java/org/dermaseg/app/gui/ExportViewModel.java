package org.dermaseg.app.gui;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javafx.concurrent.Task;

import org.dermaseg.inference.io.AtomicFiles;
import org.dermaseg.inference.edit.MaskEditor;
import org.dermaseg.inference.export.ExportFiles;
import org.dermaseg.inference.export.GeoJson;
import org.dermaseg.inference.measure.LesionMeasurements;
import org.dermaseg.inference.measure.LesionMeasurer;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.dermaseg.inference.render.OverlayStyle;
import org.dermaseg.inference.report.ImageRecord;
import org.dermaseg.inference.report.ImageRecordCsv;
import org.dermaseg.inference.report.ImageRecordJson;
import org.dermaseg.inference.io.MaskPng;
import org.dermaseg.inference.io.OverlayPng;

/**
 * Writing the reviewed image's results: the mask (ISIC PNG, marked edited when it is), the overlay, the
 * contour as GeoJSON, the metrics as CSV or JSON (both with the lesion measurements); one file or all of them with standard names. Runs on
 * the worker thread from a snapshot of the session, so editing on meanwhile does not change the files.
 */
public final class ExportViewModel {
    /** What "export all" writes. */
    public enum ExportKind { MASK, OVERLAY, GEOJSON, METRICS_CSV, METRICS_JSON }

    private final WindowState state;
    private final ReviewViewModel review;

    ExportViewModel(WindowState state, ReviewViewModel review) {
        this.state = state;
        this.review = review;
    }

    /** Writes one kind to {@code file} (an existing file is replaced: the save dialog asked). */
    public Task<List<Path>> exportOne(ExportKind kind, Path file) {
        state.settings().lastExportFolderProperty().set(file.getParent());
        return exportTo(file.getParent(), Map.of(kind, file), true);
    }

    /** The file names "export all" uses in {@code dir}. */
    public Map<ExportKind, Path> targets(Path dir, Set<ExportKind> kinds) {
        ImageSession s = state.session();
        Map<ExportKind, Path> out = new EnumMap<>(ExportKind.class);
        if (s == null) {
            return out;
        }
        String name = s.fileName();
        for (ExportKind k : kinds) {
            out.put(k, dir.resolve(switch (k) {
                case MASK -> ExportFiles.maskName(name);
                case OVERLAY -> ExportFiles.overlayName(name);
                case GEOJSON -> ExportFiles.geoJsonName(name);
                case METRICS_CSV -> ExportFiles.metricsCsvName(name);
                case METRICS_JSON -> ExportFiles.metricsJsonName(name);
            }));
        }
        return out;
    }

    /** Writes the chosen kinds with their standard names into {@code dir}. */
    public Task<List<Path>> exportAll(Path dir, Set<ExportKind> kinds, boolean replace) {
        state.settings().lastExportFolderProperty().set(dir.toAbsolutePath().normalize());
        return exportTo(dir, targets(dir, kinds.isEmpty() ? EnumSet.allOf(ExportKind.class) : kinds), replace);
    }

    private Task<List<Path>> exportTo(Path dir, Map<ExportKind, Path> targets, boolean replace) {
        ImageSession s = state.session();
        if (s == null || s.editor() == null) {
            state.report(Problem.error("Nothing to export", s == null ? "no image is open"
                    : "the image has no mask (no model)", "Open an image and wait for its segmentation."));
            return null;
        }
        MaskEditor ed = s.editor();
        long rev = ed.revision();
        ReviewViewModel.MetricsInput metrics = ReviewViewModel.MetricsInput.of(s, review.pixelSizeMmProperty().get(),
                review.currentCard());
        OverlayStyle st = OverlayPng.forFullSize(review.styleBinding().get(), s.groundTruth() != null, s.width(),
                s.height());
        int rgb = review.colorProperty().get();
        Task<List<Path>> task = new Task<>() {
            @Override
            protected List<Path> call() throws Exception {
                if (!replace) {
                    List<String> existing = targets.values().stream().filter(Files::exists)
                            .map(p -> p.getFileName().toString()).toList();
                    if (!existing.isEmpty()) {
                        throw new FileAlreadyExistsException(String.join(", ", existing) + " already exist in " + dir);
                    }
                }
                ImageRecord rec = null;
                // exported GeoJSON and metrics carry the lesion measurements (docs/measurements.md)
                LesionMeasurements lm = targets.keySet().stream()
                        .anyMatch(k -> k != ExportKind.MASK && k != ExportKind.OVERLAY)
                        ? LesionMeasurer.measure(MeasurementsViewModel.imageOf(s), metrics.mask(),
                                metrics.run().pixelSizeMm())
                        : null;
                List<Path> written = new ArrayList<>();
                for (Map.Entry<ExportKind, Path> en : targets.entrySet()) {
                    BinaryMask mask = metrics.mask();
                    BinaryMask gt = metrics.gt();
                    byte[] bytes = switch (en.getKey()) {
                        case MASK -> MaskPng.encode(mask, metrics.edited());
                        case OVERLAY -> OverlayPng.encode(s.pyramid(), mask, gt,
                                s.result() == null ? null : s.result().probability(), st);
                        case GEOJSON -> GeoJson.toJson(GeoJson.featureCollection(mask, ExportFiles.stem(s.fileName()),
                                metrics.edited(), rgb, lm)).getBytes(StandardCharsets.UTF_8);
                        case METRICS_CSV, METRICS_JSON -> {
                            // the batch's record and layout (report.csv/json), naming the files exported with it
                            rec = rec != null ? rec : metrics.compute().withMeasurements(lm)
                                    .withFiles(fileName(targets.get(ExportKind.MASK)),
                                            fileName(targets.get(ExportKind.OVERLAY)));
                            yield (en.getKey() == ExportKind.METRICS_CSV ? ImageRecordCsv.document(List.of(rec))
                                    : ImageRecordJson.document(List.of(rec))).getBytes(StandardCharsets.UTF_8);
                        }
                    };
                    AtomicFiles.write(en.getValue(), bytes, true);
                    written.add(en.getValue());
                }
                return written;
            }
        };
        task.setOnSucceeded(ev -> {
            if (targets.containsKey(ExportKind.MASK)) {
                s.savedRevision = rev;
                state.maskChanged();
            }
            List<Path> w = task.getValue();
            state.statusProperty().set("Exported " + w.size() + (w.size() == 1 ? " file" : " files") + " to " + dir
                    + (metrics.edited() && targets.containsKey(ExportKind.MASK) ? " (mask marked edited)" : ""));
            state.settings().save();
        });
        task.setOnFailed(ev -> state.report(Problem.of("export " + s.fileName(), task.getException())));
        return state.submit(task);
    }

    private static String fileName(Path p) {
        return p == null ? null : p.getFileName().toString();
    }
}
