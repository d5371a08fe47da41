"""Issue 9, small screens: on a 1024x600 netbook and a 1366x768 laptop every window (main, F1 sheet,
Agreement, Adjudication) opens inside the screen's free area, and the article keeps a readable measure
(at least 45 characters a line), also with two main windows side by side. Each size is rendered by
tests/gui/render_windows.py in a process of its own (Qt's offscreen screen size is set at start-up)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SCREENS = [(1024, 600), (1366, 768)]
READABLE = 45  # characters a line


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[int, int], dict]:
    """Both screen sizes rendered at once (two processes); PNGs of every window in the temp folder."""
    out = tmp_path_factory.mktemp("screens")
    runs = {size: subprocess.Popen([sys.executable, str(HERE / "render_windows.py"), str(size[0]), str(size[1]), str(out)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for size in SCREENS}
    found = {}
    for size, run in runs.items():
        stdout, stderr = run.communicate(timeout=300)
        assert run.returncode == 0, stderr[-3000:]
        found[size] = json.loads(stdout.strip().splitlines()[-1])
    return found


@pytest.mark.parametrize("size", SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
@pytest.mark.parametrize("window", ["main", "keys", "agreement", "adjudication"])
def test_every_window_opens_inside_the_screen(reports, size: tuple[int, int], window: str) -> None:
    placed = reports[size]["windows"][window]
    assert placed["fits"], f"{window} at {size}: {placed}"


@pytest.mark.parametrize("size", SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
def test_the_article_keeps_a_readable_measure(reports, size: tuple[int, int]) -> None:
    lines = reports[size]["characters_per_line"]
    assert lines["main"] >= READABLE  # the whole screen
    assert lines["half"] >= READABLE  # two windows side by side: the panels gave way


def test_the_side_panel_stays_beside_a_half_laptop_window(reports) -> None:
    """At 683 px the document list gives way first; the span and stance panel keeps its place."""
    assert reports[(1366, 768)]["panels_at_half"] == [False, True]
