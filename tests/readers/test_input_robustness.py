"""Input as people have it: byte-order marks, CR line ends, absurd nesting, huge lines, odd types."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from argmap.errors import InputError
from argmap.readers import discourse, hackernews, mastodon, nested, read, reddit

THREAD = "Tea is the best drink.\nYes but why? I think you are wrong.\n> best drink\nNo, coffee is.\n"


def one_line_error(err: pytest.ExceptionInfo[InputError], path: Path | str) -> str:
    message = str(err.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-32"])
def test_byte_order_marks_are_decoded(tmp_path: Path, encoding: str) -> None:
    bom = {"utf-16-le": "\ufeff", "utf-16-be": "\ufeff"}.get(encoding, "")  # the plain codecs add their own
    text_file, json_file = tmp_path / "t.txt", tmp_path / "t.json"
    text_file.write_bytes((bom + THREAD).encode(encoding))
    json_file.write_bytes((bom + json.dumps({"text": "Tea café", "comments": [{"text": "No."}]})).encode(encoding))
    assert [c.text for c in read(json_file).comments] == ["Tea café", "No."]
    assert read(text_file).comments[0].text.startswith("Tea is the best drink.")


def test_cr_only_line_ends_split_lines(tmp_path: Path) -> None:
    path = tmp_path / "mac.txt"
    path.write_bytes(THREAD.replace("\n", "\r").encode())
    lines = [line for c in read(path, "text").comments for line in c.text.split("\n")]
    assert lines == THREAD.splitlines()


def test_utf16_without_bom_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(THREAD.encode("utf-16-le"))
    with pytest.raises(InputError) as err:
        read(path)
    assert "binary content" in one_line_error(err, path)


@pytest.mark.parametrize("opener", ["[", '{"a":', '{"children": ['])
def test_json_nested_100000_deep_is_refused_in_one_line(tmp_path: Path, opener: str) -> None:
    path = tmp_path / "deep.json"
    path.write_text(opener * 100_000)
    with pytest.raises(InputError) as err:
        read(path)
    assert "nested too deeply" in one_line_error(err, path)


def deep_chain(depth: int, make, child_key: str) -> dict:  # noqa: ANN001
    """A reply chain ``depth`` deep, built bottom-up (no recursion)."""
    node = make(depth)
    for level in range(depth - 1, -1, -1):
        parent = make(level)
        parent[child_key] = [node]
        node = parent
    return node


def test_readers_walk_100000_deep_trees_without_recursion() -> None:
    """Parsed data this deep cannot come from ``json`` (it refuses), but a reader must still not
    recurse: 100,000 levels would blow Python's stack."""
    n = 100_000
    tree = deep_chain(n, lambda i: {"id": i, "text": f"c{i}"}, "comments")
    t = nested.parse(tree, "deep.json")
    assert len(t.comments) == n + 1 and t.comments[-1].depth == n
    hn = deep_chain(n, lambda i: {"id": i, "text": f"c{i}", "created_at_i": i}, "children")
    assert hackernews.parse(hn, "hn.json").comments[-1].depth == n
    kids = None
    for i in range(n, 0, -1):
        data = {"id": f"c{i}", "parent_id": f"t1_c{i - 1}" if i > 1 else "t3_s", "body": "x",
                "replies": {"kind": "Listing", "data": {"children": [kids]}} if kids else ""}
        kids = {"kind": "t1", "data": data}
    listing = [{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {"id": "s", "title": "T"}}]}},
               {"kind": "Listing", "data": {"children": [kids]}}]
    assert reddit.parse(listing, "r.json").comments[-1].depth == n
    chain = [{"id": str(i), "content": "x", "in_reply_to_id": str(i - 1) if i else None, "account": {}}
             for i in range(n)]
    assert mastodon.parse(chain, "m.json").comments[-1].depth == n - 1
    posts = [{"post_number": i, "cooked": "x", "reply_to_post_number": i - 1 if i > 1 else None}
             for i in range(1, n + 1)]
    assert discourse.parse(posts, "d.json").comments[-1].depth == n - 1


def test_a_50_mb_single_line_reads_in_linear_time(tmp_path: Path) -> None:
    """A pasted 50 MB line (and an HN comment of 50 MB of unclosed ``<p``) must not hang: the
    HTML stripping regexes stay linear. About 7 s each on one core; quadratic would be hours."""
    path = tmp_path / "one-line.txt"
    path.write_text(("word <p <a why? you ; " * 2_300_000)[:50_000_000])
    started = time.perf_counter()
    assert len(read(path).comments) == 1
    item = {"id": 1, "type": "story", "created_at_i": 1, "children": [{"id": 2, "text": "<p" * 25_000_000}]}
    hn = tmp_path / "hn.json"
    hn.write_text(json.dumps(item))
    assert read(hn).comments[1].text.startswith("<p<p")
    assert time.perf_counter() - started < 120


@pytest.mark.parametrize(
    ("fmt", "data", "problem"),
    [
        ("nested", [{"id": "a", "text": "x"}, {"id": "a", "parent_id": "a", "text": "y"}], "duplicate comment id"),
        ("discourse", [{"post_number": 1, "cooked": "a"}, {"post_number": 1, "cooked": "b"}], "duplicate comment id"),
        ("mastodon", [{"id": "1", "content": "a", "account": {}}, {"id": "1", "content": "b", "account": {}}],
         "duplicate comment id"),
        ("discourse", [{"post_number": None, "cooked": "a"}], "post 1 (post_number) has no id (null)"),
        ("mastodon", [{"id": ["1"], "content": "a", "account": {}}], "status 1 has no id (a list)"),
        ("hackernews", {"id": {"x": 1}, "children": [], "created_at_i": 1}, "item 1 has no id (a dict)"),
        ("reddit", [{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {"id": None}}]}}],
         "the submission has no id (null)"),
        ("reddit", [{"kind": "Listing", "data": None}], "holds no submission or comment"),
        ("mastodon", {"ancestors": "nope", "descendants": []}, "not Mastodon statuses"),
    ],
)
def test_mistyped_and_duplicate_fields_are_one_clear_error(tmp_path: Path, fmt: str, data, problem: str) -> None:  # noqa: ANN001
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(data))
    with pytest.raises(InputError) as err:
        read(path, fmt)
    assert problem in one_line_error(err, path)


def test_mistyped_optional_fields_read_as_missing(tmp_path: Path) -> None:
    doc = {"title": ["not", "a", "string"], "text": 42, "author": {"name": "x"}, "created": "yesterday",
           "comments": [{"body": None, "score": [1], "by": 7}, "stray string", 5]}
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(doc))
    t = read(path)
    assert [(c.text, c.author, c.created) for c in t.comments] == [("42", None, None), ("", "7", None)]
    assert t.title == "" and "score" not in t.comments[1].meta


def test_huge_integer_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text('{"text": "x", "score": ' + "9" * 5000 + "}")
    with pytest.raises(InputError) as err:
        read(path)
    assert "invalid JSON" in one_line_error(err, path)
