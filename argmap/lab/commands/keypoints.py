"""``argmap lab train-keypoints`` and ``argmap lab eval-keypoints``: the (claim, key point) matcher on
ArgKP (train to fit and choose, on a held-out quarter of its topics; dev only for reported figures)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from argmap.lab.data import data_folder
from argmap.lab.keypoints_data import NEEDS

#: The heads the leave-topics-out CV of ``eval-keypoints`` refits: the shipped recipe and the lexical one.
CV_HEADS = ("mlp 64-16", "lexical logistic C=0.1")


def register(sub: argparse._SubParsersAction) -> None:
    t = sub.add_parser(
        "train-keypoints", help="train the (claim, key point) matcher on ArgKP train",
        description="Embed ArgKP train with the offline MiniLM, fit each candidate head (logistic regressions, "
        "small MLPs over group-relative cosine features, with or without lexical overlap features; or only "
        "--head) on three quarters of the train topics, choose the one "
        "with the best Track 1 strict mAP on the held-out quarter (and its match threshold by F1 there), refit "
        "it on all of train and save fp16 weights + config to OUT. Dev is not read.")
    t.add_argument("--data", type=Path, default=None, metavar="DIR",
                   help="shared data folder (default: ../shared/data)")
    t.add_argument("--out", type=Path, required=True, metavar="DIR", help="model folder to write")
    t.add_argument("--cache", type=Path, default=None, metavar="DIR",
                   help="keep embeddings here between runs (experiments; outside the repo)")
    t.add_argument("--head", default=None, help="fit this head only (names: argmap.lab.keypoints_train.HEADS)")
    t.set_defaults(func=train)
    e = sub.add_parser(
        "eval-keypoints", help="score key point matching and generation on ArgKP dev",
        description="Track 1 protocol on ArgKP (default split: dev): each argument's best key point of its topic "
        "and stance, top half per topic × stance, average precision, mean over topic × stance; strict and relaxed "
        "mAP (the leaderboard figure) and the post-September-2021 get_ap variant (each AP times the share of "
        "positives in the top half) for the matcher and for plain MiniLM cosine. Then key points generated from "
        "the arguments: coverage and precision at 5 and 10 per topic × stance. Then leave-topics-out CV over "
        "train + dev (28 topics, 7 folds of 4): the trainable heads refitted per fold, mean ± sd over folds.")
    e.add_argument("--data", type=Path, default=None, metavar="DIR",
                   help="shared data folder (default: ../shared/data)")
    e.add_argument("--split", default="dev", choices=("train", "dev"), help="split to score (default: dev)")
    e.add_argument("--keypoint-model", default=None, metavar="DIR", help="matcher folder (default: the shipped one)")
    e.add_argument("--cache", type=Path, default=None, metavar="DIR", help="embedding cache folder (experiments)")
    e.add_argument("--no-cv", dest="cv", action="store_false", help="skip the leave-topics-out CV")
    e.add_argument("--seeds", type=int, default=3, metavar="N", help="seeds per fold for MLP heads (default 3)")
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
    score_held = {lex: kt.scorer(held, av, kv, lex) for lex in (False, True)}
    results = {"cosine": track1_map(held, score_held[False](lambda f: f[:, 0]))["strict"]}
    heads = {}
    for name, (kind, lexical, kw) in kt.HEADS.items():
        if args.head and name != args.head:
            continue
        x, y = kt.labelled(fit_part, av, kv, lexical)
        heads[name] = kt.fit(x, y, kind, **kw)
        results[name] = track1_map(held, score_held[lexical](heads[name].score_features))["strict"]
    for name, value in results.items():
        print(f"held-out train ({len(held_topics)} topics) strict mAP  {name:<16} {value:.3f}")
    best = max(heads, key=lambda n: results[n])
    kind, lexical, kw = kt.HEADS[best]
    hx, hy = kt.labelled(held, av, kv, lexical)
    threshold = kt.best_threshold(heads[best].score_features(hx), hy)
    xa, ya = kt.labelled(tr, av, kv, lexical)
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
    from argmap.lab.keypoints_eval import generate, generation_scores, mean_sd, track1_map
    from argmap.nlp.keypoints import Matcher

    data = data_folder(args.data, NEEDS)
    started = time.perf_counter()
    split = load_split(data, args.split)
    av, kv = _vectors(split, args.cache)
    matcher = Matcher.load(args.keypoint_model)
    score = kt.scorer(split, av, kv, matcher.lexical)
    rows = {"MiniLM cosine": track1_map(split, score(lambda f: f[:, 0])),
            "argmap matcher": track1_map(split, score(matcher.score_features))}
    print(f"ArgKP {args.split}: {len(split.topics)} topics, {len(split.arguments)} arguments, "
          f"{len(split.key_points)} key points, {len(split.labels)} labelled pairs")
    print("Track 1 mAP: leaderboard (strict, relaxed) and the post-Sept-2021 get_ap variant (× share of positives)")
    print(f"{'':<18} {'strict':>8} {'relaxed':>8} {'strict×':>8} {'relaxed×':>9}")
    for name, r in rows.items():
        print(f"{name:<18} {r['strict']:>8.3f} {r['relaxed']:>8.3f} {r['strict_x']:>8.3f} {r['relaxed_x']:>9.3f}")
    print(f"{'generated':<18} {'coverage':>10} {'precision':>12}")
    for k in (5, 10):
        g = generation_scores(split, generate(split, av, matcher, k))
        print(f"{'top ' + str(k) + ' per group':<18} {g['coverage']:>10.3f} {g['precision']:>12.3f}")
    if args.cv:
        other = load_split(data, "train" if args.split == "dev" else "dev")
        oa, ok = _vectors(other, args.cache)
        both, av, kv = split.merged(other), {**av, **oa}, {**kv, **ok}
        folds = kt.cross_validate(both, av, kv, CV_HEADS, seeds=range(args.seeds))
        shipped = []
        for fold_scores in _fold_scorers(both, av, kv, matcher):
            shipped.append(track1_map(fold_scores[0], fold_scores[1](matcher.score_features)))
        print(f"leave-topics-out CV, train + dev: {len(both.topics)} topics, 7 folds of 4 topics, mean ± sd "
              f"over folds (MLP heads: × {args.seeds} seeds)")
        print(f"{'':<32} {'strict':>15} {'relaxed':>15}")
        results = {**folds, "shipped weights (not refitted)": shipped}
        for name, rs in results.items():
            cells = [mean_sd([r[m] for r in rs]) for m in ("strict", "relaxed")]
            print(f"{name:<32} " + " ".join(f"{m:.3f} ± {sd:.3f}" for m, sd in cells))
        base, new = (results[h] for h in CV_HEADS)
        per = len(base) // len(new)
        diffs = [new[i]["strict"] - sum(r["strict"] for r in base[i * per:(i + 1) * per]) / per
                 for i in range(len(new))]
        d, sd = mean_sd(diffs)
        print(f"{CV_HEADS[1]} − {CV_HEADS[0]}, strict, paired by fold: {d:+.3f} ± {sd:.3f}")
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0


def _fold_scorers(data, av, kv, matcher):  # noqa: ANN001, ANN202
    """(held-out fold data, scorer) per leave-topics-out fold, for a fixed matcher."""
    from argmap.lab import keypoints_train as kt
    from argmap.lab.keypoints_eval import fold_topics

    for fold in fold_topics(data.topics):
        held = data.subset(fold)
        yield held, kt.scorer(held, av, kv, matcher.lexical)
