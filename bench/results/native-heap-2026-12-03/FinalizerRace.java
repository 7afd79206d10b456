import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * Minimal reproducer of the native heap corruption (README.md here): a Mat whose release() is its last use.
 * java -Xmx96m -XX:+UseSerialGC -cp opencv-4.9.0-0.jar:. FinalizerRace plain|fenced THREADS SECONDS
 * "plain" aborts in glibc now and then; "fenced" keeps the Mat reachable until release() has returned.
 */
public class FinalizerRace {
    // Two methods, not one with a flag: any use of m after release() (even in a branch not taken) keeps it live.
    private static void plain() {
        float[] garbage = new float[3 * 370 * 299]; // the heap fills, GCs come often
        garbage[0] = 1;
        Mat m = new Mat(299, 370, CvType.CV_32FC3);
        m.release(); // m is unreachable while n_release runs: its finalizer may delete the native Mat meanwhile
    }

    private static void fenced() {
        float[] garbage = new float[3 * 370 * 299];
        garbage[0] = 1;
        Mat m = new Mat(299, 370, CvType.CV_32FC3);
        m.release();
        Reference.reachabilityFence(m);
    }

    public static void main(String[] a) throws Exception {
        boolean fenced = a[0].equals("fenced");
        int threads = Integer.parseInt(a[1]);
        long seconds = Long.parseLong(a[2]);
        nu.pattern.OpenCV.loadLocally();
        AtomicLong n = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> runs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            runs.add(pool.submit(() -> {
                while (!stop.get()) {
                    if (fenced) {
                        fenced();
                    } else {
                        plain();
                    }
                    n.incrementAndGet();
                }
                return null;
            }));
        }
        Thread.sleep(seconds * 1000);
        stop.set(true);
        for (Future<?> r : runs) {
            r.get();
        }
        pool.shutdown();
        System.out.println("ok " + a[0] + " iterations " + n.get());
    }
}
