"""Key points: the few short claims that stand for a group of claims saying the same thing.

Extractive: a key point is one of the input texts (a claim of the thread, or a CSV row), chosen for
being concise, self-contained and central in its group, and it names where it came from.

* :class:`Matcher` scores (claim, key point) pairs of one group in [0, 1]: a small MLP head
  (trained by :mod:`argmap.lab.keypoints_train` on ArgKP train) over group-relative features of
  the offline MiniLM cosine similarities (:func:`group_features`). Weights:
  ``argmap/nlp/keypoint_model/``.
* :func:`select_key_points` picks key points from candidates by greedy coverage: each step takes
  the candidate whose matched texts (score ≥ the threshold, not yet covered) weigh most, times its
  quality; it stops at ``k`` or when a key point would stand for fewer than ``min_support`` texts.
* :func:`assign` gives each text its best key point when the score reaches the threshold.

Work is linear in the texts: every text is scored against at most ``max_candidates`` candidates.

>>> quality("Uniforms save parents money.") > quality("it is")
True
>>> quality("Do you really think so?") < quality("School uniforms reduce bullying.")
True
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from argmap.text import KEYPOINT_STOP_WORDS, LETTERS, WORD_CHARS, is_quote, squash, words_outside

SHIPPED = Path(__file__).with_name("keypoint_model")
WEIGHTS = "keypoint_matcher.safetensors"
CONFIG = "keypoint_config.json"
#: Tokens the encoder reads per text when matching (ArgKP arguments are one or two sentences).
MAX_TOKENS = 64

_DANGLING = {"it", "this", "that", "they", "these", "those", "he", "she", "which", "and", "but", "or",
             "so", "because", "also", "yes", "no", "lol", "exactly", "agreed", "same", "edit"}


def n_words(text: str) -> int:
    """Word count.

    >>> n_words("Tea isn't coffee.")
    3
    """
    return len(WORD_CHARS.findall(text))


def quality(text: str, lo: int = 5, hi: int = 25) -> float:
    """How good ``text`` would be as a key point, in [0, 1]: concise (``lo``–``hi`` words best),
    a statement (not a question or a link), self-contained (does not open on a pronoun or a
    connective that points elsewhere).

    >>> round(quality("School uniforms reduce bullying at school."), 2)
    1.0
    >>> quality("")
    0.0
    """
    words = WORD_CHARS.findall(text.lower())
    n = len(words)
    if n < 2:
        return 0.0
    q = 1.0 if lo <= n <= hi else max(0.1, 1.0 - 0.12 * (lo - n if n < lo else n - hi))
    if text.rstrip().endswith("?"):
        q *= 0.3
    if words[0] in _DANGLING:
        q *= 0.5
    if "http" in text or "www." in text:
        q *= 0.3
    if is_quote(text, escaped=False):
        q *= 0.1
    return float(q)


#: A key point has from 5 to 20 words (after its lead-in is stripped).
KP_MIN_WORDS, KP_MAX_WORDS = 5, 20
_LEAD_IN = re.compile(
    r"^(?:\s*(?:(?:i|we)\s+(?:really\s+|do\s+|still\s+|honestly\s+)?(?:think|believe|feel|guess|suspect|"
    r"reckon|agree|would\s+say|would\s+argue|'d\s+say|'d\s+argue)(?:\s+that|\s+like)?|"
    r"i'm\s+(?:pretty\s+|fairly\s+)?(?:sure|convinced)(?:\s+that)?|imo|imho|in\s+my\s+(?:opinion|view|experience)|"
    r"to\s+be\s+(?:clear|fair|honest)|also|and|but|so|well|yes|yeah|no|nope|honestly|frankly|personally|"
    r"basically|actually|of\s+course|i\s+mean|edit|plus|anyway|again|however|still|ok|okay|sure|"
    r"then|now|look|listen|oh|ah|hm+|in\s+any\s+case|that\s+said|that\s+being\s+said|for\s+what\s+it's\s+worth|fwiw|tbh|btw)\b[\s,:;.!\u2014\u2013-]*)+",
    re.IGNORECASE)
#: Openings that point at something said before (a pronoun or a determiner without its antecedent),
#: address the other commenter, speak of oneself, or talk about the talk.
_ANAPHORIC = frozenset(("it", "it's", "its", "this", "that", "that's", "these", "those", "they", "they're", "them",
                        "their", "he", "he's", "she", "she's", "his", "her", "him", "such", "which", "here", "same",
                        "both", "another", "you", "you're", "your", "you've", "i", "i'm", "i've", "i'd", "i'll",
                        "me", "my", "op", "lol", "exactly", "agreed", "why", "how", "what"))
_ANAPHORIC_2 = frozenset(("a similar", "the same", "the other", "the former", "the latter", "the above",
                          "the article", "the post", "the op", "this is", "not saying", "not talking",
                          "all those", "all these", "not sure", "because of", "in that"))


def strip_lead_in(text: str) -> str:
    """``text`` without a leading "I think", "Also,", "To be clear," … (capitalised again).

    >>> strip_lead_in("I think that uniforms save money.")
    'Uniforms save money.'
    >>> strip_lead_in("To be clear, also: remote work saves commuting time.")
    'Remote work saves commuting time.'
    >>> strip_lead_in("Sobering data.")
    'Sobering data.'
    """
    rest = _LEAD_IN.sub("", text.strip(), count=1).strip()
    if not rest or rest == text.strip():
        return text.strip()
    return rest[0].upper() + rest[1:]


def candidate_problem(text: str) -> str | None:
    """Why ``text`` (lead-in already stripped) cannot be a key point, or None when it can: ``length``
    (not 5–20 words), ``question``, ``link``, ``quote`` (a ``>`` quote), ``pronoun`` (opens on a
    pronoun or determiner without its antecedent, on "I" or "you", or talks about the talk).

    >>> candidate_problem("School uniforms reduce bullying at school.") is None
    True
    >>> [candidate_problem(t) for t in ("Too short.", "Is this really true, do you think?",
    ...  "It makes the company look weak to investors.", "A similar thing is playing out with AI.")]
    ['length', 'question', 'pronoun', 'pronoun']
    """
    words = WORD_CHARS.findall(text.lower())
    if not KP_MIN_WORDS <= len(words) <= KP_MAX_WORDS:
        return "length"
    if is_quote(text, escaped=False):
        return "quote"
    if "http" in text or "www." in text:
        return "link"
    if "?" in text:
        return "question"
    if words[0] in _ANAPHORIC or " ".join(words[:2]) in _ANAPHORIC_2:
        return "pronoun"
    return None


def key_point_text(text: str) -> str | None:
    """The wording of ``text`` as a key point (lead-in stripped, :data:`KP_MIN_WORDS` –
    :data:`KP_MAX_WORDS` words, self-contained), or None when it cannot be one.

    >>> key_point_text("Also, remote workers get more done in fewer hours.")
    'Remote workers get more done in fewer hours.'
    >>> key_point_text("I'm not saying that people who currently work on Grok are not great.") is None
    True
    """
    out = strip_lead_in(text)
    return out if candidate_problem(out) is None else None


FEATURES = ("cos", "margin", "row_centred", "row_z", "col_centred", "col_z", "log_words", "kp_log_words")
#: Lexical features appended by :func:`lexical_features` for matchers whose config lists them.
LEXICAL = ("kp_overlap", "kp_overlap_row_centred", "row_softmax", "row_rank", "text_overlap",
           "kp_overlap_col_centred")


def content_words(text: str) -> frozenset[str]:
    """Lower-cased content words of ``text`` (stop words and words under 3 letters out, a final
    "s" dropped): what :func:`lexical_features` compares.

    >>> sorted(content_words("Uniforms save parents money"))
    ['money', 'parent', 'save', 'uniform']
    """
    return frozenset(w.rstrip("s") for w in words_outside(text, KEYPOINT_STOP_WORDS, LETTERS))


def lexical_features(cos: np.ndarray, texts: Sequence[str], kp_texts: Sequence[str]) -> np.ndarray:
    """The :data:`LEXICAL` features of every (text, key point) pair of one group: the share of the
    key point's content words found in the text (raw, centred on the text's row and on the key
    point's column), the share of the text's content words found in the key point, and the pair's
    softmax (temperature 0.05) and rank among the text's key points by cosine.

    >>> f = lexical_features(np.array([[0.9, 0.2]]), ["Uniforms save money."], ["They save money", "Bullying"])
    >>> f.shape, float(f[0, 0, 0]), float(f[0, 1, 3])
    ((1, 2, 6), 1.0, 1.0)
    """
    s = np.asarray(cos, dtype=np.float32)
    ta, tk = [content_words(t) for t in texts], [content_words(t) for t in kp_texts]
    ov = np.array([[len(a & k) / max(len(k), 1) for k in tk] for a in ta], dtype=np.float32).reshape(s.shape)
    ova = np.array([[len(a & k) / max(len(a), 1) for k in tk] for a in ta], dtype=np.float32).reshape(s.shape)
    e = np.exp((s - s.max(1, keepdims=True)) / 0.05)
    soft = e / e.sum(1, keepdims=True)
    rank = (s[:, :, None] < s[:, None, :]).sum(2).astype(np.float32)
    return np.stack([ov, ov - ov.mean(1, keepdims=True), soft, rank, ova, ov - ov.mean(0, keepdims=True)], -1)


def group_features(cos: np.ndarray, words: np.ndarray, kp_words: np.ndarray,
                   texts: Sequence[str] | None = None, kp_texts: Sequence[str] | None = None) -> np.ndarray:
    """Features of every (text, key point) pair of one group from their cosine matrix ``cos``
    (texts × key points) and word counts (:data:`FEATURES`, last axis): the cosine; its margin
    over the text's best other key point; the cosine centred (and z-scored) on the text's row and
    on the key point's column; both lengths (log). Relative features carry over between topics
    where raw embedding dimensions do not (the model card has the comparison). With ``texts`` and
    ``kp_texts``, the :data:`LEXICAL` features follow.

    >>> group_features(np.array([[0.9, 0.2], [0.1, 0.3]]), np.array([5, 9]), np.array([4, 4])).shape
    (2, 2, 8)
    >>> round(float(group_features(np.array([[0.9, 0.2]]), np.array([5]), np.array([4, 4]))[0, 0, 1]), 3)
    0.7
    """
    s = np.asarray(cos, dtype=np.float32)
    n, c = s.shape
    top = np.sort(s, axis=1)
    best = top[:, -1:]
    second = top[:, -2:-1] if c > 1 else best
    other = np.where(s >= best, second, best)
    rmean, rstd = s.mean(1, keepdims=True), s.std(1, keepdims=True) + 1e-3
    cmean, cstd = s.mean(0, keepdims=True), s.std(0, keepdims=True) + 1e-3
    lw = np.broadcast_to(np.log1p(np.asarray(words, dtype=np.float32))[:, None], s.shape)
    lk = np.broadcast_to(np.log1p(np.asarray(kp_words, dtype=np.float32))[None, :], s.shape)
    out = np.stack([s, s - other, s - rmean, (s - rmean) / rstd, s - cmean, (s - cmean) / cstd, lw, lk], -1)
    if texts is not None and kp_texts is not None:
        out = np.concatenate([out, lexical_features(s, texts, kp_texts)], -1)
    return out


@dataclass
class Matcher:
    """The (claim, key point) scorer: standardised :func:`group_features` → MLP (ReLU) → sigmoid.

    ``layers`` is a list of ``(weight, bias)``; a single layer is a logistic regression. Scores
    are for one group at a time (a topic × stance, a thread, a CSV group): a text's score for a
    key point depends on how it compares with the group's other texts and key points.
    """

    layers: list[tuple[np.ndarray, np.ndarray]]
    mean: np.ndarray
    scale: np.ndarray
    config: dict = field(default_factory=dict)

    @property
    def threshold(self) -> float:
        """Score from which a text counts as matching a key point (chosen on held-out train)."""
        return float(self.config.get("threshold", 0.5))

    @staticmethod
    @lru_cache(maxsize=2)
    def load(folder: str | None = None) -> Matcher:
        """The matcher in ``folder`` (default: the one shipped in argmap), loaded once."""
        from safetensors.numpy import load_file

        path = Path(folder) if folder else SHIPPED
        config = json.loads((path / CONFIG).read_text(encoding="utf-8"))
        state = {k: v.astype(np.float32) for k, v in load_file(str(path / WEIGHTS)).items()}
        layers = [(state[f"w{i}"], state[f"b{i}"]) for i in range(int(config["n_layers"]))]
        return Matcher(layers, state["mean"], state["scale"], config)

    @staticmethod
    def fingerprint(folder: str | None = None) -> str:
        """SHA-256 of the matcher's weights and config in ``folder`` (default: the shipped one), plus
        the per-thread settings a thread's key points depend on."""
        from argmap.digest import files_hash

        settings = (f"k={THREAD_K}|min={THREAD_MIN_SUPPORT}|th={THREAD_THRESHOLD}|cos={THREAD_MIN_COSINE}"
                    f"|tokens={MAX_TOKENS}|vectors=cached")  # graphs cached before carry no claim vectors
        return f"{files_hash(Path(folder) if folder else SHIPPED, (WEIGHTS, CONFIG))}|{settings}"

    def score_features(self, x: np.ndarray) -> np.ndarray:
        """Match probability of each row of features (last axis :data:`FEATURES`)."""
        h = (x.reshape(-1, x.shape[-1]) - self.mean) / self.scale
        for i, (w, b) in enumerate(self.layers):
            h = h @ w + b
            if i < len(self.layers) - 1:
                h = np.maximum(h, 0.0)
        return (1.0 / (1.0 + np.exp(-h[:, 0]))).reshape(x.shape[:-1]).astype(np.float32)

    @property
    def lexical(self) -> bool:
        """Whether the head also reads the :data:`LEXICAL` features (then the texts are needed)."""
        return len(self.mean) > len(FEATURES)

    def score_matrix(self, u: np.ndarray, v: np.ndarray, words: Sequence[int], kp_words: Sequence[int],
                     sources: Sequence[int] | None = None, min_cosine: float | None = None,
                     texts: Sequence[str] | None = None, kp_texts: Sequence[str] | None = None,
                     stances: Sequence[int | None] | None = None,
                     kp_stances: Sequence[int | None] | None = None) -> np.ndarray:
        """``len(u) × len(v)`` scores of one group: every text (unit vectors ``u``, word counts
        ``words``) against every key point (``v``, ``kp_words``).

        ``sources[j]`` is the row of the text key point ``j`` was taken from (extraction): that
        pair scores 1, and its cosine (1.0) is replaced by the row's best other cosine before the
        group features are computed, so a text's match with itself does not crowd out the rest.
        Pairs whose cosine is below ``min_cosine`` score 0. ``texts`` and ``kp_texts`` are needed
        by a :attr:`lexical` head. With ``stances`` and ``kp_stances`` (pro 1 / con -1, None or 0:
        unknown), a key point never takes a text of the opposite stance: that pair scores 0.

        >>> m = Matcher.load()
        >>> u = np.eye(3, dtype=np.float32)[[0, 0, 1]]
        >>> s = m.score_texts(u, u[:1], ["Tea is good for you."] * 3, ["Tea is good for you."],
        ...                   stances=[1, -1, 1], kp_stances=[1])
        >>> float(s[1, 0]), bool(s[0, 0] > 0)
        (0.0, True)
        """
        if not len(u) or not len(v):
            return np.zeros((len(u), len(v)), dtype=np.float32)
        if self.lexical and (texts is None or kp_texts is None):
            raise ValueError("this matcher reads the texts: pass texts and kp_texts")
        cos = u @ v.T
        floored = cos < min_cosine if min_cosine is not None else None
        if sources is not None:
            rows, cols = np.asarray(sources, dtype=int), np.arange(len(sources))
            masked = cos.copy()
            masked[rows, cols] = -np.inf
            stand_in = masked[rows].max(1) if cos.shape[1] > 1 else np.zeros(len(rows), np.float32)
            cos = cos.copy()
            cos[rows, cols] = stand_in
        lex = (texts, kp_texts) if self.lexical else (None, None)
        out = self.score_features(group_features(cos, np.asarray(words), np.asarray(kp_words), *lex))
        if sources is not None:
            out[rows, cols] = 1.0
        if floored is not None:
            out[floored] = 0.0
        if stances is not None and kp_stances is not None:
            a = np.array([x or 0 for x in stances], dtype=int)[:, None]
            b = np.array([x or 0 for x in kp_stances], dtype=int)[None, :]
            out[(a * b) < 0] = 0.0
        return out

    def score_texts(self, u: np.ndarray, v: np.ndarray, texts: Sequence[str], kp_texts: Sequence[str],
                    **kwargs) -> np.ndarray:
        """:meth:`score_matrix` with word counts taken from the texts."""
        return self.score_matrix(u, v, [n_words(t) for t in texts], [n_words(t) for t in kp_texts],
                                 texts=texts, kp_texts=kp_texts, **kwargs)


