"""The map in a real headless Chromium, offline: it loads, draws, filters, opens the panel, and a
hostile thread runs no script. One browser for the whole module (``make browser`` installs it)."""

from __future__ import annotations

import time

import pytest

from argmap.graph import build_graph
from argmap.model import Claim, ClaimRelation, Comment, Source, Thread
from argmap.render import render_html
from argmap.render.headless import available, requested_urls, wait_ready
from tests.support.browser_page import at_node, load, no_alert, visible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not available(), reason="needs /usr/bin/chromium and /usr/bin/chromedriver (make browser)"),
]

STANCES = ["support", "attack", "neutral", "query"]


def debate() -> Thread:
    """A 17-comment debate with two topics and two sources."""
    cs = [Comment("r", None, author="op", text="Is the compute race rational?", created=1.7e9, topic="money")]
    for i in range(4):
        cs.append(Comment(f"c{i}", "r", author=f"user{i}", text=f"Top reply {i} about investment returns.",
                          stance=STANCES[i], stance_score=0.55 + 0.1 * i, depth=1, topic=["money", "talent"][i % 2],
                          meta={"score": 30 + i}))
        for j in range(3):
            cs.append(Comment(f"c{i}{j}", f"c{i}", author=f"u{j}", text=f"Nested {i}.{j}: hiring talent matters more.",
                              stance=STANCES[(i + j) % 4], stance_score=0.4 + 0.2 * j, depth=2, topic="talent"))
    srcs = [Source("0", "url", "https://example.org/report", cited_by=["c1"]),
            Source("1", "footnote", "[1] a footnote", cited_by=["c2", "c21"])]
    return Thread("debate", cs, title="Compute race", sources=srcs,
                  topics={"money": ["roi"], "talent": ["hiring"]})


def hostile() -> Thread:
    texts = ["<script>window.pwned=1;alert(1)</script>", "<img src=x onerror=\"window.pwned=1;alert(1)\">",
             "a </script><script>window.pwned=1</script> b", "<svg onload=alert(1)>", "w" * 30000]
    cs = [Comment("h0", None, author="<b onmouseover=alert(1)>op</b>", text=texts[0])]
    cs += [Comment(f"h{i}", "h0", author=f"<i>{i}</i>", text=t, stance="attack", stance_score=0.9)
           for i, t in enumerate(texts[1:], 1)]
    srcs = [Source("0", "url", "javascript:window.pwned=1", cited_by=["h1"]),
            Source("1", "url", "https://example.org/ok", cited_by=["h1"])]
    return Thread("hostile", cs, title="<img src=x onerror=alert('title')>", sources=srcs)


def hostile_claims() -> Thread:
    """Claims whose text is markup, one after an emoji (UTF-16 offsets), and relations between them."""
    texts = ["😀 <script>window.pwned=1</script> is my claim. Because <b>bold</b> reasons.",
             "No. <img src=x onerror=\"window.pwned=1;alert(1)\"> is wrong.",
             "Indeed <svg onload=alert(1)> works."]
    cs = [Comment("r", None, author="<i>op</i>", text=texts[0]),
          Comment("x", "r", author="bob", text=texts[1], stance="attack", stance_score=0.8),
          Comment("y", "r", author="eve", text=texts[2], stance="support", stance_score=0.7)]

    def claim(cid: str, n: int, part: str, role: str) -> Claim:
        text = next(c.text for c in cs if c.id == cid)
        start = text.index(part)
        return Claim(f"{cid}:{n}", cid, start, start + len(part), part, role, 0.8)

    claims = [claim("r", 0, "<script>window.pwned=1</script> is my claim.", "main_claim"),
              claim("r", 1, "Because <b>bold</b> reasons.", "premise"),
              claim("x", 0, "<img src=x onerror=\"window.pwned=1;alert(1)\"> is wrong.", "claim"),
              claim("y", 0, "Indeed <svg onload=alert(1)> works.", "claim")]
    rels = [ClaimRelation("r:1", "r:0", "supports", 0.6, "premise"), ClaimRelation("x:0", "r:0", "attacks", 0.7,
                                                                                   "model"),
            ClaimRelation("y:0", "r:1", "supports", 0.5, "model")]
    return Thread("hostile-claims", cs, title="claims", claims=claims, claim_relations=rels)


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    d = tmp_path_factory.mktemp("pages")
    return {"debate": render_html(build_graph(debate()), d / "debate.html"),
            "hostile": render_html(build_graph(hostile()), d / "hostile.html"),
            "claims": render_html(build_graph(hostile_claims()), d / "claims.html")}


