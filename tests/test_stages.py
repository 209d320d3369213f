"""The stage contract: every stage has one shape, the pipeline is their ordered list, a new stage
is added as ``docs/architecture.md`` says, and pasted text is segmented once."""

from __future__ import annotations

import inspect
import re
from functools import cached_property
from pathlib import Path

import pytest

from argmap import pipeline
from argmap.models import Models
from argmap.pipeline import STAGES
from tests.support import toy_stage

REPO = Path(__file__).resolve().parents[1]
THREADS = REPO / "threads"


def test_every_stage_has_the_one_shape() -> None:
    names = [s.NAME for s in STAGES]
    assert len(set(names)) == len(names)
    for stage in STAGES:
        assert list(inspect.signature(stage.transform).parameters) == ["threads", "context"], stage.NAME
        assert all(isinstance(inspect.getattr_static(Models, m, None), cached_property) for m in stage.MODELS), (
            stage.NAME, stage.MODELS)


def test_the_architecture_page_lists_the_stages_in_order() -> None:
    page = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    table = page[page.index("## The stages"):]
    listed = re.findall(r"^\| \d+ \| `(\w+)` \|", table, re.MULTILINE)
    assert listed == [s.NAME for s in STAGES]
    assert "argmap.stages" in page and "tests/test_stages.py" in page


def test_pipeline_input_paths_leave_pasted_text_to_the_segment_stage() -> None:
    from argmap.api import read_input
    from argmap.readers import read
    from argmap.run.plan import Work

    path = THREADS / "ai-roi-debate.txt"
    for thread in (Work(str(path), "", "").read(None), read_input(path.read_text(encoding="utf-8"))[0]):
        assert thread.format == "text" and thread.lines and not thread.comments
    assert read(path).comments  # read without a pipeline: segmented now, without the encoder


@pytest.fixture(scope="module")
def models() -> Models:
    return Models(claims=False)


@pytest.mark.slow
def test_pasted_text_is_segmented_once_with_the_encoder(models: Models, monkeypatch: pytest.MonkeyPatch) -> None:
    import argmap.structure.segment as segment
    from argmap.run.plan import Work

    calls: list[bool] = []
    original = segment.segment_lines

    def counted(lines, embeddings=None):  # noqa: ANN001, ANN202
        calls.append(embeddings is not None)
        return original(lines, embeddings)

    monkeypatch.setattr(segment, "segment_lines", counted)
    thread = Work(str(THREADS / "ai-roi-debate.txt"), "", "").read(None)
    mapped = pipeline.analyse_batch([thread], models)[0]
    assert calls == [True]
    assert sum(1 for _, d in mapped.graph.nodes(data=True) if d["kind"] == "comment") == len(thread.comments) > 5


@pytest.mark.slow
def test_a_toy_stage_added_to_the_pipeline_shows_in_the_map(models: Models, monkeypatch: pytest.MonkeyPatch) -> None:
    from argmap.model import Comment, Thread

    after = [s.NAME for s in STAGES].index("topics") + 1
    monkeypatch.setattr(pipeline, "STAGES", (*STAGES[:after], toy_stage, *STAGES[after:]))
    thread = Thread("tea", [Comment("a", None, text="Tea is the best drink in the morning."),
                            Comment("b", "a", text="Tea is a good drink in the morning, I agree."),
                            Comment("c", "a", text="Football scores were announced on the radio yesterday.")],
                    title="Tea")
    g = pipeline.analyse(thread, models).graph
    assert {d["topic"] for n, d in g.nodes(data=True) if d["kind"] == "comment"} == {toy_stage.NEAR, toy_stage.FAR}
    assert g.nodes["a"]["topic"] == g.nodes["b"]["topic"] == toy_stage.NEAR
    assert g.nodes[f"topic:{toy_stage.FAR}"]["text"] == "far, from, the, opening"
    assert g.graph["topics"] == {name: name.split() for name in (toy_stage.NEAR, toy_stage.FAR)}
    assert not thread.meta  # results travel on typed fields, never meta keys
    assert thread.comments[0].vector is not None  # kept on the thread, never put on the graph
    assert not any(hasattr(v, "shape") for _, d in g.nodes(data=True) for v in d.values())
