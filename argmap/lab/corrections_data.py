"""Human stance labels from the map page's corrections, as training and evaluation pairs.

A research group corrects maps in the page and saves ``*.corrections.json`` beside the output
folder of ``argmap map`` (its ``dataset/``). :func:`stance_pairs` loads those datasets, applies the
corrections (:mod:`argmap.corrections`) and returns one :class:`Pair` per reply whose stance a person
set or confirmed (``label_source == "human"``), with the thread title as context. ``argmap lab
train-stance --corrections DIR`` adds them to training at ``--corrections-weight``; ``argmap lab
eval-stance --corrections DIR`` scores the models against them (the group's own gold labels).

>>> import json, tempfile
>>> from pathlib import Path
>>> from argmap.exporters.hf_dataset import write_dataset
>>> from argmap.graph import build_graph
>>> from argmap.model import Comment, Thread
>>> d = Path(tempfile.mkdtemp())
>>> _ = write_dataset([build_graph(Thread("t", [Comment("a", None, text="Tea."), Comment("b", "a", text="No.",
...     stance="support", stance_score=0.6)], title="Drinks"))], d / "out" / "dataset")
>>> _ = (d / "t.corrections.json").write_text(json.dumps({"format": "argmap.corrections", "version": 1,
...     "thread": {"thread_id": "t"}, "edits": [{"op": "stance", "comment_id": "b", "stance": "attack"}]}))
>>> [(p.parent, p.reply, p.label, p.context, p.weight) for p in stance_pairs(d, weight=2.0)]
[('Tea.', 'No.', 'attack', 'Drinks', 2.0)]
"""

from __future__ import annotations

from pathlib import Path

from argmap.errors import InputError
from argmap.lab.stance_data import Pair

SOURCE = "corrections"


def datasets_under(folder: Path) -> list[Path]:
    """``folder`` if it is an argmap dataset, else every dataset folder under it (sorted)."""
    if (folder / "data" / "comments.parquet").is_file():
        return [folder]
    return sorted(p.parent.parent for p in folder.rglob("data/comments.parquet"))


def stance_pairs(folder: str | Path, weight: float = 1.0) -> list[Pair]:
    """The human stance labels of the corrections under ``folder`` as (parent, reply) pairs.

    Raises:
        InputError: no corrections file, or no argmap dataset to read the comments from.
    """
    from argmap.corrections import Corrections
    from argmap.load import iter_graphs

    folder = Path(folder)
    fixes = Corrections(folder)
    sets = datasets_under(folder)
    if not sets:
        raise InputError(folder, "no argmap dataset here to read the corrected comments from: keep the "
                                 "corrections beside the output folder of `argmap map` (its dataset/)")
    pairs: list[Pair] = []
    for ds in sets:
        for g in iter_graphs(ds):
            if str(g.graph.get("thread_id")) not in fixes.by_thread:
                continue
            fixes.apply(g)
            title = str(g.graph.get("title") or "")
            for child, parent, d in g.edges(data=True):
                if d.get("kind") == "reply" and d.get("label_source") == "human" and d.get("stance"):
                    pairs.append(Pair(str(g.nodes[parent].get("text") or ""), str(g.nodes[child].get("text") or ""),
                                      str(d["stance"]), title, weight, SOURCE, str(g.graph.get("thread_id"))))
    return pairs