def test_loads_offline_and_draws(browser, pages):
    requested_urls(browser)  # forget earlier requests
    load(browser, pages["debate"])
    assert len(visible(browser)) == 17
    assert requested_urls(browser) == [pages["debate"].resolve().as_uri()]  # the file itself, nothing else
    # Nothing was fetched: no resource entries, no console errors (a CSP block would log one).
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    # The canvas really has ink on it.
    inked = browser.execute_script(
        "var c=document.querySelector('#graph-tree canvas');var d=c.getContext('2d')"
        ".getImageData(0,0,c.width,c.height).data;var n=0;for(var i=3;i<d.length;i+=4)if(d[i])n++;return n")
    assert inked > 5000
    header = browser.find_element("id", "counts").text
    assert "17 comments" in header and "2 sources" in header and "2 topics" in header
    pair = Thread("pair", [Comment("a", None, text="GPUs cost $500M."),
                           Comment("b", "a", text="Any source?", stance="query", stance_score=0.7, depth=1)],
                  sources=[Source("0", "url", "https://example.org/gpus", cited_by=["a"])])
    load(browser, render_html(build_graph(pair), pages["debate"].with_name("pair.html")))
    header = browser.find_element("id", "counts").text
    assert "2 comments" in header and "1 query" in header and "1 source" in header and "0 supports" in header


def test_sources_are_drawn_beside_the_comments_citing_them(browser, pages):
    load(browser, pages["debate"])
    assert visible(browser, sources=True) - visible(browser) == {"source:0", "source:1"}
    pos = browser.execute_script("return window.argmap.positions()")
    assert pos["source:0"][0] > pos["c1"][0] and abs(pos["source:0"][1] - pos["c1"][1]) < 60  # right of c1
    ys = sorted([pos["c2"][1], pos["c21"][1]])
    assert pos["source:1"][0] > max(pos["c2"][0], pos["c21"][0]) and ys[0] - 60 <= pos["source:1"][1] <= ys[1] + 60
    edges = browser.execute_script("return window.argmap.network().body.data.edges.get().map(function (e) {"
                                   "return [e.from, e.to, e.dashes]})")
    ids = browser.execute_script("return window.argmap.data.nodes.map(function (n) { return n.id; })")
    cites = {(ids[f], ids[t]) for f, t, d in edges if d == [1, 3]}
    assert cites == {("c1", "source:0"), ("c2", "source:1"), ("c21", "source:1")}
    # the kind filter hides them
    browser.find_element("css selector", "input[data-filter=kinds][value=source]").click()
    assert visible(browser, sources=True) == visible(browser)
    browser.find_element("id", "reset").click()


def test_search_and_filters_change_what_is_visible(browser, pages):
    load(browser, pages["debate"])
    box = browser.find_element("id", "search")
    box.send_keys("investment")
    time.sleep(0.3)
    assert visible(browser) == {"c0", "c1", "c2", "c3"}
    box.send_keys("\n")  # Enter opens the first match
    assert "Top reply 0 about investment returns." in browser.find_element("id", "panel-body").text
    box.clear()
    box.send_keys("u2")  # an author
    time.sleep(0.3)
    assert visible(browser) == {f"c{i}2" for i in range(4)}
    browser.find_element("id", "reset").click()
    assert len(visible(browser)) == 17
    browser.find_element("css selector", "input[data-filter=stances][value=attack]").click()
    shown = visible(browser)
    assert shown == {c.id for c in debate().comments if c.stance != "attack"} and len(shown) == 13
    browser.find_element("id", "reset").click()
    browser.execute_script("var s=document.getElementById('f-topic');s.value='money';"
                           "s.dispatchEvent(new Event('change'))")
    assert visible(browser) == {"r", "c0", "c2"}
    browser.find_element("id", "reset").click()
    browser.execute_script("var s=document.getElementById('f-score');s.value='0.75';"
                           "s.dispatchEvent(new Event('input'))")
    assert visible(browser) == {"r", "c2", "c3", "c02", "c12", "c22", "c32"}
    browser.find_element("id", "reset").click()
    browser.execute_script("var s=document.getElementById('f-depth');s.value='1';"
                           "s.dispatchEvent(new Event('change'))")
    assert visible(browser) == {"r", "c0", "c1", "c2", "c3"}
    browser.find_element("id", "reset").click()


