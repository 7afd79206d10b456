"""Builds the bioimage.io model package of the shipped UltraLight VM-UNet from its card, ONNX and golden tensors.

    python3 model/bioimageio.py                 # from the repository root, after every export.py

Writes model/bioimageio/ultralight-vmunet/ (rdf.yaml in model format 0.5.4, the ONNX weights, test_input.npy,
test_output.npy, cover.png, README.md, a copy of the card) and model/bioimageio/ultralight-vmunet.zip when that
zip is under 1 MB. Everything is derived from the card, the ONNX and model/golden/, so a re-run gives the same
bytes; the timestamp is the card's `exported` time. Needs numpy, OpenCV, onnx and PyYAML, no ONNX Runtime:
the test output is the golden PyTorch output, which the parity tests hold to ONNX Runtime within 1e-4 (the Java
test BioimageioPackageTest re-runs it through ONNX Runtime).

Why format 0.5.4 and not the newest 0.5.x: every 0.5 reader understands it (newer bioimageio.spec releases
upgrade it on load), while newer patch versions change field shapes (`documentation` and `covers` became
{source, sha256} objects) that older readers in deepImageJ/ilastik/QuPath do not parse.
"""
import argparse
import copy
import datetime
import hashlib
import io
import json
import os
import shutil
import sys
import zipfile

import cv2
import numpy as np
import onnx
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import data  # noqa: E402
import safetensors_io  # noqa: E402

FORMAT_VERSION = "0.5.4"
PACKAGE_NAME = "ultralight-vmunet"
ZIP_LIMIT = 1_000_000  # bytes; a larger zip is not written (the folder is the package then)
# The repository has no LICENSE file of its own: MIT follows the upstream UltraLight VM-UNet code
# (wurenkai/UltraLight-VM-UNet, MIT); the training images are CC0. The PH2 sample image inside the
# package (cover, test tensors) stays under the PH2 terms, which README.md states.
LICENSE = "MIT"
AUTHORS = [{"name": "DermaSeg project"}]
TAGS = ["segmentation", "2d", "rgb", "dermoscopy", "skin-lesion", "melanoma", "isic", "onnx",
        "ultralight-vm-unet", "mamba", "dermaseg"]

CITE_MODEL = {
    "text": "Wu R, Liu Y, Liang P, Chang Q. UltraLight VM-UNet: Parallel Vision Mamba Significantly Reduces "
            "Parameters for Skin Lesion Segmentation. arXiv 2403.20035 (2024).",
    "doi": "10.48550/arXiv.2403.20035",
    "url": "https://arxiv.org/abs/2403.20035",
}
# Training data citations, chosen by what the card's training.data names (first match wins per entry).
DATASET_CITATIONS = [
    ("ISIC 2017", {
        "text": "Codella NCF et al. Skin Lesion Analysis Toward Melanoma Detection: A Challenge at the 2017 "
                "International Symposium on Biomedical Imaging (ISBI), Hosted by the International Skin "
                "Imaging Collaboration (ISIC). ISBI 2018, pp. 168-172; arXiv 1710.05006.",
        "doi": "10.1109/ISBI.2018.8363547",
        "url": "https://arxiv.org/abs/1710.05006",
    }),
    ("ISIC 2016", {
        "text": "Gutman D et al. Skin Lesion Analysis toward Melanoma Detection: A Challenge at the "
                "International Symposium on Biomedical Imaging (ISBI) 2016, hosted by the International Skin "
                "Imaging Collaboration (ISIC). arXiv 1605.01397.",
        "url": "https://arxiv.org/abs/1605.01397",
    }),
]
PH2_PAPER = ("Mendonca T, Ferreira PM, Marques JS, Marcal ARS, Rozeira J. PH2 - A dermoscopic image database "
             "for research and benchmarking. 35th Annual International Conference of the IEEE EMBC, 2013, "
             "pp. 5437-5440")
CITE_PH2 = {"text": PH2_PAPER + " (source of the cover image and the test tensors).",
            "doi": "10.1109/EMBC.2013.6610779"}
# The card's preprocessing contract that the rdf's preprocessing below expresses; anything else stops the build.
EXPECTED_INPUT = {"channels": 3, "channelOrder": "RGB", "layout": "NCHW", "dtype": "float32",
                  "resize": "opencv-inter-area", "scaling": "minmax-0-255"}


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fail(msg):
    raise SystemExit(f"bioimageio.py: {msg}")


def load_card(path):
    with open(path, encoding="utf-8") as f:
        card = json.load(f)
    inp = card["input"]
    for key, want in EXPECTED_INPUT.items():
        if inp.get(key) != want:
            fail(f"{path}: input.{key} is {inp.get(key)!r}, the package's preprocessing expresses {want!r}")
    if card["output"].get("activation") != "sigmoid" or card["output"].get("channels") != 1:
        fail(f"{path}: output must be one sigmoid channel, is {card['output']}")
    return card


