import java.nio.file.*;
import java.util.*;
import org.dermaseg.inference.*;
import org.dermaseg.inference.engine.*;
import org.dermaseg.inference.model.*;
import org.dermaseg.inference.image.*;
import org.dermaseg.inference.preprocess.*;
import org.dermaseg.inference.measure.*;
import org.dermaseg.inference.io.*;
import java.lang.management.*;

public class Stages {
    static ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    static com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean(); static long cpu() { return Boolean.getBoolean("proc") ? os.getProcessCpuTime() : mx.getCurrentThreadCpuTime(); }
    public static void main(String[] a) throws Exception {
        Path dir = Path.of(a[0]); OpenCvNatives.ensureLoaded(); if (System.getProperty("cvthreads") != null) org.opencv.core.Core.setNumThreads(Integer.getInteger("cvthreads")); System.out.println("cv threads " + org.opencv.core.Core.getNumThreads());
        int passes = Integer.parseInt(a[1]);
        List<Path> imgs = new ArrayList<>();
        try (var s = Files.list(dir)) { s.filter(p -> p.toString().endsWith(".png")).sorted().forEach(imgs::add); }
        Segmenter seg = Segmenter.open(ModelArtifacts.locate(), EngineChoice.parse("java"), DeviceChoice.parse("cpu"),
            SegmenterOptions.DEFAULT.withPostprocess(PostprocessOptions.CLEAN));
        String[] names = {"read+decode", "prepare", "infer(n=1)", "finish", "measure", "maskpng", "total"};
        double[] acc = new double[names.length];
        int n = 0;
        for (int pass = 0; pass <= passes; pass++) {
            for (Path p : imgs) {
                long[] t = new long[names.length + 1];
                t[0] = cpu();
                LoadedImage im = seg.load(p); t[1] = cpu();
                Segmenter.Prepared pr = seg.prepare(im); t[2] = cpu();
                Segmenter.Inferred inf = seg.infer(List.of(pr)).get(0); t[3] = cpu();
                SegmentationResult r = seg.finish(inf); t[4] = cpu();
                LesionMeasurements m = LesionMeasurer.measure(im, r.mask(), null); t[5] = cpu();
                byte[] png = MaskPng.encode(r.mask(), false); t[6] = cpu();
                if (pass > 0) {
                    for (int i = 0; i < 6; i++) acc[i] += (t[i+1]-t[i]) / 1e6;
                    acc[6] += (t[6]-t[0]) / 1e6;
                    n++;
                }
            }
        }
        for (int i = 0; i < names.length; i++) System.out.printf("%-12s %7.2f ms CPU (this thread)%n", names[i], acc[i]/n);
        seg.close();
    }
}
