"""Summarise the GPU check's outputs (gpu-*.json in the folder given) into gpu-summary.json and a short text.

Standard library only (runs with the device's Python). Goals from issue 12: CUDA in use, masks >= 99.99 %
identical to the CPU engines', batch-1 latency <= 2 ms, engine throughput >= 5,000 images/s at the best batch
size, and the fallback giving a clear reason and a CPU result.
"""
import json
import os
import re
import sys
from datetime import datetime, timezone


def load(out, name):
    path = os.path.join(out, "gpu-%s.json" % name)
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        return json.loads(text) if text.strip() else None
    except (OSError, ValueError) as e:
        return {"error": "%s: %s" % (os.path.basename(path), e)}


def identical(doc):
    """Identical pixels of predicted vs reference masks over all images, at full resolution (tp + tn of each)."""
    if not doc or "images" not in doc:
        return None
    same = total = images = 0
    worst = None
    for row in doc["images"]:
        m = ((row.get("metrics") or {}).get("native")) or None
        if not m:
            continue
        s = m["tp"] + m["tn"]
        t = s + m["fp"] + m["fn"]
        same += s
        total += t
        images += 1
        frac = s / t if t else 1.0
        if worst is None or frac < worst[1]:
            worst = (row.get("path"), frac)
    if total == 0:
        return None
    return {"images": images, "pixels": total, "identicalPixels": same, "identicalFraction": same / total,
            "worstImage": worst[0], "worstImageIdenticalFraction": worst[1]}


def batch(doc):
    if not doc or "summary" not in doc:
        return doc
    s = doc["summary"]
    e = doc.get("engine") or {}
    return {"engine": e.get("label"), "detail": e.get("detail"), "fallbackReason": e.get("fallbackReason"),
            "choiceReason": e.get("choiceReason"), "ok": s.get("ok"), "failed": s.get("failed"),
            "wallSeconds": s.get("wallSeconds"), "imagesPerSecond": s.get("imagesPerSecond")}


def steps(out):
    rows = {}
    try:
        with open(os.path.join(out, "gpu-steps.txt"), encoding="utf-8") as f:
            for line in f:
                m = re.match(r"(\S+) rc=(\d+) ms=(\d+)", line)
                if m:
                    rows[m.group(1)] = {"exit": int(m.group(2)), "ms": int(m.group(3))}
    except OSError:
        pass
    return rows


def environment(out):
    env = {}
    try:
        with open(os.path.join(out, "gpu-environment.txt"), encoding="utf-8") as f:
            for line in f:
                if line.startswith(("date:", "host:")):
                    env[line[:4]] = line[5:].strip()
    except OSError:
        pass
    try:
        with open(os.path.join(out, "gpu-nvidia-smi.txt"), encoding="utf-8") as f:
            first = f.readline().strip()
        parts = [p.strip() for p in first.split(",")]
        if len(parts) == 3:
            env["gpu"], env["driver"], env["gpuMemory"] = parts
    except OSError:
        pass
    return env


def main(out):
    info = load(out, "info") or {}
    bench = load(out, "bench-cuda") or {}
    engines = bench.get("engines") or [{}]
    b = engines[0]
    throughput = b.get("throughput") or []
    best = max(throughput, key=lambda t: t["imagesPerSecond"]) if throughput else None
    env = environment(out)
    s = {
        "date": env.get("date") or datetime.now(timezone.utc).isoformat(),
        "host": env.get("host"),
        "gpu": env.get("gpu"),
        "driver": env.get("driver"),
        "gpuMemory": env.get("gpuMemory"),
        "onnxRuntime": info.get("onnxRuntime"),
        "onnxNatives": info.get("onnxNatives"),
        "onnxProviders": info.get("onnxProviders"),
        "cuda": info.get("cuda"),
        "onnxLibrariesLoaded": info.get("onnxLibrariesLoaded"),
        "bench": {
            "engine": b.get("engine"),
            "provider": b.get("detail"),
            "fallbackReason": b.get("fallbackReason"),
            "latencyBatch1Ms": b.get("latencyMs"),
            "throughput": [{"batch": t["batch"], "imagesPerSecond": t["imagesPerSecond"],
                            "medianMsPerRun": t["msPerRun"]["median"]} for t in throughput],
            "endToEndMsPerImage": b.get("endToEndMsPerImage"),
            "stageMeanMs": b.get("stageMeanMs"),
            "batchPipeline": b.get("batchPipeline"),
        },
        "batch": {k: batch(load(out, "batch-" + k)) for k in ("cuda", "auto", "java", "onnx-cpu")},
        "identical": {
            "cudaVsJava": identical(load(out, "compare-cuda-vs-java")),
            "cudaVsOnnxCpu": identical(load(out, "compare-cuda-vs-onnx-cpu")),
            "fallbackOnnxVsJava": identical(load(out, "fallback-compare")),
        },
        "fallback": {
            "cuda": (load(out, "fallback-info") or {}).get("cuda"),
            "auto": batch(load(out, "fallback-batch-auto")),
            "onnx": batch(load(out, "fallback-batch-onnx")),
        },
        "steps": steps(out),
    }
    lat = (b.get("latencyMs") or {}).get("median")
    cuda_batch = s["batch"]["cuda"] or {}
    ident = [v["identicalFraction"] for v in (s["identical"]["cudaVsJava"], s["identical"]["cudaVsOnnxCpu"]) if v]
    fb = s["fallback"]["onnx"] or {}
    s["goals"] = {
        "cudaInUse": b.get("engine") == "onnx/cuda" and cuda_batch.get("engine") == "onnx/cuda",
        "autoPicksCuda": (s["batch"]["auto"] or {}).get("engine") == "onnx/cuda",
        "masksIdenticalAtLeast99.99pct": bool(ident) and min(ident) >= 0.9999,
        "latencyBatch1AtMost2ms": lat is not None and lat <= 2.0,
        "throughputAtLeast5000": best is not None and best["imagesPerSecond"] >= 5000,
        "fallbackGivesReasonAndCpuResult": bool(fb.get("fallbackReason")) and fb.get("engine", "").endswith("/cpu")
                                           and fb.get("ok", 0) > 0,
    }
    with open(os.path.join(out, "gpu-summary.json"), "w", encoding="utf-8") as f:
        json.dump(s, f, indent=2)
    print("GPU %s, driver %s; ONNX Runtime %s (%s); providers %s" % (s["gpu"], s["driver"], s["onnxRuntime"],
                                                                    s["onnxNatives"], s["onnxProviders"]))
    print("cuda: %s" % s["cuda"])
    print("bench %s: batch-1 latency median %s ms; throughput %s" % (
        b.get("engine"), lat, ", ".join("b%d %.0f/s" % (t["batch"], t["imagesPerSecond"]) for t in throughput)))
    for k, v in s["batch"].items():
        if v and "imagesPerSecond" in v:
            print("batch %-8s %-10s %s ok, %.1f images/s" % (k, v["engine"], v["ok"], v["imagesPerSecond"] or 0))
    for k, v in s["identical"].items():
        if v:
            print("identical %-18s %.6f %% of %d pixels (worst image %s: %.6f %%)" % (
                k, 100 * v["identicalFraction"], v["pixels"], v["worstImage"], 100 * v["worstImageIdenticalFraction"]))
    print("fallback: %s -> %s" % (fb.get("engine"), fb.get("fallbackReason")))
    print("goals: " + json.dumps(s["goals"]))


if __name__ == "__main__":
    main(sys.argv[1])
