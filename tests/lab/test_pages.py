"""Thread pages rendered from real trees (argmap.lab.pages) and read back by argmap.readers.page."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from argmap.lab import pages


def _random_tree(rng: random.Random, size: int) -> pages.Node:
    words = ["tea", "coffee", "no", "yes", "why", "because", "reply", "Share", "points", "•", "level 2", "[–]"]
    nodes = [pages.Node("Title " + rng.choice(words), "op", 0.0, 5)]
    for k in range(size):
        text = "\n\n".join(" ".join(rng.choice(words) for _ in range(rng.randint(1, 6)))
                           for _ in range(rng.randint(1, 3)))
        node = pages.Node(text, f"u{rng.randint(0, 5)}{k}", 0.0, rng.randint(0, 99))
        rng.choice(nodes).children.append(node)
        nodes.append(node)
    return nodes[0]


@pytest.mark.parametrize("style", pages.RENDERED)
def test_every_content_line_lands_once_in_random_threads(style: str) -> None:
    rng = random.Random(7)
    trees = [_random_tree(rng, rng.randint(1, 30)) for _ in range(40)]
    result = pages.score(trees, style)
    assert result["failed"] == 0 and result["exact"] == 1.0 and result["author_accuracy"] == 1.0
    if style in ("hackernews", "new-reddit-levels"):
        assert result["parent_accuracy"] == 1.0


@pytest.mark.shared
def test_eval_structure_pages_on_real_threads(shared_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from argmap.cli import main

    assert main(["lab", "eval-structure", "--pages", "--json", "--data", str(shared_data)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["style"] for r in rows} == set(pages.RENDERED) and all(r["comments"] > 1000 for r in rows)
    for r in rows:
        assert r["exact"] >= 0.95 and r["author_accuracy"] >= 0.95
        if r["style"] in ("hackernews", "new-reddit-levels"):
            assert r["parent_accuracy"] >= 0.98
