package org.dermaseg.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.dermaseg.inference.engine.purejava.SelectiveScan;
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
 * The selective-scan kernel on one channel of one sequence ({@code d_state} 16), at the token counts of the
 * network's PVM levels (1024 = 32x32 for encoder4, 256, 64). Reported per state update
 * ({@code len * 16} updates per call): one decay exp, two multiply-adds and a dot-product term each.
 * Inputs are fixed-seed random numbers in the ranges the trained model produces (dt from a softplus,
 * A = -exp(A_log) around -(n+1)).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ScanBenchmark {
    static final int N = 16;

    @Param({"1024", "256", "64"})
    public int len;

    float[] u;
    float[] dt;
    float[] a;
    float[] bt;
    float[] ct;
    float[] y;
    float[] h; // scratch: state and a block of decays

    @Setup
    public void setup() {
        Random r = new Random(42);
        u = new float[len];
        dt = new float[len];
        a = new float[N];
        bt = new float[len * N];
        ct = new float[len * N];
        y = new float[len];
        h = new float[SelectiveScan.scratchSize(N)];
        for (int l = 0; l < len; l++) {
            u[l] = (float) r.nextGaussian();
            dt[l] = (float) Math.log1p(Math.exp(r.nextGaussian() - 3));
        }
        for (int s = 0; s < N; s++) {
            a[s] = -(float) ((s + 1) * Math.exp(0.2 * r.nextGaussian()));
        }
        for (int i = 0; i < len * N; i++) {
            bt[i] = (float) r.nextGaussian();
            ct[i] = (float) r.nextGaussian();
        }
    }

    /** Time per state update: divide by len * 16 updates per call. */
    @Benchmark
    public float[] scanOneChannel() {
        SelectiveScan.scan(len, N, u, 0, dt, 0, a, 0, bt, ct, 0, 1f, y, 0, h, 0);
        return y;
    }
}
