"""CSV tables in and out, for the commands that read rows (``argmap stance``, ``argmap keypoints``).

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "pairs.csv"
>>> write_csv(path, ["parent", "reply"], [{"parent": "Tea.", "reply": "No."}])
>>> read_csv(path, ["reply"])
(['parent', 'reply'], [{'parent': 'Tea.', 'reply': 'No.'}])
>>> read_csv(path, ["stance"])
Traceback (most recent call last):
argmap.errors.InputError: ...pairs.csv: no column 'stance' (columns: parent, reply)
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from argmap.atomic import atomic_path
from argmap.errors import InputError


def read_csv(path: Path, needs: Sequence[str | None] = ()) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a UTF-8 CSV (a BOM is fine), after checking the columns ``needs`` exist
    (``None`` entries are skipped); an :class:`InputError` naming the file otherwise."""
    if not path.is_file():
        raise InputError(path, "no such file")
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            header = list(reader.fieldnames or [])
            rows = list(reader)
    except (UnicodeDecodeError, csv.Error) as err:
        raise InputError(path, f"not a readable UTF-8 CSV ({err})") from None
    for col in needs:
        if col and col not in header:
            raise InputError(path, f"no column {col!r} (columns: {', '.join(header) or 'none'})")
    return header, rows


def write_csv(path: Path, header: Sequence[str], rows: Sequence[dict]) -> None:
    """Write ``rows`` (only the ``header`` columns) as UTF-8 CSV, atomically."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(header), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    with atomic_path(path) as tmp:
        tmp.write_text(buf.getvalue(), encoding="utf-8")
