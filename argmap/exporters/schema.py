"""The dataset's tables: typed columns, their descriptions and the label sets.

One place defines every table so the Parquet writer, the dataset card and :func:`argmap.load`
agree. Class-label columns are stored as int64 indices into the label list (null = no label);
``created`` is a UTC timestamp in microseconds; ``extra`` holds, as JSON, any graph attribute
that has no column of its own, so a map → dataset → graph round trip loses nothing.

>>> list(TABLES)  # doctest: +NORMALIZE_WHITESPACE
['comments', 'edges', 'sources', 'topics', 'claims', 'claim_relations', 'keypoints', 'keypoint_matches',
 'corpus_keypoints', 'corpus_keypoint_matches', 'threads']
>>> [c.name for c in TABLES["threads"].columns][:4]
['thread_id', 'title', 'origin', 'format']
>>> encode_label("stance", "attack"), decode_label("stance", 1)
(1, 'attack')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from argmap.model import (
    COMMENT_KINDS,
    LABEL_SOURCES,
    RELATION_KINDS,
    ROLES,
    SOURCE_KINDS,
    STANCES,
    VIAS,
    EdgeKind,
)

# The edges table holds the comment-level edges; claims, relations and key point matches have their own.
TABLE_EDGE_KINDS = tuple(k.value for k in (EdgeKind.REPLY, EdgeKind.CITES, EdgeKind.ABOUT))

# Every label set is one of argmap.model's enums (their values, in order).
LABELS: dict[str, tuple[str, ...]] = {
    "stance": STANCES,
    "comment_kind": COMMENT_KINDS,
    "claim_role": ROLES,
    "claim_relation": RELATION_KINDS,
    "claim_via": VIAS,
    "edge_kind": TABLE_EDGE_KINDS,
    "source_kind": SOURCE_KINDS,
    "label_source": LABEL_SOURCES,
}


@dataclass(frozen=True)
class Column:
    """One typed column: ``dtype`` is a datasets dtype string or ``label:<set>`` / ``list:string``."""

    name: str
    dtype: str
    doc: str


@dataclass(frozen=True)
class Table:
    """One table (one dataset config): its columns and what one row is."""

    name: str
    row: str
    columns: tuple[Column, ...]
    corpus: bool = False  # one row per corpus item, not per thread: not part of the thread graphs

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


_EXTRA = Column("extra", "string", "JSON object of further graph attributes (null when none)")

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table("comments", "one comment (or paragraph, for articles)", (
            Column("thread_id", "string", "thread the comment belongs to (input file stem unless named)"),
            Column("comment_id", "string", "comment id, unique within the thread (graph node id)"),
            Column("parent_id", "string", "id of the comment it replies to; null for roots"),
            Column("author", "string", "author name as given by the input; null when unknown"),
            Column("created", "timestamp[us, tz=UTC]", "creation time (UTC); null when unknown"),
            Column("text", "string", "the comment's text, input lines kept and joined by `\\n`"),
            Column("position", "int32", "order of the comment in the input (0-based)"),
            Column("depth", "int32", "distance from the thread's root (roots are 0)"),
            Column("stance", "label:stance", "stance toward the parent; null for roots"),
            Column("stance_score", "float64", "model confidence for `stance` (0–1); null for roots"),
            Column("topic", "string", "topic name the comment was assigned; null when none"),
            Column("votes", "int64", "the platform's vote score (Reddit score, Hacker News points); null when the "
                   "input has none"),
            Column("kind", "label:comment_kind", "`comment`, or `paragraph` for article paragraphs"),
            Column("label_source", "label:label_source", "who labelled its stance and parent: `model`, or `human` "
                   "(a correction, `argmap map --corrections`); null when it has no stance"),
            _EXTRA,
        )),
        Table("edges", "one graph edge", (
            Column("thread_id", "string", "thread the edge belongs to"),
            Column("source", "string", "node id the edge starts from (a comment id)"),
            Column("target", "string", "node id it points to: parent comment, `source:<id>` or `topic:<name>`"),
            Column("kind", "label:edge_kind", "`reply` (child → parent), `cites` (→ source), `about` (→ topic)"),
            Column("stance", "label:stance", "stance of a reply toward its parent; null for cites/about"),
            Column("score", "float64", "confidence of `stance`; null for cites/about"),
            Column("label_source", "label:label_source", "who labelled a reply: `model` or `human` (a correction); "
                   "null for cites/about"),
            _EXTRA,
        )),
        Table("sources", "one thing cited in a thread", (
            Column("thread_id", "string", "thread the source was found in"),
            Column("source_id", "string", "source id within the thread (graph node `source:<id>`)"),
            Column("kind", "label:source_kind", "`url`, `footnote` (`[n]: …` reference) or `outlet` (named)"),
            Column("value", "string", "the URL, footnote text or outlet name"),
            Column("cited_by", "list:string", "ids of the comments that cite it"),
            _EXTRA,
        )),
        Table("topics", "one topic of a thread", (
            Column("thread_id", "string", "thread the topic was found in"),
            Column("topic", "string", "topic name (graph node `topic:<name>`)"),
            Column("keywords", "list:string", "keywords describing the topic; null when the model gave none"),
            Column("n_comments", "int32", "number of comments assigned to it"),
            _EXTRA,
        )),
        Table("claims", "one argumentative unit inside a comment", (
            Column("thread_id", "string", "thread the claim belongs to"),
            Column("claim_id", "string", "`<comment_id>:<n>`, unique within the thread (graph node `claim:<id>`)"),
            Column("comment_id", "string", "comment whose text holds it"),
            Column("role", "label:claim_role", "`main_claim` (the thread's thesis), `claim`, or `premise` (a reason)"),
            Column("text", "string", "the unit's text: exactly the comment's `text[start:end]`"),
            Column("start", "int32", "character offset where it starts in the comment text"),
            Column("end", "int32", "character offset just past its end"),
            Column("score", "float64", "role model confidence (0–1)"),
            Column("topic", "string", "its comment's topic; null when none"),
            Column("label_source", "label:label_source", "who gave its role: `model` or `human` (a correction)"),
            _EXTRA,
        )),
        Table("claim_relations", "one claim supporting or attacking another", (
            Column("thread_id", "string", "thread the relation belongs to"),
            Column("source", "string", "claim id that supports or attacks"),
            Column("target", "string", "claim id it supports or attacks"),
            Column("kind", "label:claim_relation", "`supports` or `attacks`"),
            Column("score", "float64", "calibrated probability of `kind` (0–1)"),
            Column("via", "label:claim_via", "`quote` (a `>` quote names the target), `model` (the relation model), "
                   "`premise` (inside one comment)"),
            Column("label_source", "label:label_source", "who drew it: `model` or `human` (a correction)"),
            _EXTRA,
        )),
        Table("keypoints", "one key point of a thread: a claim standing for the claims that say the same", (
            Column("thread_id", "string", "thread the key point belongs to"),
            Column("keypoint_id", "string", "`kp<n>`, unique within the thread (graph node `keypoint:<id>`); kp0 "
                   "holds the most claims"),
            Column("text", "string", "the key point: the text of the claim it was taken from"),
            Column("claim_id", "string", "the claim it was taken from (`claims.claim_id`)"),
            Column("topic", "string", "most frequent topic of its claims; null when none"),
            Column("n_claims", "int32", "claims matched to it, itself included"),
            Column("n_authors", "int32", "distinct authors of those claims"),
            Column("n_support", "int32", "replies (n_replies) whose claims support one of its claims, each "
                   "reply counted once, by its strongest link"),
            Column("n_attack", "int32", "replies (n_replies) whose claims attack one of its claims, each reply "
                   "counted once, by its strongest link; n_support + n_attack <= n_replies"),
            Column("n_comments", "int32", "distinct comments its claims come from"),
            Column("n_replies", "int32", "comments answering one of its claims: replies to their comments, or "
                   "comments whose claims link to them"),
            _EXTRA,
        )),
        Table("keypoint_matches", "one claim's membership of a key point", (
            Column("thread_id", "string", "thread of the claim"),
            Column("claim_id", "string", "the claim (`claims.claim_id`)"),
            Column("keypoint_id", "string", "the key point it belongs to (`keypoints.keypoint_id`)"),
            Column("score", "float64", "matcher score of the pair (0–1; 1 for the key point's own claim)"),
            _EXTRA,
        )),
        Table("corpus_keypoints", "one key point of the corpus: a thread key point found again in other threads", (
            Column("keypoint_id", "string", "`ckp<n>`, unique within the dataset; ckp0 appears in the most threads"),
            Column("text", "string", "the key point: the text of the claim it was first taken from"),
            Column("thread_id", "string", "the thread of that claim"),
            Column("claim_id", "string", "that claim (`claims.claim_id` within `thread_id`)"),
            Column("topic", "string", "most frequent topic of its claims (topics are named per thread); "
                   "null when none"),
            Column("n_threads", "int32", "threads it appears in"),
            Column("threads", "list:string", "those threads' ids, in corpus order"),
            Column("n_claims", "int32", "claims matched to it, across the threads"),
            Column("n_authors", "int32", "distinct authors (by name) of those claims"),
            Column("n_support", "int32", "claims of other comments that support one of its claims"),
            Column("n_attack", "int32", "claims of other comments that attack one of its claims"),
            _EXTRA,
        ), corpus=True),
        Table("corpus_keypoint_matches", "one claim's membership of a corpus key point", (
            Column("keypoint_id", "string", "the corpus key point (`corpus_keypoints.keypoint_id`)"),
            Column("thread_id", "string", "thread of the claim"),
            Column("claim_id", "string", "the claim (`claims.claim_id` within `thread_id`)"),
            Column("score", "float64", "matcher score of the claim for the key point, its thread's claims as the group "
                   "(1 for the key point's own claim)"),
            _EXTRA,
        ), corpus=True),
        Table("threads", "one thread", (
            Column("thread_id", "string", "thread id: the input file's stem unless the input names one"),
            Column("title", "string", "thread title (empty when the input has none)"),
            Column("origin", "string", "where it came from: a path or URL"),
            Column("format", "string", "input reader: text, reddit, hackernews, nested, article, convokit …"),
            Column("n_comments", "int32", "number of comments (or paragraphs)"),
            Column("n_sources", "int32", "number of distinct sources cited"),
            Column("n_topics", "int32", "number of topics with at least one comment"),
            _EXTRA,
        )),
    )
}


def encode_label(label_set: str, value: str | None) -> int | None:
    """Index of ``value`` in a label set (None stays None); unknown labels raise ValueError."""
    if value is None:
        return None
    names = LABELS[label_set]
    if value not in names:
        raise ValueError(f"{value!r} is not a {label_set} label; expected one of {', '.join(names)}")
    return names.index(value)


def decode_label(label_set: str, index: int | None) -> str | None:
    """Label name of an index (None stays None), a plain string."""
    return None if index is None else LABELS[label_set][index]


def features(table: str) -> Any:
    """The :class:`datasets.Features` of a table (imports ``datasets`` lazily).

    >>> features("edges")["kind"].names
    ['reply', 'cites', 'about']
    """
    from datasets import ClassLabel, Features, List, Value

    out = {}
    for col in TABLES[table].columns:
        if col.dtype.startswith("label:"):
            out[col.name] = ClassLabel(names=list(LABELS[col.dtype.removeprefix("label:")]))
        elif col.dtype.startswith("list:"):
            out[col.name] = List(Value(col.dtype.removeprefix("list:")))
        else:
            out[col.name] = Value(col.dtype)
    return Features(out)
