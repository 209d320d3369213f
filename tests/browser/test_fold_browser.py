"""Big fan-outs in a real headless Chromium: a megathread starts with its first replies and one
"N more replies" node, which reveals the next ones on click; selecting or searching a hidden
comment reveals it; folding still works; hidden hostile text stays text once revealed."""

from __future__ import annotations

import pytest

from argmap.graph import build_graph
from argmap.model import Claim, Comment, Thread
from argmap.render import render_html
from argmap.render.headless import available, wait_ready
from tests.support.browser_page import at_node, load, visible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not available(), reason="needs /usr/bin/chromium and /usr/bin/chromedriver (make browser)"),
]

TOPS = 150  # direct replies to the root
NESTED = 30  # replies to the first of them
EVIL = "<img src=x onerror=\"window.pwned=1;alert(1)\">"


def megathread() -> Thread:
    cs = [Comment("r", None, author="op", text="Megathread: post your verdict here.")]
    for i in range(TOPS):
        text = f"Verdict number {i}: not the one at fault."
        if i == 130:
            text = f"{EVIL} hostile verdict"
        if i == 145:
            text = "The needle verdict nobody scrolled to."
        cs.append(Comment(f"t{i}", "r", author=f"user{i}", text=text, stance="support", stance_score=0.9))
    for j in range(NESTED):
        cs.append(Comment(f"t0.{j}", "t0", author=f"u{j}", text=f"Reply {j} to the first verdict.",
                          stance="attack", stance_score=0.8))
    claims = [Claim("t140:0", "t140", 0, 14, cs[141].text[:14], "claim", 0.9)]
    return Thread("mega", cs, title="Megathread", claims=claims)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    return render_html(build_graph(megathread()), tmp_path_factory.mktemp("fold") / "mega.html")


def more_label(driver, more_id: str) -> str:
    return driver.execute_script(
        "var n=window.argmap.network(), id=arguments[0];"
        "var v=Object.keys(n.getPositions()).filter(function(k){return window.argmap.positions()[id]"
        " && k.indexOf('more:')===0;});"
        "var recs=n.body.data.nodes.get().filter(function(r){return String(r.id).indexOf('more:')===0});"
        "var pos=window.argmap.positions()[id];"
        "var hit=recs.filter(function(r){var p=n.getPositions([r.id])[r.id];"
        " return Math.round(p.x)===pos[0]&&Math.round(p.y)===pos[1]});"
        "return hit.length?hit[0].label:null", more_id)


def test_big_fan_out_starts_folded_and_more_node_reveals_on_click(browser, page):

    load(browser, page)
    shown = visible(browser)
    # the root, its first 10 replies, and the first 10 replies of its first reply
    assert shown == {"r"} | {f"t{i}" for i in range(10)} | {f"t0.{j}" for j in range(10)}
    assert sorted(browser.execute_script("return window.argmap.moreIds()")) == ["more:r", "more:t0"]
    assert "140 more replies" in more_label(browser, "more:r")
    assert "20 more replies" in more_label(browser, "more:t0")
    # a real click on the "more" node of the root
    browser.execute_script(
        "var n=window.argmap.network(), p=window.argmap.positions()['more:r'];"
        "n.moveTo({position:{x:p[0],y:p[1]},scale:1,animation:false})")
    at_node(browser, "more:r").click().perform()
    shown = visible(browser)
    assert {f"t{i}" for i in range(60)} <= shown and "t60" not in shown  # 50 more
    assert "90 more replies" in more_label(browser, "more:r")
    # rows stay in reading order: each reply below the one before it, the "more" node last
    ys = browser.execute_script("return window.argmap.positions()")
    assert ys["t10"][1] > ys["t9"][1] and ys["more:r"][1] > ys["t59"][1]
    browser.execute_script("window.argmap.more('r')")
    browser.execute_script("window.argmap.more('r')")
    assert {f"t{i}" for i in range(TOPS)} <= visible(browser)
    assert "more:r" not in browser.execute_script("return window.argmap.moreIds()")
    assert browser.execute_script("return window.pwned === undefined")


def test_selecting_or_searching_a_hidden_comment_reveals_it(browser, page):
    load(browser, page)
    assert "t140" not in visible(browser)
    browser.execute_script("window.argmap.select('claim:t140:0')")  # e.g. a claim link or the outline
    assert "t140" in visible(browser)
    assert "Verdict number 140" in browser.find_element("id", "panel-body").text
    assert "139 more replies" in more_label(browser, "more:r")
    search = browser.find_element("id", "search")
    search.send_keys("needle")
    search.send_keys("\ue007")  # Enter opens the first match
    assert "nobody scrolled to" in browser.find_element("id", "panel-body").text
    browser.find_element("id", "reset").click()
    shown = visible(browser)
    assert {"t140", "t145"} <= shown and "t146" not in shown
    browser.execute_script("window.argmap.select('t130')")
    assert EVIL in browser.find_element("css selector", "#panel-body .text").get_attribute("textContent")
    assert browser.execute_script("return window.pwned === undefined")


def forest() -> Thread:
    cs = []
    for t in range(25):
        cs.append(Comment(f"p{t}", None, author=f"op{t}", text=f"Opening post {t}."))
        cs += [Comment(f"p{t}.{j}", f"p{t}", text=f"Reply {j} to post {t}.", stance="neutral") for j in range(6)]
    return Thread("forest", cs, title="Forest")


def test_a_forest_shows_its_first_threads_and_a_more_threads_node(browser, tmp_path):
    load(browser, render_html(build_graph(forest()), tmp_path / "forest.html"))
    shown = visible(browser)
    assert {f"p{t}" for t in range(10)} <= shown and "p10" not in shown
    assert browser.execute_script("return window.argmap.moreIds()") == ["more:threads"]
    assert "15 more threads" in more_label(browser, "more:threads")
    browser.execute_script("window.argmap.select('p20.3')")
    assert {"p20", "p20.3"} <= visible(browser) and "14 more threads" in more_label(browser, "more:threads")
    browser.execute_script("window.argmap.more(null)")
    assert {f"p{t}" for t in range(25)} <= visible(browser)
    # post 20 was opened for one reply: its other replies still wait behind its own node
    assert browser.execute_script("return window.argmap.moreIds()") == ["more:p20"]
    assert "5 more replies" in more_label(browser, "more:p20")


def test_folding_a_megathread_hides_its_more_nodes(browser, page):
    load(browser, page)
    browser.execute_script("window.argmap.select('r')")
    browser.find_element("id", "fold").click()
    assert visible(browser) == {"r"} and browser.execute_script("return window.argmap.moreIds()") == []
    browser.find_element("id", "fold").click()
    assert len(visible(browser)) == 21
    browser.find_element("id", "view-net").click()
    wait_ready(browser, "netReady", timeout=60)
    assert "claim:t140:0" not in visible(browser)  # the network holds the claims of what is shown
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
