"""Training pairs for the relation model and examples for the argument model.

Each pair is ``(target text, source text, facts of place, label)`` with label none / supports /
attacks (:data:`argmap.nlp.claim_relations.LABELS`) and a domain name (for weighting):

* ``cmv``: CMV-modes gold units, every candidate pair :func:`~argmap.nlp.claim_relations.candidates`
  gives (the pairs argmap scores at run time), labelled with the gold relation or ``none``;
* ``debatepedia``: a debate's claim ← a statement for (supports) or against (attacks) it;
* ``arguana``: a debate's thesis ← a point pro (supports) or con (attacks); a point ← its counter
  (attacks); a point ← the first sentences of its own argument (supports);
* ``perspectrum``: a claim ← a perspective that supports or undermines (attacks) it.

The outside sets have no ``none`` class, so each gets one: a source paired with a target of
another debate, and (ArguAna) a counter paired with another point of its own debate, which it does
not address.

Argument examples (:func:`argument_examples`) are UKP sentences (an argument for or against the
topic, or none) and CMV-modes candidate spans (inside a gold unit, or in no unit).

>>> pairs_from_rows([("Tea is good.", "It calms.", "supports")], "x", "main_claim").labels.tolist()
[1]
"""

from __future__ import annotations

import csv
import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from argmap.nlp.claim_relations import LABELS, PLACE, candidates, place, rank_facts, scope_groups

_SENTENCE = re.compile(r"(?<=[.!?])\s+")


@dataclass
class Pairs:
    """Pairs of one domain: ``targets[i]`` ← ``sources[i]`` with ``facts[i]`` and ``labels[i]``."""

    domain: str
    targets: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    facts: list[np.ndarray] = field(default_factory=list)
    label_ids: list[int] = field(default_factory=list)
    #: rows scored together at run time (one unit's candidates in one scope); other rows stand alone
    groups: list[list[int]] = field(default_factory=list)

    def add(self, target: str, source: str, label: str, facts: np.ndarray) -> None:
        self.targets.append(target)
        self.sources.append(source)
        self.facts.append(facts)
        self.label_ids.append(LABELS.index(label))

    @property
    def labels(self) -> np.ndarray:
        return np.array(self.label_ids, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.label_ids)


def pairs_from_rows(rows: Sequence[tuple[str, str, str]], domain: str, target_role: str = "claim",
                    seed: int = 0, negatives: float = 1.0) -> Pairs:
    """Pairs of an outside set: each ``(target, source, label)`` row, and ``negatives`` × as many
    ``none`` pairs of a source with a target it was not written for (chosen with ``seed``)."""
    out = Pairs(domain)
    for target, source, label in rows:
        out.add(target, source, label, place("across", 0, target_role, "claim", target, source))
    targets = sorted({t for t, _, _ in rows})
    rng = random.Random(seed)
    if len(targets) > 1:
        for _ in range(int(len(rows) * negatives)):
            target, source, _ = rows[rng.randrange(len(rows))]
            other = rng.choice(targets)
            if other != target:
                out.add(other, source, "none", place("across", 0, target_role, "claim", other, source))
    return out


def debatepedia(data: Path, split: str, seed: int = 0) -> Pairs:
    """``claim-relations/debatepedia-{split}.csv`` (split: train / val)."""
    with open(data / "claim-relations" / f"debatepedia-{split}.csv", newline="", encoding="utf-8") as f:
        rows = [(r["claim"], r["statement"], r["relation"]) for r in csv.DictReader(f)]
    return pairs_from_rows(rows, "debatepedia", "main_claim", seed)


def lead(text: str, n: int = 2) -> str:
    """The first ``n`` sentences of a paragraph (what the encoder reads of a long argument).

    >>> lead("One. Two! Three? Four.")
    'One. Two!'
    """
    return " ".join(_SENTENCE.split(text.strip().split("\n\n")[0])[:n])


def arguana(data: Path, split: str, seed: int = 0) -> Pairs:
    """``claim-relations/arguana-{split}.jsonl`` (split: training / validation): thesis ← point,
    point ← counter, point ← its own argument, and their ``none`` pairs."""
    path = data / "claim-relations" / f"arguana-{split}.jsonl"
    debates = [json.loads(line) for line in path.open(encoding="utf-8")]
    rng = random.Random(seed)
    out = Pairs("arguana")
    theses = [d["thesis"] for d in debates]
    for d in debates:
        points = [p for p in d["points"] if p.get("title")]
        for p in points:
            kind = "supports" if p["side"] == "pro" else "attacks"
            out.add(d["thesis"], p["title"], kind, place("across", 0, "main_claim", "claim", d["thesis"], p["title"]))
            other = rng.choice(theses)
            if other != d["thesis"]:
                out.add(other, p["title"], "none", place("across", 0, "main_claim", "claim", other, p["title"]))
            if p.get("counter"):
                counter = lead(p["counter"])
                out.add(p["title"], counter, "attacks", place("across", 0, "claim", "claim", p["title"], counter))
                others = [q for q in points if q is not p]
                if others:
                    q = rng.choice(others)
                    out.add(q["title"], counter, "none", place("across", 0, "claim", "claim", q["title"], counter))
            if p.get("text"):
                own = lead(p["text"])
                out.add(p["title"], own, "supports", place("inside", -1, "claim", "premise", p["title"], own))
    return out


