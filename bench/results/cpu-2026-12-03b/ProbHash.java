import java.nio.file.*; import java.util.*;
import org.dermaseg.inference.*; import org.dermaseg.inference.engine.*; import org.dermaseg.inference.model.*; import org.dermaseg.inference.image.*;
public class ProbHash { public static void main(String[] a) throws Exception {
  Segmenter seg = Segmenter.open(ModelArtifacts.locate(), EngineChoice.parse("java"), DeviceChoice.parse("cpu"), SegmenterOptions.DEFAULT);
  long h = 1125899906842597L; List<Path> ps = new ArrayList<>(); try (var s = Files.list(Path.of(a[0]))) { s.sorted().forEach(ps::add); }
  for (Path p : ps) { float[] v = seg.segment(seg.load(p)).probability().values(); for (float f : v) h = 31*h + Float.floatToRawIntBits(f); }
  System.out.println(ps.size() + " images, probability hash " + Long.toHexString(h)); seg.close(); } }
