"""The data folder of a train or eval command: ``--data``, else ``../shared/data``.

>>> data_folder("/nonexistent", "debagreement/dev.csv")
Traceback (most recent call last):
argmap.errors.InputError: /nonexistent: no debagreement/dev.csv here (set --data or $ARGMAP_DATA)
"""

from __future__ import annotations

from pathlib import Path

from argmap.errors import InputError
from argmap.shared_data import shared_data_dir


def data_folder(arg: str | Path | None, needs: str) -> Path:
    """The data folder a train or eval command was given (``--data``), else :func:`shared_data_dir`,
    checked to hold ``needs``; an :class:`InputError` (one line) when it does not."""
    path = Path(arg) if arg else shared_data_dir()
    if not (path / needs).exists():
        raise InputError(path, f"no {needs} here (set --data or $ARGMAP_DATA)")
    return path
