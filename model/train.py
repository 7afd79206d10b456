"""Train a segmentation network on a GPU: UltraLight VM-UNet (what ships), the distillation teacher, or
LightM-UNet. Resumable across time-limited commands.

    python3 train.py --data DIR --work WORKDIR --recipe paper            # the paper's recipe (baseline)
    python3 train.py --data DIR --work WORKDIR --recipe v2 --teacher T.pt # what model 2.0 uses

Recipes (every flag can still be set on its own; see RECIPES):
- paper: BCE + Dice, AdamW 1e-3 (wd 1e-2), CosineAnnealingLR(T_max 50, eta_min 1e-5) stepped per epoch
  (so the rate oscillates with period 100 epochs, as the reference code does), batch 8, random flips and
  rotations, 300 epochs.
- v2: larger batch, one cosine decay with warm-up, stronger augmentation (colour, scale, hair- and
  vignette-like artefacts), EMA of the weights, optional distillation from a teacher's soft masks.

Writes WORKDIR/checkpoint.pt (resume state), WORKDIR/best.pt (the weights - raw or EMA - with the best
validation pooled Dice, paper protocol), WORKDIR/train_log.csv (one row per epoch, with training images/s),
WORKDIR/args.json. Only the `train` split is trained on; `val` selects; nothing else is read.
"""
import argparse
import csv
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from data import load_split

LOG_FIELDS = ["epoch", "lr", "train_loss", "val_dice_pooled", "val_dice_mean", "val_dice_pooled_ema",
              "seconds", "train_images_per_s"]

RECIPES = {
    "paper": dict(batch=8, lr=1e-3, weight_decay=1e-2, sched="paper", warmup=0, aug="paper", ema=0.0,
                  epochs=300),
    "v2": dict(batch=16, lr=2e-3, weight_decay=1e-2, sched="cosine", warmup=5, aug="strong", ema=0.999,
               epochs=600),
}


def build(arch, seed):
    if arch == "ultralight-vmunet":
        from vmunet import build_model
        return build_model(seed)
    if arch == "teacher":
        from teacher import build_teacher
        return build_teacher(seed)
    if arch == "lightm-unet":
        from lightmunet import build_model
        return build_model(seed)
    raise ValueError(f"unknown architecture {arch}")


