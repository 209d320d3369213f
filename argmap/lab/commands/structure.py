"""``argmap lab eval-structure`` and ``argmap lab train-structure``: recovering threads from pasted text.

Both flatten real Reddit threads into pasted text (one line per paragraph, depth-first, no
authors) and compare the recovered comments and reply links with the gold tree.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from argmap.errors import InputError
from argmap.lab.data import data_folder

RE_DIR = "rumoureval2019-reddit"
AITA_DIR = "aita-threads"
#: AITA threads ``eval-structure --split aita`` scores: (skipped, taken), in numeric file order.
AITA_HELD_OUT = (50, 50)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``eval-structure`` and ``train-structure`` subcommands."""
    ev = sub.add_parser(
        "eval-structure",
        help="score comment boundaries and reply links recovered from pasted text",
        description=(
            "Flatten the RumourEval-2019 Reddit threads of a split into pasted text (one line per "
            "paragraph, depth-first, no authors), recover comments and parents, and print boundary "
            "precision/recall/F1 (does a line start a comment) and parent accuracy (gold replies whose "
            "comment and parent both start at the right lines), for argmap and two baselines."
        ),
    )
    _common(ev)
    ev.add_argument(
        "--split",
        default="dev",
        help="RumourEval split to score (default: dev), or 'aita': r/AmItheAsshole threads 51-100, "
        "which no shipped model trains on (train-structure uses the first 50, train-boundary skips 100)",
    )
    ev.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    ev.add_argument("--pages", action="store_true",
                    help="instead: render RumourEval-2019 train+dev and AITA threads 51-100 as Hacker News, old "
                    "Reddit and new Reddit page copies, read them back, and print exact comments, parent and "
                    "author accuracy per style")
    ev.add_argument("--errors", action="store_true",
                    help="also break argmap's gold replies down by what became of them (right, own start "
                    "missed, parent a false start, too shallow, too deep)")
    ev.add_argument("--corrections", default=None, metavar="DIR",
                    help="instead: score the parent scorer (on the map's comments as gold boundaries) against the "
                    "human parent moves of pasted-text threads in the map page's corrections under DIR"
                    " (*.corrections.json beside the output folders of `argmap map`)")
    ev.set_defaults(func=run_eval)

    tr = sub.add_parser(
        "train-structure",
        help="retrain the pasted-text segmenter (writes argmap/structure/segment_model.json)",
        description=(
            "Fit the boundary and parent scorers (logistic regression, with and without embeddings) "
            "on RumourEval-2019 train (boundaries also on pruned r/AmItheAsshole threads), tune the "
            "threshold and the previous-comment/root bonuses on out-of-fold predictions, and write the weights."
        ),
    )
    _common(tr)
    tr.add_argument(
        "--aita", type=int, default=50, help="number of AITA threads added to the boundary data (default: 50)"
    )
    tr.add_argument("--aita-parents", type=int, default=0, metavar="N",
                    help="the first N of those AITA threads also feed the parent scorer (default: 0)")
    tr.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parents[2] / "structure" / "segment_model.json",
        help="where to write the weights (default: the packaged argmap/structure/segment_model.json)",
    )
    tr.add_argument(
        "--c", type=float, default=1.0, help="inverse L2 strength of the boundary regression (default: 1.0)"
    )
    tr.add_argument("--corrections", default=None, metavar="DIR",
                    help="also fit the parent scorer on the human parent moves of pasted-text threads in the map "
                    "page's corrections under DIR (*.corrections.json beside the output folders of `argmap map`)")
    tr.add_argument("--corrections-weight", type=float, default=2.0, metavar="W",
                    help="weight of each human parent move's candidate rows relative to a RumourEval row (default: 2)")
    tr.set_defaults(func=run_train)

    tb = sub.add_parser(
        "train-boundary",
        help="retrain the boundary cross-encoder the segmenter reads (writes argmap/structure/boundary_model/)",
        description=(
            "Fine-tune the top layers of the offline MiniLM on pairs of consecutive lines of pasted "
            "r/AmItheAsshole threads (does the second line start a new comment?), keeping the epoch with "
            "the best ROC AUC on RumourEval-2019 train. Run train-structure afterwards: the segmenter's "
            "boundary scorer weighs this model's score."
        ),
    )
    tb.add_argument("--data", type=Path, default=None,
                    help="shared data folder (default: $ARGMAP_DATA or ../shared/data)")
    tb.add_argument("--out", type=Path, default=None,
                    help="output folder (default: the packaged argmap/structure/boundary_model)")
    tb.add_argument("--max-pairs", type=int, default=40000, help="line pairs sampled for training (default: 40000)")
    tb.add_argument("--epochs", type=int, default=1, help="epochs (default: 1)")
    tb.add_argument("--seed", type=int, default=13, help="random seed (default: 13)")
    tb.add_argument("--freeze-layers", type=int, default=4,
                    help="lowest encoder layers kept frozen (default: 4 of 6; fewer: slower, more to learn)")
    tb.add_argument("--prev-tokens", type=int, default=40,
                    help="tokens read from the end of the previous line (default: 40)")
    tb.add_argument("--line-tokens", type=int, default=56, help="tokens read from the start of the line (default: 56)")
    tb.set_defaults(func=run_train_boundary)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--data",
        type=Path,
        default=None,
        help="shared data folder holding rumoureval2019-reddit/ and aita-threads/ "
        "(default: $ARGMAP_DATA or ../shared/data)",
    )
    p.add_argument("--no-embeddings", action="store_true", help="rules and lexical cues only (no encoder)")
    p.add_argument("--model", default=None, help="encoder: local folder or hub id (default: offline MiniLM)")
    p.add_argument("--device", default="auto", help="encoder device: auto, cpu, cuda (default: auto)")
    p.add_argument(
        "--cache-dir",
        type=Path,
        default=None,
        help="cache line embeddings here as .npy, keyed by thread text and model (default: no cache)",
    )