def embed(texts: Sequence[str], encoder=None, groups: Sequence[int] | None = None) -> np.ndarray:  # noqa: ANN001
    """Unit embeddings of ``texts`` with ``encoder`` (default: the offline MiniLM), read up to
    :data:`MAX_TOKENS` tokens; ``groups``: one id per text, batches never mix groups."""
    if encoder is None:
        from argmap.nlp.encoder import Encoder

        encoder = Encoder.get()
    return encoder.embed(list(texts), max_length=MAX_TOKENS, groups=None if groups is None else list(groups))


def candidate_order(texts: Sequence[str], max_candidates: int) -> list[int]:
    """Indices of the texts worth trying as key points: those with a :func:`key_point_text`, best
    :func:`quality` first (shorter first on ties), distinct wordings only, at most ``max_candidates``.

    >>> candidate_order(["Tea is better than coffee, always.", "it", "Tea is better than coffee, always.",
    ...                  "Coffee wins every single time."], 5)
    [3, 0]
    """
    seen: set[str] = set()
    forms = [key_point_text(t) for t in texts]
    order = sorted((i for i, f in enumerate(forms) if f), key=lambda i: (-quality(forms[i]), len(forms[i]), i))
    out = []
    for i in order:
        key = squash(forms[i])
        if quality(forms[i]) <= 0.3 or key in seen:
            continue
        seen.add(key)
        out.append(i)
        if len(out) >= max_candidates:
            break
    return out


