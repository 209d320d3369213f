"""``argmap lab train-stance``, ``distill-stance`` and ``eval-stance``: the stance model's research commands."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from argmap.errors import InputError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``train-stance``, ``distill-stance`` and ``eval-stance`` subcommands."""
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
    t.add_argument("--perspectrum", type=int, default=0, metavar="N",
                   help="add N Perspectrum claim -> perspective pairs (official train claims; SUPPORT -> "
                   "support, UNDERMINE -> attack) at --extra-weight (default 0)")
    t.add_argument("--argkp", type=int, default=0, metavar="N",
                   help="add N ArgKP train topic -> argument pairs (pro -> support, con -> attack) at "
                   "--extra-weight (default 0)")
    t.add_argument("--extra-weight", type=float, default=0.5,
                   help="sample weight of the --perspectrum and --argkp pairs (default 0.5)")
    t.add_argument("--encoder", default="", metavar="DIR",
                   help="MiniLM folder to start from, e.g. one written by `argmap lab adapt-encoder` "
                   "(default: the installed base)")
    t.add_argument("--corrections", default="", metavar="DIR",
                   help="also train on the human stance labels of the map page's corrections under DIR "
                        "(*.corrections.json beside the output folders of `argmap map`)")
    t.add_argument("--corrections-weight", type=float, default=2.0, metavar="W",
                   help="sample weight of those human labels (default 2.0)")
    t.add_argument("--cache-dir", default="", metavar="DIR",
                   help="with --freeze-layers, keep the frozen layers' states in DIR and reuse them in later "
                   "runs on the same pairs, e.g. other --init-seed values (default: recompute)")
    t.set_defaults(func=run_train)

    d = sub.add_parser(
        "distill-stance",
        help="distil a trained stance model into a smaller, faster student (fixed seed)",
        description="Train a student made of some of the teacher's layers (default 0,2,4) to match the "
        "teacher's outputs on the training pairs and on unlabelled AITA reply pairs the teacher labels, "
        "plus the gold labels where there are some; keep the epoch with the best macro-F1 on held-out "
        "train submissions; save it into OUT. The shipped model is the student of `argmap lab train-stance`'s "
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
    e.add_argument("--corrections", default=None, metavar="DIR",
                   help="also score against the human stance labels of the map page's corrections under DIR "
                        "(*.corrections.json beside the output folders of `argmap map`)")
    e.add_argument("--max-length", type=int, default=None, metavar="N",
                   help="tokens per pair (default: the model's, 112 for the shipped one)")
    e.add_argument("--fp32", action="store_true",
                   help="run the model in torch fp32 instead of the int8 ONNX Runtime session "
                   "its config asks for on CPU")
    e.set_defaults(func=run_eval)



def _data(arg: str | None) -> Path:
    from argmap.lab.data import data_folder

    return data_folder(arg, "debagreement/dev.csv")


def run_train(args: argparse.Namespace) -> int:
    import logging

    from argmap.lab.stance_train import TrainConfig, train

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    cfg = TrainConfig(seed=args.seed, max_length=args.max_length, context_tokens=args.context_tokens,
                      epochs=args.epochs, batch_size=args.batch_size, lr=args.lr, aita=args.aita,
                      max_train=args.max_train, freeze_layers=args.freeze_layers,
                      stop_after=args.stop_after, init_seed=args.init_seed, perspectrum=args.perspectrum,
                      argkp=args.argkp, extra_weight=args.extra_weight, encoder=args.encoder,
                      cache_dir=args.cache_dir, corrections=args.corrections,
                      corrections_weight=args.corrections_weight)
    if args.corrections_weight <= 0:
        raise InputError("--corrections-weight", f"{args.corrections_weight} is not a positive weight")
    if args.corrections:
        from argmap.lab.corrections_data import stance_pairs

        n = len(stance_pairs(args.corrections, args.corrections_weight))  # a bad folder fails before training
        if not n:
            raise InputError(args.corrections, "holds no human stance label to train on")
        print(f"training with {n} human stance labels from {args.corrections}")
    if not 0 < args.extra_weight <= 1:
        raise InputError("--extra-weight", f"{args.extra_weight} is not a weight in (0, 1]")
    if args.encoder and not (Path(args.encoder) / "config.json").is_file():
        raise InputError(args.encoder, "not a MiniLM folder (no config.json)")
    result = train(_data(args.data), Path(args.output), cfg)
    print(json.dumps(result, indent=2))
    return 0


def run_distill(args: argparse.Namespace) -> int:
    import logging

    from argmap.lab.stance_distill import DistillConfig, distill

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
    from argmap.lab.stance_eval import evaluate, format_results

    corrections = None
    if args.corrections:
        from argmap.lab.corrections_data import stance_pairs

        corrections = stance_pairs(args.corrections)
        if not corrections:
            raise InputError(args.corrections, "holds no human stance label to score against")
    results = evaluate(_data(args.data), args.model, args.seed, quantize=False if args.fp32 else None,
                       max_length=args.max_length, corrections=corrections)
    print(format_results(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    return 0
