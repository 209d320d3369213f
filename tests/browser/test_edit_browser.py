"""Edit mode in a real headless Chromium: edits made by clicking show at once, undo, survive a
reload, save as a corrections file that ``argmap map --corrections`` applies on the next re-map
(graph, dataset and page carry the human labels), and hostile text stays inert."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

import argmap
from argmap.cli import main
from argmap.corrections import apply_corrections
from argmap.exporters.hf_dataset import write_dataset
from argmap.graph import build_graph
from argmap.render import render_html
from argmap.render.headless import available, wait_ready
from tests.browser.test_browser import debate, hostile, hostile_claims
from tests.support import fake_analyser
from tests.support.browser_page import at_node, load, visible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not available(), reason="needs /usr/bin/chromium and /usr/bin/chromedriver (make browser)"),
]

THREAD = [{"id": "r", "author": "op", "text": "Tea is better than coffee."},
          {"id": "a", "parent_id": "r", "author": "x", "text": "No, coffee wakes you up."},
          {"id": "b", "parent_id": "a", "author": "y", "text": "Tea has caffeine too."},
          {"id": "c", "parent_id": "r", "author": "z", "text": "Green tea most of all."}]


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    d = tmp_path_factory.mktemp("edit-pages")
    return {"debate": render_html(build_graph(debate()), d / "debate.html"),
            "hostile": render_html(build_graph(hostile()), d / "hostile.html"),
            "claims": render_html(build_graph(hostile_claims()), d / "claims.html")}


def js(driver, code: str, *args):  # noqa: ANN201
    return driver.execute_script(code, *args)


def fresh(driver, path: Path) -> None:
    """Open ``path`` with no edits left in this browser's storage."""
    load(driver, path)
    js(driver, "localStorage.clear()")
    load(driver, path)


def edit_on(driver) -> None:
    driver.find_element("id", "edit-toggle").click()
    assert js(driver, "return window.argmap.edits.isOn()")


