"""Fast starts: a bad input and a cached rerun load no model library, and user commands not the lab."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from argmap.cli import main
from tests.support import fake_analyser

REPO = Path(__file__).resolve().parents[1]
HEAVY = ("torch", "transformers", "onnxruntime", "onnx", "argmap.lab", "argmap.lab.commands")


def run_argmap(*args: str) -> tuple[int, list[str], str]:
    """``argmap ARGS`` in a fresh process: exit status, heavy modules it imported, stderr."""
    code = ("import sys\nfrom argmap.cli import main\ntry:\n    rc = main(sys.argv[1:])\n"
            "except SystemExit as stop:\n    rc = stop.code\n"
            f"print('LOADED', [m for m in {HEAVY!r} if m in sys.modules])\nsys.exit(rc)")
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"}, timeout=120)
    loaded = next(line for line in proc.stdout.splitlines() if line.startswith("LOADED"))
    return proc.returncode, eval(loaded.removeprefix("LOADED "), {}), proc.stderr  # noqa: S307 - our own list


def run_map(*args: str) -> tuple[int, list[str], str]:
    """``argmap map ARGS`` in a fresh process (:func:`run_argmap`)."""
    return run_argmap("map", *args)


@pytest.mark.parametrize("args", [["--help"], ["map", "--help"], ["stance", "--help"]], ids=" ".join)
def test_help_loads_neither_the_lab_nor_a_model_library(args: list[str]) -> None:
    rc, loaded, err = run_argmap(*args)
    assert rc == 0 and loaded == [], err


def test_only_argmap_lab_loads_the_lab() -> None:
    rc, loaded, err = run_argmap("lab", "--help")
    assert rc == 0 and "argmap.lab.commands" in loaded, err


def test_bad_input_answers_before_any_model_library(tmp_path: Path) -> None:
    rc, loaded, err = run_map(str(tmp_path / "missing.txt"), "-o", str(tmp_path / "out"))
    assert rc == 1 and err == f"argmap: error: {tmp_path / 'missing.txt'}: no such file\n"
    assert loaded == []


def test_cached_rerun_loads_no_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("argmap.pipeline.analyse_batch", fake_analyser.analyse_batch)
    path = tmp_path / "t.json"
    path.write_text(json.dumps([{"id": "r", "text": "Tea is good."}, {"id": "a", "parent_id": "r", "text": "No."}]))
    out = tmp_path / "out"
    assert main(["map", str(path), "-o", str(out), "--device", "cpu"]) == 0
    rc, loaded, err = run_map(str(path), "-o", str(out), "--device", "cpu")
    assert rc == 0 and loaded == [], err


def test_lab_commands_still_parse() -> None:
    from argmap.cli import build_parser

    assert build_parser(lab=False).parse_args(["map", "x"]).command == "map"
    assert build_parser().parse_args(["lab", "eval-sniff"]).func.__module__ == "argmap.lab.commands.sniff"


def test_a_run_with_exported_sessions_imports_neither_torch_nor_transformers(tmp_path: Path) -> None:
    """Once the CPU sessions are exported (here, or by any earlier run), mapping a pasted thread
    opens them from the cache: torch and transformers are never imported."""
    from argmap.models import Models
    from argmap.nlp import onnx_int8
    from argmap.structure.boundary import BoundaryModel

    if not onnx_int8.available():
        pytest.skip("onnxruntime is not installed")
    Models(device="cpu").preload()
    BoundaryModel.load()
    path = tmp_path / "debate.txt"
    path.write_text("Should cities ban cars?\n\nYes, the buses are stuck behind them every day.\n\n"
                    "no, I drive to work and there is no tram.\n\nThere will be one in 2027.\n")
    rc, loaded, err = run_map(str(path), "-o", str(tmp_path / "out"), "--device", "cpu")
    assert rc == 0, err
    assert "torch" not in loaded and "transformers" not in loaded
