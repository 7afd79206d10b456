package org.dermaseg.app.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.engine.EngineInfo;
import org.dermaseg.inference.engine.FlipTtaEngine;
import org.dermaseg.inference.engine.SegmentationEngine;

/**
 * {@code bench --tta}: what flip test-time augmentation costs, per engine: the engine alone and the engine
 * under {@link FlipTtaEngine} on the same preprocessed image (one image in, so TTA runs one call of 4), all
 * timed runs interleaved like the rest of {@code bench} so that a background load falls on both alike.
 */
final class TtaCost {
    /** One engine's median latency without and with TTA. */
    record Row(EngineInfo engine, LatencyStats plain, LatencyStats tta) {
        double ratio() {
            return tta.median() / plain.median();
        }
    }

    private TtaCost() {
    }

    /** Times each segmenter's engine with and without TTA, whichever way the segmenter was opened. */
    static List<Row> measure(List<Segmenter> segmenters, Path image, int runs, int warmup) throws Exception {
        int k = segmenters.size();
        // 2k subjects: even = the engine alone, odd = under TTA. A wrapper made here is not closed: closing it
        // would close the segmenter's engine, which the segmenter closes itself.
        SegmentationEngine[] engines = new SegmentationEngine[2 * k];
        float[][] inputs = new float[2 * k][];
        for (int i = 0; i < k; i++) {
            Segmenter s = segmenters.get(i);
            FlipTtaEngine tta = s.engine() instanceof FlipTtaEngine f ? f
                    : new FlipTtaEngine(s.engine(), s.preprocessor().height(), s.preprocessor().width());
            engines[2 * i] = tta.delegate();
            engines[2 * i + 1] = tta;
            inputs[2 * i] = s.preprocessor().toTensor(s.load(image));
            inputs[2 * i + 1] = inputs[2 * i];
        }
        for (int r = 0; r < warmup; r++) {
            for (int e = 0; e < engines.length; e++) {
                engines[e].infer(inputs[e], 1);
            }
        }
        double[][] ms = new double[engines.length][runs];
        for (int r = 0; r < runs; r++) {
            for (int j = 0; j < engines.length; j++) {
                int e = (r + j) % engines.length;
                long t0 = System.nanoTime();
                engines[e].infer(inputs[e], 1);
                ms[e][r] = (System.nanoTime() - t0) / 1e6;
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            rows.add(new Row(engines[2 * i].info(), LatencyStats.of(ms[2 * i]), LatencyStats.of(ms[2 * i + 1])));
        }
        return rows;
    }

    static void print(PrintStream out, List<Row> rows, int runs, int warmup) {
        if (rows.isEmpty()) {
            return;
        }
        out.printf(Locale.ROOT, "%nflip TTA cost, 1 image (TTA: one engine call of 4 flips), %d runs after %d warm-up "
                + "(all taking turns)%n", runs, warmup);
        TextTable t = new TextTable("engine", "median ms", "p95 ms", "median ms TTA", "p95 ms TTA", "TTA / plain");
        for (Row r : rows) {
            t.add(r.engine().label(), f2(r.plain().median()), f2(r.plain().p95()), f2(r.tta().median()),
                    f2(r.tta().p95()), String.format(Locale.ROOT, "%.2fx", r.ratio()));
        }
        t.print(out);
    }

    static void json(ArrayNode arr, List<Row> rows) {
        for (Row r : rows) {
            var o = arr.addObject();
            o.put("engine", r.engine().label());
            o.putObject("plainMs").put("median", r.plain().median()).put("p95", r.plain().p95())
                    .put("n", r.plain().n());
            o.putObject("ttaMs").put("median", r.tta().median()).put("p95", r.tta().p95()).put("n", r.tta().n());
            o.put("ratio", r.ratio());
        }
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
