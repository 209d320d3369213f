"""The Python API (``argmap.map_thread`` … ``argmap.to_png``) without a model: the analysis is the
fast fake of :mod:`fake_analyser`; the real model runs in test_api_real.py."""

from __future__ import annotations

import html
import json
import re
import warnings
from html.parser import HTMLParser
from pathlib import Path

import pytest

import argmap
from argmap import api
from argmap.graph import build_graph
from argmap.model import Comment, Source, Thread
from argmap.render.html import html_string
from argmap.render.payload import page_data
from argmap.render.style import kind_styles, link_styles, stance_styles
from tests.support import fake_analyser

THREADS = Path(__file__).resolve().parents[1] / "threads"
PASTED = "Tea is the best drink.\nNo, coffee is better. Why would you drink tea?\nAgreed, tea wins.\n"
REMOTE = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


@pytest.fixture
def calls(monkeypatch):
    monkeypatch.setattr("argmap.pipeline.analyse_batch", fake_analyser.analyse_batch)
    fake_analyser.CALLS.clear()
    return fake_analyser.CALLS


def debate() -> Thread:
    cs = [Comment("r", None, author="op", text="Is the compute race rational?")]
    for i, st in enumerate(["support", "attack", "neutral", "query"]):
        cs.append(Comment(f"c{i}", "r", author=f"u{i}", text=f"Reply {i} <b>bold</b> href=x", stance=st,
                          stance_score=0.5 + i / 10, topic="money"))
    return Thread("debate", cs, title="Compute <race>",
                  sources=[Source("0", "url", "https://example.org/r", cited_by=["c1"])],
                  topics={"money": ["roi"]})


# ------------------------------------------------------------------ map_thread / map_threads


def test_map_thread_reads_a_path(calls):
    g = argmap.map_thread(THREADS / "hn-rust-rewrite.json")
    assert g.graph["format"] == "hackernews" and g.number_of_nodes() > 5
    g2 = argmap.map_thread(str(THREADS / "hn-rust-rewrite.json"))
    assert sorted(g2.nodes) == sorted(g.nodes)
    assert len(calls) == 2


def test_models_are_loaded_once_per_setting():
    assert api.models(None, None, "cpu", ["a"]) is api.models(None, None, "cpu", ["a"])
    assert api.models(None, None, "cpu", ["a"]) is not api.models(None, None, "cpu", ["b"])
    assert api.models(None, None, "cpu", ["a", "b"]).topics == ["a", "b"]


def test_options_reach_the_models(calls, monkeypatch):
    seen = []
    real = api.models
    monkeypatch.setattr(api, "models", lambda *a: seen.append(a) or real(*a))
    argmap.map_thread(PASTED, topics="tea, coffee", model="m", stance_model="s", device="cpu")
    assert seen == [("m", "s", "cpu", ["tea", "coffee"])]


def test_pasted_text_is_read_in_memory(calls, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)

    def no_temp(*a, **k):
        raise AssertionError("pasted text must not go through a file")

    monkeypatch.setattr("tempfile.TemporaryDirectory", no_temp)
    monkeypatch.setattr("tempfile.mkstemp", no_temp)
    g = argmap.map_thread(PASTED)
    assert g.graph["format"] == "text" and g.graph["thread_id"] == "pasted"
    texts = [d["text"] for _, d in g.nodes(data=True) if d["kind"] == "comment"]
    assert texts[0] == "Tea is the best drink." and len(texts) == 3
    assert argmap.map_thread(PASTED, name="tea-talk").graph["thread_id"] == "tea-talk"
    assert list(tmp_path.iterdir()) == []


def test_json_text_reads_like_its_file(calls):
    text = (THREADS / "reddit-car-free-cities.json").read_text(encoding="utf-8")
    from_text = argmap.map_thread(text)
    from_file = argmap.map_thread(THREADS / "reddit-car-free-cities.json")
    assert from_text.graph["format"] == "reddit"
    assert sorted(from_text.nodes) == sorted(from_file.nodes)
    assert argmap.map_thread(text, format="reddit").number_of_nodes() == from_file.number_of_nodes()


