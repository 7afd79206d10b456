package org.dermaseg.inference.bioimageio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a NumPy {@code .npy} file of little-endian float32 in C order (what bioimage.io test tensors are here).
 * Format: magic {@code \x93NUMPY}, major/minor version, header length (2 bytes in 1.0, 4 in 2.0/3.0), a Python
 * dict literal {@code {'descr': '<f4', 'fortran_order': False, 'shape': (1, 3, 256, 256), }}, then the data.
 * Anything else is refused with the file's name, so a changed writer shows up as a clear failure.
 */
public record Npy(int[] shape, float[] data) {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    public static Npy read(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MAGIC.length];
        if (buf.remaining() < 10) {
            throw new IOException(file + ": too short for a .npy file");
        }
        buf.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException(file + ": not a .npy file (bad magic)");
        }
        int major = buf.get() & 0xff;
        buf.get(); // minor
        long headerLen = switch (major) {
            case 1 -> buf.getShort() & 0xffff;
            case 2, 3 -> buf.getInt() & 0xffffffffL;
            default -> throw new IOException(file + ": unsupported .npy version " + major);
        };
        if (headerLen > buf.remaining()) {
            throw new IOException(file + ": header length " + headerLen + " beyond the end of the file");
        }
        byte[] header = new byte[(int) headerLen];
        buf.get(header);
        String dict = new String(header, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);

        String descr = group(DESCR, dict, file, "descr");
        if (!descr.equals("<f4")) {
            throw new IOException(file + ": dtype " + descr + ", only little-endian float32 (<f4) is read");
        }
        if (group(FORTRAN, dict, file, "fortran_order").equals("True")) {
            throw new IOException(file + ": Fortran order is not supported");
        }
        int[] shape = Arrays.stream(group(SHAPE, dict, file, "shape").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        if (count * 4 != buf.remaining()) {
            throw new IOException(file + ": shape " + Arrays.toString(shape) + " needs " + count * 4
                    + " data bytes, the file has " + buf.remaining());
        }
        float[] data = new float[(int) count];
        buf.asFloatBuffer().get(data);
        return new Npy(shape, data);
    }

    private static String group(Pattern p, String dict, Path file, String key) throws IOException {
        Matcher m = p.matcher(dict);
        if (!m.find()) {
            throw new IOException(file + ": header has no '" + key + "': " + dict.trim());
        }
        return m.group(1);
    }
}
