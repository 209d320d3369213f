"""Dataset folder → thread graphs: the inverse of :func:`argmap.exporters.write_dataset`.

``argmap.load(path)`` (or ``argmap.load(path, key="name")``, by output name) gives back, per
thread, the networkx graph the dataset was written from:
same nodes, edges and attributes (see :mod:`argmap.graph` for the vocabulary).
:func:`iter_graphs` yields them one at a time, reading one thread's rows at a time.

>>> import tempfile
>>> from argmap.exporters import write_dataset
>>> from argmap.graph import build_graph
>>> from argmap.model import Comment, Thread
>>> g = build_graph(Thread("t1", [Comment("a", None, text="Tea.", created=1.5),
...                               Comment("b", "a", text="No.", stance="attack", stance_score=0.8)]))
>>> graphs = load(write_dataset([g], tempfile.mkdtemp() + "/ds"))
>>> graphs["t1"].nodes["b"]["stance"], graphs["t1"].nodes["a"]["created"]
('attack', 1.5)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

from argmap.exporters.schema import TABLES, decode_label
from argmap.model import EdgeKind, NodeKind

if TYPE_CHECKING:  # imported lazily: ``import argmap`` stays fast
    import networkx as nx


def _rows(path: Path, table: str) -> Iterator[dict[str, Any]]:
    """Rows of a table, row group by row group; ``created`` as POSIX seconds."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    file = pq.ParquetFile(path / "data" / f"{table}.parquet")
    for i in range(file.num_row_groups):
        batch = file.read_row_group(i)
        if "created" in batch.column_names:
            micros = batch.column("created").cast(pa.int64())
            batch = batch.set_column(batch.column_names.index("created"), "created", micros)
        for row in batch.to_pylist():
            if row.get("created") is not None:
                row["created"] = row["created"] / 1_000_000
            yield row


def _label_source(row: dict[str, Any]) -> dict[str, Any]:
    """``{"label_source": …}`` when the row has one (datasets written before the column have none)."""
    value = row.get("label_source")
    return {} if value is None else {"label_source": decode_label("label_source", value)}


def _extra(row: dict[str, Any]) -> dict[str, Any]:
    return json.loads(row["extra"]) if row.get("extra") else {}


class _ThreadRows:
    """Walks one table's rows thread by thread (tables are written grouped by thread, in order)."""

    def __init__(self, path: Path, table: str):
        self.groups = groupby(_rows(path, table), key=lambda r: r["thread_id"])
        self.pending: tuple[str, list[dict[str, Any]]] | None = None

    def take(self, thread_id: str) -> list[dict[str, Any]]:
        if self.pending is None:
            tid, rows = next(self.groups, (None, iter(())))
            self.pending = (tid, list(rows))
        if self.pending[0] != thread_id:
            return []
        rows, self.pending = self.pending[1], None
        return rows


