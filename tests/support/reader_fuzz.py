"""Fuzzing the readers: small seed files of every format and hypothesis strategies that break them.

Shared by ``tests/test_reader_fuzz.py`` (a few thousand cases) and ``benchmarks/fuzz_readers.py``
(as many as asked). The property: reading a mutated file returns a well-formed
:class:`~argmap.model.Thread` or raises :class:`~argmap.errors.InputError`, nothing else.
"""

from __future__ import annotations

import copy
import importlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from argmap.errors import InputError
from argmap.model import Thread

REPO = Path(__file__).resolve().parents[2]
WEB = Path(__file__).parents[1] / "fixtures" / "web"

TEXT = ("Tea is the best drink, full stop.\nYes but why? I think you are wrong.\n> the best drink\n"
        "No, coffee is. [1]\n[1]: https://coffee.example/study\nThis.\n")
ARTICLE = ("Tea Report\n\nTea sales rose 4% in 2024, according to the report.\n\n## Outlook\n\n"
           "Growth continues into 2025.\n\nPrices may fall.\n")


@dataclass(frozen=True)
class Seed:
    """One small valid input: its reader, file suffix, and content (parsed JSON or text)."""

    name: str
    fmt: str
    suffix: str
    data: Any = None  # parsed JSON, for the JSON formats
    text: str | None = None  # for the text formats

    def encoded(self) -> bytes:
        return (self.text if self.text is not None else json.dumps(self.data, indent=1)).encode()


def _aif_seed() -> dict[str, Any]:
    from argmap.exporters.aif import aif_data
    from argmap.graph import build_graph
    from argmap.model import Comment

    thread = Thread("tea", [Comment("a", None, "ann", 1.0, "Tea is good."),
                            Comment("b", "a", "bob", 2.0, "No, coffee.", stance="attack"),
                            Comment("c", "b", "cy", 3.0, "Why?", stance="query")])
    from argmap.readers._common import finish_tree

    finish_tree("tea", thread.comments)
    return aif_data(build_graph(thread))


def seeds() -> list[Seed]:
    """Every format's seed: the example threads and fixtures, plus a few written here."""
    status = json.loads((WEB / "mastodon-status.json").read_text())
    context = json.loads((WEB / "mastodon-context.json").read_text())
    load = lambda p: json.loads(Path(p).read_text())  # noqa: E731
    return [
        Seed("reddit", "reddit", ".json", load(REPO / "threads" / "reddit-car-free-cities.json")),
        Seed("hackernews", "hackernews", ".json", load(REPO / "threads" / "hn-rust-rewrite.json")),
        Seed("hackernews-firebase", "hackernews", ".json", [
            {"id": 1, "type": "story", "by": "a", "title": "Ask HN: tabs?", "kids": [2, 3], "time": 10},
            {"id": 2, "type": "comment", "by": "b", "parent": 1, "text": "Tabs.", "kids": [4], "time": 11},
            {"id": 3, "type": "comment", "by": "c", "parent": 1, "text": "Spaces &amp; tabs.", "time": 12},
            {"id": 4, "type": "comment", "by": "d", "parent": 2, "deleted": True, "time": 13}]),
        Seed("nested", "nested", ".json", {"id": 1, "title": "AITA?", "post content": "AITA for X?", "comments": [
            {"id": 2, "content": "NTA.", "relation": "Support", "score": 5, "comments": [
                {"id": 3, "content": "YTA actually.", "relation": "Attack", "comments": []}]},
            {"id": 4, "body": "ESH", "author": "z", "created_utc": 1_700_000_000}]}),
        Seed("nested-flat", "nested", ".json", [
            {"id": "a", "text": "Root", "author": "x", "timestamp": "2024-01-01T00:00:00Z"},
            {"id": "b", "parent_id": "a", "body": "Reply"}, {"id": "c", "parent": "b", "comment": "Re-reply"}]),
        Seed("discourse", "discourse", ".json", load(WEB / "discourse-topic.json")),
        Seed("mastodon", "mastodon", ".json", {"status": status, **context}),
        Seed("mastodon-list", "mastodon", ".json", [*context["ancestors"], status, *context["descendants"]]),
        Seed("aif", "aif", ".json", _aif_seed()),
        Seed("text", "text", ".txt", text=TEXT),
        Seed("article", "article", ".txt", text=ARTICLE),
        Seed("page-hn", "page", ".txt", text=(REPO / "threads" / "hn-four-day-week.txt").read_text()),
        Seed("page-old-reddit", "page", ".txt", text=(WEB / "old-reddit-page.txt").read_text()),
        Seed("page-new-reddit", "page", ".txt", text=(WEB / "new-reddit-page.txt").read_text()),
    ]


