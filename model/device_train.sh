#!/usr/bin/env bash
# Several training runs at once on the lent GPU machine, each a time-limited leg that resumes from
# STATE/<run>/ (copied back from an earlier leg's $OUT). Used as:
#   bash model/device_train.sh DATA STATE BUDGET_S 'name|train.py args' ['name|args' ...]
# Results (logs, best.pt, checkpoint.pt) land in $OUT/<name>/; a teacher's best.pt is kept in float16.
set -uo pipefail
data=$1 state=$2 budget=$3; shift 3
here=$(cd "$(dirname "$0")" && pwd)
export PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda)'
pids=()
for spec in "$@"; do
  name=${spec%%|*} args=${spec#*|}
  mkdir -p "$OUT/$name"
  [ -d "$state/$name" ] && cp -r "$state/$name"/. "$OUT/$name/"
  (cd "$here" && python3 train.py --data "$data" --work "$OUT/$name" --time-budget "$budget" $args \
     > "$OUT/$name/stdout.log" 2>&1) &
  pids+=($!)
done
(sleep 120; nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv) &
for p in "${pids[@]}"; do wait "$p"; done
for spec in "$@"; do
  name=${spec%%|*}
  echo "== $name"; grep -v "^epoch=" "$OUT/$name/stdout.log" | tail -5; tail -2 "$OUT/$name/stdout.log"
  if [ -f "$OUT/$name/best.pt" ] && grep -q '"arch": "teacher"' "$OUT/$name/args.json"; then
    python3 - "$OUT/$name" <<'PY'
import sys, torch
d = sys.argv[1]
ck = torch.load(d + "/best.pt", map_location="cpu")
ck["model"] = {k: (v.half() if v.is_floating_point() else v) for k, v in ck["model"].items()}
torch.save(ck, d + "/best.pt")
PY
    rm -f "$OUT/$name/checkpoint.pt"
  fi
done
