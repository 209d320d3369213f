"""End to end with the real models: the seed-002 debate (kept in threads/) through `argmap map`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from argmap.cli import main

THREADS = Path(__file__).resolve().parents[1] / "threads"


@pytest.fixture(scope="module")
def mapped(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    inputs = [THREADS / "ai-roi-debate.txt", THREADS / "reddit-car-free-cities.json"]
    assert main(["map", *map(str, inputs), "-o", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def graph(mapped):
    import argmap

    return argmap.load(mapped / "dataset")["ai-roi-debate"]


def test_seed_002_comments_and_stances(graph):
    comments = [a for _, a in graph.nodes(data=True) if a["kind"] == "comment"]
    assert 15 <= len(comments) <= 40
    stances = {a["stance"] for a in comments if a["stance"]}
    assert len(stances) >= 2 and stances <= {"support", "attack", "neutral", "query"}


def test_seed_002_sources(graph):
    sources = {a["value"]: a for _, a in graph.nodes(data=True) if a["kind"] == "source"}
    assert any(v.lower() == "semianalysis" for v in sources), sources.keys()
    assert any(v.startswith("https://semianalysis.com/2025/01/31/deepseek-debates") for v in sources)
    edge_kinds = {d["kind"] for *_, d in graph.edges(data=True)}
    assert {"reply", "cites", "about"} <= edge_kinds
    # the SemiAnalysis outlet and its footnote URL are cited by the same comment
    citers = {v: {u for u, _, d in graph.in_edges(n, data=True) if d["kind"] == "cites"}
              for n, a in graph.nodes(data=True) if a["kind"] == "source" for v in [a["value"]]}
    semi = next(c for v, c in citers.items() if v.lower() == "semianalysis")
    url = next(c for v, c in citers.items() if v.startswith("https://semianalysis.com"))
    assert semi & url


def test_html_is_offline(mapped):
    html = (mapped / "ai-roi-debate.html").read_text(encoding="utf-8")
    assert "SemiAnalysis" in html
    remote = re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert remote == []


def test_dataset_loads_offline(mapped):
    from datasets import load_dataset

    comments = load_dataset(str(mapped / "dataset"), "comments", split="train")
    threads = load_dataset(str(mapped / "dataset"), "threads", split="train")
    assert set(threads["thread_id"]) == {"ai-roi-debate", "1a2b3c"}
    seed = comments.filter(lambda r: r["thread_id"] == "ai-roi-debate")
    lines = [x for x in (THREADS / "ai-roi-debate.txt").read_text(encoding="utf-8").splitlines() if x.strip()]
    texts = [t for _, t in sorted(zip(seed["position"], seed["text"], strict=True))]
    assert "\n".join(texts).split("\n") == lines
