package org.dermaseg.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.dermaseg.inference.engine.purejava.Conv3x3;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The network's five 3x3 convolutions ({@code cin x cout @ size}), one thread: the engine's tiled im2col form
 * against the direct stencil. MACs per call = cin * cout * 9 * size^2 (e.g. 14.2 M for 3x8@256).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ConvBenchmark {
    @Param({"3x8@256", "8x16@128", "16x24@64", "24x16@32", "16x8@64"})
    public String layer;

    int cin;
    int cout;
    int size;
    int rows;
    float[] pad;
    float[] wt;
    float[] bias;
    float[] out;
    Conv3x3.Scratch scratch;

    @Setup
    public void setup() {
        String[] p = layer.split("[x@]");
        cin = Integer.parseInt(p[0]);
        cout = Integer.parseInt(p[1]);
        size = Integer.parseInt(p[2]);
        Random r = new Random(1);
        float[] in = new float[cin * size * size];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) r.nextGaussian();
        }
        pad = new float[cin * (size + 2) * (size + 2)];
        Conv3x3.pad(in, 0, size, size, pad, 0, cin);
        wt = new float[cout * cin * 9];
        for (int i = 0; i < wt.length; i++) {
            wt[i] = (float) r.nextGaussian();
        }
        bias = new float[cout];
        out = new float[cout * size * size];
        rows = Conv3x3.tileRows(size, size, 1);
        scratch = new Conv3x3.Scratch(cin, Conv3x3.TILE + size);
    }

    @Benchmark
    public float[] tiled() {
        Conv3x3.tiled(pad, cin, size, size, wt, bias, cout, out, 0, rows, scratch, 0, (size + rows - 1) / rows);
        return out;
    }

    @Benchmark
    public float[] direct() {
        Conv3x3.direct(pad, cin, size, size, wt, bias, out, 0, 0, cout);
        return out;
    }
}
