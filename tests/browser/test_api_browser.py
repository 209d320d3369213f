"""Images, the notebook frame and the pyvis page in a real headless Chromium, offline (``make browser``)."""

from __future__ import annotations

import time
import zlib
from pathlib import Path

import pytest

import argmap
from argmap.graph import build_graph
from argmap.model import Comment, Source, Thread
from argmap.render.headless import available, requested_urls, wait_ready
from argmap.render.png import PNG_MAGIC, png_size
from tests.support import fake_analyser
from tests.support.browser_page import no_alert

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not available(), reason="needs /usr/bin/chromium and /usr/bin/chromedriver (make browser)"),
]

THREADS = Path(__file__).resolve().parents[2] / "threads"
STANCES = ["support", "attack", "neutral", "query"]


def debate() -> Thread:
    cs = [Comment("r", None, author="op", text="Is the compute race rational?")]
    for i in range(4):
        cs.append(Comment(f"c{i}", "r", author=f"u{i}", text=f"Top reply {i} about returns.", stance=STANCES[i],
                          stance_score=0.6, topic="money"))
        cs += [Comment(f"c{i}{j}", f"c{i}", text=f"Nested {i}.{j}.", stance=STANCES[j], stance_score=0.5)
               for j in range(2)]
    return Thread("debate", cs, title="Compute race", topics={"money": ["roi"]},
                  sources=[Source("0", "url", "https://example.org/r", cited_by=["c1"])])


def hostile() -> Thread:
    texts = ["<script>window.pwned=1;alert(1)</script>", "<img src=x onerror=\"window.pwned=1;alert(1)\">",
             "a </script><script>window.pwned=1</script> b", '"></iframe><script>parent.pwned=1</script>']
    cs = [Comment("h0", None, author="<b onmouseover=alert(1)>op</b>", text=texts[0])]
    cs += [Comment(f"h{i}", "h0", text=t, stance="attack", stance_score=0.9) for i, t in enumerate(texts[1:], 1)]
    return Thread("hostile", cs, title="<img src=x onerror=alert('title')>")


def pixels(png: bytes) -> bytes:
    """The PNG's decompressed scanlines (filter bytes included): enough to tell ink from blank."""
    pos, idat = 8, b""
    while pos < len(png):
        length = int.from_bytes(png[pos:pos + 4], "big")
        kind = png[pos + 4:pos + 8]
        if kind == b"IDAT":
            idat += png[pos + 8:pos + 8 + length]
        pos += 12 + length
    return zlib.decompress(idat)