def select_key_points(scores: np.ndarray, qualities: Sequence[float], threshold: float, k: int = 10,
                      min_support: int = 2, weights: Sequence[float] | None = None,
                      sources: Sequence[int] | None = None) -> list[int]:
    """Greedy coverage: columns (candidates) of ``scores`` (texts × candidates) chosen as key points.

    A candidate's gain is the summed weight of the texts it matches (score ≥ ``threshold``) that no
    chosen key point matches yet, times its quality. A chosen candidate also covers itself. With
    ``sources`` (the row each candidate was taken from), a candidate that a chosen key point already
    matches is not taken: it would repeat it.

    >>> s = np.array([[.9, .8, .1], [.8, .9, .1], [.7, .6, .2], [.1, .2, .9], [.1, .1, .8]])
    >>> select_key_points(s, [1, 1, 1], 0.5)
    [0, 2]
    """
    n, c = scores.shape
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    q = np.asarray(qualities, dtype=float)
    hit = scores >= threshold
    covered = np.zeros(n, dtype=bool)
    chosen: list[int] = []
    while len(chosen) < min(k, c):
        gain_count = (hit & ~covered[:, None]).sum(0)
        gain = ((hit & ~covered[:, None]) * w[:, None]).sum(0) * q
        # the mean score over matched texts breaks ties: the most central candidate wins
        central = (scores * hit).sum(0) / np.maximum(hit.sum(0), 1)
        gain = gain + 1e-3 * central
        gain[chosen] = -1
        if sources is not None:
            gain[covered[np.asarray(sources, dtype=int)]] = -1
        best = int(np.argmax(gain))
        if gain[best] <= 0:
            break
        if gain_count[best] < min_support:
            gain[gain_count < min_support] = -1  # another candidate may still qualify
            best = int(np.argmax(gain))
            if gain[best] <= 0:
                break
        chosen.append(best)
        covered |= hit[:, best]
    return chosen


