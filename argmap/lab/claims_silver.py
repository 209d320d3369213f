"""Silver training pairs for the claim-pair scorer from the ``> quote`` replies of r/AmItheAsshole.

A reply that quotes its parent names exactly which sentence of the parent it answers. Each such
reply (its quote found in the parent: the parent comment, or the post for a top-level comment)
becomes examples as inference sees a reply *without* a quote: the parent's units and the units of
the reply's text after the quote (up to the next quote, quote lines removed) come from the role
model, the reply's comment-level stance from the stance model on (parent, quote-stripped reply),
and the features from :func:`argmap.nlp.claim_relations.pair_jobs` (the ``scope:cross`` candidates
of the segment's claim units, or of all its units when none is a claim). The label is the
thread's LLM relation toward the parent (Support → supports, Attack → attacks) for the parent
unit the quote covers most, ``none`` for the parent's other units. Replies labelled ``No`` are
left out: the quote still names the unit they address, but not whether they support or attack
it, and a ``none`` label on the quoted unit would teach the scorer that a quoted unit is not
addressed. :func:`argmap.lab.claims_train.fit_pairs` adds the examples with a weight.

>>> quote_blocks("> Tea is best.\\n> It calms.\\nNo, coffee.\\n> Tea\\nWrong.")
[(2, 26, 'Tea is best. It calms.'), (41, 44, 'Tea')]
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argmap.model import Comment, Thread
from argmap.nlp.claim_spans import spans

#: the AITA relation of a reply toward its parent → the pair scorer's label (``No`` left out)
KINDS = {"support": "supports", "attack": "attacks"}


@dataclass(frozen=True)
class QuoteReply:
    """One AITA reply that quotes its parent: ``segments`` are ``(quoted text, the reply's text after
    the quote up to the next one)``; ``reply`` is the whole reply with its quote lines removed."""

    thread: str
    parent: str
    parent_is_post: bool
    reply: str
    segments: tuple[tuple[str, str], ...]
    kind: str


def quote_blocks(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, quoted text)`` of each block of consecutive ``>`` quote lines of ``text``
    (character range from the first quoted span's start to the last one's end)."""
    out: list[tuple[int, int, str]] = []
    last_line = -2
    for s in spans(text, clauses=False):
        if s.kind != "quote":
            continue
        if out and s.line == last_line + 1:
            a, _, q = out[-1]
            out[-1] = (a, s.end, f"{q} {s.text}")
        else:
            out.append((s.start, s.end, s.text))
        last_line = s.line
    return out


def _without_quotes(text: str, blocks: Sequence[tuple[int, int, str]]) -> str:
    """``text`` with the lines of its quote blocks removed."""
    keep, pos = [], 0
    for a, b, _ in blocks:
        start = text.rfind("\n", 0, a) + 1
        end = text.find("\n", b)
        keep.append(text[pos:start])
        pos = len(text) if end < 0 else end + 1
    keep.append(text[pos:])
    return "".join(keep).strip()


def _children(node: dict[str, Any]) -> list[dict[str, Any]]:
    """A node's replies (``comments`` is sometimes a Python-literal string in the dump)."""
    kids = node.get("comments") or []
    if isinstance(kids, str):
        try:
            kids = ast.literal_eval(kids)
        except (ValueError, SyntaxError):
            return []
    return [k for k in kids if isinstance(k, dict)] if isinstance(kids, list) else []


def thread_quote_replies(data: dict[str, Any], name: str) -> list[QuoteReply]:
    """The quote replies of one AITA thread (``data``: its JSON) whose every quote is found in the
    parent and whose relation is Support or Attack.

    >>> t = {"post content": "I ate the cake. It was mine.", "comments": [
    ...     {"content": "> It was mine.\\nIt was not yours.", "relation": "Attack"},
    ...     {"content": "> the moon\\nNo.", "relation": "Attack"}]}
    >>> [(r.kind, r.segments, r.parent_is_post) for r in thread_quote_replies(t, "t")]
    [('attacks', (('It was mine.', 'It was not yours.'),), True)]
    """
    from argmap.nlp.claim_relations import quote_place

    out: list[QuoteReply] = []

    def walk(parent: str, is_post: bool, nodes: list[dict[str, Any]]) -> None:
        for n in nodes:
            text = str(n.get("content") or "")
            kind = KINDS.get(str(n.get("relation", "")).strip().lower())
            blocks = quote_blocks(text) if kind and parent.strip() else []
            if blocks and all(quote_place(q, parent) is not None for *_, q in blocks):
                ends = [text.rfind("\n", 0, a) + 1 for a, _, _ in blocks[1:]] + [len(text)]  # next quote's line
                segs = tuple((q, text[b:e].strip()) for (_, b, q), e in zip(blocks, ends, strict=True))
                out.append(QuoteReply(name, parent, is_post, _without_quotes(text, blocks), segs, kind))
            walk(text, False, _children(n))

    walk(str(data.get("post content") or ""), True, _children(data))
    return out


