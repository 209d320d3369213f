"""Measure topics on DEBAGREEMENT: discovered topics vs subreddit (NMI) and label accuracy.

Each validation row is one child comment whose thread context is the submission title and the
parent comment. Baselines see the comment text alone; argmap's method sees the comment through
:func:`argmap.nlp.topics.contextual_embeddings` (title → parent → child), exactly as
:func:`argmap.nlp.topics.assign_topics` sees a comment in a thread.

>>> import pandas as pd
>>> df = pd.DataFrame({"submission_id": list("abcdefghij"), "x": range(10)})
>>> train, val = debagreement_split(df)
>>> len(train) + len(val), set(train.submission_id) & set(val.submission_id)
(10, set())
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from argmap.nlp import topics

if TYPE_CHECKING:
    import pandas as pd

SUBREDDITS = ("Brexit", "climate", "BlackLivesMatter", "Republican", "democrats")


def debagreement_split(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split DEBAGREEMENT rows by submission exactly as the stance model's validation split.

    Uses :func:`argmap.lab.stance_data.split_of` (a hash of the submission id), so topics and
    stance are measured on the same held-out submissions, none of which the stance model saw.

    Args:
        df: rows with a ``submission_id`` column.

    Returns:
        ``(train_df, val_df)``; no submission is in both.
    """
    from argmap.lab.stance_data import split_of

    is_val = df["submission_id"].map(lambda sid: split_of(str(sid)) == "val").astype(bool)
    return df[~is_val], df[is_val]


def load_debagreement(data_dir: Path) -> pd.DataFrame:
    """``debagreement/dev.csv`` under ``data_dir`` as a DataFrame (texts as strings, NaN → "")."""
    import pandas as pd

    from argmap.errors import InputError

    path = Path(data_dir) / "debagreement" / "dev.csv"
    if not path.is_file():
        raise InputError(path, "DEBAGREEMENT dev.csv not found (set --data or $ARGMAP_DATA)")
    df = pd.read_csv(path)
    for col in ("submission_text", "body_parent", "body_child"):
        df[col] = df[col].fillna("").astype(str)
    return df


@dataclass
class CachedEmbedder:
    """Embeds each distinct text once per run (``embed`` is any ``texts -> unit rows`` function)."""

    embed: Callable[[Sequence[str]], np.ndarray]
    cache: dict[str, np.ndarray] = field(default_factory=dict)

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        todo = list(dict.fromkeys(t for t in texts if t not in self.cache))
        if todo:
            for t, v in zip(todo, self.embed(todo), strict=True):
                self.cache[t] = v
        return np.stack([self.cache[t] for t in texts]) if texts else np.zeros((0, 0), np.float32)


def pair_context(
    child: np.ndarray,
    parent: np.ndarray,
    title: np.ndarray,
    child_texts: Sequence[str],
    parent_texts: Sequence[str],
    carry: float = topics.CARRY,
    title_weight: float = topics.TITLE_WEIGHT,
) -> np.ndarray:
    """Contextual vectors of child comments in title → parent → child chains (one chain per row).

    >>> e = np.eye(3, dtype=np.float32)
    >>> pair_context(e[:1], e[1:2], e[2:], ["a b"], ["parent words here and there too"]).shape
    (1, 3)
    """
    out = np.zeros_like(child)
    for i in range(len(child)):
        emb = np.stack([parent[i], child[i]])
        w = [topics.informativeness(parent_texts[i]), topics.informativeness(child_texts[i])]
        ctx = topics.contextual_embeddings(emb, [None, 0], w, title[i], carry=carry, title_weight=title_weight)
        out[i] = ctx[1]
    return out


@dataclass
class TopicScores:
    """What ``argmap lab eval-topics`` prints."""

    n: int
    nmi_baseline: float
    nmi_argmap: float
    acc_baseline: float
    acc_argmap: float
    other_share: float
    acc_argmap_closed: float
    nmi_argmap_auto: float = float("nan")
    k_auto: int = 0
    names: list[str] = field(default_factory=list)
    acc_refined: float = float("nan")
    confusion: list[list[int]] = field(default_factory=list)  # gold subreddit × nearest label, in SUBREDDITS order


