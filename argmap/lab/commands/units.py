"""``argmap lab claim-units`` and ``argmap lab cv-units``: where CMV-modes' gold units sit against the
candidate spans, and the candidate splitters compared by cross-validation (train + valid only)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from argmap.lab.commands.claims import NEEDS
from argmap.lab.data import data_folder


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
    v.add_argument("--pair-units", default=None, metavar="U,…",
                   help="also fit each fold's pair scorer on the training folds, on these units (gold, predicted: "
                   "the fold's role model's units mapped to gold by overlap, both), one or more; then relation F1 "
                   "with gold units is printed too (default: none, the shipped pair scorer)")
    v.add_argument("--pair-recipe", default="pointwise+qinside", help="their recipe (default: pointwise+qinside)")
    v.add_argument("--pair-c", type=float, default=0.3, help="their C (default: 0.3)")
    v.add_argument("--pair-threshold", default="0.6", metavar="T,…", help="their link thresholds (default: 0.6)")
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
    pair_fit = _pair_fits(args)
    if pair_fit and args.valid:
        raise InputError("--pair-units", "works with the folds only, not with --valid")
    data = data_folder(args.data, NEEDS)
    tr, va = load_split(data, "train"), load_split(data, "valid")
    pairs, stance = PairModel.load(), StanceModel.load()
    seeds = [int(s) for s in args.seeds.split(",")]
    where = ("fit on train, scored on valid" if args.valid
             else f"{args.folds}-fold over train + valid, seeds {args.seeds}")
    print(f"CMV-modes, {where}" + (f"; pair scorers {args.pair_recipe} C={args.pair_c:g} fitted in-fold"
                                   if pair_fit else ""))
    grid = [(float(c), float(t)) for c in args.cut_c.split(",") for t in args.cut_threshold.split(",")]
    for v in variants:
        for c, th in grid if v.startswith("learned") else grid[:1]:
            started = time.perf_counter()
            kw = {"cut_c": c, "cut_threshold": th}
            if args.valid:
                runs = [cc.unit_report(va, cc.fit_variant(tr, v, **kw), pairs, stance)]
            else:
                runs = [cc.cv_units(tr + va, v, pairs, stance, args.folds, s, pair_fit, **kw) for s in seeds]
            name = f"{v} C={c:g} t={th:g}" if v.startswith("learned") else v
            lines: dict[str, list[str]] = {}
            for k in runs[0]:
                key, _, scorer = k.partition(" ")
                cell = f"{key} {np.mean([r[k] for r in runs]):.3f} ± {np.std([r[k] for r in runs]):.3f}"
                lines.setdefault(scorer, []).append(cell)
            took = f"  ({time.perf_counter() - started:.0f} s)"
            for scorer, cells in lines.items():
                label = f"{name}, pairs on {scorer}" if scorer else name
                print(f"{label:<20} " + "  ".join(cells) + (took if scorer == list(lines)[-1] else ""), flush=True)
    return 0


def _pair_fits(args: argparse.Namespace) -> dict | None:
    """``--pair-units`` × ``--pair-threshold`` as :func:`argmap.lab.claims_cuts.cv_units`'s ``pair_fit``
    (name ``<units>@<threshold>``; each fold's scorer is fitted once per units), or None."""
    from argmap.errors import InputError
    from argmap.lab import claims_train as ct

    if not args.pair_units:
        return None
    units = args.pair_units.split(",")
    if bad := [u for u in units if u not in ct.PAIR_UNITS]:
        raise InputError("--pair-units", f"unknown units {bad[0]!r} (units: {', '.join(ct.PAIR_UNITS)})")
    if ct.RECIPES.get(args.pair_recipe, {}).get("mode") != "pointwise":
        raise InputError("--pair-recipe", f"needs a pointwise recipe, not {args.pair_recipe!r}")
    try:
        ths = [float(t) for t in args.pair_threshold.split(",")]
    except ValueError:
        raise InputError("--pair-threshold", f"must be numbers, not {args.pair_threshold!r}") from None
    from argmap.nlp.stance import StanceModel

    cache: dict = {}

    def fit(u: str, th: float):  # noqa: ANN202
        def go(train: list, roles):  # noqa: ANN001, ANN202
            key = (tuple(g.id + g.split for g in train), id(roles), u)
            if key not in cache:
                if len(cache) > 32:
                    cache.clear()
                cache[key] = (roles, ct.fit_pairs(train, StanceModel.load(), args.pair_c, args.pair_recipe,
                                                  units=u, roles=roles))
            return ct.with_threshold(cache[key][1], th)
        return go

    return {f"{u}@{th:g}": fit(u, th) for u in units for th in ths}