def test_click_fills_panel_and_links_navigate(browser, pages):

    load(browser, pages["debate"])
    at_node(browser, "c1").click().perform()
    panel = browser.find_element("id", "panel-body")
    assert "Top reply 1 about investment returns." in panel.text
    assert "user1" in panel.text and "attack" in panel.text and "0.65" in panel.text and "talent" in panel.text
    assert "Votes\n31" in panel.text  # the Reddit score the reader kept
    link = panel.find_element("css selector", "a")
    assert link.get_attribute("href") == "https://example.org/report"
    assert link.get_attribute("rel") == "noopener noreferrer nofollow"
    # Jump to the parent, then fold its replies.
    panel.find_element("xpath", ".//h3[starts-with(., 'Replying to')]/following-sibling::ul//button").click()
    assert "Is the compute race rational?" in browser.find_element("id", "panel-body").text
    browser.find_element("id", "fold").click()
    assert visible(browser) == {"r"}
    browser.find_element("id", "fold").click()
    assert len(visible(browser)) == 17


def test_network_view_settles_with_sources_and_topics(browser, pages):
    load(browser, pages["debate"])
    browser.find_element("id", "view-net").click()
    wait_ready(browser, "netReady", timeout=30)
    shown = visible(browser, sources=True)
    assert {"source:0", "source:1", "topic:money", "topic:talent"} <= shown and len(shown) == 21
    still = browser.execute_script(
        "var a=JSON.stringify(window.argmap.positions());return new Promise(function(r){setTimeout(function(){"
        "r(a===JSON.stringify(window.argmap.positions()))},400)})")
    assert still  # physics is off: nothing moves any more


def test_hostile_thread_runs_no_script(browser, pages):

    requested_urls(browser)
    load(browser, pages["hostile"])
    assert no_alert(browser)
    assert requested_urls(browser) == [pages["hostile"].resolve().as_uri()]  # <img src=x> fetched nothing
    assert browser.execute_script("return window.pwned === undefined")
    counts = browser.execute_script(
        "return [document.querySelectorAll('img,svg image,iframe,object,embed').length,"
        "document.scripts.length, document.querySelectorAll('[onerror],[onload],[onmouseover]').length]")
    assert counts == [0, 3, 0]
    assert browser.find_element("id", "title").text == "<img src=x onerror=alert('title')>"
    # Hover: the tooltip is plain text.
    at_node(browser, "h0").perform()
    tip = browser.execute_script(
        "return new Promise(function(r){setTimeout(function(){var t=document.querySelector('div.vis-tooltip');"
        "r(t?[t.textContent,t.querySelectorAll(':not(br)').length]:null)},700)})")
    assert tip is not None and "<script>window.pwned=1;alert(1)</script>" in tip[0] and tip[1] == 0
    for node in ("h0", "h1", "h2", "h3", "h4"):
        browser.execute_script("window.argmap.select(arguments[0])", node)
        text = browser.find_element("css selector", "#panel-body .text").get_attribute("textContent")
        assert text.startswith(("<", "a <", "w"))
    browser.execute_script("window.argmap.select('h1')")
    panel = browser.find_element("id", "panel-body")
    assert panel.find_element("css selector", ".text").text == "<img src=x onerror=\"window.pwned=1;alert(1)\">"
    hrefs = [a.get_attribute("href") for a in panel.find_elements("css selector", "a")]
    assert hrefs == ["https://example.org/ok"]
    assert "javascript:window.pwned=1" in panel.text  # shown, as text only
    # A long line wraps inside the panel instead of widening the page.
    browser.execute_script("window.argmap.select('h4')")
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    assert no_alert(browser) and browser.execute_script("return window.pwned === undefined")


