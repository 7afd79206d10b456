"""Teacher network for knowledge distillation (training only; it never ships).

A plain convolutional U-Net (double 3x3 conv + BatchNorm + ReLU per level, bilinear up-sampling). Its only job
is to give the 49,457-parameter UltraLight VM-UNet student soft targets on the same augmented training images;
any strong segmenter would do, and a CNN trains fast on a GPU. Same input contract as the student (RGB,
per-image min-max to 0..255), scaled to 0..1 inside.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


def _block(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
        nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class TeacherUNet(nn.Module):
    def __init__(self, widths=(32, 64, 128, 256, 512)):
        super().__init__()
        self.down = nn.ModuleList()
        cin = 3
        for w in widths:
            self.down.append(_block(cin, w))
            cin = w
        self.up = nn.ModuleList()
        for w_skip, w_in in zip(reversed(widths[:-1]), reversed(widths[1:])):
            self.up.append(_block(w_in + w_skip, w_skip))
        self.head = nn.Conv2d(widths[0], 1, 1)

    def forward_logits(self, x):
        x = x / 255.0
        skips = []
        for i, blk in enumerate(self.down):
            x = blk(x)
            if i < len(self.down) - 1:
                skips.append(x)
                x = F.max_pool2d(x, 2)
        for blk, s in zip(self.up, reversed(skips)):
            x = F.interpolate(x, size=s.shape[-2:], mode="bilinear", align_corners=False)
            x = blk(torch.cat([x, s], dim=1))
        return self.head(x)

    def forward(self, x):
        return torch.sigmoid(self.forward_logits(x))


def build_teacher(seed=None):
    if seed is not None:
        torch.manual_seed(seed)
    return TeacherUNet()