def perspectrum(data: Path, split: str, seed: int = 0) -> Pairs:
    """Perspectrum claims ← perspectives of one official split (train / dev / test)."""
    folder = data / "perspectrum"
    splits = json.loads((folder / "dataset_split_v1.0.json").read_text())
    pool = {p["pId"]: p["text"] for p in json.loads((folder / "perspective_pool_v1.0.json").read_text())}
    rows = []
    for claim in json.loads((folder / "perspectrum_with_answers_v1.0.json").read_text()):
        if splits.get(str(claim["cId"])) != split:
            continue
        for cluster in claim["perspectives"]:
            kind = {"SUPPORT": "supports", "UNDERMINE": "attacks"}.get(cluster["stance_label_3"])
            if kind:
                rows += [(claim["text"], pool[pid], kind) for pid in cluster["pids"][:2] if pid in pool]
    return pairs_from_rows(rows, "perspectrum", "main_claim", seed)


def cmv(golds: Sequence, stance) -> Pairs:  # noqa: ANN001 (GoldThread, StanceModel)
    """CMV-modes pairs on gold units: every candidate pair of every unit, gold relation or none
    (each reply's stance from the ``stance`` model, as at run time)."""
    from argmap.lab.claims_train import add_stance, gold_claim_thread

    out = Pairs("cmv")
    threads = [gold_claim_thread(g) for g in golds]
    add_stance(golds, threads, stance)
    for g, t in zip(golds, threads, strict=True):
        gold = {(s, d): k for s, d, k in g.relations}
        for cands in candidates(t):
            first = len(out)
            for c in cands:
                src, dst = t.claims[c.source], t.claims[c.target]
                out.add(dst.text, src.text, gold.get((src.id, dst.id), "none"), c.facts)
            out.groups += [[first + j for j in g] for g in scope_groups(cands)]
    return out


def argument_examples(data: Path, ukp_split: str, golds: Sequence) -> tuple[list[str], np.ndarray, list[str]]:  # noqa: ANN001
    """Texts, labels (1 = argues) and domains of UKP sentences (split train / val) and of the
    CMV-modes candidate spans of ``golds`` (a span argues when it lies in a gold unit)."""
    from argmap.lab.claims_train import gold_role
    from argmap.nlp.claim_spans import spans

    texts, labels, domains = [], [], []
    with open(data / "ukp-sentential" / f"{ukp_split}.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            texts.append(r["sentence"])
            labels.append(int(r["annotation"] != "NoArgument"))
            domains.append("ukp")
    for g in golds:
        for i, p in enumerate(g.posts):
            units = [(u.start, u.end, u.role) for u in g.units if u.post == i]
            for s in spans(p.text):
                if s.kind == "text":
                    texts.append(s.text)
                    labels.append(int(gold_role(s, units) != "none"))
                    domains.append("cmv")
    return texts, np.array(labels, dtype=np.int64), domains


def facts_matrix(pairs: Pairs, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """The pairs' facts with :func:`~argmap.nlp.claim_relations.rank_facts` filled in per group
    (``u``, ``v``: target and source vectors, one row per pair), as at run time; a row of no group
    is a group of its own."""
    if not len(pairs):
        return np.zeros((0, len(PLACE)), np.float32)
    facts = np.stack(pairs.facts)
    grouped = np.zeros(len(pairs), bool)
    for g in pairs.groups:
        grouped[g] = True
    for g in [*pairs.groups, *([int(i)] for i in np.flatnonzero(~grouped))]:
        facts[g] = rank_facts(facts[g], u[g], v[g])
    return facts


def attach_stances(pairs: Pairs, model, cache: Path | None = None) -> None:  # noqa: ANN001 (StanceModel)
    """Give an outside set's reply-like pairs (not ``inside``) the stance model's reading of the source
    toward the target, as a reply's stance toward its parent is read at run time (remembered in
    ``cache``)."""
    import hashlib

    rows = [i for i, f in enumerate(pairs.facts) if not f[PLACE.index("inside")]]
    key = hashlib.sha256("\x00".join(pairs.targets[i] + "\x01" + pairs.sources[i] for i in rows).encode())
    path = cache / f"stances-{key.hexdigest()[:20]}.npy" if cache else None
    if path is not None and path.exists():
        table = np.load(path)
    else:
        probs = model.predict([pairs.targets[i] for i in rows], [pairs.sources[i] for i in rows], batch_size=64,
                              progress=True)
        names = ("support", "attack", "neutral", "query")
        table = np.array([[p.get(n, 0.0) for n in names] for p in probs], dtype=np.float32).reshape(-1, 4)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            np.save(path, table)
    first = PLACE.index("stance_support")
    for i, row in zip(rows, table, strict=True):
        k = int(row.argmax())
        pairs.facts[i] = pairs.facts[i].copy()
        pairs.facts[i][first:first + 4] = 0.0
        pairs.facts[i][first + k] = row[k]
