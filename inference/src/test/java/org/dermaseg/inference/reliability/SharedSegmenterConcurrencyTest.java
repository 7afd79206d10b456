package org.dermaseg.inference.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.dermaseg.inference.Golden;
import org.dermaseg.inference.SegmentationResult;
import org.dermaseg.inference.Segmenter;
import org.dermaseg.inference.SegmenterOptions;
import org.dermaseg.inference.batch.BatchOptions;
import org.dermaseg.inference.batch.BatchRunner;
import org.dermaseg.inference.batch.BatchSummary;
import org.dermaseg.inference.engine.DeviceChoice;
import org.dermaseg.inference.engine.EngineChoice;
import org.dermaseg.inference.engine.EngineFactory;
import org.dermaseg.testsupport.RepoPaths;
import org.dermaseg.inference.metrics.GroundTruthLoader;
import org.dermaseg.inference.model.ModelArtifacts;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The GUI's situation: one shared {@link Segmenter} (one engine) serves a running batch and interactive
 * segmentation at the same time. Every concurrent result — the probability maps handed to the
 * interactive threads and the masks the batch wrote — must equal the single-threaded result bit for bit,
 * for both engines.
 */
class SharedSegmenterConcurrencyTest {
    @TempDir
    Path tmp;

    private record Reference(float[] prob, byte[] mask) {
    }

    @ParameterizedTest
    @EnumSource(value = EngineChoice.class, names = {"ONNX", "JAVA"})
    void batchAndInteractiveSegmentationShareOneSegmenter(EngineChoice choice) throws Exception {
        EngineFactory.registerJavaEngine(null);
        List<Path> images;
        try (Stream<Path> s = Files.list(RepoPaths.root().resolve("assets/samples/images"))) {
            images = s.sorted().toList();
        }
        assertEquals(10, images.size());
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (Path p : images) {
            Files.copy(p, in.resolve(p.getFileName()));
        }
        int interactiveThreads = 3;
        int callsPerThread = choice == EngineChoice.ONNX ? 12 : 4;

        try (Segmenter seg = Segmenter.open(ModelArtifacts.fromDirectory(Golden.modelDir()), choice, DeviceChoice.CPU,
                SegmenterOptions.DEFAULT)) {
            assertEquals(choice.name().toLowerCase(java.util.Locale.ROOT), seg.engineInfo().name());
            // 1. single-threaded reference
            Map<String, Reference> ref = new HashMap<>();
            for (Path p : images) {
                SegmentationResult r = seg.segment(p);
                ref.put(p.getFileName().toString(), new Reference(r.probability().values().clone(), r.mask().data().clone()));
            }

            // 2. a batch over the folder while interactive threads segment the same images
            List<String> problems = new CopyOnWriteArrayList<>();
            AtomicInteger interactive = new AtomicInteger();
            AtomicBoolean batchDone = new AtomicBoolean();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < interactiveThreads; t++) {
                int offset = t * 3;
                threads.add(new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < callsPerThread; i++) {
                            Path p = images.get((offset + i) % images.size());
                            SegmentationResult r = seg.segment(p);
                            Reference want = ref.get(p.getFileName().toString());
                            if (!java.util.Arrays.equals(want.prob(), r.probability().values())
                                    || !java.util.Arrays.equals(want.mask(), r.mask().data())) {
                                problems.add("interactive result for " + p.getFileName() + " differs (call " + i + ")");
                            }
                            interactive.incrementAndGet();
                        }
                    } catch (Exception e) {
                        problems.add("interactive call failed: " + e);
                    }
                }, "interactive-" + t));
            }
            threads.forEach(Thread::start);
            start.countDown();
            BatchSummary summary = new BatchRunner(seg, BatchOptions.of(in, tmp.resolve("out")).withWorkers(2), null).run();
            batchDone.set(true);
            for (Thread t : threads) {
                t.join(120_000);
                assertTrue(!t.isAlive(), t.getName() + " still running");
            }

            assertEquals(List.of(), problems);
            assertEquals(interactiveThreads * callsPerThread, interactive.get());
            assertTrue(batchDone.get());
            assertEquals(10, summary.ok(), summary.toString());
            GroundTruthLoader masks = new GroundTruthLoader();
            for (Path p : images) {
                String name = p.getFileName().toString();
                Path mask = tmp.resolve("out").resolve(name.replace(".png", "_segmentation.png"));
                assertArrayEquals(ref.get(name).mask(), masks.load(mask).data(), "batch mask of " + name);
            }
        }
    }
}
