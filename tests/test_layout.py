"""The package layout the architecture promises: inference code never imports research code."""

from __future__ import annotations

from pathlib import Path

import pytest

import argmap
from tests.support.imports import imported_modules

PACKAGE = Path(argmap.__file__).parent
TESTS = Path(__file__).parent
#: Modules that may import :mod:`argmap.lab`: the package itself and the CLI that registers its commands.
MAY_IMPORT_LAB = ("lab/", "cli.py")


def test_imported_modules_sees_imports_inside_functions(tmp_path: Path) -> None:
    src = tmp_path / "m.py"
    src.write_text("import os\n\ndef f():\n    from argmap.lab import stance_train\n")
    assert {"os", "argmap.lab", "argmap.lab.stance_train"} <= imported_modules(src)


@pytest.mark.parametrize(
    "path",
    sorted(p for p in PACKAGE.rglob("*.py") if not p.relative_to(PACKAGE).as_posix().startswith(MAY_IMPORT_LAB)),
    ids=lambda p: p.relative_to(PACKAGE).as_posix(),
)
def test_inference_modules_do_not_import_lab(path: Path) -> None:
    lab = sorted(m for m in imported_modules(path) if m == "argmap.lab" or m.startswith("argmap.lab."))
    assert not lab, f"{path.relative_to(PACKAGE)} imports research code: {lab}"


def test_only_lab_tests_import_lab() -> None:
    """Research tests live in ``tests/lab`` (``pytest -m "not lab"`` runs the rest without the lab)."""
    offenders = [p.relative_to(TESTS).as_posix() for p in sorted(TESTS.rglob("*.py"))
                 if TESTS / "lab" not in p.parents and any(m == "argmap.lab" or m.startswith("argmap.lab.")
                                                           for m in imported_modules(p))]
    assert not offenders, f"import argmap.lab outside tests/lab: {offenders}"


#: The stage layer: a stage (``argmap/stages/``) never reaches the pipeline or what runs it, and the
#: code under the stages (models, readers, the graph) never reaches up to them.
MAY_NOT_IMPORT = {
    "stages/": ("argmap.pipeline", "argmap.run", "argmap.api", "argmap.engines",
                "argmap.commands", "argmap.readers", "argmap.render", "argmap.exporters"),
    **dict.fromkeys(("nlp/", "structure/", "readers/", "model.py", "models.py", "graph.py"),
                    ("argmap.stages", "argmap.pipeline")),
}


@pytest.mark.parametrize(
    "path",
    sorted(p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).as_posix().startswith(tuple(MAY_NOT_IMPORT))),
    ids=lambda p: p.relative_to(PACKAGE).as_posix(),
)
def test_stage_layer_imports(path: Path) -> None:
    rel = path.relative_to(PACKAGE).as_posix()
    banned = next(v for k, v in MAY_NOT_IMPORT.items() if rel.startswith(k))
    found = sorted(m for m in imported_modules(path) if any(m == b or m.startswith(b + ".") for b in banned))
    assert not found, f"{rel} imports {found}"


def test_nlp_holds_no_training_or_evaluation_module() -> None:
    names = [p.stem for p in (PACKAGE / "nlp").glob("*.py")]
    assert names and not [n for n in names if any(w in n for w in ("train", "distil", "eval", "data"))]


def test_help_lists_user_commands_before_the_research_group(capsys: pytest.CaptureFixture[str]) -> None:
    from argmap.cli import main

    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert out.index("map ") < out.index("stance ") < out.index("lab ")
    assert "train-stance" not in out and "eval-structure" not in out
    with pytest.raises(SystemExit):
        main(["lab", "--help"])
    lab = capsys.readouterr().out
    for command in ("train-stance", "distill-stance", "eval-stance", "eval-structure", "train-structure",
                    "train-boundary", "eval-topics"):
        assert command in lab


#: The one orchestration layer (:mod:`argmap.run`) and who may use it: the Python API, the CLI's commands
#: and the engines that run its unit of work.
MAY_IMPORT_RUN = ("__init__.py", "api.py", "commands/", "engines/", "run/")


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_only_the_entry_points_use_the_run_layer(path: Path) -> None:
    rel = path.relative_to(PACKAGE).as_posix()
    run = sorted(m for m in imported_modules(path) if m == "argmap.run" or m.startswith("argmap.run."))
    assert not run or rel.startswith(MAY_IMPORT_RUN), f"{rel} imports the run layer: {run}"


@pytest.mark.parametrize("path", sorted((PACKAGE / "run").glob("*.py")), ids=lambda p: p.name)
def test_the_run_layer_does_not_import_the_command_line(path: Path) -> None:
    cli = sorted(m for m in imported_modules(path) if m.startswith(("argmap.cli", "argmap.commands")))
    assert not cli, f"run/{path.name} imports the command line: {cli}"


def test_one_scheduler_runs_threads_on_workers() -> None:
    """Batching threads and running them on worker threads is written once: in argmap.run.schedule."""
    pools = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
                   if "concurrent.futures" in imported_modules(p) and not p.is_relative_to(PACKAGE / "lab"))
    assert pools == ["run/schedule.py"]