def assign(scores: np.ndarray, threshold: float) -> list[int | None]:
    """Each text's best key point (column) when its score reaches ``threshold``, else None.

    >>> assign(np.array([[.2, .7], [.4, .3]]), 0.5)
    [1, None]
    """
    if scores.shape[1] == 0:
        return [None] * scores.shape[0]
    best = scores.argmax(1)
    return [int(b) if scores[i, b] >= threshold else None for i, b in enumerate(best)]


@dataclass
class KeyPoints:
    """Key points of one group of texts: ``chosen`` (indices into the texts), ``scores`` (texts ×
    key points) and each text's key point (index into ``chosen``) or None."""

    chosen: list[int]
    scores: np.ndarray
    members: list[int | None]

    def counts(self) -> list[int]:
        """Texts assigned to each key point."""
        return [sum(1 for m in self.members if m == j) for j in range(len(self.chosen))]


#: Candidates closer than this (cosine) to a better one are left out: near-copies of a candidate
#: would only compete with it for the same texts.
SAME_CANDIDATE = 0.95


def distinct_candidates(vectors: np.ndarray, order: Sequence[int], same: float = SAME_CANDIDATE) -> list[int]:
    """``order`` without the candidates whose cosine with an earlier kept one reaches ``same``.

    >>> distinct_candidates(np.array([[1.0, 0.0], [0.99, 0.14], [0.0, 1.0]]), [0, 1, 2])
    [0, 2]
    """
    kept: list[int] = []
    for i in order:
        if not kept or float((vectors[kept] @ vectors[i]).max()) < same:
            kept.append(i)
    return kept


