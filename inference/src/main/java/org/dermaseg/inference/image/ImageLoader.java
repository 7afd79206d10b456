package org.dermaseg.inference.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Decodes JPEG, PNG (8/16-bit), BMP and TIFF through OpenCV into {@link LoadedImage}.
 *
 * <p>Order of work: read bytes, recognise the format by its signature, read the header, check the pixel
 * limit, and only then decode. Decoding uses {@code IMREAD_COLOR} so that OpenCV applies EXIF orientation,
 * expands grey and drops alpha ({@code IMREAD_UNCHANGED} would do neither orientation nor alpha).
 * {@code IMREAD_ANYDEPTH} is added so 16-bit samples arrive intact and are scaled by /257 as
 * docs/architecture.md asks (plain IMREAD_COLOR would truncate them with &gt;&gt;8).
 *
 * <p>Thread-safe: instances are immutable and every Mat is released before returning.
 */
public final class ImageLoader {
    private final ImageLimits limits;
    private final boolean reducedDecode;

    public ImageLoader() {
        this(ImageLimits.DEFAULT, true);
    }

    public ImageLoader(ImageLimits limits) {
        this(limits, true);
    }

    /**
     * @param reducedDecode allow JPEG reduced decoding in {@link #loadForModel}; off reproduces the
     *                      reference pipeline bit for bit (full decode, then INTER_AREA)
     */
    public ImageLoader(ImageLimits limits, boolean reducedDecode) {
        this.limits = limits;
        this.reducedDecode = reducedDecode;
        OpenCvNatives.ensureLoaded();
    }

    public ImageLimits limits() {
        return limits;
    }

    public boolean reducedDecode() {
        return reducedDecode;
    }

    /** Full-resolution decode. */
    public LoadedImage load(Path path) throws ImageLoadException {
        return decode(readBytes(path), path.toString(), 1, 1);
    }

    /**
     * Decode for a model that needs {@code modelWidth x modelHeight}: large JPEGs are decoded at 1/2, 1/4 or
     * 1/8 (the largest factor that still leaves at least twice the model size, so INTER_AREA keeps averaging
     * real pixels). The original size is kept in the result for the output mask.
     */
    public LoadedImage loadForModel(Path path, int modelWidth, int modelHeight) throws ImageLoadException {
        return decode(readBytes(path), path.toString(), modelWidth, modelHeight);
    }

    /** Header facts without decoding (format, size, depth); also checks the pixel limit. */
    public ImageHeader probe(Path path) throws ImageLoadException {
        byte[] bytes = readBytes(path);
        ImageHeader header = header(bytes, path.toString());
        limits.checkPixels(path.toString(), header.width(), header.height());
        return header;
    }

    /** Decode from memory; {@code source} names the image in messages. Full resolution. */
    public LoadedImage decode(byte[] bytes, String source) throws ImageLoadException {
        return decode(bytes, source, 1, 1);
    }

    private LoadedImage decode(byte[] bytes, String source, int modelWidth, int modelHeight) throws ImageLoadException {
        long t0 = System.nanoTime();
        ImageHeader header = header(bytes, source);
        limits.checkPixels(source, header.width(), header.height());

        int factor = reductionFor(header, modelWidth, modelHeight);
        if (factor > 1) {
            Decoded d = decodeMat(bytes, source, header, reducedFlag(factor));
            // libjpeg scales by ceil(size / factor); anything else means our header reading and OpenCV's
            // orientation handling disagree, so fall back to a full decode instead of guessing the size.
            if (d.width == ceilDiv(header.orientedWidth(), factor) && d.height == ceilDiv(header.orientedHeight(), factor)) {
                return new LoadedImage(source, header.format(), header.orientedWidth(), header.orientedHeight(),
                        d.width, d.height, d.rgb, factor, header.bitsPerSample(), millisSince(t0));
            }
        }
        Decoded d = decodeMat(bytes, source, header, Imgcodecs.IMREAD_COLOR | Imgcodecs.IMREAD_ANYDEPTH);
        return new LoadedImage(source, header.format(), d.width, d.height, d.width, d.height, d.rgb, 1,
                d.bits, millisSince(t0));
    }

    private int reductionFor(ImageHeader header, int modelWidth, int modelHeight) {
        // only libjpeg decodes at reduced scale natively; for other formats OpenCV would decode fully and
        // then resize with a different filter, which changes the model input for nothing
        if (!reducedDecode || header.format() != ImageFormat.JPEG || header.bitsPerSample() != 8
                || modelWidth <= 1 || modelHeight <= 1) {
            return 1;
        }
        for (int f : new int[] {8, 4, 2}) {
            if (header.width() / f >= 2 * modelWidth && header.height() / f >= 2 * modelHeight) {
                return f;
            }
        }
        return 1;
    }

