"""The Outline view (topics → key points → claims → comment) in headless Chromium, hostile text inert."""

from __future__ import annotations

import pytest

from argmap.graph import build_graph
from argmap.model import Claim, Comment, KeyPoint, Thread
from argmap.nlp.keypoints import COUNTS_DEFINITION
from argmap.render import render_html
from argmap.render.headless import available
from tests.support.browser_page import load

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not available(), reason="needs /usr/bin/chromium and /usr/bin/chromedriver (make browser)"),
]

EVIL = "<img src=x onerror=\"window.pwned=1\">Uniforms stop bullying"


def thread() -> Thread:
    texts = [EVIL, "Uniforms reduce bullying.", "Uniforms save money.", "Uniforms are cheaper."]
    cs = [Comment("r", None, author="op", text=texts[0], topic="school")]
    cs += [Comment(f"c{i}", "r", author=f"u{i}", text=t, stance="support", stance_score=0.8, depth=1,
                   topic="school" if i < 2 else "<b>money</b>") for i, t in enumerate(texts[1:], 1)]
    claims = [Claim(f"{c.id}:0", c.id, 0, len(c.text), c.text, "claim", 0.9, c.topic) for c in cs]
    kps = [KeyPoint("kp0", EVIL, "r:0", [("r:0", 1.0), ("c1:0", 0.8)], n_authors=2, n_support=1, n_attack=0,
                    topic="school", n_comments=2, n_replies=2),
           KeyPoint("kp1", texts[2], "c2:0", [("c2:0", 1.0), ("c3:0", 0.7)], n_authors=2, n_support=0, n_attack=1,
                    topic="<b>money</b>", n_comments=2, n_replies=1)]
    return Thread("outline", cs, title="Uniforms", claims=claims, key_points=kps)


def test_outline_lists_key_points_and_opens_the_comment(browser, tmp_path) -> None:
    page = render_html(build_graph(thread()), tmp_path / "outline.html")
    load(browser, page)
    browser.find_element("id", "view-outline").click()
    outline = browser.find_element("id", "outline")
    assert outline.is_displayed()
    assert not browser.find_element("id", "graph-tree").is_displayed()
    topics = [h.text for h in outline.find_elements("css selector", "h3")]
    assert topics == ["school", "<b>money</b>"]
    kps = outline.find_elements("css selector", ".ol-kp")
    assert [k.get_attribute("data-kp") for k in kps] == ["kp0", "kp1"]
    assert EVIL in kps[0].find_element("css selector", ".ol-text").text
    assert "2 claims" in kps[0].text and "2 authors" in kps[0].text
    assert kps[1].find_element("css selector", ".ol-con").text == "✘ 1"
    assert kps[1].find_element("css selector", ".ol-counts").text == "✔ 0 ✘ 1 of 1 reply"
    assert browser.execute_script("return window.pwned === undefined")
    assert browser.execute_script("return document.querySelectorAll('#outline img, #outline b').length") == 0
    kps[1].find_element("css selector", "summary").click()
    claim = kps[1].find_elements("css selector", ".ol-claim")[1]
    assert claim.get_attribute("data-comment") == "c3"
    claim.click()
    assert not outline.is_displayed() and browser.find_element("id", "graph-tree").is_displayed()
    text = browser.find_element("css selector", "#panel-body .text").get_attribute("textContent")
    assert text == "Uniforms are cheaper."
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def many_key_points() -> Thread:
    """60 key points in one topic and 25 one-key-point topics (26 topics): more than the outline lists at once."""
    cs = [Comment("r", None, author="op", text="Uniforms?", topic="t0")]
    cs += [Comment(f"c{i}", "r", author=f"u{i}", text=f"Point number {i}.", stance="support", stance_score=0.8,
                   depth=1, topic="t0" if i < 60 else f"t{i}") for i in range(85)]
    claims = [Claim(f"{c.id}:0", c.id, 0, len(c.text), c.text, "claim", 0.9, c.topic) for c in cs[1:]]
    kps = [KeyPoint(f"kp{i}", f"Point number {i}.", f"c{i}:0", [(f"c{i}:0", 1.0)], n_authors=1,
                    topic=cs[i + 1].topic) for i in range(85)]
    return Thread("many", cs, title="Many key points", claims=claims, key_points=kps)


def test_outline_lists_many_key_points_a_page_at_a_time(browser, tmp_path) -> None:
    page = render_html(build_graph(many_key_points()), tmp_path / "many.html")
    load(browser, page)
    browser.find_element("id", "view-outline").click()
    outline = browser.find_element("id", "outline")
    assert len(outline.find_elements("css selector", ".ol-kp")) == 50 + 19  # 20 topics listed
    more = outline.find_elements("css selector", ".ol-more button, button.ol-more")
    assert [b.text for b in more] == ["Show 10 more of 10 key points", "Show 6 more of 6 topics"]
    more[0].click()
    more[1].click()
    assert len(outline.find_elements("css selector", ".ol-kp")) == 85
    assert outline.find_elements("css selector", ".ol-more") == []


def counted(authors: bool) -> Thread:
    """One key point held by 3 comments, answered by 31 replies: 2 support it, 10 attack it; the
    comments have authors or (a pasted thread) none."""
    cs = [Comment("r", None, author="op" if authors else None, text="Uniforms reduce bullying.", topic="school")]
    cs += [Comment(f"c{i}", "r", author=f"u{i}" if authors else None, text=f"Uniforms reduce bullying {i}.",
                   stance="support", stance_score=0.8, depth=1, topic="school") for i in (1, 2)]
    claims = [Claim(f"{c.id}:0", c.id, 0, len(c.text), c.text, "claim", 0.9, c.topic) for c in cs]
    kp = KeyPoint("kp0", cs[0].text, "r:0", [("r:0", 1.0), ("c1:0", 0.8), ("c2:0", 0.7)],
                  n_authors=3 if authors else 0, n_support=2, n_attack=10, topic="school", n_comments=3,
                  n_replies=31)
    return Thread("counted", cs, title="Uniforms", claims=claims, key_points=[kp])


@pytest.mark.parametrize(("authors", "who"), [(False, "3 comments"), (True, "3 authors")])
def test_outline_counts_comments_or_authors_and_replies(browser, tmp_path, authors, who) -> None:
    page = render_html(build_graph(counted(authors)), tmp_path / "counted.html")
    load(browser, page)
    browser.find_element("id", "view-outline").click()
    outline = browser.find_element("id", "outline")
    notes = outline.find_elements("css selector", ".ol-def")
    assert [n.text for n in notes] == [COUNTS_DEFINITION]
    assert notes[0].get_attribute("title") in (None, "")
    kp = outline.find_element("css selector", ".ol-kp")
    meta = kp.find_element("css selector", ".ol-meta")
    assert meta.find_element("css selector", ".ol-who").text == who
    assert ("0 authors" in meta.text) is False and ("authors" in meta.text) is authors
    counts = meta.find_element("css selector", ".ol-counts")
    assert counts.text == "✔ 2 ✘ 10 of 31 replies"
    assert counts.get_attribute("title") == COUNTS_DEFINITION
    assert meta.text.startswith("3 claims") and meta.text.endswith("✔ 2 ✘ 10 of 31 replies")
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