def _data_dir(args: argparse.Namespace) -> Path:
    return data_folder(args.data, RE_DIR)


def _embedder(args: argparse.Namespace):
    """``threads -> list of embeddings`` (or of ``None`` with --no-embeddings)."""
    from argmap.lab.structure_train import embed_threads

    if args.no_embeddings:
        return lambda threads: [None] * len(threads)
    from argmap.nlp.encoder import Encoder

    enc = Encoder.get(args.model, args.device)
    cache = args.cache_dir / Path(enc.name).name if args.cache_dir else None
    return lambda threads: embed_threads(threads, enc, cache)


def run_pages(args: argparse.Namespace) -> int:
    """Print how well copied thread pages are read back, per site style and data set."""
    from argmap.lab import pages

    data = data_folder(args.data, RE_DIR)
    sets = {
        "RumourEval-2019 train+dev": [t for split in ("train", "dev")
                                      for t in pages.rumoureval_trees(data / RE_DIR / split)],
        f"AITA threads {AITA_HELD_OUT[0] + 1}-{sum(AITA_HELD_OUT)}": list(
            pages.aita_trees(data_folder(args.data, AITA_DIR) / AITA_DIR, AITA_HELD_OUT[1], AITA_HELD_OUT[0])),
    }
    rows = {(name, style): pages.score(trees, style) for name, trees in sets.items() for style in pages.RENDERED}
    if args.json:
        json.dump([{"data": n, "style": st, **r} for (n, st), r in rows.items()], sys.stdout, indent=1)
        print()
        return 0
    print(f"{'data':28} {'page style':18} {'threads':>7} {'comments':>8} {'exact':>6} {'parent':>7} {'author':>7}")
    for (name, style), r in rows.items():
        print(f"{name:28} {style:18} {r['threads']:7d} {r['comments']:8d} {r['exact']:6.3f} "
              f"{r['parent_accuracy']:7.3f} {r['author_accuracy']:7.3f}")
    return 0


