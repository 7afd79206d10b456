package org.dermaseg.inference.measure;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;
import org.opencv.core.*;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.dermaseg.inference.image.*;
import org.dermaseg.inference.preprocess.*;

public class MeasureStress {
    static void sl(AnalysisGrid g, double sigma, String ops) {
        int width = g.width, height = g.height;
        float[] l = new float[3 * width * height];
        float[] wt = new float[width * height];
        for (int i = 0; i < wt.length; i++) {
            wt[i] = g.mask[i];
            for (int c = 0; c < 3; c++) {
                l[3 * i + c] = ops.contains("z") ? 0f : (float) (g.lab[3 * i + c] * g.mask[i]);
            }
        }
        Mat labMat = new Mat(height, width, CvType.CV_32FC3);
        Mat weight = new Mat(height, width, CvType.CV_32FC1);
        Mat labHalf = new Mat();
        Mat weightHalf = new Mat();
        Mat labBlur = new Mat();
        Mat weightBlur = new Mat();
        try {
            labMat.put(0, 0, l);
            weight.put(0, 0, wt);
            Size half = new Size(Math.max(1, (width + 1) / 2), Math.max(1, (height + 1) / 2));
            boolean three = !ops.contains("1"), one = !ops.contains("3");
            int down = ops.contains("D") ? Imgproc.INTER_LINEAR : Imgproc.INTER_AREA;
            if (ops.contains("E")) { labMat.copyTo(labHalf); weight.copyTo(weightHalf); } else {
            if (three) Imgproc.resize(labMat, labHalf, half, 0, 0, down);
            if (one) Imgproc.resize(weight, weightHalf, half, 0, 0, down); }
            Size k = new Size(0, 0);
            if (!ops.contains("n")) {
            if (three) Imgproc.GaussianBlur(labHalf, labHalf, k, sigma / 2, sigma / 2, Core.BORDER_CONSTANT);
            if (one) Imgproc.GaussianBlur(weightHalf, weightHalf, k, sigma / 2, sigma / 2, Core.BORDER_CONSTANT);
            }
            Size full = new Size(width, height);
            int up = ops.contains("U") ? Imgproc.INTER_NEAREST : Imgproc.INTER_LINEAR;
            if (ops.contains("F")) { labHalf.copyTo(labBlur); weightHalf.copyTo(weightBlur); } else {
            if (three) Imgproc.resize(labHalf, labBlur, full, 0, 0, up);
            if (one) Imgproc.resize(weightHalf, weightBlur, full, 0, 0, up); }
            if (three) labBlur.get(0, 0, l);
            if (one) weightBlur.get(0, 0, wt);
        } finally {
            labMat.release();
            weight.release();
            labHalf.release();
            weightHalf.release();
            labBlur.release();
            weightBlur.release();
        }
    }
    public static void main(String[] a) throws Exception {
        String ops = a[0]; int threads = Integer.parseInt(a[1]); long secs = Long.parseLong(a[2]);
        OpenCvNatives.ensureLoaded();
        Mat m = new Mat(24, 32, CvType.CV_8UC3, new Scalar(190, 170, 210));
        Imgproc.circle(m, new Point(16, 12), 7, new Scalar(60, 40, 80), -1);
        MatOfByte png = new MatOfByte();
        Imgcodecs.imencode(".png", m, png);
        LoadedImage img = new ImageLoader().decode(png.toArray(), "tiny");
        float[] probs = new float[256*256];
        for (int y = 0; y < 256; y++) for (int x = 0; x < 256; x++) { double dx=x-128, dy=y-128; probs[y*256+x] = (float)(dx*dx+dy*dy < 70*70 ? 0.9 : 0.1); }
        BinaryMask mask = new Postprocessor().toMask(new ProbabilityMap(256, 256, probs), img.width(), img.height(), 0.5);
        AnalysisGrid g0 = AnalysisGrid.of(img, mask);
        System.out.println("grid " + g0.width + "x" + g0.height);
        AtomicLong n = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) fs.add(pool.submit(() -> {
            while (!stop.get()) {
                if (ops.contains("s")) SizeCalculator.measure(mask, null);
                AnalysisGrid g = ops.contains("r") ? AnalysisGrid.of(img, mask) : g0;
                if (ops.contains("l")) g.smoothedLab(AsymmetryCalculator.COLOUR_SIGMA);
                if (ops.contains("L")) sl(g, 8.0, ops);
                if (ops.contains("a")) AsymmetryCalculator.measure(g);
                if (ops.contains("c")) ColourCalculator.measure(g);
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
