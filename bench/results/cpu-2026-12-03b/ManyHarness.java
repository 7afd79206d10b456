package org.dermaseg.inference.batch;
import java.nio.file.*; import java.util.*;
import org.opencv.core.*; import org.opencv.imgproc.Imgproc; import org.opencv.imgcodecs.Imgcodecs;
import org.dermaseg.inference.*; import org.dermaseg.testsupport.FakeEngine; import org.dermaseg.inference.image.OpenCvNatives;
public class ManyHarness {
  public static void main(String[] a) throws Exception {
    OpenCvNatives.ensureLoaded();
    Path tmp = Files.createTempDirectory("mh"); Path in = Files.createDirectories(tmp.resolve("in"));
    Mat m = new Mat(24, 32, CvType.CV_8UC3, new Scalar(190, 170, 210));
    Imgproc.circle(m, new Point(16, 12), 7, new Scalar(60, 40, 80), -1);
    MatOfByte png = new MatOfByte(); Imgcodecs.imencode(".png", m, png); byte[] bytes = png.toArray();
    int n = Integer.parseInt(a[0]); long end = System.currentTimeMillis() + 1000L * Integer.parseInt(a[1]);
    for (int i = 0; i < n; i++) Files.write(in.resolve(String.format("img%05d.png", i)), bytes);
    FakeEngine engine = new FakeEngine(0); int runs = 0;
    try (Segmenter segmenter = FakeEngine.segmenter(tmp.resolve("model"), engine)) {
      while (System.currentTimeMillis() < end) {
        Path out = tmp.resolve("out" + runs);
        BatchSummary s = new BatchRunner(segmenter, BatchOptions.of(in, out).withWorkers(2), null).run();
        if (s.ok() != n) throw new IllegalStateException("ok " + s.ok());
        try (var w = Files.walk(out)) { w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete()); }
        runs++; System.out.println("run " + runs + " ok");
      }
    }
    System.out.println("harness done: " + runs + " batches of " + n);
  }
}
