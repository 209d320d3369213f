"""``argmap lab claim-units``: where CMV-modes' gold units sit against the candidate spans."""

from __future__ import annotations

import argparse
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
