"""The golden maps: ``threads/*`` and a fixed AITA sample through ``argmap map``, reduced to digests.

A refactoring must leave every graph and every dataset table as it was; ``tests/test_golden.py``
maps the same inputs and compares their digests with ``tests/support/golden.json``. After a change that is
meant to alter the maps, record them again and say why in the commit::

    python -m tests.support.golden --write          # tests/support/golden.json from today's code
    python -m tests.support.golden --dump /tmp/a    # the canonical JSON behind each digest, to diff two trees

Floats are rounded to 4 decimals (the int8 sessions are deterministic, but a BLAS build may move the
last bits) ``origin`` keeps only the file name, and copied pages are read as captured at ``CAPTURED_AT``,
so the digests do not depend on the checkout's location or files' times.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).with_name("golden.json")
AITA_SAMPLE = ("post_thread_0.json", "post_thread_5.json", "post_thread_7.json")
#: when the copied pages were captured (else their relative times count back from the file's mtime)
CAPTURED_AT = "2026-12-01T09:30Z"
#: fields a later change may add without altering what was there; they are left out of the digests
ADDED: frozenset[str] = frozenset()


def inputs(shared: Path | None) -> dict[str, list[Path]]:
    """The golden input sets: ``threads`` always, ``aita`` when ``../shared/data`` is there."""
    sets = {"threads": sorted(p for p in (REPO / "threads").iterdir() if not p.name.startswith("."))}
    if shared is not None and (shared / "aita-threads").is_dir():
        sets["aita"] = [shared / "aita-threads" / name for name in AITA_SAMPLE]
    return sets


def canonical(value: Any, key: str = "") -> Any:
    """``value`` with floats rounded, dict keys sorted and ``origin`` cut to its file name."""
    if isinstance(value, float):
        return round(value, 4) + 0.0  # -0.0 → 0.0
    if isinstance(value, dict):
        return {k: canonical(v, k) for k, v in sorted(value.items()) if k not in ADDED}
    if isinstance(value, list | tuple):
        return [canonical(v) for v in value]
    if key == "origin" and isinstance(value, str):
        return value.replace("\\", "/").rsplit("/", 1)[-1]
    return value


def graph_form(path: Path) -> Any:
    """A node-link export in canonical form: nodes by id, edges by (source, target, key)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data["nodes"] = sorted(data["nodes"], key=lambda n: str(n["id"]))
    data["edges"] = sorted(data["edges"], key=lambda e: (str(e["source"]), str(e["target"]), str(e["key"])))
    return canonical(data)


def table_form(path: Path) -> Any:
    """A dataset table's rows, in order, in canonical form."""
    import pyarrow.parquet as pq

    return canonical(pq.read_table(path).to_pylist())


def digest(form: Any) -> str:
    return hashlib.sha256(json.dumps(form, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def map_forms(paths: list[Path], out: Path) -> dict[str, Any]:
    """Map ``paths`` with ``argmap map`` into ``out``; the canonical forms of its graphs and tables."""
    from argmap.cli import main

    status = main(["map", *map(str, paths), "-o", str(out), "--no-html", "--export", "json",
                   "--captured-at", CAPTURED_AT])
    if status != 0:
        raise RuntimeError(f"argmap map exited {status}")
    forms = {f"graph/{p.stem}": graph_form(p) for p in sorted((out / "exports" / "json").glob("*.json"))}
    forms |= {f"table/{p.stem}": table_form(p) for p in sorted((out / "dataset" / "data").glob("*.parquet"))}
    return forms


def digests(shared: Path | None, dump: Path | None = None, only: str | None = None) -> dict[str, dict[str, str]]:
    """``{input set: {graph/<name> or table/<name>: sha256}}`` of today's code (``only``: one set)."""
    result = {}
    for name, paths in inputs(shared).items():
        if only not in (None, name):
            continue
        with tempfile.TemporaryDirectory() as tmp:
            forms = map_forms(paths, Path(tmp) / "out")
        if dump is not None:
            for key, form in forms.items():
                target = dump / name / f"{key}.json"
                target.parent.mkdir(parents=True, exist_ok=True)
                text = json.dumps(form, sort_keys=True, indent=1, ensure_ascii=False, default=str)
                target.write_text(text, encoding="utf-8")
        result[name] = {key: digest(form) for key, form in forms.items()}
    return result


def main(argv: list[str] | None = None) -> int:
    from argmap.lab.data import shared_data_dir

    p = argparse.ArgumentParser(prog="python -m tests.support.golden", description=__doc__.split("\n\n")[0])
    p.add_argument("--write", action="store_true", help=f"record {GOLDEN.relative_to(REPO)}")
    p.add_argument("--dump", type=Path, metavar="DIR", help="write each canonical form under DIR")
    args = p.parse_args(argv)
    shared = shared_data_dir()
    found = digests(shared if shared.is_dir() else None, args.dump)
    if args.write:
        if "aita" not in found:
            print("needs ../shared/data/aita-threads to record the AITA sample", file=sys.stderr)
            return 1
        GOLDEN.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {GOLDEN}")
    else:
        print(json.dumps(found, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
