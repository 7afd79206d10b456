"""How much GPU work does UltraLight VM-UNet need per image, and what would less of it take? (issue 12)

A probe on the lent H200 in PyTorch, not product code: the product runs the exported ONNX graph through ONNX
Runtime's CUDA provider, which launches one kernel per graph node as PyTorch's eager mode does per op. So
eager PyTorch with the export's scan form (pairwise) stands in for the shipped graph, and the variants show
what each idea would buy before anyone re-exports a model:
- precision: float32 (shipped), float16 everywhere, float16 with the scan kept in float32;
- scan form: pairwise (the export's), chunked (training's);
- launches: a CUDA graph (one replay instead of one launch per op);
- fusion: torch.compile (Inductor fuses elementwise chains into generated kernels).
Parity: masks (p >= 0.5) of each variant against float32 pairwise on the 150 images of the ISIC 2017 val
split, and the pooled Dice of each against the val ground truth (at 256x256, no post-processing).

Run from the repository root on the device: python3 bench/results/gpu-torch-2026-12-04/probe.py DATA.npz
Writes probe.json and probe.txt (and the profiler tables) under $OUT.
"""
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, "model")
import data  # noqa: E402
import safetensors_io  # noqa: E402
import scan  # noqa: E402
import vmunet  # noqa: E402

OUT = os.environ.get("OUT", ".")
T0 = time.time()
LOG = open(os.path.join(OUT, "probe.txt"), "w")
RESULTS = {"timings": [], "parity": [], "graphs": [], "compiled": []}
ORIGINAL_AS = vmunet._as


def log(*a):
    line = " ".join(str(x) for x in a)
    print(line, flush=True)
    LOG.write(line + "\n")
    LOG.flush()


def save():
    with open(os.path.join(OUT, "probe.json"), "w") as f:
        json.dump(RESULTS, f, indent=1)


def build(form, precision):
    """The shipped weights with the given scan form and precision (the scan's casts too: set_scan_casts)."""
    set_scan_casts(precision)
    m = vmunet.UltraLightVMUNet()
    m.load_state_dict(safetensors_io.load_torch("model/ultralight-vmunet.safetensors"))
    for mod in m.modules():
        if isinstance(mod, vmunet.Mamba):
            mod.scan = scan.selective_scan_pairwise if form == "pairwise" else scan.selective_scan_chunked
    m = m.cuda().eval()
    if precision in ("fp16", "fp16-scan32"):
        m = m.half()
    if precision == "bf16":
        m = m.to(torch.bfloat16)
    return m


def set_scan_casts(precision):
    # vmunet.Mamba casts the scan's inputs to float32 through vmunet._as; "fp16"/"bf16" runs it in half too
    vmunet._as = (lambda t, dtype: t) if precision in ("fp16", "bf16") else ORIGINAL_AS


def dtype_of(precision):
    return {"fp32": torch.float32, "fp16": torch.float16, "fp16-scan32": torch.float16, "bf16": torch.bfloat16}[precision]


def timed(fn, iters, warmup=3):
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    ms = []
    for _ in range(iters):
        start.record()
        fn()
        end.record()
        end.synchronize()
        ms.append(start.elapsed_time(end))
    return float(np.median(ms)), float(np.min(ms))


def inputs():
    pack = np.load(sys.argv[1])
    x = np.stack([data.minmax_scale(im).transpose(2, 0, 1) for im in pack["rgb"]]).astype(np.float32)
    gt = np.unpackbits(pack["gt"], axis=-1)[..., :256].astype(bool)
    return torch.from_numpy(x), gt


