"""`annotator --smoke OUT.png`: check a build without a person, through the app's own code paths.

Opens the demo project in a fresh data folder, labels one passage with the label key as a coder
would, exports the project (OUT.jsonl beside the PNG), imports an HTML page (trafilatura and jusText
with their data files), renders the window to OUT.png and exits 0; any failure exits 1 and says why.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

SMOKE_CODER = "smoke"
PAGE = """<html lang="en"><head><title>Smoke test page</title></head><body><nav>Home | World</nav>
<article><h1>Minsk talks resume</h1><p>{}</p><p>{}</p></article><footer>Subscribe now</footer></body></html>"""
SENTENCES = ("European diplomats met officials in Minsk on Tuesday to discuss the release of prisoners, "
             "the first such meeting in four years, according to people familiar with the talks.",
             "Critics said the talks rewarded the regime, while supporters argued that isolation had freed "
             "nobody and that a dialogue limited to humanitarian questions was worth the risk.")


def say(message: str) -> None:
    """A windowed build on Windows has no stdout or stderr at all (they are None)."""
    stream = sys.stderr or sys.stdout
    if stream is not None:
        print(f"smoke: {message}", file=stream, flush=True)


def run(argv: list[str]) -> int:
    """Entry of `annotator --smoke OUT.png`; returns the exit code."""
    if len(argv) != 1 or not argv[0].lower().endswith(".png"):
        say("usage: annotator --smoke OUT.png (the export is written beside it as OUT.jsonl)")
        return 2
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no display needed (CI); a real one is fine
    try:
        _smoke(Path(argv[0]).resolve())
    except Exception as exc:  # noqa: BLE001 (a smoke run reports every failure and exits non-zero)
        import traceback

        say(f"FAILED: {exc}\n{traceback.format_exc()}")
        return 1
    return 0


def _smoke(png: Path) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from annotator.gui.app import open_window
    from annotator.gui.settings import AppSettings
    from annotator.operations.demo import ensure_demo_project

    app = QApplication.instance() or QApplication([sys.argv[0]])
    with tempfile.TemporaryDirectory(prefix="annotator-smoke-") as tmp:
        folder = Path(tmp)
        settings = AppSettings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
        window = open_window(str(ensure_demo_project(folder)), settings, coder=SMOKE_CODER)
        if window is None:
            raise RuntimeError("the main window did not open on the demo project")
        window.resize(1366, 768)  # a laptop's window (the app fits itself to the screen, offscreen's is 800x800)
        app.processEvents()
        say(f"window shown {_since_process_start():.2f} s after the process started "
            f"(CPU {time.process_time():.2f} s); memory then {_peak_rss_mb():.0f} MB")
        span_text = _label_one_span(window, app)
        _check_export(window.project, png.with_suffix(".jsonl"), span_text)
        _check_html_import(folder)
        _check_numbers()
        app.processEvents()
        png.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(png)):
            raise RuntimeError(f"could not write {png}")
        say(f"wrote {png}; peak memory {_peak_rss_mb():.0f} MB (after the HTML import)")
        _check_server_driver()  # after the figure: a coder's file project never loads the driver (~15 MB)
        window.close()
        window.project.close()


def _label_one_span(window, app) -> str:  # noqa: ANN001 (MainWindow, QApplication: imported lazily)
    """Select a passage of the open article and press the first label's key, as a coder does."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeyEvent

    text = window.reader.toPlainText()
    start = text.index(" ") + 1  # the second word on, a passage of whole words
    end = text.index(" ", start + 40)
    window.reader.setFocus()
    window.reader.select_range(start, end)
    label = window.project.codebook.span_labels[0]
    key = getattr(Qt.Key, f"Key_{label.key}")
    for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
        app.sendEvent(window.reader, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, label.key))
    app.processEvents()
    document_id = window.coding.document_id
    spans = window.project.spans(document_id)
    if len(spans) != 1 or spans[0].label != label.name:
        raise RuntimeError(f"pressing {label.key} saved {spans!r}, not one {label.name} span")
    say(f"labelled {text[spans[0].start:spans[0].end]!r} as {label.name}")
    return text[spans[0].start:spans[0].end]


def _check_export(project, out: Path, span_text: str) -> None:  # noqa: ANN001 (gui.project.Project)
    """Export as File > Export does, and read the span back with its offsets."""
    import json

    from annotator.operations.exporting import export_project

    result = export_project(project.db, out)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    mine = [line for line in lines if line["coder"] == SMOKE_CODER]
    spans = [span for line in mine for span in line["spans"]]
    exported = mine[0]["text"][spans[0]["start"]:spans[0]["end"]] if len(spans) == 1 else None
    if exported != span_text or spans[0]["text"] != span_text:
        raise RuntimeError(f"the export {out} does not hold the labelled span")
    say(f"exported {result.count} lines to {out}")


def _check_html_import(folder: Path) -> None:
    """An HTML page imports (trafilatura, jusText and their data files are in the build)."""
    from annotator.operations.importing import import_paths
    from annotator.operations.projects import open_project

    page = folder / "page.html"
    page.write_text(PAGE.format(*SENTENCES), encoding="utf-8")
    db = open_project(folder / "html.annotator")
    try:
        outcomes = import_paths(db, [page])
    finally:
        db.close()
    if not outcomes or not outcomes[0].ok:
        raise RuntimeError(f"HTML import failed: {outcomes[0].error if outcomes else 'no outcome'}")
    say("imported an HTML page")


def _check_numbers() -> None:
    """numpy and krippendorff load (the Agreement window and suggestions use them): Krippendorff's 2011 example."""
    import krippendorff

    data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None], [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
            [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None], [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]]
    alpha = krippendorff.alpha(reliability_data=[[float("nan") if v is None else v for v in row] for row in data],
                               level_of_measurement="nominal")
    if round(alpha, 3) != 0.743:
        raise RuntimeError(f"Krippendorff's alpha of the published example came out {alpha:.3f}, not 0.743")
    say("computed Krippendorff's alpha (numpy)")


def _check_server_driver() -> None:
    """Server projects load psycopg's driver, which imports Python's ssl (a build without ssl failed on every
    server project with an ImportError): opening a server behind a socket that does not exist must get as
    far as libpq's "cannot connect". The keyring a kept server password would use is named (none: asked)."""
    import keyring

    from annotator.core.errors import ProjectError
    from annotator.operations.projects import open_project

    try:
        open_project("postgresql://smoke@/none?host=/nonexistent-annotator-smoke", create=False).close()
    except ProjectError as exc:
        if "cannot connect to the server" not in str(exc):
            raise
    else:
        raise RuntimeError("a server project behind a socket that does not exist opened")
    say(f"the PostgreSQL driver loaded and tried the server; password keyring: {type(keyring.get_keyring()).__module__}")


def _since_process_start() -> float:
    """Seconds since this process began (Linux: from /proc; elsewhere: since Python started)."""
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return time.perf_counter()


def _peak_rss_mb() -> float:
    try:
        import resource
    except ImportError:  # Windows
        return float("nan")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)  # macOS counts bytes, Linux KiB
