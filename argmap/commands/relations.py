"""``argmap relations``: does a source text support or attack a target claim, or neither?"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

PROB_COLS = ("p_supports", "p_attacks", "p_none")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "relations",
        help="classify (target claim, source text) pairs of a CSV into supports/attacks/none",
        description="Read PAIRS.csv, add the columns relation, p_supports, p_attacks, p_none (input columns kept) "
        "and write OUT.csv. The probabilities are the relation model's, calibrated on CMV-modes valid; relation "
        "is supports or attacks when its probability reaches --min-score (default: the threshold argmap map "
        "draws a link across a reply at), else none. Rows with an empty target or source get an empty relation.",
    )
    p.add_argument("pairs", metavar="PAIRS.csv", help="input CSV with a header row")
    p.add_argument("--target-col", required=True, metavar="A", help="column holding the target claim")
    p.add_argument("--source-col", required=True, metavar="B", help="column holding the source text")
    p.add_argument("-o", "--output", required=True, metavar="OUT.csv", help="output CSV path")
    p.add_argument("--min-score", type=float, default=None, metavar="P",
                   help="least probability of a supports / attacks answer (default: the model's threshold)")
    p.add_argument("--claims-model", default=None, metavar="DIR", help="claims model folder (default: shipped)")
    p.add_argument("--model", default=None, help="sentence encoder folder (default: the offline MiniLM)")
    p.set_defaults(func=run_relations)


def run_relations(args: argparse.Namespace) -> int:
    from argmap.tables import read_csv, write_csv

    header, rows = read_csv(Path(args.pairs), [args.target_col, args.source_col])
    ok = [i for i, r in enumerate(rows)
          if (r.get(args.target_col) or "").strip() and (r.get(args.source_col) or "").strip()]
    probs = classify_pairs([rows[i][args.target_col] for i in ok], [rows[i][args.source_col] for i in ok],
                           args.claims_model, args.model)
    from argmap.nlp.claim_relations import RelationModel

    threshold = args.min_score if args.min_score is not None else RelationModel.load(args.claims_model).thresholds[
        "across"]
    for r in rows:
        r.update({"relation": "", **dict.fromkeys(PROB_COLS, "")})
    for i, p in zip(ok, probs, strict=True):
        kind = "supports" if p[1] >= p[2] else "attacks"
        score = max(p[1], p[2])
        rows[i]["relation"] = kind if score >= threshold else "none"
        rows[i].update({"p_none": f"{p[0]:.4f}", "p_supports": f"{p[1]:.4f}", "p_attacks": f"{p[2]:.4f}"})
    write_csv(Path(args.output), header + [c for c in ("relation", *PROB_COLS) if c not in header], rows)
    print(f"{len(ok)} pairs classified, {len(rows) - len(ok)} skipped (empty) -> {args.output}", file=sys.stderr)
    return 0


def classify_pairs(targets: list[str], sources: list[str], claims_model: str | None = None,
                   encoder_model: str | None = None, batch: int = 512):  # noqa: ANN201 (numpy array)
    """P(none / supports / attacks) of each (target, source) pair, read as a reply's claim to its
    parent's (a progress bar on long inputs). The stance model's reading of each pair stands in for
    the reply's stance."""
    import numpy as np
    from tqdm import tqdm

    from argmap.nlp.claim_relations import MAX_TOKENS, RelationModel, pair_inputs, place, rank_facts
    from argmap.nlp.encoder import Encoder
    from argmap.nlp.stance import StanceModel

    model, stance = RelationModel.load(claims_model), StanceModel.load()
    if not targets:
        return np.zeros((0, 3), np.float32)
    encoder = Encoder.get(encoder_model)
    out = []
    for start in tqdm(range(0, len(targets), batch), disable=len(targets) <= batch, unit="batch", file=sys.stderr):
        t, s = targets[start:start + batch], sources[start:start + batch]
        u = encoder.embed(t, max_length=MAX_TOKENS)
        v = encoder.embed(s, max_length=MAX_TOKENS)
        facts = []
        for i, (a, b, p) in enumerate(zip(t, s, stance.predict(t, s), strict=True)):
            name = max(p, key=p.get)  # the stance model's reading of the pair, as in training
            facts.append(rank_facts(place("across", 0, "claim", "claim", a, b, False, name, p[name])[None],
                                    u[[i]], v[[i]]))
        out.append(model.probabilities(pair_inputs(u, v, np.concatenate(facts))))
    return np.concatenate(out)