def select_beside_chosen(score, cand: Sequence[int], qualities: Sequence[float], threshold: float,  # noqa: ANN001
                         k: int, min_support: int, weights: Sequence[float] | None = None,
                         groups: Sequence | None = None, min_groups: int = 1) -> list[int]:
    """Greedy choice of key points among the candidates ``cand`` (text indices): each step scores
    every text against the chosen key points plus one candidate (``score(columns)`` → texts ×
    columns), as the matcher was trained (texts against distinct key points); the candidate's gain
    is the weight of the texts it would take (score ≥ ``threshold`` and their best) times its
    quality. It must take ``min_support`` texts from ``min_groups`` groups; a candidate that a
    chosen key point already takes would repeat it and is passed over."""
    chosen: list[int] = []
    q = dict(zip(cand, qualities, strict=True))
    taken = np.zeros(0, dtype=bool)
    while len(chosen) < k:
        best, best_gain = None, 0.0
        for c in cand:
            if c in chosen or (chosen and taken[c]):
                continue
            sc = score([*chosen, c])
            took = np.flatnonzero((sc[:, -1] >= threshold) & (sc[:, -1] >= sc.max(1)))
            if len(took) < min_support or (groups is not None and len({groups[r] for r in took}) < min_groups):
                continue
            gain = (len(took) if weights is None else float(np.asarray(weights)[took].sum())) * q[c]
            gain += 1e-3 * float(sc[took, -1].mean())
            if gain > best_gain:
                best, best_gain = c, gain
        if best is None:
            break
        chosen.append(best)
        taken = score(chosen).max(1) >= threshold
    return chosen


