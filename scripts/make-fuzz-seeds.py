#!/usr/bin/python3
"""Writes the seed corpora of the Jazzer fuzz tests (inference/src/test/java/.../reliability/*FuzzTest).

Run once from the repository root with Debian's python3-pil (`/usr/bin/python3 scripts/make-fuzz-seeds.py`);
the output is committed, so the fuzz tests replay the same seeds everywhere (regression mode in `mvn test`).
Every file is tiny (a few hundred bytes): small images of each format the loader accepts, plus broken ones
(truncated, wrong CRC, text, decompression-bomb headers). The fuzzer mutates from these.
"""
import io
import struct
import zlib
from pathlib import Path

from PIL import Image

BASE = Path("inference/src/test/resources/org/dermaseg/inference/reliability")
IMAGES = BASE / "ImageDecodeFuzzTestInputs" / "decodeAndPreprocess"
MASKS = BASE / "MaskLoadFuzzTestInputs" / "loadMask"


def rgb(w=6, h=5):
    im = Image.new("RGB", (w, h))
    im.putdata([((x * 40) % 256, (y * 50) % 256, (x * y * 9) % 256) for y in range(h) for x in range(w)])
    return im


def rgba_with_transparency(im):
    out = im.convert("RGBA")
    alpha = Image.new("L", im.size)
    alpha.putdata([0 if x < im.size[0] // 2 else 128 for y in range(im.size[1]) for x in range(im.size[0])])
    out.putalpha(alpha)
    return out


def save(im, fmt, **kw):
    b = io.BytesIO()
    im.save(b, fmt, **kw)
    return b.getvalue()


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_header_only(w, h):
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", b"") + chunk(b"IEND", b"")


def png16(w=4, h=3, channels=3):
    rows = b""
    for y in range(h):
        rows += b"\x00" + b"".join(struct.pack(">H", (x * 9000 + y * 3000 + c * 17) % 65536)
                                   for x in range(w) for c in range(channels))
    ihdr = struct.pack(">IIBBBBB", w, h, 16, 2 if channels == 3 else 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def with_exif_orientation(jpeg, orientation):
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1) \
        + struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0) + struct.pack(">I", 0)
    seg = b"Exif\x00\x00" + tiff
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(seg) + 2) + seg + jpeg[2:]


def jpeg_with_size(jpeg, w, h):
    """Rewrites the frame header's size: a valid stream that declares another (huge) size."""
    b = bytearray(jpeg)
    i = 2
    while i < len(b):
        marker = b[i + 1]
        length = struct.unpack(">H", b[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            b[i + 5:i + 9] = struct.pack(">HH", h, w)
            return bytes(b)
        i += 2 + length
    raise ValueError("no SOF")


def write(folder, name, data):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def main():
    im = rgb()
    png = save(im, "PNG")
    jpg = save(im, "JPEG", quality=90)
    seeds = {
        "rgb.png": png,
        "grey.png": save(im.convert("L"), "PNG"),
        "rgba-transparent.png": save(rgba_with_transparency(im), "PNG"),
        "palette.png": save(im.convert("P"), "PNG"),
        "bilevel.png": save(im.convert("1"), "PNG"),
        "rgb16.png": png16(),
        "grey16.png": png16(channels=1),
        "one-pixel.png": save(Image.new("RGB", (1, 1), (200, 10, 10)), "PNG"),
        "rgb.jpg": jpg,
        "grey.jpg": save(im.convert("L"), "JPEG", quality=90),
        "progressive.jpg": save(rgb(16, 16), "JPEG", quality=80, progressive=True),
        "cmyk.jpg": save(im.convert("CMYK"), "JPEG", quality=90),
        "exif-orientation-6.jpg": with_exif_orientation(jpg, 6),
        "rgb.bmp": save(im, "BMP"),
        "palette.bmp": save(im.convert("P"), "BMP"),
        "rgb.tif": save(im, "TIFF"),
        "rgb-lzw.tif": save(im, "TIFF", compression="tiff_lzw"),
        "grey16.tif": save(Image.new("I;16", (4, 3), 40000), "TIFF"),
        # broken ones
        "truncated.png": png[: len(png) * 2 // 3],
        "wrong-crc.png": png[:29] + bytes([png[29] ^ 0xFF]) + png[30:],
        "truncated.jpg": jpg[: len(jpg) * 2 // 3],
        "text.jpg": b"this is a text file named .jpg\n",
        "bomb.png": png_header_only(60000, 60000),
        "bomb.jpg": jpeg_with_size(jpg, 65000, 65000),
        "truncated.bmp": save(im, "BMP")[:40],
        "tiff-no-directory.tif": b"II*\x00\xff\xff\x00\x00",
    }
    for name, data in seeds.items():
        write(IMAGES, name, data)

    mask = Image.new("L", (8, 6), 0)
    mask.paste(255, (2, 1, 6, 5))
    soft = Image.new("L", (8, 6))
    soft.putdata([min(255, (x * 40 + y * 10)) for y in range(6) for x in range(8)])
    masks = {
        "binary.png": save(mask, "PNG"),
        "anti-aliased.png": save(soft, "PNG"),
        "zero-one.png": save(mask.point(lambda v: 1 if v else 0), "PNG"),
        "no-lesion.png": save(Image.new("L", (8, 6), 0), "PNG"),
        "colour.png": save(mask.convert("RGB"), "PNG"),
        "binary.bmp": save(mask, "BMP"),
        "binary.jpg": save(mask, "JPEG", quality=95),
        "binary16.png": png16(8, 6, channels=1),
        "truncated.png": save(mask, "PNG")[:30],
        "bomb.png": png_header_only(60000, 60000),
    }
    for name, data in masks.items():
        write(MASKS, name, data)


if __name__ == "__main__":
    main()
