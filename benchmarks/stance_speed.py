"""Stance throughput (pairs/s) of argmap's batched path against the naive way, in one run.

Naive = a transformers ``text-classification`` pipeline over the same fine-tuned transformer
(fp32), called one (parent, reply) pair at a time. argmap = ``StanceModel.predict``: length-sorted
batches of 32 through the default CPU path, a fused int8 ONNX Runtime session (per-channel weight
scales); also shown in torch fp32 (``torch.inference_mode``), the path ``--fp32`` and GPUs take.
Pairs are DEBAGREEMENT validation pairs when ../shared/data is present, else synthetic.

    .venv/bin/python benchmarks/stance_speed.py [--pairs 1000] [--naive-pairs 200]
"""

from __future__ import annotations

import argparse
import random
import time

import torch


def pairs(n: int) -> tuple[list[str], list[str], list[str]]:
    from argmap.nlp.stance_data import datasets
    from argmap.shared import shared_data_dir

    data = shared_data_dir()
    if (data / "debagreement" / "dev.csv").is_file():
        rows = datasets(data)["val"]
        rows = (rows * (n // len(rows) + 1))[:n]
        return [r.parent for r in rows], [r.reply for r in rows], [r.context for r in rows]
    rng = random.Random(0)
    words = ["tax", "policy", "vote", "climate", "people", "think", "wrong", "right", "agree", "never"]
    make = lambda: " ".join(rng.choice(words) for _ in range(rng.randint(8, 60)))  # noqa: E731
    return [make() for _ in range(n)], [make() for _ in range(n)], [make() for _ in range(n)]


def naive_pipeline(model) -> object:  # noqa: ANN001
    """A transformers pipeline over the same encoder weights (BERT classification head)."""
    from transformers import BertForSequenceClassification, pipeline

    from argmap.nlp.encoder import default_model_path

    hf = BertForSequenceClassification.from_pretrained(str(default_model_path()), num_labels=4,
                                                       local_files_only=True)
    net = model.net
    hf.bert.load_state_dict(net.encoder.state_dict(), strict=False)
    hf.classifier.load_state_dict(net.head.state_dict())
    return pipeline("text-classification", model=hf.eval(), tokenizer=model.tokenizer, device=-1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=1000, help="pairs for the batched runs")
    ap.add_argument("--naive-pairs", type=int, default=200, help="pairs for the one-at-a-time run")
    ap.add_argument("--batch-size", type=int, default=32)
    args = ap.parse_args()

    from argmap.nlp.stance import StanceModel

    P, R, C = pairs(args.pairs)
    fp32 = StanceModel.load(None, "cpu", quantize=False)
    int8 = StanceModel.load(None, "cpu", quantize=True)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, max_length "
          f"{fp32.encoder.max_length}, {args.pairs} pairs (naive: {args.naive_pairs})")

    pipe = naive_pipeline(fp32)
    n = args.naive_pairs
    pipe({"text": P[0], "text_pair": R[0]}, truncation=True, max_length=fp32.encoder.max_length)
    t = time.perf_counter()
    for p, r in zip(P[:n], R[:n], strict=True):
        pipe({"text": p, "text_pair": r}, truncation=True, max_length=fp32.encoder.max_length)
    naive = n / (time.perf_counter() - t)
    print(f"naive pipeline, one pair per call (fp32): {naive:7.1f} pairs/s")

    results = {}
    for name, m in (("argmap batched fp32", fp32), ("argmap batched int8 ONNX Runtime (default)", int8)):
        m.predict(P[:64], R[:64], C[:64], batch_size=args.batch_size)  # warm-up
        t = time.perf_counter()
        m.predict(P, R, C, batch_size=args.batch_size)
        results[name] = args.pairs / (time.perf_counter() - t)
        print(f"{name:<40} {results[name]:7.1f} pairs/s  ({results[name] / naive:.1f}x naive)")


if __name__ == "__main__":
    main()
