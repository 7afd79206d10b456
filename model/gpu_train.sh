#!/usr/bin/env bash
# One time-limited training leg on a GPU machine; re-run to resume. Used with the lent device:
#   bash model/gpu_train.sh DATA_DIR STATE_DIR OUT_DIR BUDGET_SECONDS [EPOCHS]
# STATE_DIR holds checkpoint.pt/best.pt/train_log.csv from the previous leg (may be empty).
# Without EPOCHS the first leg times 3 probe epochs and picks how many epochs fit ~25 minutes.
set -euo pipefail
data=$1 state=$2 out=$3 budget=$4 epochs=${5:-}
here=$(cd "$(dirname "$0")" && pwd)
export PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader || true
python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.cuda.is_available())'
mkdir -p "$out/state"
cp -r "$state"/. "$out/state/" 2>/dev/null || true
if [ -z "$epochs" ]; then
  python3 "$here/train.py" --data "$data" --work /tmp/probe --epochs 3 > /tmp/probe.log
  cat /tmp/probe.log
  per=$(tail -n 2 /tmp/probe/train_log.csv | awk -F, '{s+=$6} END {print s/NR}')
  epochs=$(python3 -c "print(max(250, min(800, int(1450 / $per))))")
  echo "probe: $per s/epoch -> $epochs epochs"
fi
echo "$epochs" > "$out/state/epochs.txt"
python3 "$here/train.py" --data "$data" --work "$out/state" --epochs "$epochs" --time-budget "$budget" \
  2>&1 | tee "$out/train_leg.log" | awk 'NR % 10 == 1 || /resumed|budget|done|device/'