def run_eval(args: argparse.Namespace) -> int:
    """Print boundary and parent figures for argmap and the baselines on one split."""
    if args.pages:
        return run_pages(args)
    if args.corrections is not None:
        return run_eval_corrections(args)
    from argmap.lab.structure_data import aita_threads, rumoureval_threads
    from argmap.lab.structure_train import (
        boundary_ceiling,
        evaluate,
        every_line_baseline,
        gold_boundary_previous_baseline,
        link_only,
        model_predictor,
        parent_errors,
        parent_places,
        previous_comment_baseline,
        remembered,
    )
    from argmap.structure.segment import load_model

    if args.split == "aita":
        threads = list(aita_threads(data_folder(args.data, AITA_DIR) / AITA_DIR, limit=AITA_HELD_OUT[1],
                                    skip=AITA_HELD_OUT[0]))
        title = f"r/AmItheAsshole threads {AITA_HELD_OUT[0] + 1}-{sum(AITA_HELD_OUT)}"
    else:
        split = _data_dir(args) / RE_DIR / args.split
        if not split.is_dir():
            raise InputError(split, "no such split")
        threads = list(rumoureval_threads(split))
        title = f"RumourEval-2019 {args.split}"
    embs = _embedder(args)(threads)
    setting = "rules + lexical cues" if args.no_embeddings else "with embeddings"
    model = load_model(not args.no_embeddings)
    argmap_predictions, gold_links = remembered(model_predictor(model)), remembered(link_only(model))
    rows = {
        f"argmap ({setting})": evaluate(threads, embs, argmap_predictions),
        "argmap parent scorer alone, gold boundaries": evaluate(threads, embs, gold_links),
        "baseline: every line is a comment": evaluate(threads, embs, every_line_baseline),
        "baseline: parent = previous comment": evaluate(
            threads, embs, previous_comment_baseline(argmap_predictions)
        ),
        "baseline: parent = previous comment, gold boundaries": evaluate(
            threads, embs, gold_boundary_previous_baseline
        ),
    }
    if args.errors:
        rows["errors"] = dict(parent_errors(threads, embs, argmap_predictions).most_common())
        rows["boundary_ceiling"] = boundary_ceiling(threads, embs, model)
        rows["parent_places"] = parent_places(threads, embs, gold_links)
    if args.json:
        json.dump(rows, sys.stdout, indent=1)
        print()
        return 0
    first = next(iter(rows.values()))
    print(
        f"{title}: {first['threads']} threads, {first['lines']} lines, {first['replies']} replies"
    )
    print(f"{'method':55} {'bound P':>8} {'bound R':>8} {'bound F1':>8} {'parent acc':>10}")
    errors = rows.pop("errors", None)
    ceiling, places = rows.pop("boundary_ceiling", None), rows.pop("parent_places", None)
    for name, r in rows.items():
        print(
            f"{name:55} {r['boundary_precision']:8.3f} {r['boundary_recall']:8.3f} "
            f"{r['boundary_f1']:8.3f} {r['parent_accuracy']:10.3f}"
        )
    if errors:
        print(f"argmap's {sum(errors.values())} gold replies, by what became of them:")
        for what, n in errors.items():
            print(f"  {n:5d}  {what}")
    if ceiling:
        print(f"boundary probabilities: ROC AUC {ceiling['roc_auc']:.3f}; best F1 at any threshold "
              f"{ceiling['best_f1']:.3f} (threshold {ceiling['best_threshold']:.2f}, chosen on these threads)")
    if places:
        print("parent scorer alone on gold boundaries, gold replies by where the gold parent sits:")
        for place, (n, hit) in places.items():
            print(f"  {n:5d}  {place}: {hit} right ({hit / n if n else 0:.3f})")
    return 0


def _parent_moves(args: argparse.Namespace, weight: float = 1.0) -> list:
    """The human parent moves of ``--corrections`` (a bad folder, or none to use, fails here)."""
    from argmap.lab.corrections_data import parent_labels

    labels = parent_labels(args.corrections, weight)
    if not labels:
        raise InputError(args.corrections, "holds no human parent move of a pasted-text thread (format text)")
    return labels


