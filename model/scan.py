"""Mamba selective scan in plain PyTorch.

Recurrence per (batch b, channel d, state n), along tokens l:
    h_l = exp(dt_l * A) * h_{l-1} + dt_l * B_l * x_l
    y_l = sum_n C_l[n] * h_l[n] + D * x_l

Two forms:
- `selective_scan_ref`: the sequential loop, the definition (slow; used by tests and as the
  behaviour the Java engine copies).
- `selective_scan_chunked`: the same maths, vectorised so it exports to standard ONNX ops
  (CumSum, Sub, Add, Exp, Mul, ReduceSum) and trains fast on a GPU. Tokens are cut into chunks of T;
  inside a chunk the state is a masked sum with decays exp(ca_t - ca_s) (ca = cumulative log
  decay, always <= 0 for s <= t, so nothing overflows); chunk end-states are then carried across
  chunks with the same masked-sum trick on the per-chunk total decays. No Python loop over tokens.

Shapes: x, dt: (B, L, D); A: (D, N) (negative); Bm, Cm: (B, L, N); Dv: (D,). Returns y: (B, L, D).
Runs on PyTorch 1.13 and 2.x.
"""
import functools

import numpy as np
import torch
import torch.nn.functional as F


def selective_scan_ref(x, dt, A, Bm, Cm, Dv):
    b, l, d = x.shape
    n = A.shape[1]
    h = x.new_zeros(b, d, n)
    ys = []
    for t in range(l):
        dA = torch.exp(dt[:, t, :, None] * A[None])                # (B, D, N)
        dBx = dt[:, t, :, None] * Bm[:, t, None, :] * x[:, t, :, None]
        h = dA * h + dBx
        ys.append((h * Cm[:, t, None, :]).sum(-1))               # (B, D)
    y = torch.stack(ys, dim=1)
    return y + x * Dv


