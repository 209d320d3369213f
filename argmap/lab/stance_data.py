"""Stance training/validation pairs from ``../shared/data`` and the split by submission.

Every loader returns :class:`Pair` rows with our labels (support / attack / neutral / query).

>>> split_of("abc123", seed=13) in {"train", "tune", "val"}
True
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
from dataclasses import dataclass
from pathlib import Path

from argmap.readers.reddit import post_text

DEB_LABELS = {0: "attack", 1: "neutral", 2: "support"}
RUMOUR_LABELS = {"support": "support", "deny": "attack", "query": "query", "comment": "neutral"}
AITA_LABELS = {"support": "support", "attack": "attack", "no": "neutral"}


@dataclass
class Pair:
    """One labelled (parent, reply) pair."""

    parent: str
    reply: str
    label: str
    context: str = ""
    weight: float = 1.0
    source: str = ""
    group: str = ""  # submission / thread id: splits never cut a group


def split_of(group: str, seed: int = 13, val: float = 0.2, tune: float = 0.1) -> str:
    """Deterministic split of a submission id: ``val`` share, ``tune`` share, rest ``train``."""
    h = int(hashlib.sha1(f"{seed}:{group}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "val" if h < val else "tune" if h < val + tune else "train"


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def load_debagreement(data: Path) -> list[Pair]:
    """DEBAGREEMENT dev pairs; weight = annotator agreement fraction; context = submission title."""
    out = []
    for r in _csv_rows(data / "debagreement" / "dev.csv"):
        out.append(Pair(r["body_parent"], r["body_child"], DEB_LABELS[int(r["label"])],
                        context=r["submission_text"], weight=float(r["agreement_fraction"] or 1),
                        source="debagreement", group=r["submission_id"]))
    return out


def load_subreddit_agreement(data: Path) -> list[Pair]:
    """Lei & Huang 2022 quote → response pairs (no submission: each row is its own group)."""
    out = []
    for f in sorted((data / "subreddit-agreement").glob("*.csv")):
        for i, r in enumerate(_csv_rows(f)):
            out.append(Pair(r["quote_text"], r["response_text"], DEB_LABELS[int(r["relation"])],
                            source=f"subreddit-agreement/{f.stem}", group=f"{f.stem}-{i}"))
    return out


def _reply_text(thread: Path, cid: str) -> str:
    f = thread / "replies" / f"{cid}.json"
    t = post_text(json.loads(f.read_text()))[1] if f.is_file() else ""
    return "" if t.strip() in {"", "[deleted]", "[removed]"} else t


def _rumour_walk(thread: Path, labels: dict[str, str], parent: str, nodes: dict | list, direct: bool,
                 title: str, source: str, out: list[Pair]) -> None:
    for cid, kids in (nodes.items() if isinstance(nodes, dict) else []):
        reply = _reply_text(thread, cid)
        lab = RUMOUR_LABELS.get(labels.get(cid, ""), "")
        # labels are toward the source post: exact for direct replies; deeper down only a
        # question stays a question toward its own parent.
        if reply and parent and lab and (direct or lab == "query"):
            out.append(Pair(parent, reply, lab, context=title, source=source, group=thread.name))
        _rumour_walk(thread, labels, reply, kids, False, title, source, out)


def _rumour_thread(thread: Path, labels: dict[str, str], source: str) -> list[Pair]:
    src = next((thread / "source-tweet").glob("*.json"))
    title, body = post_text(json.loads(src.read_text()))
    tree = json.loads((thread / "structure.json").read_text())
    out: list[Pair] = []
    _rumour_walk(thread, labels, body.strip() or title, next(iter(tree.values())) or {}, True, title, source, out)
    return out


def load_rumoureval(data: Path, split: str = "train") -> list[Pair]:
    """RumourEval-2019 Reddit: direct replies to the source post (+ deeper queries), with labels."""
    root = data / "rumoureval2019-reddit" / split
    labels = json.loads((root / "stance-labels.json").read_text())
    out: list[Pair] = []
    for thread in sorted(p for p in root.iterdir() if p.is_dir()):
        out += _rumour_thread(thread, labels, f"rumoureval-{split}")
    return out


def load_aita(data: Path, limit: int = 3000, seed: int = 13, weight: float = 0.3) -> list[Pair]:
    """AITA silver labels (LLM-made), ``limit`` pairs balanced over labels, low ``weight``."""
    files = sorted((data / "aita-threads").glob("post_thread_*.json"))
    by_label: dict[str, list[Pair]] = {}

    def walk(parent: str, nodes: list[dict], ctx: str, group: str) -> None:
        for n in nodes:
            lab = AITA_LABELS.get(str(n.get("relation", "")).lower())
            text = n.get("content", "")
            if lab and parent and text and len(text) < 1200 and len(parent) < 1500:
                by_label.setdefault(lab, []).append(
                    Pair(parent, text, lab, context=ctx, weight=weight, source="aita-silver", group=group))
            walk(text, n.get("comments", []), ctx, group)

    for f in files:
        d = json.loads(f.read_text())
        post = d.get("post content", "")
        for top in d.get("comments", []):
            walk(top.get("content", ""), top.get("comments", []), post[:300], f"aita-{d.get('id', f.stem)}")
    return _balanced([r for rows in by_label.values() for r in rows], limit, seed)


def _balanced(rows: list[Pair], limit: int, seed: int) -> list[Pair]:
    """At most ``limit`` of ``rows``, as evenly spread over labels as the rows allow (seeded)."""
    by_label: dict[str, list[Pair]] = {}
    for r in rows:
        by_label.setdefault(r.label, []).append(r)
    rng = random.Random(seed)
    out = []
    for lab in sorted(by_label):
        part = by_label[lab]
        rng.shuffle(part)
        out += part[: limit // max(len(by_label), 1)]
    return out


def load_perspectrum(data: Path, limit: int = 3000, seed: int = 13, weight: float = 0.5) -> list[Pair]:
    """Perspectrum claim → perspective pairs of its official *train* claims (SUPPORT → support,
    UNDERMINE → attack; every paraphrase of a perspective is a pair), ``limit`` balanced, ``weight``."""
    root = data / "perspectrum"
    split = json.loads((root / "dataset_split_v1.0.json").read_text())
    pool = {p["pId"]: p["text"] for p in json.loads((root / "perspective_pool_v1.0.json").read_text())}
    labels = {"SUPPORT": "support", "UNDERMINE": "attack"}
    rows = []
    for claim in json.loads((root / "perspectrum_with_answers_v1.0.json").read_text()):
        if split.get(str(claim["cId"])) != "train":
            continue
        for persp in claim["perspectives"]:
            lab = labels.get(persp["stance_label_3"])
            for pid in persp["pids"] if lab else []:
                if pool.get(pid):
                    rows.append(Pair(claim["text"], pool[pid], lab, weight=weight, source="perspectrum",
                                     group=f"perspectrum-{claim['cId']}"))
    return _balanced(rows, limit, seed)


def load_argkp(data: Path, limit: int = 3000, seed: int = 13, weight: float = 0.5) -> list[Pair]:
    """ArgKP *train* topic → argument pairs (pro → support, con → attack), ``limit`` balanced, ``weight``."""
    rows = [Pair(r["topic"], r["argument"], "support" if int(r["stance"]) > 0 else "attack", weight=weight,
                 source="argkp", group=f"argkp-{r['topic']}")
            for r in _csv_rows(data / "argkp" / "arguments_train.csv")]
    return _balanced(rows, limit, seed)


def datasets(data: Path, seed: int = 13, aita: int = 0, perspectrum: int = 0, argkp: int = 0,
             extra_weight: float = 0.5) -> dict[str, list[Pair]]:
    """``train`` / ``tune`` / ``val`` (DEBAGREEMENT by submission) and ``rumour_dev``.

    ``train`` = DEBAGREEMENT train submissions + SubReddit-agreement + RumourEval train
    (+ ``aita`` AITA silver pairs, + ``perspectrum`` / ``argkp`` out-of-domain support/attack pairs
    at ``extra_weight``); ``tune`` (held-out train submissions) picks the epoch.
    """
    deb = load_debagreement(data)
    parts: dict[str, list[Pair]] = {"train": [], "tune": [], "val": []}
    for p in deb:
        parts[split_of(p.group, seed)].append(p)
    parts["train"] += load_subreddit_agreement(data) + load_rumoureval(data, "train")
    if aita:
        parts["train"] += load_aita(data, aita, seed)
    if perspectrum:
        parts["train"] += load_perspectrum(data, perspectrum, seed, extra_weight)
    if argkp:
        parts["train"] += load_argkp(data, argkp, seed, extra_weight)
    parts["rumour_dev"] = load_rumoureval(data, "dev")
    return parts
