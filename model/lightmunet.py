"""LightM-UNet (Liao et al., arXiv 2403.05246) in 2D for 256x256 skin-lesion images, written from
../shared/notes/lightm-unet.md (init filters 8, blocks down 1-2-2-4, up 1-1-1, one sigmoid output).

Module names are the safetensors tensor names the Java engine reads (docs/models.md, "LightM-UNet").
The Mamba block is UltraLight's (vmunet.Mamba), with the scan form chosen by length
(scan.selective_scan_auto): level 0 scans 65,536 tokens, where only the pairwise form is affordable.
Runs on PyTorch 1.13 (Debian) and 2.x; exports to ONNX opset 17 with standard ops.

    python3 lightmunet.py          # per-module parameter table and MACs at 1x3x256x256
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from scan import selective_scan_auto
from vmunet import Mamba, count_flops

INIT_FILTERS = 8
BLOCKS_DOWN = (1, 2, 2, 4)
BLOCKS_UP = (1, 1, 1)
GROUPS = 8


class RVMLayer(nn.Module):
    """Residual Vision Mamba: tokens (row-major H*W) -> LayerNorm -> Mamba, + skip_scale * tokens -> the same
    LayerNorm again -> Linear(in -> out). One scan direction."""

    def __init__(self, in_dim, out_dim, d_state=16, d_conv=4, expand=2):
        super().__init__()
        self.in_dim = in_dim
        self.out_dim = out_dim
        self.norm = nn.LayerNorm(in_dim)
        self.mamba = Mamba(in_dim, d_state, d_conv, expand, scan=selective_scan_auto)
        self.proj = nn.Linear(in_dim, out_dim)
        self.skip_scale = nn.Parameter(torch.ones(1))

    def forward(self, x):                                   # x: (B, C, H, W)
        # -1 for the batch and Python ints for the rest, as in vmunet.PVMLayer
        c, h, w = self.in_dim, int(x.shape[2]), int(x.shape[3])
        tokens = x.reshape(-1, c, h * w).transpose(1, 2)    # (B, L, C)
        y = self.mamba(self.norm(tokens)) + self.skip_scale * tokens
        y = self.proj(self.norm(y))
        return y.transpose(1, 2).reshape(-1, self.out_dim, h, w)


class ResMambaBlock(nn.Module):
    """GroupNorm -> ReLU -> RVM -> GroupNorm -> ReLU -> RVM, plus the input."""

    def __init__(self, channels, groups=GROUPS):
        super().__init__()
        self.norm1 = nn.GroupNorm(groups, channels)
        self.rvm1 = RVMLayer(channels, channels)
        self.norm2 = nn.GroupNorm(groups, channels)
        self.rvm2 = RVMLayer(channels, channels)

    def forward(self, x):
        y = self.rvm1(F.relu(self.norm1(x)))
        y = self.rvm2(F.relu(self.norm2(y)))
        return y + x


class ResBlock(nn.Module):
    """MONAI SegResNet's ResBlock: GroupNorm -> ReLU -> 3x3 conv -> GroupNorm -> ReLU -> 3x3 conv, plus the
    input; convolutions without bias (MONAI's get_conv_layer)."""

    def __init__(self, channels, groups=GROUPS):
        super().__init__()
        self.norm1 = nn.GroupNorm(groups, channels)
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.norm2 = nn.GroupNorm(groups, channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)

    def forward(self, x):
        y = self.conv1(F.relu(self.norm1(x)))
        y = self.conv2(F.relu(self.norm2(y)))
        return y + x


class EncoderLevel(nn.Module):
    """Level i > 0: RVM(C/2 -> C) then 2x2 max-pool; then the level's ResMambaBlocks (level 0: blocks only)."""

    def __init__(self, channels, blocks, downsample):
        super().__init__()
        self.rvm = RVMLayer(channels // 2, channels) if downsample else None
        self.blocks = nn.Sequential(*[ResMambaBlock(channels) for _ in range(blocks)])

    def forward(self, x):
        if self.rvm is not None:
            x = F.max_pool2d(self.rvm(x), 2, 2)
        return self.blocks(x)


class DecoderLevel(nn.Module):
    """1x1 conv (C -> C/2, no bias), 2x bilinear up-sampling (align_corners=False, MONAI's NONTRAINABLE
    mode), + the encoder feature of that level, then the level's ResBlocks."""

    def __init__(self, channels, blocks):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels // 2, 1, bias=False)
        self.blocks = nn.Sequential(*[ResBlock(channels // 2) for _ in range(blocks)])

    def forward(self, x, skip):
        x = F.interpolate(self.conv(x), scale_factor=2.0, mode="bilinear", align_corners=False) + skip
        return self.blocks(x)


class Head(nn.Module):
    """GroupNorm -> ReLU -> 1x1 conv with bias to one logit channel."""

    def __init__(self, channels, num_classes=1, groups=GROUPS):
        super().__init__()
        self.norm = nn.GroupNorm(groups, channels)
        self.conv = nn.Conv2d(channels, num_classes, 1, bias=True)

    def forward(self, x):
        return self.conv(F.relu(self.norm(x)))


class LightMUNet(nn.Module):
    def __init__(self, init_filters=INIT_FILTERS, blocks_down=BLOCKS_DOWN, blocks_up=BLOCKS_UP, in_channels=3,
                 num_classes=1):
        super().__init__()
        f = init_filters
        self.conv_init = nn.Conv2d(in_channels, f, 3, padding=1, bias=False)
        self.encoder = nn.ModuleList(EncoderLevel(f * 2 ** i, n, i > 0) for i, n in enumerate(blocks_down))
        top = len(blocks_up)
        self.decoder = nn.ModuleList(DecoderLevel(f * 2 ** (top - i), n) for i, n in enumerate(blocks_up))
        self.head = Head(f, num_classes)

    def set_reference_scan(self, on=True):
        for m in self.modules():
            if isinstance(m, Mamba):
                m.use_reference_scan = on

    def forward_logits(self, x):
        x = self.conv_init(x)
        skips = []
        for level in self.encoder:
            x = level(x)
            skips.append(x)
        for i, level in enumerate(self.decoder):
            x = level(x, skips[-2 - i])
        return self.head(x)

    def forward(self, x):
        return torch.sigmoid(self.forward_logits(x))


def build_model(seed=None):
    if seed is not None:
        torch.manual_seed(seed)
    return LightMUNet()


def parameter_table(model):
    """(name, parameters) for each top-level module and, inside the encoder and decoder, each level's parts."""
    rows = []
    for name, mod in model.named_children():
        if isinstance(mod, nn.ModuleList):
            for i, level in enumerate(mod):
                for part, sub in level.named_children():
                    if sub is None:
                        continue
                    if isinstance(sub, nn.Sequential):
                        for j, block in enumerate(sub):
                            rows.append((f"{name}.{i}.{part}.{j}", _count(block)))
                    else:
                        rows.append((f"{name}.{i}.{part}", _count(sub)))
        else:
            rows.append((name, _count(mod)))
    return rows


def _count(module):
    return sum(p.numel() for p in module.parameters())


if __name__ == "__main__":
    m = build_model(0)
    total = _count(m)
    print(f"{'module':<24}{'kind':<16}{'params':>8}")
    for name, n in parameter_table(m):
        kind = type(m.get_submodule(name)).__name__
        print(f"{name:<24}{kind:<16}{n:>8}")
    print(f"{'total':<40}{total:>8}")
    print(f"GFLOPs (MACs) at 256x256: {count_flops(m) / 1e9:.4f}")
