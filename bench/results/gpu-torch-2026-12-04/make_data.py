"""Writes model/work/gpuprobe/val150.npz for probe.py: the 150 ISIC 2017 val images resized to 256x256 as the
engines resize them (data.resize_rgb, uint8) and their masks at 256x256 as the paper scores them
(data.mask_to_input_size, bit-packed). model/work/ is git-ignored: the file travels with the device call only.

/usr/bin/python3 bench/results/gpu-torch-2026-12-04/make_data.py [DATA_ROOT]   (from the repository root;
DATA_ROOT defaults to ../shared/data/isic2017-256)
"""
import os
import sys

import numpy as np

sys.path.insert(0, "model")
import data  # noqa: E402


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join("..", "shared", "data", "isic2017-256")
    ids = [line.strip() for line in open(os.path.join(root, "splits", "val.txt")) if line.strip()]
    rgb, gt = [], []
    for sid in ids:
        rgb.append(data.resize_rgb(data.read_rgb(data.find_image(root, sid))))
        gt.append(data.mask_to_input_size(data.read_mask(data.find_mask(root, sid))))
    os.makedirs("model/work/gpuprobe", exist_ok=True)
    out = "model/work/gpuprobe/val150.npz"
    np.savez_compressed(out, rgb=np.stack(rgb), gt=np.packbits(np.stack(gt), axis=-1), ids=np.array(ids))
    print(len(ids), "images,", os.path.getsize(out), "bytes:", out)


if __name__ == "__main__":
    main()
