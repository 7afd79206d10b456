package org.dermaseg.inference.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Cheap structural check of a PNG written earlier: signature, an IHDR chunk first and an IEND chunk
 * at the very end. A file cut short by a crash fails the last test, without decoding anything.
 */
public final class PngCheck {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** length 0, "IEND", CRC AE 42 60 82 */
    private static final byte[] IEND = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};

    private PngCheck() {
    }

    /** The PNG's size as {width, height}, or null when the file is missing, unreadable or not a complete PNG. */
    public static int[] completePngSize(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < SIGNATURE.length + 25 + IEND.length) {
                return null;
            }
            ByteBuffer head = ByteBuffer.allocate(SIGNATURE.length + 16);
            readFully(ch, head, 0);
            byte[] h = head.array();
            if (!Arrays.equals(Arrays.copyOf(h, SIGNATURE.length), SIGNATURE)
                    || h[12] != 'I' || h[13] != 'H' || h[14] != 'D' || h[15] != 'R') {
                return null;
            }
            ByteBuffer tail = ByteBuffer.allocate(IEND.length);
            readFully(ch, tail, size - IEND.length);
            if (!Arrays.equals(tail.array(), IEND)) {
                return null;
            }
            int width = head.getInt(16);
            int height = head.getInt(20);
            return width > 0 && height > 0 ? new int[] {width, height} : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    public static boolean isCompletePng(Path file) {
        return completePngSize(file) != null;
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, position + buf.position());
            if (n < 0) {
                throw new IOException("short read");
            }
        }
    }
}
