"""Writers from thread graphs to the formats researchers' tools read.

``write_dataset`` (Parquet + dataset card) is importable from here; the per-format writers live
in their own modules: ``graphml``, ``gexf``, ``aif``, ``convokit``, ``nodelink``. Imports are
lazy so that ``import argmap`` stays fast.

>>> sorted(EXPORTS)
['aif', 'convokit', 'gexf', 'graphml', 'json']
"""

from __future__ import annotations

from typing import Any

# format name -> (module, writer, file suffix); convokit writes one corpus folder for all threads
EXPORTS: dict[str, tuple[str, str, str]] = {
    "graphml": ("graphml", "write_graphml", ".graphml"),
    "gexf": ("gexf", "write_gexf", ".gexf"),
    "aif": ("aif", "write_aif", ".aif.json"),
    "json": ("nodelink", "write_nodelink", ".json"),
    "convokit": ("convokit", "write_convokit", ""),
}

__all__ = ["EXPORTS", "write_dataset"]


def __getattr__(name: str) -> Any:
    if name == "write_dataset":
        from argmap.exporters.hf_dataset import write_dataset

        return write_dataset
    raise AttributeError(name)
