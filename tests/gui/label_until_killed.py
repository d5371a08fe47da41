"""A coder's app that labels word after word and prints each span's id once the key press has returned,
i.e. once the window counts it as saved. tests/gui/test_kill.py kills it mid-stream.

    python tests/gui/label_until_killed.py PROJECT SETTINGS_INI
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.core.types import DocumentId  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.gui.project import Project  # noqa: E402
from annotator.gui.settings import AppSettings  # noqa: E402


def main(project: str, ini: str) -> None:
    app = QApplication([])
    settings = AppSettings(QSettings(ini, QSettings.Format.IniFormat))
    window = MainWindow(Project.open(project, "ann"), settings)
    window.show()
    window.open_document(DocumentId(1))
    reader, text = window.reader, window.project.document(DocumentId(1)).text
    start = 0
    while True:  # until killed: one word after another, wrapping around
        start = text.find(" ", start) + 1 or 0
        reader.select_range(start, start + 3)
        QTest.keyClick(reader, Qt.Key.Key_1)
        print(window.coding.current_uid, flush=True)  # the window has reported this span done
        app.processEvents()


if __name__ == "__main__":
    main(*sys.argv[1:3])
