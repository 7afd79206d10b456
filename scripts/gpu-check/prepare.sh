#!/usr/bin/env bash
# Prepares the GPU check (scripts/gpu-check/README.md): builds the app jar, a jlinked Java runtime, the CUDA 13
# ONNX Runtime natives and >= 600 ISIC 2017 images into one archive, split into git-ignored pieces small enough
# for one `device` call each (a call carries at most 64 MiB, the tracked files included).
#
#   bash scripts/gpu-check/prepare.sh            # from the repository root; writes gpucheck-pieces/
#
# Environment: GPUCHECK_IMAGES (default 640), GPUCHECK_PIECE_MIB (default 38: the tracked
# files take about 23 MB of each call's 64 MiB), GPUCHECK_SKIP_BUILD=1 (reuse
# app/target/dermaseg.jar), ISIC_IMAGES (default ../shared/data/isic2017-256/images).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
ORT_VERSION="$(sed -n 's:.*<onnxruntime.version>\(.*\)</onnxruntime.version>.*:\1:p' pom.xml | head -1)"
BYTEDECO_VERSION="${ORT_VERSION}-1.5.13"
IMAGES="${GPUCHECK_IMAGES:-640}"
PIECE_MIB="${GPUCHECK_PIECE_MIB:-30}"   # + the tracked checkout (27 MB on 2026-12-03) must stay under 64 MiB a call
ISIC="${ISIC_IMAGES:-$ROOT/../shared/data/isic2017-256/images}"
OUT="$ROOT/gpucheck-pieces"
WORK="$ROOT/target/gpucheck"          # target/ is git-ignored
STAGE="$WORK/gpucheck"                # becomes /tmp/gpucheck/root on the device

say() { printf '[prepare] %s\n' "$*" >&2; }

rm -rf "$WORK" "$OUT"
mkdir -p "$STAGE"/{app,natives,images} "$OUT"

# 1. the app jar (CPU build: its Java classes are the same in onnxruntime_gpu; the natives come from the folder)
if [[ "${GPUCHECK_SKIP_BUILD:-0}" != 1 || ! -f app/target/dermaseg.jar ]]; then
    say "building app/target/dermaseg.jar"
    mvn -B -q -DskipTests package
fi
cp app/target/dermaseg.jar "$STAGE/app/dermaseg.jar"
# the CLI needs neither JavaFX nor the bundled CPU natives of ONNX Runtime (the folder replaces them)
zip -q -d "$STAGE/app/dermaseg.jar" 'javafx/*' 'com/sun/javafx/*' 'com/sun/glass/*' 'com/sun/prism/*' \
    'com/sun/scenario/*' 'com/sun/marlin/*' 'com/sun/pisces/*' 'com/sun/openpisces/*' 'lib*.so' \
    'ai/onnxruntime/native/*' 'nu/pattern/opencv/osx/*' 'nu/pattern/opencv/windows/*' > /dev/null 2>&1 || true
cp -r model "$STAGE/model"
rm -rf "$STAGE/model/work" "$STAGE/model/golden"

# 2. a jlinked runtime: what the CLI uses headless (jdeps also names java.sql, jdk.jfr and the desktop module;
#    the CLI's commands run without them: checked by scripts/gpu-check/device.sh --local)
say "jlink runtime"
jlink --add-modules java.base,java.logging,java.management,jdk.management,jdk.unsupported --strip-debug --no-header-files \
    --no-man-pages --compress=2 --output "$STAGE/runtime"

# 3. natives: ONNX Runtime built for CUDA 13 (bytedeco) + Microsoft's JNI of the same version from onnxruntime_gpu
say "natives: org.bytedeco:onnxruntime:$BYTEDECO_VERSION:linux-x86_64-gpu + onnxruntime_gpu:$ORT_VERSION JNI"
bash scripts/gpu-check/natives.sh "$ORT_VERSION" "$WORK/download" "$STAGE/natives"

# 4. images: the first N of ISIC 2017 (sorted names, so every run checks the same ones)
say "images: $IMAGES from $ISIC"
n=0
while IFS= read -r f; do
    cp "$ISIC/$f" "$STAGE/images/"
    n=$((n + 1))
# awk, not head: head exits after N lines and, with pipefail, the SIGPIPE of ls/sort ended the script (rc 141)
done < <(ls "$ISIC" | grep -iE '\.(jpe?g|png)$' | sort | awk -v n="$IMAGES" 'NR <= n')
if (( n < IMAGES )); then
    echo "only $n images in $ISIC (need $IMAGES)" >&2
    exit 1
fi
# ten of them for the end-to-end part of bench
mkdir -p "$STAGE/bench-images"
ls "$STAGE/images" | sort | awk 'NR <= 10' | while IFS= read -r f; do cp "$STAGE/images/$f" "$STAGE/bench-images/"; done

# 5. the commands to run there travel inside too, so the pieces and the script always match
cp scripts/gpu-check/run-checks.sh scripts/gpu-check/summarise.py "$STAGE/"

# 6. one xz archive, split into pieces, with a manifest (piece names, sizes, SHA-256; whole-archive SHA-256)
say "archive (xz, this takes a few minutes on 2 cores)"
tar -C "$WORK" -cf - gpucheck | xz -T0 -6 > "$WORK/gpucheck.tar.xz"
split -b "${PIECE_MIB}M" -d -a 2 "$WORK/gpucheck.tar.xz" "$OUT/piece-"
{
    echo "# gpu-check pieces: built $(date -u +%FT%TZ) from $(git rev-parse --short HEAD)$(git diff --quiet || echo '+dirty')"
    echo "archive $(sha256sum "$WORK/gpucheck.tar.xz" | cut -d' ' -f1) $(stat -c %s "$WORK/gpucheck.tar.xz")"
    for p in "$OUT"/piece-*; do
        echo "piece $(basename "$p") $(sha256sum "$p" | cut -d' ' -f1) $(stat -c %s "$p")"
    done
} > "$OUT/manifest.txt"
count=$(ls "$OUT"/piece-* | wc -l)
say "done: $count pieces in gpucheck-pieces/ ($(du -sh "$WORK/gpucheck.tar.xz" | cut -f1) archive); device calls:"
for p in "$OUT"/piece-*; do
    i=$(basename "$p" | sed 's/piece-0*//; s/^$/0/')
    echo "  bash scripts/gpu-check/device.sh $i    carry: [\"gpucheck-pieces/manifest.txt\", \"gpucheck-pieces/$(basename "$p")\"]"
done
