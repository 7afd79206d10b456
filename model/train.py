"""Train UltraLight VM-UNet: BCE + Dice, AdamW 1e-3, cosine schedule, flips/rotations (+ colour and
scale jitter), as in the paper. Resumable across time-limited commands.

    python3 train.py --data DIR [DIR ...] --work WORKDIR --epochs 300 --time-budget 540

Writes WORKDIR/checkpoint.pt (resume state), WORKDIR/best.pt (best validation pooled Dice) and
WORKDIR/train_log.csv (one row per epoch). Re-running the same command resumes where it stopped.
Only the `train` split is trained on; `val` selects the checkpoint; `test` is never read here.
"""
import argparse
import csv
import math
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

from data import load_split
import lightmunet
import vmunet

BUILDERS = {"ultralight-vmunet": vmunet.build_model, "lightm-unet": lightmunet.build_model}

LOG_FIELDS = ["epoch", "lr", "train_loss", "val_dice_pooled", "val_dice_mean", "seconds"]


def minmax_batch(x):
    """Per-image min-max to 0..255 over all channels and pixels (same as data.minmax_scale)."""
    flat = x.reshape(x.shape[0], -1)
    lo = flat.min(dim=1).values.view(-1, 1, 1, 1)
    hi = flat.max(dim=1).values.view(-1, 1, 1, 1)
    span = (hi - lo).clamp(min=1e-6)
    return torch.where(hi > lo, (x - lo) / span * 255.0, torch.zeros_like(x))


def augment(img, msk):
    """img: raw RGB float 0..255 (B,3,H,W); msk: (B,1,H,W) 0/1. Runs on the GPU."""
    b = img.shape[0]
    dev = img.device
    # Colour: per-channel gain, gamma and saturation jitter (applied before min-max scaling).
    gain = 1.0 + (torch.rand(b, 3, 1, 1, device=dev) - 0.5) * 0.3
    gamma = torch.exp((torch.rand(b, 1, 1, 1, device=dev) - 0.5) * 0.5)
    sat = 1.0 + (torch.rand(b, 1, 1, 1, device=dev) - 0.5) * 0.6
    x = (img / 255.0).clamp(min=1e-6) ** gamma * gain
    grey = x.mean(dim=1, keepdim=True)
    x = (grey + (x - grey) * sat).clamp(0, 1) * 255.0
    # Geometry: flips, any rotation, scale 0.8..1.25, small shifts; reflection fills the corners.
    ang = torch.rand(b, device=dev) * 2 * math.pi
    scale = torch.exp((torch.rand(b, device=dev) - 0.5) * 2 * math.log(1.25))
    fx = torch.where(torch.rand(b, device=dev) < 0.5, -1.0, 1.0)
    fy = torch.where(torch.rand(b, device=dev) < 0.5, -1.0, 1.0)
    tx = (torch.rand(b, device=dev) - 0.5) * 0.1
    ty = (torch.rand(b, device=dev) - 0.5) * 0.1
    cos, sin = torch.cos(ang) / scale, torch.sin(ang) / scale
    theta = torch.stack([torch.stack([cos * fx, -sin * fy, tx], 1),
                         torch.stack([sin * fx, cos * fy, ty], 1)], 1)
    grid = F.affine_grid(theta, list(img.shape), align_corners=False)
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode="reflection", align_corners=False)
    m = F.grid_sample(msk, grid, mode="bilinear", padding_mode="reflection", align_corners=False)
    return minmax_batch(x), (m > 0.5).float()


def bce_dice_loss(logits, target, smooth=1.0):
    bce = F.binary_cross_entropy_with_logits(logits, target)
    p = torch.sigmoid(logits).flatten(1)
    t = target.flatten(1)
    dice = (2 * (p * t).sum(1) + smooth) / (p.sum(1) + t.sum(1) + smooth)
    return bce + (1 - dice).mean()


@torch.no_grad()
def evaluate(model, images, masks, batch=16):
    """Pooled Dice (paper protocol, 256x256, threshold 0.5) and mean per-image Dice."""
    model.eval()
    tp = fp = fn = 0
    per_image = []
    for i in range(0, images.shape[0], batch):
        x = minmax_batch(images[i:i + batch])
        pred = model(x) >= 0.5
        gt = masks[i:i + batch] > 0.5
        a = (pred & gt).flatten(1).sum(1).double()
        b = (pred & ~gt).flatten(1).sum(1).double()
        c = (~pred & gt).flatten(1).sum(1).double()
        tp += a.sum().item(); fp += b.sum().item(); fn += c.sum().item()
        denom = 2 * a + b + c
        per_image += torch.where(denom > 0, 2 * a / denom.clamp(min=1), torch.ones_like(a)).tolist()
    model.train()
    return 2 * tp / max(2 * tp + fp + fn, 1), float(np.mean(per_image))


