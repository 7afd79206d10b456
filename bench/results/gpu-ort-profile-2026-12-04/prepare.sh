#!/usr/bin/env bash
# Builds target/ortprobe/ (git-ignored) for device.sh: bytedeco's CUDA 13 ONNX Runtime natives + Microsoft's JNI
# and Java API of the same version, a jlinked Java 17 runtime, as one xz archive cut into 34 MiB pieces with a
# SHA-256 manifest; and run/ (OrtGpuProbe compiled, the API's classes). From the repository root:
#   bash bench/results/gpu-ort-profile-2026-12-04/prepare.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
W=target/ortprobe
DL=$W/download
rm -rf "$W/stage" "$W/pieces" "$W/run"
mkdir -p "$W/pieces" "$W/run"
bash scripts/gpu-check/natives.sh 1.24.1 "$DL" "$W/stage/natives"
# the Java API's classes (the same in the CPU and GPU artifacts); the natives come from the folder
cp "$DL/onnxruntime_gpu-1.24.1.jar" "$W/run/ort.jar"
zip -q -d "$W/run/ort.jar" 'ai/onnxruntime/native/*' || true
jlink --add-modules java.base,java.logging,java.management,jdk.management,jdk.unsupported --strip-debug \
    --no-header-files --no-man-pages --compress=2 --output "$W/stage/runtime"
tar -C "$W/stage" -cf - natives runtime | xz -T0 -6 > "$W/base.tar.xz"
split -b 34M -d -a 2 "$W/base.tar.xz" "$W/pieces/piece-"
(cd "$W/pieces" && sha256sum piece-* > manifest.txt)
javac --release 17 -cp "$W/run/ort.jar" -d "$W/run" "$here/OrtGpuProbe.java"
ls -la "$W/pieces" "$W/run"
