package org.dermaseg.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.dermaseg.inference.engine.EngineException;
import org.dermaseg.inference.engine.SegmentationEngine;
import org.dermaseg.inference.engine.purejava.lightm.LightMEngine;
import org.dermaseg.inference.model.ModelArtifacts;
import org.dermaseg.inference.model.ModelCard;
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
 * LightM-UNet's whole forward pass at 1x3x256x256 on a real preprocessed image (golden input IMD002) in the
 * pure-Java engine with 1 and 2 threads (this module leaves ONNX Runtime out; the CLI's bench times it). Needs
 * the model directory (./model from the repository root, or {@code -jvmArgs -Ddermaseg.model.dir=DIR}) with
 * lightm-unet.card.json and golden/lightm-unet.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class LightMForwardBenchmark {
    @Param({"java-1", "java-2"})
    public String engine;

    SegmentationEngine running;
    float[] input;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        Path dir = ModelArtifacts.locate().directory();
        ModelCard card = ModelCard.read(dir.resolve("lightm-unet.card.json"));
        running = new LightMEngine(card, dir.resolve(card.artifacts().safetensors().file()),
                Integer.parseInt(engine.substring("java-".length())));
        input = Safetensors.read(dir.resolve("golden/lightm-unet/golden.safetensors")).floats("input.IMD002");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        running.close();
    }

    @Benchmark
    public float[] forward() throws EngineException {
        return running.infer(input, 1);
    }
}
