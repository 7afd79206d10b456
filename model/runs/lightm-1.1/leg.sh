#!/usr/bin/env bash
# One leg of the LightM-UNet 1.1 run on the lent H200 (run from the repository root there):
#   bash model/runs/lightm-1.1/leg.sh EPOCHS BUDGET_S [export]
# Resumes from model/work/state/v2/ (carried: the previous leg's $OUT/v2/), trains until BUDGET_S is passed
# (train.py --time-budget), writes $OUT/v2/{train_log.csv,args.json,stdout.log,best.pt,checkpoint.pt}.
# With "export": export.py on the run's best.pt (val-selected, raw or EMA) into $OUT/export.tar.
set -uo pipefail
epochs=$1 budget=$2 what=${3:-}
root=$PWD
data=$root/model/work/data/isic2017-256
work=/tmp/lm11/v2
export PYTHONUNBUFFERED=1
rm -rf "$work" && mkdir -p "$work" "$OUT/v2"
[ -d model/work/state/v2 ] && cp -r model/work/state/v2/. "$work/"
which python3; nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda)'
(cd model && python3 train.py --data "$data" --work "$work" --arch lightm-unet --recipe v2 --batch 8 \
   --lr 5e-4 --warmup 2 --amp --compile none --epochs "$epochs" --time-budget "$budget" \
   --init "$root/model/lightm-unet.safetensors" >> "$work/stdout.log" 2>&1)
echo "train rc $?"
grep -v "^epoch=" "$work/stdout.log" | tail -4; grep "^epoch=" "$work/stdout.log" | tail -14
cp "$work"/{train_log.csv,args.json,stdout.log,best.pt,checkpoint.pt} "$OUT/v2/"
if [ "$what" = export ]; then
  e=/tmp/lm11/export
  rm -rf "$e" && mkdir -p "$e"
  (cd model && python3 export.py --arch lightm-unet --checkpoint "$work/best.pt" --data "$data" \
     --external ph2-samples=../assets/samples --log "$work/train_log.csv" \
     --training-json runs/lightm-1.1/training.json --version 1.1.0 --device cuda --out "$e" 2>&1 | tee "$e/export.log")
  (cd "$e" && tar cf "$OUT/export.tar" .)
fi
