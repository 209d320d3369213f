"""``argmap claims``: the argumentative units of each text of a CSV, one row per unit."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

COLUMNS = ("unit", "start", "end", "role", "score", "p_argues", "text")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "claims",
        help="find the claims and premises in each text of a CSV",
        description="Read TEXTS.csv and write OUT.csv with one row per argumentative unit: the row id (--id-col, "
        "else the row number from 1), the unit's index in its text, start and end (character offsets: "
        "text[start:end] is the unit), role (main_claim / claim / premise), the role model's score, p_argues "
        "(the argument model's probability) and the unit's text. Each text is read as a thread's opening post. "
        "Rows with no unit (or an empty text) are counted on stderr.",
    )
    p.add_argument("texts", metavar="TEXTS.csv", help="input CSV with a header row")
    p.add_argument("--text-col", required=True, metavar="T", help="column holding the text")
    p.add_argument("--id-col", default=None, metavar="ID", help="column holding each row's id (default: row number)")
    p.add_argument("-o", "--output", required=True, metavar="OUT.csv", help="output CSV path")
    p.add_argument("--claims-model", default=None, metavar="DIR", help="claims model folder (default: shipped)")
    p.add_argument("--model", default=None, help="sentence encoder folder (default: the offline MiniLM)")
    p.set_defaults(func=run_claims)


def run_claims(args: argparse.Namespace) -> int:
    from argmap.tables import read_csv, write_csv

    header, rows = read_csv(Path(args.texts), [args.text_col, args.id_col])
    ids = [(r.get(args.id_col) or "") if args.id_col else str(n) for n, r in enumerate(rows, 1)]
    units = text_units([r.get(args.text_col) or "" for r in rows], args.claims_model, args.model)
    id_col = args.id_col or "id"
    out = [{id_col: rid, "unit": n, "start": c.start, "end": c.end, "role": c.role, "score": f"{c.score:.4f}",
            "p_argues": f"{p:.4f}", "text": c.text}
           for rid, found in zip(ids, units, strict=True) for n, (c, p) in enumerate(found)]
    write_csv(Path(args.output), [id_col, *COLUMNS], out)
    empty = sum(1 for found in units if not found)
    print(f"{len(out)} units from {len(rows) - empty} rows; {empty} rows with no unit -> {args.output}",
          file=sys.stderr)
    return 0


def text_units(texts: list[str], claims_model: str | None = None, encoder_model: str | None = None,
               batch: int = 200) -> list[list[tuple]]:
    """Per text: its units that argue, as ``(Claim, P(argues))`` pairs (a progress bar on long inputs)."""
    from tqdm import tqdm

    from argmap.model import Comment, Thread
    from argmap.nlp.arguing import ArgumentModel
    from argmap.nlp.claim_relations import claim_vectors
    from argmap.nlp.claims import RoleModel, extract_claims
    from argmap.nlp.encoder import Encoder

    roles, arguing = RoleModel.load(claims_model), ArgumentModel.load(claims_model)
    encoder = None
    out: list[list[tuple]] = []
    for start in tqdm(range(0, len(texts), batch), disable=len(texts) <= batch, unit="batch", file=sys.stderr):
        threads = [Thread(str(n), [Comment("t", None, text=text)]) for n, text in
                   enumerate(texts[start:start + batch], start)]
        extract_claims(threads, roles)
        if any(t.claims for t in threads) and encoder is None:
            encoder = Encoder.get(encoder_model)
        vectors = claim_vectors(threads, encoder) if encoder else [None] * len(threads)
        for t, vecs in zip(threads, vectors, strict=True):
            if not t.claims:
                out.append([])
                continue
            keep, p = arguing.argues(vecs, t.claims)
            out.append([(c, float(q)) for c, q, k in zip(t.claims, p, keep, strict=True) if k])
    return out
