package org.dermaseg.inference.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.dermaseg.inference.Golden;
import org.dermaseg.inference.model.ModelArtifacts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Closing an engine while other threads are inferring (the GUI closed mid-segmentation, a batch cancelled
 * at exit): the runs in progress finish with their full answer, later ones get a clear "closed" error,
 * and nothing is freed under a running call (for ONNX Runtime that would kill the JVM, failing the build).
 */
class EngineCloseTest {
    @ParameterizedTest
    @EnumSource(value = EngineChoice.class, names = {"ONNX", "JAVA"})
    void closeWhileInferringFinishesTheRunsInProgressAndRefusesLaterOnes(EngineChoice choice) throws Exception {
        ModelArtifacts a = ModelArtifacts.fromDirectory(Golden.modelDir());
        SegmentationEngine engine = EngineFactory.create(choice, DeviceChoice.CPU, a);
        float[] input = Golden.tensors().floats("input." + Golden.samples().get(0).id());
        float[] expected = engine.infer(input, 1);

        int threads = 3;
        CountDownLatch running = new CountDownLatch(threads);
        AtomicInteger complete = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicReference<Throwable> wrong = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                running.countDown();
                while (true) {
                    try {
                        float[] p = engine.infer(input, 1);
                        if (Golden.maxAbsDiff(p, expected) != 0f) {
                            wrong.compareAndSet(null, new AssertionError("a run during close gave another answer"));
                            return;
                        }
                        complete.incrementAndGet();
                    } catch (EngineException e) {
                        if (e.getMessage().contains("closed")) {
                            refused.incrementAndGet();
                        } else {
                            wrong.compareAndSet(null, e);
                        }
                        return;
                    } catch (RuntimeException e) {
                        wrong.compareAndSet(null, e);
                        return;
                    }
                }
            });
            workers.add(w);
            w.start();
        }
        running.await();
        Thread.sleep(150); // every worker inside or between runs
        engine.close();
        for (Thread w : workers) {
            w.join(60_000);
            assertTrue(!w.isAlive(), "a worker is still running after close");
        }
        if (wrong.get() != null) {
            throw new AssertionError("unexpected outcome during close: " + wrong.get(), wrong.get());
        }
        assertEquals(threads, refused.get(), "each worker's next run after close is refused");
        assertTrue(complete.get() > 0, "no run completed while the workers ran");
        EngineException after = assertThrows(EngineException.class, () -> engine.infer(input, 1));
        assertTrue(after.getMessage().contains("closed"), after.getMessage());
        engine.close(); // closing twice is harmless
    }
}
