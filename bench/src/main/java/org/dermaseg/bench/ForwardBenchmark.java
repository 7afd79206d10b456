package org.dermaseg.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.dermaseg.inference.engine.EngineException;
import org.dermaseg.inference.engine.purejava.JavaEngine;
import org.dermaseg.inference.model.ModelArtifacts;
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
 * IMD002), into a preallocated output: what {@code bench} calls engine latency. Threads 1 and 2 (the laptop
 * case). Needs the model directory: run from the repository root (./model), or pass
 * {@code -jvmArgs -Ddermaseg.model.dir=DIR}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ForwardBenchmark {
    @Param({"1", "2"})
    public int threads;

    JavaEngine engine;
    float[] input;
    float[] out;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        ModelArtifacts a = ModelArtifacts.locate();
        engine = new JavaEngine(a.card(), a.verifiedSafetensors(), threads);
        Path golden = a.directory().resolve("golden/golden.safetensors");
        input = Safetensors.read(golden).floats("input.IMD002");
        out = new float[a.card().inputWidth() * a.card().inputHeight()];
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
