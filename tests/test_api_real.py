"""The Python API with the real models on the motivating thread, seed 002 of ../shared/data."""

from __future__ import annotations

import re

import pytest

import argmap
from argmap import api
from argmap.render.payload import page_data
from argmap.render.style import stance_styles

pytestmark = [pytest.mark.shared, pytest.mark.slow]
REMOTE = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


@pytest.fixture(scope="module")
def seed_002():
    from argmap.shared_data import shared_data_dir

    found = sorted((shared_data_dir() / "seeds").glob("002_*.txt"))
    if not found:
        pytest.skip("needs ../shared/data/seeds/002_*.txt (absent)")
    return found[0]


@pytest.fixture(scope="module")
def graph(seed_002):
    return argmap.map_thread(seed_002)


def test_map_thread_maps_seed_002(graph, seed_002):
    comments = [d for _, d in graph.nodes(data=True) if d["kind"] == "comment"]
    assert 15 <= len(comments) <= 40 and graph.graph["thread_id"] == seed_002.stem
    assert {d["stance"] for d in comments if d["stance"]} <= {"support", "attack", "neutral", "query"}
    assert any(d["kind"] == "source" for _, d in graph.nodes(data=True))


def test_pasted_text_and_batches_match_the_file(graph, seed_002):
    text = seed_002.read_text(encoding="utf-8")
    pasted = argmap.map_thread(text, name=seed_002.stem)
    assert sorted(pasted.nodes) == sorted(graph.nodes)
    stances = {n: d.get("stance") for n, d in graph.nodes(data=True)}
    assert {n: d.get("stance") for n, d in pasted.nodes(data=True)} == stances
    alone = argmap.map_threads([seed_002])[0]
    assert {n: d.get("stance") for n, d in alone.nodes(data=True)} == stances
    # One batch for both copies: one stance-model call, the same labels for each copy. (Not always
    # the labels, nor the topic names, of the thread alone: on CPU the int8 models quantize
    # activations per batch, which can flip a label whose score is near a tie.)
    both = argmap.map_threads([seed_002, text], batch_comments=10_000)
    first, second = ({n: d["stance"] for n, d in g.nodes(data=True) if d["kind"] == "comment"} for g in both)
    assert first == second and set(first) <= set(stances)
    assert sum(first[n] == stances[n] for n in first) >= 0.8 * len(first)
    shared = api.models()  # the default settings: one Models for every call above, its models loaded once
    assert {"encoder", "stance"} <= set(vars(shared)) and api.models() is shared


def test_to_pyvis_on_seed_002(graph, tmp_path):
    net = argmap.to_pyvis(graph)
    data = {n["id"]: n for n in page_data(graph)["nodes"]}
    comments = [n for n, d in graph.nodes(data=True) if d["kind"] == "comment"]
    assert sorted(n["id"] for n in net.nodes) == sorted(comments)
    for n in net.nodes:
        assert (n["x"], n["y"]) == (data[n["id"]]["x"], data[n["id"]]["y"])
        assert "<" not in n["title"] or "<" in data[n["id"]]["t"]  # titles are the text, no markup added
    colours = {stance_styles()[d["stance"]]["color"] for _, _, d in graph.edges(data=True)
               if d["kind"] == "reply" and d.get("stance") in stance_styles()}
    assert colours and colours <= {e["color"]["color"] for e in net.edges}
    assert net.options["physics"]["enabled"] is False
    page = argmap.save_pyvis(net, tmp_path / "seed-002.html").read_text(encoding="utf-8")
    assert REMOTE.findall(page) == [] and "//cdn" not in page and "<link href=\"http" not in page
    assert "SemiAnalysis" in page or "semianalysis" in page.lower()
    full = argmap.to_pyvis(graph, links=True)
    assert any(n["shape"] == "diamond" for n in full.nodes)  # sources


@pytest.mark.browser
def test_to_png_on_seed_002(graph, tmp_path):
    from argmap.render.headless import available
    from argmap.render.png import PNG_MAGIC, png_size

    if not available():
        pytest.skip("needs /usr/bin/chromium and /usr/bin/chromedriver (make browser)")
    data = argmap.to_png(graph, tmp_path / "seed-002.png").read_bytes()
    assert data.startswith(PNG_MAGIC) and min(png_size(data)) >= 540
