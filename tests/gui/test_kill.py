"""Nothing is lost: a coder's app killed (SIGKILL, no clean-up) while labelling keeps every span it
had reported done, and the project file stays sound."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.types import NewDocument
from annotator.operations.projects import open_project
from annotator.store._rows import run
from annotator.store.documents import add_documents
from annotator.store.spans import spans_for

HERE = Path(__file__).resolve().parent
REPORTED_BEFORE_KILL = 40


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_app_keeps_every_span_it_reported(tmp_path: Path) -> None:
    path = tmp_path / "study.annotator"
    db = open_project(path, create=True)
    with db.transaction() as tx:
        add_documents(tx, [NewDocument("Engagement with Minsk frees prisoners, isolation keeps the pressure. " * 40)])
    db.close()
    child = subprocess.Popen(
        [sys.executable, str(HERE / "label_until_killed.py"), str(path), str(tmp_path / "settings.ini")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    reported = []
    try:
        while len(reported) < REPORTED_BEFORE_KILL:
            line = child.stdout.readline()
            if not line:
                pytest.fail(f"the app ended by itself: {child.stderr.read()[-2000:]}")
            reported.append(line.strip())
    finally:
        os.kill(child.pid, signal.SIGKILL)  # mid-stream: it is labelling the next words meanwhile
        child.wait(timeout=30)
    reported += [line.strip() for line in child.stdout.read().splitlines() if line.strip()]
    db = open_project(path)
    try:
        with db.read() as tx:
            stored = {span.uid for span in spans_for(tx, 1)}
            sound = run(tx, "PRAGMA integrity_check").scalar_one()
    finally:
        db.close()
    assert sound == "ok"
    assert len(reported) >= REPORTED_BEFORE_KILL and set(reported) <= stored  # every span it reported is there
    assert len(stored) - len(set(reported)) <= 1  # at most the key press in flight besides