# --- strategies -------------------------------------------------------------------------------

ODD = [None, True, False, 0, -1, 1.5, 10**20, "", "x", "t1_", "t3_zzz", "<p>", [], {}, [None], {"id": None},
       {"kind": "t1"}, [{"kind": "more", "data": {}}]]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=6) | st.sampled_from(ODD),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=6,
)


def _slots(doc: Any) -> list[tuple[Any, Any]]:
    """Every ``(container, key)`` in ``doc``, found iteratively."""
    slots: list[tuple[Any, Any]] = []
    stack = [doc]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in items:
            slots.append((node, key))
            stack.append(value)
    return slots


def _retyped(value: Any) -> list[Any]:
    """Type swaps a careless exporter makes: numbers for strings, lists for dicts and back."""
    if isinstance(value, str):
        return [len(value), [value], {"value": value}, None, value.encode("unicode_escape").decode()[::-1]]
    if isinstance(value, bool | int | float):
        return [str(value), [value], None, -value if not isinstance(value, bool) else value]
    if isinstance(value, dict):
        return [list(value.values()), list(value), json.dumps(value), None]
    if isinstance(value, list):
        return [dict(enumerate(value)), value[:1], json.dumps(value)[:40], None]
    return ["null", 0, [], {}]


@st.composite
def mutated_json(draw: st.DrawFn, doc: Any) -> Any:
    """``doc`` after one to four random deletions, replacements, type swaps or duplications."""
    doc = copy.deepcopy(doc)
    for _ in range(draw(st.integers(1, 4))):
        slots = _slots(doc)
        if not slots:
            break
        container, key = draw(st.sampled_from(slots))
        op = draw(st.sampled_from(["delete", "replace", "retype", "duplicate"]))
        if op == "delete":
            del container[key]
        elif op == "replace":
            container[key] = copy.deepcopy(draw(json_values))  # ODD's lists must not be mutated later
        elif op == "retype":
            container[key] = copy.deepcopy(draw(st.sampled_from(_retyped(container[key]))))
        elif isinstance(container, list):
            container.insert(key, copy.deepcopy(container[key]))  # a duplicated entry: duplicate ids
        else:
            other = draw(st.sampled_from(sorted(container, key=str)))
            container[other] = copy.deepcopy(container[key])
    return doc


@st.composite
def mutated_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` truncated, overwritten or extended with random bytes, re-encoded, or replaced."""
    op = draw(st.sampled_from(["truncate", "overwrite", "insert", "encode", "random"]))
    if op == "truncate":
        return data[: draw(st.integers(0, max(0, len(data) - 1)))]
    if op == "overwrite":
        at = draw(st.integers(0, max(0, len(data) - 1)))
        junk = draw(st.binary(min_size=1, max_size=8))
        return data[:at] + junk + data[at + len(junk):]
    if op == "insert":
        at = draw(st.integers(0, len(data)))
        return data[:at] + draw(st.binary(min_size=1, max_size=16)) + data[at:]
    if op == "encode":
        text = data.decode()
        how = draw(st.sampled_from(["utf-16", "utf-16-le", "utf-32", "utf-8-sig", "cr", "latin-1"]))
        if how == "cr":
            return text.replace("\n", "\r").encode()
        return text.encode(how, errors="replace")
    return draw(st.binary(max_size=256))


# --- the property ------------------------------------------------------------------------------


def reader(fmt: str):  # noqa: ANN201 - a ``read(path) -> Thread`` function
    if fmt == "aif":
        from argmap.exporters.aif import read_aif

        return read_aif
    return importlib.import_module(f"argmap.readers.{fmt}").read


def check_thread(thread: Any) -> None:
    """A reader's Thread is well formed: typed fields, and every parent in the thread."""
    assert isinstance(thread, Thread), type(thread)
    assert isinstance(thread.id, str) and isinstance(thread.title, str)
    ids = {c.id for c in thread.comments}
    assert len(ids) == len(thread.comments), "duplicate ids passed through"
    for c in thread.comments:
        assert isinstance(c.id, str) and isinstance(c.text, str)
        assert c.author is None or isinstance(c.author, str)
        assert c.created is None or isinstance(c.created, float)
        assert c.parent_id is None or c.parent_id in ids


def outcome(fmt: str | None, path: Path) -> str:
    """``"thread"`` or ``"input error"``; anything else a reader raises propagates."""
    from argmap.readers import read

    try:
        thread = reader(fmt)(path) if fmt else read(path)
    except InputError as err:
        assert "\n" not in str(err) and str(err).startswith(str(path)), str(err)
        return "input error"
    check_thread(thread)
    return "thread"
