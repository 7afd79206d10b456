// Opens two ONNX graphs of the same network in turn (ONNX Runtime CPU, 2 threads, optimisation ALL, no spinning), times
// the open and each run of the first N preprocessed images, and compares the outputs. Usage (only the ONNX Runtime jar):
//   java -cp onnxruntime-1.24.1.jar:. OpenAndCompare A.onnx B.onnx inputs.f32 N
import ai.onnxruntime.*; import java.nio.*; import java.nio.file.*; import java.util.*;
public class OpenAndCompare { public static void main(String[] a) throws Exception {
  OrtEnvironment env = OrtEnvironment.getEnvironment();
  ByteBuffer bb = ByteBuffer.wrap(Files.readAllBytes(Path.of(a[2]))).order(ByteOrder.LITTLE_ENDIAN);
  float[] all = new float[bb.remaining()/4]; bb.asFloatBuffer().get(all);
  int img = 3*256*256, n = Integer.parseInt(a[3]);
  float[][][] outs = new float[2][n][];
  for (int m = 0; m < 2; m++) {
    OrtSession.SessionOptions o = new OrtSession.SessionOptions();
    o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT); o.setIntraOpNumThreads(2);
    o.addConfigEntry("session.intra_op.allow_spinning", "0");
    long t0 = System.nanoTime();
    try (OrtSession s = env.createSession(a[m], o)) {
      System.out.printf("%s: open %.0f ms;", a[m], (System.nanoTime()-t0)/1e6);
      String in = s.getInputNames().iterator().next();
      for (int i = 0; i < n; i++) { long t1 = System.nanoTime();
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(all, i*img, img), new long[]{1,3,256,256}); OrtSession.Result r = s.run(Map.of(in, t))) {
          outs[m][i] = ((float[][][][]) r.get(0).getValue())[0][0].length == 256 ? flat((float[][][][]) r.get(0).getValue()) : null; }
        System.out.printf(" run %.0f ms", (System.nanoTime()-t1)/1e6); }
      System.out.println();
    }
  }
  double md = 0; long px = 0;
  for (int i = 0; i < n; i++) for (int k = 0; k < outs[0][i].length; k++) { md = Math.max(md, Math.abs(outs[0][i][k]-outs[1][i][k])); if ((outs[0][i][k] >= 0.5f) != (outs[1][i][k] >= 0.5f)) px++; }
  System.out.printf("max |diff| %.3g, mask pixels differing %d of %d%n", md, px, (long) n*256*256);
}
static float[] flat(float[][][][] v) { float[] f = new float[256*256]; for (int y = 0; y < 256; y++) System.arraycopy(v[0][0][y], 0, f, y*256, 256); return f; }
}
