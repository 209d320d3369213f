"""The documentation states what the code does: the schema page, the README's size and commands."""

from __future__ import annotations

import re
from pathlib import Path

from argmap.exporters.card import dataset_doc

REPO = Path(__file__).resolve().parents[1]
def test_dataset_doc_is_the_schema() -> None:
    assert (REPO / "docs" / "dataset.md").read_text(encoding="utf-8") == dataset_doc() + "\n"


def test_readme_is_short_and_every_figure_row_names_a_command_and_version() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) < 250
    table = readme[readme.index("## Measured quality and speed"):]
    rows = [r for r in table.splitlines() if r.startswith("| ") and not r.startswith("| what") and "---" not in r]
    assert rows
    for row in rows:
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", row.strip("|"))]  # "\|" is a | inside a cell
        assert re.fullmatch(r"\d+\.\d+\.\d+(-dev)?, 2\d{3}-\d\d-\d\d", cells[-2]), row
        assert cells[-1].startswith("`") and ("argmap" in cells[-1] or "benchmarks/" in cells[-1]), row


def test_docs_do_not_narrate_the_work() -> None:
    words = re.compile(r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|earlier|previous|this) session\b",
                       re.IGNORECASE)
    for path in [REPO / "README.md", *REPO.glob("docs/*.md"), *REPO.glob("argmap/**/README.md")]:
        text = path.read_text(encoding="utf-8")
        assert not words.search(text), f"{path.relative_to(REPO)}: {words.search(text)[0]}"
