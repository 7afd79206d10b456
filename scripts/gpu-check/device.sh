#!/usr/bin/env bash
# One `device` call of the GPU check (scripts/gpu-check/README.md). Run ON the device, from the repository root:
#
#   bash scripts/gpu-check/device.sh PIECE_INDEX     carry: gpucheck-pieces/manifest.txt, gpucheck-pieces/piece-NN
#
# Each call copies its carried piece to /tmp/gpucheck (which survives between calls while the machine is warm;
# carried paths in the checkout do not). The call that completes the set joins the pieces, checks them against
# the manifest, unpacks, and runs the checks (run-checks.sh from the archive), writing $OUT/gpu-*.json, then
# packs them into $OUT/gpu-results.tar.gz.
#
#   bash scripts/gpu-check/device.sh --local         here, on the CPU: unpacks target/gpucheck's archive and runs
#                                                    the same checks (CUDA unavailable: the fallback path)
set -euo pipefail

DEST=/tmp/gpucheck
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PIECES="$ROOT/gpucheck-pieces"

unpack_and_run() {   # $1 = archive
    rm -rf "$DEST/gpucheck"
    if command -v xz > /dev/null; then
        xz -dc "$1" | tar -C "$DEST" -xf -
    else   # no xz binary: Python's lzma module does the same
        py=$(command -v python3 || echo /opt/torch/.venv/bin/python)
        "$py" -c 'import lzma,shutil,sys; shutil.copyfileobj(lzma.open(sys.argv[1]), sys.stdout.buffer)' "$1" \
            | tar -C "$DEST" -xf -
    fi
    GPUCHECK_ROOT="$DEST/gpucheck" OUT="$OUT" bash "$DEST/gpucheck/run-checks.sh"
}

if [[ "${1:-}" == "--local" ]]; then
    DEST="$ROOT/target/gpucheck/local"
    OUT="${OUT:-$DEST/out}"
    mkdir -p "$OUT"
    export GPUCHECK_LOCAL=1 GPUCHECK_IMAGES="${GPUCHECK_IMAGES:-40}" BENCH_RUNS="${BENCH_RUNS:-20}"
    unpack_and_run "$ROOT/target/gpucheck/gpucheck.tar.xz"
    exit 0
fi

index="${1:?usage: device.sh PIECE_INDEX | --local}"
OUT="${OUT:-$DEST/out}"
mkdir -p "$OUT"
piece=$(printf 'piece-%02d' "$index")
[[ -f "$PIECES/manifest.txt" ]] || { echo "gpucheck-pieces/manifest.txt was not carried" >&2; exit 1; }
[[ -f "$PIECES/$piece" ]] || { echo "gpucheck-pieces/$piece was not carried" >&2; exit 1; }

# a manifest from another prepare.sh run: the pieces already here belong to another archive
mkdir -p "$DEST/pieces"
if ! cmp -s "$PIECES/manifest.txt" "$DEST/pieces/manifest.txt" 2>/dev/null; then
    rm -f "$DEST"/pieces/*
    cp "$PIECES/manifest.txt" "$DEST/pieces/manifest.txt"
fi
want=$(awk -v p="$piece" '$1 == "piece" && $2 == p {print $3}' "$DEST/pieces/manifest.txt")
[[ -n "$want" ]] || { echo "$piece is not in the manifest" >&2; exit 1; }
got=$(sha256sum "$PIECES/$piece" | cut -d' ' -f1)
[[ "$got" == "$want" ]] || { echo "$piece: SHA-256 $got, manifest says $want" >&2; exit 1; }
cp "$PIECES/$piece" "$DEST/pieces/$piece"
echo "$piece stored in $DEST/pieces (SHA-256 OK)"

missing=()
while read -r kind name sha size; do
    [[ "$kind" == piece ]] || continue
    [[ -f "$DEST/pieces/$name" ]] && [[ $(stat -c %s "$DEST/pieces/$name") == "$size" ]] || missing+=("$name")
done < "$DEST/pieces/manifest.txt"
if (( ${#missing[@]} > 0 )); then
    echo "waiting for: ${missing[*]} (the machine must stay warm between calls: /tmp/gpucheck is lost when it is given back)"
    exit 0
fi

echo "all pieces here: joining"
awk '$1 == "piece" {print $2}' "$DEST/pieces/manifest.txt" | while read -r name; do cat "$DEST/pieces/$name"; done \
    > "$DEST/gpucheck.tar.xz"
want=$(awk '$1 == "archive" {print $2}' "$DEST/pieces/manifest.txt")
got=$(sha256sum "$DEST/gpucheck.tar.xz" | cut -d' ' -f1)
[[ "$got" == "$want" ]] || { echo "archive: SHA-256 $got, manifest says $want" >&2; exit 1; }
cp "$DEST/pieces/manifest.txt" "$OUT/gpu-manifest.txt"
rc=0
unpack_and_run "$DEST/gpucheck.tar.xz" || rc=$?
# the device tool brings back only a few files per call (8 on 2026-12-03; the rest were lost): everything goes
# into one archive, and only the summary and the step list stay beside it
(cd "$OUT" && tar czf gpu-results.tar.gz gpu-* && find . -maxdepth 1 -name 'gpu-*' ! -name gpu-results.tar.gz \
    ! -name gpu-summary.txt ! -name gpu-summary.json ! -name gpu-steps.txt -delete)
exit "$rc"
