"""``argmap lab eval-topics``: discovered topics vs subreddit (NMI) and label accuracy on DEBAGREEMENT."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from argmap.lab.data import data_folder


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "eval-topics",
        help="measure topics on the DEBAGREEMENT validation split",
        description="On the DEBAGREEMENT validation split (the stance model's held-out submissions) compare, for "
        "each child comment, (1) NMI between k-means topics and the subreddit: a baseline on the "
        "comment text alone vs argmap's context-aware vectors (title → parent → comment); and "
        "(2) accuracy when the five subreddit names are given as --topics labels: nearest label "
        "to the comment text alone vs argmap's method (an 'other' answer counts as wrong).",
    )
    p.add_argument(
        "--data",
        type=Path,
        default=None,
        metavar="DIR",
        help="shared data folder holding debagreement/dev.csv (default: $ARGMAP_DATA or ../shared/data)",
    )
    p.add_argument(
        "--model", metavar="PATH_OR_ID", help="encoder (default: the offline MiniLM package, as `argmap map`)"
    )
    p.add_argument("--device", default="auto", help="torch device: auto (CUDA when present), cpu, cuda …")
    p.add_argument("--k", type=int, default=5, help="clusters for the NMI comparison (default: 5, one per subreddit)")
    p.add_argument(
        "--carry",
        type=float,
        default=None,
        metavar="W",
        help="weight of the parent's context against the comment's own vector (default: argmap's, 1.0)",
    )
    p.add_argument(
        "--title-weight",
        type=float,
        default=None,
        metavar="W",
        help="weight of the submission title for the parent comment (default: argmap's, 1.0)",
    )
    p.add_argument("--max-length", type=int, default=None, metavar="N",
                   help="tokens read per text (default: the encoder's, 48)")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="score only the first N validation rows")
    p.add_argument("--threads", type=int, default=None, metavar="N", help="torch CPU threads (default: torch's)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from argmap.lab.topics_eval import SUBREDDITS, CachedEmbedder, debagreement_split, evaluate, load_debagreement
    from argmap.nlp import topics
    from argmap.nlp.encoder import Encoder

    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    start = time.time()
    _, val = debagreement_split(load_debagreement(data_folder(args.data, "debagreement/dev.csv")))
    if args.limit:
        val = val.iloc[: args.limit]
    encoder = Encoder.get(args.model, args.device)
    carry = topics.CARRY if args.carry is None else args.carry
    title_weight = topics.TITLE_WEIGHT if args.title_weight is None else args.title_weight
    embed = CachedEmbedder(lambda texts: encoder.embed(texts, max_length=args.max_length))
    s = evaluate(val, embed, k=args.k, carry=carry, title_weight=title_weight)
    print(f"DEBAGREEMENT validation: {s.n} child comments, {val['submission_id'].nunique()} submissions")
    print(f"context weights: parent {carry:g}, title {title_weight:g}")
    sections = {
        f"NMI vs subreddit (k={args.k})": [
            ("baseline  comment text alone + k-means", s.nmi_baseline),
            ("argmap    comment in context (title, parent)", s.nmi_argmap),
            (f"argmap    in context, k chosen automatically ({s.k_auto})", s.nmi_argmap_auto),
        ],
        "label accuracy, --topics Brexit,climate,BlackLivesMatter,Republican,democrats": [
            ("baseline  comment text alone, nearest label", s.acc_baseline),
            ("argmap    in context, nearest label", s.acc_argmap_closed),
            (f"argmap    in context, with 'other' ({s.other_share:.1%}, counted wrong)", s.acc_argmap),
            ("lever     in context, labels moved to the comments they win", s.acc_refined),
        ],
    }
    for heading, rows in sections.items():
        print(heading)
        for text, value in rows:
            print(f"  {text:<56} {value:.3f}")
    print("nearest label in context (columns) by gold subreddit (rows): " + ", ".join(SUBREDDITS))
    for name, row in zip(SUBREDDITS, s.confusion, strict=True):
        print(f"  {name:<18}" + "".join(f"{x:>6}" for x in row))
    print(f"discovered topic names (k={args.k}): " + " | ".join(s.names))
    print(f"[{time.time() - start:.0f} s]")
    return 0