def run_eval_corrections(args: argparse.Namespace) -> int:
    """``eval-structure --corrections DIR``: parent accuracy on the comments a person moved."""
    from argmap.lab.structure_train import gold_boundary_previous_baseline, judged_parent_accuracy, link_only
    from argmap.structure.segment import load_model

    labels = _parent_moves(args)
    embs = _embedder(args)([lab.thread for lab in labels])
    setting = "rules + lexical cues" if args.no_embeddings else "with embeddings"
    rows = {f"argmap parent scorer ({setting})": link_only(load_model(not args.no_embeddings)),
            "baseline: parent = previous comment": gold_boundary_previous_baseline}
    scores = {name: judged_parent_accuracy(labels, embs, p) for name, p in rows.items()}
    if args.json:
        json.dump(scores, sys.stdout, indent=1)
        print()
        return 0
    first = next(iter(scores.values()))
    print(f"corrections under {args.corrections}: {first['moves']} human parent moves in {first['threads']} "
          "pasted-text threads; the map's comments as gold boundaries")
    print(f"{'method':55} {'right':>6} {'parent acc':>10}")
    for name, r in scores.items():
        print(f"{name:55} {r['right']:6d} {r['parent_accuracy']:10.3f}")
    return 0


def run_train(args: argparse.Namespace) -> int:
    """Fit both settings on RumourEval train + AITA and write the weights JSON."""
    from argmap.lab.structure_data import aita_threads, rumoureval_threads
    from argmap.lab.structure_train import model_to_json, train_models

    moves = []
    if args.corrections is not None:
        if args.corrections_weight <= 0:
            raise InputError("--corrections-weight", f"{args.corrections_weight} is not a positive weight")
        moves = _parent_moves(args, args.corrections_weight)
        print(f"training with {sum(len(m.judged) for m in moves)} human parent moves from {args.corrections}")
    data = _data_dir(args)
    threads = list(rumoureval_threads(data / RE_DIR / "train"))
    extra = list(aita_threads(data / AITA_DIR, limit=args.aita)) if args.aita and (data / AITA_DIR).is_dir() else []
    logging.getLogger("argmap").info("training on %d + %d threads", len(threads), len(extra))
    embed = _embedder(args)
    models = train_models(threads, embed(threads), c=args.c, extra=extra, extra_embs=embed(extra),
                          parent_extra=args.aita_parents, corrections=moves,
                          correction_embs=embed([m.thread for m in moves]))
    trained_on = (
        f"RumourEval-2019 Reddit train ({RE_DIR}/train); boundaries also on {len(extra)} pruned r/AmItheAsshole threads"
        + (f", parents on {min(args.aita_parents, len(extra))} of them" if args.aita_parents else "")
        + (f"; parents also on {sum(len(m.judged) for m in moves)} human parent moves (weight "
           f"{args.corrections_weight:g})" if moves else "")
    )
    args.out.write_text(model_to_json(models, trained_on), encoding="utf-8")
    print(f"wrote {args.out} ({', '.join(models)})")
    return 0


def run_train_boundary(args: argparse.Namespace) -> int:
    """Train the boundary cross-encoder and write it into ``--out``."""
    from argmap.lab.boundary_train import BoundaryTrainConfig, train
    from argmap.structure.boundary import SHIPPED

    if not 0 <= args.freeze_layers <= 5:
        raise InputError("--freeze-layers", f"{args.freeze_layers}: MiniLM has 6 layers; freeze 0 to 5 of them")
    if min(args.prev_tokens, args.line_tokens) < 1:
        raise InputError("--prev-tokens/--line-tokens", "each must read at least 1 token")
    data = data_folder(args.data, AITA_DIR)
    out = args.out or SHIPPED
    result = train(data, out, BoundaryTrainConfig(
        seed=args.seed, max_pairs=args.max_pairs, epochs=args.epochs, freeze_layers=args.freeze_layers,
        prev_tokens=args.prev_tokens, line_tokens=args.line_tokens,
    ))
    print(f"wrote {out} (RumourEval train AUC {result['best_tune_auc']:.4f})")
    return 0