def main():
    log("gpu", torch.cuda.get_device_name(0), "torch", torch.__version__, "cuda", torch.version.cuda,
        "cudnn", torch.backends.cudnn.version())
    RESULTS["environment"] = {"gpu": torch.cuda.get_device_name(0), "torch": torch.__version__,
                              "cuda": torch.version.cuda, "cudnn": torch.backends.cudnn.version()}
    torch.backends.cudnn.benchmark = True
    x_val, gt = inputs()
    variants = [("pairwise", "fp32"), ("pairwise", "fp16"), ("pairwise", "fp16-scan32"), ("pairwise", "bf16"),
                ("chunked", "fp32"), ("chunked", "fp16-scan32")]
    reference = None
    for form, precision in variants:
        m = build(form, precision)
        dt = dtype_of(precision)
        with torch.inference_mode():
            p = torch.cat([m(x_val[i:i + 50].cuda().to(dt)).float().cpu() for i in range(0, len(x_val), 50)])
        masks = (p[:, 0] >= 0.5).numpy()
        if reference is None:
            reference = masks
        same = float((masks == reference).mean())
        inter = float(np.logical_and(masks, gt).sum())
        dice = 2 * inter / float(masks.sum() + gt.sum())
        finite = bool(torch.isfinite(p).all())
        RESULTS["parity"].append({"form": form, "precision": precision, "maskPixelsSameAsFp32Pairwise": same,
                                  "valPooledDice": dice, "allFinite": finite})
        log(f"parity {form:8s} {precision:11s} same-as-fp32-pairwise {100 * same:.6f}% val pooled DSC {dice:.4f} finite {finite}")
        for batch in (1, 64, 256, 512):
            if form == "chunked" and batch > 256:
                continue  # the chunked form's (T, T) tensors: gigabytes at this batch, and not what ships
            x = torch.rand(batch, 3, 256, 256, device="cuda").mul(255).to(dt)
            iters = 30 if batch == 1 else 10
            with torch.inference_mode():
                med, best = timed(lambda: m(x), iters)
            row = {"form": form, "precision": precision, "batch": batch, "medianMs": med, "minMs": best,
                   "imagesPerSecond": batch * 1000 / med}
            RESULTS["timings"].append(row)
            log(f"eager {form:8s} {precision:11s} batch {batch:4d}: {med:8.3f} ms median, {row['imagesPerSecond']:8.0f} images/s")
        save()
        del m
        torch.cuda.empty_cache()

    # one launch per forward: CUDA graphs of the eager pairwise model
    for precision in ("fp32", "fp16"):
        m = build("pairwise", precision)
        dt = dtype_of(precision)
        for batch in (1, 256):
            static_x = torch.rand(batch, 3, 256, 256, device="cuda").mul(255).to(dt)
            with torch.no_grad():
                side = torch.cuda.Stream()
                side.wait_stream(torch.cuda.current_stream())
                with torch.cuda.stream(side):
                    for _ in range(3):
                        m(static_x)
                torch.cuda.current_stream().wait_stream(side)
                graph = torch.cuda.CUDAGraph()
                with torch.cuda.graph(graph):
                    static_y = m(static_x)
                med, best = timed(graph.replay, 50 if batch == 1 else 10)
                check = m(static_x)
                graph.replay()
                torch.cuda.synchronize()
                diff = float((check - static_y).abs().max())
            row = {"precision": precision, "batch": batch, "medianMs": med, "minMs": best,
                   "imagesPerSecond": batch * 1000 / med, "maxAbsDiffVsEager": diff}
            RESULTS["graphs"].append(row)
            log(f"cudagraph pairwise {precision:5s} batch {batch:4d}: {med:8.3f} ms median, {row['imagesPerSecond']:8.0f} images/s (max |diff| vs eager {diff:.2e})")
        save()
        del m
        torch.cuda.empty_cache()

    # where the eager GPU time goes, batch 256
    for precision in ("fp32", "fp16"):
        m = build("pairwise", precision)
        x = torch.rand(256, 3, 256, 256, device="cuda").mul(255).to(dtype_of(precision))
        with torch.inference_mode():
            for _ in range(3):
                m(x)
            torch.cuda.synchronize()
            with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CUDA]) as prof:
                m(x)
                torch.cuda.synchronize()
        table = prof.key_averages().table(sort_by="cuda_time_total", row_limit=30)
        with open(os.path.join(OUT, f"profile-pairwise-{precision}-b256.txt"), "w") as f:
            f.write(table)
        log(f"profile pairwise {precision}: written")
        del m
        torch.cuda.empty_cache()

    # fused kernels: torch.compile (Inductor), if time allows
    for precision in ("fp16", "fp32"):
        if time.time() - T0 > 330:
            log("compile", precision, "skipped: time")
            continue
        m = build("pairwise", precision)
        dt = dtype_of(precision)
        try:
            t = time.time()
            cm = torch.compile(m, dynamic=False)
            x = torch.rand(256, 3, 256, 256, device="cuda").mul(255).to(dt)
            with torch.inference_mode():
                cm(x)
                compile_s = time.time() - t
                med, best = timed(lambda: cm(x), 10)
            row = {"precision": precision, "batch": 256, "compileSeconds": compile_s, "medianMs": med,
                   "imagesPerSecond": 256 * 1000 / med}
            RESULTS["compiled"].append(row)
            log(f"compiled pairwise {precision} batch 256: {med:8.3f} ms, {row['imagesPerSecond']:8.0f} images/s (compile {compile_s:.0f} s)")
        except Exception as e:  # noqa: BLE001 - a probe: record why and go on
            RESULTS["compiled"].append({"precision": precision, "error": repr(e)[:500]})
            log("compile", precision, "failed:", repr(e)[:300])
        save()
        del m
        torch.cuda.empty_cache()
    log(f"done in {time.time() - T0:.0f} s")
    save()


if __name__ == "__main__":
    main()
