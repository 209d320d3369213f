"""Copied thread pages (argmap.readers.page): Hacker News, old Reddit, new Reddit."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.errors import InputError
from argmap.readers import detect, read
from argmap.readers.page import parse, style_of

WEB = Path(__file__).parents[1] / "fixtures" / "web"
HN = (Path(__file__).parents[2] / "threads" / "hn-four-day-week.txt").read_text(encoding="utf-8")
#: (author, parent index, text) per comment of HN, the post first.
HN_TREE = [
    ("marta", None, "Ask HN: Is a four-day week worth the pay cut? (example.com)\n"
                    "I run a team of eight. Would you take 20% less for Fridays off?"),
    ("jlo", 0, "Yes, without a second thought.\nThe Fridays pay for themselves in focus."),
    ("kv", 1, "Only if you can afford it. Most people can't."),
    ("jlo", 2, 'Fair, I should have said "if you can".'),
    ("marta", 2, "> Most people can't.\nThat's why I'm asking about a pay cut, not a raise."),
    ("zed", 1, "Any data on productivity?"),
    ("ana", 0, "We tried it for a year. Output stayed flat."),
]

OLD_REDDIT = (WEB / "old-reddit-page.txt").read_text(encoding="utf-8")

NEW_REDDIT_LEVELS = (WEB / "new-reddit-page.txt").read_text(encoding="utf-8")


def _texts(path_or_text: str, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_text(path_or_text, encoding="utf-8")
    return path


def test_hacker_news_tree_authors_and_times_are_exact() -> None:
    t = parse(HN, "hn.txt", captured_at=1_700_000_000.0)
    index = {c.id: i for i, c in enumerate(t.comments)}
    got = [(c.author, index.get(c.parent_id or ""), c.text) for c in t.comments]
    assert got == HN_TREE
    assert t.format == "page" and t.meta["page_style"] == "hackernews" and t.meta["parents"] == "exact"
    assert t.comments[0].meta["score"] == 212
    assert t.comments[1].created == 1_700_000_000.0 - 4 * 3600
    assert t.comments[1].meta["created_approximate"] is True
    assert "created_approximate" not in t.comments[6].meta  # "on Mar 3, 2023" is a date
    assert t.comments[6].created == 1677801600.0


def test_old_reddit_chrome_is_metadata_and_footer_tells_replies() -> None:
    t = parse(OLD_REDDIT, "cmv.txt", captured_at=0.0)
    assert [c.author for c in t.comments] == ["ped_xing", "wheels", "ped_xing", "wheels", "quietstreet", "[deleted]"]
    assert [c.text for c in t.comments[1:]] == [
        "Deliveries still need to get in.", "Delivery windows before 10am solve that.", "Not for pharmacies.",
        "Ghent did this in 2017 and shop revenue went up.", "[deleted]"]
    parents = {c.id: c.parent_id for c in t.comments}
    assert parents["c2"] == "c1" and parents["c5"] == "c1"  # footers without "parent": top-level
    assert parents["c3"] == "c2" and parents["c6"] != "c1"  # footers with "parent": replies
    assert parents["c4"] in ("c3", "c2")  # wheels never answers wheels
    assert [c.meta.get("score") for c in t.comments[1:]] == [31, 12, 4, 1, None]
    assert t.meta["parents"] == "scored" and 0 < t.comments[3].meta["parent_confidence"] <= 1


def test_new_reddit_levels_give_the_tree() -> None:
    t = parse(NEW_REDDIT_LEVELS, "ask.txt", captured_at=0.0)
    assert [(c.author, c.parent_id, c.text) for c in t.comments] == [
        ("teapot", None, "Tea or coffee?"),
        ("leafy", "c1", "Tea. Coffee makes me jittery."),
        ("bean", "c2", "Decaf exists, you know."),
        ("mug", "c1", "Both, depending on the hour."),
    ]
    assert [c.meta.get("score") for c in t.comments] == [None, 88, 12, 7]
    assert t.comments[2].created == -4 * 3600


def test_new_reddit_without_levels_still_reads_every_comment() -> None:
    text = "\n".join(line for line in NEW_REDDIT_LEVELS.splitlines() if not line.startswith("level "))
    t = parse(text, "ask.txt", captured_at=0.0)
    assert [c.author for c in t.comments] == ["teapot", "leafy", "bean", "mug"]
    assert t.meta["parents"] == "scored" and all(c.parent_id for c in t.comments[1:])


@pytest.mark.parametrize("text, style", [(HN, "hackernews"), (OLD_REDDIT, "old-reddit"),
                                         (NEW_REDDIT_LEVELS, "new-reddit")])
def test_sniffed_as_page(tmp_path: Path, text: str, style: str) -> None:
    path = _texts(text, tmp_path, "copied.txt")
    assert style_of(text) == style and detect(path) == "page"
    assert read(path).meta["page_style"] == style


def test_conversation_text_is_not_a_page(tmp_path: Path) -> None:
    text = "Tea is great.\nYes but why? I think your whole argument is off.\nreply\n> great\nThis."
    assert style_of(text) is None and detect(_texts(text, tmp_path, "t.txt")) == "text"
    with pytest.raises(InputError, match="t.txt: not a Hacker News, old Reddit or new Reddit thread page"):
        read(tmp_path / "t.txt", "page")


def test_relative_times_count_back_from_the_file_time(tmp_path: Path) -> None:
    import os

    path = _texts(NEW_REDDIT_LEVELS, tmp_path, "ask.txt")
    os.utime(path, (1_000_000.0, 1_000_000.0))
    assert read(path).comments[1].created == 1_000_000.0 - 5 * 3600
    assert read(path, captured_at=0.0).comments[1].created == -5 * 3600