class Logits(nn.Module):
    """forward() = the network's logits, so torch.compile sees one module."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return self.net.forward_logits(x)


def minmax_batch(x):
    """Per-image min-max to 0..255 over all channels and pixels (same as data.minmax_scale)."""
    flat = x.reshape(x.shape[0], -1)
    lo = flat.min(dim=1).values.view(-1, 1, 1, 1)
    hi = flat.max(dim=1).values.view(-1, 1, 1, 1)
    span = (hi - lo).clamp(min=1e-6)
    return torch.where(hi > lo, (x - lo) / span * 255.0, torch.zeros_like(x))


def _affine(x, m, ang, scale, fx, fy, tx, ty, padding):
    cos, sin = torch.cos(ang) / scale, torch.sin(ang) / scale
    theta = torch.stack([torch.stack([cos * fx, -sin * fy, tx], 1),
                         torch.stack([sin * fx, cos * fy, ty], 1)], 1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode=padding, align_corners=False)
    m = F.grid_sample(m, grid, mode="bilinear", padding_mode=padding, align_corners=False)
    return x, m


def augment_paper(img, msk):
    """The reference code's augmentation: horizontal and vertical flips (p 0.5 each) and, with p 0.5, a
    rotation by a uniform angle in [0, 360) with zero fill."""
    b, dev = img.shape[0], img.device
    fx = torch.where(torch.rand(b, device=dev) < 0.5, -1.0, 1.0)
    fy = torch.where(torch.rand(b, device=dev) < 0.5, -1.0, 1.0)
    ang = torch.where(torch.rand(b, device=dev) < 0.5, torch.rand(b, device=dev) * 2 * math.pi,
                      torch.zeros(b, device=dev))
    zero = torch.zeros(b, device=dev)
    x, m = _affine(minmax_batch(img), msk, ang, torch.ones(b, device=dev), fx, fy, zero, zero, "zeros")
    return x, (m > 0.5).float()


def _hairs(x, max_hairs=8):
    """Dark thin strokes like hairs: line segments 1-3 px wide crossing the image (p 0.3 per image)."""
    b, _, h, w = x.shape
    dev = x.device
    k = max_hairs
    on = (torch.rand(b, k, device=dev) < torch.rand(b, 1, device=dev)) & (torch.rand(b, 1, device=dev) < 0.3)
    p0 = torch.rand(b, k, 2, device=dev) * torch.tensor([w, h], device=dev)
    ang = torch.rand(b, k, device=dev) * math.pi
    length = (0.3 + 0.7 * torch.rand(b, k, device=dev)) * w
    d = torch.stack([torch.cos(ang), torch.sin(ang)], -1)
    p1 = p0 + d * length[..., None]
    width = 0.5 + torch.rand(b, k, device=dev)                           # half width 0.5..1.5 px
    ys, xs = torch.meshgrid(torch.arange(h, device=dev, dtype=x.dtype),
                            torch.arange(w, device=dev, dtype=x.dtype), indexing="ij")
    px = xs.reshape(1, 1, -1)
    py = ys.reshape(1, 1, -1)
    vx, vy = (p1 - p0)[..., 0:1], (p1 - p0)[..., 1:2]
    t = (((px - p0[..., 0:1]) * vx + (py - p0[..., 1:2]) * vy) / (vx * vx + vy * vy + 1e-6)).clamp(0, 1)
    dist = torch.sqrt((p0[..., 0:1] + t * vx - px) ** 2 + (p0[..., 1:2] + t * vy - py) ** 2)
    cover = (1 - (dist - width[..., None]).clamp(0, 1)) * on[..., None]   # (B, K, HW), anti-aliased
    cover = cover.amax(dim=1).reshape(b, 1, h, w)
    colour = (0.05 + 0.25 * torch.rand(b, 1, 1, 1, device=dev)) * x.amax(dim=(1, 2, 3), keepdim=True)
    return x * (1 - cover) + colour * cover


def _vignette(x):
    """The dark circular rim of a dermoscope's field of view (p 0.3 per image)."""
    b, _, h, w = x.shape
    dev = x.device
    ys, xs = torch.meshgrid(torch.linspace(-1, 1, h, device=dev), torch.linspace(-1, 1, w, device=dev),
                            indexing="ij")
    r = torch.sqrt(xs ** 2 + ys ** 2)[None, None]
    r0 = 0.85 + 0.4 * torch.rand(b, 1, 1, 1, device=dev)
    soft = 0.02 + 0.15 * torch.rand(b, 1, 1, 1, device=dev)
    dark = torch.sigmoid((r - r0) / soft)
    strength = (torch.rand(b, 1, 1, 1, device=dev) < 0.3).float() * (0.7 + 0.3 * torch.rand(b, 1, 1, 1, device=dev))
    return x * (1 - strength * dark)


def augment_strong(img, msk):
    """img: raw RGB float 0..255 (B,3,H,W); msk: (B,1,H,W) 0/1. On the GPU. Colour (gain, gamma,
    saturation, brightness), geometry (flips, any rotation, scale 0.75..1.33, shifts; reflection fill),
    hair-like strokes and vignette-like rims, then the product's min-max scaling."""
    b, dev = img.shape[0], img.device
    gain = 1.0 + (torch.rand(b, 3, 1, 1, device=dev) - 0.5) * 0.3
    gamma = torch.exp((torch.rand(b, 1, 1, 1, device=dev) - 0.5) * 0.6)
    sat = 1.0 + (torch.rand(b, 1, 1, 1, device=dev) - 0.5) * 0.8
    x = (img / 255.0).clamp(min=1e-6) ** gamma * gain
    grey = x.mean(dim=1, keepdim=True)
    x = (grey + (x - grey) * sat).clamp(0, 1) * 255.0
    ang = torch.rand(b, device=dev) * 2 * math.pi
    scale = torch.exp((torch.rand(b, device=dev) - 0.5) * 2 * math.log(1.33))
    fx = torch.where(torch.rand(b, device=dev) < 0.5, -1.0, 1.0)
    fy = torch.where(torch.rand(b, device=dev) < 0.5, -1.0, 1.0)
    tx = (torch.rand(b, device=dev) - 0.5) * 0.2
    ty = (torch.rand(b, device=dev) - 0.5) * 0.2
    x, m = _affine(x, msk, ang, scale, fx, fy, tx, ty, "reflection")
    x = _vignette(_hairs(x))
    return minmax_batch(x), (m > 0.5).float()


