"""Measuring the format sniffer (argmap.lab.sniff_eval): articles pasted with blank lines, `eval-sniff`
on real threads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap.lab.sniff_eval import as_pasted
from argmap.readers.sniff import sniff_text

THREADS = Path(__file__).resolve().parents[2] / "threads"


@pytest.mark.parametrize("blank_lines", [False, True])
def test_articles_stay_articles(blank_lines: bool) -> None:
    text = (THREADS / "grok3-delay-article.txt").read_text(encoding="utf-8")
    assert sniff_text(as_pasted(text) if blank_lines else text) == "article"


@pytest.mark.shared
def test_eval_sniff_on_real_threads(shared_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from argmap.cli import main

    assert main(["lab", "eval-sniff", "--json", "--data", str(shared_data), "--aita", "200"]) == 0
    rows = {r["data"]: r for r in json.loads(capsys.readouterr().out)}
    threads = [r for r in rows.values() if r["expected"] == "text"]
    articles = [r for r in rows.values() if r["expected"] == "article"]
    assert sum(r["texts"] for r in threads) > 200 and sum(r["texts"] for r in articles) >= 10
    for r in threads:
        assert r.get("text", 0.0) >= 0.95, r
    for r in articles:
        assert r.get("article", 0.0) == 1.0, r