def check_onnx(path, card):
    """The ONNX file is the card's (sha256) and its graph has the card's names, shapes and opset."""
    art = card["artifacts"]["onnx"]
    if sha256(path) != art["sha256"]:
        fail(f"{path}: sha256 differs from the card's artifacts.onnx.sha256 (re-run export.py)")
    m = onnx.load(path)
    opset = {o.domain: o.version for o in m.opset_import}.get("", None)
    if opset != art["opset"]:
        fail(f"{path}: opset {opset}, card says {art['opset']}")

    def dims(value_info):
        return [d.dim_value if d.HasField("dim_value") else None for d in value_info.type.tensor_type.shape.dim]

    w, h = card["input"]["width"], card["input"]["height"]
    ins = {i.name: dims(i) for i in m.graph.input}
    outs = {o.name: dims(o) for o in m.graph.output}
    if ins.get(art["inputName"], [])[1:] != [3, h, w] or outs.get(art["outputName"], [])[1:] != [1, h, w]:
        fail(f"{path}: inputs {ins}, outputs {outs} do not match the card ({art['inputName']} 3x{h}x{w}, "
             f"{art['outputName']} 1x{h}x{w})")
    return opset


def golden_sample(model_dir):
    """The first golden sample: its id, image path (repo-relative), preprocessed input and PyTorch output."""
    with open(os.path.join(model_dir, "golden", "golden.json"), encoding="utf-8") as f:
        sample = json.load(f)["samples"][0]
    tensors = safetensors_io.load(os.path.join(model_dir, "golden", "golden.safetensors"))
    x, p = tensors[f"input.{sample['id']}"], tensors[f"prob.{sample['id']}"]
    # the golden input must be this image under data.preprocess (guards a golden file of another image)
    again = data.preprocess(data.read_rgb(os.path.join(REPO, sample["image"])))[None]
    diff = float(np.abs(again - x).max())
    if diff > 1e-3:
        fail(f"golden input.{sample['id']} differs from preprocessing {sample['image']} by {diff}")
    return sample["id"], sample["image"], np.ascontiguousarray(x, "<f4"), np.ascontiguousarray(p, "<f4")


def save_npy(path, array):
    with open(path, "wb") as f:
        np.save(f, array, allow_pickle=False)


def write_cover(path, image_rel, prob, threshold):
    """2:1 cover: the resized sample with the model's outline | the probability map (magma colours)."""
    rgb = data.resize_rgb(data.read_rgb(os.path.join(REPO, image_rel)))
    mask = (prob[0, 0] >= threshold).astype(np.uint8)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    left = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
    cv2.drawContours(left, contours, -1, (0, 255, 255), 2, lineType=cv2.LINE_AA)
    right = cv2.applyColorMap(np.clip(prob[0, 0] * 255.0 + 0.5, 0, 255).astype(np.uint8), cv2.COLORMAP_MAGMA)
    cover = np.concatenate([left, right], axis=1)
    if not cv2.imwrite(path, cover, [cv2.IMWRITE_PNG_COMPRESSION, 9]):
        fail(f"cannot write {path}")


def dataset_citations(card):
    text = card.get("training", {}).get("data", "")
    cites = [c for key, c in DATASET_CITATIONS if key in text]
    if not cites:
        fail(f"card training.data names no known dataset ({text!r}): add its citation to DATASET_CITATIONS")
    return cites


