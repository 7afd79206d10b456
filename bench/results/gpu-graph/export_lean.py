"""Export the shipped UltraLight VM-UNet weights as leaner ONNX graphs (same weights, same maths).

    /usr/bin/python3 bench/results/gpu-graph/export_lean.py [--out target/lean] [--variants current,lean,lean-pairwise]

Writes to target/lean/ (git-ignored):
  current.onnx        exactly model/export.py's export_onnx (the shipped 1,782-node graph)
  lean.onnx           the same chunked scan, without batch-size shape plumbing (every reshape takes -1 for
                      the batch, spatial sizes and lengths are Python ints, the scan's 0/-inf mask biases are
                      constants, GroupNorm reshapes back to a constant shape); dynamic batch kept
  lean-pairwise.onnx  lean.onnx with selective_scan_pairwise (log-depth, O(L) memory) in every Mamba block
  inputs-10.f32       the 10 sample images preprocessed as the app does (model/data.py preprocess == the Java
                      Preprocessor: INTER_AREA resize, per-image min-max to 0..255), float32 LE, N x 3 x 256 x 256
  export-summary.json node counts by op type, PyTorch-level differences
Nothing under model/ is modified: the lean forms are monkeypatched at run time in this process only.
Written before 2026-12-03 evening; since then model/export.py itself writes lean graphs with the pairwise scan,
so `current` is that graph now, not the 1,782-node one this probe compared against.
"""
import argparse
import collections
import json
import os
import sys

sys.dont_write_bytecode = True   # leave no __pycache__ in model/
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
MODEL_DIR = os.path.join(REPO, "model")
sys.path.insert(0, MODEL_DIR)

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import data  # noqa: E402
import export  # noqa: E402  (model/export.py: export_onnx, SEED, ARCHS)
import safetensors_io  # noqa: E402
import scan  # noqa: E402
import vmunet  # noqa: E402

torch.set_num_threads(1)   # shared 2-core machine


# ---------------------------------------------------------------------------------------------------------
# constants that replace the traced torch.ones -> tril -> ~ -> masked_fill chains (ConstantOfShape, Trilu,
# Not, Where, Cast in the shipped graph): the same 0 / -inf values, so exp(diff + bias) is bit-identical
def _tri_bias(t, diagonal, extra_dims):
    tri = np.tril(np.ones((t, t), dtype=bool), k=diagonal)
    bias = np.where(tri, np.float32(0.0), np.float32(-np.inf)).astype(np.float32)
    return torch.from_numpy(bias.reshape((t, t) + (1,) * extra_dims))


def _masked_decay_const(ca_rows, ca_cols, bias):
    return torch.exp(ca_rows - ca_cols + bias)     # same operation order as scan._masked_decay


def selective_scan_chunked_lean(x, dt, A, Bm, Cm, Dv, chunk=None):
    """scan.selective_scan_chunked, line for line, with -1 for the batch and Python-int sizes."""
    l, d = int(x.shape[1]), int(x.shape[2])
    n = int(A.shape[1])
    t = chunk or scan.chunk_size_for(l)
    if l % t != 0:
        raise ValueError(f"sequence length {l} is not a multiple of chunk {t}")
    k = l // t

    dA = (dt[..., None] * A).reshape(-1, k, t, d, n)
    u = (dt * x)[..., None] * Bm[:, :, None, :]
    u = u.reshape(-1, k, t, d, n)

    ca = torch.cumsum(dA, dim=2)
    w = _masked_decay_const(ca[:, :, :, None], ca[:, :, None, :], _tri_bias(t, 0, 2))      # (B,K,T,T,D,N)
    h_loc = (w * u[:, :, None]).sum(dim=3)

    s_end = h_loc[:, :, -1]
    g = ca[:, :, -1]
    gc = torch.cumsum(g, dim=1)
    gx = gc - g
    wk = _masked_decay_const(gx[:, :, None], gc[:, None, :], _tri_bias(k, -1, 2))          # (B,K,K,D,N)
    h_in = (wk * s_end[:, None]).sum(dim=2)

    h = h_loc + torch.exp(ca) * h_in[:, :, None]
    y = (h * Cm.reshape(-1, k, t, 1, n)).sum(-1).reshape(-1, l, d)
    return y + x * Dv