def test_claims_are_highlighted_and_linked_as_text_only(browser, pages):
    load(browser, pages["claims"])
    assert no_alert(browser) and browser.execute_script("return window.pwned === undefined")
    browser.execute_script("window.argmap.select('r')")
    panel = browser.find_element("id", "panel-body")
    marks = panel.find_elements("css selector", ".text mark.claim")
    assert [(m.get_attribute("class"), m.text) for m in marks] == [
        ("claim role-main_claim", "<script>window.pwned=1</script> is my claim."),
        ("claim role-premise", "Because <b>bold</b> reasons.")]  # the emoji before it shifts nothing
    assert panel.find_element("css selector", ".text").get_attribute("textContent") == hostile_claims().comments[0].text
    # the reply's claims that answer each claim, as buttons that go there
    items = panel.find_elements("css selector", "li.claim-item")
    assert len(items) == 2
    first = items[0].find_elements("css selector", "ul.claim-links button")
    assert [b.get_attribute("data-goto") for b in first] == ["claim:x:0"]
    assert "✘" in first[0].text and "<img src=x" in first[0].text
    assert [b.get_attribute("data-goto") for b in items[1].find_elements("css selector", "ul.claim-links button")] == [
        "claim:y:0"]
    first[0].click()
    panel = browser.find_element("id", "panel-body")
    assert panel.find_element("css selector", "h2").text == "Comment by bob"
    assert panel.find_element("css selector", "mark.focus").text.startswith("<img src=x onerror=")
    counts = browser.execute_script(
        "return [document.querySelectorAll('img,svg image,iframe,object,embed').length,"
        "document.scripts.length, document.querySelectorAll('[onerror],[onload],[onmouseover]').length]")
    assert counts == [0, 3, 0]
    assert no_alert(browser) and browser.execute_script("return window.pwned === undefined")


def test_network_view_shows_claims_grouped_by_comment(browser, pages):
    load(browser, pages["claims"])
    assert visible(browser) == {"r", "x", "y"}  # the tree view stays on comments
    browser.find_element("id", "view-net").click()
    wait_ready(browser, "netReady", timeout=30)
    assert visible(browser) == {"claim:r:0", "claim:r:1", "claim:x:0", "claim:y:0"}
    edges = browser.execute_script("return window.argmap.network().body.data.edges.get()"
                                   ".filter(function(e){return !e.hidden}).map(function(e){return e.title})")
    assert sorted(t.split()[0] for t in edges) == ["attacks", "supports", "supports"]
    # a click on a claim opens its comment with the claim marked
    at_node(browser, "claim:x:0", "net").click().perform()
    panel = browser.find_element("id", "panel-body")
    assert panel.find_element("css selector", "mark.focus").text.startswith("<img src=x")
    # filters reach the claims: hiding attacks hides x's claim
    browser.find_element("css selector", "input[data-filter=stances][value=attack]").click()
    assert visible(browser) == {"claim:r:0", "claim:r:1", "claim:y:0"}
    browser.find_element("id", "reset").click()
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == [] and no_alert(browser) and browser.execute_script("return window.pwned === undefined")