def soft_bce_dice(logits, target, smooth=1.0):
    """BCE + Dice (weights 1:1, Dice smooth 1, per image then averaged); target may be soft (teacher)."""
    bce = F.binary_cross_entropy_with_logits(logits, target)
    p = torch.sigmoid(logits).flatten(1)
    t = target.flatten(1)
    dice = (2 * (p * t).sum(1) + smooth) / (p.sum(1) + t.sum(1) + smooth)
    return bce + (1 - dice).mean()


@torch.no_grad()
def predict(net, images, batch=50, tta=False):
    """Probabilities (N,1,H,W) for raw uint8/float images (N,3,H,W); tta = mean over the 4 flips."""
    out = []
    for i in range(0, images.shape[0], batch):
        x = minmax_batch(images[i:i + batch].float())
        if not tta:
            out.append(torch.sigmoid(net.forward_logits(x)))
            continue
        acc = 0
        for dims in ((), (3,), (2,), (2, 3)):
            xi = torch.flip(x, dims) if dims else x
            p = torch.sigmoid(net.forward_logits(xi))
            acc = acc + (torch.flip(p, dims) if dims else p)
        out.append(acc / 4)
    return torch.cat(out)


def dice_scores(prob, masks, threshold=0.5):
    """Pooled Dice (paper protocol: one confusion matrix over all pixels) and mean per-image Dice."""
    pred = prob >= threshold
    gt = masks > 0.5
    a = (pred & gt).flatten(1).sum(1).double()
    b = (pred & ~gt).flatten(1).sum(1).double()
    c = (~pred & gt).flatten(1).sum(1).double()
    pooled = (2 * a.sum() / (2 * a.sum() + b.sum() + c.sum()).clamp(min=1)).item()
    denom = 2 * a + b + c
    per = torch.where(denom > 0, 2 * a / denom.clamp(min=1), torch.ones_like(a))
    return pooled, per.mean().item()


def evaluate(net, images, masks):
    was = net.training
    net.eval()
    pooled, mean = dice_scores(predict(net, images), masks)
    net.train(was)
    return pooled, mean


def to_tensors(images, masks, device):
    x = torch.from_numpy(images).permute(0, 3, 1, 2).contiguous().to(device)   # uint8 on the device
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


class Ema:
    """Exponential moving average of the parameters (and a copy of the buffers)."""

    def __init__(self, net, decay):
        import copy
        self.decay = decay
        self.net = copy.deepcopy(net).eval()
        for p in self.net.parameters():
            p.requires_grad_(False)

    @torch.no_grad()
    def update(self, net, step):
        d = min(self.decay, (1 + step) / (10 + step))        # warm start: short memory at first
        ema_p = list(self.net.parameters())
        torch._foreach_mul_(ema_p, d)
        torch._foreach_add_(ema_p, [p.detach() for p in net.parameters()], alpha=1 - d)
        for eb, b in zip(self.net.buffers(), net.buffers()):
            eb.copy_(b)


def make_scheduler(opt, args, steps_per_epoch):
    if args.sched == "paper":   # stepped per epoch, exactly as the reference code (oscillating cosine)
        return torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=50, eta_min=1e-5), "epoch"
    total = args.epochs * steps_per_epoch
    warm = args.warmup * steps_per_epoch

    def f(step):
        if step < warm:
            return (step + 1) / warm
        q = (step - warm) / max(1, total - warm)
        return (1e-5 / args.lr) + (1 - 1e-5 / args.lr) * 0.5 * (1 + math.cos(math.pi * min(1.0, q)))
    return torch.optim.lr_scheduler.LambdaLR(opt, f), "step"


