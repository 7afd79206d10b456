package org.dermaseg.inference.image;

/**
 * Reads width/height (and a few facts) from JPEG, PNG, BMP and TIFF headers, and spots files cut short,
 * all from the raw bytes without decoding. OpenCV happily returns grey-filled pixels for a truncated JPEG,
 * so truncation has to be caught here to be reported at all.
 */
final class ImageHeaderReader {
    private ImageHeaderReader() {
    }

    static ImageHeader read(ImageFormat format, byte[] b, String source) throws ImageLoadException {
        try {
            return switch (format) {
                case PNG -> png(b, source);
                case JPEG -> jpeg(b, source);
                case BMP -> bmp(b, source);
                case TIFF -> tiff(b, source);
            };
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new ImageLoadException(source + ": truncated or damaged " + format + " header");
        }
    }

    // ---------------------------------------------------------------- PNG

    private static ImageHeader png(byte[] b, String source) throws ImageLoadException {
        if (b.length < 33 || !ascii(b, 12, "IHDR")) {
            throw new ImageLoadException(source + ": damaged PNG (no IHDR chunk)");
        }
        long w = u32be(b, 16);
        long h = u32be(b, 20);
        int depth = b[24] & 0xff;
        int colorType = b[25] & 0xff;
        int channels = switch (colorType) {
            case 0 -> 1;
            case 2 -> 3;
            case 3 -> 3; // palette expands to RGB
            case 4 -> 2;
            case 6 -> 4;
            default -> throw new ImageLoadException(source + ": PNG colour type " + colorType + " is not valid");
        };
        checkDims(source, w, h);
        // Walk the chunk list: a PNG that was cut short has no IEND chunk.
        long pos = 8;
        boolean end = false;
        while (pos + 8 <= b.length) {
            long len = u32be(b, (int) pos);
            boolean iend = ascii(b, (int) pos + 4, "IEND");
            pos += 12 + len;
            if (iend) {
                end = pos <= b.length;
                break;
            }
        }
        if (!end) {
            throw new ImageLoadException(source + ": truncated PNG (file ends before the IEND chunk)");
        }
        return new ImageHeader(ImageFormat.PNG, (int) w, (int) h, depth, channels, 1);
    }

    // ---------------------------------------------------------------- JPEG

    private static ImageHeader jpeg(byte[] b, String source) throws ImageLoadException {
        int pos = 2;
        int w = -1;
        int h = -1;
        int precision = 8;
        int components = 0;
        int orientation = 1;
        while (true) {
            if (pos >= b.length) {
                throw new ImageLoadException(source + ": truncated JPEG (file ends inside the header)");
            }
            if ((b[pos] & 0xff) != 0xFF) {
                throw new ImageLoadException(source + ": damaged JPEG (marker expected at byte " + pos + ")");
            }
            while (pos < b.length && (b[pos] & 0xff) == 0xFF) {
                pos++; // fill bytes
            }
            int marker = b[pos] & 0xff;
            pos++;
            if (marker == 0xD9) {
                throw new ImageLoadException(source + ": damaged JPEG (end of image before any scan)");
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue; // stand-alone markers without a length
            }
            int len = u16be(b, pos);
            if (len < 2 || pos + len > b.length) {
                throw new ImageLoadException(source + ": truncated JPEG (segment runs past the end of the file)");
            }
            if (isSof(marker)) {
                precision = b[pos + 2] & 0xff;
                h = u16be(b, pos + 3);
                w = u16be(b, pos + 5);
                components = b[pos + 7] & 0xff;
            } else if (marker == 0xE1 && len >= 8 && ascii(b, pos + 2, "Exif") && b[pos + 6] == 0 && b[pos + 7] == 0) {
                orientation = exifOrientation(b, pos + 8, pos + len);
            } else if (marker == 0xDA) {
                if (w < 0) {
                    throw new ImageLoadException(source + ": damaged JPEG (scan before frame header)");
                }
                // Entropy-coded data never contains FF D9 (0xFF is stuffed as FF 00), and embedded EXIF
                // thumbnails sit before the first scan, so an FF D9 after here is the real end of image.
                if (!containsEoi(b, pos + len)) {
                    throw new ImageLoadException(source + ": truncated JPEG (no end-of-image marker)");
                }
                break;
            }
            pos += len;
        }
        if (h == 0) {
            throw new ImageLoadException(source + ": JPEG with height defined by a DNL marker is not supported");
        }
        checkDims(source, w, h);
        return new ImageHeader(ImageFormat.JPEG, w, h, precision, components, orientation);
    }

    private static boolean isSof(int m) {
        return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
    }

