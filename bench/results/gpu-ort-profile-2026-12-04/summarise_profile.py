"""Sums an ONNX Runtime profile (JSON) by operator type and provider, over the last runs only (the first runs
include cuDNN's algorithm search and the memory arena's growth).

python3 summarise_profile.py PROFILE.json [LAST_RUNS=5]

Reading it: with the CUDA provider a node's "kernel_time" is the host time of its Compute call (the launch and
ONNX Runtime's work around it), not the GPU's time, since kernels run asynchronously; "model_run" is the whole
Run, from the input's copy to the device to the output's copy back.
"""
import collections
import json
import sys


def main():
    events = json.load(open(sys.argv[1]))
    last = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    runs = sorted((e for e in events if e.get("cat") == "Session" and e.get("name") == "model_run"),
                  key=lambda e: e["ts"])
    kept = runs[-last:]
    start = kept[0]["ts"]
    by_op = collections.Counter()
    count = collections.Counter()
    by_node = collections.Counter()
    for e in events:
        if e.get("cat") == "Node" and e.get("name", "").endswith("_kernel_time") and e["ts"] >= start:
            args = e.get("args", {})
            key = (args.get("op_name", "?"), args.get("provider", "?"))
            by_op[key] += e["dur"]
            count[key] += 1
            by_node[(e["name"][:-len("_kernel_time")], key[0])] += e["dur"]
    total = sum(by_op.values())
    n = len(kept)
    print("model_run of every run (ms):", ", ".join(f"{r['dur'] / 1000:.2f}" for r in runs))
    print(f"last {n} runs: model_run {sum(r['dur'] for r in kept) / n / 1000:.3f} ms per run; host time in node "
          f"Compute calls {total / n / 1000:.3f} ms per run over {sum(count.values()) / n:.0f} nodes")
    print(f"{'op':28s} {'provider':24s} {'nodes/run':>9s} {'ms/run':>8s} {'share':>6s}")
    for (op, prov), us in by_op.most_common():
        print(f"{op:28s} {prov:24s} {count[(op, prov)] / n:9.0f} {us / n / 1000:8.3f} {100 * us / total:5.1f}%")
    print("\nlargest nodes (ms per run):")
    for (node, op), us in by_node.most_common(15):
        print(f"  {node:36s} {op:24s} {us / n / 1000:8.3f}")


if __name__ == "__main__":
    main()
