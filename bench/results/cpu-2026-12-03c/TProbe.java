import java.nio.file.*;
import java.util.*;
import org.dermaseg.inference.*;
import org.dermaseg.inference.batch.*;
import org.dermaseg.inference.engine.*;
import org.dermaseg.inference.model.*;
import org.dermaseg.inference.preprocess.*;

/** Batch over N cycled sample images; prints CPU seconds per thread name (from /proc) at the end. */
public class TProbe {
    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[1]);
        Path samples = Paths.get(a[0]);
        List<Path> imgs = new ArrayList<>();
        try (var s = Files.list(samples)) { s.sorted().forEach(imgs::add); }
        Path tmp = Files.createTempDirectory("tprobe");
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (int i = 0; i < n; i++) {
            Path src = imgs.get(i % imgs.size());
            Files.createSymbolicLink(in.resolve(i + "-" + src.getFileName()), src.toAbsolutePath());
        }
        Segmenter seg = Segmenter.open(ModelArtifacts.locate(), EngineChoice.parse("java"), DeviceChoice.parse("cpu"), SegmenterOptions.DEFAULT.withPostprocess(PostprocessOptions.CLEAN));
        // warm-up batch over the samples, then the measured one
        new BatchRunner(seg, BatchOptions.of(samples, tmp.resolve("warm")), null).run();
        Map<String, Long> before = threadTicks();
        long p0 = procTicks();
        long t0 = System.nanoTime();
        BatchSummary s = new BatchRunner(seg, BatchOptions.of(in, tmp.resolve("out")), null).run();
        double secs = (System.nanoTime() - t0) / 1e9;
        Map<String, Long> after = threadTicks();
        long p1 = procTicks();
        System.out.printf("ok %d in %.2f s = %.1f img/s%n", s.ok(), secs, s.ok() / secs);
        Map<String, Long> diff = new TreeMap<>();
        long total = 0;
        for (var e : after.entrySet()) {
            long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            diff.put(e.getKey(), d); total += d;
        }
        for (var e : diff.entrySet()) if (e.getValue() > 0) System.out.printf("%-28s %8.1f ms/img%n", e.getKey(), e.getValue() * 10.0 / n);
        System.out.printf("%-28s %8.1f ms/img%n", "living threads", total * 10.0 / n);
        System.out.printf("%-28s %8.1f ms/img%n", "process", (p1 - p0) * 10.0 / n);
        seg.close();
    }

    static long procTicks() throws Exception {
        String stat = Files.readString(Paths.get("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** CPU ticks (1/100 s) per thread name, threads of the same name (digits dropped) summed. */
    static Map<String, Long> threadTicks() throws Exception {
        Map<String, Long> m = new TreeMap<>();
        try (var ts = Files.list(Paths.get("/proc/self/task"))) {
            for (Path t : ts.toList()) {
                try {
                    String name = Files.readString(t.resolve("comm")).trim().replaceAll("[0-9]+", "#");
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    m.merge(name, ticks, Long::sum);
                } catch (Exception ignore) { }
            }
        }
        return m;
    }
}
