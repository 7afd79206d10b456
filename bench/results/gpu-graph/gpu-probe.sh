#!/usr/bin/env bash
# GraphProbe on the lent GPU machine (bench/results/gpu-graph/README.md). Run from the repository root.
#
#   bash bench/results/gpu-graph/gpu-probe.sh piece N      carry: gpucheck-pieces/manifest.txt, gpucheck-pieces/piece-0N
#       stores one piece of scripts/gpu-check's archive in /tmp/gpucheck/pieces (SHA-256 checked, as device.sh does);
#       the call that completes the set joins, checks and unpacks it to /tmp/gpucheck/gpucheck, WITHOUT running the
#       GPU check (device.sh N would run all of run-checks.sh then: minutes of device time)
#   bash bench/results/gpu-graph/gpu-probe.sh run [GraphProbe flags]     carry: target/lean
#       runs GraphProbe with the jlinked Java runtime, the app jar's ONNX Runtime classes and the CUDA 13 natives of
#       /tmp/gpucheck/gpucheck (unpacked by `piece` above or by scripts/gpu-check/device.sh), CUDA libraries of the
#       device's PyTorch environment on LD_LIBRARY_PATH exactly as run-checks.sh sets them; output under $OUT
#
# Environment: GPUPROBE_DEST (default /tmp/gpucheck), GPUCHECK_ROOT (default \$GPUPROBE_DEST/gpucheck), OUT (default /tmp/gpu-graph-out),
# MODELS (default: target/lean/current.onnx target/lean/lean.onnx target/lean/lean-pairwise.onnx),
# DEVICE (default cuda; cpu to try it here against target/gpucheck/gpucheck).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$ROOT"
DEST="${GPUPROBE_DEST:-/tmp/gpucheck}"   # pieces and unpacked archive; device.sh uses /tmp/gpucheck too
OUT="${OUT:-/tmp/gpu-graph-out}"
mkdir -p "$OUT"

case "${1:-}" in
piece)
    index="${2:?usage: gpu-probe.sh piece N}"
    PIECES="$ROOT/gpucheck-pieces"
    piece=$(printf 'piece-%02d' "$index")
    [[ -f "$PIECES/manifest.txt" && -f "$PIECES/$piece" ]] || { echo "carry gpucheck-pieces/manifest.txt and $piece" >&2; exit 1; }
    mkdir -p "$DEST/pieces"
    if ! cmp -s "$PIECES/manifest.txt" "$DEST/pieces/manifest.txt" 2>/dev/null; then
        rm -f "$DEST"/pieces/*
        cp "$PIECES/manifest.txt" "$DEST/pieces/manifest.txt"
    fi
    want=$(awk -v p="$piece" '$1 == "piece" && $2 == p {print $3}' "$DEST/pieces/manifest.txt")
    got=$(sha256sum "$PIECES/$piece" | cut -d' ' -f1)
    [[ -n "$want" && "$got" == "$want" ]] || { echo "$piece: SHA-256 $got, manifest says ${want:-nothing}" >&2; exit 1; }
    cp "$PIECES/$piece" "$DEST/pieces/$piece"
    echo "$piece stored in $DEST/pieces (SHA-256 OK)"
    missing=()
    while read -r kind name sha size; do
        [[ "$kind" == piece ]] || continue
        [[ -f "$DEST/pieces/$name" && $(stat -c %s "$DEST/pieces/$name") == "$size" ]] || missing+=("$name")
    done < "$DEST/pieces/manifest.txt"
    if (( ${#missing[@]} > 0 )); then
        echo "waiting for: ${missing[*]} (the machine must stay warm between calls)"
        exit 0
    fi
    awk '$1 == "piece" {print $2}' "$DEST/pieces/manifest.txt" | while read -r name; do cat "$DEST/pieces/$name"; done \
        > "$DEST/gpucheck.tar.xz"
    want=$(awk '$1 == "archive" {print $2}' "$DEST/pieces/manifest.txt")
    got=$(sha256sum "$DEST/gpucheck.tar.xz" | cut -d' ' -f1)
    [[ "$got" == "$want" ]] || { echo "archive: SHA-256 $got, manifest says $want" >&2; exit 1; }
    rm -rf "$DEST/gpucheck"
    if command -v xz > /dev/null; then
        xz -dc "$DEST/gpucheck.tar.xz" | tar -C "$DEST" -xf -
    else
        py=$(command -v python3 || echo /opt/torch/.venv/bin/python)
        "$py" -c 'import lzma,shutil,sys; shutil.copyfileobj(lzma.open(sys.argv[1]), sys.stdout.buffer)' \
            "$DEST/gpucheck.tar.xz" | tar -C "$DEST" -xf -
    fi
    echo "unpacked to $DEST/gpucheck: $(ls "$DEST/gpucheck" | tr '\n' ' ')"
    ;;
run)
    shift
    R="${GPUCHECK_ROOT:-$DEST/gpucheck}"
    [[ -x "$R/runtime/bin/java" ]] || { echo "no $R/runtime/bin/java: send the pieces first (gpu-probe.sh piece N)" >&2; exit 1; }
    [[ -f target/lean/classes/GraphProbe.class ]] || { echo "target/lean/classes/GraphProbe.class missing: carry target/lean" >&2; exit 1; }
    NVIDIA_LIBS=$(ls -d /opt/torch/.venv/lib/python3.12/site-packages/nvidia/*/lib 2>/dev/null | tr '\n' ':' || true)
    export LD_LIBRARY_PATH="$R/natives:${NVIDIA_LIBS}${LD_LIBRARY_PATH:-}"
    read -r -a models <<< "${MODELS:-target/lean/current.onnx target/lean/lean.onnx target/lean/lean-pairwise.onnx}"
    dev="${DEVICE:-cuda}"
    {
        echo "date: $(date -u +%FT%TZ); host $(hostname), $(nproc) cores; $(uptime)"
        nvidia-smi --query-gpu=name,driver_version,memory.total,memory.used,utilization.gpu --format=csv,noheader 2>&1 || true
        echo "LD_LIBRARY_PATH=$LD_LIBRARY_PATH"
    } | tee "$OUT/gpu-graph-environment.txt"
    set +e
    "$R/runtime/bin/java" -Donnxruntime.native.path="$R/natives" -cp "$R/app/dermaseg.jar:target/lean/classes" \
        GraphProbe --device "$dev" --inputs target/lean/inputs-10.f32 --optimized-dir "$OUT/ort-opt" \
        --json "$OUT/gpu-graph-$dev.json" "$@" "${models[@]}" 2>&1 | tee "$OUT/gpu-graph-$dev.txt"
    rc=${PIPESTATUS[0]}
    echo "GraphProbe rc=$rc" | tee -a "$OUT/gpu-graph-$dev.txt"
    exit "$rc"
    ;;
*)
    echo "usage: gpu-probe.sh piece N | run [GraphProbe flags]" >&2
    exit 1
    ;;
esac
