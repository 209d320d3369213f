"""One vocabulary: the label sets are argmap.model's enums, and the page's style is style.json alone.

The schema, the graph, the models' label lists, corrections and the page take the values from the
enums; style.json styles every stance, node kind, edge kind and role the page draws; the page's
script, CSS and template hold no copy of the label lists or of style.json's colours.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import argmap
from argmap import corrections
from argmap.exporters.graphml import write_graphml
from argmap.exporters.schema import LABELS
from argmap.graph import build_graph
from argmap.model import (
    COMMENT_KINDS,
    EDGE_KINDS,
    NODE_KINDS,
    Claim,
    ClaimRelation,
    Comment,
    EdgeKind,
    KeyPoint,
    LabelSource,
    NodeKind,
    RelationKind,
    Role,
    Source,
    SourceKind,
    Stance,
    Thread,
    Via,
    values,
)
from argmap.nlp import claim_relations, claims
from argmap.render.html import page_script
from argmap.render.payload import page_data
from argmap.render.style import css_variables, page_style

RENDER = Path(argmap.__file__).parent / "render"
STYLE = json.loads((RENDER / "style.json").read_text(encoding="utf-8"))


def every_kind() -> Thread:
    """A thread whose graph has every node and edge kind, its labels given as enum members."""
    return Thread(
        "t",
        [Comment("a", None, text="Tea is good. It is calm. [0]", topic="tea"),
         Comment("b", "a", text="No. Calm is dull.", stance=Stance.ATTACK, stance_score=0.9, depth=1)],
        sources=[Source("0", SourceKind.FOOTNOTE, "https://tea.example", cited_by=["a"])],
        claims=[Claim("a:0", "a", 0, 12, "Tea is good.", Role.MAIN_CLAIM, 0.9),
                Claim("a:1", "a", 13, 24, "It is calm.", Role.PREMISE, 0.8),
                Claim("b:0", "b", 4, 17, "Calm is dull.", Role.CLAIM, 0.7)],
        claim_relations=[ClaimRelation("a:1", "a:0", RelationKind.SUPPORTS, 0.7, Via.PREMISE),
                         ClaimRelation("b:0", "a:1", RelationKind.ATTACKS, 0.6, Via.MODEL)],
        key_points=[KeyPoint("kp0", "Tea is good.", "a:0", [("a:0", 1.0)])],
    )


def test_schema_label_sets_are_the_enums():
    assert LABELS["stance"] == values(Stance)
    assert LABELS["claim_role"] == values(Role)
    assert LABELS["claim_relation"] == values(RelationKind)
    assert LABELS["claim_via"] == values(Via)
    assert LABELS["source_kind"] == values(SourceKind)
    assert LABELS["label_source"] == values(LabelSource)
    assert set(LABELS["comment_kind"]) == set(COMMENT_KINDS) <= set(NODE_KINDS)
    assert set(LABELS["edge_kind"]) <= set(EDGE_KINDS)
    assert all(type(v) is str for names in LABELS.values() for v in names)


def test_model_labels_and_corrections_take_the_enums():
    assert ("none", *values(Role)) == claims.LABELS
    assert ("none", *values(RelationKind)) == claim_relations.LABELS
    assert values(RelationKind) == corrections.RELATIONS
    assert LabelSource.HUMAN == corrections.HUMAN
    assert {k.value for k in RelationKind} <= set(EDGE_KINDS)


def test_graph_uses_every_kind_and_stores_plain_strings(tmp_path):
    g = build_graph(every_kind())
    assert {k for _, k in g.nodes(data="kind")} == set(NODE_KINDS) - {NodeKind.PARAGRAPH}
    assert {k for _, _, k in g.edges(data="kind")} == set(EDGE_KINDS)
    labels = ("kind", "role", "via", "source_kind", "label_source", "stance")
    found = [d[k] for _, d in g.nodes(data=True) for k in labels if d.get(k) is not None]
    found += [d[k] for *_, d in g.edges(keys=True, data=True) for k in labels if d.get(k) is not None]
    found += [k for *_, k in g.edges(keys=True)]
    assert found and all(type(v) is str for v in found)
    assert write_graphml(g, tmp_path / "t.graphml").exists()  # networkx's writer rejects str subclasses


def test_payload_labels_are_in_the_vocabulary():
    data = page_data(build_graph(every_kind()))
    assert {n["k"] for n in data["nodes"]} <= set(NODE_KINDS)
    assert {e[2] for e in data["edges"]} <= set(EDGE_KINDS)
    assert {c[3] for c in data["claims"]} <= set(values(Role))
    assert {e[2] for e in data["claim_edges"]} == set(values(RelationKind))
    assert {e[4] for e in data["claim_edges"]} <= set(values(Via)) | {LabelSource.HUMAN}


def test_style_covers_what_the_page_draws():
    assert list(STYLE["stance"]) == [*values(Stance), "root", "none"]
    assert set(STYLE["kind"]) == {*COMMENT_KINDS, NodeKind.SOURCE, NodeKind.TOPIC}  # claims: by role
    assert list(STYLE["role"]) == list(values(Role))
    assert set(STYLE["relation"]) == set(values(RelationKind))
    assert set(STYLE["relation"].values()) <= set(STYLE["stance"])
    assert set(STYLE["link"]) == {EdgeKind.CITES, EdgeKind.ABOUT}  # replies: by stance
    # the rest is not drawn as an edge: a claim sits in its comment, a key point in the Outline
    drawn = {EdgeKind.REPLY, *STYLE["link"], *STYLE["relation"]}
    assert set(EDGE_KINDS) - drawn == {EdgeKind.CONTAINS, EdgeKind.MATCHES}
    labels = page_style()["labels"]
    assert labels == {"stance": list(values(Stance)), "role": list(values(Role)),
                      "relation": list(values(RelationKind)), "comment": list(COMMENT_KINDS)}
    assert "var STYLE = " in page_script() and "--stance-query: #2f6fdf;" in css_variables()


def _page_sources() -> dict[str, str]:
    files = [*sorted((RENDER / "js").glob("*.js")), RENDER / "app.css", RENDER / "template.html"]
    return {p.name: p.read_text(encoding="utf-8") for p in files}


def test_page_holds_no_copy_of_the_label_lists():
    sets = [set(values(e)) for e in (Stance, Role, RelationKind, Via, SourceKind, NodeKind, EdgeKind)]
    lists = re.compile(r'\[\s*"(\w+)"\s*,\s*"(\w+)"|\{\s*(\w+)\s*:\s*true\s*,\s*(\w+)\s*:\s*true')
    for name, text in _page_sources().items():
        for m in lists.finditer(text):
            a, b = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            assert not any({a, b} <= s for s in sets), f"{name}: a copy of a label list at {m.group(0)!r}"


def _hex(colour: str) -> str:
    c = colour.lower()
    return "#" + "".join(ch * 2 for ch in c[1:]) if len(c) == 4 else c


def test_page_holds_no_copy_of_the_style_colours():
    tables = [STYLE[t][k] for t in ("stance", "kind", "link", "role") for k in STYLE[t]]
    colours = {_hex(v) for s in tables for v in s.values() if isinstance(v, str) and v.startswith("#")}
    colours |= {_hex(STYLE["page"][k]) for k in ("ink", "muted", "line", "bg")}  # not white ("panel")
    for name, text in _page_sources().items():
        copies = {m for m in re.findall(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b", text) if _hex(m) in colours}
        assert not copies, f"{name} copies style.json's colours {sorted(copies)}"
