#!/usr/bin/env bash
# On the warm GPU machine after a gpu-check run: the warm batch pipeline of `bench` (640 images, batches of 32 on
# CUDA) with 8 (the default there) and 16 workers, each with -Ddermaseg.batch.profile=true, 2 rounds.
set -u
R=/tmp/gpucheck/gpucheck
test -d "$R" || { echo "machine was given back: no $R"; exit 3; }
PY=$(command -v python3 || echo /opt/torch/.venv/bin/python)
export LD_LIBRARY_PATH="$R/natives:$(ls -d /opt/torch/.venv/lib/python3.12/site-packages/nvidia/*/lib | tr '\n' ':')"
for round in 1 2; do
    for w in 8 16; do
        echo "== round $round, workers $w ($(uptime))"
        "$R/runtime/bin/java" -Ddermaseg.batch.profile=true -Donnxruntime.native.path="$R/natives" \
            -Ddermaseg.model.dir="$R/model" -jar "$R/app/dermaseg.jar" bench --engine onnx --device cuda \
            --runs 20 --warmup 10 --passes 1 --batch-sizes 32 --workers "$w" --images "$R/bench-images" \
            --batch-images 1280 --json 2> "$OUT/workers-$w-$round.err" > "$OUT/workers-$w-$round.json"
        grep -E "batch profile|CPU ms per stage|depth at put" "$OUT/workers-$w-$round.err"
        "$PY" -c 'import json,sys; p=json.load(open(sys.argv[1]))["engines"][0]["batchPipeline"]; print("pipeline %.1f images/s, %.2f ms CPU per image, %.2fx one at a time doing the same work" % (p["imagesPerSecond"], p["cpuMsPerImage"], p["batchVsOneAtATimeSameWork"]))' "$OUT/workers-$w-$round.json"
    done
done