def refine_labels(vectors: np.ndarray, label_vectors: np.ndarray, alpha: float = 0.5, top: float = 0.5
                  ) -> np.ndarray:
    """Label vectors moved towards the rows they win (transductive, no gold labels): each label
    becomes ``alpha`` × itself + (1 − ``alpha``) × the mean of the ``top`` share of the rows nearest
    to it by margin over the runner-up, renormalised. A lever tried for label accuracy, not shipped.

    >>> lab = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> rows = np.array([[0.8, 0.6], [0.6, 0.8], [0.9, 0.1]])
    >>> refine_labels(rows, lab, alpha=0.0, top=1.0).round(2)
    array([[0.92, 0.38],
           [0.6 , 0.8 ]])
    """
    sims = vectors @ label_vectors.T
    won = sims.argmax(1)
    ordered = np.sort(sims, 1)
    margin = ordered[:, -1] - ordered[:, -2]
    out = label_vectors.astype(np.float64).copy()
    for j in range(len(label_vectors)):
        rows = np.flatnonzero(won == j)
        if len(rows):
            rows = rows[np.argsort(-margin[rows])][: max(1, int(len(rows) * top))]
            centre = vectors[rows].mean(0)
            out[j] = alpha * label_vectors[j] + (1 - alpha) * centre / np.linalg.norm(centre)
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def evaluate(
    df: pd.DataFrame,
    embed: Callable[[Sequence[str]], np.ndarray],
    k: int = 5,
    seed: int = 0,
    carry: float = topics.CARRY,
    title_weight: float = topics.TITLE_WEIGHT,
) -> TopicScores:
    """Score baselines and argmap's method on the rows of ``df`` (normally the val split).

    Args:
        df: DEBAGREEMENT rows (child comment, parent, submission title, subreddit).
        embed: texts → unit rows (e.g. a :class:`CachedEmbedder` around ``Encoder.embed``).
        k: clusters for the NMI comparison (5 = number of subreddits).
        seed: k-means seed.
        carry: weight of the parent's context (argmap's default: :data:`argmap.nlp.topics.CARRY`).
        title_weight: weight of the title for the parent (default: ``topics.TITLE_WEIGHT``).
    """
    from sklearn.cluster import KMeans
    from sklearn.metrics import normalized_mutual_info_score as nmi

    gold = df["subreddit"].tolist()
    child_t, parent_t, title_t = (df[c].tolist() for c in ("body_child", "body_parent", "submission_text"))
    child, parent, title = embed(child_t), embed(parent_t), embed(title_t)

    base = KMeans(k, n_init=10, random_state=seed).fit_predict(child)
    ctx = pair_context(child, parent, title, child_t, parent_t, carry=carry, title_weight=title_weight)
    ours = topics.cluster(ctx, k, seed=seed)
    auto = topics.discover(ctx, seed=seed)
    k_auto = len(set(auto.tolist()))
    keywords = topics.name_clusters(child_t, ours)
    names = [" · ".join(keywords[c][:3]) for c in sorted(keywords)]

    labels = list(SUBREDDITS)
    raw_vecs = embed(labels)
    acc_base = float(np.mean([labels[j] == g for j, g in zip((child @ raw_vecs.T).argmax(1), gold, strict=True)]))
    label_vecs = embed([topics.label_text(lab) for lab in labels])
    chosen = topics.match_labels(ctx, child, label_vecs, [topics.informativeness(t) for t in child_t])
    closed = (ctx @ label_vecs.T).argmax(1)
    acc_ours = float(np.mean([j >= 0 and labels[j] == g for j, g in zip(chosen, gold, strict=True)]))
    refined = (ctx @ refine_labels(ctx, label_vecs).T).argmax(1)
    pairs = Counter(zip(gold, (labels[j] for j in closed), strict=True))
    confusion = [[pairs[(g, c)] for c in labels] for g in labels]
    return TopicScores(
        n=len(df),
        nmi_baseline=float(nmi(gold, base)),
        nmi_argmap=float(nmi(gold, ours)),
        acc_baseline=acc_base,
        acc_argmap=acc_ours,
        other_share=float(np.mean([j < 0 for j in chosen])),
        acc_argmap_closed=float(np.mean([labels[j] == g for j, g in zip(closed, gold, strict=True)])),
        nmi_argmap_auto=float(nmi(gold, auto)),
        k_auto=k_auto,
        names=names,
        acc_refined=float(np.mean([labels[j] == g for j, g in zip(refined, gold, strict=True)])),
        confusion=confusion,
    )
