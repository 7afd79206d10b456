# Training smoke test of the network code on the GPU: torch.compile + bf16 autocast + AdamW, random data.
# Usage: python smoke.py CODE_DIR ARCH  (prints images/s and compiled-vs-eager difference)
import sys, time, warnings
code, arch = sys.argv[1], sys.argv[2]
sys.path.insert(0, code)
sys.dont_write_bytecode = True
import torch
torch.manual_seed(0)
if arch == "ultralight-vmunet":
    from vmunet import build_model
    batch, steps = 16, 60
else:
    from lightmunet import build_model
    batch, steps = 4, 8
net = build_model(1).cuda()
class Logits(torch.nn.Module):
    def __init__(s, n): super().__init__(); s.net = n
    def forward(s, x): return s.net.forward_logits(x)
eager = Logits(net)
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    fwd = torch.compile(eager)
    x = torch.rand(batch, 3, 256, 256, device="cuda") * 255
    m = (torch.rand(batch, 1, 256, 256, device="cuda") > 0.5).float()
    opt = torch.optim.AdamW(net.parameters(), lr=1e-3)
    t0 = time.time()
    for i in range(3):
        with torch.autocast("cuda", dtype=torch.bfloat16):
            lo = fwd(x)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(lo.float(), m)
        opt.zero_grad(); loss.backward(); opt.step()
    torch.cuda.synchronize()
    print(f"{code} {arch}: compile + 3 steps {time.time()-t0:.1f} s; loss {loss.item():.4f}", flush=True)
    t0 = time.time()
    for i in range(steps):
        with torch.autocast("cuda", dtype=torch.bfloat16):
            lo = fwd(x)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(lo.float(), m)
        opt.zero_grad(); loss.backward(); opt.step()
    torch.cuda.synchronize()
    dt = time.time() - t0
    print(f"{code} {arch}: {steps} steps of {batch}: {steps*batch/dt:.0f} images/s; loss {loss.item():.4f}", flush=True)
    with torch.no_grad():
        a = fwd(x[:2]); b = eager(x[:2])
    print(f"{code} {arch}: compiled vs eager (float32, batch 2) max |diff| {(a-b).abs().max().item():.3g}", flush=True)
msgs = sorted({str(x.message)[:150] for x in w})
print(f"{code} {arch}: {len(w)} warnings: {msgs[:5]}", flush=True)
