import json,sys,glob
for f in sorted(glob.glob((sys.argv[1] if len(sys.argv) > 1 else '/tmp') + '/*bench-*-*.json'), key=lambda p: (p.split('-')[-1], p)):
    d=json.load(open(f)); pl=d['engines'][0]['batchPipeline']; st=d['engines'][0]['stageMeanMs']
    print(f.split('/')[-1], 'pipeline %.1f' % pl['imagesPerSecond'], 'same-work %.1f' % pl['oneAtATimeSameWorkImagesPerSecond'],
      'ratio %.2f' % pl['batchVsOneAtATimeSameWork'], 'seg-only %.1f ratio %.2f' % (pl['oneAtATimeImagesPerSecond'], pl['batchVsOneAtATime']),
      'cpu/img %.1f' % pl['cpuMsPerImage'], 'sw cpu/img %.1f' % pl['oneAtATimeSameWorkCpuMsPerImage'], 'load', d['loadAverage1m'], 'stages', {k: round(v,2) for k,v in st.items()})
