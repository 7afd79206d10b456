import java.nio.file.*; import java.util.*; import java.util.concurrent.*; import java.util.concurrent.atomic.*;
import org.dermaseg.inference.image.*; import org.dermaseg.inference.preprocess.BinaryMask;
import org.dermaseg.inference.measure.*; import org.dermaseg.inference.io.MaskPng;
public class MeasureStress {
  public static void main(String[] a) throws Exception {
    Path dir = Path.of(a[0]); int threads = Integer.parseInt(a[1]); long secs = Long.parseLong(a[2]);
    if (System.getProperty("cvthreads") != null) { OpenCvNatives.ensureLoaded(); org.opencv.core.Core.setNumThreads(Integer.getInteger("cvthreads")); System.out.println("cv threads " + org.opencv.core.Core.getNumThreads()); }
    ImageLoader loader = new ImageLoader();
    List<LoadedImage> imgs = new ArrayList<>(); List<BinaryMask> masks = new ArrayList<>(); List<byte[]> raw = new ArrayList<>();
    try (var s = Files.list(dir.resolve("images"))) { for (Path p : s.sorted().toList()) {
      LoadedImage im = loader.load(p); imgs.add(im); raw.add(Files.readAllBytes(p));
      String n = p.getFileName().toString().replace(".png", "_lesion.png");
      LoadedImage mk = loader.load(dir.resolve("masks").resolve(n));
      byte[] d = new byte[mk.pixelWidth()*mk.pixelHeight()]; byte[] rgb = mk.rgb();
      for (int i = 0; i < d.length; i++) d[i] = (byte) ((rgb[3*i]&0xff) > 127 ? 1 : 0);
      masks.add(new BinaryMask(mk.pixelWidth(), mk.pixelHeight(), d)); } }
    System.out.println("loaded " + imgs.size());
    AtomicLong n = new AtomicLong(); long end = System.nanoTime() + secs * 1_000_000_000L;
    ExecutorService ex = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) { final int tt = t; ex.submit(() -> { int i = tt; try {
      while (System.nanoTime() < end) { int k = i++ % imgs.size();
        if (a.length > 3 && tt % 2 == 1) { loader.decode(raw.get(k), "x"); MaskPng.encode(masks.get(k), false); }
        LesionMeasurements m = LesionMeasurer.measure(imgs.get(k), masks.get(k), 0.01); if (m == null) throw new AssertionError(); n.incrementAndGet(); }
      } catch (Throwable e) { e.printStackTrace(); } return null; }); }
    ex.shutdown(); ex.awaitTermination(1, TimeUnit.HOURS); System.out.println("measured " + n.get());
  }
}
