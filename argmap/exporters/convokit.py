"""A ConvoKit corpus folder: ``Corpus(filename=folder)`` loads it; threads are conversations.

Files: ``utterances.jsonl`` (one comment a line: ``id``, ``speaker``, ``conversation_id``,
``reply_to``, ``timestamp``, ``text``, ``meta``), ``speakers.json``, ``conversations.json``,
``corpus.json`` and ``index.json`` (ConvoKit's metadata type index). Utterance ids are
``<thread_id>:<comment_id>`` so ids stay unique across threads; the conversation id is the
thread id. Utterance ``meta`` holds ``stance`` (toward ``reply_to``), ``stance_score``,
``topic``, ``depth``, ``position``, ``kind``, ``comment_id`` and ``sources`` (values cited);
conversation ``meta`` holds ``title``, ``origin``, ``format`` and ``topics``. Authors unknown to
the input become the speaker ``[unknown]``. Utterances are streamed to disk thread by thread.

>>> import json, tempfile
>>> from argmap.graph import build_graph
>>> from argmap.model import Comment, Thread
>>> g = build_graph(Thread("t", [Comment("a", None, author="ann", text="Tea."),
...     Comment("b", "a", author="bob", text="No.", stance="attack", stance_score=0.9)]))
>>> folder = write_convokit([g], tempfile.mkdtemp() + "/corpus")
>>> [json.loads(line)["reply_to"] for line in open(folder / "utterances.jsonl")]
[None, 't:a']
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from argmap import __version__
from argmap.atomic import atomic_path
from argmap.model import COMMENT_KINDS, EdgeKind

UNKNOWN_SPEAKER = "[unknown]"


def utterance_id(thread_id: str, comment_id: str) -> str:
    """The corpus-wide utterance id of a comment.

    >>> utterance_id("t1", "c9")
    't1:c9'
    """
    return f"{thread_id}:{comment_id}"


def _index(types: dict[str, set[str]], meta: dict[str, Any]) -> None:
    for k, v in meta.items():
        seen = types.setdefault(k, set())
        if v is not None:
            seen.add(str(type(v)))


def _utterances(g: nx.MultiDiGraph) -> Iterable[dict[str, Any]]:
    tid = str(g.graph.get("thread_id", ""))
    for n, a in g.nodes(data=True):
        if a.get("kind") not in COMMENT_KINDS:
            continue
        cited = [g.nodes[v].get("value") for _, v, d in g.out_edges(n, data=True) if d.get("kind") == EdgeKind.CITES]
        parent = a.get("parent_id")
        yield {
            "id": utterance_id(tid, str(n)), "speaker": a.get("author") or UNKNOWN_SPEAKER, "conversation_id": tid,
            "reply_to": utterance_id(tid, str(parent)) if parent is not None else None,
            "timestamp": a.get("created"), "text": a.get("text") or "",
            "meta": {"comment_id": str(n), "stance": a.get("stance"), "stance_score": a.get("stance_score"),
                     "topic": a.get("topic"), "depth": a.get("depth"), "position": a.get("position"),
                     "kind": a.get("kind"), "sources": cited},
            "vectors": [],
        }


def write_convokit(graphs: nx.MultiDiGraph | Iterable[nx.MultiDiGraph], folder: str | Path) -> Path:
    """Write one thread graph or many as a ConvoKit corpus folder (atomically); return its path."""
    if isinstance(graphs, nx.Graph):
        graphs = [graphs]
    speakers: dict[str, dict[str, Any]] = {}
    conversations: dict[str, dict[str, Any]] = {}
    index: dict[str, dict[str, set[str]]] = {"utterance": {}, "speaker": {}, "conversation": {}, "overall": {}}
    with atomic_path(folder) as tmp:
        tmp.mkdir(parents=True)
        with (tmp / "utterances.jsonl").open("w", encoding="utf-8") as out:
            for g in graphs:
                for utt in _utterances(g):
                    _index(index["utterance"], utt["meta"])
                    speakers.setdefault(utt["speaker"], {"meta": {}, "vectors": []})
                    out.write(json.dumps(utt, ensure_ascii=False) + "\n")
                meta = {"title": g.graph.get("title") or "", "origin": str(g.graph.get("origin") or ""),
                        "format": g.graph.get("format") or "", "topics": dict(g.graph.get("topics") or {})}
                _index(index["conversation"], meta)
                conversations[str(g.graph.get("thread_id", ""))] = {"meta": meta, "vectors": []}
        corpus_meta = {"generator": f"argmap {__version__}"}
        _index(index["overall"], corpus_meta)
        files = {"speakers.json": speakers, "conversations.json": conversations, "corpus.json": corpus_meta,
                 "index.json": {"utterances-index": _types(index["utterance"]), "speakers-index": {},
                                "conversations-index": _types(index["conversation"]),
                                "overall-index": _types(index["overall"]), "version": 1, "vectors": []}}
        for name, data in files.items():
            (tmp / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return Path(folder)


def _types(types: dict[str, set[str]]) -> dict[str, list[str]]:
    return {k: sorted(v) for k, v in types.items()}
