#!/bin/bash
# bench A/B: jars taking turns; prints one line per run
cd /work/main
for r in $(seq 1 ${ROUNDS:-2}); do for j in before after; do
java -XX:+UseSerialGC -Xms64m -jar /tmp/$j.jar bench --engine java --batch-images 200 --json > /tmp/bench-$j-$r.json 2>/dev/null
/usr/bin/python3 - "$j" "$r" <<'PY'
import json,sys
j,r=sys.argv[1],sys.argv[2]
d=json.load(open(f'/tmp/bench-{j}-{r}.json'))
def find(o,k):
    if isinstance(o,dict):
        for kk,v in o.items():
            if kk==k: return v
            x=find(v,k)
            if x is not None: return x
    if isinstance(o,list):
        for v in o:
            x=find(v,k)
            if x is not None: return x
pl=find(d,'batchPipeline')
print(j, r, 'pipeline', round(pl['imagesPerSecond'],1), 'same-work', round(pl['oneAtATimeSameWorkImagesPerSecond'],1),
 'ratio', round(pl['batchVsOneAtATimeSameWork'],2), 'seg-only ratio', round(pl.get('batchVsOneAtATime', 0),2), 'cpu/img', round(pl['cpuMsPerImage'],1),
 'sw cpu/img', round(pl['oneAtATimeSameWorkCpuMsPerImage'],1), 'load', d['loadAverage1m'])
PY
done; done
