"""pyproject.toml declares every third-party package that argmap imports."""

from __future__ import annotations

import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from tests.support.imports import imported_modules

REPO = Path(__file__).resolve().parents[1]


def distribution(requirement: str) -> str:
    """The normalised distribution name a requirement names.

    >>> distribution("ray[data]>=2.9"), distribution("PyYAML"), distribution("Jinja2")
    ('ray', 'pyyaml', 'jinja2')
    """
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", requirement)[0]).lower()


def declared() -> set[str]:
    """The distributions of ``dependencies`` and of every optional extra."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = [r for reqs in project.get("optional-dependencies", {}).values() for r in reqs]
    return {distribution(r) for r in [*project["dependencies"], *extras]}


def test_every_imported_package_is_declared() -> None:
    """An import at any depth (lazy imports too) of a package outside the standard library: its
    distribution is a dependency, or belongs to an extra (``ray``, ``notebook``, ``dev``)."""
    names = declared()
    dists = packages_distributions()
    imported: dict[str, str] = {}
    for path in sorted((REPO / "argmap").rglob("*.py")):
        for module in imported_modules(path):
            top = module.split(".")[0]
            if top not in sys.stdlib_module_names and top not in ("argmap", "__future__"):
                imported.setdefault(top, path.relative_to(REPO).as_posix())
    assert {"numpy", "torch", "threadpoolctl"} <= imported.keys()
    missing = {top: where for top, where in imported.items()
               if not {distribution(d) for d in dists.get(top, [top])} & names}
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"