def chunk_size_for(length):
    """Chunk length T (a power of two dividing L) minimising the work of the two masked sums,
    which grows as L*T (inside chunks) + (L/T)^2 (across chunks)."""
    best, t = 1, 1
    while length % (t * 2) == 0:
        t *= 2
        if length * t + (length // t) ** 2 < length * best + (length // best) ** 2:
            best = t
    return best


def _causal_bias(size, diagonal, extra_dims, like):
    """A (size, size, 1 x extra_dims) tensor: 0 where s <= t + diagonal, -inf elsewhere.

    Built in numpy from Python ints, so the ONNX exporter sees one constant (the torch.ones -> tril ->
    masked_fill chain it replaces was exported as ConstantOfShape, Trilu, Not, Where and Cast nodes).
    Cached per device and type: in training on a GPU a fresh copy would be a host-to-device transfer per
    scan call. Under torch.compile, Dynamo traces through the cache (it warns once): sound, since the
    result depends on the arguments only (model/runs/lean-forms-smoke/)."""
    return _cached_causal_bias(size, diagonal, extra_dims, like.device, like.dtype)


@functools.lru_cache(maxsize=64)
def _cached_causal_bias(size, diagonal, extra_dims, device, dtype):
    keep = np.tril(np.ones((size, size), dtype=bool), k=diagonal)
    bias = np.where(keep, np.float32(0.0), np.float32(-np.inf)).reshape((size, size) + (1,) * extra_dims)
    return torch.from_numpy(bias).to(device=device, dtype=dtype)


def _masked_decay(ca_rows, ca_cols, bias):
    """exp(ca_rows[t] - ca_cols[s]) where the bias is 0, else 0 (bias -inf, from `_causal_bias`).

    The mask enters as a bias of 0 / -inf added before exp: where the mask holds the value is exactly
    exp(difference) (x + 0 == x), elsewhere exp(-inf) = 0, and a masked-out difference, which can be
    large and positive, never overflows. A broadcast Add rather than `where` against a full-size -inf
    tensor: that Where and
    the ConstantOfShape feeding it took 32 of ONNX Runtime's 72 ms per image on 2 CPU cores; with the
    bias the whole model runs in about 41 ms instead of 72. (Batched MatMuls in a tokens-last layout
    instead of Mul + ReduceSum were measured too: slower in ONNX Runtime, 86 ms.)"""
    return torch.exp(ca_rows - ca_cols + bias)


def selective_scan_chunked(x, dt, A, Bm, Cm, Dv, chunk=None):
    # Sizes as Python ints and -1 for the batch: the exported graph then needs no Shape -> Gather -> Concat
    # plumbing per reshape (the batch stays dynamic)
    l, d = int(x.shape[1]), int(x.shape[2])
    n = int(A.shape[1])
    t = chunk or chunk_size_for(l)
    if l % t != 0:
        raise ValueError(f"sequence length {l} is not a multiple of chunk {t}")
    k = l // t

    dA = (dt[..., None] * A).reshape(-1, k, t, d, n)                      # log decay per step, <= 0
    u = (dt * x)[..., None] * Bm[:, :, None, :]                            # (B, L, D, N)
    u = u.reshape(-1, k, t, d, n)

    # Within each chunk: h_loc[t] = sum_{s<=t} exp(ca[t]-ca[s]) * u[s]
    ca = torch.cumsum(dA, dim=2)                                           # (B, K, T, D, N)
    w = _masked_decay(ca[:, :, :, None], ca[:, :, None, :], _causal_bias(t, 0, 2, ca))  # (B,K,T,T,D,N)
    h_loc = (w * u[:, :, None]).sum(dim=3)                                  # (B, K, T, D, N)

    # Across chunks: state entering chunk k = sum_{j<k} exp(G_excl[k] - G[j]) * S[j]
    s_end = h_loc[:, :, -1]                                                # (B, K, D, N)
    g = ca[:, :, -1]                                                       # total decay of chunk
    gc = torch.cumsum(g, dim=1)                                            # inclusive
    gx = gc - g                                                            # exclusive
    wk = _masked_decay(gx[:, :, None], gc[:, None, :], _causal_bias(k, -1, 2, gc))  # (B,K,K,D,N)
    h_in = (wk * s_end[:, None]).sum(dim=2)                                # (B, K, D, N)

    h = h_loc + torch.exp(ca) * h_in[:, :, None]                           # (B, K, T, D, N)
    y = (h * Cm.reshape(-1, k, t, 1, n)).sum(-1).reshape(-1, l, d)
    return y + x * Dv


def decayed_cumsum_pairwise(la, u):
    """h_t = exp(la_t) * h_{t-1} + u_t along dim 1 (h_{-1} = 0), for la <= 0; shapes (B, L, ...).

    Exact, with memory O(L) per (batch, channel, state): the recursion halves the sequence, never forming
    the (T, T) decay matrices of the chunked form. Pair (2k, 2k+1) is one step with log decay
    la_2k + la_2k+1 and input exp(la_2k+1) * u_2k + u_2k+1; the scan of the L/2 pairs gives h at every odd
    position, and h at an even position is one step from the odd one before it. Every exp has a
    non-positive argument, so nothing overflows. Unrolled at trace time (log2 L levels) into standard ONNX
    ops (Slice, Gather, Add, Exp, Mul, Pad, Concat, Reshape). Lengths need not be powers of two: an odd
    length gets one neutral step (la 0, u 0) appended and cut off again."""
    length = int(u.shape[1])
    rest = tuple(int(s) for s in u.shape[2:])
    if length == 1:
        return u
    if length <= 8:
        # short enough for the direct masked sum over all pairs (t, s <= t): few nodes in the graph
        ca = torch.cumsum(la, dim=1)
        w = _masked_decay(ca[:, :, None], ca[:, None, :], _causal_bias(length, 0, len(rest), ca))
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
    h_o = decayed_cumsum_pairwise(la_e + la_o, torch.exp(la_o) * u_e + u_o)
    # h at 2k-1 (0 for k = 0): a constant Pad, where cat(zeros_like(...)) would need the runtime shape
    h_before = F.pad(h_o[:, :-1], pad_rest + [1, 0])
    h_e = torch.exp(la_e) * h_before + u_e
    h = torch.stack([h_e, h_o], dim=2).reshape((-1, full) + rest)
    return h[:, :length] if odd else h


def selective_scan_pairwise(x, dt, A, Bm, Cm, Dv):
    """The selective scan through `decayed_cumsum_pairwise`: memory O(B L D N), no (T, T) tensors. The form
    for long sequences (LightM-UNet's 65,536 tokens at 256x256, where the chunked form would need gigabytes
    per image)."""
    la = dt[..., None] * A                                                 # (B, L, D, N), <= 0
    u = (dt * x)[..., None] * Bm[:, :, None, :]
    h = decayed_cumsum_pairwise(la, u)
    return (h * Cm[:, :, None, :]).sum(-1) + x * Dv


# Above this many elements per sequence in the chunked form's (K, T, T, D, N) decay tensor, use the
# pairwise form: 2^22 floats = 16 MiB per batch item.
CHUNKED_LIMIT = 1 << 22


def selective_scan_auto(x, dt, A, Bm, Cm, Dv):
    """The chunked form where its (T, T) decay tensors stay small, the pairwise form otherwise."""
    length, d = int(x.shape[1]), int(x.shape[2])
    t = chunk_size_for(length)
    if length * t * d * A.shape[1] <= CHUNKED_LIMIT:
        return selective_scan_chunked(x, dt, A, Bm, Cm, Dv, chunk=t)
    return selective_scan_pairwise(x, dt, A, Bm, Cm, Dv)
