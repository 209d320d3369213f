"""The one error type users see: a bad input file, reported as one line."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """An input argmap cannot map; ``str()`` is the one line shown to the user.

    >>> str(InputError("t.json", "truncated JSON at line 3"))
    't.json: truncated JSON at line 3'
    """

    def __init__(self, path: str | Path, problem: str):
        self.path, self.problem = str(path), problem
        super().__init__(f"{path}: {problem}")
