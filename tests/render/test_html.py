"""The HTML map as text: offline, escaped, CSP-locked, data as inert JSON (no browser needed)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from argmap.graph import build_graph
from argmap.model import Comment, Source, Thread
from argmap.render import html_string, render_html
from argmap.render.layout import tree_layout
from argmap.render.payload import page_data, safe_url, script_json

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "a </script><script>alert(2)</script> b",
    "<!-- <script> --> \u2028\u2029 & &amp; ' \" `${x}`",
    "long " + "x" * 20000,
]


def hostile_thread() -> Thread:
    comments = [Comment("r", None, author="<b>op</b>", text=HOSTILE[0], created=1.7e9, topic="<i>t</i>")]
    for i, text in enumerate(HOSTILE[1:], 1):
        comments.append(
            Comment(f"c{i}", "r", author=f"</script>{i}", text=text, stance="attack", stance_score=0.8, depth=1)
        )
    sources = [
        Source("0", "url", "javascript:alert(1)", cited_by=["c1"]),
        Source("1", "url", "https://example.org/<script>", cited_by=["c2"]),
        Source("2", "url", "JaVaScRiPt:alert(1)", cited_by=["c3"]),
    ]
    return Thread("hostile", comments, title="</title><script>alert('title')</script>", sources=sources,
                  topics={"<i>t</i>": ["<script>"]})


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


@pytest.fixture(scope="module")
def page() -> str:
    return html_string(build_graph(hostile_thread()))


@pytest.fixture(scope="module")
def parsed(page: str) -> Tags:
    p = Tags()
    p.feed(page)
    return p


def test_exactly_three_scripts_and_no_injected_elements(parsed: Tags):
    names = [t for t, _ in parsed.tags]
    assert names.count("script") == 3  # data JSON, vis-network, app
    assert "img" not in names and "iframe" not in names and "link" not in names
    assert [a.get("type") for t, a in parsed.tags if t == "script"] == ["application/json", None, None]


def test_no_remote_src_or_href(parsed: Tags):
    for _, attrs in parsed.tags:
        for name in ("src", "href", "action", "data", "poster"):
            value = attrs.get(name)
            assert value is None or "http" not in value.lower(), (name, value)
    assert not any(a.get("src") for t, a in parsed.tags if t == "script")


def test_no_cdn_or_remote_font(page: str):
    low = page.lower()
    for needle in ("cdn.jsdelivr", "unpkg.com", "cdnjs", "fonts.googleapis", "bootstrap", "@import", "@font-face"):
        assert needle not in low


def test_csp_locks_everything_remote(parsed: Tags):
    csp = [a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert len(csp) == 1
    assert "default-src 'none'" in csp[0] and "img-src data:" in csp[0]
    assert "connect-src" not in csp[0] and "http" not in csp[0]


def test_hostile_text_never_appears_raw(page: str):
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "</title><script>" not in page
    assert page.count("</script>") == 3
    assert "&lt;/title&gt;&lt;script&gt;" in page  # the <title> is HTML-escaped


def test_data_json_round_trips_exactly(parsed: Tags):
    raw = parsed.scripts[0]
    assert not re.search(r"[<>&\u2028\u2029]", raw)
    data = json.loads(raw)
    texts = {n["id"]: n["t"] for n in data["nodes"]}
    assert texts["r"] == HOSTILE[0] and texts["c3"] == HOSTILE[3] and len(texts["c4"]) == 20005
    assert data["meta"]["title"] == "</title><script>alert('title')</script>"


def test_only_http_urls_become_links():
    data = page_data(build_graph(hostile_thread()))
    urls = {n["id"]: n.get("u") for n in data["nodes"] if n["k"] == "source"}
    assert urls == {"source:0": None, "source:1": "https://example.org/<script>", "source:2": None}


@pytest.mark.parametrize(
    "url, ok",
    [("https://a.org/x", True), ("HTTP://A.ORG", True), ("javascript:alert(1)", False), (" javascript:x", False),
     ("java\tscript:x", False), ("data:text/html,<b>", False), ("//a.org", False), ("https://", False),
     ("http://a.org/\nx", False), ("vbscript:x", False), ("", False), (None, False)],
)
def test_safe_url(url, ok):
    assert (safe_url(url) is not None) is ok


def test_script_json_escapes_everything_that_could_end_the_element():
    s = script_json({"a": "</script><!--&\u2028\u2029"})
    assert json.loads(s) == {"a": "</script><!--&\u2028\u2029"}
    assert not re.search(r"[<>&\u2028\u2029]", s)


def test_summary_counts_and_tree_positions():
    data = page_data(build_graph(hostile_thread()))
    assert data["counts"] == {"comments": 5, "supports": 0, "attacks": 4, "neutral": 0, "queries": 0,
                              "sources": 3, "topics": 1}
    pos = {n["id"]: (n["x"], n["y"]) for n in data["nodes"] if n["k"] == "comment"}
    assert pos["r"][0] == 0 and all(pos[f"c{i}"][0] > 0 for i in range(1, 5))
    assert len({pos[f"c{i}"][1] for i in range(1, 5)}) == 4  # siblings on separate rows


def test_tree_layout_is_linear_and_handles_cycles_and_orphans():
    ids = [str(i) for i in range(20000)]
    parent = {str(i): str(i // 3) for i in range(1, 20000)}
    pos = tree_layout(ids, parent)
    assert len(pos) == 20000
    # a cycle and a missing parent still get positions
    pos = tree_layout(["a", "b", "c"], {"a": "b", "b": "a", "c": "zzz"})
    assert set(pos) == {"a", "b", "c"}


def test_render_html_writes_atomically(tmp_path):
    out = render_html(build_graph(hostile_thread()), tmp_path / "sub" / "hostile.html")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in out.parent.iterdir()) == ["hostile.html"]  # no lib/, no temp left


def test_empty_thread_renders():
    assert "argmap-data" in html_string(build_graph(Thread("empty", [])))


def test_vote_scores_reach_the_page_data():
    t = Thread("t", [Comment("a", None, text="Tea.", meta={"score": 41}),
                     Comment("b", "a", text="No.", position=1, depth=1, meta={"points": "not a number"})])
    nodes = {n["id"]: n for n in page_data(build_graph(t))["nodes"]}
    assert nodes["a"]["v"] == 41 and nodes["b"]["v"] is None
