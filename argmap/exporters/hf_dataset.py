"""Graphs → a Hugging Face dataset folder: one Parquet file per table plus a ``README.md`` card.

The folder loads offline with ``datasets.load_dataset(folder, "comments")`` (no loading script),
can be pushed to a hub unchanged, and :func:`argmap.load` turns it back into graphs. Graphs are
consumed one at a time and rows go to disk in row groups, so memory stays flat in corpus size;
the folder is built beside ``outdir`` and renamed over it only when complete.

>>> import tempfile
>>> from argmap.graph import build_graph
>>> from argmap.model import Comment, Thread
>>> g = build_graph(Thread("t1", [Comment("a", None, text="Tea."),
...                               Comment("b", "a", text="No.", stance="attack", stance_score=0.8)]))
>>> out = write_dataset([g], tempfile.mkdtemp() + "/dataset")
>>> sorted(p.name for p in out.iterdir())
['README.md', 'data']
>>> import pyarrow.parquet as pq
>>> pq.read_table(out / "data" / "comments.parquet").column("stance").to_pylist()
[None, 1]
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pyarrow as pa
import pyarrow.parquet as pq

from argmap.atomic import atomic_path
from argmap.exporters.card import write_card
from argmap.exporters.schema import TABLES, encode_label, features
from argmap.graph import short_label
from argmap.model import COMMENT_KINDS, RELATION_KINDS, EdgeKind, LabelSource, NodeKind

ROW_GROUP = 20_000
_COMMENT_ATTRS = {"id", "kind", "text", "thread_id", "author", "created", "depth", "position",
                  "parent_id", "topic", "stance", "stance_score", "votes", "label", "label_source"}
_SOURCE_ATTRS = {"id", "kind", "text", "label", "thread_id", "source_kind", "value"}
_TOPIC_ATTRS = {"id", "kind", "text", "label", "thread_id"}
_EDGE_ATTRS = {"kind", "stance", "score", "label_source"}
_CLAIM_ATTRS = {"id", "kind", "text", "label", "thread_id", "comment_id", "start", "end", "role", "score", "topic",
                "label_source"}
_CLAIM_EDGE_ATTRS = {"kind", "stance", "score", "via", "label_source"}
_KEYPOINT_ATTRS = {"id", "kind", "text", "label", "thread_id", "claim_id", "topic", "n_claims", "n_authors",
                   "n_support", "n_attack", "n_comments", "n_replies"}
_GRAPH_ATTRS = {"thread_id", "title", "origin", "format", "topics"}


def data_file(table: str) -> str:
    """Path of a table's Parquet file inside the dataset folder.

    >>> data_file("edges")
    'data/edges.parquet'
    """
    return f"data/{table}.parquet"


def _extra(attrs: dict[str, Any], known: set[str]) -> str | None:
    rest = {k: v for k, v in attrs.items() if k not in known}
    return json.dumps(rest, ensure_ascii=False, sort_keys=True, default=str) if rest else None


def _drop_derived(attrs: dict[str, Any], derived: dict[str, Any]) -> dict[str, Any]:
    """``attrs`` without the entries equal to what the loader derives anyway."""
    return {k: v for k, v in attrs.items() if not (k in derived and derived[k] == v)}


def _source(attrs: dict[str, Any], labelled: bool) -> str | None:
    """``label_source`` of a node or edge; graphs made before it existed read as ``model`` where labelled."""
    return attrs.get("label_source") or (LabelSource.MODEL.value if labelled else None)


def _micros(seconds: float | None) -> int | None:
    return None if seconds is None else round(float(seconds) * 1_000_000)


def _strip(prefix: str, node_id: str) -> str:
    return node_id.removeprefix(prefix)


def thread_rows(g: nx.MultiDiGraph) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(table, row)`` pairs for one thread graph, rows keyed by column name."""
    tid = str(g.graph.get("thread_id", ""))
    topics_meta: dict[str, list[str]] = dict(g.graph.get("topics") or {})
    counts = {"comments": 0, "sources": 0, "topics": 0}
    topic_rows: dict[str, dict[str, Any]] = {}
    for node, a in g.nodes(data=True):
        kind = a.get("kind")
        if kind in COMMENT_KINDS:
            counts["comments"] += 1
            extra = _drop_derived(a, {"label": short_label(a.get("text") or ""), "id": node})
            yield "comments", {
                "thread_id": tid, "comment_id": str(node), "parent_id": a.get("parent_id"),
                "author": a.get("author"), "created": _micros(a.get("created")), "text": a.get("text") or "",
                "position": a.get("position") or 0, "depth": a.get("depth") or 0,
                "stance": encode_label("stance", a.get("stance")), "stance_score": a.get("stance_score"),
                "topic": a.get("topic"), "votes": a.get("votes"), "kind": encode_label("comment_kind", kind),
                "label_source": encode_label("label_source", _source(a, a.get("stance") is not None)),
                "extra": _extra(extra, _COMMENT_ATTRS - {"label", "id"}),
            }
        elif kind == NodeKind.SOURCE:
            counts["sources"] += 1
            value = a.get("value") or ""
            extra = _drop_derived(a, {"text": value, "label": short_label(value, 40), "id": node})
            cited = [str(u) for u, _, d in g.in_edges(node, data=True) if d.get("kind") == EdgeKind.CITES]
            yield "sources", {
                "thread_id": tid, "source_id": _strip("source:", str(node)),
                "kind": encode_label("source_kind", a.get("source_kind")), "value": value,
                "cited_by": list(dict.fromkeys(cited)), "extra": _extra(extra, _SOURCE_ATTRS - {"text", "label", "id"}),
            }
        elif kind == NodeKind.TOPIC:
            name = a.get("label") or _strip("topic:", str(node))
            n = sum(1 for _, _, d in g.in_edges(node, data=True) if d.get("kind") == EdgeKind.ABOUT)
            counts["topics"] += 1 if n else 0
            keywords = topics_meta.get(name)
            expected_text = ", ".join(keywords or []) or name
            extra = _drop_derived(a, {"text": expected_text, "label": name, "id": node})
            topic_rows[name] = {
                "thread_id": tid, "topic": name, "keywords": list(keywords) if keywords is not None else None,
                "n_comments": n, "extra": _extra(extra, _TOPIC_ATTRS - {"text", "label", "id"}),
            }
        elif kind == NodeKind.CLAIM:
            text = a.get("text") or ""
            extra = _drop_derived(a, {"label": short_label(text), "id": node})
            yield "claims", {
                "thread_id": tid, "claim_id": _strip("claim:", str(node)), "comment_id": a.get("comment_id"),
                "role": encode_label("claim_role", a.get("role")), "text": text, "start": a.get("start"),
                "end": a.get("end"), "score": a.get("score"), "topic": a.get("topic"),
                "label_source": encode_label("label_source", _source(a, True)),
                "extra": _extra(extra, _CLAIM_ATTRS - {"label", "id"}),
            }
        elif kind == NodeKind.KEYPOINT:
            text = a.get("text") or ""
            extra = _drop_derived(a, {"label": short_label(text), "id": node})
            yield "keypoints", {
                "thread_id": tid, "keypoint_id": _strip("keypoint:", str(node)), "text": text,
                "claim_id": a.get("claim_id"), "topic": a.get("topic"), "n_claims": a.get("n_claims") or 0,
                "n_authors": a.get("n_authors") or 0, "n_support": a.get("n_support") or 0,
                "n_attack": a.get("n_attack") or 0, "n_comments": a.get("n_comments") or 0,
                "n_replies": a.get("n_replies") or 0, "extra": _extra(extra, _KEYPOINT_ATTRS - {"label", "id"}),
            }
        else:
            raise ValueError(f"thread {tid}: node {node!r} has unknown kind {kind!r}")
    for name, keywords in topics_meta.items():  # topics the model named but assigned no comment
        topic_rows.setdefault(name, {"thread_id": tid, "topic": name, "keywords": list(keywords),
                                     "n_comments": 0, "extra": None})
    yield from (("topics", row) for row in topic_rows.values())
    for u, v, key, d in g.edges(keys=True, data=True):
        kind = d.get("kind")
        if kind == EdgeKind.CONTAINS:  # derived from claims.comment_id
            continue
        if kind == EdgeKind.MATCHES:
            extra = {k: val for k, val in d.items() if k not in _EDGE_ATTRS}
            yield "keypoint_matches", {
                "thread_id": tid, "claim_id": _strip("claim:", str(u)), "keypoint_id": _strip("keypoint:", str(v)),
                "score": d.get("score"), "extra": _extra(extra, set()),
            }
            continue
        if kind in RELATION_KINDS:
            extra = {k: val for k, val in d.items() if k not in _CLAIM_EDGE_ATTRS}
            if key != kind:
                extra["key"] = key
            yield "claim_relations", {
                "thread_id": tid, "source": _strip("claim:", str(u)), "target": _strip("claim:", str(v)),
                "kind": encode_label("claim_relation", kind), "score": d.get("score"),
                "via": encode_label("claim_via", d.get("via")), "extra": _extra(extra, set()),
                "label_source": encode_label("label_source", _source(d, True)),
            }
            continue
        extra = {k: val for k, val in d.items() if k not in _EDGE_ATTRS}
        if key != kind:
            extra["key"] = key
        labelled = kind == EdgeKind.REPLY and d.get("stance") is not None
        yield "edges", {
            "thread_id": tid, "source": str(u), "target": str(v), "kind": encode_label("edge_kind", kind),
            "stance": encode_label("stance", d.get("stance")), "score": d.get("score"),
            "label_source": encode_label("label_source", _source(d, labelled)),
            "extra": _extra(extra, set()),
        }
    yield "threads", {
        "thread_id": tid, "title": g.graph.get("title") or "", "origin": str(g.graph.get("origin") or ""),
        "format": g.graph.get("format") or "", "n_comments": counts["comments"],
        "n_sources": counts["sources"], "n_topics": counts["topics"],
        "extra": _extra(g.graph, _GRAPH_ATTRS),
    }


