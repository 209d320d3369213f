"""The command line on bad input: one line on stderr naming the file, exit 1, nothing written."""

from __future__ import annotations

import json

import pytest

from argmap.cli import build_parser, main

BAD = {
    "empty.txt": b"",
    "junk.bin": bytes(range(256)) * 4,
    "truncated.json": b'[{"kind": "Listing", "data": {"children": [{"kind": "t3"',
    "unknown.json": json.dumps({"rows": [1, 2, 3]}).encode(),
    "orphan.json": json.dumps([{"id": "a", "text": "root"}, {"id": "b", "parent_id": "x", "text": "?"}]).encode(),
    "cycle.json": json.dumps(
        [{"id": "a", "parent_id": "b", "text": "1"}, {"id": "b", "parent_id": "a", "text": "2"}]
    ).encode(),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_exits_with_one_line(tmp_path, capsys, name):
    path = tmp_path / name
    path.write_bytes(BAD[name])
    out = tmp_path / "out"
    assert main(["map", str(path), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err and "Traceback" not in err
    assert not out.exists() or not any(out.iterdir())


def test_unknown_format_option_is_refused(tmp_path, capsys):
    path = tmp_path / "t.txt"
    path.write_text("hello")
    with pytest.raises(SystemExit) as exc:
        main(["map", str(path), "--format", "pdf"])
    assert exc.value.code == 2 and "invalid choice" in capsys.readouterr().err


def test_every_map_option_is_documented():
    sub = build_parser()._subparsers._group_actions[0].choices["map"]
    for action in sub._actions:
        if action.dest != "help":
            assert action.help, f"--{action.dest} has no help text"
