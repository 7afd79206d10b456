import java.util.*; import java.util.concurrent.*;
import org.opencv.core.*; import org.opencv.imgproc.Imgproc; import org.opencv.imgcodecs.Imgcodecs;
import org.dermaseg.inference.image.OpenCvNatives;
public class ThreadExit {
  public static void main(String[] a) throws Exception {
    OpenCvNatives.ensureLoaded();
    boolean shortLived = a[0].equals("short"); int seconds = Integer.parseInt(a[1]); int threads = Integer.parseInt(a[2]);
    Mat m = new Mat(24, 32, CvType.CV_8UC3, new Scalar(190, 170, 210));
    Imgproc.circle(m, new Point(16, 12), 7, new Scalar(60, 40, 80), -1);
    MatOfByte png = new MatOfByte(); Imgcodecs.imencode(".png", m, png); byte[] bytes = png.toArray();
    long end = System.currentTimeMillis() + seconds * 1000L; long[] ops = new long[1]; int rounds = 0;
    Runnable work = () -> { for (int i = 0; i < (shortLived ? 30 : Integer.MAX_VALUE) && System.currentTimeMillis() < end; i++) {
        Mat img = Imgcodecs.imdecode(new MatOfByte(bytes), Imgcodecs.IMREAD_COLOR); Mat rgb = new Mat(); Imgproc.cvtColor(img, rgb, Imgproc.COLOR_BGR2RGB);
        Mat f = new Mat(); rgb.convertTo(f, CvType.CV_32FC3); Mat s = new Mat(); Imgproc.resize(f, s, new Size(64, 48), 0, 0, Imgproc.INTER_LINEAR);
        Imgproc.GaussianBlur(s, s, new Size(0,0), 4, 4, Core.BORDER_CONSTANT); Mat g = new Mat(); Imgproc.resize(rgb, g, new Size(20, 15), 0, 0, Imgproc.INTER_AREA);
        Mat grey = new Mat(); Imgproc.cvtColor(img, grey, Imgproc.COLOR_BGR2GRAY); List<MatOfPoint> cs = new ArrayList<>(); Mat h = new Mat();
        Imgproc.findContours(grey, cs, h, Imgproc.RETR_EXTERNAL, Imgproc.CHAIN_APPROX_NONE);
        for (Mat x : new Mat[]{img, rgb, f, s, g, grey, h}) x.release(); for (MatOfPoint c : cs) c.release();
        synchronized (ops) { ops[0]++; } } };
    while (System.currentTimeMillis() < end) {
      List<Thread> ts = new ArrayList<>(); for (int t = 0; t < threads; t++) { Thread th = new Thread(work); th.start(); ts.add(th); }
      for (Thread th : ts) th.join(); rounds++;
      if (!shortLived) break;
    }
    System.out.println("ok: " + rounds + " rounds, " + ops[0] + " ops");
  }
}
