#!/bin/bash
# usage: var.sh OPS SECS [env...]
CP=${JAR:-/work/main/inference/target/dermaseg-inference-0.1.0-SNAPSHOT.jar}:$HOME/.m2/repository/org/openpnp/opencv/4.9.0-0/opencv-4.9.0-0.jar
ops=$1; secs=$2; shift 2
for k in 1 2 3; do (env "$@" timeout $((secs+60)) java -Xmx96m -XX:ErrorFile=/tmp/harn/hs_%p.log -cp $CP:/tmp/harn ${CLS:-Stress} $ops 4 $secs > /tmp/harn/v_${ops}_$k.txt 2>&1; echo "rc=$?" >> /tmp/harn/v_${ops}_$k.txt) & done; wait
echo "$ops $*: $(grep -h 'rc=\|malloc\|free\|corrupt' /tmp/harn/v_${ops}_*.txt | tr '\n' ' ')"
