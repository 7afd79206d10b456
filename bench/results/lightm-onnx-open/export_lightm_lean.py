"""LightM-UNet's shipped weights exported without the batch-size shape plumbing (the lean forms of
bench/results/gpu-graph/export_lean.py, plus RVMLayer's), to target/lightm-exp/lightm-lean.onnx. Experiment only."""
import os, sys, json, time
sys.dont_write_bytecode = True
REPO = "/work/main"
sys.path.insert(0, os.path.join(REPO, "model")); sys.path.insert(0, os.path.join(REPO, "bench/results/gpu-graph"))
import numpy as np, torch
import export, safetensors_io, scan, lightmunet
import export_lean as el
torch.set_num_threads(1)

def scan_auto_lean(x, dt, A, Bm, Cm, Dv):
    length, d = int(x.shape[1]), int(x.shape[2])
    t = scan.chunk_size_for(length)
    if length * t * d * A.shape[1] <= scan.CHUNKED_LIMIT:
        return el.selective_scan_chunked_lean(x, dt, A, Bm, Cm, Dv, chunk=t)
    return el.selective_scan_pairwise_lean(x, dt, A, Bm, Cm, Dv)

def rvm_forward_lean(self, x):
    c, h, w = self.in_dim, int(x.shape[2]), int(x.shape[3])
    tokens = x.reshape(-1, c, h * w).transpose(1, 2)
    y = self.mamba(self.norm(tokens)) + self.skip_scale * tokens
    y = self.proj(self.norm(y))
    return y.transpose(1, 2).reshape(-1, self.out_dim, h, w)

arch = export.ARCHS["lightm-unet"]
model = arch.build(export.SEED)
state = safetensors_io.load(os.path.join(REPO, "model", arch.stem + ".safetensors"))
model.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in state.items()})
model.eval()
golden = safetensors_io.load(os.path.join(REPO, "model", arch.golden, "golden.safetensors"))
saved = lightmunet.RVMLayer.forward
lightmunet.RVMLayer.forward = rvm_forward_lean
path = os.path.join(REPO, "target/lightm-exp/lightm-lean.onnx")
with el.Patch(model, scan_auto_lean):
    with torch.no_grad():
        for sid in export.GOLDEN_IDS:
            p = model(torch.from_numpy(golden[f"input.{sid}"].copy())).numpy()
            print(sid, "max |lean torch - golden|", float(np.abs(p - golden[f"prob.{sid}"]).max()), flush=True)
    t0 = time.time()
    nodes, ops = export.export_onnx(model, path)
    print("exported in", round(time.time() - t0), "s:", nodes, "nodes", flush=True)
lightmunet.RVMLayer.forward = saved
folded = el.fold_constants(path)
import onnx
m = onnx.load(path)
c = {}
for n in m.graph.node:
    c[n.op_type] = c.get(n.op_type, 0) + 1
print("after folding", folded, ":", len(m.graph.node), "nodes", json.dumps(dict(sorted(c.items(), key=lambda kv: -kv[1])[:10])))
