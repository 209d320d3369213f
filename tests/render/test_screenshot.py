"""benchmarks/screenshot.py: the image is the viewport size, --open lists claims, corpus.html works."""

from __future__ import annotations

import importlib.util
import struct
import sys
from pathlib import Path

import pytest

from argmap.graph import build_graph
from argmap.render import render_html
from argmap.render.headless import available
from tests.browser.test_outline_browser import thread

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not available(), reason="needs /usr/bin/chromium and /usr/bin/chromedriver (make browser)"),
]

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def shot():  # noqa: ANN201
    spec = importlib.util.spec_from_file_location("screenshot", REPO / "benchmarks" / "screenshot.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["screenshot"] = module
    spec.loader.exec_module(module)
    return module


def png_size(path: Path) -> tuple[int, int]:
    return struct.unpack(">II", path.read_bytes()[16:24])


def test_size_is_the_viewport(shot, tmp_path: Path) -> None:  # noqa: ANN001
    page = render_html(build_graph(thread()), tmp_path / "t.html")
    assert shot.main([str(page), str(tmp_path / "t.png"), "--size", "900x600"]) == 0
    assert png_size(tmp_path / "t.png") == (900, 600)


def test_open_lists_the_claims(shot, browser, tmp_path: Path) -> None:  # noqa: ANN001
    page = render_html(build_graph(thread()), tmp_path / "t.html")
    browser.get(page.resolve().as_uri())
    args = shot.argparse.Namespace(view="outline", open=1, select=None, focus=False)
    assert shot.prepare(browser, args) is None
    opened = browser.execute_script("return [...document.querySelectorAll('#outline details')].map("
                                    "d => [d.open, d.querySelectorAll('.ol-claims li').length])")
    assert opened[0][0] and opened[0][1] == 2 and not opened[1][0]


def test_corpus_page_is_captured_or_refused_in_one_line(shot, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    from argmap.render.corpus_page import render_corpus_page

    page = tmp_path / "corpus.html"
    render_corpus_page(page, [{"thread_id": "t", "name": "t", "title": "", "n_comments": 1, "n_claims": 0,
                               "n_keypoints": 0, "href": None}], [])
    assert shot.main([str(page), str(tmp_path / "c.png"), "--size", "800x500"]) == 0
    assert png_size(tmp_path / "c.png") == (800, 500)
    assert shot.main([str(page), str(tmp_path / "n.png"), "--view", "net"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a map page" in err and "Traceback" not in err


def test_edit_sets_the_selected_stance_in_edit_mode(shot, browser, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    page = render_html(build_graph(thread()), tmp_path / "t.html")
    browser.get(page.resolve().as_uri())
    browser.execute_script("localStorage.clear()")
    args = shot.argparse.Namespace(view="tree", open=0, select="c2", focus=False, edit="attack")
    assert shot.prepare(browser, args) is None
    state = browser.execute_script("var e = window.argmap.edits; return [e.isOn(), e.list().map(function (x) {"
                                   "return [x.edit.op, x.edit.comment_id, x.edit.stance]; }),"
                                   "document.getElementById('edit-count').textContent]")
    assert state == [True, [["stance", "c2", "attack"]], "1"]
    browser.execute_script("window.argmap.edits.clear(); window.argmap.edits.on(false)")
    args.select = "r"  # the opening post has no stance to set: one line, no traceback
    assert "--edit: " in shot.prepare(browser, args)
    with pytest.raises(SystemExit):
        shot.main([str(page), str(tmp_path / "e.png"), "--edit", "attack"])
    assert "--edit needs --select" in capsys.readouterr().err
