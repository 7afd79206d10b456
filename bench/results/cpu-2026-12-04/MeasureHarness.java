import java.nio.file.*;
import java.util.*;
import java.security.MessageDigest;
import org.dermaseg.inference.*;
import org.dermaseg.inference.engine.*;
import org.dermaseg.inference.model.*;
import org.dermaseg.inference.image.*;
import org.dermaseg.inference.preprocess.*;
import org.dermaseg.inference.measure.*;
import java.lang.management.*;

public class MeasureHarness {
    public static void main(String[] a) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Path dir = Path.of(a[0]); int passes = Integer.parseInt(a[1]);
        List<Path> imgs = new ArrayList<>();
        try (var s = Files.list(dir)) { s.filter(p -> p.toString().endsWith(".png") || p.toString().endsWith(".jpg")).sorted().forEach(imgs::add); }
        if (a.length > 2) imgs = imgs.subList(0, Math.min(imgs.size(), Integer.parseInt(a[2])));
        Segmenter seg = Segmenter.open(ModelArtifacts.locate(), EngineChoice.parse("java"), DeviceChoice.parse("cpu"),
            SegmenterOptions.DEFAULT.withPostprocess(PostprocessOptions.CLEAN));
        List<LoadedImage> ims = new ArrayList<>(); List<BinaryMask> masks = new ArrayList<>();
        for (Path p : imgs) { LoadedImage im = seg.load(p); ims.add(im);
            masks.add(seg.finish(seg.infer(List.of(seg.prepare(im))).get(0)).mask()); }
        seg.close();
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < ims.size(); i++) {
            LesionMeasurements m = LesionMeasurer.measure(ims.get(i), masks.get(i), 0.01);
            if (m == null) { md.update((byte) 7); continue; }
            md.update(MeasurementsJson.node(m).toString().getBytes());
            md.update(String.join(",", MeasurementsCsv.cells(m)).getBytes());
            ColourRegions r = m.colours().regions();
            int[] argb = r.gridArgb(255);
            for (int v : argb) { md.update((byte) v); md.update((byte) (v >> 8)); md.update((byte) (v >> 16)); md.update((byte) (v>>>24)); }
        }
        System.out.println("fingerprint " + HexFormat.of().formatHex(md.digest()).substring(0, 16) + " over " + ims.size());
        double best = 1e9;
        for (int pass = 0; pass < passes; pass++) {
            long t0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < ims.size(); i++) LesionMeasurer.measure(ims.get(i), masks.get(i), 0.01);
            double ms = (mx.getCurrentThreadCpuTime() - t0) / 1e6 / ims.size();
            if (pass >= passes / 2) best = Math.min(best, ms);
            if (pass % 10 == 9) System.out.printf("pass %d: %.3f ms/image%n", pass + 1, ms);
        }
        System.out.printf("best of second half: %.3f ms/image%n", best);
    }
}
