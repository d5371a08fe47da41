"""Exports appear whole or not at all."""

import pytest

from annotator.core.errors import InputError
from annotator.io.exporters import atomic_output


def test_interrupted_export_leaves_no_file_and_keeps_the_old_one(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_bytes(b"old\n")
    with pytest.raises(RuntimeError), atomic_output(target) as fh:
        fh.write(b"half a line")
        raise RuntimeError("killed")
    assert target.read_bytes() == b"old\n"
    assert list(tmp_path.iterdir()) == [target]


def test_completed_export_replaces_the_file(tmp_path):
    target = tmp_path / "sub" / "out.jsonl"
    with atomic_output(target) as fh:
        fh.write(b"new\n")
    assert target.read_bytes() == b"new\n"
    assert [p.name for p in target.parent.iterdir()] == ["out.jsonl"]


def test_unwritable_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(InputError, match="cannot write here"):
        with atomic_output(blocker / "out.jsonl"):
            pass
