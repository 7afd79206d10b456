package org.dermaseg.inference.measure;
import java.nio.file.*; import java.util.*;
import org.dermaseg.inference.*; import org.dermaseg.inference.engine.*; import org.dermaseg.inference.model.*;
import org.dermaseg.inference.image.*; import org.dermaseg.inference.preprocess.*; import org.dermaseg.inference.io.*;
public class MProbe {
  static java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
  static long cpu(){ return mx.getCurrentThreadCpuTime(); }
  public static void main(String[] a) throws Exception {
    List<Path> imgs = new ArrayList<>(); try (var s = Files.list(Path.of(a[0]))) { s.filter(p->p.toString().endsWith(".png")).sorted().forEach(imgs::add); }
    Segmenter seg = Segmenter.open(ModelArtifacts.locate(), EngineChoice.parse("java"), DeviceChoice.parse("cpu"), SegmenterOptions.DEFAULT.withPostprocess(PostprocessOptions.CLEAN));
    List<LoadedImage> ims = new ArrayList<>(); List<BinaryMask> masks = new ArrayList<>(); List<SegmentationResult> rs = new ArrayList<>();
    for (Path p : imgs) { LoadedImage im = seg.load(p); SegmentationResult r = seg.segment(im); ims.add(im); masks.add(r.mask()); rs.add(r);}
    String[] names = {"size","grid","asym","border","colour","maskpng","load","postproc"}; double[] acc = new double[names.length]; int n=0;
    int passes = Integer.parseInt(a[1]);
    for (int pass=0; pass<=passes; pass++) for (int i=0;i<ims.size();i++) {
      long[] t = new long[9]; LoadedImage im = ims.get(i); BinaryMask m = masks.get(i);
      t[0]=cpu(); var size = SizeCalculator.measure(m, null); t[1]=cpu(); AnalysisGrid g = AnalysisGrid.of(im, m); t[2]=cpu();
      var as = AsymmetryCalculator.measure(g); t[3]=cpu(); BorderCalculator.measure(g, size, as.axisAngleDeg()); t[4]=cpu(); ColourCalculator.measure(g); t[5]=cpu();
      MaskPng.encode(m, false); t[6]=cpu(); seg.load(imgs.get(i)); t[7]=cpu(); rs.get(i).remasked(0.5000001, PostprocessOptions.CLEAN); t[8]=cpu();
      if (pass>0){ for(int k=0;k<8;k++) acc[k]+=(t[k+1]-t[k])/1e6; n++; }
    }
    for (int k=0;k<names.length;k++) System.out.printf("%-8s %6.2f ms%n", names[k], acc[k]/n);
  }
}
