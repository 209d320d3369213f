"""The dataset card: ``README.md`` whose YAML names each table, and whose body documents them.

The YAML header carries ``configs:`` (one per table, its Parquet file as the ``train`` split) and
``dataset_info:`` (typed features: class labels, timestamps), which is all
``datasets.load_dataset(folder, name)`` needs: no loading script.

>>> text = card_text({"comments": 2, "edges": 1, "sources": 0, "topics": 0, "threads": 1}, {})
>>> text.splitlines()[0], "config_name: comments" in text, "class_label" in text
('---', True, True)
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import yaml

from argmap import __version__
from argmap.exporters.schema import LABELS, TABLES, features
from argmap.words import plural


def _yaml_header(counts: dict[str, int], sizes: dict[str, int] | None = None) -> dict[str, Any]:
    """The front matter. ``datasets`` reads ``dataset_info.splits`` only when every split names
    ``name``, ``num_examples`` and ``num_bytes`` (else it warns that the field is malformed and
    ignores it), so ``num_bytes`` is always written: the Arrow size when known, else 0.

    >>> _yaml_header({"comments": 3}, {"comments": 120})["dataset_info"][0]["splits"]
    [{'name': 'train', 'num_bytes': 120, 'num_examples': 3}]
    """
    sizes = sizes or {}
    configs, infos = [], []
    for name in TABLES:
        path = f"data/{name}.parquet"
        configs.append({"config_name": name, "data_files": [{"split": "train", "path": path}],
                        **({"default": True} if name == "comments" else {})})
        infos.append({"config_name": name, "features": features(name)._to_yaml_list(),
                      "splits": [{"name": "train", "num_bytes": sizes.get(name, 0),
                                 "num_examples": counts.get(name, 0)}]})
    return {"pretty_name": "argmap argument maps", "tags": ["argument-mining", "stance", "discussion-threads"],
            "task_categories": ["text-classification"], "configs": configs, "dataset_info": infos}


def _dtype_doc(dtype: str) -> str:
    if dtype.startswith("label:"):
        return f"class label ({', '.join(LABELS[dtype.removeprefix('label:')])})"
    if dtype.startswith("list:"):
        return f"list of {dtype.removeprefix('list:')}"
    return dtype


def schema_lines(counts: dict[str, int] | None = None) -> list[str]:
    """Markdown lines of the tables (every column typed and described) and the label sets; with
    ``counts``, each table's heading gives its row count. ``docs/dataset.md`` is this, unchanged.

    >>> schema_lines()[:2]
    ['## Tables', '']
    """
    lines = ["## Tables", ""]
    for table in TABLES.values():
        rows = f" ({plural(counts.get(table.name, 0), 'row')})" if counts is not None else ""
        lines += [f"### `{table.name}` — {table.row}{rows}", "", "| column | type | meaning |", "|---|---|---|"]
        lines += [f"| `{c.name}` | {_dtype_doc(c.dtype)} | {c.doc} |" for c in table.columns]
        lines.append("")
    lines += ["## Label sets", "",
              "Class labels are stored as integer indices (null = no label, e.g. the stance of a root).", ""]
    lines += [f"- `{name}`: " + ", ".join(f"{i} = `{v}`" for i, v in enumerate(values))
              for name, values in LABELS.items()]
    lines += ["", "Stance is the stance of a reply toward the comment it replies to: `support` (agrees, adds "
              "evidence), `attack` (disagrees, rebuts), `neutral` (neither), `query` (asks a question of it).", ""]
    return lines


def card_text(counts: dict[str, int], model_info: dict[str, Any], sizes: dict[str, int] | None = None) -> str:
    """The card as text: YAML front matter, then the tables, label sets and provenance.

    ``counts`` are rows per table, ``sizes`` their Arrow bytes (``num_bytes`` in the YAML).
    """
    header = yaml.safe_dump(_yaml_header(counts, sizes), sort_keys=False, allow_unicode=True)
    lines = [
        "---", header.rstrip(), "---", "", "# argmap argument maps", "",
        "Discussion threads turned into argument maps by argmap: who replies to "
        "whom, each reply's stance toward its parent, topics, the sources comments cite, and the claims and "
        "premises inside comments with which claim supports or attacks which, and the key points (the few "
        "claims a thread keeps making, with how many claims, authors and replies for and against). "
        "Each table below is a config; every config has one split, `train`.", "",
        "```python", "from datasets import load_dataset",
        'comments = load_dataset("path/to/this/folder", "comments", split="train")',
        "import argmap", 'graphs = argmap.load("path/to/this/folder")  # {thread_id: networkx.MultiDiGraph}',
        "```", "", *schema_lines(counts),
    ]
    lines += ["## How it was made", "",
              f"- tool: argmap {__version__} (Python {sys.version.split()[0]})",
              f"- written: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}"]
    lines += [f"- {k}: {v}" for k, v in model_info.items()]
    if not model_info:
        lines.append("- model: not recorded (the graphs were written without model information)")
    lines += ["", "Pipeline: read each thread (reader per input format) → recover reply links → classify "
              "each reply's stance toward its parent and assign topics → extract cited sources → split comments "
              "into claims and premises and link them (unless mapped with --no-claims) → group claims under key "
              "points with the key point matcher (unless --no-keypoints) → build a "
              "graph → write these tables. Labels are model predictions, not human annotations.", ""]
    return "\n".join(lines)


def write_card(path: str | Path, counts: dict[str, int], model_info: dict[str, Any],
               sizes: dict[str, int] | None = None) -> None:
    """Write the card to ``path`` (UTF-8)."""
    Path(path).write_text(card_text(counts, model_info, sizes), encoding="utf-8")


def dataset_doc() -> str:
    """``docs/dataset.md``: the schema for readers of the repository (a test keeps it current)."""
    head = ["# Dataset schema", "",
            "What `argmap map … -o OUT` writes to `OUT/dataset/`: one Parquet file per table under `data/`",
            "and a `README.md` card with these tables. Regenerate this page with",
            "`python -m argmap.exporters.card > docs/dataset.md`.", ""]
    return "\n".join(head + schema_lines())


if __name__ == "__main__":
    print(dataset_doc())
