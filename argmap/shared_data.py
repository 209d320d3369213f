"""Where the real research data lives (``../shared/data``): the ``argmap lab`` commands, the tests
and the benchmarks read it; ``argmap map`` never does.

>>> shared_data_dir().name
'data'
"""

from __future__ import annotations

import os
from pathlib import Path


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
