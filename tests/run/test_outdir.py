"""Outputs never vanish: runs into one folder add to it, names stay apart, --fresh starts over."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import argmap
from argmap.cli import main
from tests.support import fake_analyser


def reddit_export(thread_id: str, body: str = "Yes.") -> list[dict]:
    return [{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {"id": thread_id, "title": "Tea?"}}]}},
            {"kind": "Listing", "data": {"children": [{"kind": "t1", "data": {
                "id": f"c{thread_id}", "parent_id": f"t3_{thread_id}", "body": body}}]}}]


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    monkeypatch.setattr("argmap.pipeline.analyse_batch", fake_analyser.analyse_batch)
    fake_analyser.CALLS.clear()
    return fake_analyser.CALLS


@pytest.fixture
def raws(tmp_path: Path) -> list[Path]:
    """Two exports that share the file name raw.json, as RumourEval's do."""
    paths = []
    for tid in ("934q6t", "5qzxep"):
        (tmp_path / tid).mkdir()
        paths.append(tmp_path / tid / "raw.json")
        paths[-1].write_text(json.dumps(reddit_export(tid)))
    return paths


def comment_rows(dataset: Path) -> list[str]:
    return pq.read_table(dataset / "data" / "comments.parquet").column("thread_id").to_pylist()


def test_second_run_adds_to_the_folder(raws: list[Path], tmp_path: Path, fake, capsys) -> None:  # noqa: ANN001
    out = tmp_path / "out"
    assert main(["map", str(raws[0]), "-o", str(out)]) == 0
    first_page = (out / "raw.html").read_bytes()
    assert main(["map", str(raws[1]), "-o", str(out)]) == 0
    assert (out / "raw.html").read_bytes() == first_page  # not overwritten by the other raw.json
    assert sorted(p.name for p in out.glob("*.html")) == ["corpus.html", "raw.html", "reddit-5qzxep.html"]
    assert sorted(argmap.load(out / "dataset")) == ["5qzxep", "934q6t"]
    by_name = argmap.load(out / "dataset", key="name")
    assert sorted(by_name) == ["raw", "reddit-5qzxep"] and by_name["raw"].graph["thread_id"] == "934q6t"
    assert "1 kept from earlier runs" in capsys.readouterr().out


def test_a_thread_mapped_again_replaces_only_its_rows(raws: list[Path], tmp_path: Path, fake) -> None:  # noqa: ANN001
    out = tmp_path / "out"
    assert main(["map", *map(str, raws), "-o", str(out), "--no-html"]) == 0
    before = comment_rows(out / "dataset")
    raws[0].write_text(json.dumps(reddit_export("934q6t", "No, coffee.")))
    fake.clear()
    assert main(["map", str(raws[0]), "-o", str(out), "--no-html"]) == 0
    assert fake == [["934q6t"]]
    assert sorted(comment_rows(out / "dataset")) == sorted(before)  # same rows per thread, none doubled
    graphs = argmap.load(out / "dataset")
    assert graphs["934q6t"].nodes["c934q6t"]["text"] == "No, coffee." and "5qzxep" in graphs


def test_cached_rerun_rewrites_nothing(raws: list[Path], tmp_path: Path, fake, capsys) -> None:  # noqa: ANN001
    out = tmp_path / "out"
    assert main(["map", *map(str, raws), "-o", str(out)]) == 0
    stamp = (out / "dataset" / "data" / "comments.parquet").stat().st_mtime_ns
    capsys.readouterr()
    assert main(["map", *map(str, raws), "-o", str(out)]) == 0
    assert "nothing new to map" in capsys.readouterr().out
    assert (out / "dataset" / "data" / "comments.parquet").stat().st_mtime_ns == stamp


def test_fresh_starts_the_folder_over(raws: list[Path], tmp_path: Path, fake) -> None:  # noqa: ANN001
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    assert main(["map", str(raws[0]), "-o", str(out)]) == 0
    assert main(["map", str(raws[1]), "-o", str(out), "--fresh"]) == 0
    assert sorted(argmap.load(out / "dataset")) == ["5qzxep"]
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["dataset", "notes.txt", "raw.html"]


def test_each_input_says_how_it_was_read(tmp_path: Path, fake, capsys) -> None:  # noqa: ANN001
    path = tmp_path / "debate.txt"
    path.write_text("Should cities ban cars?\n\nYes, you are right about that.\n\nno, I drive every day.\n")
    assert main(["map", str(path), "-o", str(tmp_path / "out"), "--no-html"]) == 0
    line = capsys.readouterr().out.splitlines()[0]
    assert line.startswith(str(path)) and "(read as text, " in line and line.endswith(" comments)")


def test_unmatched_glob_says_so(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    pattern = str(tmp_path / "nope" / "*.json")
    assert main(["map", pattern, "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err == f"argmap: error: {pattern}: no file matches this pattern\n"


@pytest.mark.parametrize("text", ["", "  \n"])
def test_map_thread_of_nothing_is_a_clear_error(text: str) -> None:
    with pytest.raises(argmap.InputError, match="empty: pass a file path, a URL or the thread's text"):
        argmap.map_thread(text)


def test_counts_have_the_right_plural(tmp_path: Path, fake, capsys) -> None:  # noqa: ANN001
    path = tmp_path / "t.json"
    path.write_text(json.dumps(reddit_export("1a2b3c")))
    assert main(["map", str(path), "-o", str(tmp_path / "out"), "--no-html"]) == 0
    out = capsys.readouterr().out
    assert "dataset (1 thread; " in out and "1 threads" not in out
    card = (tmp_path / "out" / "dataset" / "README.md").read_text(encoding="utf-8")
    assert "(1 row)" in card and "(1 rows)" not in card


def test_corpus_page_counts_have_the_right_plural() -> None:
    from argmap.render.corpus_page import corpus_page_string

    threads = [{"thread_id": f"t{i}", "name": f"t{i}", "title": "", "n_comments": 1, "n_claims": 1 - i,
                "n_keypoints": i, "href": None} for i in (0, 1)]
    page = corpus_page_string(threads, [])
    assert "2 comments · 1 claim · 1 thread key point · 0 key points across threads" in page


def test_a_rerun_from_another_folder_knows_its_inputs(raws: list[Path], tmp_path: Path, fake,  # noqa: ANN001
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    monkeypatch.chdir(raws[0].parent)
    assert main(["map", "raw.json", "-o", str(out), "--no-html"]) == 0
    monkeypatch.chdir(tmp_path)
    raws[0].write_text(json.dumps(reddit_export("934q6t", "No, coffee.")))
    assert main(["map", str(raws[0].relative_to(tmp_path)), "-o", str(out), "--no-html"]) == 0
    assert list(argmap.load(out / "dataset", key="name")) == ["raw"]  # replaced, not added beside
