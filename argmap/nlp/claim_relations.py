"""Which claim supports or attacks which: inside a comment and across a reply.

Every unit (but a root's main claim) links to at most one other unit. Its candidates are the
units of its own comment up to :data:`WINDOW` before / after it and the root's main claim
(``via="premise"``), and the units of the comment it answers (``via="model"``). The relation
model (:class:`RelationModel`, ``argmap/nlp/claims_model/relations.safetensors``) reads both
texts: a small network over the two claim vectors ``(u, v, |u−v|, u⊙v)`` and a few facts of place
(same comment or a reply, order, roles, questions, opening words, the reply's stance, word overlap
and embedding cosine and whether the candidate is the closest of its scope) gives calibrated
P(none / supports / attacks) for each candidate. The likeliest target is linked when P(supports)
or P(attacks) passes the scope's threshold, chosen on CMV-modes valid for precision: the map says
nothing rather than something wrong. A ``> quote`` names its target exactly (``via="quote"``): a
reply's claim under a quote links to the unit the quote covers most, in the parent or in
whichever comment the quote comes from. Only the comment itself, its parent and a quoted comment are
searched, never every pair in the thread.

One reading, not two: a link across a reply must agree with the reply's comment-level stance
(supports from a supporting reply, attacks from an attacking one; none from a neutral reply or a
question). A thread's opening question ("Should cities ban cars?") asserts nothing, so it is
never supported or attacked: its answers are drawn by their reply edges alone. A question inside
a comment often carries a claim ("where is the trillion dollars value?") and may be answered
with a link.

>>> from argmap.model import Claim, Comment, Thread
>>> t = Thread("t", [Comment("a", None, text="Tea is best. It is calm."),
...                  Comment("b", "a", text="> Tea is best.\\nNo, coffee is best.", stance="attack",
...                          stance_score=0.9)])
>>> t.claims = [Claim("a:0", "a", 0, 12, "Tea is best.", "claim", .9), Claim("a:1", "a", 13, 24, "It is calm.",
...             "premise", .8), Claim("b:0", "b", 15, 34, "No, coffee is best.", "claim", .9)]
>>> for claim, vector in zip(t.claims, np.eye(3, 384, dtype=np.float32)):
...     claim.vector = vector
>>> model = RelationModel.load()
>>> link_claims([t], model, min_score=0.0)
>>> [(r.source, r.target, r.via) for r in t.claim_relations]
[('a:1', 'a:0', 'premise'), ('b:0', 'a:0', 'quote')]
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from argmap.model import RELATION_KINDS, STANCES, Claim, ClaimRelation, Comment, Thread
from argmap.nlp.claim_spans import spans
from argmap.nlp.claims import SHIPPED
from argmap.text import RELATION_STOP_WORDS, words, words_outside

if TYPE_CHECKING:
    from argmap.nlp.encoder import Encoder

LABELS = ("none", *RELATION_KINDS)
WEIGHTS = "relations.safetensors"
CONFIG = "relations_config.json"
#: units of its own comment a unit may link to: this many before and after it
WINDOW = (6, 2)
#: tokens the encoder reads per unit (as for key points, so a run embeds each unit once)
MAX_TOKENS = 64
#: the facts of place the model reads beside the two vectors, in order
PLACE = ("inside", "across", "quote", "before", "adjacent", "far", "target_main", "nearest_claim_before",
         "target_claim", "target_premise", "source_claim", "source_premise", "target_question",
         "source_question", "target_short", "source_short", "opens_no", "opens_yes", "opens_because",
         "opens_so", "same_line", "stance_support", "stance_attack", "stance_neutral", "stance_query",
         "overlap", "cosine", "best_overlap", "best_cosine", "distance")
_OPENS_BECAUSE = re.compile(r"^\W*(?:because|since|as|for example|for instance|e\.g\.|given|if|when|after all)\b", re.I)
_OPENS_SO = re.compile(r"^\W*(?:so|therefore|thus|hence|that's why|which is why|in short|tl;?dr)\b", re.I)
_OPENS_NO = re.compile(r"^\W*(?:no|nope|not|wrong|false|but|however|actually|disagree|i disagree|that's not|"
                       r"this is not|that is not|i don't)\b", re.I)
_OPENS_YES = re.compile(r"^\W*(?:yes|yeah|yep|agreed|i agree|exactly|true|right|indeed|absolutely|this)\b", re.I)
#: a reply's stance → the one relation kind its links across may have
AGREES = {"support": "supports", "attack": "attacks"}


@lru_cache(maxsize=1 << 16)
def content(text: str) -> frozenset[str]:
    """Content words of a text (stop words and ``?``/``!`` dropped; remembered per text).

    >>> sorted(content("The tea is not good?"))
    ['good', 'tea']
    """
    return frozenset(words_outside(text, RELATION_STOP_WORDS, shortest=1))


def similarity(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    """Cosine of two word sets (0 when either is empty).

    >>> similarity({"tea", "good"}, {"tea"})
    0.7071067811865475
    """
    return len(a & b) / (len(a) * len(b)) ** 0.5 if a and b else 0.0


def is_question(text: str) -> bool:
    """Whether a unit asks rather than asserts (it ends with a question mark).

    >>> is_question("Should cities ban cars?"), is_question("Cities should ban cars.")
    (True, False)
    """
    return text.rstrip().rstrip("\"')]*_").endswith("?")


def place(scope: str, offset: int, target_role: str, source_role: str, target_text: str, source_text: str,
          nearest_claim_before: bool = False, stance: str | None = None, stance_score: float | None = None,
          same_line: bool = False) -> np.ndarray:
    """The facts of place of one (target, source) pair, as :data:`PLACE` orders them. ``scope``:
    ``inside`` (one comment), ``across`` (a reply) or ``quote``; ``offset``: the target's index minus the
    source's inside a comment (0 across); ``stance`` and its ``stance_score``: the stance model's
    reading of the reply toward the comment it answers (across only); ``same_line``: both units on
    one line of their comment.

    >>> dict(zip(PLACE, place("inside", -1, "claim", "premise", "Tea is good.", "It calms?").tolist()))["before"]
    1.0
    """
    f = dict.fromkeys(PLACE, 0.0)
    f["inside" if scope == "inside" else "across"] = 1.0
    f["quote"] = float(scope == "quote")
    if scope == "inside":
        f["before"] = float(offset < 0)
        f["adjacent"] = float(abs(offset) == 1)
        f["far"] = float(abs(offset) > 2)
        f["distance"] = max(-6, min(2, offset)) / 6
    f["target_main"] = float(target_role == "main_claim")
    f["nearest_claim_before"] = float(nearest_claim_before)
    f["target_claim"] = float(target_role == "claim")
    f["target_premise"] = float(target_role == "premise")
    f["source_claim"] = float(source_role in ("claim", "main_claim"))
    f["source_premise"] = float(source_role == "premise")
    f["target_question"] = float(is_question(target_text))
    f["source_question"] = float(is_question(source_text))
    f["target_short"] = float(len(words(target_text)) < 5)
    f["source_short"] = float(len(words(source_text)) < 5)
    f["opens_no"] = float(bool(_OPENS_NO.match(source_text)))
    f["opens_yes"] = float(bool(_OPENS_YES.match(source_text)))
    f["opens_because"] = float(bool(_OPENS_BECAUSE.match(source_text)))
    f["opens_so"] = float(bool(_OPENS_SO.match(source_text)))
    f["same_line"] = float(same_line)
    f["overlap"] = similarity(content(target_text), content(source_text))
    if scope != "inside" and stance in STANCES:
        f[f"stance_{stance}"] = float(stance_score if stance_score is not None else 1.0)
    return np.array([f[k] for k in PLACE], dtype=np.float32)


#: the facts enter the network scaled up, so that 30 of them weigh against 1,536 vector features
FACT_SCALE = 3.0


def pair_inputs(u: np.ndarray, v: np.ndarray, facts: np.ndarray) -> np.ndarray:
    """The model's input rows: target vectors ``u``, source vectors ``v`` (one row per pair) and
    their facts of place → ``[u, v, |u−v|, u⊙v, FACT_SCALE · facts]``."""
    return np.concatenate([u, v, np.abs(u - v), u * v, FACT_SCALE * facts], axis=1).astype(np.float32)


class RelationModel:
    """A two-layer network over :func:`pair_inputs` → calibrated P(none / supports / attacks).

    ``temperature`` divides the logits (fitted on CMV-modes valid); ``thresholds`` per scope
    (``inside`` / ``across``) are the least P(kind) a drawn link has."""

    def __init__(self, state: dict[str, np.ndarray], config: dict):
        self.w1, self.b1 = state["hidden.weight"].astype(np.float32), state["hidden.bias"].astype(np.float32)
        self.w2, self.b2 = state["out.weight"].astype(np.float32), state["out.bias"].astype(np.float32)
        self.config = config
        self.temperature = float(config.get("temperature", 1.0))
        self.thresholds = {k: float(v) for k, v in config.get("thresholds", {"inside": 0.5, "across": 0.7}).items()}

    @staticmethod
    @lru_cache(maxsize=2)
    def load(folder: str | None = None) -> RelationModel:
        """The shipped model (or one saved in ``folder``), loaded once per process."""
        from safetensors.numpy import load_file

        path = Path(folder) if folder else SHIPPED
        return RelationModel(load_file(str(path / WEIGHTS)), json.loads((path / CONFIG).read_text()))

    @staticmethod
    def fingerprint(folder: str | None = None) -> str:
        """SHA-256 of the relation model's weights and config in ``folder`` (default: the shipped one)."""
        from argmap.digest import files_hash

        return files_hash(Path(folder) if folder else SHIPPED, (WEIGHTS, CONFIG))

    def logits(self, x: np.ndarray) -> np.ndarray:
        """Uncalibrated scores, one row per input row of :func:`pair_inputs`."""
        h = np.maximum(x @ self.w1.T + self.b1, 0.0)
        return h @ self.w2.T + self.b2

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """Calibrated P(none / supports / attacks), one row per input row."""
        z = self.logits(x) / self.temperature
        z -= z.max(1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(1, keepdims=True)

    def min_score(self) -> float:
        """The lowest of the scope thresholds (what ``--min-relation-score`` overrides)."""
        return min(self.thresholds.values())


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
    found = quote_place(quote, comment.text)
    if found is None:
        return None
    a, b = found
    return [max(0, min(b, u.end) - max(a, u.start)) / max(1, u.end - u.start) for u in units]


def quotes_before(comment: Comment) -> list[tuple[int, str]]:
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


def rank_facts(facts: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """``facts`` (rows: the candidates of one unit in one scope) with each pair's embedding cosine
    and whether the candidate has the most word overlap / the highest cosine among them (a copy).

    >>> f = np.zeros((2, len(PLACE)), np.float32); f[:, PLACE.index("overlap")] = [0.1, 0.5]
    >>> out = rank_facts(f, np.eye(2, 3, dtype=np.float32), np.ones((2, 3), np.float32))
    >>> out[:, PLACE.index("best_overlap")].tolist(), out[:, PLACE.index("best_cosine")].tolist()
    ([0.0, 1.0], [1.0, 0.0])
    """
    out = facts.copy()
    cos = (u * v).sum(1)
    out[:, PLACE.index("cosine")] = cos
    out[:, PLACE.index("best_cosine")] = 0.0
    out[int(cos.argmax()), PLACE.index("best_cosine")] = 1.0
    overlap = out[:, PLACE.index("overlap")]
    out[:, PLACE.index("best_overlap")] = 0.0
    out[int(overlap.argmax()), PLACE.index("best_overlap")] = 1.0
    return out


def scope_groups(cands: Sequence[Candidate]) -> list[list[int]]:
    """Indices of one unit's candidates inside its comment, and of those across (each non-empty)."""
    groups = [[j for j, c in enumerate(cands) if (c.via == "premise") == inside] for inside in (True, False)]
    return [g for g in groups if g]


def scored_facts(cands: Sequence[Candidate], vecs: np.ndarray) -> np.ndarray:
    """The facts of one unit's candidates with :func:`rank_facts` filled in per scope."""
    facts = np.stack([c.facts for c in cands])
    for g in scope_groups(cands):
        facts[g] = rank_facts(facts[g], vecs[[cands[j].target for j in g]], vecs[[cands[j].source for j in g]])
    return facts


@dataclass
class Candidate:
    """One (source unit, target unit) pair the model scores: claim indices into ``thread.claims``."""

    source: int
    target: int
    via: str  # premise | model | quote
    facts: np.ndarray


def candidates(thread: Thread) -> list[list[Candidate]]:
    """Per unit of ``thread.claims`` that may link (not a main claim): its candidate targets.

    Across a reply, a claim (or any unit of a reply without claims) under a ``> quote`` gets only
    the quoted unit."""
    index = {u.id: i for i, u in enumerate(thread.claims)}
    by_comment: dict[str, list[Claim]] = {}
    for u in thread.claims:
        by_comment.setdefault(u.comment_id, []).append(u)
    out: list[list[Candidate]] = []
    for c in thread.comments:
        units = by_comment.get(c.id, [])
        if not units:
            continue
        parent = thread.by_id.get(c.parent_id) if c.parent_id else None
        movers = {x.id for x in units if x.role == "claim"} or {x.id for x in units}
        quotes = quotes_before(c) if parent is not None else []
        answered: dict[int, tuple[Comment, list[float] | None]] = {}
        for k, u in enumerate(units):
            if u.role == "main_claim":
                continue
            claims_before = [i for i in range(k) if units[i].role in ("claim", "main_claim")]
            nearest = claims_before[-1] if claims_before else None
            line = c.text.count("\n", 0, u.start)
            cands = [Candidate(index[u.id], index[units[i].id], "premise",
                               place("inside", i - k, units[i].role, u.role, units[i].text, u.text, i == nearest,
                                     same_line=c.text.count("\n", 0, units[i].start) == line))
                     for i in range(len(units))
                     if i != k and (-WINDOW[0] <= i - k <= WINDOW[1] or units[i].role == "main_claim")]
            if parent is not None:
                key = max((end for end, _ in quotes if end <= u.start), default=-1)
                if key not in answered:
                    answered[key] = _target_comment(thread, c, parent, u, quotes, by_comment)
                target, qs = answered[key]
                across = by_comment.get(target.id, [])
                if across and qs is not None and u.id in movers:  # the quote names the target
                    best = across[int(np.argmax(qs))]
                    out.append([*cands, Candidate(index[u.id], index[best.id], "quote",
                                                  place("quote", 0, best.role, u.role, best.text, u.text, False,
                                                        c.stance, c.stance_score))])
                    continue
                cands += [Candidate(index[u.id], index[x.id], "model",
                                    place("across", 0, x.role, u.role, x.text, u.text, False, c.stance,
                                          c.stance_score)) for x in across]
            if cands:
                out.append(cands)
    return out


def claim_vectors(threads: Sequence[Thread], encoder: Encoder) -> list[np.ndarray]:
    """Each thread's unit embeddings (rows in ``thread.claims`` order; one encoder call, batches
    never mixing threads, each distinct text of a thread embedded once), also set on the units
    (``Claim.vector``), where :func:`link_claims` and the key points read them."""
    from argmap.nlp.keypoints import point_vectors

    texts = [u.text for t in threads for u in t.claims]
    groups = [n for n, t in enumerate(threads) for _ in t.claims]
    flat = point_vectors(texts, encoder, groups=groups) if texts else np.zeros((0, 0), np.float32)
    out, start = [], 0
    for t in threads:
        out.append(flat[start:start + len(t.claims)])
        for u, v in zip(t.claims, out[-1], strict=True):
            u.vector = v
        start += len(t.claims)
    return out


def claim_matrix(claims: Sequence[Claim]) -> np.ndarray:
    """The claims' vectors (``Claim.vector``, set by :func:`claim_vectors`), one row per claim;
    ``(0, 0)`` for no claims.

    >>> claim_matrix([]).shape
    (0, 0)
    """
    if not claims:
        return np.zeros((0, 0), np.float32)
    missing = [c.id for c in claims if c.vector is None]
    if missing:
        raise ValueError(f"claims without a vector (claim_vectors sets them): {', '.join(missing[:5])}")
    return np.stack([c.vector for c in claims])


def decide(probs: np.ndarray, cands: Sequence[Candidate], thresholds: dict[str, float],
           stance: str | None) -> tuple[int, str, float] | None:
    """The link one unit draws from its candidates' probabilities: ``(candidate index, kind,
    probability)``, or ``None``. Links to an opening question are never drawn; a link across a reply
    (quoted or not) takes the kind its stance gives, and none is drawn from a neutral reply or a
    question; a quote's target is linked whatever its score; otherwise the likeliest (candidate,
    kind) is drawn when it passes the threshold of its scope.

    >>> c = [Candidate(1, 0, "model", place("across", 0, "claim", "claim", "Tea.", "No."))]
    >>> decide(np.array([[0.1, 0.2, 0.7]]), c, {"inside": 0.5, "across": 0.6}, "attack")
    (0, 'attacks', 0.7)
    >>> decide(np.array([[0.1, 0.2, 0.7]]), c, {"inside": 0.5, "across": 0.6}, "support") is None
    True
    """
    agreed = AGREES.get(stance or "")
    silent = stance in ("neutral", "query")
    best: tuple[int, str, float] | None = None
    for j, (p, cand) in enumerate(zip(probs, cands, strict=True)):
        if cand.facts[PLACE.index("target_question")] and cand.facts[PLACE.index("target_main")]:
            continue
        if cand.via == "quote":
            if silent:
                return None
            kind = agreed or LABELS[1 + int(p[2] > p[1])]
            return j, kind, float(p[LABELS.index(kind)])
        if cand.via == "premise" or (agreed is None and not silent):
            kinds: tuple[str, ...] = ("supports", "attacks")
        else:
            kinds = (agreed,) if agreed else ()
        for kind in kinds:
            score = float(p[LABELS.index(kind)])
            if best is None or score > best[2]:
                best = (j, kind, score)
    if best is None or best[2] < thresholds["inside" if cands[best[0]].via == "premise" else "across"]:
        return None
    return best


def link_claims(threads: Sequence[Thread], model: RelationModel, min_score: float | None = None) -> None:
    """Set ``thread.claim_relations`` from ``thread.claims`` (with their vectors, ``Claim.vector``, as
    :func:`claim_vectors` sets them) and each reply's comment-level stance, with one model call
    for all threads. Each unit draws at most one link (:func:`decide`), and two units never link
    to each other; ``min_score`` replaces the model's thresholds (both scopes)."""
    jobs: list[tuple[Thread, np.ndarray, list[Candidate]]] = []
    for t in threads:
        if found := candidates(t):
            vecs = claim_matrix(t.claims)
            jobs += [(t, vecs, cands) for cands in found]
    probs = None
    if jobs:
        u = np.concatenate([vecs[[c.target for c in cands]] for _, vecs, cands in jobs])
        v = np.concatenate([vecs[[c.source for c in cands]] for _, vecs, cands in jobs])
        facts = np.concatenate([scored_facts(cands, vecs) for _, vecs, cands in jobs])
        probs = model.probabilities(pair_inputs(u, v, facts))
    thresholds = dict.fromkeys(model.thresholds, min_score) if min_score is not None else model.thresholds
    for t in threads:
        t.claim_relations = []
    start = 0
    for t, _vecs, cands in jobs:
        p = probs[start:start + len(cands)]
        start += len(cands)
        src = t.claims[cands[0].source]
        stance = t.by_id[src.comment_id].stance
        found = decide(p, cands, thresholds, stance)
        if found is not None:
            j, kind, score = found
            t.claim_relations.append(ClaimRelation(src.id, t.claims[cands[j].target].id, kind, round(score, 4),
                                                   cands[j].via))
    for t in threads:
        t.claim_relations = _no_pairs_both_ways(t.claim_relations)


def _no_pairs_both_ways(relations: list[ClaimRelation]) -> list[ClaimRelation]:
    """Where two units link to each other, only the likelier link (the earlier on a tie) stays.

    >>> rs = [ClaimRelation("a", "b", "supports", 0.6, "premise"), ClaimRelation("b", "a", "supports", 0.7, "premise")]
    >>> [(r.source, r.target) for r in _no_pairs_both_ways(rs)]
    [('b', 'a')]
    """
    by_pair = {(r.source, r.target): r for r in relations}
    return [r for r in relations
            if not ((back := by_pair.get((r.target, r.source))) and (back.score, -relations.index(back))
                    > (r.score, -relations.index(r)))]
