"""SHA-256 of inputs and model files: the one content hash behind cache keys and model fingerprints.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "w.bin").write_bytes(b"weights")
>>> content_hash(folder / "w.bin")[:12]
'9a129038d9a0'
>>> files_hash(folder, ("w.bin", "missing.json")) == content_hash(folder / "w.bin")
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path


def content_hash(path: Path) -> str:
    """SHA-256 of a file, or of a ConvoKit folder's utterance and conversation files."""
    h = hashlib.sha256()
    files = [path / "utterances.jsonl", path / "conversations.json"] if path.is_dir() else [path]
    for f in files:
        try:
            with f.open("rb") as fh:
                for chunk in iter(lambda fh=fh: fh.read(1 << 20), b""):
                    h.update(chunk)
        except OSError:
            h.update(f"unreadable:{f}".encode())
    return h.hexdigest()


def files_hash(folder: Path, names: Sequence[str]) -> str:
    """A model's fingerprint: the SHA-256 of each of its files that ``folder`` holds, in order, joined."""
    return "".join(content_hash(folder / name) for name in names if (folder / name).is_file())
