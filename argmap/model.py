"""The typed data model every stage shares: Thread, Comment, Source, and the vocabulary of labels and kinds.

The label sets (:class:`Stance`, :class:`Role`, :class:`RelationKind`, :class:`Via`,
:class:`SourceKind`, :class:`NodeKind`, :class:`EdgeKind`, :class:`LabelSource`) are defined here
once; the graph, the dataset schema, corrections and the page take them from here. The tuples of
their values (:data:`STANCES`, :data:`ROLES` …) hold plain strings, as the graph and every export do.

>>> t = Thread("demo", [Comment("1", None, text="Tea is good."),
...                     Comment("2", "1", text="No, coffee.", position=1, depth=1)])
>>> [c.id for c in t.replies_to("1")]
['2']
>>> t.by_id["2"].parent_id
'1'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np


class Stance(StrEnum):
    """Stance of a reply toward its parent."""

    SUPPORT = "support"
    ATTACK = "attack"
    NEUTRAL = "neutral"
    QUERY = "query"


class Role(StrEnum):
    """Role of a claim (an argumentative unit) in its comment."""

    MAIN_CLAIM = "main_claim"  # the thread's thesis
    CLAIM = "claim"  # a point someone makes
    PREMISE = "premise"  # a reason given for a claim


class RelationKind(StrEnum):
    """How one claim answers another (also the kind of their graph edge)."""

    SUPPORTS = "supports"
    ATTACKS = "attacks"


class Via(StrEnum):
    """How a claim relation was found: a ``>`` quote names the target, the relation model, or inside
    one comment (a premise → its claim, a root's claim → its main claim)."""

    QUOTE = "quote"
    MODEL = "model"
    PREMISE = "premise"


class SourceKind(StrEnum):
    """What a cited source is."""

    URL = "url"
    FOOTNOTE = "footnote"  # a ``[n]: …`` reference
    OUTLET = "outlet"  # named in the text ("reported by Reuters")


class NodeKind(StrEnum):
    """Kind of a graph node (``argmap.graph``)."""

    COMMENT = "comment"
    PARAGRAPH = "paragraph"  # a comment of an article
    CLAIM = "claim"
    SOURCE = "source"
    TOPIC = "topic"
    KEYPOINT = "keypoint"


class EdgeKind(StrEnum):
    """Kind of a graph edge (``argmap.graph``); claim relations use :class:`RelationKind`'s values."""

    REPLY = "reply"
    CITES = "cites"
    ABOUT = "about"
    CONTAINS = "contains"
    SUPPORTS = RelationKind.SUPPORTS.value
    ATTACKS = RelationKind.ATTACKS.value
    MATCHES = "matches"


class LabelSource(StrEnum):
    """Who gave a label: the models, or a person through corrections (``argmap.corrections``)."""

    MODEL = "model"
    HUMAN = "human"


def values(labels: type[StrEnum]) -> tuple[str, ...]:
    """The values of a label set, as plain strings, in definition order.

    >>> values(RelationKind), type(values(Role)[0]) is str
    (('supports', 'attacks'), True)
    """
    return tuple(m.value for m in labels)


STANCES = values(Stance)
ROLES = values(Role)
RELATION_KINDS = values(RelationKind)
VIAS = values(Via)
SOURCE_KINDS = values(SourceKind)
NODE_KINDS = values(NodeKind)
EDGE_KINDS = values(EdgeKind)
LABEL_SOURCES = values(LabelSource)
COMMENT_KINDS = (NodeKind.COMMENT.value, NodeKind.PARAGRAPH.value)


@dataclass
class Comment:
    """One comment (or, for articles, one paragraph).

    ``text`` keeps the input lines joined by ``\\n``; ``position`` is the order in the input;
    ``meta`` carries reader-specific extras (score, permalink, segment confidence …).
    """

    id: str
    parent_id: str | None
    author: str | None = None
    created: float | None = None  # POSIX seconds, UTC
    text: str = ""
    position: int = 0
    depth: int = 0
    meta: dict[str, Any] = field(default_factory=dict)
    stance: str | None = None  # toward parent_id; None for roots
    stance_score: float | None = None
    topic: str | None = None
    #: the encoder's unit vector of ``text`` (the embed stage); never exported
    vector: np.ndarray | None = field(default=None, repr=False, compare=False)


@dataclass
class Source:
    """Something a comment cites: a URL, a ``[n]:`` footnote, or a named outlet."""

    id: str
    kind: SourceKind
    value: str
    cited_by: list[str] = field(default_factory=list)


@dataclass
class Claim:
    """One argumentative unit inside a comment: ``text == comment.text[start:end]``.

    ``role`` is ``main_claim``, ``claim`` or ``premise``; ``score`` the model's confidence;
    ``id`` is ``<comment id>:<n>`` (graph node ``claim:<id>``).
    """

    id: str
    comment_id: str
    start: int
    end: int
    text: str
    role: Role
    score: float
    topic: str | None = None
    #: the encoder's unit vector of ``text`` (the claims stage; relations and key points read it); never exported
    vector: np.ndarray | None = field(default=None, repr=False, compare=False)


@dataclass
class ClaimRelation:
    """``source`` claim supports or attacks ``target`` claim (claim ids); ``via`` says how it was
    found: ``quote`` (a ``>`` quote names the target), ``model`` (the relation model) or ``premise``
    (inside one comment: a premise → its claim, a root's claim → its main claim)."""

    source: str
    target: str
    kind: RelationKind
    score: float
    via: Via


@dataclass
class KeyPoint:
    """A claim standing for the claims of a thread that say the same thing (``argmap.nlp.keypoints``).

    ``text`` is the text of claim ``claim_id`` (extractive); ``claims`` the ``(claim id, score)`` of
    the claims matched to it (itself included); ``n_comments`` the distinct comments they come from;
    ``n_replies`` the comments that answer one of them (replies to their comments, or comments whose
    claims link to them); ``n_support`` / ``n_attack`` the replies whose claims support / attack one
    of them, each reply counted once (by its strongest link), so ``n_support + n_attack <= n_replies``;
    ``id`` is ``kp<n>`` (graph node ``keypoint:<id>``).
    """

    id: str
    text: str
    claim_id: str
    claims: list[tuple[str, float]] = field(default_factory=list)
    n_authors: int = 0
    n_support: int = 0
    n_attack: int = 0
    topic: str | None = None
    n_comments: int = 0
    n_replies: int = 0


@dataclass
class Thread:
    """A discussion: comments in input order plus what the readers know about it."""

    id: str
    comments: list[Comment]
    title: str = ""
    origin: str = ""  # where it came from: a path or URL
    format: str = ""  # reader that produced it: text, reddit, hackernews, nested, article
    meta: dict[str, Any] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    claim_relations: list[ClaimRelation] = field(default_factory=list)
    key_points: list[KeyPoint] = field(default_factory=list)
    #: the least probability a drawn claim relation has (None: no relations were looked for)
    min_relation_score: float | None = None
    #: pasted text (format ``text``): its non-blank lines, which the segment stage groups into comments
    lines: list[str] | None = None
    #: ``{topic name: keywords}`` of the topics its comments were given (the topics stage)
    topics: dict[str, list[str]] = field(default_factory=dict)
    #: its point claims' ``(claim ids, vectors)`` for the corpus key points (the key points stage); never exported
    point_vectors: tuple[list[str], np.ndarray] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def by_id(self) -> dict[str, Comment]:
        return {c.id: c for c in self.comments}

    @property
    def size(self) -> int:
        """What batches count: its comments, or the lines of pasted text not grouped into comments yet.

        >>> Thread("t", [], lines=["Tea.", "No."]).size
        2
        """
        return len(self.comments) or len(self.lines or ())

    def replies_to(self, comment_id: str) -> list[Comment]:
        return [c for c in self.comments if c.parent_id == comment_id]

    def parent(self, comment: Comment) -> Comment | None:
        return self.by_id.get(comment.parent_id) if comment.parent_id else None
