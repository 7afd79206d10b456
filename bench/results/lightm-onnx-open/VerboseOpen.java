// ONNX Runtime verbose log of one session open (optimisation off): java -cp onnxruntime-1.24.1.jar:. VerboseOpen model.onnx
import ai.onnxruntime.*;
public class VerboseOpen { public static void main(String[] a) throws Exception {
  OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_VERBOSE, "v");
  OrtSession.SessionOptions o = new OrtSession.SessionOptions();
  o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT); o.setIntraOpNumThreads(2);
  long t0 = System.nanoTime();
  try (OrtSession s = env.createSession(a[0], o)) { System.out.printf("open %.0f ms%n", (System.nanoTime()-t0)/1e6); }
}}
