"""``argmap lab train-keypoints`` and ``argmap lab eval-keypoints``: the (claim, key point) matcher on
ArgKP (train to fit and choose, on a held-out quarter of its topics; dev only for reported figures)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from argmap.lab.data import data_folder
from argmap.lab.keypoints_data import NEEDS

HEADS = {"logistic C=1": ("logistic", {"c": 1.0}), "logistic C=0.1": ("logistic", {"c": 0.1}),
         "mlp 32": ("mlp", {"hidden": (32,), "alpha": 1e-3}), "mlp 64-16": ("mlp", {"hidden": (64, 16), "alpha": 1e-3})}


def register(sub: argparse._SubParsersAction) -> None:
    t = sub.add_parser(
        "train-keypoints", help="train the (claim, key point) matcher on ArgKP train",
        description="Embed ArgKP train with the offline MiniLM, fit each candidate head (logistic regressions, "
        "small MLPs over group-relative cosine features) on three quarters of the train topics, choose the one "
        "with the best Track 1 strict mAP on the held-out quarter (and its match threshold by F1 there), refit "
        "it on all of train and save fp16 weights + config to OUT. Dev is not read.")
    t.add_argument("--data", type=Path, default=None, metavar="DIR",
                   help="shared data folder (default: ../shared/data)")
    t.add_argument("--out", type=Path, required=True, metavar="DIR", help="model folder to write")
    t.add_argument("--cache", type=Path, default=None, metavar="DIR",
                   help="keep embeddings here between runs (experiments; outside the repo)")
    t.set_defaults(func=train)
    e = sub.add_parser(
        "eval-keypoints", help="score key point matching and generation on ArgKP dev",
        description="Track 1 protocol on ArgKP (default split: dev): each argument's best key point of its topic "
        "and stance, top half per topic × stance, average precision, mean over topic × stance; strict and relaxed "
        "mAP for the matcher and for plain MiniLM cosine. Then key points generated from the arguments: coverage "
        "and precision at 5 and 10 per topic × stance.")
    e.add_argument("--data", type=Path, default=None, metavar="DIR",
                   help="shared data folder (default: ../shared/data)")
    e.add_argument("--split", default="dev", choices=("train", "dev"), help="split to score (default: dev)")
    e.add_argument("--keypoint-model", default=None, metavar="DIR", help="matcher folder (default: the shipped one)")
    e.add_argument("--cache", type=Path, default=None, metavar="DIR", help="embedding cache folder (experiments)")
    e.set_defaults(func=evaluate)


def _vectors(data, cache):  # noqa: ANN001, ANN202
    from argmap.lab.keypoints_data import cached_embed
    from argmap.nlp.keypoints import MAX_TOKENS, embed

    out = []
    for table in (data.arguments, data.key_points):
        texts = [v[0] for v in table.values()]
        out.append(dict(zip(table, cached_embed(texts, embed, cache, f"minilm-int8-{MAX_TOKENS}"), strict=True)))
    return out


def train(args: argparse.Namespace) -> int:
    from argmap.lab import keypoints_train as kt
    from argmap.lab.keypoints_data import load_split, split_topics
    from argmap.lab.keypoints_eval import track1_map

    data = data_folder(args.data, NEEDS)
    started = time.perf_counter()
    tr = load_split(data, "train")
    av, kv = _vectors(tr, args.cache)
    fit_topics, held_topics = split_topics(tr.topics, 0.25)
    fit_part, held = tr.subset(fit_topics), tr.subset(held_topics)
    x, y = kt.labelled(fit_part, av, kv)
    score_held = kt.scorer(held, av, kv)
    results = {"cosine": track1_map(held, score_held(lambda f: f[:, 0]))["strict"]}
    heads = {}
    for name, (kind, kw) in HEADS.items():
        heads[name] = kt.fit(x, y, kind, **kw)
        results[name] = track1_map(held, score_held(heads[name].score_features))["strict"]
    for name, value in results.items():
        print(f"held-out train ({len(held_topics)} topics) strict mAP  {name:<16} {value:.3f}")
    best = max(heads, key=lambda n: results[n])
    hx, hy = kt.labelled(held, av, kv)
    threshold = kt.best_threshold(heads[best].score_features(hx), hy)
    kind, kw = HEADS[best]
    xa, ya = kt.labelled(tr, av, kv)
    final = kt.fit(xa, ya, kind, **kw)
    kt.save(final, args.out, {"threshold": threshold, "head": best, "held_out_strict_map": round(results[best], 4),
                              "held_out_cosine_strict_map": round(results["cosine"], 4),
                              "trained_on": f"ArgKP train, {len(tr.topics)} topics, {len(ya)} labelled pairs"})
    print(f"chose {best} (threshold {threshold}); refit on all train → {args.out} "
          f"in {time.perf_counter() - started:.0f} s")
    return 0


def evaluate(args: argparse.Namespace) -> int:
    from argmap.lab import keypoints_train as kt
    from argmap.lab.keypoints_data import load_split
    from argmap.lab.keypoints_eval import generate, generation_scores, track1_map
    from argmap.nlp.keypoints import Matcher

    data = data_folder(args.data, NEEDS)
    started = time.perf_counter()
    split = load_split(data, args.split)
    av, kv = _vectors(split, args.cache)
    matcher = Matcher.load(args.keypoint_model)
    score = kt.scorer(split, av, kv)
    rows = {"MiniLM cosine": track1_map(split, score(lambda f: f[:, 0])),
            "argmap matcher": track1_map(split, score(matcher.score_features))}
    print(f"ArgKP {args.split}: {len(split.topics)} topics, {len(split.arguments)} arguments, "
          f"{len(split.key_points)} key points, {len(split.labels)} labelled pairs")
    print(f"{'Track 1 matching':<18} {'strict mAP':>10} {'relaxed mAP':>12}")
    for name, r in rows.items():
        print(f"{name:<18} {r['strict']:>10.3f} {r['relaxed']:>12.3f}")
    print(f"{'generated':<18} {'coverage':>10} {'precision':>12}")
    for k in (5, 10):
        g = generation_scores(split, generate(split, av, matcher, k))
        print(f"{'top ' + str(k) + ' per group':<18} {g['coverage']:>10.3f} {g['precision']:>12.3f}")
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0
