"""Model tests that run on CPU with Debian's python3-torch 1.13 (CI) and on PyTorch 2.x.

    /usr/bin/python3 -m unittest discover -s model/tests -v
"""
import json
import os
import sys
import tempfile
import unittest

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL_DIR = os.path.dirname(HERE)
REPO = os.path.dirname(MODEL_DIR)
sys.path.insert(0, MODEL_DIR)

import data  # noqa: E402
import export  # noqa: E402
import safetensors_io  # noqa: E402
from scan import chunk_size_for, selective_scan_chunked, selective_scan_ref  # noqa: E402
from vmunet import Mamba, PVMLayer, build_model, parameter_table  # noqa: E402

# Standard ONNX ops only: anything else (ATen fallbacks, custom domains) would break ORT/Java.
STANDARD_OPS = {"Add", "Cast", "Concat", "Constant", "ConstantOfShape", "Conv", "CumSum", "Div",
                "Erf", "Exp", "Gather", "Identity", "InstanceNormalization", "LayerNormalization",
                "MatMul", "MaxPool", "Mul", "Neg", "ReduceMax", "ReduceMean", "ReduceSum", "Reshape",
                "Resize", "Shape", "Sigmoid", "Slice", "Softplus", "Split", "Sub", "Transpose",
                "Trilu", "Unsqueeze", "Where", "Gemm", "Pow", "Sqrt", "Equal", "Expand", "Range",
                "Squeeze", "Not", "Less", "Greater", "Tanh", "Max", "Min", "Floor", "Ceil", "Pad"}


def random_scan_inputs(b, l, d, n, dtype, seed=0):
    g = torch.Generator().manual_seed(seed)
    r = lambda *s: torch.randn(*s, generator=g, dtype=dtype)  # noqa: E731
    x, dt = r(b, l, d), torch.nn.functional.softplus(r(b, l, d))
    a = -torch.exp(r(d, n))
    return x, dt, a, r(b, l, n), r(b, l, n), r(d)


class ArchitectureTest(unittest.TestCase):
    def test_parameter_count_matches_paper(self):
        model = build_model(0)
        total = sum(p.numel() for p in model.parameters())
        # Paper: 0.049 M parameters.
        self.assertEqual(total, 49457)
        table = dict(parameter_table(model))
        self.assertEqual(table["encoder1"], 3 * 8 * 9 + 8)
        self.assertEqual(sum(table.values()), total)

    def test_pvm_shares_one_mamba_over_four_quarters(self):
        layer = PVMLayer(24, 32)
        mambas = [m for m in layer.modules() if isinstance(m, Mamba)]
        self.assertEqual(len(mambas), 1)
        self.assertEqual(mambas[0].d_model, 6)
        self.assertEqual(mambas[0].d_inner, 12)
        self.assertEqual(mambas[0].dt_rank, 1)

    def test_output_shape_and_range(self):
        model = build_model(1).eval()
        with torch.no_grad():
            y = model(torch.rand(2, 3, 256, 256) * 255)
        self.assertEqual(tuple(y.shape), (2, 1, 256, 256))
        self.assertTrue(bool(((y >= 0) & (y <= 1)).all()))

    def test_batch_items_are_independent(self):
        model = build_model(2).eval()
        x = torch.rand(2, 3, 256, 256) * 255
        with torch.no_grad():
            both = model(x)
            one = model(x[1:2])
        self.assertLess((both[1:2] - one).abs().max().item(), 1e-5)


class ScanTest(unittest.TestCase):
    def test_chunked_equals_sequential_in_float64(self):
        args = random_scan_inputs(2, 256, 12, 16, torch.float64)
        ref = selective_scan_ref(*args)
        for chunk in (1, 4, 8, 16, 64, 256):
            got = selective_scan_chunked(*args, chunk=chunk)
            self.assertLess((got - ref).abs().max().item(), 1e-10, f"chunk {chunk}")

    def test_chunked_equals_sequential_in_float32(self):
        args = random_scan_inputs(1, 1024, 6, 16, torch.float32, seed=3)
        ref = selective_scan_ref(*args)
        got = selective_scan_chunked(*args)
        scale = ref.abs().max().item()
        self.assertLess((got - ref).abs().max().item(), 1e-5 * max(1.0, scale))

    def test_strong_decay_does_not_overflow(self):
        # Large dt*|A| makes cumulative log-decays very negative; the masked form must stay finite.
        x, dt, a, bm, cm, dv = random_scan_inputs(1, 256, 4, 16, torch.float32, seed=5)
        dt = dt * 50
        got = selective_scan_chunked(x, dt, a, bm, cm, dv)
        self.assertTrue(bool(torch.isfinite(got).all()))
        ref = selective_scan_ref(x, dt, a, bm, cm, dv)
        self.assertLess((got - ref).abs().max().item(), 1e-3 * max(1.0, ref.abs().max().item()))

    def test_chunk_size_divides_length(self):
        for length in (64, 256, 1024, 4096, 100):
            t = chunk_size_for(length)
            self.assertEqual(length % t, 0)

    def test_whole_model_same_with_reference_scan(self):
        model = build_model(4).eval()
        x = torch.from_numpy(data.preprocess(data.read_rgb(
            os.path.join(REPO, "assets/samples/images/IMD002.png"))))[None]
        with torch.no_grad():
            fast = model(x)
            model.set_reference_scan(True)
            slow = model(x)
        self.assertLess((fast - slow).abs().max().item(), 1e-4)