def extract(vectors: np.ndarray, texts: Sequence[str], matcher: Matcher, k: int = 10, min_support: int = 2,
            max_candidates: int = 64, weights: Sequence[float] | None = None,
            threshold: float | None = None, min_cosine: float = -1.0,
            stances: Sequence[int | None] | None = None,
            groups: Sequence | None = None, min_groups: int = 1, beside_chosen: bool = False) -> KeyPoints:
    """Key points of one group: candidates (:func:`candidate_order`) scored against every text,
    chosen by :func:`select_key_points`, then every text scored against the chosen ones and
    assigned (:func:`assign`). The chosen key points are ordered by how many texts they hold.

    A key point must hold at least ``min_support`` texts (itself included) and, with ``groups``
    (one id per text, e.g. its comment), texts from at least ``min_groups`` groups, once every text
    is assigned; those that fall short are dropped and their texts assigned again. (While choosing,
    a candidate needs only 2: scored beside its own paraphrases among the candidates, a text's
    score for each of them is lower than beside the distinct key points finally kept.) With
    ``beside_chosen`` candidates are instead tried one at a time beside the key points already
    chosen (:func:`select_beside_chosen`): slower, but a group of paraphrases is not split among
    them (threads, where a key point needs 3 claims).

    ``threshold`` defaults to the matcher's; pairs with a cosine below ``min_cosine`` score 0 (an
    absolute floor, for groups where most texts match nothing, such as forum threads). With
    ``stances`` (one per text: 1 pro, -1 con, None unknown) a key point never takes a text of the
    opposite stance to the text it was taken from.
    """
    threshold = matcher.threshold if threshold is None else threshold
    cand = distinct_candidates(vectors, candidate_order(texts, max_candidates))
    n = len(texts)
    if not cand:
        return KeyPoints([], np.zeros((n, 0), np.float32), [None] * n)
    words = [n_words(t) for t in texts]

    def score(cols: list[int]) -> np.ndarray:
        if not cols:
            return np.zeros((n, 0), np.float32)
        return matcher.score_matrix(vectors, vectors[cols], words, [words[i] for i in cols], sources=cols,
                                    min_cosine=min_cosine, texts=texts, kp_texts=[texts[i] for i in cols],
                                    stances=stances, kp_stances=None if stances is None else [stances[i] for i in cols])

    if beside_chosen:
        chosen = select_beside_chosen(score, cand, [quality(texts[i]) for i in cand], threshold, k, min_support,
                                      weights, groups, min_groups)
    else:
        picked = select_key_points(score(cand), [quality(texts[i]) for i in cand], threshold, k,
                                   min(min_support, 2), weights, sources=cand)
        chosen = [cand[j] for j in picked]
    scores = score(chosen)
    members = assign(scores, threshold)
    while chosen:  # every key point keeps the support it needs once texts go to their best key point
        held = [[r for r, m in enumerate(members) if m == j] for j in range(len(chosen))]
        short = [j for j, rows in enumerate(held) if len(rows) < min_support
                 or (groups is not None and len({groups[r] for r in rows}) < min_groups)]
        if not short:
            break
        chosen = [c for j, c in enumerate(chosen) if j not in short]
        scores = score(chosen)
        members = assign(scores, threshold)
    order = sorted(range(len(chosen)), key=lambda j: -sum(1 for m in members if m == j))
    remap = {old: new for new, old in enumerate(order)}
    return KeyPoints([chosen[j] for j in order], scores[:, order],
                     [None if m is None else remap[m] for m in members])


