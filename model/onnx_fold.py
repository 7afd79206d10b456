"""Constant folding of the shape plumbing the ONNX exporter leaves in a graph (used by export.py).

The exporter's own folding keeps chains such as ConstantOfShape -> Concat -> Reshape -> Slice -> Transpose -> Cast
that compute a Pad's pads from constants. onnx 1.12 (Debian) has no optimizer and there is no onnxsim here, hence
this small pass. Only data movement and integer arithmetic are evaluated; float arithmetic never is, so no value
the network computes can change (the graph's outputs are bit-identical before and after).
"""
import numpy as np

FOLDABLE = {"ConstantOfShape", "Concat", "Reshape", "Slice", "Transpose", "Cast", "Unsqueeze", "Squeeze",
            "Gather", "Expand", "Identity"}
INT_ARITH = {"Add", "Sub", "Mul", "Div"}


def _np_type(onnx_type):
    """numpy dtype of an ONNX tensor type: onnx.helper.tensor_dtype_to_np_dtype (onnx >= 1.13), else
    onnx.mapping (Debian's 1.12 here; removed by 1.23, the GPU machine's, where export.py failed on a Cast)."""
    import onnx
    if hasattr(onnx.helper, "tensor_dtype_to_np_dtype"):
        return onnx.helper.tensor_dtype_to_np_dtype(onnx_type)
    from onnx import mapping
    return mapping.TENSOR_TYPE_TO_NP_TYPE[onnx_type]


def _eval(node, xs):
    """numpy evaluation of the data-movement ops of shape plumbing (and integer arithmetic); no float maths
    is ever folded here, so no value of the network can change."""
    from onnx import helper, numpy_helper
    at = {a.name: helper.get_attribute_value(a) for a in node.attribute}
    op = node.op_type
    if op == "ConstantOfShape":
        v = numpy_helper.to_array(at["value"]) if "value" in at else np.zeros(1, np.float32)
        return np.full(tuple(int(d) for d in xs[0]), v.reshape(-1)[0], dtype=v.dtype)
    if op == "Concat":
        return np.concatenate(xs, axis=at["axis"])
    if op == "Reshape":
        shape = [int(d) for d in xs[1]]
        shape = [xs[0].shape[i] if d == 0 and not at.get("allowzero", 0) else d for i, d in enumerate(shape)]
        return xs[0].reshape(shape)
    if op == "Slice":
        data, starts, ends = xs[0], xs[1], xs[2]
        axes = xs[3] if len(xs) > 3 and xs[3] is not None else np.arange(len(starts))
        steps = xs[4] if len(xs) > 4 and xs[4] is not None else np.ones(len(starts), np.int64)
        sl = [slice(None)] * data.ndim
        for a, b, e, st in zip(axes, starts, ends, steps):
            n = data.shape[int(a)]
            b, e = int(max(min(b, n), -n - 1)), int(max(min(e, n), -n - 1))
            sl[int(a)] = slice(b, e, int(st))
        return data[tuple(sl)]
    if op == "Transpose":
        return np.transpose(xs[0], at.get("perm"))
    if op == "Cast":
        return xs[0].astype(_np_type(at["to"]))
    if op == "Unsqueeze":
        out = xs[0]
        axes = sorted(int(a) % (out.ndim + len(xs[1])) for a in xs[1])
        for a in axes:
            out = np.expand_dims(out, a)
        return out
    if op == "Squeeze":
        return np.squeeze(xs[0], axis=tuple(int(a) for a in xs[1])) if len(xs) > 1 else np.squeeze(xs[0])
    if op == "Gather":
        return np.take(xs[0], xs[1], axis=at.get("axis", 0))
    if op == "Expand":
        return xs[0] * np.ones(tuple(int(d) for d in xs[1]), dtype=xs[0].dtype)
    if op == "Identity":
        return xs[0]
    if op in INT_ARITH:
        a, b = xs
        return {"Add": a + b, "Sub": a - b, "Mul": a * b, "Div": a // b}[op]
    raise KeyError(op)


def fold_constants(path):
    """Constant folding of the shape plumbing left in the exported graph (the exporter's own folding keeps
    e.g. the ConstantOfShape -> Concat -> Reshape -> Slice -> Transpose -> Cast chains that compute Pad's
    pads), then every Constant node becomes an initializer (ONNX Runtime does that itself on load).
    onnx 1.12 has no optimizer and there is no onnxsim here, hence this small pass.
    Float arithmetic is never folded (see _eval). Rewrites `path`; returns the number of nodes folded."""
    import onnx
    from onnx import numpy_helper
    m = onnx.load(path)
    g = m.graph
    const = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    weights = set(const)
    keep, folded = [], 0
    for node in g.node:
        if node.op_type == "Constant" and len(node.attribute) == 1 and node.attribute[0].name == "value":
            const[node.output[0]] = numpy_helper.to_array(node.attribute[0].t)
            continue
        ins = list(node.input)
        ok = node.op_type in FOLDABLE or (node.op_type in INT_ARITH and all(
            i in const and np.issubdtype(const[i].dtype, np.integer) for i in ins))
        if ok and all((i == "" or i in const) for i in ins) and len(node.output) == 1:
            try:
                const[node.output[0]] = np.asarray(_eval(node, [const[i] if i else None for i in ins]))
                folded += 1
                continue
            except KeyError:
                pass
        keep.append(node)
    used = {i for n in keep for i in n.input} | {o.name for o in g.output}
    # np.array, not np.ascontiguousarray: the latter turns a scalar (e.g. Gather index -1) into shape (1,)
    inits = [numpy_helper.from_array(np.array(v, order="C"), k) for k, v in const.items() if k in used]
    del g.node[:]
    g.node.extend(keep)
    del g.initializer[:]
    g.initializer.extend(inits)
    # the exporter's value_info is dropped (some names are gone) and not inferred again: onnx 1.12's shape
    # inference gets ReduceSum wrong when its axes are an initializer (keeps the reduced axis), and ONNX Runtime
    # then refuses the graph ("Incompatible dimensions"); ONNX Runtime infers every shape itself on load
    del g.value_info[:]
    onnx.checker.check_model(m)
    onnx.save(m, path)
    return folded
