#!/usr/bin/env bash
# Links one split of a dataset folder (images/, masks/, splits/NAME.txt) into OUT/images and OUT/masks, so
# that `dermaseg evaluate --images OUT/images --gt OUT/masks` scores exactly that split. Example:
#   bash scripts/split-folder.sh ../shared/data/isic2017-256 val /tmp/val
#   java -jar app/target/dermaseg.jar evaluate --images /tmp/val/images --gt /tmp/val/masks
set -euo pipefail
data=$(cd "$1" && pwd) split=$2 out=$3
list="$data/splits/$split.txt"
[ -f "$list" ] || { echo "no split file $list" >&2; exit 1; }
mkdir -p "$out/images" "$out/masks"
n=0
while IFS= read -r id; do
    [ -n "$id" ] || continue
    img=$(ls "$data/images/$id".* 2>/dev/null | head -n 1 || true)
    msk=$(ls "$data/masks/$id"_segmentation.* 2>/dev/null | head -n 1 || true)
    [ -n "$img" ] && [ -n "$msk" ] || { echo "missing image or mask for $id" >&2; exit 1; }
    ln -sf "$img" "$out/images/"
    ln -sf "$msk" "$out/masks/"
    n=$((n + 1))
done < "$list"
echo "$n pairs of $split in $out"
