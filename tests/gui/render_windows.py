"""Render every window of the app on a screen of a given size and report what a coder would see there:
where each window lies against the screen's free area, and how many characters a line of the article
holds. tests/gui/test_small_screens.py runs it once per screen size (Qt's offscreen screen size is fixed
when the app starts, hence a process each); the PNGs are there to be looked at.

    python tests/gui/render_windows.py WIDTH HEIGHT OUT_FOLDER    (prints a JSON report)
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

SCREEN = (int(sys.argv[1]), int(sys.argv[2])) if len(sys.argv) > 2 else (1366, 768)
_CONFIG = Path(tempfile.mkdtemp()) / "screen.json"
_CONFIG.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": SCREEN[0],
                                            "height": SCREEN[1], "logicalDpi": 96}]}))
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_CONFIG}"
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from annotator.core.types import DocumentId  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.gui.project import Project  # noqa: E402
from annotator.gui.settings import AppSettings  # noqa: E402
from annotator.operations.demo import ensure_demo_project  # noqa: E402
from tests.coded import code  # noqa: E402

TITLE_BAR = 37  # px a window manager adds above a window (GNOME's; KDE's and Windows' are smaller)
FIRST, SECOND = DocumentId(1), DocumentId(2)


def characters_per_line(window: MainWindow) -> int:
    """The median number of characters on the article's full lines (a paragraph's last line is short)."""
    lengths = []
    block = window.reader.document().begin()
    while block.isValid():
        layout = block.layout()
        lengths += [layout.lineAt(i).textLength() for i in range(layout.lineCount() - 1)]
        block = block.next()
    return int(statistics.median(lengths)) if lengths else 0


def placed(window: QWidget) -> dict:
    """Where the window lies and whether it, with a title bar, fits the screen's free area."""
    area, frame = window.screen().availableGeometry(), window.frameGeometry()
    fits = area.contains(frame) and frame.height() + TITLE_BAR <= area.height()
    return {"x": frame.x(), "y": frame.y(), "width": frame.width(), "height": frame.height(), "fits": fits}


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def save(window: QWidget, out: Path, name: str) -> None:
    window.grab().save(str(out / f"{SCREEN[0]}x{SCREEN[1]}-{name}.png"))


def main(out: Path) -> dict:
    app = QApplication([])
    out.mkdir(parents=True, exist_ok=True)
    report: dict = {"screen": list(SCREEN), "windows": {}, "characters_per_line": {}}
    with tempfile.TemporaryDirectory() as tmp:
        path = ensure_demo_project(Path(tmp))
        project = Project.open(path, "pi")
        for coder, label in (("alice", "pro-engagement"), ("bob", "pro-isolation")):  # a team's finished work
            for document_id in (FIRST, SECOND):
                code(project.db, document_id, coder, stance=label, spans=[(0, 40, label), (200, 260, label)])
        text = project.document(SECOND).text  # the coder's own work in progress on the article shown
        passages = [("pro-engagement", "Maximum pressure has not worked"), ("pro-isolation", "renewable resource"),
                    ("ambivalent", "At the presidential palace in Minsk")]
        code(project.db, SECOND, "pi", done=False, spans=[(text.index(words), text.index(words) + len(words), label)
                                                          for label, words in passages if words in text])
        settings = AppSettings(QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat))
        settings.coder = "pi"
        window = MainWindow(project, settings)  # sized as on a first start
        window.show()
        window.open_document(SECOND)
        settle(app)
        report["windows"]["main"] = placed(window)
        report["characters_per_line"]["main"] = characters_per_line(window)
        save(window, out, "main")
        window.resize(SCREEN[0] // 2, window.height())  # two windows side by side
        settle(app)
        report["characters_per_line"]["half"] = characters_per_line(window)
        report["panels_at_half"] = [window.list_action.isChecked(), window.side_action.isChecked()]
        save(window, out, "main-half")
        window.showMaximized()
        settle(app)
        window.show_keys_sheet()
        settle(app)
        report["windows"]["keys"] = placed(window.keys_sheet)
        save(window.keys_sheet, out, "keys")
        window.keys_sheet.close()
        for name, show in (("agreement", window.team.show_agreement), ("adjudication", window.team.show_adjudication)):
            show()
            shown = getattr(window.team, name)
            for _ in range(200):  # the figures and the document list come from a worker thread
                settle(app)
                if (shown.job if name == "agreement" else shown.loader.job) is None:
                    break
                shown_thread = shown.job if name == "agreement" else shown.loader.job
                shown_thread.wait(50)
            settle(app)
            report["windows"][name] = placed(shown)
            save(shown, out, name)
            shown.close()
        window.close()
    return report


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[3]) if len(sys.argv) > 3 else Path("."))))
