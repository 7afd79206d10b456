"""UltraLight VM-UNet (Wu et al., arXiv 2403.20035), written from ../shared/notes/model-reference.md.

Module names are the safetensors tensor names the Java engine reads (docs/architecture.md).
Runs on PyTorch 1.13 (Debian) and 2.x (GPU machine); exports to ONNX opset 17 with standard ops.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from scan import selective_scan_chunked, selective_scan_ref

CHANNELS = (8, 16, 24, 32, 48, 64)


class Mamba(nn.Module):
    """Mamba block as in mamba_ssm 1.0.1 (d_state 16, d_conv 4, expand 2), scan in plain PyTorch."""

    def __init__(self, d_model, d_state=16, d_conv=4, expand=2, scan=selective_scan_chunked):
        super().__init__()
        self.scan = scan  # the exportable scan form (scan.py); LightM-UNet picks one for long sequences
        self.d_model = d_model
        self.d_state = d_state
        self.d_conv = d_conv
        self.d_inner = expand * d_model
        self.dt_rank = math.ceil(d_model / 16)
        self.in_proj = nn.Linear(d_model, 2 * self.d_inner, bias=False)
        self.conv1d = nn.Conv1d(self.d_inner, self.d_inner, d_conv, groups=self.d_inner,
                                padding=d_conv - 1, bias=True)
        self.x_proj = nn.Linear(self.d_inner, self.dt_rank + 2 * d_state, bias=False)
        self.dt_proj = nn.Linear(self.dt_rank, self.d_inner, bias=True)
        self.A_log = nn.Parameter(torch.log(torch.arange(1, d_state + 1, dtype=torch.float32))
                                  .repeat(self.d_inner, 1))
        self.D = nn.Parameter(torch.ones(self.d_inner))
        self.out_proj = nn.Linear(self.d_inner, d_model, bias=False)
        self._init_dt()
        self.use_reference_scan = False  # tests switch this on to compare scans end to end

    def _init_dt(self, dt_min=1e-3, dt_max=0.1, dt_floor=1e-4):
        # mamba_ssm's initialisation: dt starts log-uniform in [dt_min, dt_max].
        std = self.dt_rank ** -0.5
        nn.init.uniform_(self.dt_proj.weight, -std, std)
        dt = torch.exp(torch.rand(self.d_inner) * (math.log(dt_max) - math.log(dt_min))
                       + math.log(dt_min)).clamp(min=dt_floor)
        inv_softplus = dt + torch.log(-torch.expm1(-dt))
        with torch.no_grad():
            self.dt_proj.bias.copy_(inv_softplus)

    def forward(self, u):                                   # u: (B, L, d_model)
        length = int(u.shape[1])                            # a Python int: a constant Slice end in ONNX
        xz = self.in_proj(u)
        x, z = xz.split(self.d_inner, dim=-1)
        x = self.conv1d(x.transpose(1, 2))[..., :length]    # causal: left pad d_conv-1, keep first L
        x = F.silu(x).transpose(1, 2)                       # (B, L, d_inner)
        dbc = self.x_proj(x)
        dt_low, bm, cm = dbc.split([self.dt_rank, self.d_state, self.d_state], dim=-1)
        # The scan runs in float32 even under bf16 autocast (training): its cumulative log-decays lose
        # too much in bf16. The casts are made only where the type differs: a float32 -> float32 cast
        # still leaves a Cast node per tensor in the exported graph.
        f32 = torch.float32
        dt = F.softplus(_as(self.dt_proj(dt_low), f32))
        a = -torch.exp(self.A_log)
        scan = selective_scan_ref if self.use_reference_scan else self.scan
        y = scan(_as(x, f32), dt, a, _as(bm, f32), _as(cm, f32), self.D)
        y = _as(y, z.dtype) * F.silu(z)
        return self.out_proj(y)


def _as(t, dtype):
    """t in dtype, without a cast node in the exported graph when it already is."""
    return t if t.dtype == dtype else t.to(dtype)


class PVMLayer(nn.Module):
    """Parallel Vision Mamba: LayerNorm, 4 channel quarters through ONE shared Mamba (+ scaled skip),
    concat, the same LayerNorm again, Linear projection."""

    def __init__(self, in_dim, out_dim, d_state=16, d_conv=4, expand=2):
        super().__init__()
        self.in_dim = in_dim
        self.out_dim = out_dim
        self.norm = nn.LayerNorm(in_dim)
        self.mamba = Mamba(in_dim // 4, d_state, d_conv, expand)
        self.proj = nn.Linear(in_dim, out_dim)
        self.skip_scale = nn.Parameter(torch.ones(1))

    def forward(self, x):                                   # x: (B, C, H, W)
        # -1 for the batch and Python ints for the rest: no runtime shape arithmetic in the exported graph
        c, h, w = self.in_dim, int(x.shape[2]), int(x.shape[3])
        q = c // 4
        tokens = x.reshape(-1, c, h * w).transpose(1, 2)    # (B, L, C), row-major
        xn = self.norm(tokens)
        # The four quarters share the Mamba weights, so run them as one batch of 4B sequences.
        quarters = xn.reshape(-1, h * w, 4, q).permute(2, 0, 1, 3).reshape(-1, h * w, q)
        ym = self.mamba(quarters) + self.skip_scale * quarters
        ym = ym.reshape(4, -1, h * w, q).permute(1, 2, 0, 3).reshape(-1, h * w, c)
        out = self.proj(self.norm(ym))
        return out.transpose(1, 2).reshape(-1, self.out_dim, h, w)


class SpatialAttBridge(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 1, 7, stride=1, padding=9, dilation=3)

    def forward(self, ts):
        out = []
        for t in ts:
            pooled = torch.cat([t.mean(dim=1, keepdim=True), t.amax(dim=1, keepdim=True)], dim=1)
            out.append(torch.sigmoid(self.conv(pooled)))
        return out


class ChannelAttBridge(nn.Module):
    def __init__(self, channels):
        super().__init__()
        total = sum(channels[:-1])
        self.get_all_att = nn.Conv1d(1, 1, kernel_size=3, padding=1, bias=False)
        for i, c in enumerate(channels[:-1]):   # att1..att5: one Linear per skip level
            setattr(self, f"att{i + 1}", nn.Linear(total, c))

    def forward(self, ts):
        pooled = torch.cat([t.mean(dim=(2, 3)) for t in ts], dim=1)       # (B, 128)
        att = self.get_all_att(pooled.unsqueeze(1))                       # (B, 1, 128)
        out = []
        for i, t in enumerate(ts):
            a = torch.sigmoid(getattr(self, f"att{i + 1}")(att))           # (B, 1, c_i)
            out.append(a.transpose(1, 2).unsqueeze(-1))                    # (B, c_i, 1, 1)
        return out


class SCAttBridge(nn.Module):
    """Spatial then channel attention on the skips; returns catt*(s*t + t) + s*t (reference bookkeeping)."""

    def __init__(self, channels):
        super().__init__()
        self.satt = SpatialAttBridge()
        self.catt = ChannelAttBridge(channels)

    def forward(self, ts):
        s = self.satt(ts)
        st = [si * ti for si, ti in zip(s, ts)]
        t2 = [a + t for a, t in zip(st, ts)]
        c = self.catt(t2)
        return [ci * ti + a for ci, ti, a in zip(c, t2, st)]


class UltraLightVMUNet(nn.Module):
    def __init__(self, channels=CHANNELS, in_channels=3, num_classes=1):
        super().__init__()
        c = channels
        self.encoder1 = nn.Conv2d(in_channels, c[0], 3, padding=1)
        self.encoder2 = nn.Conv2d(c[0], c[1], 3, padding=1)
        self.encoder3 = nn.Conv2d(c[1], c[2], 3, padding=1)
        self.encoder4 = PVMLayer(c[2], c[3])
        self.encoder5 = PVMLayer(c[3], c[4])
        self.encoder6 = PVMLayer(c[4], c[5])
        self.scab = SCAttBridge(c)
        self.decoder1 = PVMLayer(c[5], c[4])
        self.decoder2 = PVMLayer(c[4], c[3])
        self.decoder3 = PVMLayer(c[3], c[2])
        self.decoder4 = nn.Conv2d(c[2], c[1], 3, padding=1)
        self.decoder5 = nn.Conv2d(c[1], c[0], 3, padding=1)
        for i, ch in enumerate(c[:5]):
            setattr(self, f"ebn{i + 1}", nn.GroupNorm(4, ch))
        for i, ch in enumerate((c[4], c[3], c[2], c[1], c[0])):
            setattr(self, f"dbn{i + 1}", nn.GroupNorm(4, ch))
        self.final = nn.Conv2d(c[0], num_classes, 1)

    def set_reference_scan(self, on=True):
        for m in self.modules():
            if isinstance(m, Mamba):
                m.use_reference_scan = on

    def forward_logits(self, x):
        skips = []
        out = x
        for i in range(1, 6):
            enc = getattr(self, f"encoder{i}")
            bn = getattr(self, f"ebn{i}")
            out = F.gelu(F.max_pool2d(bn(enc(out)), 2, 2))
            skips.append(out)
        t1, t2, t3, t4, t5 = self.scab(skips)
        out = F.gelu(self.encoder6(out))   # bottom: on the level-5 output before the bridge
        out5 = F.gelu(self.dbn1(self.decoder1(out))) + t5
        out4 = F.gelu(_up(self.dbn2(self.decoder2(out5)))) + t4
        out3 = F.gelu(_up(self.dbn3(self.decoder3(out4)))) + t3
        out2 = F.gelu(_up(self.dbn4(self.decoder4(out3)))) + t2
        out1 = F.gelu(_up(self.dbn5(self.decoder5(out2)))) + t1
        return _up(self.final(out1))

    def forward(self, x):
        return torch.sigmoid(self.forward_logits(x))


def _up(x):
    return F.interpolate(x, scale_factor=2.0, mode="bilinear", align_corners=True)


def build_model(seed=None):
    if seed is not None:
        torch.manual_seed(seed)
    return UltraLightVMUNet()


def parameter_table(model):
    rows = []
    for name, mod in model.named_children():
        rows.append((name, sum(p.numel() for p in mod.parameters())))
    return rows


def count_flops(model, size=256):
    """Multiply-accumulates of convolutions, linears and the scan at 1x3xSxS, counted with hooks
    (as thop/fvcore count them: MACs reported as 'FLOPs' in the paper's tables)."""
    macs = [0]

    def conv_hook(m, inp, out):
        k = m.weight.numel() // m.out_channels           # (in/groups) * kh * kw
        macs[0] += out.numel() * k

    def lin_hook(m, inp, out):
        macs[0] += out.numel() * m.in_features

    def mamba_hook(m, inp, out):
        b, l, _ = inp[0].shape
        macs[0] += b * l * m.d_inner * m.d_state * 3       # decay*h + dt*B*x + C.h per state

    hooks = []
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Conv1d)):
            hooks.append(m.register_forward_hook(conv_hook))
        elif isinstance(m, nn.Linear):
            hooks.append(m.register_forward_hook(lin_hook))
        elif isinstance(m, Mamba):
            hooks.append(m.register_forward_hook(mamba_hook))
    with torch.no_grad():
        model(torch.zeros(1, 3, size, size))
    for h in hooks:
        h.remove()
    return macs[0]


if __name__ == "__main__":
    m = build_model(0)
    total = sum(p.numel() for p in m.parameters())
    print(f"{'module':<12}{'params':>8}")
    for name, n in parameter_table(m):
        print(f"{name:<12}{n:>8}")
    print(f"{'total':<12}{total:>8}")
    print(f"GFLOPs (MACs) at 256x256: {count_flops(m) / 1e9:.4f}")
