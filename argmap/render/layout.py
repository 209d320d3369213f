"""Node positions computed in Python, so big threads need no physics in the browser.

Both layouts share one O(n) pass over the reply forest: every leaf takes the next slot in
input order and a parent sits at the middle of its children's slots.

* :func:`tree_layout` — the thread tree, root on the left, replies to the right, one row per
  leaf (an indented outline turned into a graph).
* :func:`radial_layout` — the same order on rings (depth = radius), used to seed the force
  layout of the argument network so that it settles in a few iterations.

>>> pos = tree_layout(["a", "b", "c"], {"b": "a", "c": "a"}, dx=100, dy=10)
>>> pos["a"], pos["b"], pos["c"]
((0, 5.0), (100, 0.0), (100, 10.0))
>>> sorted(radial_layout(["a", "b"], {"b": "a"}))
['a', 'b']
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def _forest(ids: Sequence[str], parent: Mapping[str, str | None]) -> tuple[list[str], dict[str, list[str]]]:
    """Roots and children lists in input order; missing parents and cycles become roots."""
    known = set(ids)
    children: dict[str, list[str]] = {i: [] for i in ids}
    roots: list[str] = []
    for i in ids:
        p = parent.get(i)
        if p is None or p not in known or p == i:
            roots.append(i)
        else:
            children[p].append(i)
    # Nodes on a cycle are unreachable from any root: promote one per cycle.
    reached = set(_preorder(roots, children))
    for i in ids:
        if i not in reached:
            roots.append(i)
            reached.update(_preorder([i], children, reached))
    return roots, children


def _preorder(roots: Sequence[str], children: Mapping[str, list[str]], seen: set[str] | None = None) -> list[str]:
    seen = set() if seen is None else set(seen)
    out: list[str] = []
    stack = list(reversed(roots))
    while stack:
        n = stack.pop()
        if n in seen:
            continue
        seen.add(n)
        out.append(n)
        stack.extend(reversed(children[n]))
    return out


def slots(
    ids: Sequence[str], parent: Mapping[str, str | None], align: str = "center"
) -> tuple[dict[str, float], dict[str, int], float]:
    """Slot (leaf order), depth of every node and the slot count.

    ``align="center"``: leaves take consecutive slots and a parent sits at the middle of its
    children's slots (compact, pleasant for small threads). ``align="outline"``: every node takes
    its own slot in reading order (pre-order), like a forum page — better for big threads.

    >>> s, d, total = slots(["r", "x", "y"], {"x": "r", "y": "x"})
    >>> s, d, total
    ({'y': 0.0, 'x': 0.0, 'r': 0.0}, {'r': 0, 'x': 1, 'y': 2}, 1.0)
    """
    roots, children = _forest(ids, parent)
    slot: dict[str, float] = {}
    depth: dict[str, int] = {}
    nxt = 0.0
    if align == "outline":
        order = _preorder(roots, children)
        for root in roots:
            depth.setdefault(root, 0)
        for n in order:  # parents come before their replies
            for k in children[n]:
                depth.setdefault(k, depth[n] + 1)
        return {n: float(i) for i, n in enumerate(order)}, depth, float(max(len(order), 1))
    for root in roots:
        if root in slot:
            continue
        depth[root] = 0
        stack: list[tuple[str, bool]] = [(root, False)]
        while stack:
            n, done = stack.pop()
            if done:
                kids = [k for k in children[n] if k in slot and depth.get(k) == depth[n] + 1]
                if kids:
                    slot[n] = (slot[kids[0]] + slot[kids[-1]]) / 2
                else:
                    slot[n] = nxt
                    nxt += 1
                continue
            stack.append((n, True))
            for k in reversed(children[n]):
                if k not in depth:
                    depth[k] = depth[n] + 1
                    stack.append((k, False))
        nxt += 0.5  # a little air between separate trees
    return slot, depth, max(nxt - 0.5, 1.0)


def tree_layout(
    ids: Sequence[str],
    parent: Mapping[str, str | None],
    dx: float = 240.0,
    dy: float = 70.0,
    align: str = "center",
) -> dict[str, tuple[float, float]]:
    """``(x, y)`` per node: ``x`` = depth × ``dx`` (root on the left), ``y`` = leaf slot × ``dy``.

    >>> tree_layout(["a", "b", "c"], {"b": "a", "c": "a"}, dx=1, dy=1, align="outline")
    {'a': (0, 0.0), 'b': (1, 1.0), 'c': (1, 2.0)}
    """
    slot, depth, _ = slots(ids, parent, align)
    return {n: (depth[n] * dx, slot[n] * dy) for n in slot}


def radial_layout(
    ids: Sequence[str], parent: Mapping[str, str | None], ring: float = 220.0
) -> dict[str, tuple[float, float]]:
    """``(x, y)`` per node on concentric rings: angle from the leaf slot, radius from the depth."""
    slot, depth, total = slots(ids, parent)
    forest = sum(1 for d in depth.values() if d == 0) > 1  # several roots: put them on a ring too
    out: dict[str, tuple[float, float]] = {}
    for n, s in slot.items():
        angle = 2 * math.pi * s / total
        r = (depth[n] + forest) * ring * (1 + math.log1p(total) / 4)
        out[n] = (round(r * math.cos(angle), 1), round(r * math.sin(angle), 1))
    return out
