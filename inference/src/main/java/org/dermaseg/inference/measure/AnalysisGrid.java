package org.dermaseg.inference.measure;

import java.util.Arrays;

import org.dermaseg.inference.image.LoadedImage;
import org.dermaseg.inference.image.MatScope;
import org.dermaseg.inference.preprocess.BinaryMask;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * The lesion and a margin around it, resampled so that the longer side of the lesion's bounding box is
 * {@link #LESION_SIDE} pixels, whatever the image's size. Shape (asymmetry, edge) and colour measurements
 * are made here, so they depend on the lesion and not on the camera's resolution or a reduced decode
 * (sizes in pixels and millimetres are measured on the full-resolution mask instead: {@link SizeCalculator}).
 * Downsampling averages (OpenCV {@code INTER_AREA}), upsampling interpolates ({@code INTER_LINEAR}); the mask is
 * resampled the same way as 0/1 floats and cut at 0.5. Colours are white-balanced against the image's own skin
 * ({@link SkinReference}) before they are turned into CIELAB. Deterministic.
 */
final class AnalysisGrid {
    /** Lesion bounding box's longer side in analysis pixels. */
    static final int LESION_SIDE = 256;
    /** Margin around the bounding box, as a fraction of its longer side (room for the edge's outer side). */
    static final double MARGIN = 0.08;
    private static final int LAB_CACHE_BITS = 13;
    private static final int LAB_CACHE = 1 << LAB_CACHE_BITS;

    final int width;
    final int height;
    /** 0/1 per grid pixel. */
    final byte[] mask;
    /**
     * L*, a*, b* per grid pixel (3 per pixel), after the skin-referenced white balance ({@link SkinReference}), for
     * lesion pixels and their 8 neighbours; 0 elsewhere (no measurement reads colours there).
     */
    final double[] lab;
    /** Top-left of the grid in image (mask) pixel coordinates. */
    final double originX;
    final double originY;
    /** Image pixels per grid pixel. */
    final double scale;
    final int area;

    private AnalysisGrid(int width, int height, byte[] mask, double[] lab, double originX, double originY,
                         double scale) {
        this.width = width;
        this.height = height;
        this.mask = mask;
        this.lab = lab;
        this.originX = originX;
        this.originY = originY;
        this.scale = scale;
        int a = 0;
        for (byte b : mask) {
            a += b;
        }
        this.area = a;
    }

    /**
     * @param image pixels of the image ({@link LoadedImage#pixelWidth()} may be a reduced decode)
     * @param mask  the lesion at the image's full size; must not be empty
     */
    static AnalysisGrid of(LoadedImage image, BinaryMask mask) {
        int w = mask.width();
        int h = mask.height();
        if (image.width() != w || image.height() != h) {
            throw new IllegalArgumentException("mask is " + w + "x" + h + " but the image " + image.width() + "x"
                    + image.height());
        }
        int x0 = w;
        int y0 = h;
        int x1 = -1;
        int y1 = -1;
        byte[] m = mask.data();
        for (int y = 0; y < h; y++) {
            // the row's first and last lesion pixel only: the bounding box needs nothing in between
            int r = y * w;
            int first = 0;
            while (first < w && m[r + first] == 0) {
                first++;
            }
            if (first == w) {
                continue;
            }
            int last = w - 1;
            while (m[r + last] == 0) {
                last--;
            }
            x0 = Math.min(x0, first);
            x1 = Math.max(x1, last);
            y0 = Math.min(y0, y);
            y1 = y;
        }
        if (x1 < 0) {
            throw new IllegalArgumentException("empty mask");
        }
        int side = Math.max(x1 - x0 + 1, y1 - y0 + 1);
        int margin = (int) Math.ceil(MARGIN * side) + 2;
        int cx0 = Math.max(0, x0 - margin);
        int cy0 = Math.max(0, y0 - margin);
        int cx1 = Math.min(w, x1 + 1 + margin);
        int cy1 = Math.min(h, y1 + 1 + margin);
        double scale = side / (double) LESION_SIDE;
        int gw = Math.max(1, (int) Math.round((cx1 - cx0) / scale));
        int gh = Math.max(1, (int) Math.round((cy1 - cy0) / scale));

        float[] small = new float[gw * gh];
        byte[] rgb = new byte[3 * gw * gh];
        // the same rectangle in the decoded pixels (a reduced JPEG decode has fewer of them)
        double sx = image.pixelWidth() / (double) w;
        double sy = image.pixelHeight() / (double) h;
        int px0 = (int) Math.floor(cx0 * sx);
        int py0 = (int) Math.floor(cy0 * sy);
        int px1 = Math.max(px0 + 1, Math.min(image.pixelWidth(), (int) Math.ceil(cx1 * sx)));
        int py1 = Math.max(py0 + 1, Math.min(image.pixelHeight(), (int) Math.ceil(cy1 * sy)));
        double pixelScale = ((px1 - px0) / (double) gw);
        try (MatScope mats = new MatScope()) {
            Mat maskCrop = mats.add(new Mat(cy1 - cy0, cx1 - cx0, CvType.CV_32FC1));
            Mat maskSmall = mats.add(new Mat());
            // only the rows of the crop travel to OpenCV, not the whole image (resize reads nothing outside its input)
            int pw = image.pixelWidth();
            Mat rows = mats.add(new Mat(py1 - py0, pw, CvType.CV_8UC3));
            Mat rgbSmall = mats.add(new Mat());
            int cw = cx1 - cx0;
            float[] crop01 = new float[(cy1 - cy0) * cw];
            for (int y = cy0; y < cy1; y++) {
                int r = y * w;
                int o = (y - cy0) * cw - cx0;
                for (int x = cx0; x < cx1; x++) {
                    crop01[o + x] = m[r + x];
                }
            }
            maskCrop.put(0, 0, crop01);
            int interp = scale >= 1 ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR;
            Imgproc.resize(maskCrop, maskSmall, new Size(gw, gh), 0, 0, interp);
            maskSmall.get(0, 0, small);
            rows.put(0, 0, image.rgb(), 3 * py0 * pw, 3 * (py1 - py0) * pw);
            Mat crop = mats.add(rows.submat(0, py1 - py0, px0, px1));
            Imgproc.resize(crop, rgbSmall, new Size(gw, gh), 0, 0,
                    pixelScale >= 1 ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
            rgbSmall.get(0, 0, rgb);
        }
        byte[] gridMask = new byte[gw * gh];
        for (int i = 0; i < small.length; i++) {
            gridMask[i] = small[i] >= 0.5f ? (byte) 1 : 0;
        }
        double[] lab = new double[3 * gw * gh];
        double[] gain = SkinReference.gains(image, mask, rgb, gridMask);
        // only where a measurement reads colours: lesion pixels and their 8 neighbours (the border's Sobel);
        // the cube roots of CIELAB were the largest cost here, and the margin is mostly skin
        byte[] near = nearLesion(gridMask, gw, gh);
        // A pixel's L*a*b* depends on its RGB alone (the gains are the image's), and neighbouring pixels often share
        // one: a small direct-mapped cache of the colours last converted saves most of the cube roots, the largest
        // cost here. A hit copies the very doubles a conversion would give.
        int[] cachedRgb = new int[LAB_CACHE];
        Arrays.fill(cachedRgb, -1);
        double[] cachedLab = new double[3 * LAB_CACHE];
        for (int i = 0; i < near.length; i++) {
            if (near[i] != 0) {
                int key = (rgb[3 * i] & 0xff) << 16 | (rgb[3 * i + 1] & 0xff) << 8 | (rgb[3 * i + 2] & 0xff);
                int slot = (key * 0x9E3779B1) >>> (32 - LAB_CACHE_BITS);
                if (cachedRgb[slot] != key) {
                    SkinReference.intoLab(rgb, i, gain, cachedLab, 3 * slot);
                    cachedRgb[slot] = key;
                }
                System.arraycopy(cachedLab, 3 * slot, lab, 3 * i, 3);
            }
        }
        return new AnalysisGrid(gw, gh, gridMask, lab, cx0, cy0, scale);
    }

    /**
     * 1 where a pixel or one of its 8 neighbours is lesion: the mask dilated by a 3x3 square, as a maximum along
     * rows and then along columns (two passes over the grid instead of nine bounds-checked reads per pixel).
     */
    static byte[] nearLesion(byte[] mask, int w, int h) {
        byte[] rows = new byte[mask.length];
        for (int y = 0; y < h; y++) {
            int r = y * w;
            for (int x = 0; x < w; x++) {
                byte v = mask[r + x];
                if (x > 0) {
                    v |= mask[r + x - 1];
                }
                if (x < w - 1) {
                    v |= mask[r + x + 1];
                }
                rows[r + x] = v != 0 ? (byte) 1 : 0;
            }
        }
        byte[] out = new byte[mask.length];
        for (int y = 0; y < h; y++) {
            int r = y * w;
            int up = y > 0 ? r - w : r;
            int down = y < h - 1 ? r + w : r;
            for (int x = 0; x < w; x++) {
                out[r + x] = (byte) (rows[up + x] | rows[r + x] | rows[down + x]);
            }
        }
        return out;
    }

    boolean inside(int x, int y) {
        return x >= 0 && y >= 0 && x < width && y < height && mask[y * width + x] != 0;
    }

    /**
     * L*a*b* averaged with a Gaussian of {@code sigma} grid pixels over lesion pixels only (skin around the
     * lesion does not bleed in); outside the lesion the values are 0. Computed at half the grid's resolution
     * (sigma / 2 there, then bilinear back): the smoothed field has no detail that half resolution loses,
     * and it is about 8 times cheaper (a wide Gaussian on the full grid was the measurement's largest cost).
     */
    double[] smoothedLab(double sigma) {
        float[] l = new float[3 * width * height];
        float[] wt = new float[width * height];
        for (int i = 0; i < wt.length; i++) {
            wt[i] = mask[i];
            for (int c = 0; c < 3; c++) {
                l[3 * i + c] = (float) (lab[3 * i + c] * mask[i]);
            }
        }
        try (MatScope mats = new MatScope()) {
            Mat labMat = mats.add(new Mat(height, width, CvType.CV_32FC3));
            Mat weight = mats.add(new Mat(height, width, CvType.CV_32FC1));
            Mat labHalf = mats.add(new Mat());
            Mat weightHalf = mats.add(new Mat());
            Mat labBlur = mats.add(new Mat());
            Mat weightBlur = mats.add(new Mat());
            labMat.put(0, 0, l);
            weight.put(0, 0, wt);
            Size half = new Size(Math.max(1, (width + 1) / 2), Math.max(1, (height + 1) / 2));
            Imgproc.resize(labMat, labHalf, half, 0, 0, Imgproc.INTER_AREA);
            Imgproc.resize(weight, weightHalf, half, 0, 0, Imgproc.INTER_AREA);
            Size k = new Size(0, 0);
            Imgproc.GaussianBlur(labHalf, labHalf, k, sigma / 2, sigma / 2, Core.BORDER_CONSTANT);
            Imgproc.GaussianBlur(weightHalf, weightHalf, k, sigma / 2, sigma / 2, Core.BORDER_CONSTANT);
            Size full = new Size(width, height);
            Imgproc.resize(labHalf, labBlur, full, 0, 0, Imgproc.INTER_LINEAR);
            Imgproc.resize(weightHalf, weightBlur, full, 0, 0, Imgproc.INTER_LINEAR);
            labBlur.get(0, 0, l);
            weightBlur.get(0, 0, wt);
        }
        double[] out = new double[3 * width * height];
        for (int i = 0; i < wt.length; i++) {
            if (mask[i] != 0 && wt[i] > 1e-6f) {
                for (int c = 0; c < 3; c++) {
                    out[3 * i + c] = l[3 * i + c] / wt[i];
                }
            }
        }
        return out;
    }
}
