"""`annotator --smoke OUT.png` (what CI runs on the frozen app) works from the source tree too: the span it
labels through the reader's key is in the database's export, and the PNG is the window."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtGui import QImage

from annotator.cli import main


def test_smoke_run_labels_exports_and_renders(qtbot, tmp_path: Path) -> None:  # noqa: ARG001 (QApplication)
    png = tmp_path / "out" / "smoke.png"
    assert main(["--smoke", str(png)]) == 0
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1366, 768)
    lines = [json.loads(line) for line in png.with_suffix(".jsonl").read_text(encoding="utf-8").splitlines()]
    spans = [(line["text"], span) for line in lines if line["coder"] == "smoke" for span in line["spans"]]
    assert len(spans) == 1
    text, span = spans[0]
    assert text[span["start"]:span["end"]] == span["text"] and span["label"] == "pro-engagement"
    assert len(lines) == 3  # the three demo articles, one of them with the smoke coder's work


def test_smoke_run_needs_a_png_path(capsys) -> None:  # noqa: ANN001
    assert main(["--smoke", "out.txt"]) == 2
    assert "usage: annotator --smoke OUT.png" in capsys.readouterr().err
