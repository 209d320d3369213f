"""``argmap lab train-claims`` and ``argmap lab eval-claims``: the claim role model on CMV-modes
(train / valid to fit and choose; test only for the reported figures), and every claims figure:
roles, units that argue, relations and their calibration."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from argmap.lab.data import data_folder

NEEDS = "cmv-modes/data/train"


def register(sub: argparse._SubParsersAction) -> None:
    t = sub.add_parser(
        "train-claims", help="train the claim role model on CMV-modes",
        description="Fit the role model (none / main_claim / claim / premise per candidate span) on CMV-modes train, "
        "choose its regularisation C on valid, refit on train + valid, and save fp16 weights + config to OUT. "
        "A logistic regression: deterministic, no seed. The argument and relation models beside it come from "
        "`argmap lab train-relations`.")
    t.add_argument("--data", type=Path, default=None, metavar="DIR",
                   help="shared data folder (default: ../shared/data)")
    t.add_argument("--out", type=Path, required=True, metavar="DIR", help="model folder to write")
    t.add_argument("--cs", default="0.1,0.3,1,3", metavar="C,…", help="C values tried on valid (default: 0.1,0.3,1,3)")
    t.add_argument("--cuts", default="markers", choices=("markers", "rule", "learned", "learned+rule"),
                   help="how sentences are cut into candidate spans: the fixed markers (default), the same with "
                   "and/but left out of the next unit, a cut model learned from the gold boundaries, or that model "
                   "also cutting wherever the rule does; saved as the config's `cuts` (and `cut_keep_rule`)")
    t.add_argument("--cut-c", type=float, default=3.0, help="C of the learned cut model (default: 3)")
    t.add_argument("--cut-threshold", type=float, default=0.3,
                   help="the learned cut model cuts where P(none) < this (default: 0.3)")
    t.add_argument("--corrections", default=None, metavar="DIR",
                   help="also train on the human claim roles of the map page's corrections under DIR (role changes; "
                   "\"no claim\" as role none) (*.corrections.json beside the output folders of `argmap map`)")
    t.add_argument("--corrections-weight", type=float, default=2.0, metavar="W",
                   help="weight of each human role label, times its role's balanced class weight as a CMV-modes "
                   "span has (default: 2)")
    t.set_defaults(func=train)
    e = sub.add_parser(
        "eval-claims", help="score claim extraction and claim relations on CMV-modes test",
        description="On CMV-modes (default split: test) print token-level role macro-F1 (main_claim / claim / "
        "premise / none) and exact-span F1 of the units that argue, supports / attacks relation F1 given gold "
        "units and given predicted units, the precision of the relations drawn across posts, and the relation "
        "model's expected calibration error before and after calibration; beside argmap, two baselines: every "
        "sentence a claim; a reply unit attacks the parent unit most similar to it when its comment's stance is "
        "attack.")
    e.add_argument("--data", type=Path, default=None, metavar="DIR",
                   help="shared data folder (default: ../shared/data)")
    e.add_argument("--split", default="test", choices=("train", "valid", "test"), help="split to score (default: test)")
    e.add_argument("--claims-model", default=None, metavar="DIR", help="model folder (default: the shipped one)")
    e.add_argument("--errors", action="store_true",
                   help="also break the relation errors (gold units) down by scope (inside a post / across) and kind")
    e.add_argument("--corrections", default=None, metavar="DIR",
                   help="score against the group's own labels instead: the role model on the human claim roles "
                   "(and \"no claim\") and the map's relations on the human supports / attacks links (and removed "
                   "ones) of the map page's corrections under DIR "
                   "(*.corrections.json beside the output folders of `argmap map`)")
    e.set_defaults(func=evaluate)


def train(args: argparse.Namespace) -> int:
    from argmap.lab import claims_train as ct
    from argmap.lab.claims_data import load_split
    from argmap.lab.claims_eval import predicted_units, role_scores
    from argmap.nlp.claims import DIM, LABELS, RoleModel

    corrections = _correction_roles(args)
    data = data_folder(args.data, NEEDS)
    tr, va = load_split(data, "train"), load_split(data, "valid")
    cs = [float(c) for c in args.cs.split(",")]
    started = time.perf_counter()
    cutter = _cutter(args, tr)

    def valid_role_f1(c: float) -> float:
        model = RoleModel(*ct.train_roles(tr, c, cutter=cutter), {"labels": LABELS, "dim": DIM})
        model.cutter = cutter
        return role_scores(va, predicted_units(va, model))["token_macro"]

    best_role = max(cs, key=valid_role_f1)
    _save_roles(args, ct, tr + va, best_role, corrections)
    print(f"role C={best_role}; saved → {args.out} in {time.perf_counter() - started:.0f} s")
    return 0


def evaluate(args: argparse.Namespace) -> int:
    if args.corrections is not None:
        return evaluate_corrections(args)
    from argmap.lab.claims_data import load_split
    from argmap.lab.claims_eval import baseline_report, calibration, model_report
    from argmap.nlp.arguing import ArgumentModel
    from argmap.nlp.claim_relations import RelationModel
    from argmap.nlp.claims import RoleModel
    from argmap.nlp.encoder import Encoder
    from argmap.nlp.stance import StanceModel

    data = data_folder(args.data, NEEDS)
    golds = load_split(data, args.split)
    stance, encoder = StanceModel.load(), Encoder.get()
    relations = RelationModel.load(args.claims_model)
    started = time.perf_counter()
    rows = {"every sentence a claim / attack-most-similar": baseline_report(golds, stance),
            "argmap": model_report(golds, RoleModel.load(args.claims_model), ArgumentModel.load(args.claims_model),
                                   relations, stance, encoder)}
    n_units = sum(len(g.units) for g in golds)
    n_rel = sum(len(g.relations) for g in golds)
    print(f"CMV-modes {args.split}: {len(golds)} threads, {sum(len(g.posts) for g in golds)} posts, {n_units} units, "
          f"{n_rel} relations ({time.perf_counter() - started:.0f} s)")
    keys = list(rows["argmap"])
    width = max(len(k) for k in keys)
    print(f"{'':{width}}  " + "  ".join(f"{name[:24]:>24}" for name in rows))
    for k in keys:
        print(f"{k:{width}}  " + "  ".join(f"{r[k]:>24.3f}" if k in r else f"{'':>24}" for r in rows.values()))
    for k, v in calibration(golds, relations, stance, encoder).items():
        print(f"{k:{width}}  {v:>24.3f}")
    if args.errors:
        from argmap.lab.claims_eval import relation_errors

        print("\nargmap's relation errors, gold units:")
        for k, v in relation_errors(golds, relations, stance, encoder).items():
            print(f"  {k:<45} {v:.3f}" if isinstance(v, float) else f"  {k:<45} {v}")
    return 0


def evaluate_corrections(args: argparse.Namespace) -> int:
    """``eval-claims --corrections DIR``: accuracy of role and of relation kind on the human labels."""
    from argmap.errors import InputError
    from argmap.lab.claims_eval import correction_scores
    from argmap.lab.corrections_data import relation_labels, role_labels
    from argmap.nlp.claims import RoleModel

    roles, relations = role_labels(args.corrections), relation_labels(args.corrections)
    if not roles and not relations:
        raise InputError(args.corrections, "holds no human claim role or relation to score against")
    scores = correction_scores(roles, relations, RoleModel.load(args.claims_model))
    what = {"role": "claim role (role model; \"no claim\" = none)",
            "relation": "relation kind (the map's relations; removed = none)"}
    print(f"corrections under {args.corrections}: the group's own labels")
    for name, s in scores.items():
        acc = "—" if s["accuracy"] is None else f"{s['accuracy']:.3f}"
        print(f"  {what[name]:<52} accuracy {acc}  (n = {s['n']})")
        for (gold, pred), n in sorted(s["confusion"].items()):
            if gold != pred:
                print(f"    human {gold:<10} model {pred:<10} {n}")
    return 0


def _cutter(args: argparse.Namespace, golds: list):  # noqa: ANN202
    """The cutter of ``--cuts`` (the learned one fitted on ``golds``), or None."""
    from argmap.lab.claims_cuts import make_cutter

    return make_cutter(golds, args.cuts, args.cut_c, args.cut_threshold)


def _correction_roles(args: argparse.Namespace) -> list:
    """The human role labels of ``--corrections`` at ``--corrections-weight`` (none without it); a
    bad folder fails here, before any data loads."""
    from argmap.errors import InputError

    if args.corrections is None:
        return []
    if args.corrections_weight <= 0:
        raise InputError("--corrections-weight", f"{args.corrections_weight} is not a positive weight")
    from argmap.lab.corrections_data import role_labels

    labels = role_labels(args.corrections, args.corrections_weight)
    if not labels:
        raise InputError(args.corrections, "holds no human claim role to train on")
    print(f"training with {len(labels)} human claim roles from {args.corrections}")
    return labels


def _save_roles(args: argparse.Namespace, ct, golds: list, role_c: float,  # noqa: ANN001, ANN202
                corrections: list | None = None):
    """Fit the role model (and the cut model of ``--cuts learned``) on ``golds``, save them and return
    the role model (with its cutter)."""
    from argmap.nlp.claims import DIM, LABELS, RoleModel

    cutter = _cutter(args, golds)
    w, b = ct.train_roles(golds, role_c, cutter=cutter, corrections=corrections or ())
    learned = args.cuts.startswith("learned")
    config = {"labels": list(LABELS), "dim": DIM, "clauses": True, "role_C": role_c,
              "cuts": "learned" if learned else args.cuts}
    ct.save_linear(args.out, "role", w, b, config)
    roles = RoleModel(w, b, config)
    roles.cutter = cutter
    if learned:
        ct.save_linear(args.out, "cut", cutter.W, cutter.b, {"cut_dim": cutter.dim, "cut_C": args.cut_c,
                                                             "cut_threshold": cutter.threshold,
                                                             "cut_keep_rule": cutter.keep_rule})
    return roles