def metrics_table(card):
    cols = [("dsc", "DSC (pooled)"), ("se", "SE"), ("sp", "SP"), ("acc", "ACC"), ("miou", "mIoU"),
            ("dice_mean_per_image", "Dice (mean per image)"), ("images", "images")]
    lines = ["| set | " + " | ".join(c[1] for c in cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for name, m in card.get("metrics", {}).items():
        lines.append(f"| {name} | " + " | ".join(str(m.get(k, "-")) for k, _ in cols) + " |")
    return "\n".join(lines)


def write_readme(path, card, sample_id, image_rel, files):
    art = card["artifacts"]["onnx"]
    w, h = card["input"]["width"], card["input"]["height"]
    training = card.get("training", {})
    text = f"""# {card['name']} {card['version']}: skin lesion segmentation in dermoscopy images

{card['name']} ({card['parameters']:,} parameters; {card['paper']}) outlines the lesion in an RGB dermoscopy
image. It was trained by the DermaSeg project; this package holds its ONNX weights (opset {art['opset']}),
exported {card['exported']}. The DermaSeg model card (`{files['card']}`) has every detail.

## Input

One RGB image as a float32 tensor `{art['inputName']}` of shape (batch, 3, {h}, {w}), channels in R, G, B order.

1. **Resizing is the consumer's job**: resize the 8-bit RGB image to {w}x{h} pixels with OpenCV `INTER_AREA`
   (`cv2.resize(rgb, ({w}, {h}), interpolation=cv2.INTER_AREA)`), whatever its aspect ratio. The model was
   trained on images resized this way; other interpolations change the result slightly.
2. The package's `preprocessing` then does what the model expects: per-image min-max over all pixels and
   all three channels to 0..255 (`scale_range` with percentiles 0 and 100 over channel, y and x, then
   `scale_linear` with gain 255). DermaSeg computes `(x - min) / (max - min) * 255`; `scale_range` adds
   eps = 1e-6 to the denominator, which changes values by at most 255e-6 / (max - min): about 1e-6 at
   full contrast, under 3e-4 for any 8-bit image that is not flat.

## Output

`{art['outputName']}`, shape (batch, 1, {h}, {w}): the lesion probability of each pixel (already passed through a
sigmoid). DermaSeg thresholds it at {card['threshold']} and resizes the mask back to the image's size with OpenCV
`INTER_LINEAR` on the probabilities (both are the consumer's job here, as is any clean-up).

## Training

{training.get('data', '(see the card)')}

## Validation

Scores from the card (pooled = one confusion matrix over all {w}x{h} pixels of a set at threshold
{card['threshold']}, the paper's protocol; "Dice (mean per image)" is the mean of per-image Dice):

{metrics_table(card)}

To validate on your own images: run the model as above on images with expert masks, threshold the
probabilities at {card['threshold']}, and compare with the masks resized to {w}x{h} (bilinear, then >= 0.5) by Dice
and IoU; `dermaseg evaluate` in the DermaSeg repository does exactly this.

## Limitations

Research software, not a medical device: never use it for diagnosis. It has seen dermoscopy images only
(ISIC archive); clinical photographs and other modalities are out of scope. It returns one lesion
probability map per image and no uncertainty beyond the probabilities.

## Test tensors

`{files['test_input']}` is PH2 image {sample_id} (DermaSeg `{image_rel}`) resized with `INTER_AREA` and min-max
scaled, that is already preprocessed; the declared preprocessing maps it onto itself (within 1e-6), so it
is valid both before and after preprocessing. `{files['test_output']}` is the PyTorch output for it; ONNX
Runtime reproduces it within 1e-4 (DermaSeg's test `BioimageioPackageTest`).

## Attribution and licence

- Weights and this description: {LICENSE} licence (DermaSeg project). Network design: {CITE_MODEL['text']}
- Training images: ISIC challenge data, CC0; cite the challenge paper listed under `cite`.
- The cover image and the test tensors come from PH2 image {sample_id}: {PH2_PAPER}.
  Used under the PH2 authors' terms (research and benchmarking); cite that paper wherever they are shown.

Built by `python3 model/bioimageio.py` in the DermaSeg repository from the model card, the ONNX file and the
golden tensors.
"""
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def rdf(card, files, shas, opset, sample_id, image_rel):
    art = card["artifacts"]["onnx"]
    w, h = card["input"]["width"], card["input"]["height"]
    timestamp = card["exported"].replace("Z", "+00:00")

    def space(axis, size):
        return {"type": "space", "id": axis, "size": size}

    return {
        "type": "model",
        "format_version": FORMAT_VERSION,
        "name": f"{card['name']} dermoscopy lesion segmentation",
        "description": f"{card['name']} ({card['parameters']:,} parameters) segments the skin lesion in an RGB "
                       f"dermoscopy image: lesion probability per pixel at {w}x{h}.",
        "version": card["version"],
        "timestamp": timestamp,
        "authors": AUTHORS,
        "cite": [CITE_MODEL] + dataset_citations(card) + [CITE_PH2],
        "license": LICENSE,
        "documentation": files["readme"],
        "covers": [files["cover"]],
        "tags": TAGS,
        "attachments": [{"source": files["card"], "sha256": shas["card"]}],
        "inputs": [{
            "id": art["inputName"],
            "description": f"RGB dermoscopy image resized to {w}x{h} with OpenCV INTER_AREA (the consumer's "
                           "job), channels R, G, B",
            "axes": [
                {"type": "batch", "id": "batch"},
                {"type": "channel", "id": "channel", "channel_names": ["red", "green", "blue"]},
                space("y", h),
                space("x", w),
            ],
            "data": {"type": "float32"},
            "test_tensor": {"source": files["test_input"], "sha256": shas["test_input"]},
            "preprocessing": [
                {"id": "ensure_dtype", "kwargs": {"dtype": "float32"}},
                {"id": "scale_range", "kwargs": {"axes": ["channel", "y", "x"], "min_percentile": 0.0,
                                                 "max_percentile": 100.0, "eps": 1.0e-6}},
                {"id": "scale_linear", "kwargs": {"gain": 255.0, "offset": 0.0}},
                {"id": "ensure_dtype", "kwargs": {"dtype": "float32"}},
            ],
        }],
        "outputs": [{
            "id": art["outputName"],
            "description": f"lesion probability per pixel (sigmoid applied); DermaSeg thresholds it at "
                           f"{card['threshold']}",
            "axes": [
                {"type": "batch", "id": "batch"},
                {"type": "channel", "id": "channel", "channel_names": ["lesion"]},
                space("y", h),
                space("x", w),
            ],
            "data": {"type": "float32", "range": [0.0, 1.0]},
            "test_tensor": {"source": files["test_output"], "sha256": shas["test_output"]},
        }],
        "weights": {
            "onnx": {
                "source": files["onnx"],
                "sha256": shas["onnx"],
                "opset_version": opset,
                "authors": copy.deepcopy(AUTHORS),  # a copy: PyYAML would write a YAML alias for the same list
                "comment": f"exported from PyTorch by DermaSeg's model/export.py (card version {card['version']})",
            },
        },
        "config": {
            "dermaseg": {
                "card": files["card"],
                "threshold": card["threshold"],
                "parameters": card["parameters"],
                "test_sample": {"id": sample_id, "image": image_rel},
                "resize": {"input": card["input"]["resize"], "output": card["output"].get("resizeBack")},
                "metrics": card.get("metrics", {}),
                "metrics_note": card.get("metricsNote", ""),
            },
        },
    }


def deterministic_zip(folder, names, date_time):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in sorted(names):
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with open(os.path.join(folder, name), "rb") as f:
                z.writestr(info, f.read(), compresslevel=9)
    return buf.getvalue()


def build(card_path, out_root):
    model_dir = os.path.dirname(os.path.abspath(card_path))
    card = load_card(card_path)
    onnx_src = os.path.join(model_dir, card["artifacts"]["onnx"]["file"])
    opset = check_onnx(onnx_src, card)
    sample_id, image_rel, x, p = golden_sample(model_dir)

    pkg = os.path.join(out_root, PACKAGE_NAME)
    if os.path.isdir(pkg):
        shutil.rmtree(pkg)  # nothing stale survives (e.g. a renamed file)
    os.makedirs(pkg)
    files = {"onnx": card["artifacts"]["onnx"]["file"], "card": os.path.basename(card_path),
             "test_input": "test_input.npy", "test_output": "test_output.npy",
             "cover": "cover.png", "readme": "README.md"}
    shutil.copyfile(onnx_src, os.path.join(pkg, files["onnx"]))
    shutil.copyfile(card_path, os.path.join(pkg, files["card"]))
    save_npy(os.path.join(pkg, files["test_input"]), x)
    save_npy(os.path.join(pkg, files["test_output"]), p)
    write_cover(os.path.join(pkg, files["cover"]), image_rel, p, card["threshold"])
    write_readme(os.path.join(pkg, files["readme"]), card, sample_id, image_rel, files)
    shas = {k: sha256(os.path.join(pkg, v)) for k, v in files.items()}
    with open(os.path.join(pkg, "rdf.yaml"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# bioimage.io model description, written by model/bioimageio.py from the DermaSeg model card\n")
        yaml.safe_dump(rdf(card, files, shas, opset, sample_id, image_rel), f, sort_keys=False,
                       allow_unicode=True, width=110, default_flow_style=False)

    zip_path = os.path.join(out_root, PACKAGE_NAME + ".zip")
    stamp = datetime.datetime.fromisoformat(card["exported"][:19]).timetuple()[:6]
    blob = deterministic_zip(pkg, sorted(files.values()) + ["rdf.yaml"], stamp)
    if len(blob) < ZIP_LIMIT:
        with open(zip_path, "wb") as f:
            f.write(blob)
        zip_note = f"{zip_path} ({len(blob):,} bytes)"
    else:
        if os.path.exists(zip_path):
            os.remove(zip_path)
        zip_note = f"no zip: it would be {len(blob):,} bytes (limit {ZIP_LIMIT:,})"
    sizes = sum(os.path.getsize(os.path.join(pkg, n)) for n in os.listdir(pkg))
    print(f"{pkg}: {len(os.listdir(pkg))} files, {sizes:,} bytes, model {card['version']}, test sample "
          f"{sample_id}; {zip_note}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--card", default=os.path.join(HERE, "ultralight-vmunet.card.json"))
    ap.add_argument("--out", default=os.path.join(HERE, "bioimageio"))
    args = ap.parse_args()
    build(args.card, args.out)


if __name__ == "__main__":
    main()
