"""Which claim supports or attacks which: inside a comment and across a reply.

* inside a comment (``via="premise"``): each premise supports the nearest claim of its comment
  (the one before it, else the one after); a root's claims support its main claim.
* across a reply: a reply's claims (and the premises of a reply that has no claim) address one
  claim of the parent. A ``> quote`` names its target exactly (``via="quote"``): the unit under the
  quoted text in the parent, or in whichever comment of the thread the quote comes from. Otherwise
  a learned pair scorer (``via="model"``) reads each (parent unit, reply unit) pair — word overlap,
  the similarity rank among the parent's units, roles, positions, the reply's opening words and the
  comment-level stance of the reply (the prior) — and gives P(none / supports / attacks); the best
  parent unit is linked when P(not none) passes the threshold chosen on CMV-modes valid. Only the
  parent (and a quoted comment) is searched, never every pair in the thread.

>>> from argmap.model import Claim, Comment, Thread
>>> t = Thread("t", [Comment("a", None, text="Tea is best. It is calm."),
...                  Comment("b", "a", text="> Tea is best.\\nNo, coffee is best.", stance="attack",
...                          stance_score=0.9)])
>>> t.claims = [Claim("a:0", "a", 0, 12, "Tea is best.", "claim", .9), Claim("a:1", "a", 13, 24, "It is calm.",
...             "premise", .8), Claim("b:0", "b", 15, 34, "No, coffee is best.", "claim", .9)]
>>> link_claims([t], PairModel.load())
>>> [(r.source, r.target, r.via) for r in t.claim_relations]
[('a:1', 'a:0', 'premise'), ('b:0', 'a:0', 'quote')]
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from argmap.model import Claim, ClaimRelation, Comment, Thread
from argmap.nlp.claim_spans import spans
from argmap.nlp.claims import CONFIG, DIM, SHIPPED, WEIGHTS, RoleModel, words

PAIR_LABELS = ("none", "supports", "attacks")
_STOP_WORDS = """a an the and or but if of to in on at for with by from as is are was were be been being it its this
    that these those i you he she we they me him her us them my your his our their what which who whom do does did
    have has had not no so than then there here just very can could would should will shall may might must
    about into over also more most some any all such only own same too s t don't i'm it's that's"""
_STOP = frozenset(_STOP_WORDS.split())
_NEG = re.compile(r"\b(?:not|no|never|n't|wrong|but|however|disagree|false|actually|nope)\b|n't\b", re.I)


def content(text: str) -> set[str]:
    """Content words of a text (stop words and ``?``/``!`` dropped).

    >>> sorted(content("The tea is not good?"))
    ['good', 'tea']
    """
    return {w for w in words(text) if w not in _STOP and w not in "?!"}


def similarity(a: set[str], b: set[str]) -> float:
    """Cosine of two word sets (0 when either is empty).

    >>> similarity({"tea", "good"}, {"tea"})
    0.7071067811865475
    """
    return len(a & b) / (len(a) * len(b)) ** 0.5 if a and b else 0.0


def _bin(x: float, edges: Sequence[float]) -> int:
    return sum(x >= e for e in edges)


def pair_features(parent_units: Sequence[tuple[str, str]], reply_unit: tuple[str, str], reply_index: int,
                  stance: str | None, stance_score: float | None, quote_sim: Sequence[float] | None = None,
                  ) -> list[list[str]]:
    """Feature names of (each parent unit, one reply unit); units as ``(text, role)``."""
    r_text, r_role = reply_unit
    rw = words(r_text)
    rc = content(r_text)
    sims = [similarity(content(t), rc) for t, _ in parent_units]
    order = sorted(range(len(sims)), key=lambda i: -sims[i])
    rank = {i: k for k, i in enumerate(order)}
    top = max(sims, default=0.0)
    st = stance or "none"
    sb = _bin(stance_score or 0.0, (0.5, 0.7, 0.9))
    neg = bool(_NEG.search(r_text))
    common = [f"rrole:{r_role}", f"ridx:{min(reply_index, 4)}", f"st:{st}", f"st:{st}:{sb}", f"neg:{neg}",
              f"st:{st}:neg:{neg}", f"rf1:{rw[0] if rw else ''}", f"rf2:{' '.join(rw[:2])}",
              f"st:{st}:rrole:{r_role}", f"n:{min(len(parent_units), 8)}"]
    out = []
    n = len(parent_units)
    for i, (_p_text, p_role) in enumerate(parent_units):
        s = sims[i]
        q = quote_sim[i] if quote_sim else 0.0
        f = common + [f"prole:{p_role}", f"pp:{p_role}:{r_role}", f"sim:{_bin(s, (0.05, 0.1, 0.2, 0.3, 0.5))}",
                      f"rank:{min(rank[i], 4)}", f"top:{s >= top and s > 0}", f"gap:{_bin(top - s, (0.05, 0.15, 0.3))}",
                      f"pidx:{min(i, 5)}", f"prel:{_bin(i / max(n, 1), (0.25, 0.5, 0.75))}", f"plast:{i == n - 1}",
                      f"q:{_bin(q, (0.3, 0.6, 0.9))}", f"rank:{min(rank[i], 4)}:st:{st}", f"prole:{p_role}:st:{st}",
                      f"sim:{_bin(s, (0.1, 0.3))}:st:{st}:{sb}"]
        if quote_sim:
            f.append(f"qv:{q:.3f}")
        out.append(f)
    return out


class PairModel:
    """The pair scorer (a linear model over hashed :func:`pair_features`) and its link threshold."""

    def __init__(self, weights: np.ndarray, bias: np.ndarray, config: dict):
        self.linear = RoleModel(weights, bias, {**config, "labels": PAIR_LABELS})
        self.threshold = float(config.get("pair_threshold", 0.5))

    @staticmethod
    @lru_cache(maxsize=2)
    def load(folder: str | None = None) -> PairModel:
        from safetensors.numpy import load_file

        path = Path(folder) if folder else SHIPPED
        config = json.loads((path / CONFIG).read_text())
        state = load_file(str(path / WEIGHTS))
        return PairModel(state["pair.weight"], state["pair.bias"], {"dim": config.get("pair_dim", DIM), **config})

    def probabilities(self, feats: Sequence[Sequence[str]]) -> np.ndarray:
        return self.linear.probabilities(feats)


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def quote_place(quote: str, text: str) -> tuple[int, int] | None:
    """Where (character range) ``quote`` occurs in ``text``: exactly, else ignoring case and runs of
    whitespace (then the range is that of the first matching word onward), else ``None``.

    >>> quote_place("tea is best", "I say Tea  is best."), quote_place("coffee", "tea")
    ((6, 18), None)
    """
    if not quote.strip():
        return None
    pos = text.find(quote)
    if pos >= 0:
        return pos, pos + len(quote)
    toks = quote.split()
    pattern = r"\s+".join(re.escape(t) for t in toks[:12])
    m = re.search(pattern, text, re.I)
    if m is None:
        return None
    return (m.start(), m.end()) if len(toks) <= 12 else (m.start(), m.start() + len(quote))


def quote_sims(quote: str, comment: Comment, units: Sequence[Claim]) -> list[float] | None:
    """For each unit of ``comment``: the share of it that ``quote`` covers (``None`` when the quote
    is not from this comment)."""
    place = quote_place(quote, comment.text)
    if place is None:
        return None
    a, b = place
    return [max(0, min(b, u.end) - max(a, u.start)) / max(1, u.end - u.start) for u in units]


def _within(thread: Thread, by_comment: dict[str, list[Claim]]) -> list[ClaimRelation]:
    out = []
    for c in thread.comments:
        units = by_comment.get(c.id, [])
        claims = [u for u in units if u.role in ("claim", "main_claim")]
        mains = [u for u in units if u.role == "main_claim"]
        for u in units:
            if u.role == "premise" and claims:
                before = [x for x in claims if x.start < u.start]
                target = before[-1] if before else claims[0]
                out.append(ClaimRelation(u.id, target.id, "supports", round(u.score * target.score, 4), "premise"))
            elif u.role == "claim" and mains and c.parent_id is None:
                out.append(ClaimRelation(u.id, mains[0].id, "supports", round(u.score * mains[0].score, 4),
                                         "premise"))
    return out


def _quotes_before(comment: Comment) -> list[tuple[int, str]]:
    """``(end offset, quoted text)`` of each quote block of a comment, in order."""
    out: list[tuple[int, str]] = []
    last_line = -2
    for s in spans(comment.text, clauses=False):
        if s.kind != "quote":
            continue
        if out and s.line == last_line + 1:
            out[-1] = (s.end, out[-1][1] + " " + s.text)
        else:
            out.append((s.end, s.text))
        last_line = s.line
    return out


def pair_jobs(thread: Thread) -> tuple[list[ClaimRelation], list[tuple[Claim, list[Claim], str, list[list[str]]]]]:
    """The within-comment relations of a thread, and its cross-reply jobs: ``(reply unit, candidate
    parent units, via, features per candidate)``; ``via`` is ``quote`` when a quote placed the unit's
    target comment (the features then carry how much of each candidate the quote covers)."""
    by_comment: dict[str, list[Claim]] = {}
    for u in thread.claims:
        by_comment.setdefault(u.comment_id, []).append(u)
    jobs = []
    for c in thread.comments:
        parent = thread.by_id.get(c.parent_id) if c.parent_id else None
        units = by_comment.get(c.id, [])
        if parent is None or not units:
            continue
        movers = [u for u in units if u.role == "claim"] or units
        quotes = _quotes_before(c)
        for k, u in enumerate(movers):
            target_comment, qs = parent, None
            quote = next((q for end, q in reversed(quotes) if end <= u.start), None)
            if quote is not None:
                for cand in [parent, *(x for x in thread.comments if x.id not in (c.id, parent.id))]:
                    qs = quote_sims(quote, cand, by_comment.get(cand.id, []))
                    if qs is not None and max(qs, default=0) > 0:
                        target_comment = cand
                        break
                    qs = None
            cands = by_comment.get(target_comment.id, [])
            if cands:
                f = pair_features([(x.text, x.role) for x in cands], (u.text, u.role), k, c.stance, c.stance_score, qs)
                jobs.append((u, cands, "quote" if qs is not None else "model", f))
    return _within(thread, by_comment), jobs


def link_claims(threads: Sequence[Thread], model: PairModel) -> None:
    """Set ``thread.claim_relations`` from ``thread.claims`` (and each reply's comment-level stance).
    One model call for all threads."""
    all_jobs = []
    for t in threads:
        t.claim_relations, jobs = pair_jobs(t)
        for u, cands, via, f in jobs:
            if via == "quote":  # the quote names the target: the unit it covers most
                qs = quote_sims_of(f)
                best = int(np.argmax(qs))
                cands, f = [cands[best]], [f[best]]
            all_jobs.append((t, u, cands, via, f))
    probs = model.probabilities([x for *_, f in all_jobs for x in f])
    row = 0
    for t, u, cands, via, _ in all_jobs:
        p = probs[row : row + len(cands)]
        row += len(cands)
        link = 1.0 - p[:, 0]
        best = int(np.argmax(link))
        if via == "model" and link[best] < model.threshold:
            continue
        kind = "supports" if p[best, 1] >= p[best, 2] else "attacks"
        score = float(p[best, 1 if kind == "supports" else 2] / max(link[best], 1e-9))
        t.claim_relations.append(ClaimRelation(u.id, cands[best].id, kind, round(score, 4), via))


def quote_sims_of(feats: Sequence[Sequence[str]]) -> list[float]:
    """The quote coverage each candidate's features carry (``qv:`` feature), for picking the target."""
    return [next((float(x[3:]) for x in f if x.startswith("qv:")), 0.0) for f in feats]
