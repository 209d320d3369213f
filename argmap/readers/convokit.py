"""ConvoKit corpus folders in: each conversation becomes a Thread.

A ConvoKit corpus is a folder with ``utterances.jsonl`` (one utterance a line: ``id``,
``speaker``, ``conversation_id``, ``reply_to``, ``timestamp``, ``text``, ``meta``) beside
``speakers.json``, ``conversations.json``, ``corpus.json`` and ``index.json``; only
``utterances.jsonl`` is required here. :func:`iter_threads` yields one thread per conversation
without holding the corpus in memory (one pass to index line offsets, then one conversation at a
time); :func:`read` is for a corpus holding a single conversation. Corpora written by
:mod:`argmap.exporters.convokit` come back with their comment ids, stances and topics.

>>> import json, tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> rows = [{"id": "u1", "speaker": "ann", "conversation_id": "u1", "reply_to": None, "timestamp": 10,
...          "text": "Tea?", "meta": {}},
...         {"id": "u2", "speaker": "bob", "conversation_id": "u1", "reply_to": "u1", "timestamp": 20,
...          "text": "Yes.", "meta": {"score": 3}}]
>>> _ = (d / "utterances.jsonl").write_text("\\n".join(json.dumps(r) for r in rows))
>>> t = read(d)
>>> t.id, [(c.id, c.parent_id, c.author, c.depth) for c in t.comments], t.comments[1].meta
('u1', [('u1', None, 'ann', 0), ('u2', 'u1', 'bob', 1)], {'score': 3})
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from argmap.errors import InputError
from argmap.model import STANCES, Comment, Thread
from argmap.readers._common import finish_tree

UNKNOWN_SPEAKERS = {"[unknown]", "[deleted]", "", None}
_ARGMAP_META = ("comment_id", "stance", "stance_score", "topic", "depth", "position", "kind", "sources")


def _json_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise InputError(path, f"invalid JSON ({err})") from None
    return data if isinstance(data, dict) else {}


def _utterance_file(folder: Path) -> Path:
    path = folder / "utterances.jsonl"
    if not path.is_file():
        raise InputError(folder, "not a ConvoKit corpus (no utterances.jsonl)")
    return path


def conversation_offsets(folder: str | Path) -> dict[str, list[int]]:
    """Byte offsets of each conversation's lines in ``utterances.jsonl``, in file order."""
    path = _utterance_file(Path(folder))
    offsets: dict[str, list[int]] = {}
    with path.open("rb") as f:
        pos = 0
        for lineno, line in enumerate(f, start=1):
            if line.strip():
                try:
                    utt = json.loads(line)
                except json.JSONDecodeError as err:
                    raise InputError(path, f"invalid JSON at line {lineno}: {err.msg}") from None
                conv = utt.get("conversation_id", utt.get("root"))
                offsets.setdefault(str(conv if conv is not None else utt.get("id")), []).append(pos)
            pos += len(line)
    return offsets


def _timestamp(value: Any) -> float | None:
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _thread(folder: Path, conv_id: str, utts: list[dict[str, Any]], conv_meta: dict[str, Any]) -> Thread:
    ids = {str(u["id"]): str((u.get("meta") or {}).get("comment_id", u["id"])) for u in utts}
    comments = []
    for u in utts:
        meta = dict(u.get("meta") or {})
        reply_to = u.get("reply_to", u.get("reply-to"))
        stance = meta.get("stance") if meta.get("stance") in STANCES else None
        comments.append(Comment(
            id=ids[str(u["id"])], parent_id=ids.get(str(reply_to)) if reply_to is not None else None,
            author=None if u.get("speaker") in UNKNOWN_SPEAKERS else str(u.get("speaker")),
            created=_timestamp(u.get("timestamp")), text=str(u.get("text") or ""),
            stance=stance, stance_score=meta.get("stance_score") if stance else None, topic=meta.get("topic"),
            meta={k: v for k, v in meta.items() if k not in _ARGMAP_META},
        ))
    comments = finish_tree(folder, comments)
    title = conv_meta.get("title") or ""
    topics = conv_meta.get("topics") if isinstance(conv_meta.get("topics"), dict) else {}
    return Thread(conv_id, comments, title=str(title), origin=str(conv_meta.get("origin") or folder),
                  format="convokit", topics=topics)


def _conv_meta(conversations: dict[str, Any], conv_id: str) -> dict[str, Any]:
    data = conversations.get(conv_id) or {}
    return data.get("meta", data) if isinstance(data, dict) else {}


def _read_lines(f: Any, offsets: list[int]) -> list[dict[str, Any]]:
    utts = []
    for pos in offsets:
        f.seek(pos)
        utts.append(json.loads(f.readline()))
    return utts


def iter_threads(folder: str | Path) -> Iterator[Thread]:
    """One :class:`Thread` per conversation, in order of first appearance."""
    folder = Path(folder)
    conversations = _json_file(folder / "conversations.json")
    with _utterance_file(folder).open("rb") as f:
        for conv_id, offsets in conversation_offsets(folder).items():
            yield _thread(folder, conv_id, _read_lines(f, offsets), _conv_meta(conversations, conv_id))


@lru_cache(maxsize=4)
def _index(folder: str, stamp: tuple[int, int]) -> tuple[dict[str, list[int]], dict[str, Any]]:
    """Offsets and conversation metadata of a corpus, cached while ``utterances.jsonl`` is unchanged."""
    return conversation_offsets(folder), _json_file(Path(folder) / "conversations.json")


def read_conversation(folder: str | Path, conv_id: str) -> Thread:
    """One conversation of a corpus, without re-scanning the corpus on every call (corpus mode)."""
    path = _utterance_file(Path(folder))
    st = path.stat()
    offsets, conversations = _index(str(folder), (st.st_mtime_ns, st.st_size))
    if conv_id not in offsets:
        raise InputError(folder, f"no conversation {conv_id!r} in the corpus")
    with path.open("rb") as f:
        return _thread(Path(folder), conv_id, _read_lines(f, offsets[conv_id]), _conv_meta(conversations, conv_id))


def read(path: str | Path) -> Thread:
    """The one conversation of a ConvoKit corpus folder (use :func:`iter_threads` for several)."""
    offsets = conversation_offsets(path)
    if not offsets:
        raise InputError(path, "no utterances in utterances.jsonl")
    if len(offsets) > 1:
        raise InputError(path, f"ConvoKit corpus with {len(offsets)} conversations: map its folder "
                               "as a corpus (argmap map FOLDER) to get one thread each")
    return next(iter_threads(path))
