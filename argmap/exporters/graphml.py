"""GraphML (Gephi, Cytoscape, yEd, igraph): one thread graph per file, attributes flattened.

>>> import tempfile
>>> from argmap.graph import build_graph
>>> from argmap.model import Comment, Thread
>>> g = build_graph(Thread("t", [Comment("a", None, text="Tea."),
...                              Comment("b", "a", text="No.", stance="attack", stance_score=0.9)]))
>>> path = write_graphml(g, tempfile.mkdtemp() + "/t.graphml")
>>> read_graphml(path).edges["b", "a", "reply"]["stance"]
'attack'
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from argmap.atomic import atomic_path
from argmap.exporters.flat import flatten, restore


def write_graphml(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``graph`` as GraphML (atomically) and return the path.

    A node's ``id`` attribute is left out: it equals the GraphML node id, and a data key named
    ``id`` beside it makes igraph warn ("there is already an 'id' vertex attribute").
    :func:`read_graphml` puts it back.
    """
    flat = flatten(graph)
    for node, attrs in flat.nodes(data=True):
        if str(attrs.get("id", node)) == str(node):
            attrs.pop("id", None)
    with atomic_path(path) as tmp:
        nx.write_graphml(flat, tmp, infer_numeric_types=True)
    return Path(path)


def read_graphml(path: str | Path) -> nx.MultiDiGraph:
    """Read a GraphML file written by :func:`write_graphml` back into an argmap graph."""
    return restore(nx.read_graphml(path, force_multigraph=True))
