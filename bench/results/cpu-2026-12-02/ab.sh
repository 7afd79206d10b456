#!/bin/bash
# ab.sh ROUNDS JAR... : batch of 200 PH2 links per jar, jars alternating, default settings; images/s, CPU s, RSS, load
rounds=$1; shift
for r in $(seq 1 $rounds); do for jar in "$@"; do
  out=/tmp/cpu-bench/out-ab; rm -rf $out
  l0=$(cut -d' ' -f1 /proc/loadavg)
  res=$( { /usr/bin/time -f "cpu %U+%S s RSS %M KB" java $JFLAGS -Ddermaseg.model.dir=/work/wt-cpu/model -jar $jar batch /tmp/cpu-bench/in -o $out 2>&1 | grep -E 'images/s|RSS' ; } | sed 's/.*in \([0-9.]* s\) (\([0-9.]*\) images\/s)/\1 \2 img\/s/' | tr '\n' ' ')
  l1=$(cut -d' ' -f1 /proc/loadavg)
  echo "$(date +%H:%M:%S) round $r $(basename $jar) :: $res load $l0->$l1"
done; done
rm -rf /tmp/cpu-bench/out-ab
