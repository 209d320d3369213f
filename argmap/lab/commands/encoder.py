"""``argmap lab adapt-encoder``: domain-adaptive pre-training of the offline MiniLM (masked LM or contrastive)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from argmap.errors import InputError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``adapt-encoder`` subcommand."""
    a = sub.add_parser(
        "adapt-encoder",
        help="continue MiniLM's pre-training (masked LM or contrastive) on the forum text in ../shared/data",
        description="Masked-LM training of the offline MiniLM on training-split text of the forum sets "
        "(AITA, DEBAGREEMENT, SubReddit-agreement, RumourEval, Perspectrum, ArgKP) with a fresh LM head tied "
        "to the frozen word embeddings, or (--objective contrastive) symmetric InfoNCE with in-batch negatives on "
        "(parent, reply) and (paragraph, next paragraph) pairs of AITA threads 101 onwards; saves a MiniLM "
        "folder for `argmap lab train-stance --encoder DIR` and `argmap lab eval-topics --model DIR`. "
        "Keep it outside the repository: it is a 90 MB research artefact.",
    )
    a.add_argument("-o", "--output", required=True, metavar="DIR", help="folder to save the encoder into")
    a.add_argument("--data", default=None, help="data folder (default: $ARGMAP_DATA or ../shared/data)")
    a.add_argument("--seed", type=int, default=13, help="random seed and stance split seed (default 13)")
    a.add_argument("--steps", type=int, default=1500, help="optimiser steps of the schedule (default 1500)")
    a.add_argument("--minutes", type=float, default=0.0,
                   help="stop after this many minutes even if steps remain (default 0: no limit)")
    a.add_argument("--batch-size", type=int, default=32, help="texts per step (default 32)")
    a.add_argument("--objective", choices=("mlm", "contrastive"), default="mlm",
                   help="masked LM (default) or contrastive InfoNCE on (parent, reply) pairs")
    a.add_argument("--temperature", type=float, default=0.05, help="contrastive temperature (default 0.05)")
    a.add_argument("--no-paragraphs", action="store_true",
                   help="contrastive: (parent, reply) pairs only, no (paragraph, next paragraph) pairs")
    a.add_argument("--lr", type=float, default=5e-5, help="peak learning rate (default 5e-5)")
    a.add_argument("--head-steps", type=int, default=100,
                   help="first steps that train only the fresh LM head (default 100)")
    a.add_argument("--aita", type=int, default=40000, help="AITA comments sampled (default 40000)")
    a.add_argument("--heldout", type=int, default=256,
                   help="training-split texts (contrastive: pairs of whole threads) held out to report the "
                   "loss on (default 256)")
    a.add_argument("--threads", type=int, default=0, help="torch threads (default: torch's own)")
    a.set_defaults(func=run_adapt)


def run_adapt(args: argparse.Namespace) -> int:
    import logging

    from argmap.lab.data import data_folder
    from argmap.lab.encoder_adapt import AdaptConfig, adapt
    from argmap.lab.encoder_contrast import adapt_contrastive

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if args.steps < 1 or args.batch_size < 1:
        raise InputError("--steps/--batch-size", "must be at least 1")
    if args.heldout < 1:
        raise InputError("--heldout", "must be at least 1")
    if not args.temperature > 0:
        raise InputError("--temperature", "must be above 0")
    cfg = AdaptConfig(seed=args.seed, steps=args.steps, minutes=args.minutes, batch_size=args.batch_size,
                      lr=args.lr, head_steps=args.head_steps, aita=args.aita, threads=args.threads,
                      heldout=args.heldout, objective=args.objective, temperature=args.temperature,
                      paragraphs=not args.no_paragraphs)
    if cfg.objective == "contrastive":
        result = adapt_contrastive(data_folder(args.data, "aita-threads"), Path(args.output), cfg)
    else:
        result = adapt(data_folder(args.data, "debagreement/dev.csv"), Path(args.output), cfg)
    print(json.dumps({k: v for k, v in result.items() if k != "history"}, indent=2))
    return 0
