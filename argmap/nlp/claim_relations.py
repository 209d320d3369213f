"""Which claim supports or attacks which: inside a comment and across a reply.

Every unit (but a root's main claim) gets at most one target, chosen by one learned pair scorer
over its candidates: the units of its own comment up to :data:`WINDOW` before / after it, plus the main claim
(``via="premise"``), and the units of the comment it answers (``via="model"``). The scorer (a
linear model over hashed features: order and distance inside a comment, whether the candidate is
the nearest claim before it, roles, word overlap and its rank among the parent's units, positions,
the unit's opening words, the comment-level stance of the reply as a prior) gives P(none /
supports / attacks) per candidate; the most likely target is linked when P(not none) passes the
threshold chosen on CMV-modes valid. A ``> quote`` names its target exactly (``via="quote"``): a
reply's claim under a quote links to the unit the quote covers most, in the parent or in whichever
comment of the thread the quote comes from. Only the comment itself, its parent and a quoted
comment are searched, never every pair in the thread.

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
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from argmap.model import Claim, ClaimRelation, Comment, Thread
from argmap.nlp.claim_spans import spans
from argmap.nlp.claims import CONFIG, DIM, SHIPPED, WEIGHTS, RoleModel, words

if TYPE_CHECKING:
    from argmap.nlp.encoder import Encoder

PAIR_LABELS = ("none", "supports", "attacks")
_STOP_WORDS = """a an the and or but if of to in on at for with by from as is are was were be been being it its this
    that these those i you he she we they me him her us them my your his our their what which who whom do does did
    have has had not no so than then there here just very can could would should will shall may might must
    about into over also more most some any all such only own same too s t don't i'm it's that's"""
_STOP = frozenset(_STOP_WORDS.split())
_NEG = re.compile(r"\b(?:not|no|never|n't|wrong|but|however|disagree|false|actually|nope)\b|n't\b", re.I)


@lru_cache(maxsize=1 << 16)
def content(text: str) -> frozenset[str]:
    """Content words of a text (stop words and ``?``/``!`` dropped; remembered per text).

    >>> sorted(content("The tea is not good?"))
    ['good', 'tea']
    """
    return frozenset(w for w in words(text) if w not in _STOP and w not in "?!")


def similarity(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    """Cosine of two word sets (0 when either is empty).

    >>> similarity({"tea", "good"}, {"tea"})
    0.7071067811865475
    """
    return len(a & b) / (len(a) * len(b)) ** 0.5 if a and b else 0.0


def _bin(x: float, edges: Sequence[float]) -> int:
    """How many of the (ascending) ``edges`` ``x`` reaches."""
    return bisect_right(edges, x)


def pair_features(parent_units: Sequence[tuple[str, str]], reply_unit: tuple[str, str], reply_index: int,
                  stance: str | None, stance_score: float | None, quote_sim: Sequence[float] | None = None,
                  cos: Sequence[float] | None = None, reply_size: int | None = None,
                  reply_text: str | None = None, question: bool = False) -> list[list[str]]:
    """Feature names of (each parent unit, one reply unit); units as ``(text, role)``; ``cos``: the
    embedding cosine of each pair, when the model reads embeddings (:func:`cos_features`);
    ``reply_size`` (scorers trained with it): how many units the reply has, for where the reply unit
    sits in it, crossed with where the parent unit sits in the parent; ``reply_text`` (likewise): the
    whole reply, for each parent unit's word overlap with all of it and its rank by that among the
    parent's units and among its claims (a reply's units mostly answer one parent unit);
    ``question``: whether the parent unit is a question."""
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
    whole: list[str] = []
    if reply_text is not None:
        rt = content(reply_text)
        ws = [similarity(content(t), rt) for t, _ in parent_units]
        w_rank = {i: k for k, i in enumerate(sorted(range(n), key=lambda i: -ws[i]))}
        claims = sorted((i for i in range(n) if parent_units[i][1] != "premise"), key=lambda i: -ws[i])
        c_rank = {i: k for k, i in enumerate(claims)}
        whole = [f"x:w:{_bin(ws[i], (0.05, 0.1, 0.2, 0.3))}:{min(w_rank[i], 3)}:{min(c_rank.get(i, 9), 3)}"
                 for i in range(n)]
    for i, (p_text, p_role) in enumerate(parent_units):
        s = sims[i]
        q = quote_sim[i] if quote_sim else 0.0
        f = common + [f"prole:{p_role}", f"pp:{p_role}:{r_role}", f"sim:{_bin(s, (0.05, 0.1, 0.2, 0.3, 0.5))}",
                      f"rank:{min(rank[i], 4)}", f"top:{s >= top and s > 0}", f"gap:{_bin(top - s, (0.05, 0.15, 0.3))}",
                      f"pidx:{min(i, 5)}", f"prel:{_bin(i / max(n, 1), (0.25, 0.5, 0.75))}", f"plast:{i == n - 1}",
                      f"q:{_bin(q, (0.3, 0.6, 0.9))}", f"rank:{min(rank[i], 4)}:st:{st}", f"prole:{p_role}:st:{st}",
                      f"sim:{_bin(s, (0.1, 0.3))}:st:{st}:{sb}"]
        if quote_sim:
            f.append(f"qv:{q:.3f}")
        if reply_size is not None:
            rpos = _bin(reply_index / max(reply_size, 1), (0.25, 0.5, 0.75))
            ppos = _bin(i / max(n, 1), (0.25, 0.5, 0.75))
            f += [f"x:pos:{rpos}:{ppos}", f"x:first:{reply_index == 0}:{i == 0}:{p_role}",
                  f"x:rf1:{rw[0] if rw else ''}:{p_role}", f"x:rrole:{r_role}:pidx:{min(i, 3)}:{i == n - 1}",
                  f"x:st:{st}:rpos:{rpos}:{r_role}", f"x:top:{s >= top and s > 0}:{r_role}:{p_role}"]
        if whole:
            f += [whole[i], f"{whole[i]}:{p_role}", f"{whole[i]}:{r_role}:{st}"]
        if question:
            f.append(f"x:pq:{p_text.rstrip().endswith('?')}:{p_role}")
        if cos is not None:
            f += cos_features(cos, i, f"c:{st}")
        out.append(f)
    return out


def cos_features(cos: Sequence[float], i: int, tag: str) -> list[str]:
    """Embedding-similarity features of candidate ``i`` among candidates with cosines ``cos``: its
    cosine (binned), its rank, its gap to the best, each also crossed with ``tag``."""
    c = cos[i]
    top = max(cos)
    rank = sum(x > c for x in cos)
    names = [f"e:{_bin(c, (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7))}", f"er:{min(rank, 3)}",
             f"eg:{_bin(top - c, (0.02, 0.05, 0.1, 0.2))}"]
    return names + [f"{n}:{tag}" for n in names]


#: how many units before / after a unit of the same comment may be its target (CMV-modes: a unit
#: mostly supports one before it, often several back; rarely one more than two after it)
WINDOW = (6, 2)


def within_features(units: Sequence[tuple[str, str]], k: int, cands: Sequence[int],
                    cos: Sequence[float] | None = None, lines: Sequence[int] | None = None,
                    extra: bool = False, question: bool = False) -> list[list[str]]:
    """Feature names of (unit ``cands[i]``, unit ``k``) of one comment; units as ``(text, role)``;
    ``cos``: each candidate's embedding cosine with unit ``k`` (models that read embeddings).
    They say how far apart and in which order the two are, their roles, word overlap, whether the
    candidate is the nearest claim before ``k`` (the old rule), and ``k``'s opening words. With
    ``extra`` (scorers trained with them): the distance crossed with both roles, how many claims lie
    between the two, whether they share a line (``lines``: each unit's line in the comment), the
    nearest claim after ``k``, and ``k``'s opening word crossed with the direction; ``question``:
    whether the candidate is a question (in CMV-modes a question is rarely supported inside its
    comment, and more often than other units answered across)."""
    r_text, r_role = units[k]
    rw = words(r_text)
    rc = content(r_text)
    claims_before = [i for i in range(k) if units[i][1] in ("claim", "main_claim")]
    nearest = claims_before[-1] if claims_before else next(
        (i for i in range(k + 1, len(units)) if units[i][1] in ("claim", "main_claim")), -1)
    nearest_after = next((i for i in range(k + 1, len(units)) if units[i][1] in ("claim", "main_claim")), -1)
    first = {i: next(iter(words(units[i][0])), "") for i in cands}
    common = ["scope:same", f"s:rrole:{r_role}", f"s:rf1:{rw[0] if rw else ''}", f"s:rf2:{' '.join(rw[:2])}",
              f"s:ridx:{min(k, 4)}", f"s:n:{min(len(units), 8)}"]
    out = []
    for j, i in enumerate(cands):
        p_text, p_role = units[i]
        d = i - k
        sim = similarity(content(p_text), rc)
        f = common + [f"s:d:{max(-WINDOW[0], min(WINDOW[1], d))}", f"s:pp:{p_role}:{r_role}",
                      f"s:pp:{p_role}:{r_role}:{'before' if d < 0 else 'after'}", f"s:near:{i == nearest}",
                      f"s:near:{i == nearest}:{r_role}", f"s:adj:{abs(d) == 1}:{p_role}:{r_role}",
                      f"s:sim:{_bin(sim, (0.05, 0.15, 0.3))}", f"s:pidx:{min(i, 4)}",
                      f"s:pmain:{p_role == 'main_claim'}",
                      f"s:pf1:{next(iter(words(p_text)), '')}"]
        if question:
            f.append(f"s:pq:{p_text.rstrip().endswith('?')}:{r_role}")
        if extra:
            lo, hi = sorted((i, k))
            between = sum(units[x][1] in ("claim", "main_claim") for x in range(lo + 1, hi))
            side = "before" if d < 0 else "after"
            dd = max(-WINDOW[0], min(WINDOW[1], d))
            f += [f"s:x:d:{dd}:{p_role}:{r_role}", f"s:x:btw:{min(between, 3)}:{side}:{p_role}:{r_role}",
                  f"s:x:next:{i == nearest_after}:{r_role}", f"s:x:rf1:{rw[0] if rw else ''}:{side}",
                  f"s:x:rf1:{rw[0] if rw else ''}:{abs(d) == 1}:{side}", f"s:x:pf1:{first[i]}:{r_role}"]
            if lines is not None:
                gap = abs(lines[i] - lines[k])
                f += [f"s:x:line:{min(gap, 3)}:{side}", f"s:x:line:{min(gap, 2)}:{p_role}:{r_role}"]
        if cos is not None:
            f += cos_features(cos, j, f"s:{r_role}")
        out.append(f)
    return out


def null_features(units: Sequence[tuple[str, str]], k: int, is_reply: bool, stance: str | None,
                  n_across: int) -> list[str]:
    """Feature names of "unit ``k`` links to nothing" (a ranking scorer's extra candidate): its role,
    place and opening words, whether its comment is a reply, the reply's stance and how many units
    the comment it answers has."""
    r_text, r_role = units[k]
    rw = words(r_text)
    st = stance or "none"
    return ["null", f"n:rrole:{r_role}", f"n:reply:{is_reply}:{r_role}", f"n:ridx:{min(k, 4)}",
            f"n:last:{k == len(units) - 1}", f"n:n:{min(len(units), 8)}", f"n:rf1:{rw[0] if rw else ''}",
            f"n:rf2:{' '.join(rw[:2])}", f"n:st:{st}:{r_role}", f"n:across:{min(n_across, 4)}",
            f"n:len:{_bin(len(rw), (3, 6, 10, 20))}", f"n:q:{r_text.rstrip().endswith('?')}"]


class PairModel:
    """The pair scorer (a linear model over hashed :func:`pair_features` / :func:`within_features`)
    and its link threshold.

    Two forms: ``pair_mode="pointwise"`` (weights: dim × none / supports / attacks, each candidate
    scored on its own) and ``pair_mode="rank"`` (weights: dim × 1, one score per candidate and one
    for "no target" (:func:`null_features`), a softmax over them; ``kind``: a second linear model,
    dim × supports / attacks, for the kind of the chosen link)."""

    def __init__(self, weights: np.ndarray, bias: np.ndarray, config: dict,
                 kind: tuple[np.ndarray, np.ndarray] | None = None):
        self.rank = config.get("pair_mode", "pointwise") == "rank"
        labels = ("link",) if self.rank else PAIR_LABELS
        self.linear = RoleModel(weights, bias, {**config, "labels": labels})
        self.kind = RoleModel(kind[0], kind[1], {**config, "labels": PAIR_LABELS[1:]}) if kind else None
        if self.rank and self.kind is None:
            raise ValueError("a ranking pair scorer needs its kind model")
        self.threshold = float(config.get("pair_threshold", 0.5))
        self.vectors = bool(config.get("pair_vectors", False))  # reads unit embeddings (cos_features)
        self.extra = str(config.get("pair_extra", ""))  # which extra features it reads (pair_jobs)
        self.shared = str(config.get("pair_shared", "none"))  # one parent target per reply (_shared_targets)

    @staticmethod
    @lru_cache(maxsize=2)
    def load(folder: str | None = None) -> PairModel:
        from safetensors.numpy import load_file

        path = Path(folder) if folder else SHIPPED
        config = json.loads((path / CONFIG).read_text())
        state = load_file(str(path / WEIGHTS))
        kind = (state["kind.weight"], state["kind.bias"]) if "kind.weight" in state else None
        return PairModel(state["pair.weight"], state["pair.bias"], {"dim": config.get("pair_dim", DIM), **config},
                         kind)

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


def _target_comment(thread: Thread, c: Comment, parent: Comment, u: Claim, quotes: list[tuple[int, str]],
                    by_comment: dict[str, list[Claim]]) -> tuple[Comment, list[float] | None]:
    """The comment ``u`` answers (its parent, or the comment a quote before it comes from) and the
    quote's coverage of that comment's units (``None`` without a placed quote)."""
    quote = next((q for end, q in reversed(quotes) if end <= u.start), None)
    if quote is not None:
        for cand in [parent, *(x for x in thread.comments if x.id not in (c.id, parent.id))]:
            qs = quote_sims(quote, cand, by_comment.get(cand.id, []))
            if qs is not None and max(qs, default=0) > 0:
                return cand, qs
    return parent, None


Job = tuple[Claim, list[Claim], list[str], list[list[str]], list[str]]


def unit_vectors(threads: Sequence[Thread], encoder: Encoder) -> dict[tuple[str, str], np.ndarray]:
    """``(thread id, claim id)`` → the unit's embedding (one encoder call for all units)."""
    keys = [(t.id, u.id) for t in threads for u in t.claims]
    vecs = encoder.embed([u.text for t in threads for u in t.claims], max_length=64,
                         groups=[n for n, t in enumerate(threads) for _ in t.claims]) if keys else []
    return dict(zip(keys, vecs, strict=True))


def _cosines(vectors: dict[tuple[str, str], np.ndarray] | None, tid: str, u: Claim, cands: Sequence[Claim]
             ) -> list[float] | None:
    if vectors is None:
        return None
    v = vectors[(tid, u.id)]
    return [float(v @ vectors[(tid, x.id)]) for x in cands]


def pair_jobs(thread: Thread, vectors: dict[tuple[str, str], np.ndarray] | None = None, extra: str = "",
              null: bool = False) -> tuple[list[ClaimRelation], list[Job]]:
    """The fixed relations of a thread and its scoring jobs: ``(unit, candidate target units, via per
    candidate, features per candidate, features of "no target")``, the last only with ``null`` (a
    ranking scorer reads them; else empty); ``extra``: which extra features
    the candidates get, comma-separated: ``within`` (:func:`within_features`), ``cross``
    (:func:`pair_features`), ``question`` (both), ``qinside`` (the question feature inside a comment
    only), or none (``""``).

    Every unit (but a root's main claim) is one job: its candidates are the units of its own comment
    up to :data:`WINDOW` before / after it (and the main claim; ``via="premise"``) and the units of the comment it
    answers (``via="model"``). A claim (or any unit of a reply without claims) under a ``> quote`` is
    linked to the quoted unit instead (``via="quote"``: one candidate, which only the kind is
    scored for)."""
    by_comment: dict[str, list[Claim]] = {}
    for u in thread.claims:
        by_comment.setdefault(u.comment_id, []).append(u)
    jobs: list[Job] = []
    for c in thread.comments:
        units = by_comment.get(c.id, [])
        if not units:
            continue
        parent = thread.by_id.get(c.parent_id) if c.parent_id else None
        own = [(x.text, x.role) for x in units]
        lines = [c.text.count("\n", 0, x.start) for x in units] if "within" in extra else None
        movers = {x.id for x in units if x.role == "claim"} or {x.id for x in units}
        quotes = _quotes_before(c) if parent is not None else []
        answered: dict[int, tuple[Comment, list[float] | None]] = {}  # quote end → target comment
        for k, u in enumerate(units):
            if u.role == "main_claim":
                continue
            near = [i for i in range(len(units))
                    if i != k and (-WINDOW[0] <= i - k <= WINDOW[1] or units[i].role == "main_claim")]
            cands = [units[i] for i in near]
            via = ["premise"] * len(near)
            feats = within_features(own, k, near, _cosines(vectors, thread.id, u, cands), lines,
                                    "within" in extra, "question" in extra or "qinside" in extra)
            n_across = 0
            if parent is not None:
                key = max((end for end, _ in quotes if end <= u.start), default=-1)
                if key not in answered:
                    answered[key] = _target_comment(thread, c, parent, u, quotes, by_comment)
                target, qs = answered[key]
                across = by_comment.get(target.id, [])
                n_across = len(across)
                if across:
                    f = pair_features([(x.text, x.role) for x in across], (u.text, u.role), k, c.stance,
                                      c.stance_score, qs, _cosines(vectors, thread.id, u, across),
                                      len(units) if "cross" in extra else None,
                                      c.text if "cross" in extra else None, "question" in extra)
                    if qs is not None and u.id in movers:  # the quote names the target
                        best = int(np.argmax(qs))
                        jobs.append((u, [across[best]], ["quote"], [f[best]],
                                     null_features(own, k, True, c.stance, n_across) if null else []))
                        continue
                    cands += across
                    via += ["model"] * len(across)
                    feats += [["scope:cross", *x] for x in f]
            if cands:
                jobs.append((u, cands, via, feats,
                             null_features(own, k, parent is not None, c.stance, n_across) if null else []))
    return [], jobs


def link_claims(threads: Sequence[Thread], model: PairModel, encoder: Encoder | None = None) -> None:
    """Set ``thread.claim_relations`` from ``thread.claims`` (and each reply's comment-level stance).
    One model call for all threads: each unit links to its most likely target (inside its comment
    or in the comment it answers) when P(not none) passes the model's threshold, and always to a
    quoted target. A model that reads embeddings embeds the units with ``encoder`` (default: the
    offline MiniLM)."""
    vectors = None
    if model.vectors:
        from argmap.nlp.encoder import Encoder

        vectors = unit_vectors(threads, encoder or Encoder.get())
    all_jobs = []
    for t in threads:
        t.claim_relations, jobs = pair_jobs(t, vectors, model.extra, model.rank)
        all_jobs += [(t, *job) for job in jobs]
    if model.rank:
        _link_ranked(all_jobs, model)
        return
    probs = model.probabilities([x for *_, f, _null in all_jobs for x in f])
    row = 0
    decided = []
    for t, u, cands, via, _, _null in all_jobs:
        p = probs[row : row + len(cands)]
        row += len(cands)
        link = 1.0 - p[:, 0]
        decided.append((t, u, cands, via, p, link, int(np.argmax(link))))
    if isinstance(model.shared, dict):  # given targets: the oracle of `argmap lab eval-claims --errors`
        shared = model.shared
    else:
        shared = _shared_targets(decided, model.shared) if model.shared != "none" else {}
    for t, u, cands, via, p, link, best in decided:
        if via[best] != "quote" and link[best] < model.threshold:
            continue
        if via[best] == "model":
            key = (t.id, u.comment_id, cands[best].comment_id)
            best = next((j for j, x in enumerate(cands) if x.id == shared.get(key) and via[j] == "model"), best)
        kind = "supports" if p[best, 1] >= p[best, 2] else "attacks"
        score = float(p[best, 1 if kind == "supports" else 2] / max(link[best], 1e-9))
        t.claim_relations.append(ClaimRelation(u.id, cands[best].id, kind, round(score, 4), via[best]))


def _shared_targets(decided: Sequence[tuple], how: str) -> dict[tuple[str, str, str], str]:
    """One target per (thread, reply, answered comment): the answered comment's unit with the most
    link probability summed over the reply's units (``how="all"``), or over those whose own best
    target lies in that comment (``"linked"``); the answered comment's claim with the most words in
    common with the whole reply (``"overlap"``); or the summed link probability plus that overlap
    (``"overlap+link"``). In CMV-modes three quarters of a reply's links to its parent go to one
    parent unit. (Experimental: the shipped scorer uses ``"none"``; ``argmap lab cv-claims``.)"""
    totals: dict[tuple[str, str, str], dict[str, float]] = {}
    for t, u, cands, via, _p, link, best in decided:
        if how == "linked" and via[best] != "model":
            continue
        reply = content(t.by_id[u.comment_id].text) if how.startswith("overlap") else frozenset()
        for j, x in enumerate(cands):
            if via[j] != "model":
                continue
            acc = totals.setdefault((t.id, u.comment_id, x.comment_id), {})
            if how == "overlap":  # the answered comment's claim with most words in common with the reply
                acc[x.id] = similarity(content(x.text), reply) + (x.role != "premise") - 1e-3 * len(acc)
            elif how == "overlap+link":
                acc[x.id] = acc.get(x.id, 0.0) + float(link[j]) + similarity(content(x.text), reply)
            else:
                acc[x.id] = acc.get(x.id, 0.0) + float(link[j])
    return {k: max(v, key=v.get) for k, v in totals.items()}


def _link_ranked(jobs: Sequence[tuple], model: PairModel) -> None:
    """Link each job's unit with a ranking scorer: a softmax over "no target" and its candidates; the
    best candidate is linked when its probability reaches the threshold (a quoted target always),
    with the kind the kind model gives the pair."""
    assert model.kind is not None
    logits = model.linear.logits([x for *_, f, null in jobs for x in (null, *f)])[:, 0]
    kinds = model.kind.probabilities([x for *_, f, _null in jobs for x in f])
    row = krow = 0
    for t, u, cands, via, _, _null in jobs:
        s = logits[row : row + 1 + len(cands)]
        k = kinds[krow : krow + len(cands)]
        row += 1 + len(cands)
        krow += len(cands)
        p = np.exp(s - s.max())
        p /= p.sum()
        best = int(np.argmax(p[1:]))
        if via[best] != "quote" and p[1 + best] < model.threshold:
            continue
        kind = "supports" if k[best, 0] >= k[best, 1] else "attacks"
        score = float(p[1 + best] * k[best].max()) if via[best] != "quote" else float(k[best].max())
        t.claim_relations.append(ClaimRelation(u.id, cands[best].id, kind, round(score, 4), via[best]))
