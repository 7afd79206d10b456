package org.dermaseg.inference.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;

import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

import org.dermaseg.inference.image.MatScope;
import org.dermaseg.inference.preprocess.BinaryMask;

/**
 * The one mask encoder, used by the batch, {@code segment} and the GUI's export alike: an 8-bit grey PNG,
 * lesion 255, background 0 (ISIC convention), with text chunks naming its origin and whether it was
 * corrected by hand. The same mask gives the same bytes from every route. Thread-safe.
 */
public final class MaskPng {
    public static final String EDITED_KEY = "dermaseg:edited";

    private MaskPng() {
    }

    /** The mask as a PNG; {@code edited} says whether a person corrected the model's output. */
    public static byte[] encode(BinaryMask mask, boolean edited) throws IOException {
        Map<String, String> text = new LinkedHashMap<>();
        text.put("Software", "DermaSeg");
        text.put("Description", "lesion mask, 0 background, 255 lesion; "
                + (edited ? "model output corrected by hand" : "model output"));
        text.put(EDITED_KEY, Boolean.toString(edited));
        return PngText.withText(grey(mask), text);
    }

    /** Whether a mask PNG written by {@link #encode} says it was edited (false when it says nothing). */
    public static boolean isEdited(byte[] png) {
        return "true".equals(PngText.read(png).get(EDITED_KEY));
    }

    /**
     * The 8-bit grey PNG of a mask, written here rather than by OpenCV: libpng tries all five row filters on every
     * row, which for a photograph-sized mask cost about 1.7 ms of the 2.5 ms per image (docs/performance.md). A mask
     * needs only the "Up" filter (each row minus the one above: zero but where the outline crosses it), and then
     * zlib at level 1 has almost nothing to do. Same pixels, a valid PNG (IHDR, IDAT, IEND), read back by OpenCV,
     * ImageIO and the tests alike.
     */
    private static byte[] grey(BinaryMask mask) {
        int w = mask.width();
        int h = mask.height();
        byte[] m = mask.data();
        int stride = w + 1; // filter-type byte, then the row
        byte[] filtered = new byte[Math.multiplyExact(h, stride)];
        for (int y = 0; y < h; y++) {
            int o = y * stride;
            int r = y * w;
            if (y == 0) {
                filtered[o] = 0; // None
                for (int x = 0; x < w; x++) {
                    filtered[o + 1 + x] = m[r + x] != 0 ? (byte) 255 : 0;
                }
            } else {
                filtered[o] = 2; // Up: (this row - the row above) mod 256, on 0/255 values
                for (int x = 0; x < w; x++) {
                    int now = m[r + x] != 0 ? 255 : 0;
                    int above = m[r - w + x] != 0 ? 255 : 0;
                    filtered[o + 1 + x] = (byte) (now - above);
                }
            }
        }
        ByteArrayOutputStream idat = new ByteArrayOutputStream(4096);
        Deflater deflater = new Deflater(1);
        try {
            deflater.setInput(filtered);
            deflater.finish();
            byte[] buf = new byte[16384];
            while (!deflater.finished()) {
                idat.write(buf, 0, deflater.deflate(buf));
            }
        } finally {
            deflater.end();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(idat.size() + 64);
        out.writeBytes(PngText.SIGNATURE);
        byte[] ihdr = ByteBuffer.allocate(13).putInt(w).putInt(h)
                .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0).array(); // 8-bit grey
        PngText.writeChunk(out, "IHDR", ihdr);
        PngText.writeChunk(out, "IDAT", idat.toByteArray());
        PngText.writeChunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** PNG bytes of an 8-bit OpenCV image (grey or BGR) at this zlib level. */
    static byte[] encode(Mat m, int compression) throws IOException {
        try (MatScope mats = new MatScope()) {
            MatOfByte buf = mats.add(new MatOfByte());
            MatOfInt params = mats.add(new MatOfInt(Imgcodecs.IMWRITE_PNG_COMPRESSION, compression));
            if (!Imgcodecs.imencode(".png", m, buf, params)) {
                throw new IOException("PNG encoding failed");
            }
            return buf.toArray();
        }
    }
}
