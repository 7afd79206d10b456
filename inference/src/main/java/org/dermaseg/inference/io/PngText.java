package org.dermaseg.inference.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Reads and adds PNG {@code tEXt} chunks (keyword, Latin-1 text), so a mask file can say what it is
 * (e.g. that it was corrected by hand) without a side file. OpenCV's encoder cannot write text chunks.
 */
public final class PngText {
    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngText() {
    }

    /** A copy of {@code png} with one {@code tEXt} chunk per entry inserted right after {@code IHDR}. */
    public static byte[] withText(byte[] png, Map<String, String> entries) {
        checkSignature(png);
        int ihdrLength = ByteBuffer.wrap(png, 8, 4).getInt();
        int afterIhdr = 8 + 12 + ihdrLength;
        if (afterIhdr > png.length || !"IHDR".equals(new String(png, 12, 4, StandardCharsets.US_ASCII))) {
            throw new IllegalArgumentException("PNG does not start with an IHDR chunk");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(png.length + 256);
        out.write(png, 0, afterIhdr);
        for (Map.Entry<String, String> e : entries.entrySet()) {
            String key = e.getKey();
            if (key.isEmpty() || key.length() > 79 || key.indexOf(0) >= 0) {
                throw new IllegalArgumentException("bad PNG text keyword: " + key);
            }
            byte[] k = key.getBytes(StandardCharsets.ISO_8859_1);
            byte[] v = e.getValue().getBytes(StandardCharsets.ISO_8859_1);
            byte[] data = new byte[k.length + 1 + v.length];
            System.arraycopy(k, 0, data, 0, k.length);
            System.arraycopy(v, 0, data, k.length + 1, v.length);
            writeChunk(out, "tEXt", data);
        }
        out.write(png, afterIhdr, png.length - afterIhdr);
        return out.toByteArray();
    }

    /** Every {@code tEXt} chunk of the file, in order (a later duplicate keyword wins). */
    public static Map<String, String> read(byte[] png) {
        checkSignature(png);
        Map<String, String> out = new LinkedHashMap<>();
        int pos = 8;
        while (pos + 12 <= png.length) {
            int len = ByteBuffer.wrap(png, pos, 4).getInt();
            if (len < 0 || pos + 12L + len > png.length) {
                break; // truncated: report what was readable
            }
            String type = new String(png, pos + 4, 4, StandardCharsets.US_ASCII);
            if (type.equals("tEXt")) {
                int start = pos + 8;
                int nul = start;
                while (nul < start + len && png[nul] != 0) {
                    nul++;
                }
                if (nul < start + len) {
                    out.put(new String(png, start, nul - start, StandardCharsets.ISO_8859_1),
                            new String(png, nul + 1, start + len - nul - 1, StandardCharsets.ISO_8859_1));
                }
            }
            if (type.equals("IEND")) {
                break;
            }
            pos += 12 + len;
        }
        return out;
    }

    static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static void checkSignature(byte[] png) {
        if (png.length < 8 + 12) {
            throw new IllegalArgumentException("not a PNG (too short)");
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (png[i] != SIGNATURE[i]) {
                throw new IllegalArgumentException("not a PNG (bad signature)");
            }
        }
    }
}
