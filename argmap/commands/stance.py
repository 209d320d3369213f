"""``argmap stance`` (classify a CSV of pairs), ``argmap train-stance`` and ``argmap eval-stance``."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from argmap.errors import InputError

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

    t = sub.add_parser(
        "train-stance",
        help="train the stance model from ../shared/data (fixed seed)",
        description="Fine-tune the offline MiniLM as a stance cross-encoder on DEBAGREEMENT (train "
        "submissions), SubReddit-agreement and RumourEval-2019 Reddit train; keep the epoch with the best "
        "macro-F1 on held-out train submissions; save the weights into OUT.",
    )
    t.add_argument("-o", "--output", required=True, metavar="OUT", help="folder to save the model into")
    t.add_argument("--data", default=None, help="data folder (default: $ARGMAP_DATA or ../shared/data)")
    t.add_argument("--seed", type=int, default=13, help="random seed, also fixes the split (default 13)")
    t.add_argument("--init-seed", type=int, default=None,
                   help="seed of the head, dropout and batch order only, for ensembles of models trained "
                   "on the same split (default: --seed)")
    t.add_argument("--epochs", type=int, default=2, help="training epochs (default 2)")
    t.add_argument("--max-length", type=int, default=128, help="tokens per pair (default 128)")
    t.add_argument("--context-tokens", type=int, default=24, help="tokens of context kept (default 24)")
    t.add_argument("--batch-size", type=int, default=16, help="training batch size (default 16)")
    t.add_argument("--lr", type=float, default=4e-5, help="peak learning rate (default 4e-5)")
    t.add_argument("--freeze-layers", type=int, default=0,
                   help="lowest transformer layers kept frozen with the embeddings; their outputs are "
                   "computed once and cached, so an epoch costs only the layers above "
                   "(default 0: all 6 layers tuned)")
    t.add_argument("--stop-after", type=int, default=0,
                   help="stop after this epoch while the learning-rate schedule still spans --epochs "
                   "(0 = run all epochs, the default)")
    t.add_argument("--aita", type=int, default=0,
                   help="add this many AITA silver (LLM-labelled) pairs at weight 0.3 (default 0)")
    t.add_argument("--max-train", type=int, default=0, help="train on a random subset of this size (0 = all)")
    t.set_defaults(func=run_train)

    d = sub.add_parser(
        "distill-stance",
        help="distil a trained stance model into a smaller, faster student (fixed seed)",
        description="Train a student made of some of the teacher's layers (default 0,2,4) to match the "
        "teacher's outputs on the training pairs and on unlabelled AITA reply pairs the teacher labels, "
        "plus the gold labels where there are some; keep the epoch with the best macro-F1 on held-out "
        "train submissions; save it into OUT. The shipped model is the student of `argmap train-stance`'s "
        "model.",
    )
    d.add_argument("--teacher", required=True, metavar="DIR", nargs="+",
                   help="folder(s) written by train-stance or distill-stance; with several, the target "
                   "is their averaged log-probabilities and the student starts from the first")
    d.add_argument("-o", "--output", required=True, metavar="OUT", help="folder to save the student into")
    d.add_argument("--data", default=None, help="data folder (default: $ARGMAP_DATA or ../shared/data)")
    d.add_argument("--seed", type=int, default=13, help="random seed, also fixes the split (default 13)")
    d.add_argument("--layers", default="0,2,4", help="teacher layers the student keeps (default 0,2,4)")
    d.add_argument("--unlabeled", type=int, default=20000,
                   help="AITA reply pairs labelled by the teacher, added to training (default 20000)")
    d.add_argument("--epochs", type=int, default=2, help="training epochs (default 2)")
    d.add_argument("--silver-weight", type=float, default=0.0,
                   help="share of the loss on the unlabelled AITA pairs that comes from their LLM-made "
                   "silver labels (default 0: ignored, the teacher's output is the only target)")
    d.add_argument("--max-train", type=int, default=0, help="train on a random subset of this size (0 = all)")
    d.set_defaults(func=run_distill)

    e = sub.add_parser(
        "eval-stance",
        help="macro-F1 and per-class F1 of the stance model and two baselines",
        description="Score a stance model on the DEBAGREEMENT validation split (held-out submissions, "
        "3 classes: query folded into neutral) and on RumourEval-2019 Reddit dev (4 classes), next to a "
        "majority-class baseline and TF-IDF + logistic regression trained on the same training split.",
    )
    e.add_argument("--model", default=None, nargs="+", metavar="DIR",
                   help="model folder (default: the shipped model); several folders are scored as one "
                   "ensemble that averages their probabilities")
    e.add_argument("--data", default=None, help="data folder (default: $ARGMAP_DATA or ../shared/data)")
    e.add_argument("--seed", type=int, default=13, help="split seed; must match training (default 13)")
    e.add_argument("--json", metavar="OUT.json", default=None, help="also write the figures as JSON")
    e.add_argument("--max-length", type=int, default=None, metavar="N",
                   help="tokens per pair (default: the model's, 112 for the shipped one)")
    e.add_argument("--fp32", action="store_true",
                   help="run the model in torch fp32 instead of the int8 ONNX Runtime session "
                   "its config asks for on CPU")
    e.set_defaults(func=run_eval)


def _data(arg: str | None) -> Path:
    from argmap.shared import data_folder

    return data_folder(arg, "debagreement/dev.csv")


def read_pairs(path: Path, parent_col: str, reply_col: str, context_col: str | None) -> tuple[list[str], list[dict]]:
    """Header and rows of the input CSV, after checking the named columns exist."""
    if not path.is_file():
        raise InputError(path, "no such file")
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            header = list(reader.fieldnames or [])
            rows = list(reader)
    except (UnicodeDecodeError, csv.Error) as err:
        raise InputError(path, f"not a readable UTF-8 CSV ({err})") from None
    for col in (parent_col, reply_col, context_col):
        if col and col not in header:
            raise InputError(path, f"no column {col!r} (columns: {', '.join(header) or 'none'})")
    return header, rows


def run_stance(args: argparse.Namespace) -> int:
    from argmap.nlp.stance import StanceModel

    header, rows = read_pairs(Path(args.pairs), args.parent_col, args.reply_col, args.context_col)
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
    _write_csv(Path(args.output), header + [c for c in ("stance", *PROB_COLS) if c not in header], rows)
    print(f"{len(ok)} pairs classified, {len(rows) - len(ok)} skipped (empty) -> {args.output}", file=sys.stderr)
    return 0


def _write_csv(path: Path, header: list[str], rows: list[dict]) -> None:
    import io

    from argmap.atomic import atomic_path

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
    with atomic_path(path) as tmp:
        tmp.write_text(buf.getvalue(), encoding="utf-8")


def run_train(args: argparse.Namespace) -> int:
    import logging

    from argmap.nlp.stance_train import TrainConfig, train

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    cfg = TrainConfig(seed=args.seed, max_length=args.max_length, context_tokens=args.context_tokens,
                      epochs=args.epochs, batch_size=args.batch_size, lr=args.lr, aita=args.aita,
                      max_train=args.max_train, freeze_layers=args.freeze_layers,
                      stop_after=args.stop_after, init_seed=args.init_seed)
    result = train(_data(args.data), Path(args.output), cfg)
    print(json.dumps(result, indent=2))
    return 0


def run_distill(args: argparse.Namespace) -> int:
    import logging

    from argmap.nlp.stance_distill import DistillConfig, distill

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if not 0 <= args.silver_weight <= 1:
        raise InputError("--silver-weight", f"{args.silver_weight} is not a share between 0 and 1")
    try:
        layers = tuple(int(x) for x in args.layers.split(","))
    except ValueError:
        raise InputError(args.layers, "--layers takes comma-separated layer numbers, e.g. 0,2,4") from None
    from argmap.nlp.stance import CONFIG

    teachers = [Path(t) for t in args.teacher]
    for teacher in teachers:
        if not (teacher / CONFIG).is_file():
            raise InputError(teacher, f"not a stance model folder (no {CONFIG})")
    n_layers = len(json.loads((teachers[0] / CONFIG).read_text()).get("layers") or range(6))
    if not all(0 <= i < n_layers for i in layers):
        raise InputError(teachers[0], f"has layers 0..{n_layers - 1}; --layers {args.layers} asks for others")
    cfg = DistillConfig(seed=args.seed, layers=layers, unlabeled=args.unlabeled, epochs=args.epochs,
                        max_train=args.max_train, silver_weight=args.silver_weight)
    result = distill(_data(args.data), teachers, Path(args.output), cfg)
    print(json.dumps(result, indent=2))
    return 0


def run_eval(args: argparse.Namespace) -> int:
    from argmap.nlp.stance_eval import evaluate, format_results

    results = evaluate(_data(args.data), args.model, args.seed, quantize=False if args.fp32 else None,
                       max_length=args.max_length)
    print(format_results(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    return 0
