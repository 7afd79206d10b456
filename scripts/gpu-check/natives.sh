#!/usr/bin/env bash
# The CUDA 13 ONNX Runtime natives of docs/gpu.md into one folder: libonnxruntime.so (+ .so.1 link), the shared
# and CUDA provider libraries from org.bytedeco:onnxruntime:VERSION-1.5.13:linux-x86_64-gpu, and Microsoft's
# JNI from com.microsoft.onnxruntime:onnxruntime_gpu:VERSION (fetched with mvn dependency:copy). Used by
# prepare.sh here and by bench/results/gpu-ort-profile-2026-12-04/prepare.sh.
#
#   bash scripts/gpu-check/natives.sh ORT_VERSION DOWNLOAD_DIR NATIVES_DIR
#
# DOWNLOAD_DIR keeps both jars (the caller may take the Java API's classes from onnxruntime_gpu-VERSION.jar).
set -euo pipefail
ORT_VERSION=$1 DL=$2 NATIVES=$3
BYTEDECO_VERSION="${ORT_VERSION}-1.5.13"
mkdir -p "$DL" "$NATIVES"
mvn -B -q dependency:copy -Dartifact="org.bytedeco:onnxruntime:$BYTEDECO_VERSION:jar:linux-x86_64-gpu" \
    -DoutputDirectory="$DL" -Dmdep.useBaseVersion=true
mvn -B -q dependency:copy -Dartifact="com.microsoft.onnxruntime:onnxruntime_gpu:$ORT_VERSION" \
    -DoutputDirectory="$DL"
BD="org/bytedeco/onnxruntime/linux-x86_64-gpu"
unzip -q -o -j "$DL/onnxruntime-$BYTEDECO_VERSION-linux-x86_64-gpu.jar" "$BD/libonnxruntime.so.1" \
    "$BD/libonnxruntime_providers_shared.so" "$BD/libonnxruntime_providers_cuda.so" -d "$NATIVES"
mv "$NATIVES/libonnxruntime.so.1" "$NATIVES/libonnxruntime.so"
ln -sf libonnxruntime.so "$NATIVES/libonnxruntime.so.1"
unzip -q -o -j "$DL/onnxruntime_gpu-$ORT_VERSION.jar" "ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so" \
    -d "$NATIVES"