def test_text_with_a_bad_format_or_bad_json_is_one_input_error(calls):
    with pytest.raises(argmap.InputError, match="pasted: invalid JSON at line 2"):
        argmap.map_thread('{"a":\n nope}', format="nested")
    assert argmap.map_thread('[Serious] Tea or coffee?\nTea, why would you ask?').graph["format"] == "text"
    with pytest.raises(argmap.InputError, match="ConvoKit corpus is a folder"):
        argmap.map_thread(PASTED, format="convokit")


def test_missing_path_says_how_strings_are_read(calls):
    with pytest.raises(argmap.InputError, match=r"^nope\.txt: no such file \(a one-line string is read as a path"):
        argmap.map_thread("nope.txt")
    with pytest.raises(argmap.InputError, match=r"no such file$"):
        argmap.map_thread(Path("nope.txt"))
    with pytest.raises(TypeError):
        argmap.map_thread(42)
    assert calls == []


def test_unreachable_url_is_a_clear_error(calls, monkeypatch, tmp_path):
    monkeypatch.setenv("ARGMAP_CACHE", str(tmp_path))
    monkeypatch.setenv("ARGMAP_HN_API", "http://127.0.0.1:9")  # the discard port: nothing listens
    with pytest.raises(argmap.InputError) as err:
        argmap.map_thread("https://news.ycombinator.com/item?id=1")
    assert str(err.value).startswith("https://news.ycombinator.com/item?id=1: ")
    assert "\n" not in str(err.value) and calls == []


def test_url_goes_to_the_url_reader(calls, monkeypatch):
    import argmap.readers.url

    got = []

    def read(url):
        got.append(url)
        return Thread("remote", [Comment("a", None, text="From the web.")], origin=url)

    monkeypatch.setattr(argmap.readers.url, "read", read)
    g = argmap.map_thread("https://example.org/t/tea/12")
    assert got == ["https://example.org/t/tea/12"] and g.graph["thread_id"] == "remote"


def test_a_thread_object_is_not_changed(calls):
    t = Thread("t", [Comment("a", None, text="Tea."), Comment("b", "a", text="No.")])
    g = argmap.map_thread(t)
    assert g.nodes["b"]["stance"] == "attack" and t.comments[1].stance is None


