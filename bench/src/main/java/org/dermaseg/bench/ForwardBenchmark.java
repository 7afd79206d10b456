package org.dermaseg.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.dermaseg.inference.engine.EngineException;
import org.dermaseg.inference.engine.purejava.JavaEngine;
import org.dermaseg.inference.model.ModelArtifacts;
import org.dermaseg.inference.model.ModelRegistry;
import org.dermaseg.inference.model.Safetensors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pure-Java engine's whole forward pass at 1x3x256x256 on a real preprocessed image (golden input
 * IMD002), into a preallocated output: what {@code bench} calls engine latency. Per model (registry id;
 * {@code default} is the registry's default model; {@code -p model=ID} picks others) with 1 and 2 threads
 * (the laptop case). Needs the model directory: run from the repository root (./model), or pass
 * {@code -jvmArgs -Ddermaseg.model.dir=DIR}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class ForwardBenchmark {
    @Param({"default", "lightm-unet"})
    public String model;

    @Param({"1", "2"})
    public int threads;

    JavaEngine engine;
    float[] input;
    float[] out;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        ModelArtifacts a = ModelRegistry.locate().require("default".equals(model) ? null : model);
        engine = new JavaEngine(a.card(), a.verifiedSafetensors(), threads);
        input = Safetensors.read(goldenDir(a).resolve("golden.safetensors")).floats("input.IMD002");
        out = new float[a.card().inputWidth() * a.card().inputHeight()];
    }

    /** model/export.py writes golden tensors to golden/ID/, the first model's to golden/ itself. */
    private static Path goldenDir(ModelArtifacts a) {
        Path own = a.directory().resolve("golden").resolve(a.id());
        return Files.isDirectory(own) ? own : a.directory().resolve("golden");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    @Benchmark
    public float[] forward() throws EngineException {
        engine.infer(input, 1, out);
        return out;
    }
}