class _TableWriter:
    """Buffers rows of one table and writes them to Parquet in row groups."""

    def __init__(self, name: str, path: Path):
        self.schema: pa.Schema = features(name).arrow_schema
        self.columns = TABLES[name].names
        self.writer = pq.ParquetWriter(path, self.schema, compression="zstd")
        self.buffer: list[dict[str, Any]] = []
        self.rows = 0
        self.nbytes = 0  # Arrow bytes written: the card's ``num_bytes``

    def add(self, row: dict[str, Any]) -> None:
        self.buffer.append(row)
        if len(self.buffer) >= ROW_GROUP:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            cols = {c: [r[c] for r in self.buffer] for c in self.columns}
            table = pa.Table.from_pydict(cols, schema=self.schema)
            self.writer.write_table(table)
            self.nbytes += table.nbytes
            self.rows += len(self.buffer)
            self.buffer = []

    def close(self) -> int:
        self.flush()
        self.writer.close()
        return self.rows


def write_dataset(
    graphs: Iterable[nx.MultiDiGraph], outdir: str | Path, model_info: dict[str, Any] | None = None,
    corpus_rows: Callable[[], Iterable[tuple[str, dict[str, Any]]]] | None = None,
) -> Path:
    """Write thread graphs as a dataset folder (Parquet tables + card) and return its path.

    Args:
        graphs: thread graphs from :func:`argmap.graph.build_graph`, consumed once, in order.
        outdir: the dataset folder; replaced atomically when the write succeeds.
        model_info: what made the labels (e.g. ``{"stance_model": ..., "version": ...}``),
            shown in the card's provenance section.
        corpus_rows: called once every graph is written: ``(table, row)`` pairs of the corpus
            tables (``corpus_keypoints``, ``corpus_keypoint_matches``); without it they stay empty.

    Returns:
        ``Path(outdir)``.

    Raises:
        ValueError: a node or edge carries a label outside the vocabulary (see :mod:`.schema`).
    """
    outdir = Path(outdir)
    with atomic_path(outdir) as tmp:
        (tmp / "data").mkdir(parents=True)
        writers = {name: _TableWriter(name, tmp / data_file(name)) for name in TABLES}
        try:
            for g in graphs:
                for table, row in thread_rows(g):
                    writers[table].add(row)
            for table, row in corpus_rows() if corpus_rows else ():
                writers[table].add(row)
        finally:
            counts = {name: w.close() for name, w in writers.items()}
        write_card(tmp / "README.md", counts, model_info or {}, sizes={n: w.nbytes for n, w in writers.items()})
    return outdir
