#!/usr/bin/env bash
# One `device` call of the ONNX Runtime CUDA profile probe (README.md here). On the device, from the repository root:
#   bash bench/results/gpu-ort-profile-2026-12-04/device.sh N      carry: target/ortprobe/pieces/{manifest.txt,piece-0N}
# The last piece's call also carries target/ortprobe/run (OrtGpuProbe.class, ort.jar) and runs the probe.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
DEST=/tmp/ortprobe
mkdir -p "$DEST/pieces"
cmp -s target/ortprobe/pieces/manifest.txt "$DEST/pieces/manifest.txt" 2>/dev/null || { rm -f "$DEST"/pieces/*; cp target/ortprobe/pieces/manifest.txt "$DEST/pieces/"; }
p=$(printf 'piece-%02d' "$1")
cp "target/ortprobe/pieces/$p" "$DEST/pieces/"
(cd "$DEST/pieces" && grep " $p\$" manifest.txt | sha256sum -c -)
n=$(grep -c ' piece-' "$DEST/pieces/manifest.txt")
have=$(ls "$DEST"/pieces/piece-* | wc -l)
if (( have < n )); then echo "have $have of $n pieces"; exit 0; fi
[[ -d target/ortprobe/run ]] || { echo "all pieces here; carry target/ortprobe/run with this call to run"; exit 0; }
cat "$DEST"/pieces/piece-* | xz -dc | tar -C "$DEST" -xf -
export LD_LIBRARY_PATH="$DEST/natives:$(find /opt/torch/.venv/lib/python3.12/site-packages/nvidia -maxdepth 3 -type d -name lib | paste -sd:)"
nvidia-smi --query-gpu=name,driver_version,memory.used --format=csv,noheader 2>&1 | tee "$OUT/environment.txt" || true
uptime | tee -a "$OUT/environment.txt"
mkdir -p "$DEST/variants" "$DEST/profiles"
"${PYTHON:-python3}" "$here/variants.py" "$DEST/variants" 2>&1 | grep -v -i warn | tee "$OUT/variants.txt" || true
cp model/ultralight-vmunet.onnx "$DEST/variants/shipped.onnx"
PROBE_THREADS="${PROBE_THREADS:-1}" "$DEST/runtime/bin/java" -Donnxruntime.native.path="$DEST/natives" -cp target/ortprobe/run/ort.jar:target/ortprobe/run \
    OrtGpuProbe "$DEST/profiles" "$DEST/variants/copyonly.onnx" "$DEST/variants/shipped.onnx" "$DEST/variants/upmm.onnx" "$DEST/variants/fp16-scan32.onnx" \
    "$DEST/variants/fp16.onnx" 2>&1 | grep -v '^\s*$' | tee "$OUT/probe.txt" || true
for f in "$DEST"/profiles/*.json; do
    [[ -f "$f" ]] || continue
    name=$(basename "$f" .json)
    "${PYTHON:-python3}" "$here/summarise_profile.py" "$f" 8 > "$OUT/summary-$name.txt"
done
tar -C "$DEST/profiles" -czf "$OUT/profiles.tar.gz" .
ls -la "$OUT"
