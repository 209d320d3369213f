"""Stance throughput (pairs/s) of argmap's batched path against the naive way, in one run.

Naive = a transformers ``text-classification`` pipeline over the same fine-tuned transformer
(fp32), called one (parent, reply) pair at a time; when the model is a distilled student with
fewer layers, also over a 6-layer MiniLM (the size of the model it was distilled from: the
straightforward fine-tuned cross-encoder). argmap = ``StanceModel.predict``: length-sorted
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
    from argmap.lab.stance_data import datasets
    from argmap.shared_data import shared_data_dir

    data = shared_data_dir()
    if (data / "debagreement" / "dev.csv").is_file():
        rows = datasets(data)["val"]
        rows = (rows * (n // len(rows) + 1))[:n]
        return [r.parent for r in rows], [r.reply for r in rows], [r.context for r in rows]
    rng = random.Random(0)
    words = ["tax", "policy", "vote", "climate", "people", "think", "wrong", "right", "agree", "never"]
    make = lambda: " ".join(rng.choice(words) for _ in range(rng.randint(8, 60)))  # noqa: E731
    return [make() for _ in range(n)], [make() for _ in range(n)], [make() for _ in range(n)]


def naive_pipeline(model, layers: int | None = None) -> object:  # noqa: ANN001
    """A transformers pipeline over ``model``'s weights (BERT classification head), or over a
    ``layers``-layer MiniLM of the same width (the base weights: same compute, other outputs)."""
    from transformers import BertForSequenceClassification, pipeline

    from argmap.nlp.encoder import default_model_path

    net = model.net
    n = layers or len(net.encoder.encoder.layer)
    hf = BertForSequenceClassification.from_pretrained(str(default_model_path()), num_labels=4,
                                                       num_hidden_layers=n, local_files_only=True)
    if layers is None:
        hf.bert.load_state_dict(net.encoder.state_dict(), strict=False)
        hf.classifier.load_state_dict(net.head.state_dict())
    return pipeline("text-classification", model=hf.eval(), tokenizer=model.tokenizer, device=-1)


def one_at_a_time(pipe, P: list[str], R: list[str], max_length: int) -> float:  # noqa: ANN001, N803
    """Pairs/s of ``pipe`` called once per pair (after one warm-up call)."""
    pipe({"text": P[0], "text_pair": R[0]}, truncation=True, max_length=max_length)
    t = time.perf_counter()
    for p, r in zip(P, R, strict=True):
        pipe({"text": p, "text_pair": r}, truncation=True, max_length=max_length)
    return len(P) / (time.perf_counter() - t)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=1000, help="pairs for the batched runs")
    ap.add_argument("--naive-pairs", type=int, default=200, help="pairs for the one-at-a-time run")
    ap.add_argument("--batch-size", type=int, default=32)
    args = ap.parse_args()

    from transformers.utils import logging as hf_logging

    from argmap.nlp.stance import StanceModel

    hf_logging.set_verbosity_error()  # the load report of the naive models' fresh heads

    P, R, C = pairs(args.pairs)
    fp32 = StanceModel.load(None, "cpu", quantize=False)
    int8 = StanceModel.load(None, "cpu", quantize=True)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, max_length "
          f"{fp32.encoder.max_length}, {args.pairs} pairs (naive: {args.naive_pairs})")

    n, length = args.naive_pairs, fp32.encoder.max_length
    layers = len(fp32.net.encoder.encoder.layer)
    naive = one_at_a_time(naive_pipeline(fp32), P[:n], R[:n], length)
    print(f"naive pipeline, one pair per call, this {layers}-layer model (fp32): {naive:7.1f} pairs/s")
    if layers != 6:
        full = one_at_a_time(naive_pipeline(fp32, 6), P[:n], R[:n], length)
        print(f"naive pipeline, one pair per call, 6-layer MiniLM (fp32):        {full:7.1f} pairs/s")

    results = {}
    for name, m in (("argmap batched fp32", fp32), ("argmap batched int8 ONNX Runtime (default)", int8)):
        m.predict(P[:64], R[:64], C[:64], batch_size=args.batch_size)  # warm-up
        t = time.perf_counter()
        m.predict(P, R, C, batch_size=args.batch_size)
        results[name] = args.pairs / (time.perf_counter() - t)
        vs6 = "" if layers == 6 else f", {results[name] / full:.1f}x naive 6-layer"
        print(f"{name:<40} {results[name]:7.1f} pairs/s  ({results[name] / naive:.1f}x naive{vs6})")


if __name__ == "__main__":
    main()