    private static boolean containsEoi(byte[] b, int from) {
        for (int i = Math.max(from, 0); i + 1 < b.length; i++) {
            if ((b[i] & 0xff) == 0xFF && (b[i + 1] & 0xff) == 0xD9) {
                return true;
            }
        }
        return false;
    }

    /** Orientation tag (0x0112) of IFD0 in the TIFF structure at [start, end); 1 when absent or odd. */
    private static int exifOrientation(byte[] b, int start, int end) {
        if (start + 8 > end) {
            return 1;
        }
        boolean le = b[start] == 'I' && b[start + 1] == 'I';
        if (!le && !(b[start] == 'M' && b[start + 1] == 'M')) {
            return 1;
        }
        long ifd = u32(b, start + 4, le);
        if (ifd < 8 || start + ifd + 2 > end) { // long arithmetic: an offset near 2^32 must not wrap around
            return 1;
        }
        int p = (int) (start + ifd);
        int n = u16(b, p, le);
        for (int i = 0; i < n; i++) {
            int e = p + 2 + 12 * i;
            if (e + 12 > end) {
                return 1;
            }
            if (u16(b, e, le) == 0x0112) {
                int v = u16(b, e + 8, le);
                return v >= 1 && v <= 8 ? v : 1;
            }
        }
        return 1;
    }

    // ---------------------------------------------------------------- BMP

    private static ImageHeader bmp(byte[] b, String source) throws ImageLoadException {
        if (b.length < 26) {
            throw new ImageLoadException(source + ": truncated BMP header");
        }
        long offBits = u32le(b, 10);
        long dibSize = u32le(b, 14);
        long w;
        long h;
        int bpp;
        long compression = 0;
        if (dibSize == 12) {
            w = u16le(b, 18);
            h = u16le(b, 20);
            bpp = u16le(b, 24);
        } else if (dibSize >= 40) {
            w = (int) u32le(b, 18);
            h = Math.abs((long) (int) u32le(b, 22)); // negative height = top-down rows
            bpp = u16le(b, 28);
            compression = u32le(b, 30);
        } else {
            throw new ImageLoadException(source + ": unsupported BMP header (size " + dibSize + ")");
        }
        checkDims(source, w, h);
        if (compression == 0 || compression == 3) { // uncompressed rows: the pixel array size is known
            long stride = ((w * bpp + 31) / 32) * 4;
            if (offBits + stride * h > b.length) {
                throw new ImageLoadException(source + ": truncated BMP (pixel data shorter than "
                        + w + "x" + h + " at " + bpp + " bits needs)");
            }
        }
        int channels = bpp == 32 ? 4 : bpp <= 8 ? 1 : 3;
        return new ImageHeader(ImageFormat.BMP, (int) w, (int) h, bpp <= 8 ? bpp : 8, channels, 1);
    }

    // ---------------------------------------------------------------- TIFF

    private static ImageHeader tiff(byte[] b, String source) throws ImageLoadException {
        boolean le = b[0] == 'I';
        long ifd = u32(b, 4, le);
        if (ifd < 8 || ifd + 2 > b.length) {
            throw new ImageLoadException(source + ": truncated TIFF (first directory outside the file)");
        }
        int p = (int) ifd;
        int n = u16(b, p, le);
        long w = -1;
        long h = -1;
        int bits = 8;
        int spp = 1;
        int[] tableEntries = new int[4]; // StripOffsets, StripByteCounts, TileOffsets, TileByteCounts (0: absent)
        for (int i = 0; i < n; i++) {
            int e = p + 2 + 12 * i;
            if (e + 12 > b.length) {
                throw new ImageLoadException(source + ": truncated TIFF directory");
            }
            int tag = u16(b, e, le);
            switch (tag) {
                case 273 -> tableEntries[0] = e;
                case 279 -> tableEntries[1] = e;
                case 324 -> tableEntries[2] = e;
                case 325 -> tableEntries[3] = e;
                default -> {
                }
            }
            int type = u16(b, e + 2, le);
            long value = type == 3 ? u16(b, e + 8, le) : u32(b, e + 8, le); // SHORT or LONG
            switch (tag) {
                case 256 -> w = value;
                case 257 -> h = value;
                case 258 -> {
                    long count = u32(b, e + 4, le);
                    // up to two SHORTs fit inline; otherwise the value is an offset to them
                    if (count <= 2) {
                        bits = (int) value;
                    } else {
                        long off = u32(b, e + 8, le);
                        bits = off + 2 <= b.length ? u16(b, (int) off, le) : 8;
                    }
                }
                case 277 -> spp = (int) value;
                default -> {
                }
            }
        }
        if (w < 0 || h < 0) {
            throw new ImageLoadException(source + ": damaged TIFF (no width/height tags)");
        }
        checkDims(source, w, h);
        checkTiffData(b, le, source, "strip", tableEntries[0], tableEntries[1]);
        checkTiffData(b, le, source, "tile", tableEntries[2], tableEntries[3]);
        return new ImageHeader(ImageFormat.TIFF, (int) w, (int) h, bits, spp, 1);
    }