    private static int reducedFlag(int factor) {
        return switch (factor) {
            case 2 -> Imgcodecs.IMREAD_REDUCED_COLOR_2;
            case 4 -> Imgcodecs.IMREAD_REDUCED_COLOR_4;
            case 8 -> Imgcodecs.IMREAD_REDUCED_COLOR_8;
            default -> throw new IllegalArgumentException("factor " + factor);
        };
    }

    private record Decoded(int width, int height, byte[] rgb, int bits) {
    }

    private static Decoded decodeMat(byte[] bytes, String source, ImageHeader header, int flags)
            throws ImageLoadException {
        try (MatScope mats = new MatScope()) {
            MatOfByte buf = mats.add(new MatOfByte(bytes));
            Mat img = mats.add(Imgcodecs.imdecode(buf, flags));
            if (img.empty()) {
                throw new ImageLoadException(source + ": could not decode " + header.format()
                        + " data (damaged file or unsupported " + header.format() + " variant)");
            }
            int bits = 8;
            int depth = img.depth();
            if (depth == CvType.CV_16U) {
                Mat eight = mats.add(new Mat());
                img.convertTo(eight, CvType.CV_8U, 1.0 / 257.0); // rounds, 65535 -> 255
                img = eight;
                bits = 16;
            } else if (depth != CvType.CV_8U) {
                throw new ImageLoadException(source + ": unsupported sample type " + depthName(depth)
                        + " (only 8- and 16-bit integer images are accepted)");
            }
            if (img.channels() != 3) {
                throw new ImageLoadException(source + ": unsupported channel layout (" + img.channels()
                        + " channels after decoding)");
            }
            Mat rgb = mats.add(new Mat());
            Imgproc.cvtColor(img, rgb, Imgproc.COLOR_BGR2RGB);
            byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(rgb.cols(), rgb.rows()), 3)];
            rgb.get(0, 0, out);
            return new Decoded(rgb.cols(), rgb.rows(), out, bits);
        } catch (org.opencv.core.CvException e) {
            throw new ImageLoadException(source + ": OpenCV could not decode the image: " + firstLine(e.getMessage()), e);
        }
    }

    private byte[] readBytes(Path path) throws ImageLoadException {
        String source = path.toString();
        try {
            if (Files.isDirectory(path)) {
                throw new ImageLoadException(source + ": is a directory, not an image file");
            }
            long size = Files.size(path);
            if (size == 0) {
                throw new ImageLoadException(source + ": empty file (0 bytes)");
            }
            if (size > limits.maxFileBytes()) {
                throw new ImageLoadException(source + ": file of " + size + " bytes exceeds the limit of "
                        + limits.maxFileBytes() + " bytes");
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ImageLoadException(source + ": file not found", e);
        } catch (AccessDeniedException e) {
            throw new ImageLoadException(source + ": permission denied", e);
        } catch (ImageLoadException e) {
            throw e;
        } catch (IOException e) {
            throw new ImageLoadException(source + ": cannot read file: " + e.getMessage(), e);
        }
    }

    private static ImageHeader header(byte[] bytes, String source) throws ImageLoadException {
        if (bytes.length == 0) {
            throw new ImageLoadException(source + ": empty file (0 bytes)");
        }
        ImageFormat format = ImageFormat.sniff(bytes);
        if (format == null) {
            throw new ImageLoadException(source + ": not a JPEG, PNG, BMP or TIFF image (file starts with "
                    + describeStart(bytes) + ")");
        }
        return ImageHeaderReader.read(format, bytes, source);
    }

    private static String describeStart(byte[] b) {
        int n = Math.min(b.length, 8);
        boolean printable = true;
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xff;
            printable &= c >= 0x20 && c < 0x7f || c == '\n' || c == '\r' || c == '\t';
        }
        if (printable) {
            String text = new String(b, 0, n, StandardCharsets.US_ASCII).replaceAll("\\s", " ");
            return "text \"" + text + "\"";
        }
        StringBuilder sb = new StringBuilder("bytes");
        for (int i = 0; i < n; i++) {
            sb.append(String.format(" %02X", b[i] & 0xff));
        }
        return sb.toString();
    }

    private static String depthName(int depth) {
        return switch (depth) {
            case CvType.CV_8S -> "8-bit signed";
            case CvType.CV_16S -> "16-bit signed";
            case CvType.CV_32S -> "32-bit integer";
            case CvType.CV_32F -> "32-bit float";
            case CvType.CV_64F -> "64-bit float";
            default -> "depth " + depth;
        };
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static double millisSince(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }
}
