#!/usr/bin/env bash
# The GPU check itself, run from the unpacked archive by device.sh (on the device, or --local here on the CPU).
# Every step writes $OUT/gpu-<step>.json (stdout of the command) and appends its stderr to $OUT/gpu-log.txt;
# a failing step is recorded and the next one still runs. summarise.py writes $OUT/gpu-summary.json last.
set -uo pipefail

R="${GPUCHECK_ROOT:?}"
OUT="${OUT:?}"
WORK="${GPUCHECK_WORK:-$(dirname "$R")/work}"
LOCAL="${GPUCHECK_LOCAL:-0}"
BENCH_RUNS="${BENCH_RUNS:-200}"
mkdir -p "$OUT"
rm -rf "$WORK"
mkdir -p "$WORK"
LOG="$OUT/gpu-log.txt"
: > "$LOG"
STEPS="$OUT/gpu-steps.txt"
: > "$STEPS"

JAVA="$R/runtime/bin/java"
# the CUDA 13 and cuDNN 9 libraries of the device's PyTorch environment (the CUDA provider needs libcublas.so.13,
# libcublasLt.so.13, libcudart.so.13, libcufft.so.12, libcudnn.so.9)
NVIDIA_LIBS=$(ls -d /opt/torch/.venv/lib/python3.12/site-packages/nvidia/*/lib 2>/dev/null | tr '\n' ':')
CUDA_PATH_ENV="$R/natives:${NVIDIA_LIBS}${LD_LIBRARY_PATH:-}"
# the fallback steps: the same natives less the CUDA provider library, and no CUDA folders on the path. Taking
# the folders off LD_LIBRARY_PATH alone was not enough on the lent machine (the provider still loaded: its
# libraries were found another way), so the provider itself is left out of the folder ONNX Runtime loads from
NO_CUDA_NATIVES="$WORK/natives-without-cuda"
mkdir -p "$NO_CUDA_NATIVES"
for f in "$R/natives"/*; do
    [[ "$(basename "$f")" == libonnxruntime_providers_cuda.so ]] || ln -s "$f" "$NO_CUDA_NATIVES/$(basename "$f")"
done
NO_CUDA_PATH_ENV="$NO_CUDA_NATIVES"
NATIVES="$R/natives"   # what step() passes as onnxruntime.native.path; the fallback steps set it to NO_CUDA_NATIVES
CORES=$(nproc)

# the images: all of them, or the first GPUCHECK_IMAGES (local runs on 2 cores)
IMAGES="$R/images"
if [[ -n "${GPUCHECK_IMAGES:-}" ]]; then
    IMAGES="$WORK/images"
    mkdir -p "$IMAGES"
    ls "$R/images" | sort | head -n "$GPUCHECK_IMAGES" | while read -r f; do ln -s "$R/images/$f" "$IMAGES/$f"; done
fi
N_IMAGES=$(ls "$IMAGES" | wc -l)

# step NAME LD_LIBRARY_PATH ARGS...: one CLI run, its JSON to $OUT/gpu-NAME.json, timed, exit code recorded
step() {
    local name="$1" ldpath="$2"
    shift 2
    echo "== $name: dermaseg $*  ($(uptime))" | tee -a "$LOG" >&2
    local t0=$(date +%s%N)
    LD_LIBRARY_PATH="$ldpath" "$JAVA" -Donnxruntime.native.path="$NATIVES" -Ddermaseg.model.dir="$R/model" \
        -jar "$R/app/dermaseg.jar" "$@" > "$OUT/gpu-$name.json" 2>> "$LOG"
    local rc=$?
    local t1=$(date +%s%N)
    echo "$name rc=$rc ms=$(( (t1 - t0) / 1000000 ))" | tee -a "$STEPS" >&2
}

{
    echo "date: $(date -u +%FT%TZ)"
    echo "host: $(hostname) cores $CORES; $(uptime)"
    echo "local: $LOCAL; images: $N_IMAGES"
    echo "LD_LIBRARY_PATH (CUDA steps): $CUDA_PATH_ENV"
    ls -la "$R/natives"
} > "$OUT/gpu-environment.txt" 2>&1
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader > "$OUT/gpu-nvidia-smi.txt" 2>&1 \
    || echo "no nvidia-smi" > "$OUT/gpu-nvidia-smi.txt"

# 1. what loads: natives, providers, and whether a CUDA session starts (why not, if not)
step info "$CUDA_PATH_ENV" info --json
# 2. engine latency at batch 1 and throughput at 8, 32, 64 per run; end to end on 10 images; batch pipeline vs
#    one at a time
step bench-cuda "$CUDA_PATH_ENV" bench --engine onnx --device cuda --runs "$BENCH_RUNS" --warmup 30 --passes 3 \
    --batch-sizes 8,32,64 --images "$R/bench-images" --batch-images "$N_IMAGES" --json
# 3. the batch over all images on CUDA, then with the CPU engines, masks kept for the comparison
step batch-cuda "$CUDA_PATH_ENV" batch --engine onnx --device cuda --workers "$CORES" "$IMAGES" -o "$WORK/cuda" --json
step batch-auto "$CUDA_PATH_ENV" batch --engine auto --workers "$CORES" "$IMAGES" -o "$WORK/auto" --json
step batch-java "$CUDA_PATH_ENV" batch --engine java --device cpu --workers "$CORES" "$IMAGES" -o "$WORK/java" --json
step batch-onnx-cpu "$CUDA_PATH_ENV" batch --engine onnx --device cpu --workers "$CORES" "$IMAGES" -o "$WORK/onnx-cpu" --json
# 4. pixel comparison: the CPU engines' masks as "ground truth" for the CUDA masks; per image tp+tn = identical
#    pixels at full resolution (native protocol)
step compare-cuda-vs-java "$CUDA_PATH_ENV" evaluate --pred "$WORK/cuda" --gt "$WORK/java" --protocol native --json
step compare-cuda-vs-onnx-cpu "$CUDA_PATH_ENV" evaluate --pred "$WORK/cuda" --gt "$WORK/onnx-cpu" --protocol native --json
# 5. the fallback: the natives without the CUDA provider, no CUDA libraries on the path; CUDA asked for, CPU result
NATIVES="$NO_CUDA_NATIVES"
FALLBACK="$WORK/fallback-images"
mkdir -p "$FALLBACK"
ls "$IMAGES" | sort | head -n 20 | while read -r f; do ln -s "$(readlink -f "$IMAGES/$f")" "$FALLBACK/$f"; done
step fallback-info "$NO_CUDA_PATH_ENV" info --json
step fallback-batch-auto "$NO_CUDA_PATH_ENV" batch --engine auto --device cuda "$FALLBACK" -o "$WORK/fallback-auto" --json
step fallback-batch-onnx "$NO_CUDA_PATH_ENV" batch --engine onnx --device cuda "$FALLBACK" -o "$WORK/fallback-onnx" --json
step fallback-compare "$NO_CUDA_PATH_ENV" evaluate --pred "$WORK/fallback-onnx" --gt "$WORK/java" --protocol native --json

py=$(command -v python3 || echo /opt/torch/.venv/bin/python)
[[ -x "$py" ]] || py=/opt/torch/.venv/bin/python
"$py" "$R/summarise.py" "$OUT" | tee "$OUT/gpu-summary.txt"
