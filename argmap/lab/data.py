"""Where the real research data lives (``../shared/data``): used by eval and train commands only.

>>> shared_data_dir().name
'data'
>>> data_folder("/nonexistent", "debagreement/dev.csv")
Traceback (most recent call last):
argmap.errors.InputError: /nonexistent: no debagreement/dev.csv here (set --data or $ARGMAP_DATA)
"""

from __future__ import annotations

import os
from pathlib import Path

from argmap.errors import InputError


def shared_data_dir() -> Path:
    """``$ARGMAP_DATA`` if set, else ``../shared/data`` beside the repository (or the cwd)."""
    if env := os.environ.get("ARGMAP_DATA"):
        return Path(env)
    repo = Path(__file__).resolve().parents[1]
    for base in (repo, Path.cwd()):
        candidate = base.parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return repo.parent / "shared" / "data"


def data_folder(arg: str | Path | None, needs: str) -> Path:
    """The data folder a train or eval command was given (``--data``), else :func:`shared_data_dir`,
    checked to hold ``needs``; an :class:`InputError` (one line) when it does not."""
    path = Path(arg) if arg else shared_data_dir()
    if not (path / needs).exists():
        raise InputError(path, f"no {needs} here (set --data or $ARGMAP_DATA)")
    return path
