#!/usr/bin/env bash
# A/B on the warm GPU machine after a gpu-check run (2026-12-03): engine throughput and batch-1 latency of
# the ONNX Runtime CUDA engine, jar before (ab25091, per-run direct copies) and after (reused direct buffers,
# pinned output), taking turns, 3 rounds. Usage there: bash bench/results/gpu-2026-12-03/ab-onnx-buffers.sh OLD_JAR
set -u
R=/tmp/gpucheck/gpucheck
OLD="$1"
test -d "$R" || { echo "machine was given back: no $R"; exit 3; }
NVIDIA_LIBS=$(ls -d /opt/torch/.venv/lib/python3.12/site-packages/nvidia/*/lib 2>/dev/null | tr '\n' ':')
export LD_LIBRARY_PATH="$R/natives:${NVIDIA_LIBS}"
PY=$(command -v python3 || echo /opt/torch/.venv/bin/python)
for round in 1 2 3; do
    for v in before after; do
        jar="$R/app/dermaseg.jar"; [[ "$v" == before ]] && jar="$OLD"
        echo "== round $round $v ($(uptime))"
        "$R/runtime/bin/java" -Donnxruntime.native.path="$R/natives" -Ddermaseg.model.dir="$R/model" -jar "$jar" \
            bench --engine onnx --device cuda --runs 100 --warmup 20 --passes 1 --batch-sizes 8,32,64 \
            --images "$R/bench-images" --batch-images 640 --json > "$OUT/ab-$v-$round.json" 2>/dev/null
        "$PY" - "$OUT/ab-$v-$round.json" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))["engines"][0]
print("latency b1 median %.3f ms;" % e["latencyMs"]["median"],
      "; ".join("b%d %.0f/s" % (t["batch"], t["imagesPerSecond"]) for t in e["throughput"]),
      "; pipeline %.0f/s" % e["batchPipeline"]["imagesPerSecond"])
PY
    done
done
