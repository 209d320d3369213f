"""Each reader on small fixtures in the real formats, plus format sniffing and tree checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap.errors import InputError
from argmap.readers import detect, read

REPO = Path(__file__).resolve().parents[2]
THREADS = REPO / "threads"


def write(tmp_path: Path, name: str, data) -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_reddit_example_thread():
    t = read(THREADS / "reddit-car-free-cities.json")
    assert (t.format, t.id) == ("reddit", "1a2b3c")
    assert t.title.startswith("Should cities ban cars")
    root, *replies = t.comments
    assert root.parent_id is None and root.author == "transit_fan"
    assert [c.id for c in replies] == ["k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8"]  # "more" skipped
    assert t.by_id["k3"].parent_id == "k2" and t.by_id["k3"].depth == 3
    assert t.by_id["k1"].created == 1700000300


def test_hackernews_algolia_html_to_text():
    t = read(THREADS / "hn-rust-rewrite.json")
    assert (t.format, t.id) == ("hackernews", "40000001")
    c = t.by_id["40000003"]
    assert c.parent_id == "40000002" and c.author == "crab"
    assert c.text == ("Not really. We profiled before and after; the same queries got 4x faster because of "
                      "lower allocation pressure.\nThe blog post has the flame graphs.")
    assert "&amp;" not in t.by_id["40000007"].text and "& tell" in t.by_id["40000007"].text


def test_hackernews_firebase_items(tmp_path):
    items = [
        {"id": 1, "type": "story", "by": "a", "title": "Ask HN: tabs?", "kids": [2, 3], "time": 10},
        {"id": 2, "type": "comment", "by": "b", "parent": 1, "text": "Tabs.", "kids": [4], "time": 11},
        {"id": 3, "type": "comment", "by": "c", "parent": 1, "text": "Spaces.", "time": 12},
        {"id": 4, "type": "comment", "by": "d", "parent": 2, "deleted": True, "time": 13},
    ]
    t = read(write(tmp_path, "fb.json", items))
    assert t.format == "hackernews"
    assert [(c.id, c.parent_id, c.depth) for c in t.comments] == [
        ("1", None, 0), ("2", "1", 1), ("4", "2", 2), ("3", "1", 1)]
    assert t.by_id["4"].text == "[deleted]"


def test_nested_json_uses_own_ids_and_relations(tmp_path):
    doc = {"id": 1, "post content": "AITA for X?", "comments": [
        {"id": 2, "content": "NTA.", "relation": "Support", "score": 5, "comments": [
            {"id": 3, "content": "YTA actually.", "relation": "Attack", "comments": []}]}]}
    t = read(write(tmp_path, "post_thread_7.json", doc))
    assert (t.format, t.id) == ("nested", "post_thread_7")
    assert [(c.id, c.parent_id) for c in t.comments] == [("1", None), ("2", "1"), ("3", "2")]
    assert t.by_id["3"].meta["relation"] == "Attack"


def test_flat_json_with_parent_ids(tmp_path):
    rows = [{"id": "a", "text": "Root"}, {"id": "b", "parent_id": "a", "body": "Reply", "author": "x"}]
    t = read(write(tmp_path, "flat.json", rows))
    assert [(c.id, c.parent_id, c.author) for c in t.comments] == [("a", None, None), ("b", "a", "x")]


def test_pasted_text_keeps_every_line_once():
    path = THREADS / "ai-roi-debate.txt"
    t = read(path)
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert t.format == "text"
    assert [line for c in t.comments for line in c.text.split("\n")] == lines
    assert t.comments[0].parent_id is None and all(c.parent_id for c in t.comments[1:])


def test_article_paragraphs_become_claims():
    t = read(THREADS / "grok3-delay-article.txt")
    assert t.format == "article" and len(t.comments) >= 8
    assert t.comments[0].parent_id is None and {c.parent_id for c in t.comments[1:]} <= {c.id for c in t.comments}


@pytest.mark.parametrize(
    ("name", "expected"),
    [("ai-roi-debate.txt", "text"), ("grok3-delay-article.txt", "article"),
     ("reddit-car-free-cities.json", "reddit"), ("hn-rust-rewrite.json", "hackernews")],
)
def test_detect_example_threads(name, expected):
    assert detect(THREADS / name) == expected


def test_format_override(tmp_path):
    path = write(tmp_path, "post.txt", "Title\nA first paragraph of prose.\nSecond paragraph.")
    assert read(path, "article").format == "article"
    assert read(path, "text").format == "text"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("", "empty file"),
        ("   \n\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary content"),
        (b"caf\xe9 au lait", "not UTF-8"),
        ('[{"kind": "Listing", "data": {"children": [', "truncated JSON at line 1"),
        ('{"text": "a",, }', "invalid JSON"),
        ('{"foo": 1, "bar": [1, 2]}', "unknown JSON format"),
        ([{"id": "a", "text": "x"}, {"id": "b", "parent_id": "zzz", "text": "y"}], "'zzz', which is not in the file"),
        ([{"id": "a", "parent_id": "b", "text": "x"}, {"id": "b", "parent_id": "a", "text": "y"}], "reply cycle"),
        ([{"id": "a", "text": "x"}, {"id": "a", "parent_id": "a", "text": "y"}], "duplicate comment id"),
    ],
)
def test_bad_input_is_one_clear_error(tmp_path, content, problem):
    path = tmp_path / "bad.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        write(tmp_path, "bad.json", content)
    with pytest.raises(InputError) as err:
        read(path)
    message = str(err.value)
    assert message.startswith(str(path)) and problem in message and "\n" not in message


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read(tmp_path / "nope.json")
    with pytest.raises(InputError, match="not a ConvoKit corpus"):
        read(tmp_path)


WEB = Path(__file__).parents[1] / "fixtures" / "web"


def test_discourse_topic_file():
    t = read(WEB / "discourse-topic.json")
    assert (t.format, t.id, t.meta["slug"]) == ("discourse", "321", "anonymous-posts")
    assert [(c.id, c.parent_id, c.author) for c in t.comments] == [
        ("1", None, "mod_anna"), ("2", "1", "ben"), ("3", "2", "cleo")]
    assert t.comments[0].text == 'Anonymous posts would let people ask "embarrassing" questions.\nThoughts?'
    assert t.comments[1].created == 1709285400.0


def test_discourse_reply_to_a_missing_post_goes_to_the_opening_post(tmp_path):
    posts = [{"post_number": 1, "cooked": "<p>Q</p>"},
             {"post_number": 5, "cooked": "<p>A</p>", "reply_to_post_number": 4}]
    t = read(write(tmp_path, "posts.json", posts), "discourse")
    assert t.by_id["5"].parent_id == "1" and t.by_id["5"].meta["reply_to_missing"] == "4"


def test_mastodon_status_with_context_and_list(tmp_path):
    status = json.loads((WEB / "mastodon-status.json").read_text())
    context = json.loads((WEB / "mastodon-context.json").read_text())
    for data in ({"status": status, **context}, [*context["ancestors"], status, *context["descendants"]]):
        t = read(write(tmp_path, "m.json", data))
        assert (t.format, t.id) == ("mastodon", "110000000000000001")
        assert [c.parent_id for c in t.comments] == [None, "110000000000000001", "110000000000000002"]
        assert t.comments[0].text == "Loose-leaf tea beats tea bags.\nFight me."
    alone = read(write(tmp_path, "ctx.json", context))  # context without its status: 3 becomes a root
    assert [c.parent_id for c in alone.comments] == [None, None]
    assert alone.comments[1].meta["in_reply_to_id"] == "110000000000000002"


@pytest.mark.parametrize(("name", "expected"), [("discourse-topic.json", "discourse"),
                                                 ("mastodon-context.json", "mastodon"),
                                                 ("mastodon-status.json", "mastodon")])
def test_detect_discourse_and_mastodon(name, expected):
    assert detect(WEB / name) == expected


def test_format_option_reads_discourse_and_mastodon(tmp_path):
    path = write(tmp_path, "x.json", [{"id": "1", "content": "<p>Hi</p>", "account": {"acct": "a"}}])
    assert read(path, "mastodon").comments[0].text == "Hi"
    with pytest.raises(InputError, match="not a Discourse topic"):
        read(path, "discourse")


def test_reddit_entities_are_unescaped(tmp_path):
    data = [{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {
        "id": "s1", "title": "Cars &amp; cities", "selftext": "&gt; quoted\n\nMine &lt;3"}}]}}]
    t = read(write(tmp_path, "r.json", data))
    assert t.title == "Cars & cities" and t.comments[0].text == "Cars & cities\n> quoted\n\nMine <3"


@pytest.mark.parametrize("first_line", ["[Serious] Is tea better than coffee?", "[the study](https://x.org) says yes"])
@pytest.mark.parametrize("name", ["thread.txt", "thread"])
def test_text_opening_with_a_bracket_is_text(tmp_path, first_line, name):
    path = write(tmp_path, name, f"{first_line}\nYes but why? I think you are wrong.\n> tea\nThis.\n")
    assert detect(path) in ("text", "article")
    assert read(path).comments[0].text.startswith(first_line)


def test_bracket_json_without_json_extension_is_still_json(tmp_path):
    path = write(tmp_path, "export", [{"id": "a", "text": "Root"}, {"id": "b", "parent_id": "a", "text": "Re"}])
    assert detect(path) == "nested"
