import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;
import org.opencv.core.*;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.dermaseg.inference.image.*;
import org.dermaseg.inference.preprocess.*;
import org.dermaseg.inference.measure.*;
import org.dermaseg.inference.io.*;

public class PipelineStress {
    public static void main(String[] a) throws Exception {
        String ops = a[0]; int threads = Integer.parseInt(a[1]); long secs = Long.parseLong(a[2]);
        OpenCvNatives.ensureLoaded();
        if (System.getenv("NOIPP") != null) Core.setUseIPP(false);
        if (System.getenv("NOOPT") != null) Core.setUseOptimized(false);
        Mat m = new Mat(24, 32, CvType.CV_8UC3, new Scalar(190, 170, 210));
        Imgproc.circle(m, new Point(16, 12), 7, new Scalar(60, 40, 80), -1);
        MatOfByte png = new MatOfByte();
        Imgcodecs.imencode(".png", m, png);
        byte[] bytes = png.toArray();
        ImageLoader loader = new ImageLoader();
        LoadedImage img0 = loader.decode(bytes, "tiny");
        Preprocessor pre = new Preprocessor(256, 256);
        Postprocessor post = new Postprocessor();
        float[] probs = new float[256*256];
        for (int y = 0; y < 256; y++) for (int x = 0; x < 256; x++) { double dx=x-128, dy=y-128; probs[y*256+x] = (float)(dx*dx+dy*dy < 70*70 ? 0.9 : 0.1); }
        ProbabilityMap pm = new ProbabilityMap(256, 256, probs);
        AtomicLong n = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) fs.add(pool.submit(() -> {
            if (System.getenv("NOIPP") != null) Core.setUseIPP(false);
            while (!stop.get()) {
                LoadedImage img = ops.contains("d") ? loader.decode(bytes, "tiny") : img0;
                if (ops.contains("p")) pre.toTensor(img);
                BinaryMask mask = post.toMask(pm, img.width(), img.height(), 0.5);
                if (ops.contains("m")) LesionMeasurer.measure(img, mask, null);
                if (ops.contains("e")) MaskPng.encode(mask, false);
                if (ops.contains("g")) { byte[] junk = new byte[1 << 16]; junk[7]++; }
                n.incrementAndGet();
            }
            return null;
        }));
        Thread.sleep(secs * 1000); stop.set(true);
        for (Future<?> f : fs) f.get();
        pool.shutdown();
        System.out.println("ok " + ops + " iterations " + n.get());
    }
}