def decayed_cumsum_pairwise_lean(la, u):
    """scan.decayed_cumsum_pairwise with constant shapes: -1 for the batch, ints for the rest; the zero row in
    front of h_o is a constant Pad instead of cat(zeros_like(...)) (which needs the runtime shape)."""
    length = int(u.shape[1])
    rest = tuple(int(s) for s in u.shape[2:])
    if length == 1:
        return u
    if length <= 8:
        ca = torch.cumsum(la, dim=1)
        w = _masked_decay_const(ca[:, :, None], ca[:, None, :], _tri_bias(length, 0, len(rest)))
        return (w * u[:, None]).sum(dim=2)
    odd = length % 2
    pad_rest = [0] * (2 * len(rest))
    if odd:
        la = F.pad(la, pad_rest + [0, 1])
        u = F.pad(u, pad_rest + [0, 1])
    full = length + odd
    la2 = la.reshape((-1, full // 2, 2) + rest)
    u2 = u.reshape((-1, full // 2, 2) + rest)
    la_e, la_o = la2[:, :, 0], la2[:, :, 1]
    u_e, u_o = u2[:, :, 0], u2[:, :, 1]
    h_o = decayed_cumsum_pairwise_lean(la_e + la_o, torch.exp(la_o) * u_e + u_o)
    h_before = F.pad(h_o[:, :-1], pad_rest + [1, 0])           # h at 2k-1 (0 for k = 0)
    h_e = torch.exp(la_e) * h_before + u_e
    h = torch.stack([h_e, h_o], dim=2).reshape((-1, full) + rest)
    return h[:, :length] if odd else h


def selective_scan_pairwise_lean(x, dt, A, Bm, Cm, Dv):
    la = dt[..., None] * A
    u = (dt * x)[..., None] * Bm[:, :, None, :]
    h = decayed_cumsum_pairwise_lean(la, u)
    return (h * Cm[:, :, None, :]).sum(-1) + x * Dv


def mamba_forward_lean(self, u):
    """vmunet.Mamba.forward with the token count as a Python int (constant Slice end), and without the
    float32 -> float32 casts (.float(), .to(z.dtype)): in float32 they are no-ops, but the exporter keeps
    them as 5 Cast nodes per block."""
    length = int(u.shape[1])
    xz = self.in_proj(u)
    x, z = xz.split(self.d_inner, dim=-1)
    x = self.conv1d(x.transpose(1, 2))[..., :length]
    x = F.silu(x).transpose(1, 2)
    dbc = self.x_proj(x)
    dt_low, bm, cm = dbc.split([self.dt_rank, self.d_state, self.d_state], dim=-1)
    assert u.dtype == torch.float32, "the lean export is for float32 only"
    dt = F.softplus(self.dt_proj(dt_low))
    a = -torch.exp(self.A_log)
    y = self.scan(x, dt, a, bm, cm, self.D)
    y = y * F.silu(z)
    return self.out_proj(y)


def pvm_forward_lean(self, x):
    """vmunet.PVMLayer.forward with -1 for the batch and Python-int channels / spatial sizes."""
    c, h, w = self.in_dim, int(x.shape[2]), int(x.shape[3])
    q = c // 4
    hw = h * w
    tokens = x.reshape(-1, c, hw).transpose(1, 2)
    xn = self.norm(tokens)
    quarters = xn.reshape(-1, hw, 4, q).permute(2, 0, 1, 3).reshape(-1, hw, q)
    ym = self.mamba(quarters) + self.skip_scale * quarters
    ym = ym.reshape(4, -1, hw, q).permute(1, 2, 0, 3).reshape(-1, hw, c)
    out = self.proj(self.norm(ym))
    return out.transpose(1, 2).reshape(-1, self.out_dim, h, w)


def groupnorm_forward_lean(self, x):
    """What torch's group_norm symbolic emits (Reshape [0, G, -1], InstanceNormalization with unit scale and
    zero bias, Reshape back, Mul weight, Add bias), but reshaping back to a constant [-1, C, H, W] instead of
    Shape(x)."""
    c, h, w = int(x.shape[1]), int(x.shape[2]), int(x.shape[3])
    g = self.num_groups
    ones, zeros = torch.ones(g, dtype=x.dtype), torch.zeros(g, dtype=x.dtype)   # explicit, as the symbolic does
    y = F.instance_norm(x.reshape(-1, g, (c // g) * h * w), weight=ones, bias=zeros, eps=self.eps)
    y = y.reshape(-1, c, h, w)
    return y * self.weight[:, None, None] + self.bias[:, None, None]


class Patch:
    """Applies the lean forms for the duration of a `with` block (this process only)."""

    def __init__(self, model, scan_fn, groupnorm=True):
        self.model, self.scan_fn, self.groupnorm = model, scan_fn, groupnorm

    def __enter__(self):
        self.saved = (vmunet.PVMLayer.forward, vmunet.Mamba.forward, nn.GroupNorm.forward)
        self.scans = [(m, m.scan) for m in self.model.modules() if isinstance(m, vmunet.Mamba)]
        vmunet.PVMLayer.forward = pvm_forward_lean
        vmunet.Mamba.forward = mamba_forward_lean
        if self.groupnorm:
            nn.GroupNorm.forward = groupnorm_forward_lean
        for m, _ in self.scans:
            m.scan = self.scan_fn
        return self

    def __exit__(self, *exc):
        vmunet.PVMLayer.forward, vmunet.Mamba.forward, nn.GroupNorm.forward = self.saved
        for m, s in self.scans:
            m.scan = s
        return False


# ---------------------------------------------------------------------------------------------------------
def load_model():
    arch = export.ARCHS["ultralight-vmunet"]
    model = arch.build(export.SEED)
    state = safetensors_io.load(os.path.join(MODEL_DIR, arch.stem + ".safetensors"))
    model.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in state.items()})
    model.eval()
    return model


def op_counts(path):
    import onnx
    m = onnx.load(path)
    return len(m.graph.node), dict(sorted(collections.Counter(n.op_type for n in m.graph.node).items(),
                                          key=lambda kv: (-kv[1], kv[0])))


# The folding pass this probe introduced now ships as model/onnx_fold.py (model/export.py runs it).
from onnx_fold import fold_constants  # noqa: E402


def sample_inputs():
    folder = os.path.join(REPO, "assets", "samples", "images")
    names = sorted(f for f in os.listdir(folder) if f.lower().endswith(".png"))
    xs = [data.preprocess(data.read_rgb(os.path.join(folder, f))) for f in names]
    return names, np.stack(xs).astype("<f4")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(REPO, "target", "lean"))
    ap.add_argument("--variants", default="current,lean,lean-pairwise")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    variants = args.variants.split(",")

    names, x = sample_inputs()
    x.tofile(os.path.join(args.out, "inputs-10.f32"))
    with open(os.path.join(args.out, "inputs-10.txt"), "w") as f:
        f.write("float32 LE, %d x 3 x 256 x 256, model/data.py preprocess of assets/samples/images:\n" % len(names))
        f.write("\n".join(names) + "\n")

    model = load_model()
    xt = torch.from_numpy(x.copy())
    golden = safetensors_io.load(os.path.join(MODEL_DIR, "golden", "golden.safetensors"))
    with torch.no_grad():
        ref = model(xt).numpy()
        for sid in export.GOLDEN_IDS:   # the same check as export.py --onnx-only
            p = model(torch.from_numpy(golden[f"input.{sid}"].copy())).numpy()
            diff = float(np.abs(p - golden[f"prob.{sid}"]).max())
            assert diff <= export.GOLDEN_TOLERANCE, f"{sid}: PyTorch output differs from the golden one by {diff}"

    summary = {"inputs": names, "torch": torch.__version__, "variants": {}}
    forms = {"current": None, "lean": selective_scan_chunked_lean, "lean-pairwise": selective_scan_pairwise_lean}
    for v in variants:
        path = os.path.join(args.out, v + ".onnx")
        if forms[v] is None:
            with torch.no_grad():
                nodes, ops = export.export_onnx(model, path)
            py = ref
        else:
            with Patch(model, forms[v]), torch.no_grad():
                py = model(xt).numpy()
                nodes, ops = export.export_onnx(model, path)
        n2, _ = op_counts(path)
        assert n2 == nodes
        entry = {"file": path, "exporterNodes": nodes, "exporterNodesWithoutConstant": nodes - ops.get("Constant", 0),
                 "exporterOps": ops}
        if forms[v] is not None:      # the lean ones: fold what is constant, Constants become initializers
            import shutil
            shutil.copyfile(path, os.path.join(args.out, v + ".exporter.onnx"))
            entry["foldedNodes"] = fold_constants(path)
            nodes, ops = op_counts(path)
        d = float(np.abs(py - ref).max())
        masks = int(((py >= 0.5) != (ref >= 0.5)).sum())
        plumbing = sum(ops.get(k, 0) for k in ("Shape", "Gather", "Unsqueeze", "Concat", "Cast",
                                                 "ConstantOfShape", "Constant"))
        entry.update({"bytes": os.path.getsize(path), "nodes": nodes,
                      "nodesWithoutConstant": nodes - ops.get("Constant", 0), "ops": ops,
                      "pytorchMaxAbsDiffVsShippedMaths": d, "pytorchMaskPixelsDiffering": masks})
        summary["variants"][v] = entry
        if "foldedNodes" in entry:
            print(f"{v:14s} exporter: {entry['exporterNodes']} nodes ({entry['exporterNodesWithoutConstant']} "
                  f"without Constant); folded {entry['foldedNodes']}")
        print(f"{v:14s} nodes {nodes:5d} (without Constant {nodes - ops.get('Constant', 0)}; Constant/Shape/"
              f"Gather/Unsqueeze/Concat/Cast/ConstantOfShape {plumbing}); torch max|diff| {d:.3g}, "
              f"mask px differing {masks}")
        print("   ", ", ".join(f"{k} {c}" for k, c in ops.items()))

    shipped = os.path.join(MODEL_DIR, "ultralight-vmunet.onnx")
    if "current" in variants:
        import onnx
        a, b = onnx.load(shipped), onnx.load(os.path.join(args.out, "current.onnx"))
        same_nodes = [n.SerializeToString() for n in a.graph.node] == [n.SerializeToString() for n in b.graph.node]
        same_init = sorted((i.name, i.raw_data) for i in a.graph.initializer) == \
            sorted((i.name, i.raw_data) for i in b.graph.initializer)
        same_bytes = open(shipped, "rb").read() == open(os.path.join(args.out, "current.onnx"), "rb").read()
        summary["currentVsShipped"] = {"sameNodes": same_nodes, "sameInitializers": same_init,
                                       "sameBytes": same_bytes}
        print(f"current.onnx vs model/ultralight-vmunet.onnx: same nodes {same_nodes}, "
              f"same initializers {same_init}, same bytes {same_bytes}")
    with open(os.path.join(args.out, "export-summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
