"""``argmap stance``: classify a CSV of (parent, reply) pairs into support / attack / neutral / query."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

PROB_COLS = ("p_support", "p_attack", "p_neutral", "p_query")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "stance",
        help="classify (parent, reply) pairs of a CSV into support/attack/neutral/query",
        description="Read PAIRS.csv, add the columns stance, p_support, p_attack, p_neutral, p_query "
        "(input columns kept) and write OUT.csv. Rows with an empty parent or reply get an empty stance.",
    )
    p.add_argument("pairs", metavar="PAIRS.csv", help="input CSV with a header row")
    p.add_argument("--parent-col", required=True, metavar="P", help="column holding the parent text")
    p.add_argument("--reply-col", required=True, metavar="R", help="column holding the reply text")
    p.add_argument("--context-col", metavar="C", default=None,
                   help="optional column with context (thread title / submission) given to the model")
    p.add_argument("-o", "--output", required=True, metavar="OUT.csv", help="output CSV path")
    p.add_argument("--model", default=None,
                   help="stance model folder (from train-stance) or a sequence-classification model; "
                   "default: the model shipped in the package")
    p.add_argument("--batch-size", type=int, default=32, help="pairs per forward pass (default 32)")
    p.add_argument("--device", default="auto", help="cpu, cuda or auto (default auto)")
    p.set_defaults(func=run_stance)


def run_stance(args: argparse.Namespace) -> int:
    from argmap.nlp.stance import StanceModel
    from argmap.tables import read_csv, write_csv

    header, rows = read_csv(Path(args.pairs), [args.parent_col, args.reply_col, args.context_col])
    ok = [i for i, r in enumerate(rows)
          if (r.get(args.parent_col) or "").strip() and (r.get(args.reply_col) or "").strip()]
    model = StanceModel.load(args.model, args.device)
    ctx = [rows[i].get(args.context_col) or "" for i in ok] if args.context_col else None
    probs = model.predict([rows[i][args.parent_col] for i in ok], [rows[i][args.reply_col] for i in ok], ctx,
                          batch_size=args.batch_size, progress=len(ok) > 500)
    for r in rows:
        r.update({"stance": "", **dict.fromkeys(PROB_COLS, "")})
    for i, p in zip(ok, probs, strict=True):
        rows[i]["stance"] = max(p, key=p.get)
        rows[i].update({f"p_{k}": f"{v:.4f}" for k, v in p.items()})
    write_csv(Path(args.output), header + [c for c in ("stance", *PROB_COLS) if c not in header], rows)
    print(f"{len(ok)} pairs classified, {len(rows) - len(ok)} skipped (empty) -> {args.output}", file=sys.stderr)
    return 0
