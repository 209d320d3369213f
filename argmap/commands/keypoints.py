"""``argmap keypoints``: key points of a CSV of arguments (or claims), and every row's match score."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from argmap.errors import InputError
from argmap.words import plural


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "keypoints",
        help="extract key points from a CSV of arguments and score every row against them",
        description="Read ARGS.csv; per group (--group-cols, default: the whole file) pick key points among the "
        "rows (short, central, self-contained texts; each names the row it came from) and score every row of "
        "the group against every key point of the group with the matcher shipped in argmap. Writes "
        "OUT/key_points.csv (key_point_id, key_point, the group columns, source_id, n_matched) and "
        "OUT/matches.csv (the id column, key_point_id, score in [0, 1]) and OUT/best.csv (the id column, the row's "
        "best key point_id, key_point and score; empty when no key point reaches the match threshold). With "
        "--key-points, rows are only matched against the key points given. With --stance-col, a key point never "
        "takes a row of the opposite stance. Rows with empty text are skipped and counted.",
    )
    p.add_argument("args_csv", metavar="ARGS.csv", help="input CSV with a header row")
    p.add_argument("--text-col", required=True, metavar="COL", help="column holding the argument text")
    p.add_argument("--id-col", metavar="ID", help="column holding a row id (default: the row number, from 0)")
    p.add_argument("--group-cols", metavar="A,B", default="", help="columns that define groups (e.g. topic,stance)")
    p.add_argument("--stance-col", metavar="COL",
                   help="column holding each row's stance (1 / -1, pro / con, or empty): a key point never takes a "
                   "row of the opposite stance (given key points take their stance from the same column, if any)")
    p.add_argument("--key-points", metavar="KP.csv",
                   help="given key points (columns key_point_id, key_point and the group columns): match only")
    p.add_argument("-k", "--max-key-points", type=int, default=10, metavar="N",
                   help="key points per group (default 10)")
    p.add_argument("--min-support", type=int, default=2, metavar="N",
                   help="rows a key point must stand for, itself included (default 2)")
    p.add_argument("--keypoint-model", metavar="DIR", help="matcher folder (default: the one shipped in argmap)")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="output folder")
    p.set_defaults(func=run)


def stance_value(value: str | None) -> int | None:
    """A stance cell as 1 (pro), -1 (con) or None (empty or anything else).

    >>> [stance_value(v) for v in ("1", "-1", "pro", "Con", "", None, "maybe")]
    [1, -1, 1, -1, None, None, None]
    """
    v = (value or "").strip().lower()
    return {"1": 1, "+1": 1, "pro": 1, "-1": -1, "con": -1}.get(v)


def run(args: argparse.Namespace) -> int:
    import numpy as np
    from tqdm import tqdm

    from argmap.nlp.keypoints import Matcher, embed, extract, key_point_text
    from argmap.tables import read_csv, write_csv

    path = Path(args.args_csv)
    groups_by = [c.strip() for c in args.group_cols.split(",") if c.strip()]
    stance_cols = [args.stance_col] if args.stance_col else []
    _, rows = read_csv(path, [args.text_col, *([args.id_col] if args.id_col else []), *groups_by, *stance_cols])
    ids = [r[args.id_col] for r in rows] if args.id_col else [str(i) for i in range(len(rows))]
    if args.id_col and len(set(ids)) != len(ids):
        raise InputError(path, f"column {args.id_col!r} has repeated ids")
    given: dict[tuple[str, ...], list[dict[str, str]]] | None = None
    if args.key_points:
        kp_path = Path(args.key_points)
        given = {}
        for r in read_csv(kp_path, ["key_point_id", "key_point", *groups_by])[1]:
            if (r["key_point"] or "").strip():
                given.setdefault(tuple(r[c] for c in groups_by), []).append(r)
    ok = [i for i, r in enumerate(rows) if (r.get(args.text_col) or "").strip()]
    skipped = len(rows) - len(ok)
    matcher = Matcher.load(args.keypoint_model)
    groups: dict[tuple[str, ...], list[int]] = {}
    for i in ok:
        groups.setdefault(tuple(rows[i][c] for c in groups_by), []).append(i)
    kp_rows: list[dict] = []
    match_rows: list[dict] = []
    best_rows: list[dict] = []
    id_name = args.id_col or "row"
    bar = tqdm(total=len(ok), desc="rows", unit="row", disable=len(ok) < 500, dynamic_ncols=True, file=sys.stderr)
    for g, (key, members) in enumerate(groups.items()):
        texts = [rows[i][args.text_col] for i in members]
        stances = [stance_value(rows[i].get(args.stance_col)) for i in members] if args.stance_col else None
        vecs = embed(texts)
        group_cols = dict(zip(groups_by, key, strict=True))
        if given is not None:
            kps = given.get(key, [])
            kp_texts = [k["key_point"] for k in kps]
            kp_stances = [stance_value(k.get(args.stance_col)) for k in kps] if args.stance_col else None
            scores = matcher.score_texts(vecs, embed(kp_texts) if kps else vecs[:0], texts, kp_texts,
                                         stances=stances, kp_stances=kp_stances)
            kp_ids = [k["key_point_id"] for k in kps]
            sources = [k.get("source_id", "") for k in kps]
        else:
            found = extract(vecs, texts, matcher, k=args.max_key_points, min_support=args.min_support,
                            stances=stances)
            scores = found.scores
            kp_texts = [key_point_text(texts[c]) or texts[c] for c in found.chosen]
            sources = [ids[members[c]] for c in found.chosen]
            kp_ids = [f"kp_{g}_{j}" if groups_by else f"kp_{j}" for j in range(len(found.chosen))]
        best = scores.argmax(1) if scores.shape[1] else np.zeros(len(members), dtype=int)
        matched = [int(((best == j) & (scores[:, j] >= matcher.threshold)).sum()) for j in range(len(kp_ids))]
        for j, kid in enumerate(kp_ids):
            kp_rows.append({"key_point_id": kid, "key_point": kp_texts[j], **group_cols, "source_id": sources[j],
                            "n_matched": matched[j]})
        for r, i in enumerate(members):
            for j, kid in enumerate(kp_ids):
                match_rows.append({id_name: ids[i], "key_point_id": kid, "score": f"{float(scores[r, j]):.4f}"})
            j = int(best[r])
            hit = scores.shape[1] > 0 and scores[r, j] >= matcher.threshold
            best_rows.append({id_name: ids[i], "key_point_id": kp_ids[j] if hit else "",
                              "key_point": kp_texts[j] if hit else "",
                              "score": f"{float(scores[r, j]):.4f}" if hit else ""})
        bar.update(len(members))
    bar.close()
    out = Path(args.output)
    for name, header, table in (("key_points.csv", ["key_point_id", "key_point", *groups_by, "source_id",
                                                    "n_matched"], kp_rows),
                                ("matches.csv", [id_name, "key_point_id", "score"], match_rows),
                                ("best.csv", [id_name, "key_point_id", "key_point", "score"], best_rows)):
        write_csv(out / name, header, table)
    print(f"{plural(len(kp_rows), 'key point')}, {plural(len(ok), 'row')} scored, {skipped} skipped (empty) → {out}",
          file=sys.stderr)
    return 0