def aita_files(folder: Path) -> list[Path]:
    """The AITA thread files of ``folder`` in numeric order."""
    return sorted(folder.glob("post_thread_*.json"), key=lambda p: int(re.sub(r"\D", "", p.stem) or 0))


def quote_replies(folder: Path, count: int, skip: int = 100) -> Iterator[QuoteReply]:
    """:func:`thread_quote_replies` of ``count`` AITA threads after the first ``skip`` in numeric
    order (``train-structure`` and ``eval-structure --split aita`` read the first 100)."""
    for path in aita_files(folder)[skip:][:count]:
        yield from thread_quote_replies(json.loads(path.read_text(encoding="utf-8")), path.stem)


def silver_threads(replies: Sequence[QuoteReply], stance_model: Any, role_model: Any
                   ) -> list[tuple[Thread, str, str]]:
    """One small thread per segment of each reply, as inference would see it: an empty root, the
    parent (the root itself when it is the post), the segment as the parent's only reply, claims
    from ``role_model`` and the reply's stance from ``stance_model`` on (parent, whole
    quote-stripped reply); with each, the quoted text and the kind."""
    from argmap.nlp.claims import extract_claims
    from argmap.nlp.stance import classify_threads

    stance_threads = [Thread(f"s{n}", [Comment("p", None, text=r.parent), Comment("r", "p", text=r.reply)])
                      for n, r in enumerate(replies)]
    if stance_model is not None:
        classify_threads(stance_threads, stance_model)
    out: list[tuple[Thread, str, str]] = []
    for n, (r, st) in enumerate(zip(replies, stance_threads, strict=True)):
        reply = st.by_id["r"]
        for k, (quote, seg) in enumerate(r.segments):
            if not seg:
                continue
            parent = Comment("p", None if r.parent_is_post else "root", text=r.parent)
            child = Comment("r", "p", text=seg, stance=reply.stance, stance_score=reply.stance_score)
            root = [] if r.parent_is_post else [Comment("root", None, text="")]
            out.append((Thread(f"{r.thread}/{n}/{k}", [*root, parent, child]), quote, r.kind))
    extract_claims([t for t, _, _ in out], role_model)
    return out


def silver_examples(replies: Sequence[QuoteReply], stance_model: Any, role_model: Any, extra: str = ""
                    ) -> tuple[list[list[str]], list[str]]:
    """Pair-scorer features (``scope:cross`` candidates, as :func:`~argmap.nlp.claim_relations.pair_jobs`
    builds them with ``extra``) and labels: the kind for the parent unit the quote covers most,
    ``none`` for the other parent units; a segment whose quote covers no parent unit gives nothing."""
    from argmap.nlp.claim_relations import pair_jobs, quote_sims

    feats: list[list[str]] = []
    labels: list[str] = []
    for t, quote, kind in silver_threads(replies, stance_model, role_model):
        parent_units = [u for u in t.claims if u.comment_id == "p"]
        own = [u for u in t.claims if u.comment_id == "r"]
        qs = quote_sims(quote, t.by_id["p"], parent_units)
        if not own or not qs or max(qs) <= 0:
            continue
        target = parent_units[max(range(len(qs)), key=qs.__getitem__)].id
        movers = {u.id for u in own if u.role == "claim"} or {u.id for u in own}
        for u, cands, via, f, _null in pair_jobs(t, None, extra)[1]:
            if u.id not in movers:
                continue
            for x, v, row in zip(cands, via, f, strict=True):
                if v == "model":
                    feats.append(row)
                    labels.append(kind if x.id == target else "none")
    return feats, labels