def severe(driver) -> list:
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def test_edits_by_clicking_save_and_remap_carry_human_labels(browser, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("argmap.pipeline.analyse_batch", fake_analyser.analyse_batch)
    src = tmp_path / "tea.json"
    src.write_text(json.dumps(THREAD))
    out = tmp_path / "out"
    assert main(["map", str(src), "-o", str(out), "--no-claims"]) == 0
    page = out / "tea.html"
    fresh(browser, page)
    assert "1 attack" in browser.find_element("id", "counts").text  # the fake model: "No…" attacks
    edit_on(browser)
    # b's stance: click the node, then "attack" in the panel's edit box
    at_node(browser, "b").click().perform()
    browser.find_element("css selector", "#panel-body .edit-box button[data-stance=attack]").click()
    assert "2 attacks" in browser.find_element("id", "counts").text
    assert "✎" in js(browser, "var n = window.argmap.data.nodes.findIndex(function (x) { return x.id === 'b'; });"
                              "return window.argmap.network().body.data.nodes.get(n).label")
    # move c under b: "Move under…", then click the new parent
    at_node(browser, "c").click().perform()
    before = js(browser, "return window.argmap.positions()")["c"]
    [b for b in browser.find_elements("css selector", "#panel-body .edit-box button")
     if b.text.startswith("Move under")][0].click()
    at_node(browser, "b").click().perform()
    after = js(browser, "return window.argmap.positions()")
    assert after["c"] != before and after["c"][0] > after["b"][0]  # one level right of its new parent
    items = [li.text for li in browser.find_elements("css selector", "#edit-list li")]
    assert len(items) == 2 and "→ attack" in items[0] and "under" in items[1]
    # Save edits downloads NAME.corrections.json; toJSON() is what it writes
    browser.find_element("id", "edit-save").click()
    assert js(browser, "return window.argmap.lastSave") == {"name": "tea.corrections.json", "edits": 2}
    doc = js(browser, "return window.argmap.edits.toJSON()")
    assert doc["format"] == "argmap.corrections" and doc["version"] == 1 and doc["thread"]["thread_id"] == "tea"
    assert doc["argmap_version"] == argmap.__version__
    assert [e["op"] for e in doc["edits"]] == ["stance", "parent"]
    fixes = tmp_path / "tea.corrections.json"
    fixes.write_text(json.dumps(doc))
    # re-map with the corrections: the graph, the dataset and the page carry the human labels
    capsys.readouterr()
    assert main(["map", str(src), "-o", str(out), "--no-claims", "--corrections", str(tmp_path)]) == 0
    assert "2 corrections applied" in capsys.readouterr().out
    g = argmap.load(out / "dataset")["tea"]
    assert g.edges["b", "a", "reply"]["stance"] == "attack"
    assert g.edges["b", "a", "reply"]["label_source"] == "human"
    assert g.edges["a", "r", "reply"]["label_source"] == "model"
    assert g.has_edge("c", "b") and not g.has_edge("c", "r") and g.nodes["c"]["depth"] == 3
    import pyarrow.parquet as pq

    rows = pq.read_table(out / "dataset" / "data" / "comments.parquet").to_pylist()
    human = {r["comment_id"] for r in rows if r["label_source"] == 1}
    assert human == {"b", "c"}
    js(browser, "localStorage.clear()")
    load(browser, page)
    pos = js(browser, "return window.argmap.positions()")
    assert pos["c"][0] > pos["b"][0]
    assert "2 attacks" in browser.find_element("id", "counts").text
    # the re-mapped page marks the human labels and leaves them out of the review queue
    assert "✎" in js(browser, "var n = window.argmap.data.nodes.findIndex(function (x) { return x.id === 'b'; });"
                              "return window.argmap.network().body.data.nodes.get(n).label")
    assert {q["comment_id"] for q in js(browser, "return window.argmap.edits.reviewQueue()")} == {"a"}
    assert severe(browser) == []


def test_claim_edits_by_clicking_and_apply_to_the_dataset(browser, pages, tmp_path):
    fresh(browser, pages["claims"])
    edit_on(browser)
    browser.find_element("id", "view-net").click()
    wait_ready(browser, "netReady", timeout=30)
    # y's claim now attacks r:0: click y:0, "attacks…" in its claim row, then click the target claim
    at_node(browser, "claim:y:0", "net").click().perform()
    buttons = browser.find_elements("css selector", "#panel-body .edit-claim button")
    [b for b in buttons if b.text == "attacks…"][0].click()
    assert "picking" in browser.find_element("tag name", "body").get_attribute("class")
    at_node(browser, "claim:r:0", "net").click().perform()
    edges = js(browser, "return window.argmap.network().body.data.edges.get().filter(function(e){return !e.hidden})"
                        ".map(function(e){return [e.from, e.to, e.title]})")
    assert len(edges) == 4 and sum("set by hand" in e[2] for e in edges) == 1
    # r:1 is no claim: the role select in r's panel
    at_node(browser, "claim:r:1", "net").click().perform()
    sel = [s for s in browser.find_elements("css selector", "#panel-body .edit-claim select")][1]
    from selenium.webdriver.support.ui import Select

    Select(sel).select_by_value("none")
    assert visible(browser) == {"claim:r:0", "claim:x:0", "claim:y:0"}
    doc = js(browser, "return window.argmap.edits.toJSON()")
    assert [e["op"] for e in doc["edits"]] == ["relation", "claim"]
    rel = doc["edits"][0]
    assert rel["source"]["claim_id"] == "y:0" and rel["target"]["claim_id"] == "r:0" and rel["kind"] == "attacks"
    # the stable key survives a renumbering: r:0 found again by comment + span
    assert rel["target"]["start"] == 2  # code points (the emoji before it is one)
    g = build_graph(hostile_claims())
    report = apply_corrections(g, doc)
    assert len(report.applied) == 2 and report.unmatched == []
    assert g.edges["claim:y:0", "claim:r:0", "attacks"]["label_source"] == "human"
    assert "claim:r:1" not in g
    t = argmap.load(write_dataset([g], tmp_path / "ds"))["hostile-claims"]
    assert t.edges["claim:y:0", "claim:r:0", "attacks"]["label_source"] == "human"
    assert t.edges["claim:x:0", "claim:r:0", "attacks"]["label_source"] == "model"
    assert t.nodes["claim:r:0"]["label_source"] == "model"
    assert severe(browser) == []


def test_undo_and_restore_after_reload(browser, pages):
    fresh(browser, pages["debate"])
    edits = "window.argmap.edits"
    js(browser, f"{edits}.setStance('c01', 'support'); {edits}.setParent('c02', 'c1'); {edits}.setParent('c3', null)")
    assert len(js(browser, f"return {edits}.list()")) == 3
    pos = js(browser, "return window.argmap.positions()")
    assert pos["c3"][0] == pos["r"][0]
    js(browser, f"{edits}.undo()")
    assert len(js(browser, f"return {edits}.list()")) == 2
    pos = js(browser, "return window.argmap.positions()")
    assert pos["c3"][0] > pos["r"][0]
    load(browser, pages["debate"])  # reload: the two edits come back, and the page says so
    assert [e["edit"]["op"] for e in js(browser, f"return {edits}.list()")] == ["stance", "parent"]
    note = browser.find_element("id", "edit-restored")
    assert note.is_displayed() and "Restored 2 edits" in note.text and "not saved" in note.text
    assert js(browser, f"return {edits}.marks().comments").sort() is None  # a list
    assert set(js(browser, f"return {edits}.marks().comments")) == {"c01", "c02"}
    # keyboard: e toggles edit mode, u undoes
    browser.find_element("tag name", "body").send_keys("e")
    assert js(browser, f"return {edits}.isOn()")
    browser.find_element("tag name", "body").send_keys("u")
    assert len(js(browser, f"return {edits}.list()")) == 1
    js(browser, f"{edits}.clear()")
    load(browser, pages["debate"])
    assert js(browser, f"return {edits}.list()") == []
    assert not browser.find_element("id", "edit-restored").is_displayed()
    # a stored edit that no longer matches is listed, not dropped
    js(browser, "localStorage.setItem('argmap.edits:debate', JSON.stringify({edits: [{op: 'stance', comment_id: "
                "'gone', stance: 'attack'}]}))")
    load(browser, pages["debate"])
    assert js(browser, f"return {edits}.unmatched()")[0]["reason"] == 'no comment with id "gone"'
    assert "1 no longer match" in browser.find_element("id", "edit-restored").text
    js(browser, f"{edits}.clear()")


def test_hostile_text_stays_inert_in_the_editor(browser, pages):
    for name in ("hostile", "claims"):
        fresh(browser, pages[name])
        edit_on(browser)
    fresh(browser, pages["hostile"])
    edit_on(browser)
    at_node(browser, "h1").click().perform()
    browser.find_element("css selector", "#panel-body .edit-box button[data-stance=support]").click()
    item = browser.find_element("css selector", "#edit-list li").text
    assert "<img src=x" in item  # shown as text
    fresh(browser, pages["claims"])
    js(browser, "window.argmap.edits.setRelation('y:0', 'x:0', 'supports'); window.argmap.edits.dropClaim('x:0')")
    js(browser, "window.argmap.edits.on(true); window.argmap.select('x')")
    listed = " ".join(li.text for li in browser.find_elements("css selector", "#edit-list li"))
    assert "<svg onload=alert(1)>" in listed and "<img src=x" in listed
    time.sleep(0.3)
    assert severe(browser) == [] and js(browser, "return window.pwned === undefined")
    assert js(browser, "return document.querySelectorAll('#panel img, #editor img, #panel svg script').length") == 0
    js(browser, "window.argmap.edits.clear()")


def test_review_queue_follows_the_scores(browser, pages):
    fresh(browser, pages["claims"])
    queue = js(browser, "return window.argmap.edits.reviewQueue()")
    scores = [q["score"] for q in queue]
    assert scores == sorted(scores) and len(queue) == 5  # 2 replies with a stance, 3 relations
    assert queue[0] == {"kind": "relation", "source": "y:0", "target": "r:1", "score": 0.5}
    edit_on(browser)
    browser.find_element("id", "edit-next").click()  # opens the least confident first
    assert "Indeed" in browser.find_element("css selector", "#panel-body .text").text
    assert "0.50" in browser.find_element("id", "edit-note").text
    js(browser, "window.argmap.edits.setStance('y', 'support')")  # an edited item leaves the queue
    queue = js(browser, "return window.argmap.edits.reviewQueue()")
    assert {"kind": "stance", "comment_id": "y", "score": 0.7} not in queue
    js(browser, "window.argmap.edits.clear()")


def test_relation_slider_hides_low_probability_relations(browser, pages):
    fresh(browser, pages["claims"])
    browser.find_element("id", "view-net").click()
    wait_ready(browser, "netReady", timeout=30)
    shown = ("return window.argmap.network().body.data.edges.get().filter(function(e){return !e.hidden && "
             "String(e.id).charAt(0) === 'r'}).length")
    assert js(browser, shown) == 3
    js(browser, "var s=document.getElementById('f-rel');s.value='0.65';s.dispatchEvent(new Event('input'))")
    assert js(browser, shown) == 1  # only the 0.7 attack is left
    assert browser.find_element("id", "f-rel-out").text == "0.65"
    at_node(browser, "claim:r:0", "net").click().perform()
    assert "p 0.70" in browser.find_element("id", "panel-body").text  # each relation shows its probability
    widths = js(browser, "return window.argmap.network().body.data.edges.get().filter(function(e){"
                         "return String(e.id).charAt(0) === 'r'}).map(function(e){return [e.title, e.width]})")
    by_score = sorted((float(t.split("probability ")[1].split()[0]), w) for t, w in widths)
    assert [w for _, w in by_score] == sorted(w for _, w in by_score)  # wider when more probable
    browser.find_element("id", "reset").click()
    assert js(browser, shown) == 3


def test_page_says_why_a_big_thread_shows_a_part(browser, tmp_path):
    from argmap.model import Comment, Thread

    cs = [Comment("r", None, text="Opening post")]
    cs += [Comment(f"c{i}", "r", text=f"Reply {i}", stance="support", stance_score=0.7) for i in range(150)]
    page = render_html(build_graph(Thread("big", cs)), tmp_path / "big.html")
    load(browser, page)
    shown = browser.find_element("id", "shown").text
    why = browser.find_element("id", "shown-why")
    assert "Showing 11 of 151" in shown and why.is_displayed() and "more replies" in why.text


def test_unmatched_and_foreign_corrections_are_reported(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("argmap.pipeline.analyse_batch", fake_analyser.analyse_batch)
    src = tmp_path / "tea.json"
    src.write_text(json.dumps(THREAD))
    fixes = tmp_path / "fixes"
    fixes.mkdir()
    (fixes / "tea.corrections.json").write_text(json.dumps({
        "format": "argmap.corrections", "version": 1, "thread": {"thread_id": "tea"},
        "edits": [{"op": "stance", "comment_id": "b", "stance": "attack"},
                  {"op": "stance", "comment_id": "deleted", "stance": "attack"},
                  {"op": "relation", "source": {"claim_id": "b:0", "comment_id": "b", "start": 0, "end": 5,
                                                "text": "Tea h"}, "target": "r:0", "kind": "supports"}]}))
    (fixes / "other.corrections.json").write_text(json.dumps({
        "format": "argmap.corrections", "version": 1, "thread": {"thread_id": "elsewhere"}, "edits": []}))
    out = tmp_path / "out"
    assert main(["map", str(src), "-o", str(out), "--no-claims", "--corrections", str(fixes)]) == 0
    err = capsys.readouterr().err
    assert "1 correction applied, 2 no longer match" in err
    assert "stance of comment deleted → attack: no comment deleted in this thread" in err
    assert "claim b:0 (“Tea h”) is no longer in the map" in err
    assert "thread elsewhere is not among the mapped threads" in err
    bad = tmp_path / "bad.corrections.json"
    for text, message in [("{oops", "not valid JSON"), ('{"format": "aif"}', "not an argmap corrections file"),
                          ('{"format": "argmap.corrections", "version": 9}', "newer than this argmap reads")]:
        bad.write_text(text)
        assert main(["map", str(src), "-o", str(out), "--corrections", str(bad)]) == 1
        err = capsys.readouterr().err.strip()
        assert message in err and len(err.splitlines()) == 1


def test_split_and_merge_pasted_text(browser, tmp_path):
    from argmap.model import Comment, Thread

    cs = [Comment("1", None, text="Should cities ban cars?\nYes, they are loud."),
          Comment("2", "1", text="No, people need them.", stance="attack", stance_score=0.8),
          Comment("3", "2", text="And buses are slow.", stance="support", stance_score=0.6),
          Comment("4", "3", text="Not where they have lanes.", stance="attack", stance_score=0.7)]
    t = Thread("paste", cs, format="text")
    fresh(browser, render_html(build_graph(t), tmp_path / "paste.html"))
    edit_on(browser)
    at_node(browser, "3").click().perform()
    [b for b in browser.find_elements("css selector", "#panel-body .edit-box button")
     if b.text.startswith("Merge")][0].click()
    assert visible(browser) == {"1", "2", "4"} and "3 comments" in browser.find_element("id", "counts").text
    js(browser, "window.argmap.select('2')")
    merged = browser.find_element("css selector", "#panel-body .text").text
    assert "No, people need them.\nAnd buses are slow." in merged
    js(browser, "window.argmap.edits.split('1', 1)")
    js(browser, "window.argmap.select('1')")
    assert "Split before line 2" in browser.find_element("css selector", "#panel-body .edit-box").text
    doc = js(browser, "return window.argmap.edits.toJSON()")
    assert [(e["op"], e["comment_id"]) for e in doc["edits"]] == [("merge", "3"), ("split", "1")]
    assert doc["edits"][0]["into"] == "2"
    g = build_graph(t)
    report = apply_corrections(g, doc)
    assert len(report.applied) == 2 and report.unmatched == []
    assert "3" not in g and g.has_edge("4", "2")
    assert g.nodes["2"]["text"] == "No, people need them.\nAnd buses are slow."
    assert g.nodes["1"]["text"] == "Should cities ban cars?" and g.nodes["1~1"]["text"] == "Yes, they are loud."
    assert g.has_edge("1~1", "1") and g.nodes["1~1"]["label_source"] == "human"
    js(browser, "window.argmap.edits.undo(); window.argmap.edits.undo()")
    assert visible(browser) == {"1", "2", "3", "4"}
    assert severe(browser) == []
    js(browser, "window.argmap.edits.clear()")


def test_split_shows_at_once_and_undo_removes_it(browser, tmp_path):
    from argmap.model import Claim, Comment, Thread

    cs = [Comment("1", None, text="Should cities ban cars?\nYes, they are loud.\nAnd they kill people."),
          Comment("2", "1", text="No, people need them.", stance="attack", stance_score=0.8)]
    cut = cs[0].text.index("And")
    claims = [Claim("1:0", "1", 0, 23, cs[0].text[:23], "main_claim", 0.9),
              Claim("1:1", "1", cut, len(cs[0].text), cs[0].text[cut:], "premise", 0.8)]
    t = Thread("paste2", cs, format="text", claims=claims)
    fresh(browser, render_html(build_graph(t), tmp_path / "paste2.html"))
    counts = lambda: browser.find_element("id", "counts").text  # noqa: E731
    assert "2 comments" in counts()
    edit_on(browser)
    # by clicking: open comment 1, pick "before line 3" in the line menu, then "Split"
    at_node(browser, "1").click().perform()
    from selenium.webdriver.support.ui import Select
    Select(browser.find_element("css selector", "#panel-body .edit-box select")).select_by_value("2")
    [b for b in browser.find_elements("css selector", "#panel-body .edit-box button") if b.text == "Split"][0].click()
    assert visible(browser) == {"1", "1~2", "2"} and "3 comments" in counts()
    pos = js(browser, "return window.argmap.positions()")
    assert pos["1~2"][0] > pos["1"][0]  # a reply of the first part, laid out to its right
    reply = js(browser, "var d = window.argmap.data, a = d.nodes.findIndex(function (x) { return x.id === '1~2'; }),"
                        " b = d.nodes.findIndex(function (x) { return x.id === '1'; });"
                        "return [window.argmap.network().body.data.edges.get().some(function (e) {"
                        " return e.from === a && e.to === b; }), d.nodes[a].t, d.nodes[b].t,"
                        " window.argmap.network().body.data.nodes.get(a).label]")
    assert reply[:3] == [True, "And they kill people.", "Should cities ban cars?\nYes, they are loud."]
    assert "✎" in reply[3]
    # the claim on the lines split off goes with them, its span counted in the new comment's text
    assert js(browser, "return window.argmap.data.claims.map(function (c) { return [window.argmap.data.nodes[c[0]].id,"
                       " c[1], c[2]]; })") == [["1", 0, 23], ["1~2", 0, 21]]
    # the new comment takes further edits by its temporary id, and a re-map makes the same
    js(browser, "window.argmap.edits.setStance('1~2', 'support'); window.argmap.edits.split('1', 1)")
    assert visible(browser) == {"1", "1~1", "1~2", "2"} and "4 comments" in counts()
    doc = js(browser, "return window.argmap.edits.toJSON()")
    assert [(e["op"], e["comment_id"]) for e in doc["edits"]] == [("split", "1"), ("stance", "1~2"), ("split", "1")]
    g = build_graph(t)
    report = apply_corrections(g, doc)
    assert len(report.applied) == 3 and report.unmatched == []
    assert g.nodes["1~2"]["stance"] == "support" and g.has_edge("1~1", "1") and g.has_edge("1~2", "1")
    assert g.nodes["claim:1:1"]["comment_id"] == "1~2" and g.nodes["claim:1:1"]["start"] == 0
    texts = js(browser, "return ['1', '1~1', '1~2'].map(function (i) { var d = window.argmap.data.nodes;"
                        " return d[d.findIndex(function (x) { return x.id === i; })].t; })")
    assert texts == [g.nodes[i]["text"] for i in ("1", "1~1", "1~2")]
    # merging the second part back joins it to the part it came from
    js(browser, "window.argmap.edits.merge('1~1')")
    assert visible(browser) == {"1", "1~2", "2"} and "3 comments" in counts()
    assert js(browser, "return window.argmap.edits.toJSON().edits[3]")["into"] == "1"
    js(browser, "window.argmap.edits.undo()")
    # undo removes the new comments again, one at a time
    js(browser, "window.argmap.edits.undo()")
    assert visible(browser) == {"1", "1~2", "2"} and "3 comments" in counts()
    js(browser, "window.argmap.edits.undo(); window.argmap.edits.undo()")
    assert visible(browser) == {"1", "2"} and "2 comments" in counts()
    assert "1~2" not in js(browser, "return window.argmap.visibleIds()")
    assert js(browser, "return window.argmap.data.nodes.filter(function (x) { return x.id === 'c1'; }).length") == 0
    assert severe(browser) == []
    js(browser, "window.argmap.edits.clear()")
