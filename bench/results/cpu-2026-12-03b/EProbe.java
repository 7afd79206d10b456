package org.dermaseg.inference.io;
import java.nio.file.*; import java.util.*;
import org.opencv.core.*; import org.opencv.imgcodecs.Imgcodecs;
import org.dermaseg.inference.image.*;
public class EProbe {
  static java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
  public static void main(String[] a) throws Exception {
    OpenCvNatives.ensureLoaded(); System.out.println(Core.VERSION);
    List<Mat> ms = new ArrayList<>();
    try (var s = Files.list(Path.of(a[0]))) { for (Path p : s.sorted().toList()) ms.add(Imgcodecs.imread(p.toString(), Imgcodecs.IMREAD_GRAYSCALE)); }
    int[][] cfgs = {{Imgcodecs.IMWRITE_PNG_COMPRESSION,1},{Imgcodecs.IMWRITE_PNG_COMPRESSION,1,Imgcodecs.IMWRITE_PNG_STRATEGY,3},{Imgcodecs.IMWRITE_PNG_COMPRESSION,1,Imgcodecs.IMWRITE_PNG_STRATEGY,2},{Imgcodecs.IMWRITE_PNG_COMPRESSION,6,Imgcodecs.IMWRITE_PNG_STRATEGY,3}};
    for (int rep=0; rep<3; rep++) for (int[] c : cfgs) {
      long t0 = mx.getCurrentThreadCpuTime(); long bytes=0;
      for (int k=0;k<10;k++) for (Mat m : ms) { MatOfByte b = new MatOfByte(); Imgcodecs.imencode(".png", m, b, new MatOfInt(c)); bytes += b.total(); b.release(); }
      System.out.printf("%s %.2f ms/img %d bytes/img%n", Arrays.toString(c), (mx.getCurrentThreadCpuTime()-t0)/1e6/(10*ms.size()), bytes/(10*ms.size()));
    }
  }
}