def _graph(thread: dict[str, Any], tables: dict[str, list[dict[str, Any]]]) -> nx.MultiDiGraph:
    import networkx as nx

    from argmap.graph import add_edge, short_label

    tid = thread["thread_id"]
    topics = {r["topic"]: r["keywords"] for r in tables["topics"] if r["keywords"] is not None}
    g = nx.MultiDiGraph(thread_id=tid, title=thread["title"], origin=thread["origin"], format=thread["format"],
                        topics=topics, **_extra(thread))
    for r in tables["comments"]:
        text = r["text"]
        g.add_node(r["comment_id"], **{
            "id": r["comment_id"], "kind": decode_label("comment_kind", r["kind"]), "text": text,
            "label": short_label(text), "thread_id": tid, "author": r["author"], "created": r["created"],
            "depth": r["depth"], "position": r["position"], "parent_id": r["parent_id"], "topic": r["topic"],
            "stance": decode_label("stance", r["stance"]), "stance_score": r["stance_score"],
            "votes": r.get("votes"), **_label_source(r), **_extra(r)})
    for r in tables["sources"]:
        node, value = f"source:{r['source_id']}", r["value"]
        g.add_node(node, **{"id": node, "kind": NodeKind.SOURCE.value, "text": value, "label": short_label(value, 40),
                            "thread_id": tid, "source_kind": decode_label("source_kind", r["kind"]),
                            "value": value, **_extra(r)})
    for r in tables["topics"]:
        if r["n_comments"]:
            node, name = f"topic:{r['topic']}", r["topic"]
            text = ", ".join(r["keywords"] or []) or name
            g.add_node(node, **{"id": node, "kind": NodeKind.TOPIC.value, "text": text, "label": name,
                                "thread_id": tid, **_extra(r)})
    for r in tables["edges"]:
        extra = _extra(r)
        kind = decode_label("edge_kind", r["kind"])
        g.add_edge(r["source"], r["target"], key=extra.pop("key", kind), kind=kind,
                   stance=decode_label("stance", r["stance"]), score=r["score"], **extra, **_label_source(r))
    for r in tables.get("claims", []):
        node, text = f"claim:{r['claim_id']}", r["text"]
        g.add_node(node, **{"id": node, "kind": NodeKind.CLAIM.value, "text": text, "label": short_label(text),
                            "thread_id": tid,
                            "comment_id": r["comment_id"], "start": r["start"], "end": r["end"],
                            "role": decode_label("claim_role", r["role"]), "score": r["score"], "topic": r["topic"],
                            "label_source": decode_label("label_source", r.get("label_source")),
                            **_extra(r)})
        add_edge(g, r["comment_id"], node, EdgeKind.CONTAINS, stance=None, score=None)
    for r in tables.get("claim_relations", []):
        extra = _extra(r)
        kind = decode_label("claim_relation", r["kind"])
        g.add_edge(f"claim:{r['source']}", f"claim:{r['target']}", key=extra.pop("key", kind), kind=kind,
                   stance=None, score=r["score"], via=decode_label("claim_via", r["via"]),
                   label_source=decode_label("label_source", r.get("label_source")), **extra)
    for r in tables.get("keypoints", []):
        node, text = f"keypoint:{r['keypoint_id']}", r["text"]
        g.add_node(node, **{"id": node, "kind": NodeKind.KEYPOINT.value, "text": text, "label": short_label(text),
                            "thread_id": tid,
                            "claim_id": r["claim_id"], "n_claims": r["n_claims"], "n_authors": r["n_authors"],
                            "n_support": r["n_support"], "n_attack": r["n_attack"], "topic": r["topic"],
                            "n_comments": r.get("n_comments") or 0, "n_replies": r.get("n_replies") or 0,
                            **_extra(r)})
    for r in tables.get("keypoint_matches", []):
        add_edge(g, f"claim:{r['claim_id']}", f"keypoint:{r['keypoint_id']}", EdgeKind.MATCHES,
                 stance=None, score=r["score"], **_extra(r))
    return g


def iter_graphs(path: str | Path) -> Iterator[nx.MultiDiGraph]:
    """Thread graphs from a dataset folder, one at a time, in the order they were written."""
    path = Path(path)
    if not (path / "data" / "threads.parquet").is_file():
        raise FileNotFoundError(f"{path}: not an argmap dataset (no data/threads.parquet)")
    readers = {name: _ThreadRows(path, name) for name, table in TABLES.items()  # corpus tables: not per thread
               if name != "threads" and not table.corpus
               and (path / "data" / f"{name}.parquet").is_file()}  # older: no claims/key points
    for thread in _rows(path, "threads"):
        yield _graph(thread, {name: r.take(thread["thread_id"]) for name, r in readers.items()})


def load(path: str | Path, key: str = "thread_id") -> dict[str, nx.MultiDiGraph]:
    """``{thread_id: graph}`` for every thread of the dataset folder at ``path``.

    ``key="name"`` keys the graphs by their output name instead, the stem of the thread's page
    ``OUTDIR/<name>.html`` (``hn-rust-rewrite`` rather than ``40000001``); a thread written
    without one (by :func:`argmap.exporters.write_dataset` directly) keeps its thread id.
    """
    if key not in ("thread_id", "name"):
        raise ValueError(f"key must be 'thread_id' or 'name', not {key!r}")
    return {str(g.graph.get(key) or g.graph["thread_id"]): g for g in iter_graphs(path)}
