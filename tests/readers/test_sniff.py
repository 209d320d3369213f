"""Format sniffing of pasted text: threads pasted with blank lines stay threads, articles stay articles."""

from __future__ import annotations

from pathlib import Path

from argmap.readers import read
from argmap.readers.sniff import sniff_text

REPO = Path(__file__).resolve().parents[2]

#: A ten-comment debate as a browser copies it: a blank line between comments.
DEBATE = """Should our city ban cars from the centre?

Yes. The centre is choked every morning and the buses are stuck behind the cars.

Source? The council's own counts say traffic fell 8% since 2019.

> The centre is choked every morning
I drive through it daily and it's fine before 8.

you're lucky then, after 8 it is a parking lot

Exactly. And the shops would lose their customers from the suburbs.

No they wouldn't. Ghent did it and footfall went up.

Ghent is not our city though. We have no tram.

Fair point, but a tram line is planned for 2027.

I'll believe it when I see it lol
"""


def test_blank_line_thread_is_a_thread(tmp_path: Path) -> None:
    path = tmp_path / "debate.txt"
    path.write_text(DEBATE, encoding="utf-8")
    thread = read(path)
    assert thread.format == "text" and len(thread.comments) >= 8
    assert max(c.depth for c in thread.comments) >= 2  # a reply chain, not paragraphs under the first


def test_blank_lines_do_not_change_the_format() -> None:
    one_per_line = "\n".join(line for line in DEBATE.splitlines() if line.strip())
    assert sniff_text(DEBATE) == sniff_text(one_per_line) == "text"


def test_article_with_headings_and_blank_lines() -> None:
    text = ("The Open-Source Debate\n\nElon Musk has long argued that AI models should be open. " * 1
            + "Critics note that xAI has not released the weights of its latest model, and that the "
            "company's earlier releases came months after launch.\n\nA Shift in Focus\n\n"
            "The company now says it will publish older models once a new one ships. Analysts expect the "
            "policy to hold for at least a year, according to a report by the Financial Times.\n\n"
            "Conclusion\n\nWhether the promise holds remains to be seen.\n")
    assert sniff_text(text) == "article"


def test_pasted_thread_title_is_its_first_line(tmp_path: Path) -> None:
    path = tmp_path / "debate.txt"
    path.write_text(DEBATE, encoding="utf-8")
    assert read(path).title == "Should our city ban cars from the centre?"
    long = tmp_path / "long.txt"
    long.write_text("word " * 60 + "\nYes, you are right.\nNo, you are not.\n", encoding="utf-8")
    title = read(long, "text").title
    assert len(title) <= 100 and title.endswith("…") and title.startswith("word word")


def test_readme_example_inputs_exist_and_read() -> None:
    """The README's examples point into the repository (threads/, tests/fixtures/), never ../shared/data."""
    import re

    from argmap.readers import detect

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "../shared/data" not in readme and "shared/data" not in readme
    paths = set(re.findall(r"`((?:threads|tests/fixtures)/[\w./-]+\.(?:json|txt))`", readme))
    assert "tests/fixtures/nested/thread.json" in paths and len(paths) >= 6
    for path in sorted(paths):
        assert read(REPO / path).comments, path
    assert detect(REPO / "tests/fixtures/nested/thread.json") == "nested"


def test_readme_says_what_the_colours_mean_per_view() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    page = readme[readme.index("## The map page"):readme.index("## Dataset")]
    assert "Tree:" in page and "stance toward that parent" in page
    assert "Network:" in page and "supporting" in page and "attacking" in page and "coloured by role" in page
