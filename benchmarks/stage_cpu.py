"""Per-stage CPU time of ``argmap map`` on a fixed set of AITA threads, and a digest of the results.

Loads the models, then maps the threads once with :func:`argmap.pipeline.analyse_batch` (one
thread per call, as ``--batch-comments`` would not change the results anyway) and prints, per
stage, the process CPU seconds (user + system, all threads: the figure that moves least on a
shared machine), wall seconds and the ONNX Runtime seconds spent inside it. With ``--dump DIR``
each thread's graph is written as node-link JSON, so two runs (before / after a change) can be
compared for identical results (``--compare DIR``).

Usage::

    python benchmarks/stage_cpu.py                         # post_thread_0..7
    python benchmarks/stage_cpu.py --threads 0-19 --dump /tmp/before
    python benchmarks/stage_cpu.py --compare /tmp/before   # same threads: which graphs differ
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from argmap.shared_data import shared_data_dir  # noqa: E402

CPU: dict[str, float] = defaultdict(float)
WALL: dict[str, float] = defaultdict(float)
ONNX: dict[str, float] = defaultdict(float)
CALLS: dict[str, int] = defaultdict(int)
STACK: list[str] = []


def timed(name: str, fn):  # noqa: ANN001, ANN201
    """``fn`` wrapped to add its own (exclusive of nested timed stages) CPU and wall time to ``name``."""

    def wrapper(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        c0, w0 = time.process_time(), time.perf_counter()
        STACK.append(name)
        try:
            return fn(*args, **kwargs)
        finally:
            STACK.pop()
            dc, dw = time.process_time() - c0, time.perf_counter() - w0
            CPU[name] += dc
            WALL[name] += dw
            CALLS[name] += 1
            if STACK:  # exclusive times: take this stage out of its caller's
                CPU[STACK[-1]] -= dc
                WALL[STACK[-1]] -= dw

    return wrapper


def instrument() -> None:
    """Wrap each stage of the pipeline (:data:`argmap.pipeline.STAGES`, by its name), the parts of
    the stages that have several, the graph, and the ONNX Runtime session calls."""
    import argmap.graph
    import argmap.nlp.arguing as arguing
    import argmap.nlp.claim_relations as rel
    import argmap.nlp.claims as claims
    import argmap.nlp.topics as topics
    import argmap.pipeline as pipeline
    from argmap.nlp.onnx_int8 import Int8Session

    for stage in pipeline.STAGES:
        stage.transform = timed(stage.NAME, stage.transform)
    topics.thread_context = timed("topics: title + context", topics.thread_context)
    topics.name_clusters = timed("topics: keyword names", topics.name_clusters)
    claims.extract_claims = timed("claims: roles", claims.extract_claims)
    rel.claim_vectors = timed("claims: vectors", rel.claim_vectors)
    arguing.keep_arguing = timed("claims: units that argue", arguing.keep_arguing)
    pipeline.build_graph = timed("graph", argmap.graph.build_graph)
    original_call = Int8Session.__call__

    def call(self, feeds):  # noqa: ANN001, ANN202
        w0 = time.perf_counter()
        try:
            return original_call(self, feeds)
        finally:
            ONNX[STACK[-1] if STACK else "outside the stages"] += time.perf_counter() - w0

    Int8Session.__call__ = call


def parse_range(spec: str) -> list[int]:
    out: list[int] = []
    for part in spec.split(","):
        lo, _, hi = part.partition("-")
        out += list(range(int(lo), int(hi or lo) + 1))
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--threads", default="0-7", help="post_thread numbers (default 0-7)")
    p.add_argument("--data", type=Path, default=shared_data_dir() / "aita-threads")
    p.add_argument("--dump", type=Path, help="write each thread's graph (node-link JSON) here")
    p.add_argument("--compare", type=Path, help="compare each thread's graph with the one dumped here")
    p.add_argument("--ort-threads", type=int, default=None,
                   help="ONNX Runtime threads per model call (default: torch's; argmap map's workers use 1)")
    p.add_argument("--no-claims", action="store_true")
    p.add_argument("--no-keypoints", action="store_true")
    args = p.parse_args(argv)
    if not args.data.is_dir():
        print(f"no data at {args.data}", file=sys.stderr)
        return 2
    from argmap.models import Models
    from argmap.pipeline import analyse_batch
    from argmap.readers import read

    paths = [args.data / f"post_thread_{i}.json" for i in parse_range(args.threads)]
    models = Models(claims=not args.no_claims, keypoints=not (args.no_claims or args.no_keypoints),
                    **({"threads": args.ort_threads} if args.ort_threads else {}))
    c0 = time.process_time()
    models.preload()
    load_cpu = time.process_time() - c0
    threads = [read(p) for p in paths]
    n = sum(len(t.comments) for t in threads)
    instrument()
    c0, w0 = time.process_time(), time.perf_counter()
    mapped = [m for t in threads for m in analyse_batch([t], models)]
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    print(f"{len(threads)} threads, {n} comments; model load {load_cpu:.1f} CPU s; "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"{'stage':<34} {'CPU s':>7} {'wall s':>7} {'ONNX s':>7} {'calls':>6}")
    for name in sorted(CPU, key=lambda k: -CPU[k]):
        print(f"{name:<34} {CPU[name]:>7.1f} {WALL[name]:>7.1f} {ONNX.get(name, 0.0):>7.1f} {CALLS[name]:>6}")
    print(f"{'total':<34} {cpu:>7.1f} {wall:>7.1f} {sum(ONNX.values()):>7.1f}   "
          f"{n / cpu:.1f} comments per CPU s")
    if args.dump:
        dump(paths, mapped, args.dump)
    if args.compare:
        compare(paths, mapped, args.compare)
    return 0


def summary(g) -> dict:  # noqa: ANN001
    """What a thread's map says, by node: the attributes that can move with the models' numbers."""
    from argmap.exporters.nodelink import nodelink_data

    return json.loads(json.dumps(nodelink_data(g), ensure_ascii=False, default=str))


def dump(paths, mapped, folder: Path) -> None:  # noqa: ANN001
    import numpy as np

    folder.mkdir(parents=True, exist_ok=True)
    for path, m in zip(paths, mapped, strict=True):
        (folder / f"{path.stem}.json").write_text(json.dumps(summary(m.graph), ensure_ascii=False, sort_keys=True))
        vectors = m.point_vectors
        if vectors is not None:
            np.save(folder / f"{path.stem}.npy", vectors[1].astype(np.float32))


def compare(paths, mapped, folder: Path) -> None:  # noqa: ANN001
    """Print, per thread, whether the graph is identical, else how many comments changed stance or
    topic, and how many key points changed; and the largest claim-vector difference."""
    import numpy as np

    totals = defaultdict(int)
    for path, m in zip(paths, mapped, strict=True):
        old = json.loads((folder / f"{path.stem}.json").read_text())
        new = summary(m.graph)
        nodes_old = {n["id"]: n for n in old["nodes"]}
        nodes_new = {n["id"]: n for n in new["nodes"]}
        same = json.dumps(old, sort_keys=True) == json.dumps(new, sort_keys=True)
        comments = [k for k, n in nodes_new.items() if n.get("kind") == "comment"]
        stance = sum(1 for k in comments if nodes_old.get(k, {}).get("stance") != nodes_new[k].get("stance"))
        topic = sum(1 for k in comments if nodes_old.get(k, {}).get("topic") != nodes_new[k].get("topic"))
        kp_old = {n["claim_id"] for n in nodes_old.values() if n.get("kind") == "keypoint"}
        kp_new = {n["claim_id"] for n in nodes_new.values() if n.get("kind") == "keypoint"}
        vec = m.point_vectors
        dv = 0.0
        if vec is not None and (folder / f"{path.stem}.npy").is_file():
            before = np.load(folder / f"{path.stem}.npy")
            dv = float(np.abs(before - vec[1].astype(np.float32)).max()) if before.shape == vec[1].shape else 9.0
        for key, v in (("threads", 1), ("identical", same), ("comments", len(comments)), ("stance", stance),
                       ("topic", topic), ("keypoints", len(kp_new)), ("keypoints changed", len(kp_new ^ kp_old))):
            totals[key] += int(v)
        print(f"{path.stem}: {'identical' if same else 'differs'}; stance changed {stance}/{len(comments)}, "
              f"topic changed {topic}, key points {len(kp_old)} -> {len(kp_new)} ({len(kp_new ^ kp_old)} differ), "
              f"max claim-vector change {dv:.4f}")
    print("total: " + ", ".join(f"{k} {v}" for k, v in totals.items()))


if __name__ == "__main__":
    sys.exit(main())
