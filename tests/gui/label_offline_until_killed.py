"""A coder's app on a server project that labels words while the server is away, then runs on until
killed. tests/gui/test_server_offline.py stops the server, tells this app to go on, reads what it
says and kills it (SIGKILL, no clean-up): the edits it kept must reach the server from the next window.

    python tests/gui/label_offline_until_killed.py URL DOCUMENT_ID SETTINGS_INI WORD...

It prints "open" once its window is up, waits for a line on stdin (the server is stopped meanwhile),
labels each WORD with key 2 (the first one found in the text), printing after each key press the new
span's uid and the status bar's line, then "labelled" and keeps the event loop (and its retry timer)
running. The journal goes to the app's data folder ($XDG_DATA_HOME, set by the test).
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


def main(url: str, document_id: str, ini: str, *words: str) -> None:
    app = QApplication([])
    settings = AppSettings(QSettings(ini, QSettings.Format.IniFormat))
    window = MainWindow(Project.open(url, "ann"), settings)
    window.show()
    document = DocumentId(int(document_id))
    window.open_document(document)
    reader, text = window.reader, window.project.document(document).text
    print("open", flush=True)
    sys.stdin.readline()  # the test stops the server, then says go on
    for word in words:
        start = text.index(word)
        reader.select_range(start, start + len(word))
        QTest.keyClick(reader, Qt.Key.Key_2)
        print(window.coding.current_uid, window.statusBar().currentMessage(), flush=True)
    print("labelled", flush=True)
    app.exec()  # until killed


if __name__ == "__main__":
    main(*sys.argv[1:])