def to_tensors(images, masks, device):
    x = torch.from_numpy(images).permute(0, 3, 1, 2).float().to(device)
    m = torch.from_numpy(masks).unsqueeze(1).float().to(device)
    return x, m


def _truncate_log(path, last_epoch):
    if not os.path.exists(path):
        return
    with open(path) as f:
        rows = list(csv.reader(f))
    keep = [rows[0]] + [r for r in rows[1:] if int(r[0]) <= last_epoch]
    with open(path, "w", newline="") as f:
        csv.writer(f).writerows(keep)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--arch", choices=sorted(BUILDERS), default="ultralight-vmunet", help="network to train")
    ap.add_argument("--data", nargs="+", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--epochs", type=int, default=250)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--weight-decay", type=float, default=1e-2)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--time-budget", type=float, default=1e9, help="seconds, then save and stop")
    args = ap.parse_args()

    os.makedirs(args.work, exist_ok=True)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)

    _, tr_img, tr_msk = load_split(args.data, "train")
    _, va_img, va_msk = load_split(args.data, "val")
    tr_x, tr_m = to_tensors(tr_img, tr_msk, device)
    va_x, va_m = to_tensors(va_img, va_msk, device)
    print(f"device {device}; train {len(tr_x)} images, val {len(va_x)} images", flush=True)

    model = BUILDERS[args.arch](args.seed).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.999),
                            weight_decay=args.weight_decay)
    # One cosine decay over the whole run (the paper restarts every 50 epochs; see model/README.md).
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.epochs, eta_min=1e-5)
    ckpt_path = os.path.join(args.work, "checkpoint.pt")
    log_path = os.path.join(args.work, "train_log.csv")
    start_epoch, best = 0, -1.0
    if os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path, map_location=device)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        sched.load_state_dict(ck["sched"])
        start_epoch, best = ck["epoch"], ck["best"]
        torch.set_rng_state(ck["rng_cpu"].cpu())
        if device == "cuda" and ck.get("rng_cuda") is not None:
            torch.cuda.set_rng_state(ck["rng_cuda"].cpu())
        print(f"resumed at epoch {start_epoch}, best val pooled Dice {best:.4f}", flush=True)
        _truncate_log(log_path, start_epoch)  # drop epochs logged after the last checkpoint
    elif os.path.exists(log_path):
        os.remove(log_path)

    t0 = time.time()
    n = tr_x.shape[0]
    steps = n // args.batch  # drop the last partial batch (GroupNorm is fine either way)
    epoch = start_epoch
    while epoch < args.epochs:
        e0 = time.time()
        perm = torch.randperm(n, device=device)
        total = 0.0
        for s in range(steps):
            idx = perm[s * args.batch:(s + 1) * args.batch]
            x, m = augment(tr_x[idx], tr_m[idx])
            loss = bce_dice_loss(model.forward_logits(x), m)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += loss.item()
        lr = opt.param_groups[0]["lr"]
        sched.step()
        epoch += 1
        pooled, mean = evaluate(model, va_x, va_m)
        row = [epoch, f"{lr:.6g}", f"{total / steps:.5f}", f"{pooled:.5f}", f"{mean:.5f}",
               f"{time.time() - e0:.2f}"]
        new = not os.path.exists(log_path)
        with open(log_path, "a", newline="") as f:
            w = csv.writer(f)
            if new:
                w.writerow(LOG_FIELDS)
            w.writerow(row)
        if pooled > best:
            best = pooled
            torch.save({"model": model.state_dict(), "epoch": epoch, "val_dice_pooled": pooled,
                        "val_dice_mean": mean}, os.path.join(args.work, "best.pt"))
        print(" ".join(f"{k}={v}" for k, v in zip(LOG_FIELDS, row)), f"best={best:.4f}", flush=True)
        out_of_time = time.time() - t0 > args.time_budget
        if epoch % 10 == 0 or out_of_time or epoch == args.epochs:
            torch.save({"model": model.state_dict(), "opt": opt.state_dict(),
                        "sched": sched.state_dict(), "epoch": epoch, "best": best,
                        "rng_cpu": torch.get_rng_state(),
                        "rng_cuda": torch.cuda.get_rng_state() if device == "cuda" else None},
                       ckpt_path)
        if out_of_time and epoch < args.epochs:
            print(f"time budget reached at epoch {epoch}/{args.epochs}; re-run to resume", flush=True)
            return
    print(f"done: {args.epochs} epochs, best val pooled Dice {best:.4f}", flush=True)


if __name__ == "__main__":
    main()