def test_a_folder_of_several_threads_needs_map_threads(calls, tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(PASTED, encoding="utf-8")
    with pytest.raises(argmap.InputError, match="holds 2 threads: use argmap.map_threads"):
        argmap.map_thread(tmp_path)
    assert [g.graph["thread_id"] for g in argmap.map_threads(tmp_path)] == ["a", "b"]


def test_map_threads_keeps_order_and_batches(calls, tmp_path):
    inputs = [THREADS / "hn-rust-rewrite.json", PASTED, str(THREADS / "reddit-car-free-cities.json")]
    graphs = argmap.map_threads(inputs)
    assert [g.graph["format"] for g in graphs] == ["hackernews", "text", "reddit"]
    assert len(calls) == 1 and len(calls[0]) == 3  # one batch: one model call for all threads
    calls.clear()
    argmap.map_threads(inputs, batch_comments=1)
    assert [len(c) for c in calls] == [1, 1, 1]


def test_map_threads_expands_globs_and_takes_one_string_as_one_input(calls):
    graphs = argmap.map_threads(str(THREADS / "*.json"))
    assert sorted(g.graph["thread_id"] for g in graphs) == sorted(
        argmap.map_thread(p).graph["thread_id"] for p in THREADS.glob("*.json"))
    assert len(argmap.map_threads(PASTED)) == 1


def test_map_threads_raises_or_skips(calls):
    boom = Thread("boom", [Comment("a", None, text="BOOM")])
    good = Thread("good", [Comment("a", None, text="Tea.")])
    with pytest.raises(argmap.InputError):
        argmap.map_threads([good, "missing.json"])
    with pytest.raises(RuntimeError, match="model exploded"):
        argmap.map_threads([good, boom])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        graphs = argmap.map_threads([good, "missing.json", boom, good], errors="skip")
    assert [g.graph["thread_id"] for g in graphs] == ["good", "good"]
    messages = [str(w.message) for w in caught]
    assert any(m.startswith("missing.json: no such file") for m in messages)
    assert any("model exploded" in m for m in messages)
    with pytest.raises(ValueError, match="errors must be"):
        argmap.map_threads([good], errors="ignore")


def test_map_threads_with_workers_maps_each_thread_alone_in_input_order(calls, monkeypatch):
    loaded = []
    monkeypatch.setattr("argmap.models.Models.preload", lambda self: loaded.append(self.threads) or self)
    threads = [Thread(f"t{i}", [Comment("a", None, text="Tea."), Comment("b", "a", text=f"No {i}.")])
               for i in range(5)]
    graphs = argmap.map_threads(threads, workers=3)
    assert [g.graph["thread_id"] for g in graphs] == [f"t{i}" for i in range(5)]
    assert sorted(calls) == [[f"t{i}"] for i in range(5)] and loaded == [1]  # alone; one ONNX thread each
    assert graphs[4].nodes["b"]["stance"] == "attack"
    boom = Thread("boom", [Comment("a", None, text="BOOM")])
    with pytest.raises(RuntimeError, match="model exploded"):
        argmap.map_threads([threads[0], boom], workers=2)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        graphs = argmap.map_threads([threads[0], boom, threads[1]], workers=2, errors="skip")
    assert [g.graph["thread_id"] for g in graphs] == ["t0", "t1"]
    assert any("boom: analysis failed" in str(w.message) for w in caught)
    with pytest.raises(ValueError, match="workers must be"):
        argmap.map_threads(threads, workers=0)


def test_all_names_exist():
    for name in argmap.__all__:
        assert getattr(argmap, name) is not None
    assert argmap.MapView.__name__ == "MapView"


# ------------------------------------------------------------------ to_html / show


def test_to_html_writes_the_cli_page_atomically(tmp_path):
    g = build_graph(debate())
    out = argmap.to_html(g, tmp_path / "sub" / "d.html")
    assert out == tmp_path / "sub" / "d.html"
    assert out.read_text(encoding="utf-8") == html_string(g)
    assert [p.name for p in out.parent.iterdir()] == ["d.html"]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_show_is_the_page_in_a_sandboxed_srcdoc_iframe():
    hostile = Thread("x", [Comment("a", None, text='"><script>alert(1)</script><img src=x onerror=alert(2)>'),
                           Comment("b", "a", text="</iframe><script>alert(3)</script>", stance="attack")],
                     title="</iframe><b>t</b>")
    g = build_graph(hostile)
    view = argmap.show(g, height=480)
    frame = view._repr_html_()
    parser = _Tags()
    parser.feed(frame)
    assert [t for t, _ in parser.tags] == ["iframe"]  # nothing escapes the attribute
    attrs = parser.tags[0][1]
    assert attrs["srcdoc"] == html_string(g) == view.page
    assert attrs["sandbox"].split() == ["allow-scripts", "allow-downloads"]
    assert "height: 480px" in attrs["style"]
    assert "<script>alert" not in frame and "Content-Security-Policy" in html.unescape(frame)
    assert repr(view) == "<argmap map 'x': 2 comments>"


def test_show_displays_once_in_ipython():
    pytest.importorskip("IPython")
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    shell = InteractiveShell.instance()
    try:
        shell.user_ns["g"] = build_graph(debate())
        shell.run_cell("import argmap")
        with capture_output() as cap:
            shell.run_cell("v = argmap.show(g)\nv", store_history=True)
        assert len(cap.outputs) == 1  # displayed by show(), not echoed a second time
        assert cap.outputs[0].data["text/html"].startswith("<iframe srcdoc=")
        with capture_output() as cap:
            shell.run_cell("v", store_history=True)  # a later cell shows it again
        assert len(cap.outputs) == 1
        with capture_output() as cap:
            shell.run_cell("for _ in range(2): argmap.show(g)", store_history=True)
        assert len(cap.outputs) == 2
    finally:
        InteractiveShell.clear_instance()


# ------------------------------------------------------------------ pyvis


def test_style_tables_come_from_the_page_style_file():
    style = json.loads((Path(argmap.__file__).parent / "render" / "style.json").read_text(encoding="utf-8"))
    assert set(stance_styles()) == {"support", "attack", "neutral", "query", "root", "none"}
    assert set(kind_styles()) == {"comment", "paragraph", "source", "topic"}
    assert set(link_styles()) == {"cites", "about"}
    assert stance_styles() == style["stance"]


def test_to_pyvis_draws_like_the_tree_view():
    g = build_graph(debate())
    net = argmap.to_pyvis(g)
    data = {n["id"]: n for n in page_data(g)["nodes"]}
    nodes = {n["id"]: n for n in net.nodes}
    assert set(nodes) == {"r", "c0", "c1", "c2", "c3"}  # the tree view: comments only
    for nid, n in nodes.items():
        assert (n["x"], n["y"]) == (data[nid]["x"], data[nid]["y"])
        assert n["shape"] == "box" and n.get("physics", True) in (True, False)
    assert net.options["physics"] == {"enabled": False}
    assert nodes["r"]["color"]["border"] == stance_styles()["root"]["color"]
    assert nodes["r"]["label"].startswith("◆ ")
    by_stance = {e["from"]: e for e in net.edges}
    for i, st in enumerate(["support", "attack", "neutral", "query"]):
        style = stance_styles()[st]
        assert nodes[f"c{i}"]["color"]["border"] == style["color"]
        assert nodes[f"c{i}"]["shapeProperties"]["borderDashes"] == style["dashes"]
        assert by_stance[f"c{i}"]["color"]["color"] == style["color"]
        assert by_stance[f"c{i}"]["dashes"] == style["dashes"]
        assert by_stance[f"c{i}"]["to"] == "r"
    assert nodes["c1"]["title"] == "u1 · attack 0.60\nReply 1 <b>bold</b> href=x"  # plain text, as written


def test_to_pyvis_links_adds_sources_and_topics():
    net = argmap.to_pyvis(build_graph(debate()), links=True)
    nodes = {n["id"]: n for n in net.nodes}
    assert nodes["source:0"]["shape"] == kind_styles()["source"]["shape"]
    assert nodes["topic:money"]["color"]["background"] == kind_styles()["topic"]["color"]
    kinds = {(e["from"], e["to"]): e for e in net.edges}
    assert kinds[("c1", "source:0")]["dashes"] == link_styles()["cites"]["dashes"]
    assert all(isinstance(n["x"], float | int) and isinstance(n["y"], float | int) for n in net.nodes)


def test_pyvis_page_fetches_nothing_and_runs_no_comment_text(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    t = debate()
    t.comments[1].text = "</script><script>window.pwned=1</script> <a href='javascript:alert(1)'>x</a>"
    net = argmap.to_pyvis(build_graph(t), links=True)
    net.heading = "<img src=x onerror=alert(1)>"
    for page in (net.generate_html(), argmap.save_pyvis(net, tmp_path / "p.html").read_text(encoding="utf-8")):
        assert REMOTE.findall(page) == [] and "//cdn" not in page and "bootstrap" not in page.lower()
        assert "<script>window.pwned" not in page and "<img src=x" not in page
        assert "Content-Security-Policy" in page and "default-src &#x27;none&#x27;" in page
        assert "popup.innerHTML" not in page
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.html"]  # no lib/ folder


def test_save_pyvis_makes_any_network_offline(tmp_path):
    from pyvis.network import Network

    net = Network(cdn_resources="remote")
    net.add_node(1, label="one", title="<b>one</b>")
    page = argmap.save_pyvis(net, tmp_path / "n.html").read_text(encoding="utf-8")
    assert REMOTE.findall(page) == [] and "//cdn" not in page
    assert json.dumps("one") in page


# ------------------------------------------------------------------ PNG without a browser


def test_to_png_without_chromium_is_one_clear_line(tmp_path, monkeypatch):
    monkeypatch.setattr("argmap.render.headless.available", lambda: False)
    with pytest.raises(argmap.InputError) as err:
        argmap.to_png(build_graph(debate()), tmp_path / "d.png")
    message = str(err.value)
    assert message.startswith(f"{tmp_path / 'd.png'}: PNG output needs headless Chromium")
    assert "\n" not in message and not (tmp_path / "d.png").exists()


def test_map_png_without_chromium_exits_1_before_mapping(tmp_path, monkeypatch, capsys):
    from argmap.cli import main

    monkeypatch.setattr("argmap.render.headless.available", lambda: False)
    monkeypatch.setattr("argmap.pipeline.analyse_batch", lambda *a: pytest.fail("mapped without a browser"))
    assert main(["map", str(THREADS / "hn-rust-rewrite.json"), "-o", str(tmp_path / "out"), "--png"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("argmap: error: --png: PNG output needs headless Chromium") and err.count("\n") == 1
    assert not (tmp_path / "out").exists()
