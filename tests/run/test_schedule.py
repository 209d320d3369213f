"""The one scheduler: batches or workers, input order, errors raised or reported and skipped."""

from __future__ import annotations

import pytest

from argmap.errors import InputError
from argmap.model import Comment, Thread
from argmap.run.schedule import analyse_unit, batches, schedule
from tests.support import fake_analyser


def threads(n: int, boom: int | None = None) -> list[Thread]:
    return [Thread(f"t{i}", [Comment("a", None, text="BOOM" if i == boom else "Tea."), Comment("b", "a", text="No.")])
            for i in range(n)]


@pytest.fixture(autouse=True)
def calls() -> list[list[str]]:
    fake_analyser.CALLS.clear()
    return fake_analyser.CALLS


class Models:
    """Stands in for argmap.models.Models: what the scheduler sets and calls before workers share it."""

    threads: int | None = None
    loaded = 0

    def preload(self) -> Models:
        self.loaded += 1
        return self


def test_batches_of_about_n_comments_in_input_order(calls: list[list[str]]) -> None:
    got = schedule(threads(5), None, analyser=fake_analyser.analyse_batch, batch_comments=4)
    assert [t.id for t, _ in got] == [f"t{i}" for i in range(5)]
    assert calls == [["t0", "t1"], ["t2", "t3"], ["t4"]]


def test_workers_map_each_thread_alone_in_input_order(calls: list[list[str]]) -> None:
    models = Models()
    got = schedule(threads(7), models, analyser=fake_analyser.analyse_batch, workers=3)
    assert [m.graph.graph["thread_id"] for _, m in got] == [f"t{i}" for i in range(7)]
    assert sorted(calls) == [[f"t{i}"] for i in range(7)]
    assert (models.threads, models.loaded) == (1, 1)  # one ONNX Runtime thread per call, loaded first


@pytest.mark.parametrize("workers", [1, 2])
def test_errors_raise_or_are_reported_and_skipped(workers: int) -> None:
    with pytest.raises(RuntimeError, match="model exploded"):
        list(schedule(threads(4, boom=2), Models(), analyser=fake_analyser.analyse_batch, workers=workers))
    failed: list[tuple[str, str]] = []

    def read(name: str) -> Thread:
        if name == "t1":
            raise InputError("t1.json", "no comments found")
        return threads(4, boom=2)[int(name[1])]

    got = schedule(["t0", "t1", "t2", "t3"], Models(), read=read, analyser=fake_analyser.analyse_batch,
                   workers=workers, on_error=lambda item, err: failed.append((item, str(err))), label=lambda n: n)
    assert [m.graph.graph["thread_id"] for _, m in got] == ["t0", "t3"]
    assert failed == [("t1", "t1.json: no comments found"),
                      ("t2", "t2: analysis failed (RuntimeError: model exploded)")]


def test_the_unit_of_work_retries_thread_by_thread(calls: list[list[str]]) -> None:
    readings = [*threads(3, boom=1), InputError("x.json", "truncated JSON")]
    got = analyse_unit(readings, None, fake_analyser.analyse_batch)
    assert [type(r).__name__ for r in got] == ["Mapped", "RuntimeError", "Mapped", "InputError"]
    assert calls == [["t0", "t1", "t2"], ["t0"], ["t1"], ["t2"]]


def test_batches_read_each_item_once_and_keep_read_errors() -> None:
    def read(n: int) -> Thread:
        if n < 0:
            raise InputError(str(n), "unreadable")
        return threads(1)[0]

    got = [(batch, [type(r).__name__ for r in readings]) for batch, readings in batches([1, -1, 2, 3], read, 4)]
    assert got == [([1, -1, 2], ["Thread", "InputError", "Thread"]), ([3], ["Thread"])]