# ---------------------------------------------------------------- key points of threads

#: Key points kept per thread, and the claims one must stand for (itself included).
THREAD_K = 8
THREAD_MIN_SUPPORT = 3
#: ... from at least this many comments.
THREAD_MIN_COMMENTS = 2
#: What the ✔ / ✘ counts of a key point count (the Outline and the docs say it).
COUNTS_DEFINITION = ("✔ / ✘: replies (comments answering one of the key point's claims) whose claims support / "
                     "attack one of its claims; each reply counted once, by its strongest link, so ✔ + ✘ is "
                     "never more than its replies")
#: Roles that can make or join a key point: premises are reasons given for a point, not points (and
#: leaving them out spares the encoder about a third of a thread's units).
POINT_ROLES = ("main_claim", "claim")
#: Forum claims are noisier than ArgKP arguments: a thread's claims join a key point from this score.
THREAD_THRESHOLD = 0.6
#: ... and only when their MiniLM cosine reaches this floor.
THREAD_MIN_COSINE = 0.55


Known = dict[tuple[int, str], np.ndarray]


def point_vectors(texts: Sequence[str], encoder=None, known: Known | None = None,  # noqa: ANN001
                  groups: Sequence[int] | None = None) -> np.ndarray:
    """:func:`embed` of ``texts``, each distinct text of a group (a thread) once; a text in ``known``
    (``(group, text)`` → the vector the run already has for that text, read the same way) is not
    embedded again. Batches never mix groups.

    >>> class Fake:
    ...     calls = []
    ...     def embed(self, texts, max_length=None, groups=None):
    ...         self.calls.append((list(texts), groups)); return np.eye(3, dtype=np.float32)[:len(texts)]
    >>> enc = Fake()
    >>> v = point_vectors(["a", "b", "a", "c"], enc, known={(0, "c"): np.full(3, 7.0, np.float32)})
    >>> enc.calls, v[:, 0].tolist(), v[3].tolist()
    ([(['a', 'b'], [0, 0])], [1.0, 0.0, 1.0, 7.0], [7.0, 7.0, 7.0])
    """
    known = known or {}
    keys = list(zip(groups if groups is not None else [0] * len(texts), texts, strict=True))
    todo = [k for k in dict.fromkeys(keys) if k not in known]
    vectors = embed([t for _, t in todo], encoder, groups=[g for g, _ in todo]) if todo else []
    fresh = dict(zip(todo, vectors, strict=True))
    dim = next(iter(fresh.values() or known.values()), np.zeros(0)).shape[-1] if texts else 0
    out = np.zeros((len(texts), dim), dtype=np.float32)
    for i, k in enumerate(keys):
        out[i] = fresh[k] if k in fresh else known[k]
    return out


