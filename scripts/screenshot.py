"""Render the main window offscreen at 1366x768 on a copy of the demo project, with spans of every label.

    .venv/bin/python scripts/screenshot.py docs/screenshot.png

The demo project is created in a temporary folder (the user's own projects and settings are not
touched); spans are added through the store as a coder would have made them.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.core.span_ids import new_span_uid  # noqa: E402
from annotator.core.types import DocumentId, Span  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.gui.project import Project  # noqa: E402
from annotator.gui.settings import AppSettings  # noqa: E402
from annotator.operations.demo import ensure_demo_project  # noqa: E402
from annotator.store.spans import add_span  # noqa: E402

CODER = "Olga"
SCREENFUL = 1_500  # characters of the article the reader shows at 1366x768
# (label, holder, passage start, passage end): passages of the first demo article, found by their words
PASSAGES = [
    ("pro-engagement", "author", "Lukashenko reaches out", "to the west"),
    ("pro-isolation", "Kaja Kallas", "must continue isolating", "."),
    ("ambivalent", "author", "if engagement frees prisoners", "?"),
    ("pro-engagement", "one EU diplomat", "Maximum pressure has not worked", "."),
    ("pro-engagement", "author", "the EU’s refusal to engage", "short-sightedness"),
    ("pro-engagement", "Hanna Liubakova", "As long as this is a humanitarian dialogue", "works"),
    ("ambivalent", "Franak Viačorka", "Let’s call it good cop", "bad cop"),
    ("pro-isolation", "Hanna Liubakova", "renewable resource", "."),
]


def add_demo_spans(project: Project) -> DocumentId:
    """Spans of every label on the first demo document that has the passages; its id."""
    best: tuple[int, DocumentId] | None = None
    for summary in project.summaries():
        text = project.document(summary.id).text
        hits = sum(text.find(first) >= 0 for _label, _holder, first, _last in PASSAGES)
        if best is None or hits > best[0]:
            best = (hits, summary.id)
    document_id = best[1]
    text = project.document(document_id).text
    with project.db.transaction() as tx:
        for label, holder, first, last in PASSAGES:
            start = text.find(first)
            if start < 0:
                continue
            end = text.find(last, start + len(first)) + len(last)
            end = end if end > start + len(first) else start + len(first)
            add_span(tx, Span(new_span_uid(), document_id, CODER, start, end, label, holder=holder))
    return document_id


def render(out: Path) -> Path:
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        project = Project.open(ensure_demo_project(folder), CODER)
        document_id = add_demo_spans(project)
        settings = AppSettings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
        settings.coder = CODER
        window = MainWindow(project, settings)
        window.resize(1366, 768)
        window.show()
        window.open_document(document_id)
        spans = [window.span_model.span_at(row) for row in range(window.span_model.rowCount())]
        if spans:  # the stretch of text that shows the most labels at once, its first span selected
            def labels_near(span: Span) -> int:
                return len({s.label for s in spans if span.start <= s.start < span.start + SCREENFUL})

            first = max(spans, key=labels_near)
            window.coding.set_current(first.uid, scroll=False)
            window.reader.select_range(first.start, first.start)
            bar = window.reader.verticalScrollBar()
            bar.setValue(bar.value() + window.reader.cursorRect().top() - 2 * window.reader.fontMetrics().lineSpacing())
            window.reader.clear_selection()
        for _ in range(5):
            app.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(out)):
            raise SystemExit(f"could not write {out}")
        window.close()
    return out


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: screenshot.py OUT.png")
    print(render(Path(sys.argv[1])))
