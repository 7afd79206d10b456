package org.dermaseg.inference.preprocess;
import java.nio.file.*; import java.util.*;
import org.dermaseg.inference.*; import org.dermaseg.inference.engine.*; import org.dermaseg.inference.model.*;
import org.dermaseg.inference.image.*; import org.dermaseg.inference.io.*;
public class PProbe {
  static java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
  static long cpu(){ return mx.getCurrentThreadCpuTime(); }
  public static void main(String[] a) throws Exception {
    List<Path> imgs = new ArrayList<>(); try (var s = Files.list(Path.of(a[0]))) { s.filter(p->p.toString().endsWith(".png")).sorted().forEach(imgs::add); }
    Segmenter seg = Segmenter.open(ModelArtifacts.locate(), EngineChoice.parse("java"), DeviceChoice.parse("cpu"), SegmenterOptions.DEFAULT.withPostprocess(PostprocessOptions.CLEAN));
    List<SegmentationResult> rs = new ArrayList<>();
    for (Path p : imgs) { LoadedImage im = seg.load(p); rs.add(seg.segment(im)); }
    String[] names = {"resize","thresh","largest","fill","prep"}; double[] acc = new double[names.length]; int n=0;
    int passes = Integer.parseInt(a[1]);
    List<LoadedImage> ims = new ArrayList<>(); for (Path p: imgs) ims.add(seg.load(p));
    for (int pass=0; pass<=passes; pass++) for (int i=0;i<rs.size();i++) {
      SegmentationResult r = rs.get(i); long[] t = new long[6];
      t[0]=cpu(); float[] up = Postprocessor.resize(r.probability(), r.width(), r.height()); t[1]=cpu();
      byte[] m = new byte[up.length]; for (int k=0;k<up.length;k++) m[k] = up[k] >= 0.5f ? (byte)1 : 0; t[2]=cpu();
      Postprocessor.keepLargest(m, r.width(), r.height()); t[3]=cpu(); Postprocessor.fillHoles(m, r.width(), r.height()); t[4]=cpu();
      seg.prepare(ims.get(i)); t[5]=cpu();
      if (pass>0){ for(int k=0;k<5;k++) acc[k]+=(t[k+1]-t[k])/1e6; n++; }
    }
    for (int k=0;k<names.length;k++) System.out.printf("%-8s %6.2f ms%n", names[k], acc[k]/n);
  }
}
