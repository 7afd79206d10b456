"""train.py --init: start from given weights (safetensors as export.py writes them, or a train.py .pt).

    /usr/bin/python3 -m unittest discover -s model/tests -v
"""
import os
import sys
import tempfile
import unittest

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL_DIR = os.path.dirname(HERE)
sys.path.insert(0, MODEL_DIR)

import safetensors_io  # noqa: E402
import train  # noqa: E402


class InitTest(unittest.TestCase):
    def test_safetensors_and_pt_weights_replace_the_seeded_ones(self):
        source = train.build("ultralight-vmunet", 0)
        state = {k: v.detach().numpy() for k, v in source.state_dict().items()}
        with tempfile.TemporaryDirectory() as d:
            st = os.path.join(d, "w.safetensors")
            safetensors_io.save(state, st)
            pt = os.path.join(d, "best.pt")
            torch.save({"model": source.state_dict()}, pt)
            for path in (st, pt):
                net = train.build("ultralight-vmunet", 1)
                self.assertNotEqual(
                    max((a - b).abs().max().item() for a, b in zip(net.state_dict().values(),
                                                                    source.state_dict().values())), 0.0)
                self.assertEqual(train.load_init(net, path), len(state))
                for k, v in source.state_dict().items():
                    self.assertTrue(torch.equal(net.state_dict()[k], v), k)

    def test_missing_tensor_is_refused(self):
        source = train.build("ultralight-vmunet", 0)
        state = {k: v.detach().numpy() for k, v in source.state_dict().items()}
        state.pop(sorted(state)[0])
        with tempfile.TemporaryDirectory() as d:
            st = os.path.join(d, "w.safetensors")
            safetensors_io.save(state, st)
            with self.assertRaises(RuntimeError):
                train.load_init(train.build("ultralight-vmunet", 1), st)


if __name__ == "__main__":
    unittest.main()