def severe(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


# ------------------------------------------------------------------ PNG


def test_to_png_writes_the_tree_with_its_legend(tmp_path):
    out = argmap.to_png(build_graph(debate()), tmp_path / "img" / "debate.png")
    data = out.read_bytes()
    assert data.startswith(PNG_MAGIC) and len(data) > 10_000
    width, height = png_size(data)
    assert (width, height) == (700 + 250, 540)  # the planned drawing area (MIN_STAGE) and the 250 px legend
    raw = pixels(data)
    assert len(raw) == height * (1 + 4 * width)  # RGBA scanlines
    assert len(set(raw)) > 50  # drawn, not blank
    assert [p.name for p in out.parent.iterdir()] == ["debate.png"]


def test_map_png_writes_one_image_per_thread(tmp_path, monkeypatch, capsys):
    from argmap.cli import main

    monkeypatch.setattr("argmap.pipeline.analyse_batch", fake_analyser.analyse_batch)
    out = tmp_path / "out"
    inputs = [str(THREADS / "hn-rust-rewrite.json"), str(THREADS / "reddit-car-free-cities.json")]
    assert main(["map", *inputs, "-o", str(out), "--png", "--no-html"]) == 0
    for name in ("hn-rust-rewrite", "reddit-car-free-cities"):
        data = (out / f"{name}.png").read_bytes()
        assert data.startswith(PNG_MAGIC) and min(png_size(data)) > 400
        assert not (out / f"{name}.html").exists()
    assert "hn-rust-rewrite.png" in capsys.readouterr().out


def test_save_png_button_downloads_the_view_with_legend(browser, tmp_path):
    page = argmap.to_html(build_graph(debate()), tmp_path / "debate.html")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    browser.get(page.resolve().as_uri())
    wait_ready(browser, timeout=30)
    browser.get_log("browser")
    button = browser.find_element("id", "png")
    assert button.text == "Save PNG"
    button.click()
    deadline = time.time() + 20
    while time.time() < deadline and not browser.execute_script("return window.argmap.lastPng"):
        time.sleep(0.1)
    last = browser.execute_script("return window.argmap.lastPng")
    assert last["name"] == "debate-tree.png" and last["url"].startswith("blob:") and last["bytes"] > 5000
    canvas = browser.execute_script("var c=document.querySelector('#graph-tree canvas');return [c.width,c.height]")
    assert last["width"] > canvas[0] and last["height"] >= canvas[1]  # the legend is beside the drawing
    while time.time() < deadline and not list(downloads.glob("*.png")):
        time.sleep(0.1)
    saved = downloads / "debate-tree.png"
    assert saved.read_bytes().startswith(PNG_MAGIC) and png_size(saved.read_bytes()) == (last["width"], last["height"])
    assert severe(browser) == []  # the page's CSP let it through


def test_png_image_has_drawing_and_legend_ink(browser, tmp_path):
    page = argmap.to_html(build_graph(debate()), tmp_path / "debate.html")
    browser.get(page.resolve().as_uri())
    wait_ready(browser, timeout=30)
    ink = browser.execute_async_script("""
        var done = arguments[arguments.length - 1];
        var url = window.argmap.png({fit: true});
        var img = new Image();
        img.onload = function () {
          var c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
          var g = c.getContext('2d'); g.drawImage(img, 0, 0);
          var legendW = img.width - document.querySelector('#graph-tree canvas').width;
          function dark(x0, w) {
            var d = g.getImageData(x0, 0, w, img.height).data, n = 0;
            for (var i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] < 300) n++;
            return n;
          }
          done({url: url.slice(0, 22), legendW: legendW, drawing: dark(0, img.width - legendW),
                legend: dark(img.width - legendW, legendW), alpha: g.getImageData(1, 1, 1, 1).data[3]});
        };
        img.src = url;
    """)
    assert ink["url"] == "data:image/png;base64,"
    assert ink["legendW"] >= 250 and ink["legend"] > 500 and ink["drawing"] > 500
    assert ink["alpha"] == 255  # opaque white background, not transparent


# ------------------------------------------------------------------ notebook frame


def test_notebook_frame_draws_offline_in_its_sandbox(browser, tmp_path):
    view = argmap.show(build_graph(debate()))
    wrapper = tmp_path / "notebook.html"
    wrapper.write_text(f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>nb</title></head>'
                       f"<body><h1>Notebook</h1>{view._repr_html_()}</body></html>", encoding="utf-8")
    requested_urls(browser)
    browser.get(wrapper.resolve().as_uri())
    frame = browser.find_element("css selector", "iframe")
    browser.switch_to.frame(frame)
    try:
        wait_ready(browser, timeout=30)
        ids = browser.execute_script("return window.argmap.visibleIds()")
        assert len([i for i in ids if not i.startswith("source:")]) == 13
        inked = browser.execute_script(
            "var c=document.querySelector('#graph-tree canvas');var d=c.getContext('2d')"
            ".getImageData(0,0,c.width,c.height).data;var n=0;for(var i=3;i<d.length;i+=4)if(d[i])n++;return n")
        assert inked > 3000
        assert browser.execute_script("return window.origin") == "null"  # sandboxed: an opaque origin
        parent_title = "try { return parent.document.title } catch (e) { return 'blocked' }"
        assert browser.execute_script(parent_title) == "blocked"
    finally:
        browser.switch_to.default_content()
    urls = [u for u in requested_urls(browser) if not u.startswith(("about:", "data:"))]
    assert urls == [wrapper.resolve().as_uri()]
    assert severe(browser) == []


def test_notebook_frame_runs_no_comment_text(browser, tmp_path):
    wrapper = tmp_path / "hostile-nb.html"
    frame = argmap.show(build_graph(hostile()))._repr_html_()
    wrapper.write_text(f"<!DOCTYPE html><html><body>{frame}</body></html>", encoding="utf-8")
    browser.get(wrapper.resolve().as_uri())
    assert len(browser.find_elements("css selector", "iframe")) == 1
    assert not browser.find_elements("css selector", "script")
    browser.switch_to.frame(browser.find_element("css selector", "iframe"))
    try:
        wait_ready(browser, timeout=30)
        assert browser.execute_script("return window.pwned === undefined")
        assert no_alert(browser)
    finally:
        browser.switch_to.default_content()
    assert browser.execute_script("return window.pwned === undefined") and no_alert(browser)


# ------------------------------------------------------------------ pyvis page


def test_pyvis_page_draws_offline(browser, tmp_path):
    net = argmap.to_pyvis(build_graph(hostile()), links=True)
    page = argmap.save_pyvis(net, tmp_path / "pyvis.html")
    requested_urls(browser)
    browser.get(page.resolve().as_uri())
    deadline = time.time() + 30
    while time.time() < deadline and not browser.execute_script(
            "return typeof network !== 'undefined' && !!document.querySelector('#mynetwork canvas')"):
        time.sleep(0.1)
    positions = browser.execute_script("return network.getPositions()")
    assert positions["h0"] == {"x": net.nodes[0]["x"], "y": net.nodes[0]["y"]}  # the precomputed layout, kept
    assert requested_urls(browser) == [page.resolve().as_uri()]
    assert browser.execute_script("return window.pwned === undefined") and no_alert(browser)
    assert severe(browser) == []
