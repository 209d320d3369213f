"""``argmap lab claim-units`` and ``argmap lab cv-units``: where CMV-modes' gold units sit against the
candidate spans, and the candidate splitters compared by cross-validation (train + valid only)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from argmap.lab.data import data_folder

NEEDS = "cmv-modes/data/train"


def register(sub: argparse._SubParsersAction) -> None:
    u = sub.add_parser(
        "claim-units", help="where CMV-modes gold units sit against argmap's candidate spans",
        description="On CMV-modes --splits (default: train,valid): the share of gold units that are exactly one "
        "candidate span, part of one, a run of whole candidates, across candidate edges, or outside every "
        "candidate, for the fixed-marker splitter and sentences alone; then where a role model's exact-span "
        "misses come from (cut missing / extra / both, role none, a unit where gold has none).")
    u.add_argument("--data", type=Path, default=None, metavar="DIR",
                   help="shared data folder (default: ../shared/data)")
    u.add_argument("--splits", default="train,valid", metavar="S,…", help="splits to read (default: train,valid)")
    u.add_argument("--claims-model", default=None, metavar="DIR", help="role model folder (default: the shipped one)")
    u.set_defaults(func=units)
    v = sub.add_parser(
        "cv-units", help="compare candidate splitters (cuts) by cross-validation on CMV-modes train + valid",
        description="For each splitter (markers: the fixed regex; sentences; rule: markers with and/but left out of "
        "the next unit; learned: the cut model) fit the cut model (if any) and the role model on K-1 folds of "
        "train + valid, predict units on the held-out fold, pool the folds, and print token role macro-F1, "
        "exact-span F1 and relation F1 with predicted units (the shipped pair scorer, which was fitted on train + "
        "valid: the same for every splitter) as mean ± sd over fold shuffles. With --valid: fit on train, score "
        "valid instead. The test split is never read.")
    v.add_argument("--data", type=Path, default=None, metavar="DIR",
                   help="shared data folder (default: ../shared/data)")
    v.add_argument("--variants", default="markers,rule,learned", metavar="V,…",
                   help="splitters (markers, sentences, rule, learned; default: markers,rule,learned)")
    v.add_argument("--cut-c", default="1", metavar="C,…", help="C of the learned cut model, one or more (default: 1)")
    v.add_argument("--cut-threshold", default="0.2", metavar="T,…",
                   help="its threshold on P(none), one or more (default: 0.2)")
    v.add_argument("--folds", type=int, default=5, help="folds (default: 5)")
    v.add_argument("--seeds", default="0,1,2", metavar="S,…", help="fold-shuffle seeds (default: 0,1,2)")
    v.add_argument("--valid", action="store_true", help="fit on train and score valid (no folds)")
    v.set_defaults(func=cross_validate)


def units(args: argparse.Namespace) -> int:
    from argmap.lab.claims_data import load_split
    from argmap.lab.claims_eval import predicted_units
    from argmap.lab.claims_units import PLACES, span_misses, unit_placements
    from argmap.nlp.claim_spans import spans
    from argmap.nlp.claims import RoleModel

    data = data_folder(args.data, NEEDS)
    golds = [g for s in args.splits.split(",") for g in load_split(data, s)]
    model = RoleModel.load(args.claims_model)
    splitters = {"markers": lambda t: spans(t, True), "sentences": lambda t: spans(t, False),
                 "this model's": lambda t: spans(t, model.clauses, model.cutter)}
    print(f"CMV-modes {args.splits}: {len(golds)} threads, {sum(len(g.units) for g in golds)} gold units")
    for name, split in splitters.items():
        n = unit_placements(golds, split)
        print(f"gold units against {name} candidates: " + ", ".join(
            f"{p} {n[p] / n['units']:.3f}" + (f" (punctuation only {n[p + ' (punctuation only)'] / n['units']:.3f})"
                                             if n[p + " (punctuation only)"] else "") for p in PLACES))
    from argmap.lab.claims_cuts import candidate_recall
    from argmap.lab.claims_units import boundary_contexts

    for k, c in boundary_contexts(golds, lambda t: spans(t, False), 12).items():
        print(f"{k} (sentences): " + ", ".join(f"{w!r} {v}" for w, v in c.items()))

    print(f"gold units that are one candidate when every cut point is cut as gold says (the cut points' "
          f"upper bound): {candidate_recall(golds, None, oracle=True)['recall']:.3f}")
    n = span_misses(golds, predicted_units(golds, model), lambda t: spans(t, model.clauses, model.cutter))
    print(f"exact-span misses of the role model ({args.claims_model or 'shipped'}): {n['gold']} gold units, "
          f"{n['pred']} predicted, {n['exact']} exact")
    for k in sorted(k for k in n if ":" in k):
        base = n["gold"] if k.startswith("gold") else n["pred"]
        print(f"  {k:<22} {n[k]:5}  {n[k] / max(base, 1):.3f} of {k.split(':')[0]}")
    return 0


def cross_validate(args: argparse.Namespace) -> int:
    import numpy as np

    from argmap.errors import InputError
    from argmap.lab import claims_cuts as cc
    from argmap.lab.claims_data import load_split
    from argmap.nlp.claim_relations import PairModel
    from argmap.nlp.stance import StanceModel

    variants = args.variants.split(",")
    if bad := [v for v in variants if v not in cc.VARIANTS]:
        raise InputError("--variants", f"unknown splitter {bad[0]!r} (splitters: {', '.join(cc.VARIANTS)})")
    data = data_folder(args.data, NEEDS)
    tr, va = load_split(data, "train"), load_split(data, "valid")
    pairs, stance = PairModel.load(), StanceModel.load()
    seeds = [int(s) for s in args.seeds.split(",")]
    where = ("fit on train, scored on valid" if args.valid
             else f"{args.folds}-fold over train + valid, seeds {args.seeds}")
    print(f"CMV-modes, {where}")
    grid = [(float(c), float(t)) for c in args.cut_c.split(",") for t in args.cut_threshold.split(",")]
    for v in variants:
        for c, th in grid if v.startswith("learned") else grid[:1]:
            started = time.perf_counter()
            kw = {"cut_c": c, "cut_threshold": th}
            if args.valid:
                runs = [cc.unit_report(va, cc.fit_variant(tr, v, **kw), pairs, stance)]
            else:
                runs = [cc.cv_units(tr + va, v, pairs, stance, args.folds, s, **kw) for s in seeds]
            name = f"{v} C={c:g} t={th:g}" if v.startswith("learned") else v
            cells = [f"{k} {np.mean([r[k] for r in runs]):.3f} ± {np.std([r[k] for r in runs]):.3f}" for k in runs[0]]
            print(f"{name:<20} " + "  ".join(cells) + f"  ({time.perf_counter() - started:.0f} s)", flush=True)
    return 0
