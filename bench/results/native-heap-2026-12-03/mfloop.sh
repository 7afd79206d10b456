#!/bin/bash
# usage: mfloop.sh DIR N LOG
cd $1
for i in $(seq 1 $2); do
  s=$(date +%s)
  mvn -o -B -pl inference surefire:test@bounded-heap > /tmp/harn/mf_last_$(basename $1).txt 2>&1
  rc=$?
  echo "$(basename $1) run $i rc=$rc $(( $(date +%s) - s ))s $(grep -h -o 'Tests run: [0-9]*, Failures: [0-9]*, Errors: [0-9]*' /tmp/harn/mf_last_$(basename $1).txt | tail -1) $(grep -h -m1 -o 'malloc[^\"]*\|free()[^\"]*\|corrupted[^\"]*\|crashed' /tmp/harn/mf_last_$(basename $1).txt)" >> $3
done
