"""Dataset loading and the one preprocessing every engine applies (docs/architecture.md).

A dataset folder holds images/<id>.<ext>, masks/<id>_segmentation.png (or _lesion/_mask/_gt) and
splits/{train,val,test}.txt (one id a line). Several folders can be combined; ids stay per folder.
"""
import os

import cv2
import numpy as np

INPUT_SIZE = 256
MASK_SUFFIXES = ("_segmentation", "_lesion", "_mask", "_gt", "")
IMAGE_EXTS = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff")


def read_rgb(path):
    """8-bit RGB, EXIF orientation applied (IMREAD_COLOR does it), alpha dropped, grey expanded.
    16-bit images are scaled by 1/257 with rounding, as the Java ImageLoader does (plain IMREAD_COLOR
    would shift right by 8 instead)."""
    img = cv2.imread(path, cv2.IMREAD_COLOR | cv2.IMREAD_ANYDEPTH)
    if img is None:
        raise IOError(f"cannot decode image {path}")
    if img.dtype == np.uint16:
        img = np.floor(img.astype(np.float64) / 257.0 + 0.5).astype(np.uint8)
    elif img.dtype != np.uint8:
        raise IOError(f"unsupported sample type {img.dtype} in {path}")
    return cv2.cvtColor(img, cv2.COLOR_BGR2RGB)


def resize_rgb(rgb, size=INPUT_SIZE):
    return cv2.resize(rgb, (size, size), interpolation=cv2.INTER_AREA)


def minmax_scale(x):
    """Per-image min-max over all pixels and channels to [0, 255] (float32); flat image -> zeros."""
    x = x.astype(np.float32)
    lo, hi = float(x.min()), float(x.max())
    if hi <= lo:
        return np.zeros_like(x)
    return (x - lo) / (hi - lo) * np.float32(255.0)


def preprocess(rgb, size=INPUT_SIZE):
    """RGB uint8 (H, W, 3) -> float32 (3, size, size), exactly as the Java Preprocessor."""
    return np.ascontiguousarray(minmax_scale(resize_rgb(rgb, size)).transpose(2, 0, 1))


def read_mask(path):
    m = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
    if m is None:
        raise IOError(f"cannot decode mask {path}")
    return m


def mask_to_input_size(mask, size=INPUT_SIZE):
    """Ground truth at model size as the paper scores it: bilinear resize, then >= 0.5 (128)."""
    return (cv2.resize(mask, (size, size), interpolation=cv2.INTER_LINEAR) >= 128).astype(np.uint8)


def find_image(folder, sid):
    for ext in IMAGE_EXTS:
        p = os.path.join(folder, "images", sid + ext)
        if os.path.exists(p):
            return p
    raise FileNotFoundError(f"no image for id {sid} in {folder}/images")


def find_mask(folder, sid):
    for suffix in MASK_SUFFIXES:
        for ext in (".png", ".bmp", ".tif", ".jpg"):
            p = os.path.join(folder, "masks", sid + suffix + ext)
            if os.path.exists(p):
                return p
    raise FileNotFoundError(f"no mask for id {sid} in {folder}/masks")


def read_split(folder, split):
    with open(os.path.join(folder, "splits", split + ".txt")) as f:
        return [line.strip() for line in f if line.strip()]


def load_split(folders, split, size=INPUT_SIZE):
    """Returns (ids, raw resized RGB uint8 (N,size,size,3), masks uint8 0/1 (N,size,size)).

    Raw (not yet min-max scaled) images are returned so training can jitter colours before
    scaling, exactly where the Java engine's scaling happens."""
    ids, images, masks = [], [], []
    for folder in folders:
        for sid in read_split(folder, split):
            ids.append(f"{os.path.basename(os.path.normpath(folder))}/{sid}")
            images.append(resize_rgb(read_rgb(find_image(folder, sid)), size))
            masks.append(mask_to_input_size(read_mask(find_mask(folder, sid)), size))
    return ids, np.stack(images), np.stack(masks)