def claim_forest(n_comments: int) -> Thread:
    """A thread with two claims per comment, each reply's first claim supporting or attacking its
    parent's first claim; the opening post's claim is the most debated."""
    cs = [Comment("c0", None, author="op", text="Cities should ban cars. They are loud.")]
    for i in range(1, n_comments):
        parent = f"c{(i - 1) // 6}" if i > 6 else "c0"
        cs.append(Comment(f"c{i}", parent, author=f"u{i}", text=f"Point number {i} here. Reason {i} there.",
                          stance="support" if i % 3 else "attack", stance_score=0.8))
    claims, rels = [], []
    for c in cs:
        first, second = c.text.split(". ")[0] + ".", c.text.split(". ")[1]
        claims.append(Claim(f"{c.id}:0", c.id, 0, len(first), first, "claim" if c.parent_id else "main_claim", 0.9))
        start = c.text.index(second)
        claims.append(Claim(f"{c.id}:1", c.id, start, start + len(second), second, "premise", 0.7))
        rels.append(ClaimRelation(f"{c.id}:1", f"{c.id}:0", "supports", 0.6, "premise"))
        if c.parent_id:
            kind = "supports" if c.stance == "support" else "attacks"
            score = 0.55 + (int(c.id[1:]) % 40) / 100
            rels.append(ClaimRelation(f"{c.id}:0", f"{c.parent_id}:0", kind, score, "model"))
    return Thread(f"forest-{n_comments}", cs, title="claims", claims=claims, claim_relations=rels)


def test_argument_network_reads_at_first_sight(browser, tmp_path):
    # up to ~150 claims: all of them, with text at the default zoom, and the legend of claims
    load(browser, render_html(build_graph(claim_forest(60)), tmp_path / "mid.html"))
    browser.find_element("id", "view-net").click()
    wait_ready(browser, "netReady", timeout=60)
    assert len(visible(browser)) == 120
    assert browser.execute_script("return window.argmap.network().getScale()") >= 0.55
    assert browser.find_element("id", "legend-argument").is_displayed()
    assert not browser.find_element("id", "legend-thread").is_displayed()
    assert browser.find_element("id", "f-role").is_displayed()
    assert not browser.find_element("id", "f-kind").is_displayed()
    assert not browser.find_element("id", "arg-bar").is_displayed()
    browser.find_element("css selector", "input[data-filter=roles][value=premise]").click()
    assert len(visible(browser)) == 60
    browser.find_element("id", "reset").click()
    browser.find_element("id", "view-tree").click()
    assert browser.find_element("id", "legend-thread").is_displayed()
    # beyond: one claim's argument, two steps out, as a tree; the whole network one click away
    load(browser, render_html(build_graph(claim_forest(120)), tmp_path / "big.html"))
    browser.find_element("id", "view-net").click()
    wait_ready(browser, "netReady", timeout=60)
    shown = visible(browser)
    assert "claim:c0:0" in shown and 10 < len(shown) < 160
    bar = browser.find_element("id", "arg-bar")
    assert "The argument of “Cities should ban cars.”" in bar.text
    pos = browser.execute_script("return window.argmap.positions()")
    assert all(pos[i][1] > pos["claim:c0:0"][1] for i in shown - {"claim:c0:0"})  # below the claim it answers
    bar.find_element("tag name", "button").click()
    wait_ready(browser, "netReady", timeout=120)
    assert len(visible(browser)) == 240 and "whole network" in browser.find_element("id", "arg-bar").text
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_selection_pans_the_node_into_view_beside_the_panel(browser, pages):
    load(browser, pages["debate"])
    width = browser.execute_script("return document.getElementById('graph-tree').clientWidth")
    # push c32 to the right edge, under where the side panel begins
    browser.execute_script("var n=window.argmap.network();var i=window.argmap.data.nodes.findIndex(function(x){"
                           "return x.id==='c32'});var p=n.getPositions([i])[i];var s=n.getScale();"
                           "n.moveTo({position:{x:p.x-(arguments[0]/2-5)/s,y:p.y},scale:s,animation:false})", width)
    assert browser.execute_script("return window.argmap.domPosition('c32')")["x"] > width - 20
    browser.execute_script("window.argmap.select('c32', {focus: false})")
    time.sleep(0.6)
    x = browser.execute_script("return window.argmap.domPosition('c32')")["x"]
    assert 100 < x < width - 100
    unmoved = browser.execute_script("return window.argmap.network().getViewPosition()")
    browser.execute_script("window.argmap.select('c3', {focus: false})")  # already in view: nothing moves
    time.sleep(0.4)
    assert browser.execute_script("return window.argmap.network().getViewPosition()") == unmoved
