"""The committed bioimage.io package (model/bioimageio/) is the one of the current model card.

After export.py writes new weights, a card and golden tensors, these tests fail until
`python3 model/bioimageio.py` is run again. The package's own consistency (fields, sha256 values, ONNX Runtime on
its test tensors) is checked by the Java test BioimageioPackageTest.

    /usr/bin/python3 -m unittest discover -s model/tests -v
"""
import contextlib
import io
import json
import os
import sys
import tempfile
import unittest
import zipfile
import zlib

import cv2
import numpy as np
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL_DIR = os.path.dirname(HERE)
sys.path.insert(0, MODEL_DIR)

import bioimageio  # noqa: E402
import safetensors_io  # noqa: E402

CARD = os.path.join(MODEL_DIR, "ultralight-vmunet.card.json")
OUT = os.path.join(MODEL_DIR, "bioimageio")
PKG = os.path.join(OUT, bioimageio.PACKAGE_NAME)
STALE = "the bioimage.io package is stale: run python3 model/bioimageio.py"


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


class BioimageioPackageInSyncTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(CARD, encoding="utf-8") as f:
            cls.card = json.load(f)
        with open(os.path.join(PKG, "rdf.yaml"), encoding="utf-8") as f:
            cls.rdf = yaml.safe_load(f)

    def test_packaged_onnx_is_the_cards(self):
        onnx = self.rdf["weights"]["onnx"]
        want = self.card["artifacts"]["onnx"]["sha256"]
        self.assertEqual(bioimageio.sha256(os.path.join(PKG, onnx["source"])), want, STALE)
        self.assertEqual(onnx["sha256"], want, STALE)

    def test_packaged_card_is_the_model_card(self):
        packaged = os.path.join(PKG, self.rdf["config"]["dermaseg"]["card"])
        self.assertEqual(read_bytes(packaged), read_bytes(CARD), STALE)

    def test_version_and_timestamp_are_the_cards(self):
        self.assertEqual(self.rdf["version"], self.card["version"], STALE)
        self.assertEqual(self.rdf["timestamp"], self.card["exported"].replace("Z", "+00:00"), STALE)

    def test_test_tensors_are_the_golden_tensors(self):
        sid = self.rdf["config"]["dermaseg"]["test_sample"]["id"]
        golden = safetensors_io.load(os.path.join(MODEL_DIR, "golden", "golden.safetensors"))
        x = np.load(os.path.join(PKG, self.rdf["inputs"][0]["test_tensor"]["source"]))
        p = np.load(os.path.join(PKG, self.rdf["outputs"][0]["test_tensor"]["source"]))
        self.assertEqual(x.dtype, np.dtype("<f4"))
        self.assertEqual(p.dtype, np.dtype("<f4"))
        np.testing.assert_array_equal(x, golden[f"input.{sid}"], STALE)
        np.testing.assert_array_equal(p, golden[f"prob.{sid}"], STALE)

    def test_rebuild_gives_the_committed_package(self):
        """Every file again from card, ONNX and golden tensors: the same bytes (the cover: the same pixels, as
        PNG bytes may differ between zlib versions), and the zip when there is one holds the same files."""
        with tempfile.TemporaryDirectory() as tmp:
            with contextlib.redirect_stdout(io.StringIO()):
                bioimageio.build(CARD, tmp)
            fresh = os.path.join(tmp, bioimageio.PACKAGE_NAME)
            self.assertEqual(sorted(os.listdir(fresh)), sorted(os.listdir(PKG)), STALE)
            for name in sorted(os.listdir(fresh)):
                if name.endswith(".png"):
                    a = cv2.imread(os.path.join(fresh, name), cv2.IMREAD_UNCHANGED)
                    b = cv2.imread(os.path.join(PKG, name), cv2.IMREAD_UNCHANGED)
                    self.assertEqual(a.shape, b.shape, f"{name}: {STALE}")
                    self.assertTrue(np.array_equal(a, b), f"{name}: {STALE}")
                else:
                    self.assertEqual(read_bytes(os.path.join(fresh, name)), read_bytes(os.path.join(PKG, name)),
                                     f"{name}: {STALE}")
            zip_name = bioimageio.PACKAGE_NAME + ".zip"
            self.assertEqual(os.path.exists(os.path.join(tmp, zip_name)), os.path.exists(os.path.join(OUT, zip_name)),
                             f"{zip_name}: {STALE}")

    def test_zip_when_present_holds_the_package_files(self):
        zip_path = os.path.join(OUT, bioimageio.PACKAGE_NAME + ".zip")
        if not os.path.exists(zip_path):
            self.assertGreaterEqual(len(bioimageio.deterministic_zip(PKG, os.listdir(PKG), (2000, 1, 1, 0, 0, 0))),
                                    bioimageio.ZIP_LIMIT, "no zip although the package zips under the limit")
            return
        self.assertLess(os.path.getsize(zip_path), bioimageio.ZIP_LIMIT)
        with zipfile.ZipFile(zip_path) as z:
            self.assertEqual(sorted(z.namelist()), sorted(os.listdir(PKG)))
            for info in z.infolist():
                self.assertEqual(info.CRC, zlib.crc32(read_bytes(os.path.join(PKG, info.filename))),
                                 f"{info.filename} in the zip differs from the folder: {STALE}")

    def test_builder_refuses_an_onnx_that_is_not_the_cards(self):
        card = json.loads(read_bytes(CARD))
        card["artifacts"]["onnx"]["sha256"] = "0" * 64
        with tempfile.TemporaryDirectory() as tmp:
            bad = os.path.join(tmp, "card.json")
            with open(bad, "w", encoding="utf-8") as f:
                json.dump(card, f)
            onnx_path = os.path.join(MODEL_DIR, card["artifacts"]["onnx"]["file"])
            with self.assertRaises(SystemExit) as e:
                bioimageio.check_onnx(onnx_path, bioimageio.load_card(bad))
            self.assertIn("sha256", str(e.exception))

    def test_builder_refuses_a_preprocessing_it_cannot_express(self):
        card = json.loads(read_bytes(CARD))
        card["input"]["scaling"] = "imagenet-mean-std"
        with tempfile.TemporaryDirectory() as tmp:
            bad = os.path.join(tmp, "card.json")
            with open(bad, "w", encoding="utf-8") as f:
                json.dump(card, f)
            with self.assertRaises(SystemExit) as e:
                bioimageio.load_card(bad)
            self.assertIn("input.scaling", str(e.exception))


if __name__ == "__main__":
    unittest.main()