def load_init(net, path):
    """Start from given weights: a .safetensors state dict (as export.py writes, e.g. lightm-unet.safetensors)
    or a train.py .pt file ({"model": state_dict}). Every tensor of the network must be there, shapes equal."""
    if path.endswith(".safetensors"):
        import safetensors_io
        state = safetensors_io.load_torch(path)
    else:
        state = torch.load(path, map_location="cpu")["model"]
    net.load_state_dict(state, strict=True)
    return len(state)


def load_teacher(path, device):
    ck = torch.load(path, map_location=device)
    t = build("teacher", 0).to(device)
    t.load_state_dict(ck["model"])
    t.eval()
    for p in t.parameters():
        p.requires_grad_(False)
    return t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", nargs="+", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--arch", default="ultralight-vmunet",
                    choices=["ultralight-vmunet", "teacher", "lightm-unet"])
    ap.add_argument("--recipe", default="v2", choices=sorted(RECIPES))
    ap.add_argument("--epochs", type=int)
    ap.add_argument("--batch", type=int)
    ap.add_argument("--lr", type=float)
    ap.add_argument("--weight-decay", type=float)
    ap.add_argument("--sched", choices=["paper", "cosine"])
    ap.add_argument("--warmup", type=int, help="warm-up epochs (cosine schedule)")
    ap.add_argument("--aug", choices=["paper", "strong"])
    ap.add_argument("--ema", type=float, help="EMA decay per step; 0 = off")
    ap.add_argument("--teacher", help="teacher best.pt: distil from its soft masks")
    ap.add_argument("--kd-weight", type=float, default=0.5, help="share of the loss on the teacher's masks")
    ap.add_argument("--compile", default="default", choices=["none", "default", "reduce-overhead", "max-autotune-no-cudagraphs"])
    ap.add_argument("--amp", action="store_true", help="bf16 autocast (the scan stays float32)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--time-budget", type=float, default=1e9, help="seconds, then save and stop")
    ap.add_argument("--init", help="start from these weights (.safetensors state dict or a train.py .pt) "
                                   "instead of the seeded initialisation; ignored when WORK/checkpoint.pt "
                                   "exists (a resumed run continues from its checkpoint)")
    args = ap.parse_args()
    for k, v in RECIPES[args.recipe].items():
        if getattr(args, k) is None:
            setattr(args, k, v)

    os.makedirs(args.work, exist_ok=True)
    with open(os.path.join(args.work, "args.json"), "w") as f:
        json.dump(vars(args), f, indent=1)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    if device == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
        torch.backends.cudnn.benchmark = True

    _, tr_img, tr_msk = load_split(args.data, "train")
    _, va_img, va_msk = load_split(args.data, "val")
    tr_x, tr_m = to_tensors(tr_img, tr_msk, device)
    va_x, va_m = to_tensors(va_img, va_msk, device)
    print(f"device {device} {torch.cuda.get_device_name() if device == 'cuda' else ''}; "
          f"torch {torch.__version__}; train {len(tr_x)}, val {len(va_x)}; {vars(args)}", flush=True)

    net = build(args.arch, args.seed).to(device)
    print(f"{args.arch}: {sum(p.numel() for p in net.parameters())} parameters", flush=True)
    ckpt_path = os.path.join(args.work, "checkpoint.pt")
    if args.init and not os.path.exists(ckpt_path):
        n_init = load_init(net, args.init)  # copies into the parameters where they are (already on device)
        pooled, mean = evaluate(net, va_x, va_m)
        print(f"init: {n_init} tensors from {args.init}; val pooled Dice {pooled:.4f}, mean {mean:.4f}",
              flush=True)
    fwd = Logits(net)
    if args.compile != "none" and hasattr(torch, "compile") and device == "cuda":
        fwd = torch.compile(fwd, mode=None if args.compile == "default" else args.compile)
    teacher = load_teacher(args.teacher, device) if args.teacher else None
    augment = augment_strong if args.aug == "strong" else augment_paper

    n = tr_x.shape[0]
    steps = n // args.batch  # drop the last partial batch: one static shape for the compiled graph
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, betas=(0.9, 0.999), weight_decay=args.weight_decay)
    sched, sched_unit = make_scheduler(opt, args, steps)
    ema = Ema(net, args.ema) if args.ema > 0 else None
    log_path = os.path.join(args.work, "train_log.csv")
    start_epoch, best, step = 0, -1.0, 0
    if os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path, map_location=device)
        net.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        sched.load_state_dict(ck["sched"])
        if ema is not None and ck.get("ema") is not None:
            ema.net.load_state_dict(ck["ema"])
        start_epoch, best, step = ck["epoch"], ck["best"], ck.get("step", 0)
        torch.set_rng_state(ck["rng_cpu"].cpu())
        if device == "cuda" and ck.get("rng_cuda") is not None:
            torch.cuda.set_rng_state(ck["rng_cuda"].cpu())
        print(f"resumed at epoch {start_epoch}, best val pooled Dice {best:.4f}", flush=True)
        _truncate_log(log_path, start_epoch)
    elif os.path.exists(log_path):
        os.remove(log_path)

    t0 = time.time()
    epoch = start_epoch
    amp = torch.autocast("cuda", dtype=torch.bfloat16) if args.amp and device == "cuda" else None
    while epoch < args.epochs:
        e0 = time.time()
        perm = torch.randperm(n, device=device)
        total = torch.zeros((), device=device)
        for s in range(steps):
            idx = perm[s * args.batch:(s + 1) * args.batch]
            x, m = augment(tr_x[idx].float(), tr_m[idx])
            if amp:
                with amp:
                    logits = fwd(x)
            else:
                logits = fwd(x)
            logits = logits.float()
            loss = soft_bce_dice(logits, m)
            if teacher is not None:
                with torch.no_grad(), torch.autocast("cuda", dtype=torch.bfloat16, enabled=device == "cuda"):
                    soft = torch.sigmoid(teacher.forward_logits(x).float())
                loss = (1 - args.kd_weight) * loss + args.kd_weight * soft_bce_dice(logits, soft)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            if sched_unit == "step":
                sched.step()
            if ema is not None:
                ema.update(net, step)
            step += 1
            total += loss.detach()
        if device == "cuda":
            torch.cuda.synchronize()
        train_s = time.time() - e0
        lr = opt.param_groups[0]["lr"]
        if sched_unit == "epoch":
            sched.step()
        epoch += 1
        pooled, mean = evaluate(net, va_x, va_m)
        pooled_ema = evaluate(ema.net, va_x, va_m)[0] if ema is not None else float("nan")
        row = [epoch, f"{lr:.6g}", f"{total.item() / steps:.5f}", f"{pooled:.5f}", f"{mean:.5f}",
               f"{pooled_ema:.5f}", f"{time.time() - e0:.2f}", f"{steps * args.batch / train_s:.0f}"]
        new = not os.path.exists(log_path)
        with open(log_path, "a", newline="") as f:
            w = csv.writer(f)
            if new:
                w.writerow(LOG_FIELDS)
            w.writerow(row)
        for which, score, src in (("raw", pooled, net), ("ema", pooled_ema, ema.net if ema else None)):
            if src is not None and score > best:
                best = score
                torch.save({"model": src.state_dict(), "epoch": epoch, "weights": which,
                            "val_dice_pooled": score, "arch": args.arch},
                           os.path.join(args.work, "best.pt"))
        print(" ".join(f"{k}={v}" for k, v in zip(LOG_FIELDS, row)), f"best={best:.4f}", flush=True)
        out_of_time = time.time() - t0 > args.time_budget
        if epoch % 10 == 0 or out_of_time or epoch == args.epochs:
            torch.save({"model": net.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(),
                        "ema": ema.net.state_dict() if ema else None, "epoch": epoch, "best": best,
                        "step": step, "rng_cpu": torch.get_rng_state(),
                        "rng_cuda": torch.cuda.get_rng_state() if device == "cuda" else None}, ckpt_path)
        if out_of_time and epoch < args.epochs:
            print(f"time budget reached at epoch {epoch}/{args.epochs}; re-run to resume", flush=True)
            return
    print(f"done: {args.epochs} epochs, best val pooled Dice {best:.4f}", flush=True)


if __name__ == "__main__":
    main()