class PreprocessTest(unittest.TestCase):
    def test_minmax_scaling_spans_0_to_255(self):
        rgb = data.read_rgb(os.path.join(REPO, "assets/samples/images/IMD027.png"))
        x = data.preprocess(rgb)
        self.assertEqual(x.shape, (3, 256, 256))
        self.assertAlmostEqual(float(x.min()), 0.0, places=5)
        self.assertAlmostEqual(float(x.max()), 255.0, places=3)

    def test_flat_image_gives_zeros(self):
        x = data.preprocess(np.full((40, 30, 3), 77, np.uint8))
        self.assertEqual(float(np.abs(x).max()), 0.0)

    def test_16_bit_png_scaled_like_the_java_loader(self):
        import cv2
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "deep.png")
            cv2.imwrite(p, np.full((3, 4, 3), 1000, np.uint16))
            rgb = data.read_rgb(p)
        self.assertEqual(rgb.dtype, np.uint8)
        self.assertEqual(int(rgb[0, 0, 0]), 4)  # 1000/257 = 3.89 rounds to 4 (>> 8 would give 3)

    def test_committed_golden_inputs_match_pipeline(self):
        golden = safetensors_io.load(os.path.join(MODEL_DIR, "golden/golden.safetensors"))
        with open(os.path.join(MODEL_DIR, "golden/golden.json")) as f:
            samples = json.load(f)["samples"]
        self.assertGreaterEqual(len(samples), 3)
        for s in samples:
            x = data.preprocess(data.read_rgb(os.path.join(REPO, s["image"])))[None]
            self.assertLess(float(np.abs(golden["input." + s["id"]] - x).max()), 1e-3, s["id"])


class ExportTest(unittest.TestCase):
    def test_safetensors_round_trip(self):
        model = build_model(7)
        state = {k: v.numpy() for k, v in model.state_dict().items()}
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "w.safetensors")
            safetensors_io.save(state, p)
            back = safetensors_io.load(p)
        self.assertEqual(set(back), set(state))
        for k in state:
            np.testing.assert_array_equal(back[k], state[k])

    def test_tiny_onnx_export_uses_standard_ops_and_dynamic_batch(self):
        import onnx
        model = build_model(8).eval()
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "m.onnx")
            nodes, ops = export.export_onnx(model, p)
            m = onnx.load(p)
            size = os.path.getsize(p)
        self.assertLess(size, 400 * 1024)
        self.assertGreater(nodes, 100)
        self.assertEqual(set(ops) - STANDARD_OPS, set())
        dims = m.graph.input[0].type.tensor_type.shape.dim
        self.assertEqual(dims[0].dim_param, "batch")
        self.assertEqual([d.dim_value for d in dims[1:]], [3, 256, 256])
        self.assertEqual(m.graph.output[0].name, "prob")
        out = m.graph.output[0].type.tensor_type.shape.dim
        self.assertEqual(out[0].dim_param, "batch")
        self.assertEqual([d.dim_value for d in out[1:]], [1, 256, 256])
        self.assertTrue(all(o.domain in ("", "ai.onnx") for o in m.opset_import))

    def test_committed_card_matches_committed_artifacts(self):
        with open(os.path.join(MODEL_DIR, "ultralight-vmunet.card.json")) as f:
            card = json.load(f)
        for art in card["artifacts"].values():
            self.assertEqual(export.sha256(os.path.join(MODEL_DIR, art["file"])), art["sha256"])
        weights = safetensors_io.load(os.path.join(MODEL_DIR, card["artifacts"]["safetensors"]["file"]))
        self.assertEqual({t["name"]: t["shape"] for t in card["tensors"]},
                         {k: list(v.shape) for k, v in weights.items()})
        self.assertEqual(card["parameters"], sum(int(v.size) for v in weights.values()))


if __name__ == "__main__":
    unittest.main()