def reply_counts(thread, claim_ids: set[str]) -> tuple[int, int, int]:  # noqa: ANN001
    """``(n_support, n_attack, n_replies)`` of a key point whose claims are ``claim_ids``: the
    replies are the comments answering one of them (replies to their comments, and comments whose
    claims link to them), outside those comments; a reply counts as supporting or attacking by its
    strongest link to the claims (once, however many of its claims link), so ✔ + ✘ ≤ replies.

    >>> from argmap.model import Claim, ClaimRelation, Comment, Thread
    >>> t = Thread("t", [Comment("a", None, text="x"), Comment("b", "a", text="y"), Comment("c", "a", text="z")],
    ...            claims=[Claim("a:0", "a", 0, 1, "x", "claim", 1), Claim("b:0", "b", 0, 1, "y", "claim", 1),
    ...                    Claim("b:1", "b", 0, 1, "y", "claim", 1)],
    ...            claim_relations=[ClaimRelation("b:0", "a:0", "attacks", 0.9, "model"),
    ...                             ClaimRelation("b:1", "a:0", "supports", 0.6, "model")])
    >>> reply_counts(t, {"a:0"})
    (0, 1, 2)
    """
    comment_of = {c.id: c.comment_id for c in thread.claims}
    own = {comment_of[c] for c in claim_ids if c in comment_of}
    replies = {c.id for c in thread.comments if c.parent_id in own and c.id not in own}
    strongest: dict[str, tuple[float, str]] = {}
    for r in thread.claim_relations:
        source = comment_of.get(r.source)
        if r.target not in claim_ids or source is None or source in own or r.kind not in ("supports", "attacks"):
            continue
        replies.add(source)
        if source not in strongest or r.score > strongest[source][0]:
            strongest[source] = (r.score, r.kind)
    kinds = [kind for _, kind in strongest.values()]
    return kinds.count("supports"), kinds.count("attacks"), len(replies)


def thread_key_points(threads: Sequence, matcher: Matcher, encoder=None, k: int = THREAD_K,  # noqa: ANN001
                      min_support: int = THREAD_MIN_SUPPORT, threshold: float = THREAD_THRESHOLD,
                      min_comments: int = THREAD_MIN_COMMENTS) -> None:
    """Fill ``thread.key_points`` of each thread from its claims (one encoder call for all threads),
    and ``thread.point_vectors`` with the claims' ``(ids, vectors)``. A claim's vector is its
    ``Claim.vector`` when it has one (the claims stage sets them, read the same way: nothing is
    embedded twice); the others are embedded (:func:`point_vectors`). A key point stands for at
    least ``min_support`` claims from at least ``min_comments`` comments, and reads as a key point
    (:func:`key_point_text`: its lead-in stripped).

    >>> from argmap.model import Claim, Comment, Thread
    >>> t = Thread("t", [Comment("a", None, author="x", text="Tea is good.")],
    ...            claims=[Claim("a:0", "a", 0, 12, "Tea is good.", "claim", 0.9)])
    >>> thread_key_points([t], Matcher.load()); t.key_points     # one claim: nothing repeats
    []
    >>> t.point_vectors[0], t.point_vectors[1].shape
    (['a:0'], (1, 384))
    """
    from collections import Counter

    from argmap.model import KeyPoint

    points = [[c for c in t.claims if c.role in POINT_ROLES] for t in threads]
    texts = [c.text for claims in points for c in claims]
    # every thread with a claim gets its vectors, so a thread's vectors do not depend on its batch
    groups = [n for n, claims in enumerate(points) for _ in claims]
    known = {(n, c.text): c.vector for n, claims in enumerate(points) for c in claims if c.vector is not None}
    vectors = point_vectors(texts, encoder, known, groups) if texts else None
    start = 0
    for t, claims in zip(threads, points, strict=True):
        end = start + len(claims)
        t.key_points = []
        t.point_vectors = ([c.id for c in claims], vectors[start:end]) if vectors is not None else None
        if vectors is None or len(claims) < min_support or len({c.comment_id for c in claims}) < min_comments:
            start = end
            continue
        found = extract(vectors[start:end], [c.text for c in claims], matcher, k=k, min_support=min_support,
                        threshold=threshold, min_cosine=THREAD_MIN_COSINE, groups=[c.comment_id for c in claims],
                        min_groups=min_comments, beside_chosen=True)
        start = end
        authors = {c.id: c.author for c in t.comments}
        for j, i in enumerate(found.chosen):
            members = [(claims[r].id, float(found.scores[r, j])) for r, m in enumerate(found.members) if m == j]
            ids = {cid for cid, _ in members}
            comments = {c.comment_id for c in claims if c.id in ids}
            n_support, n_attack, n_replies = reply_counts(t, ids)
            topics = Counter(c.topic for c in claims if c.id in ids and c.topic)
            t.key_points.append(KeyPoint(
                f"kp{j}", key_point_text(claims[i].text) or claims[i].text, claims[i].id, members,
                n_authors=len({authors[c] for c in comments if authors.get(c)}),
                n_support=n_support, n_attack=n_attack, topic=topics.most_common(1)[0][0] if topics else None,
                n_comments=len(comments), n_replies=n_replies))
