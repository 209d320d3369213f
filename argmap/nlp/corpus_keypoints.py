"""Key points of a corpus: the thread key points that recur across threads, merged as threads stream in.

Every thread brings its claims (those that can make a key point, :data:`~argmap.nlp.keypoints.POINT_ROLES`),
their unit embeddings (the vectors the thread's own key points were found with: nothing is embedded
again) and its key points (:func:`~argmap.nlp.keypoints.thread_key_points`). :class:`CorpusKeyPoints`
keeps a bounded pool of corpus key points and, thread by thread, in input order:

1. takes the pool entries nearest the thread (at most :data:`NEAR` columns, by their best cosine
   with any of its claims, from :data:`~argmap.nlp.keypoints.THREAD_MIN_COSINE`);
2. scores the thread's claims against them with the learned :class:`~argmap.nlp.keypoints.Matcher`
   (the thread's claims are the group; O(claims × NEAR), never an all-pairs matrix over the corpus);
3. a thread key point one of whose claims matches an entry (score ≥ the thread threshold) joins
   the entry its claims match best, with all its claims; one that matches none becomes a new entry;
   a claim of no thread key point joins the entry it matches best, if any;
4. when the pool holds more than :data:`POOL` entries, the least used go (fewest threads, then
   fewest claims, then oldest).

:meth:`CorpusKeyPoints.result` gives the entries found in at least :data:`MIN_THREADS` threads, most
widespread first, with their counts: claims matched, distinct authors, replies supporting and
attacking their claims, topic, and the threads they appear in. The result depends only on the
threads and their order, so every engine that feeds the same threads gives the same key points.

>>> import numpy as np
>>> from argmap.nlp.keypoints import Matcher
>>> tea, cof = np.eye(4, dtype=np.float32)[0], np.eye(4, dtype=np.float32)[1]
>>> kp = CorpusKeyPoints(Matcher.load())
>>> for tid in ("t1", "t2"):
...     kp.add(ThreadPoints(tid, ["a", "b", "c"], ["Tea is good for you.", "Tea is healthy.", "Coffee wins."],
...                         np.stack([tea, tea, cof]), ["x", "y", "z"], groups=[(0, [0, 1], [1.0, 0.9])]))
>>> [(p.text, p.threads, p.n_claims, p.n_authors) for p in kp.result()]
[('Tea is good for you.', ['t1', 't2'], 4, 2)]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from argmap.nlp.keypoints import THREAD_MIN_COSINE, THREAD_THRESHOLD, Matcher, n_words

#: Pool entries scored against one thread's claims: about the size of a group the matcher was trained on.
NEAR = 16
#: Corpus key points kept while streaming (memory stays flat in corpus size: ~2 kB an entry plus its matches).
POOL = 2048
#: Threads a corpus key point must appear in to be reported.
MIN_THREADS = 2


def vectors_bytes(vectors: tuple[Sequence[str], np.ndarray] | None) -> bytes:
    """``(claim ids, vectors)`` as ``.npz`` bytes (empty for None), for caches and Ray rows.

    >>> ids, v = vectors_from_bytes(vectors_bytes((["a:0"], np.ones((1, 2)))))
    >>> ids, v.dtype.name, vectors_from_bytes(b"")
    (['a:0'], 'float16', None)
    """
    if vectors is None:
        return b""
    import io

    buf = io.BytesIO()
    np.savez(buf, ids=np.asarray(list(vectors[0]), dtype=str), vectors=np.asarray(vectors[1], dtype=np.float16))
    return buf.getvalue()


def vectors_from_bytes(data: bytes) -> tuple[list[str], np.ndarray] | None:
    """The inverse of :func:`vectors_bytes`."""
    if not data:
        return None
    import io

    with np.load(io.BytesIO(data), allow_pickle=False) as z:
        return [str(i) for i in z["ids"]], z["vectors"]


@dataclass
class ThreadPoints:
    """What one thread brings to the corpus key points.

    ``claim_ids``, ``texts``, ``vectors`` (unit rows), ``authors``, ``topics``, ``n_support`` and
    ``n_attack`` (replies from other comments supporting / attacking the claim) are parallel, one per
    claim; ``groups`` are the thread's key points as ``(row of the key point's own claim, member rows,
    their matcher scores)``.
    """

    thread_id: str
    claim_ids: Sequence[str]
    texts: Sequence[str]
    vectors: np.ndarray
    authors: Sequence[str | None]
    topics: Sequence[str | None] = ()
    n_support: Sequence[int] = ()
    n_attack: Sequence[int] = ()
    groups: Sequence[tuple[int, Sequence[int], Sequence[float]]] = ()


def thread_points(graph, ids: Sequence[str], vectors: np.ndarray) -> ThreadPoints:  # noqa: ANN001
    """A thread graph (as :func:`argmap.graph.build_graph` makes it) and its point claims' vectors →
    :class:`ThreadPoints`. Claims without a vector are left out."""
    tid = str(graph.graph.get("thread_id", ""))
    nodes = graph.nodes
    rows = {f"claim:{cid}": r for r, cid in enumerate(ids) if f"claim:{cid}" in nodes}
    order = sorted(rows, key=rows.get)
    index = {node: i for i, node in enumerate(order)}
    comment = [nodes[n].get("comment_id") for n in order]
    support, attack = [0] * len(order), [0] * len(order)
    groups = []
    for node, i in index.items():
        for u, _, d in graph.in_edges(node, data=True):
            kind = d.get("kind")
            if kind in ("supports", "attacks") and nodes[u].get("comment_id") != comment[i]:
                (support if kind == "supports" else attack)[i] += 1
    for node, a in graph.nodes(data=True):
        if a.get("kind") != "keypoint" or f"claim:{a.get('claim_id')}" not in index:
            continue
        members = [(index[u], float(d.get("score") or 0.0)) for u, _, d in graph.in_edges(node, data=True)
                   if d.get("kind") == "matches" and u in index]
        members.sort()
        groups.append((index[f"claim:{a['claim_id']}"], [m for m, _ in members], [s for _, s in members]))
    return ThreadPoints(
        tid, [n.removeprefix("claim:") for n in order], [nodes[n].get("text") or "" for n in order],
        np.asarray(vectors, dtype=np.float32)[[rows[n] for n in order]] if order else np.zeros((0, 0), np.float32),
        [nodes[c].get("author") if c in nodes else None for c in comment], [nodes[n].get("topic") for n in order],
        support, attack, groups)


@dataclass
class CorpusKeyPoint:
    """One key point of the corpus: the claim it was first taken from and what it stands for."""

    index: int  # creation order: ties in the pool and in the result go to the older entry
    text: str
    thread_id: str  # the thread whose key point it was first
    claim_id: str
    threads: list[str] = field(default_factory=list)
    matches: list[tuple[str, str, float]] = field(default_factory=list)  # (thread id, claim id, score)
    authors: set[str] = field(default_factory=set)
    n_support: int = 0
    n_attack: int = 0
    topics: Counter = field(default_factory=Counter)
    id: str = ""  # ``ckp<n>``, given by :meth:`CorpusKeyPoints.result`

    @property
    def n_claims(self) -> int:
        return len(self.matches)

    @property
    def n_threads(self) -> int:
        return len(self.threads)

    @property
    def n_authors(self) -> int:
        return len(self.authors)

    @property
    def topic(self) -> str | None:
        return self.topics.most_common(1)[0][0] if self.topics else None


class CorpusKeyPoints:
    """The streaming merge of thread key points into corpus key points (see the module docstring)."""

    def __init__(self, matcher: Matcher, threshold: float = THREAD_THRESHOLD, min_cosine: float = THREAD_MIN_COSINE,
                 near: int = NEAR, pool: int = POOL, min_threads: int = MIN_THREADS):
        self.matcher, self.threshold, self.min_cosine = matcher, threshold, min_cosine
        self.near, self.pool, self.min_threads = near, pool, min_threads
        self.points: list[CorpusKeyPoint] = []
        self.vectors = np.zeros((0, 0), dtype=np.float32)  # one unit row per entry of ``points``
        self.words: list[int] = []
        self.created = 0

    def _nearest(self, x: np.ndarray) -> list[int]:
        """Pool entries worth scoring for claims ``x``: best cosine ≥ the floor, at most ``near``."""
        if not self.points or not len(x):
            return []
        best = (x @ self.vectors.T).max(0)
        order = np.lexsort((np.arange(len(best)), -best))  # best cosine first, older first on ties
        return [int(j) for j in order[: self.near] if best[j] >= self.min_cosine]

    def add(self, t: ThreadPoints) -> None:
        """Merge one thread's key points and claims into the pool."""
        n = len(t.claim_ids)
        if not n:
            return
        x = np.asarray(t.vectors, dtype=np.float32)
        words = [n_words(s) for s in t.texts]
        cols = self._nearest(x)
        scores = self.matcher.score_matrix(x, self.vectors[cols], words, [self.words[j] for j in cols],
                                           min_cosine=self.min_cosine, texts=t.texts,
                                           kp_texts=[self.points[j].text for j in cols]
                                           ) if cols else np.zeros((n, 0), np.float32)
        owner: dict[int, tuple[int, float]] = {}  # claim row -> (pool index, score)
        fresh: list[tuple[int, dict[int, float]]] = []
        grouped: set[int] = set()
        for source, members, member_scores in t.groups:
            mine = dict(zip(members, member_scores, strict=True)) | {source: 1.0}
            grouped.update(mine)
            best = scores[sorted(mine)].max(0) if cols else None  # each entry's best match among its claims
            if best is not None and best.max() >= self.threshold:
                j = int(best.argmax())  # the thread key point joins this entry, its claims with it
                owner.update({r: (cols[j], float(scores[r, j])) for r in mine})
            else:
                fresh.append((source, mine))
        for r in range(n):
            if r not in grouped and cols and scores[r].max() >= self.threshold:
                j = int(scores[r].argmax())
                owner[r] = (cols[j], float(scores[r, j]))
        for r in sorted(owner):
            pool_index, score = owner[r]
            self._join(self.points[pool_index], t, r, score)
        new_rows = []
        for source, mine in fresh:
            point = CorpusKeyPoint(self.created, t.texts[source], t.thread_id, t.claim_ids[source])
            self.created += 1
            for r in sorted(mine, key=lambda r: (r != source, r)):
                self._join(point, t, r, mine[r])
            self.points.append(point)
            self.words.append(words[source])
            new_rows.append(x[source])
        if new_rows:
            add = np.stack(new_rows)
            self.vectors = add if not len(self.vectors) else np.concatenate([self.vectors, add])
        if len(self.points) > self.pool:
            self._evict()

    def _join(self, point: CorpusKeyPoint, t: ThreadPoints, r: int, score: float) -> None:
        if not point.threads or point.threads[-1] != t.thread_id:
            point.threads.append(t.thread_id)
        point.matches.append((t.thread_id, t.claim_ids[r], round(float(score), 4)))
        if t.authors[r]:
            point.authors.add(str(t.authors[r]))
        point.n_support += int(t.n_support[r]) if len(t.n_support) else 0
        point.n_attack += int(t.n_attack[r]) if len(t.n_attack) else 0
        if len(t.topics) and t.topics[r]:
            point.topics[t.topics[r]] += 1

    def _evict(self) -> None:
        """Keep the ``pool`` most used entries (threads, then claims, then the newer)."""
        keep = sorted(range(len(self.points)),
                      key=lambda i: (-self.points[i].n_threads, -self.points[i].n_claims, -self.points[i].index))
        keep = sorted(keep[: self.pool])
        self.points = [self.points[i] for i in keep]
        self.vectors = self.vectors[keep]
        self.words = [self.words[i] for i in keep]

    def result(self) -> list[CorpusKeyPoint]:
        """The key points found in at least ``min_threads`` threads, most threads first (then most
        claims, then the older), named ``ckp0``, ``ckp1`` …"""
        found = [p for p in self.points if p.n_threads >= self.min_threads]
        found.sort(key=lambda p: (-p.n_threads, -p.n_claims, p.index))
        for i, p in enumerate(found):
            p.id = f"ckp{i}"
        return found




def corpus_rows(points: Sequence[CorpusKeyPoint]) -> list[tuple[str, dict]]:
    """``(table, row)`` pairs of the dataset's ``corpus_keypoints`` and ``corpus_keypoint_matches``."""
    rows: list[tuple[str, dict]] = []
    for p in points:
        rows.append(("corpus_keypoints", {
            "keypoint_id": p.id, "text": p.text, "thread_id": p.thread_id, "claim_id": p.claim_id,
            "topic": p.topic, "n_threads": p.n_threads, "threads": list(p.threads), "n_claims": p.n_claims,
            "n_authors": p.n_authors, "n_support": p.n_support, "n_attack": p.n_attack, "extra": None}))
    for p in points:
        rows += [("corpus_keypoint_matches", {"keypoint_id": p.id, "thread_id": tid, "claim_id": cid, "score": score,
                                              "extra": None}) for tid, cid, score in p.matches]
    return rows
