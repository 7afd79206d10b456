"""Score checkpoints and test-time options on the validation sets (CPU is fine; 300 images).

    python3 evaluate_options.py --data ../../shared/data/isic2017-256 --out options.json CKPT [CKPT ...]

For each checkpoint (a best.pt from train.py; its "arch" names the network) and each of val and
val-official: pooled DSC/SE/SP/ACC/mIoU (paper protocol, 256x256) and mean per-image Dice, for
{plain, 4-flip TTA} x {clean-up off, on} x thresholds 0.30..0.70. Clean-up is the product's: keep the
largest 8-connected region, fill its holes. Choices are made on `val`; `val-official` is reported beside.
"""
import argparse
import json

import cv2
import numpy as np
import torch

import train
from data import load_split

THRESHOLDS = [round(0.3 + 0.05 * i, 2) for i in range(9)]


def clean_up(mask):
    """Largest 8-connected foreground region with its holes filled (as the Java Postprocessor)."""
    m = mask.astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(m, connectivity=8)
    if n <= 1:
        return m
    keep = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    m = (labels == keep).astype(np.uint8)
    # holes: background regions (4-connected) that do not touch the border
    inv = 1 - m
    n, labels = cv2.connectedComponents(inv, connectivity=4)
    border = set(np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]])))
    for lab in range(1, n):
        if lab not in border:
            m[labels == lab] = 1
    return m


def scores(preds, gts):
    tp = fp = fn = tn = 0
    per = []
    for p, g in zip(preds, gts):
        p = p.astype(bool)
        g = g.astype(bool)
        a, b, c = int((p & g).sum()), int((p & ~g).sum()), int((~p & g).sum())
        d = p.size - a - b - c
        tp, fp, fn, tn = tp + a, fp + b, fn + c, tn + d
        per.append(1.0 if 2 * a + b + c == 0 else 2 * a / (2 * a + b + c))
    return {"dsc": 2 * tp / (2 * tp + fp + fn), "se": tp / (tp + fn), "sp": tn / (tn + fp),
            "acc": (tp + tn) / (tp + tn + fp + fn), "miou": tp / (tp + fp + fn),
            "meanDice": float(np.mean(per)), "images": len(per)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--out")
    ap.add_argument("checkpoints", nargs="+")
    args = ap.parse_args()
    torch.set_grad_enabled(False)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    sets = {}
    for split in ("val", "val-official"):
        _, img, msk = load_split([args.data], split)
        sets[split] = (torch.from_numpy(img).permute(0, 3, 1, 2).contiguous().to(device), msk)
    result = {}
    for ck_path in args.checkpoints:
        ck = torch.load(ck_path, map_location="cpu")
        net = train.build(ck.get("arch", "ultralight-vmunet"), 0)
        net.load_state_dict({k: v.float() for k, v in ck["model"].items()})
        net.to(device).eval()
        res = {}
        for split, (img, msk) in sets.items():
            for tta in (False, True):
                prob = train.predict(net, img, batch=25, tta=tta)[:, 0].cpu().numpy()
                for cu in (False, True):
                    for t in THRESHOLDS:
                        preds = [(p >= t) for p in prob]
                        if cu:
                            preds = [clean_up(p) for p in preds]
                        key = f"{split}|tta={int(tta)}|cleanup={int(cu)}|t={t}"
                        res[key] = scores(preds, msk)
        result[ck_path] = res
        for split in sets:
            for tta in (0, 1):
                for cu in (0, 1):
                    row = [res[f"{split}|tta={tta}|cleanup={cu}|t={t}"]["dsc"] for t in THRESHOLDS]
                    print(f"{ck_path} {split:12s} tta={tta} cleanup={cu} " +
                          " ".join(f"{t}:{v:.4f}" for t, v in zip(THRESHOLDS, row)), flush=True)
    if args.out:
        with open(args.out, "w") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