    /**
     * Every strip (or tile) must lie inside the file. libtiff sizes its read buffer from the declared byte
     * count, so a 200-byte file declaring a 700 MB strip made OpenCV allocate and churn through hundreds of
     * megabytes for seconds (found by fuzzing); a strip running past the end is a truncated file anyway.
     */
    private static void checkTiffData(byte[] b, boolean le, String source, String what, int offsetsEntry,
                                      int countsEntry) throws ImageLoadException {
        long[] offsets = offsetsEntry == 0 ? new long[0] : tiffArray(b, le, source, what, offsetsEntry);
        long[] counts = countsEntry == 0 ? new long[0] : tiffArray(b, le, source, what, countsEntry);
        for (int i = 0; i < counts.length; i++) {
            long end = counts[i] + (i < offsets.length ? offsets[i] : 0);
            if (end > b.length) {
                throw new ImageLoadException(source + ": truncated TIFF (" + what + " " + i + " declares data up to byte "
                        + end + " but the file has " + b.length + " bytes)");
            }
        }
        for (long offset : offsets) {
            if (offset >= b.length) {
                throw new ImageLoadException(source + ": truncated TIFF (" + what + " data at byte " + offset
                        + " but the file has " + b.length + " bytes)");
            }
        }
    }

    /** The unsigned integer values of a TIFF directory entry (inline when they fit in 4 bytes). */
    private static long[] tiffArray(byte[] b, boolean le, String source, String what, int e) throws ImageLoadException {
        int type = u16(b, e + 2, le);
        int size = switch (type) {
            case 1, 6 -> 1; // BYTE, SBYTE
            case 3, 8 -> 2; // SHORT, SSHORT
            case 4, 9, 13 -> 4; // LONG, SLONG, IFD
            case 16, 17, 18 -> 8; // LONG8, SLONG8, IFD8
            default -> throw new ImageLoadException(source + ": damaged TIFF (" + what + " table of type " + type + ")");
        };
        long count = u32(b, e + 4, le);
        long bytes = count * size;
        long at = bytes <= 4 ? e + 8 : u32(b, e + 8, le);
        if (at + bytes > b.length) {
            throw new ImageLoadException(source + ": truncated TIFF (" + what + " table of " + count
                    + " entries runs past the end of the file)");
        }
        long[] v = new long[(int) count];
        for (int i = 0; i < v.length; i++) {
            int o = (int) (at + (long) i * size);
            v[i] = switch (size) {
                case 1 -> b[o] & 0xff;
                case 2 -> u16(b, o, le);
                case 4 -> u32(b, o, le);
                default -> le ? (u32(b, o, le) | (u32(b, o + 4, le) << 32)) : ((u32(b, o, le) << 32) | u32(b, o + 4, le));
            };
            if (v[i] < 0) {
                throw new ImageLoadException(source + ": damaged TIFF (" + what + " value out of range)");
            }
        }
        return v;
    }

    // ---------------------------------------------------------------- helpers

    private static void checkDims(String source, long w, long h) throws ImageLoadException {
        if (w <= 0 || h <= 0 || w > Integer.MAX_VALUE || h > Integer.MAX_VALUE) {
            throw new ImageLoadException(source + ": invalid image size " + w + "x" + h + " in header");
        }
    }

    private static boolean ascii(byte[] b, int off, String s) {
        if (off < 0 || off + s.length() > b.length) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b[off + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int u16be(byte[] b, int o) {
        return ((b[o] & 0xff) << 8) | (b[o + 1] & 0xff);
    }

    private static long u32be(byte[] b, int o) {
        return ((long) (b[o] & 0xff) << 24) | ((b[o + 1] & 0xff) << 16) | ((b[o + 2] & 0xff) << 8) | (b[o + 3] & 0xff);
    }

    private static int u16le(byte[] b, int o) {
        return (b[o] & 0xff) | ((b[o + 1] & 0xff) << 8);
    }

    private static long u32le(byte[] b, int o) {
        return (b[o] & 0xff) | ((b[o + 1] & 0xff) << 8) | ((b[o + 2] & 0xff) << 16) | ((long) (b[o + 3] & 0xff) << 24);
    }

    private static int u16(byte[] b, int o, boolean le) {
        return le ? u16le(b, o) : u16be(b, o);
    }

    private static long u32(byte[] b, int o, boolean le) {
        return le ? u32le(b, o) : u32be(b, o);
    }
}
