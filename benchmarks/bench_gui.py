"""Times the coding window on a long article: opening it, and adding one span by a key press.

    .venv/bin/python benchmarks/bench_gui.py [--chars 1000000] [--spans 10000] [--runs 5] [--adds 15]

A generated article (paragraphs, some Cyrillic and emoji) of `--chars` characters is coded with
`--spans` spans of one coder, in a project file on disk (synchronous=FULL, as always).

Rows (each run: ours and the baseline alternating, both in this process, same load):
- open: `CodingController.open_document` (store reads, reader, highlighter, span panel) and one paint
  of the reader. Baseline: what the least a reader must do, the way MEASURED.md found fastest: raw
  sqlite3 reads of the text and the coder's span ranges, `QPlainTextEdit.setPlainText` with a
  `QSyntaxHighlighter` that colours those ranges (found by bisect, code points mapped to Qt's UTF-16
  positions), and one paint. Each run takes the median of 3 opens of each side, alternating. Goal ≤ 1.5×.
- add a span: select 80 characters, press a label key (through Qt's event system), and let Qt paint
  what changed, until the reader's frame with the new highlight is on screen (the span committed to
  SQLite before that); median of `--adds` presses per run. Goal ≤ 16 ms, one frame at 60 Hz.

Also printed, for attribution: the same add with forced full repaints, split into the key press
(command, commit, models), the reader's paint and the span panel's paint, and our store's
transaction alone.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from bisect import bisect_left
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from paired import Row, emit  # noqa: E402
from PySide6.QtCore import QEvent, QObject, QSettings, Qt  # noqa: E402
from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QPlainTextEdit  # noqa: E402

from annotator.core.offsets import Utf16Map  # noqa: E402
from annotator.core.span_ids import new_span_uid  # noqa: E402
from annotator.core.types import DocumentId, NewDocument, Span  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.gui.project import Project  # noqa: E402
from annotator.gui.settings import AppSettings  # noqa: E402
from annotator.operations.projects import open_project  # noqa: E402
from annotator.store.documents import add_documents  # noqa: E402
from annotator.store.spans import add_span  # noqa: E402

CODER = "ann"
OPENS = 3  # opens of each side per run
LABELS = ("pro-engagement", "pro-isolation", "ambivalent")
WORDS = ("the sanctions regime Minsk Brussels talks prisoners release pressure engagement isolation "
         "diplomat said Лукашенко встреча 🇧🇾 policy window bargaining legitimacy").split()


def article(chars: int, rng: random.Random) -> str:
    paragraphs, size = [], 0
    while size < chars:
        sentence_count = rng.randint(2, 8)
        paragraph = " ".join(
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 24))).capitalize() + "."
            for _ in range(sentence_count))
        paragraphs.append(paragraph)
        size += len(paragraph) + 1
    return "\n".join(paragraphs)[:chars]


def make_project(folder: Path, text: str, span_count: int, rng: random.Random) -> Path:
    path = folder / f"bench_{span_count}.annotator"
    db = open_project(path)
    with db.transaction() as tx:
        add_documents(tx, [NewDocument(text, title="Long article")])
    with db.transaction() as tx:
        for _ in range(span_count):
            start = rng.randrange(0, len(text) - 400)
            add_span(tx, Span(new_span_uid(), DocumentId(1), CODER, start, start + rng.randint(20, 300),
                              rng.choice(LABELS)))
    db.close()
    return path


# --- the baseline reader ----------------------------------------------------------------------------

class RangeHighlighter(QSyntaxHighlighter):
    """Colours given ranges (Qt positions, sorted by start): per block, a bisect and a setFormat each."""

    def __init__(self, editor: QPlainTextEdit) -> None:
        super().__init__(editor.document())
        self.formats = {}
        for label, colour in zip(LABELS, ("#c8e6c9", "#ffcdd2", "#fff3c4"), strict=True):
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(colour))
            self.formats[label] = fmt
        self.set_ranges([])

    def set_ranges(self, ranges: list[tuple[int, int, str]]) -> None:
        self.ranges = sorted(ranges)
        self.starts = [r[0] for r in self.ranges]
        self.longest = max((e - s for s, e, _ in self.ranges), default=0)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt's name)
        first = self.currentBlock().position()
        last = first + len(text)
        for start, end, label in self.ranges[bisect_left(self.starts, first - self.longest):
                                             bisect_left(self.starts, last)]:
            if end > first:
                left = max(start, first)
                self.setFormat(left - first, min(end, last) - left, self.formats[label])


def baseline_open(editor: QPlainTextEdit, highlighter: RangeHighlighter, path: Path) -> None:
    conn = sqlite3.connect(path)
    text = conn.execute("SELECT text FROM document WHERE id = 1").fetchone()[0]
    rows = conn.execute('SELECT s.start, s."end", l.name FROM span s JOIN label l ON l.id = s.label_id'
                        " JOIN coder c ON c.id = s.coder_id WHERE s.document_id = 1 AND c.name = ?", (CODER,)).fetchall()
    conn.close()
    to_qt = Utf16Map(text).to_utf16
    highlighter.set_ranges([(to_qt(s), to_qt(e), label) for s, e, label in rows])
    editor.setPlainText(text)
    editor.viewport().repaint()


# --- ours ---------------------------------------------------------------------------------------------

def ours_open(window: MainWindow) -> None:
    window.coding.document_id = None  # force a real reopen
    window.project._document = None  # noqa: SLF001 - and a real read of the text
    window.coding.open_document(DocumentId(1))
    window.reader.viewport().repaint()


def seconds(work) -> float:  # noqa: ANN001
    began = time.perf_counter()
    work()
    return time.perf_counter() - began


class PaintClock(QObject):
    """Notes when the reader has painted and when the span table starts to paint after a key press."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.reader_at = self.table_at = None
        window.reader.painted.connect(self._reader_painted)
        window.spans.table.viewport().installEventFilter(self)

    def _reader_painted(self) -> None:
        self.reader_at = self.reader_at or time.perf_counter()

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            self.table_at = self.table_at or time.perf_counter()
        return False


