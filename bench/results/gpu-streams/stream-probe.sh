#!/usr/bin/env bash
# StreamProbe on the lent GPU machine (README.md here). Run from the repository root, after the pieces of
# scripts/gpu-check's archive were stored and unpacked by `bash bench/results/gpu-graph/gpu-probe.sh piece N`
# (N = 0..5, carry gpucheck-pieces/manifest.txt and gpucheck-pieces/piece-0N, back to back on a warm machine).
#
#   bash bench/results/gpu-streams/stream-probe.sh [StreamProbe flags]     carry: target/streams
#
# target/streams holds classes/StreamProbe.class (javac --release 17 against ONNX Runtime 1.24.1's jar) and the
# lean graphs of bench/results/gpu-graph/export_lean.py; the shipped model comes from model/. Uses the jlinked
# runtime, the app jar's ONNX Runtime classes and the CUDA 13 natives of /tmp/gpucheck/gpucheck, with the
# device's PyTorch CUDA libraries on LD_LIBRARY_PATH as run-checks.sh sets them. Output under $OUT.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$ROOT"
R="${GPUCHECK_ROOT:-/tmp/gpucheck/gpucheck}"
OUT="${OUT:-/tmp/gpu-streams-out}"
mkdir -p "$OUT"
[[ -x "$R/runtime/bin/java" ]] || { echo "no $R/runtime/bin/java: send the pieces first" >&2; exit 1; }
[[ -f target/streams/classes/StreamProbe.class ]] || { echo "carry target/streams" >&2; exit 1; }
NVIDIA_LIBS=$(ls -d /opt/torch/.venv/lib/python3.12/site-packages/nvidia/*/lib 2>/dev/null | tr '\n' ':' || true)
export LD_LIBRARY_PATH="$R/natives:${NVIDIA_LIBS}${LD_LIBRARY_PATH:-}"
read -r -a models <<< "${MODELS:-model/ultralight-vmunet.onnx target/streams/lean.onnx target/streams/lean-pairwise.onnx}"
{
    echo "date: $(date -u +%FT%TZ); host $(hostname), $(nproc) cores; $(uptime)"
    nvidia-smi --query-gpu=name,driver_version,memory.total,memory.used,utilization.gpu --format=csv,noheader 2>&1 || true
} | tee "$OUT/environment.txt"
"$R/runtime/bin/java" -Donnxruntime.native.path="$R/natives" -cp "$R/app/dermaseg.jar:target/streams/classes" \
    StreamProbe --device "${DEVICE:-cuda}" --json "$OUT/streams.json" "$@" "${models[@]}" 2>&1 | tee "$OUT/streams.txt"
