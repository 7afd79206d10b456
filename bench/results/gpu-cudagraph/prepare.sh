#!/usr/bin/env bash
# Assembles target/cgraph (git-ignored, ~14 MB, carried to the device): CudaGraphProbe compiled, bytedeco's ONNX Runtime
# Java API (JavaCPP) of the same version as the GPU check's natives, its two JNI libraries, the three graphs of
# bench/results/gpu-graph and their 10 inputs. Needs target/lean (bench/results/gpu-graph/export_lean.py) and network
# access to Maven Central for the jars (or them in ~/.m2). Run from the repository root.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$ROOT"
V=1.24.1-1.5.13
JCPP=1.5.13
M2="$HOME/.m2/repository/org/bytedeco"
for a in "onnxruntime:$V" "javacpp:$JCPP" "javacpp:$JCPP:jar:linux-x86_64" "onnxruntime:$V:jar:linux-x86_64-gpu"; do
    mvn -B -q dependency:get -Dartifact="org.bytedeco:$a" -Dtransitive=false
done
[[ -f target/lean/lean.onnx && -f target/lean/inputs-10.f32 ]] || { echo "run bench/results/gpu-graph/export_lean.py first" >&2; exit 1; }
D=target/cgraph
rm -rf "$D"
mkdir -p "$D/classes" "$D/lib" "$D/jars"
cp "$M2/onnxruntime/$V/onnxruntime-$V.jar" "$M2/javacpp/$JCPP/javacpp-$JCPP.jar" "$D/jars/"
unzip -q -o -j "$M2/onnxruntime/$V/onnxruntime-$V-linux-x86_64-gpu.jar" \
    org/bytedeco/onnxruntime/linux-x86_64-gpu/libjnionnxruntime.so -d "$D/lib"
unzip -q -o -j "$M2/javacpp/$JCPP/javacpp-$JCPP-linux-x86_64.jar" '*/libjnijavacpp.so' -d "$D/lib"
javac --release 17 -cp "$D/jars/*" -d "$D/classes" bench/results/gpu-cudagraph/CudaGraphProbe.java
cp target/lean/current.onnx target/lean/lean.onnx target/lean/lean-pairwise.onnx target/lean/inputs-10.f32 "$D/"
du -sh "$D"
