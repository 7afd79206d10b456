"""ONNX graphs of the shipped UltraLight VM-UNet weights in forms the product does not ship, for OrtGpuProbe
(issue 12: where ONNX Runtime's CUDA provider spends its time). Written on the GPU machine (PyTorch 2.11 there
traces float16 on CUDA; Debian's PyTorch on the CPU cannot run float16 convolutions).

- fp16.onnx: every weight and activation float16, the scan too; float32 in and out (Cast nodes at the ends);
- fp16-scan32.onnx: float16, with the scan in float32 as vmunet.Mamba keeps it under autocast;
- upmm.onnx: float32, each 2x bilinear upsampling (align_corners) as two MatMuls instead of a Resize;
- copyonly.onnx: no network, one ReduceMean over the channels: the same input and output sizes, so its Run is
  the copies to and from the device and ONNX Runtime's fixed cost (second run only).

python3 bench/results/gpu-ort-profile-2026-12-04/variants.py OUTDIR   (from the repository root)
"""
import os
import sys
import warnings

import numpy as np
import torch

sys.path.insert(0, "model")
import export  # noqa: E402
import onnx_fold  # noqa: E402
import safetensors_io  # noqa: E402
import vmunet  # noqa: E402

ORIGINAL_AS = vmunet._as
ORIGINAL_UP = vmunet._up


class Float32Ends(torch.nn.Module):
    def __init__(self, net, dtype):
        super().__init__()
        self.net = net
        self.dtype = dtype

    def forward(self, x):
        return self.net(x.to(self.dtype)).float()


def interp_matrix(n):
    """(2n, n): 2x linear interpolation with align_corners=True, as F.interpolate computes it."""
    m = np.zeros((2 * n, n), dtype=np.float32)
    for i in range(2 * n):
        src = i * (n - 1) / (2 * n - 1)
        lo = min(int(np.floor(src)), n - 1)
        hi = min(lo + 1, n - 1)
        f = src - lo
        m[i, lo] += 1 - f
        m[i, hi] += f
    return m


def up_matmul(x):
    h, w = int(x.shape[2]), int(x.shape[3])
    ah = torch.from_numpy(interp_matrix(h)).to(x.device, x.dtype)
    aw = torch.from_numpy(interp_matrix(w).T.copy()).to(x.device, x.dtype)
    return torch.matmul(torch.matmul(ah, x), aw)


def load():
    m = vmunet.UltraLightVMUNet()
    m.load_state_dict(safetensors_io.load_torch("model/ultralight-vmunet.safetensors"))
    return m.eval()


def write(model, path, device):
    dummy = torch.zeros(1, 3, 256, 256, device=device)
    with export.ExportScan(model), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kwargs = dict(opset_version=17, input_names=["input"], output_names=["prob"],
                      dynamic_axes={"input": {0: "batch"}, "prob": {0: "batch"}}, do_constant_folding=True)
        try:  # the TorchScript exporter, as model/export.py uses it (PyTorch 1.13 has no dynamo argument)
            torch.onnx.export(model, dummy, path, dynamo=False, **kwargs)
        except TypeError:
            torch.onnx.export(model, dummy, path, **kwargs)
    onnx_fold.fold_constants(path)
    import onnx
    g = onnx.load(path)
    print(path, len(g.graph.node), "nodes", flush=True)


def copy_only(path):
    import onnx
    from onnx import TensorProto, helper
    node = helper.make_node("ReduceMean", ["input"], ["prob"], axes=[1], keepdims=1)
    graph = helper.make_graph([node], "copyonly",
                              [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 3, 256, 256])],
                              [helper.make_tensor_value_info("prob", TensorProto.FLOAT, ["batch", 1, 256, 256])])
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    m.ir_version = 8  # ONNX Runtime 1.24 reads IR <= 13; a newer onnx package writes 14 by default
    onnx.checker.check_model(m)
    onnx.save(m, path)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    copy_only(os.path.join(out, "copyonly.onnx"))
    cuda = torch.cuda.is_available()
    device = "cuda" if cuda else "cpu"
    ref = load().to(device)
    x = torch.rand(4, 3, 256, 256, device=device) * 255
    with torch.no_grad():
        p_ref = ref(x)

    vmunet._up = up_matmul
    m = load().to(device)
    with torch.no_grad():
        print("upmm max |p - shipped form| on 4 random inputs:", float((m(x) - p_ref).abs().max()), flush=True)
    write(m, os.path.join(out, "upmm.onnx"), device)
    vmunet._up = ORIGINAL_UP

    if not cuda:
        return
    for name, scan_half in (("fp16", True), ("fp16-scan32", False)):
        vmunet._as = (lambda t, dtype: t) if scan_half else ORIGINAL_AS
        m = Float32Ends(load().to(device).half(), torch.float16).eval()
        with torch.no_grad():
            print(name, "max |p - float32| on 4 random inputs:", float((m(x) - p_ref).abs().max()), flush=True)
        write(m, os.path.join(out, name + ".onnx"), device)
    vmunet._as = ORIGINAL_AS


if __name__ == "__main__":
    main()