def add_span_frames(window: MainWindow, clock: PaintClock, text: str, presses: int,
                    rng: random.Random) -> tuple[float, float]:
    """Medians (s) from the key press, Qt scheduling the paints itself (only what the change dirtied),
    until the highlight is on screen (the reader's frame, span committed), and until the span panel
    has caught up too (it paints in the following frame)."""
    app, reader = QApplication.instance(), window.reader
    shown, settled = [], []
    for _ in range(presses):
        start = rng.randrange(0, len(text) - 200)
        reader.select_range(start, start + 80)
        reader.center_cursor()
        app.processEvents()
        clock.reader_at = clock.table_at = None
        count = window.project.undo_stack.count()
        began = time.perf_counter()
        QTest.keyClick(reader, Qt.Key.Key_1)
        while clock.reader_at is None or clock.table_at is None:
            app.processEvents()
            if time.perf_counter() - began > 2:
                raise RuntimeError("the reader or the span panel never painted")
        ended = time.perf_counter()
        assert window.project.undo_stack.count() == count + 1, "the key press made no span"
        shown.append(clock.reader_at - began)
        settled.append(ended - began)
    return statistics.median(shown), statistics.median(settled)


def add_span_parts(window: MainWindow, text: str, presses: int, rng: random.Random) -> list[float]:
    """Medians (ms) of an add with forced full repaints: whole, key press, reader paint, span panel paint."""
    reader, table, parts = window.reader, window.spans.table, []
    for _ in range(presses):
        start = rng.randrange(0, len(text) - 200)
        reader.select_range(start, start + 80)
        reader.center_cursor()
        reader.viewport().repaint()
        began = time.perf_counter()
        QTest.keyClick(reader, Qt.Key.Key_1)
        pressed = time.perf_counter()
        reader.viewport().repaint()
        shown = time.perf_counter()
        window.spans._release()  # noqa: SLF001 - what the call queued by the reader's paint does
        table.viewport().repaint()
        done = time.perf_counter()
        parts.append((done - began, pressed - began, shown - pressed, done - shown))
    return [statistics.median(p[i] for p in parts) * 1000 for i in range(4)]


def store_add_span(window: MainWindow, text: str, repeat: int, rng: random.Random) -> float:
    """Our store alone: one span in one transaction (what the key press must at least wait for); ms."""
    samples = []
    for _ in range(repeat):
        start = rng.randrange(0, len(text) - 200)
        span = Span(new_span_uid(), DocumentId(1), CODER, start, start + 80, "pro-isolation")
        began = time.perf_counter()
        with window.project.db.transaction() as tx:
            add_span(tx, span)
        samples.append(time.perf_counter() - began)
    return statistics.median(samples) * 1000


def measure(chars: int, span_count: int, runs: int, presses: int) -> list[Row]:
    app = QApplication.instance() or QApplication([])
    rng = random.Random(7)
    text = article(chars, rng)
    size = f"{len(text) / 1e6:.2g} M-character article with {span_count:,} spans"
    opened = Row(f"open a {size}", "raw sqlite3 read + QPlainTextEdit + QSyntaxHighlighter, same ranges",
                 goal_ratio=1.5)
    added = Row("add a span on that article (key → highlight painted)", "", goal_seconds=0.016)
    print(f"article: {len(text):,} characters, {text.count(chr(10)) + 1:,} paragraphs, {span_count:,} spans")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = make_project(folder, text, span_count, rng)
        editor = QPlainTextEdit()
        editor.setReadOnly(True)
        editor.resize(700, 700)
        editor.show()
        highlighter = RangeHighlighter(editor)
        settings = AppSettings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
        window = MainWindow(Project.open(path, CODER), settings)
        window.resize(1366, 768)
        window.show()
        app.processEvents()
        clock = PaintClock(window)
        for _ in range(runs):
            raws, ours = [], []
            for _ in range(OPENS):  # alternating, the median of each: one noisy moment spoils no run
                raws.append(seconds(lambda: baseline_open(editor, highlighter, path)))
                ours.append(seconds(lambda: ours_open(window)))
                app.processEvents()
            raw = statistics.median(raws)
            opened.add(statistics.median(ours), raw)
            shown, settled = add_span_frames(window, clock, text, presses, rng)
            added.add(shown)
            print(f"  run: open {opened.ours[-1] * 1000:6.1f} ms (baseline {raw * 1000:6.1f} ms); add a span:"
                  f" highlight on screen {shown * 1000:5.2f} ms, span panel caught up {settled * 1000:5.2f} ms",
                  flush=True)
        whole, pressed, painted, panel = add_span_parts(window, text, presses, rng)
        stored = store_add_span(window, text, presses, rng)
        print(f"  add a span with forced full repaints: {whole:5.2f} ms = key press {pressed:5.2f} (our store's"
              f" transaction alone {stored:4.2f}) + reader paint {painted:4.2f} + span panel paint {panel:5.2f}")
        window.close()
        window.project.close()
    return [opened, added]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=1_000_000, help="characters of the article")
    parser.add_argument("--spans", type=int, default=10_000, help="spans of the coder on it")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--adds", type=int, default=15, help="key presses per run (their median counts)")
    parser.add_argument("--json", action="store_true", help="also print the rows for run_all.py")
    args = parser.parse_args(argv)
    emit(measure(args.chars, args.spans, args.runs, args.adds), args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
