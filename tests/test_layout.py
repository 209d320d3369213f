"""The package layout the architecture promises: inference code never imports research code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import argmap

PACKAGE = Path(argmap.__file__).parent
#: Modules that may import :mod:`argmap.lab`: the package itself and the CLI that registers its commands.
MAY_IMPORT_LAB = ("lab/", "cli.py")


def imported_modules(path: Path) -> set[str]:
    """Every module an ``import`` or ``from … import`` in ``path`` names, at any depth (functions too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


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


#: The stage layer: a stage (``argmap/stages/``) never reaches the pipeline or what runs it, and the
#: code under the stages (models, readers, the graph) never reaches up to them.
MAY_NOT_IMPORT = {
    "stages/": ("argmap.pipeline", "argmap.run", "argmap.corpus", "argmap.api", "argmap.engines",
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
