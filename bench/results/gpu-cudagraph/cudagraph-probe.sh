#!/usr/bin/env bash
# CudaGraphProbe on the lent GPU machine (bench/results/gpu-cudagraph/README.md). Run from the repository root after
# the gpu-check pieces are unpacked there (bash bench/results/gpu-graph/gpu-probe.sh piece N, N = 0..5), carrying
# target/cgraph (prepare.sh). Uses the jlinked Java runtime and the CUDA 13 ONNX Runtime natives of that archive,
# the CUDA libraries of the device's PyTorch environment, and bytedeco's JNI library from target/cgraph/lib.
#   bash bench/results/gpu-cudagraph/cudagraph-probe.sh [CudaGraphProbe flags]
# Environment: GPUCHECK_ROOT (default /tmp/gpucheck/gpucheck), OUT (default /tmp/cgraph-out), DEVICE (default cuda),
# MODELS (default: the three graphs in target/cgraph).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$ROOT"
R="${GPUCHECK_ROOT:-/tmp/gpucheck/gpucheck}"
OUT="${OUT:-/tmp/cgraph-out}"
D=target/cgraph
mkdir -p "$OUT"
[[ -x "$R/runtime/bin/java" ]] || { echo "no $R/runtime/bin/java: send the pieces first (gpu-probe.sh piece N)" >&2; exit 1; }
[[ -f "$D/classes/CudaGraphProbe.class" ]] || { echo "$D/classes/CudaGraphProbe.class missing: carry target/cgraph" >&2; exit 1; }
NVIDIA_LIBS=$(ls -d /opt/torch/.venv/lib/python3.12/site-packages/nvidia/*/lib 2>/dev/null | tr '\n' ':' || true)
export LD_LIBRARY_PATH="$D/lib:$R/natives:${NVIDIA_LIBS}${LD_LIBRARY_PATH:-}"
read -r -a models <<< "${MODELS:-$D/current.onnx $D/lean.onnx $D/lean-pairwise.onnx}"
{
    echo "date: $(date -u +%FT%TZ); host $(hostname), $(nproc) cores; $(uptime)"
    nvidia-smi --query-gpu=name,driver_version,memory.total,memory.used,utilization.gpu --format=csv,noheader 2>&1 || true
    echo "LD_LIBRARY_PATH=$LD_LIBRARY_PATH"
    ls -l "$R/natives"
} | tee "$OUT/environment.txt"
set +e
"$R/runtime/bin/java" -Dorg.bytedeco.javacpp.loadLibraries=false -cp "$D/jars/*:$D/classes" CudaGraphProbe \
    --jni-dir "$D/lib" --device "${DEVICE:-cuda}" --inputs "$D/inputs-10.f32" "$@" "${models[@]}" 2>&1 \
    | tee "$OUT/cudagraph-probe.txt"
rc=${PIPESTATUS[0]}
echo "CudaGraphProbe rc=$rc" | tee -a "$OUT/cudagraph-probe.txt"
exit "$rc"
