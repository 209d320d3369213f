"""Topics: each comment gets a topic, given as labels (``--topics``) or discovered and named.

A comment is placed by its *contextual* vector: its own embedding blended with its parent's
contextual vector (and, at the roots, the thread title), weighted by how much the comment says
itself. So a one-line reply such as "Yes but why?" inherits its parent's topic, while a long
reply mostly speaks for itself.

- With labels, each comment takes the label nearest its contextual vector, unless its own text
  matches another label clearly; a comment far from every label gets ``other``.
- Without labels, contextual vectors are clustered with k-means (k chosen for the thread size)
  and each cluster is named by its three most distinctive keywords (class-based TF-IDF), e.g.
  ``"deepseek · gpu · cost"``.

>>> from argmap.model import Comment, Thread
>>> t = Thread("t", [Comment("1", None, text="Pasta needs salted water."),
...                  Comment("2", "1", text="Yes but why?")])
>>> enc = Encoder.get()                                                  # doctest: +SKIP
>>> topics = assign_topics(t, enc.embed([c.text for c in t.comments]), ["cooking", "football"],
...                        encoder=enc)                                  # doctest: +SKIP
>>> [c.topic for c in t.comments]                                        # doctest: +SKIP
['cooking', 'cooking']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from argmap.model import Thread
from argmap.text import WORD_ANY_SCRIPT, topic_stop_words

if TYPE_CHECKING:
    from argmap.nlp.encoder import Encoder

__all__ = [
    "OTHER",
    "assign_topics",
    "choose_k",
    "cluster",
    "content_words",
    "contextual_embeddings",
    "discover",
    "informativeness",
    "label_text",
    "match_labels",
    "name_clusters",
]

OTHER = "other"

# Tuned on the DEBAGREEMENT *train* split (see argmap.lab.topics_eval); the val split reports.
CARRY = 1.0  # weight of the parent's contextual vector against a comment's own (full-weight) vector
TITLE_WEIGHT = 1.0  # weight of the thread title for root comments
FULL_WORDS = 6  # content words at which a comment counts as fully informative
MIN_SIMILARITY = 0.15  # contextual vector below this cosine to every label: "other"
OWN_FLOOR = 0.05  # a fully informative comment whose own text is below this to every label: "other"
OWN_OVERRIDE = 0.35  # own text this close to a label (and closer than to the context's label) wins

_ELISION = re.compile(r"^[^\W\d_]{1,2}['’](?=[^\W\d_]{3})")  # French/Italian l', d', qu' …
_URL = re.compile(r"https?://\S+|www\.\S+")


def content_words(text: str) -> list[str]:
    """Lower-case words of 3+ letters that are not English stopwords (URLs, contractions dropped;
    possessive ``'s`` stripped).

    >>> content_words("Yes but why? He's sure Trump's GPUs don't cost money, see https://x.org")
    ['trump', 'gpus', 'cost', 'money']
    """
    stop = topic_stop_words()
    words = [
        _ELISION.sub("", w).removesuffix("'s").removesuffix("’s")
        for w in WORD_ANY_SCRIPT.findall(_URL.sub(" ", text.lower()))
    ]
    return [w for w in words if len(w) >= 3 and w not in stop and "'" not in w and "’" not in w]


def informativeness(text: str, full: int = FULL_WORDS) -> float:
    """How much a comment says by itself, in [0, 1]: content words / ``full``, capped at 1.

    >>> informativeness("Yes but why?"), informativeness("Salted water boils at a higher temperature.")
    (0.0, 0.8333333333333334)
    """
    return min(1.0, len(content_words(text)) / full)


def _unit(m: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(m, axis=-1, keepdims=True)
    return m / np.maximum(norm, 1e-9)


def contextual_embeddings(
    embeddings: np.ndarray,
    parents: Sequence[int | None],
    weights: Sequence[float],
    root_context: np.ndarray | None = None,
    carry: float = CARRY,
    title_weight: float = TITLE_WEIGHT,
) -> np.ndarray:
    """Each row blended with its parent's contextual row: ``unit(w·own + carry·parent)``.

    Args:
        embeddings: one unit row per comment.
        parents: index of each comment's parent row, or None for a root.
        weights: informativeness of each comment (0 = inherits fully from its parent).
        root_context: optional unit vector (the thread title) that roots lean on.
        carry: weight of the parent's contextual vector.
        title_weight: weight of ``root_context`` for roots.

    Returns:
        Unit rows in the input order; parents are resolved before children whatever the order.

    >>> e = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> [[round(float(x), 1) for x in row] for row in contextual_embeddings(e, [None, 0], [1.0, 0.0])]
    [[1.0, 0.0], [1.0, 0.0]]
    """
    n = len(embeddings)
    out = np.zeros_like(embeddings, dtype=np.float32)
    done = np.zeros(n, dtype=bool)

    def resolve(i: int) -> None:
        chain = []
        seen: set[int] = set()
        j: int | None = i
        while j is not None and not done[j] and j not in seen:  # walk up to a resolved ancestor
            seen.add(j)
            chain.append(j)
            j = parents[j]
        for k in reversed(chain):
            p = parents[k]
            w = max(float(weights[k]), 0.05)
            if p is not None and done[p]:
                vec = w * embeddings[k] + carry * out[p]
            elif root_context is not None:
                vec = w * embeddings[k] + title_weight * root_context
            else:
                vec = embeddings[k]
            out[k] = _unit(vec)
            done[k] = True

    for i in range(n):
        if not done[i]:
            resolve(i)
    return out


def label_text(label: str) -> str:
    """The text embedded for a label: camelCase and snake_case split into words.

    >>> label_text("BlackLivesMatter"), label_text("climate_change"), label_text("GPU")
    ('Black Lives Matter', 'climate change', 'GPU')
    """
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", label.strip())
    return re.sub(r"[_\-]+", " ", spaced)


def match_labels(
    contextual: np.ndarray,
    own: np.ndarray,
    label_vectors: np.ndarray,
    weights: Sequence[float] | None = None,
    min_similarity: float = MIN_SIMILARITY,
    own_override: float = OWN_OVERRIDE,
    own_floor: float = OWN_FLOOR,
) -> list[int]:
    """Index of the chosen label per row, or -1 for ``other``.

    The contextual vector decides; the comment's own vector overrides it when it is at least
    ``own_override`` close to a different label (the reply "says otherwise"). ``other`` when the
    contextual vector is below ``min_similarity`` to every label, or when a fully informative
    comment (``weights`` = 1) is below ``own_floor`` by its own text, whatever its context.

    >>> lab = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> match_labels(np.array([[0.9, 0.1], [0.1, 0.1]]), np.array([[0.9, 0.1], [0.1, 0.1]]), lab)
    [0, -1]
    >>> match_labels(np.array([[0.9, 0.1]]), np.array([[0.0, 0.0]]), lab, weights=[1.0])
    [-1]
    """
    ctx_sim = contextual @ label_vectors.T
    own_sim = own @ label_vectors.T
    weights = [0.0] * len(own) if weights is None else weights
    out = []
    for cs, osim, w in zip(ctx_sim, own_sim, weights, strict=True):
        best = int(cs.argmax())
        own_best = int(osim.argmax())
        if own_best != best and osim[own_best] >= own_override and osim[own_best] > osim[best]:
            best = own_best
        unrelated = w >= 1.0 and osim.max() < own_floor
        out.append(-1 if unrelated or max(cs[best], osim[best]) < min_similarity else best)
    return out


def _size_rule(n: int) -> int:
    """About ``sqrt(n/2)`` topics for ``n`` comments, between 1 and 10."""
    return max(1, min(10, int(round(np.sqrt(n / 2))), n))


def _numbered(raw: np.ndarray) -> np.ndarray:
    """Cluster labels renumbered by first appearance (``0..k-1``)."""
    order: dict[int, int] = {}
    for a in raw:
        order.setdefault(int(a), len(order))
    return np.array([order[int(a)] for a in raw], dtype=int)


def _silhouette_search(vectors: np.ndarray, seed: int) -> tuple[int, np.ndarray | None]:
    """The k near the size rule with the best cosine silhouette, and its k-means labels
    (``None`` when the size rule alone decides)."""
    n = len(vectors)
    guess = _size_rule(n)
    if n < 8 or guess < 2:
        return guess, None
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    best_k, best_s, best_labels = guess, -2.0, None
    for k in range(max(2, guess - 1), min(10, guess + 2, n - 1) + 1):
        labels = KMeans(k, n_init=4, random_state=seed).fit_predict(vectors)
        if len(set(labels)) < 2:
            continue
        s = float(silhouette_score(vectors, labels, metric="cosine"))
        if s > best_s + 1e-6:
            best_k, best_s, best_labels = k, s, labels
    return best_k, best_labels


def choose_k(n: int, vectors: np.ndarray | None = None, seed: int = 0) -> int:
    """Number of topics for ``n`` comments: about ``sqrt(n/2)``, refined by silhouette.

    Without vectors the size rule alone decides: 1 comment → 1 topic, 30 → 4, 200 → 10 (max 10).

    >>> [choose_k(n) for n in (1, 2, 5, 30, 200)]
    [1, 1, 2, 4, 10]
    """
    return _size_rule(n) if vectors is None else _silhouette_search(vectors, seed)[0]


def cluster(vectors: np.ndarray, k: int, seed: int = 0) -> np.ndarray:
    """Deterministic k-means labels over unit rows, numbered by first appearance (``0..k-1``).

    >>> cluster(np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]]), 2).tolist()
    [0, 0, 1]
    """
    if k <= 1 or len(vectors) <= 1:
        return np.zeros(len(vectors), dtype=int)
    from sklearn.cluster import KMeans

    return _numbered(KMeans(min(k, len(vectors)), n_init=10, random_state=seed).fit_predict(vectors))


def discover(vectors: np.ndarray, seed: int = 0) -> np.ndarray:
    """Cluster labels with the number of clusters chosen by :func:`choose_k`; the silhouette
    search's own k-means fit is kept rather than fitted again.

    >>> discover(np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]])).tolist()
    [0, 0, 0]
    """
    k, labels = _silhouette_search(vectors, seed)
    return cluster(vectors, k, seed) if labels is None else _numbered(labels)


def name_clusters(
    texts: Sequence[str],
    assignment: Sequence[int],
    top: int = 8,
    encoder: Encoder | None = None,
    centroids: dict[int, np.ndarray] | None = None,
) -> dict[int, list[str]]:
    """Distinctive keywords per cluster by class-based TF-IDF (BERTopic's c-TF-IDF).

    A word's weight in a cluster is ``tf · log(1 + A / f)``: ``tf`` the share of the cluster's
    comments that use it, ``A`` the mean number of word uses per cluster, ``f`` the word's uses
    over all clusters. In threads of 10+ comments, words used by more than half of the comments
    are not distinctive and are skipped. Ties (common in small threads) go to longer words; with an ``encoder`` and
    cluster ``centroids``, the 20 best candidates are re-ranked by ``weight · (1 + cos(word,
    centroid))`` so that keywords also read like the cluster's meaning.

    >>> name_clusters(["the oven bakes bread", "bread and oven", "the striker scored a goal",
    ...                "goal keeper and striker"], [0, 0, 1, 1], top=2)
    {0: ['bread', 'oven'], 1: ['striker', 'goal']}
    """
    clusters = sorted(set(int(a) for a in assignment))
    docs: dict[int, dict[str, int]] = {c: {} for c in clusters}  # comments using the word
    sizes = {c: 0 for c in clusters}
    words_of = [set(content_words(t)) for t in texts]
    df: dict[str, int] = {}
    for ws in words_of:
        for w in ws:
            df[w] = df.get(w, 0) + 1
    too_common = {w for w, n in df.items() if n > len(texts) / 2} if len(texts) >= 10 else set()
    for ws, a in zip(words_of, assignment, strict=True):
        bag = docs[int(a)]
        sizes[int(a)] += 1
        for w in ws - too_common:
            bag[w] = bag.get(w, 0) + 1
    total: dict[str, int] = {}
    for bag in docs.values():
        for w, n in bag.items():
            total[w] = total.get(w, 0) + n
    avg = sum(total.values()) / max(1, len(clusters))
    out = {}
    for c in clusters:
        bag = docs[c]
        scored = [(n / max(1, sizes[c]) * float(np.log(1 + avg / total[w])), w) for w, n in bag.items()]
        scored.sort(key=lambda t: (-round(t[0], 9), -len(t[1]), t[1]))
        if encoder is not None and centroids is not None and len(scored) > 1:
            cand = scored[:20]
            sims = _unit(encoder.embed_memo([w for _, w in cand])) @ centroids[c]
            cand = [(sc * (1 + float(sim)), w) for (sc, w), sim in zip(cand, sims, strict=True)]
            cand.sort(key=lambda t: (-round(t[0], 9), -len(t[1]), t[1]))
            scored = cand + scored[20:]
        out[c] = [w for _, w in scored[:top]]
    return out


def _topic_names(keywords: dict[int, list[str]]) -> dict[int, str]:
    """Unique names: top three keywords joined by " · " (more keywords if names collide)."""
    names: dict[int, str] = {}
    used: set[str] = set()
    for c, words in keywords.items():
        name = " · ".join(words[:3]) or f"topic {c + 1}"
        extra = 3
        while name in used and extra < len(words):
            extra += 1
            name = " · ".join(words[:extra])
        if name in used:
            name = f"{name} ({c + 1})"
        used.add(name)
        names[c] = name
    return names


def thread_context(
    thread: Thread, embeddings: np.ndarray, encoder: Encoder | None = None
) -> tuple[np.ndarray, np.ndarray, list[float]]:
    """Own (unit) and contextual vectors of the comments of ``thread`` (title used if embeddable),
    and each comment's informativeness."""
    own = _unit(np.asarray(embeddings, dtype=np.float32))
    index = {c.id: i for i, c in enumerate(thread.comments)}
    parents = [index.get(c.parent_id) if c.parent_id else None for c in thread.comments]
    weights = [informativeness(c.text) for c in thread.comments]
    title = None
    if encoder is not None and thread.title.strip():
        title = encoder.embed([thread.title])[0]
    return own, contextual_embeddings(own, parents, weights, root_context=title), weights


def assign_topics(
    thread: Thread,
    embeddings: np.ndarray,
    labels: Sequence[str] | None = None,
    encoder: Encoder | None = None,
) -> dict[str, list[str]]:
    """Set ``comment.topic`` on every comment of ``thread`` and ``thread.topics`` to ``{topic name:
    keywords}``; return ``thread.topics``.

    Args:
        thread: the thread; parent links give each comment its context.
        embeddings: one unit row per ``thread.comments`` (``Encoder.embed`` of the comment texts).
        labels: topic labels given by the user; None discovers topics instead.
        encoder: embeds the labels (and the thread title); required when ``labels`` are given.

    Returns:
        For labels, ``{label: [label]}`` for the labels used plus ``{"other": []}`` if any comment
        matched none; for discovered topics, ``{"kw1 · kw2 · kw3": [keywords…]}``.

    >>> from argmap.model import Comment, Thread
    >>> assign_topics(Thread("t", []), np.zeros((0, 384)))
    {}
    """
    thread.topics = _assign(thread, embeddings, labels, encoder)
    return thread.topics


def _assign(
    thread: Thread, embeddings: np.ndarray, labels: Sequence[str] | None, encoder: Encoder | None
) -> dict[str, list[str]]:
    """Set ``comment.topic`` on every comment; the ``{topic name: keywords}`` of :func:`assign_topics`."""
    comments = thread.comments
    if not comments:
        return {}
    own, ctx, weights = thread_context(thread, embeddings, encoder)
    if labels:
        if encoder is None:
            raise ValueError("assign_topics needs an encoder to embed the given labels")
        names = [label.strip() for label in labels if label.strip()]
        label_vectors = _unit(encoder.embed([label_text(n) for n in names]))
        chosen = match_labels(ctx, own, label_vectors, weights)
        result: dict[str, list[str]] = {}
        for c, j in zip(comments, chosen, strict=True):
            c.topic = names[j] if j >= 0 else OTHER
        for n in [*names, OTHER]:
            if any(c.topic == n for c in comments):
                result[n] = [n] if n != OTHER else []
        return result
    assignment = discover(ctx)
    centroids = {int(a): _unit(ctx[assignment == a].mean(0)) for a in set(assignment.tolist())}
    keywords = name_clusters([c.text for c in comments], assignment, encoder=encoder, centroids=centroids)
    names_by_cluster = _topic_names(keywords)
    for c, a in zip(comments, assignment, strict=True):
        c.topic = names_by_cluster[int(a)]
    return {names_by_cluster[a]: keywords[a] for a in sorted(keywords)}
