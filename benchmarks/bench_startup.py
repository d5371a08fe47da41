"""Times starting annotator in a fresh process: the command line, and the app up to its first painted window.

    .venv/bin/python benchmarks/bench_startup.py [--runs 5] [--big PROJECT]

Each run starts new processes (ours and the baseline alternating, so both meet the same load) and
measures from just before the process is spawned until (CLI) it exits, or (app) its window has
finished its first paint, on the system-wide monotonic clock. The file cache is warm and Python's
bytecode cache written (the first, untimed run does both; PYTHONDONTWRITEBYTECODE is dropped, as an
installed app has its .pyc files): "cold" means a new interpreter, as when a coder starts the app.

Rows:
- `annotator --version`, `annotator --help`: goal ≤ 0.2 s; baseline a bare `python -c pass`.
- the app on the demo project (made by a first, untimed start): goal ≤ 2× a bare PySide6
  QMainWindow of the same size in a process of its own, and ≤ 1.0 s.
- with `--big PROJECT` (bench_adjudication.py / synthetic.py build one: 10,000 articles, 600,000
  spans): the app on it against the app on a 10-article project: goal the same (≤ 1.1×).

Also prints, from `python -X importtime`, what each command imports for `--help` and for a real run
(`stats`), so that a command that pulls in the store, Qt or numpy without using them shows up.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from paired import Row, emit

HERE = Path(__file__).resolve()
ANNOTATOR = Path(sys.executable).with_name("annotator")
CODER = "anna"  # a coder of synthetic.py's corpus, so the big project opens on someone's work
HEAVY = ("sqlmodel", "sqlalchemy", "pydantic", "PySide6", "numpy", "krippendorff", "trafilatura", "orjson",
         "charset_normalizer", "annotator.store", "annotator.agreement", "annotator.io", "annotator.operations",
         "annotator.gui")


# --- inside the child process -----------------------------------------------------------------------

def child(mode: str, project: str | None) -> int:
    """`bare`: a bare QMainWindow; `app`: annotator's own entry point. Prints the time of the first
    finished paint of the window (monotonic clock), then quits."""
    if mode == "bare":
        from PySide6.QtWidgets import QApplication, QMainWindow

        app = QApplication(sys.argv[:1])
        window = QMainWindow()
        window.resize(1366, 768)
        _report_first_paint(app, window)
        window.show()
        return app.exec()
    import annotator.gui.app as gui_app  # what `annotator` imports first thing on its way to the window
    from annotator.cli import main

    opened = gui_app.open_window

    def open_window(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        window = opened(*args, **kwargs)
        if window is None:
            raise SystemExit("the app opened no window")
        _report_first_paint(gui_app.QApplication.instance(), window)
        return window

    gui_app.open_window = open_window
    return main([project] if project else [])


def _report_first_paint(app, window) -> None:  # noqa: ANN001
    """Watches the window itself (not every object: PySide would wrap every event of the app for the
    watcher, which costs time of its own), and reports when its first frame is done."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        seen = False

        def eventFilter(self, _watched, event):  # noqa: ANN001, ANN202, N802 (Qt's name)
            if not self.seen and event.type() == QEvent.Type.Paint:
                self.seen = True
                QTimer.singleShot(0, self.report)  # after the whole frame: the paint pass ends first
            return False

        def report(self) -> None:
            print(f"painted {time.monotonic():.6f}", flush=True)
            app.quit()

    window._first_paint = FirstPaint()  # kept alive with the window
    window.installEventFilter(window._first_paint)


# --- the orchestration --------------------------------------------------------------------------------

def until_exit(command: list[str], env: dict[str, str]) -> float:
    began = time.monotonic()
    subprocess.run(command, env=env, check=True, capture_output=True)
    return time.monotonic() - began


def until_painted(mode: str, project: Path | None, env: dict[str, str]) -> float:
    command = [sys.executable, str(HERE), "--child", mode] + ([str(project)] if project else [])
    began = time.monotonic()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False, timeout=120)
    painted = [line for line in done.stdout.splitlines() if line.startswith("painted ")]
    if done.returncode != 0 or not painted:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return float(painted[0].split()[1]) - began


def environment(home: Path) -> dict[str, str]:
    """A fresh home for the app: its settings name the coder (no first-start question), its data folder
    holds the demo project."""
    config = home / "config" / "annotator"
    config.mkdir(parents=True, exist_ok=True)
    (config / "annotator.conf").write_text(f"[General]\ncoder={CODER}\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_DATA_HOME": str(home / "data"), "HOME": str(home)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app has its bytecode compiled once
    return env


def small_project(folder: Path, big: Path) -> Path:
    """The first 10 articles of the big project, with their work: the same kind of project, 1/1000 the size."""
    import sqlite3

    path = folder / "small.annotator"
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(big)
    conn.execute(f"VACUUM INTO '{path}'")  # same schema, pragmas and codebook
    conn.close()
    conn = sqlite3.connect(path, isolation_level=None)
    for table in ("span", "span_tombstone", "annotation"):
        conn.execute(f"DELETE FROM {table} WHERE document_id > 10")
    conn.execute("DELETE FROM document WHERE id > 10")
    conn.execute("VACUUM")
    conn.close()
    return path


def measure(runs: int, big: Path | None) -> list[Row]:
    bare_python = [sys.executable, "-c", "pass"]
    rows = [Row("`annotator --version`", "bare `python -c pass`", goal_seconds=0.2),
            Row("`annotator --help`", "bare `python -c pass`", goal_seconds=0.2),
            Row("cold start to the painted window, demo project", "bare PySide6 QMainWindow, own process",
                goal_ratio=2.0, goal_seconds=1.0)]
    with tempfile.TemporaryDirectory() as tmp:
        env = environment(Path(tmp))
        until_painted("app", None, env)  # creates the demo project (first start), warms the file cache
        until_painted("bare", None, env)
        # Named from now on: `annotator` alone opens the last project, which the big project's runs change.
        demo = Path(tmp) / "data" / "annotator" / "demo.annotator"
        projects = None
        if big is not None:
            projects = (big, small_project(Path(tmp), big))
            rows.append(Row("open a 10k-article / 600k-span project (first paint)", "the app on a 10-article project",
                            goal_ratio=1.1))
            for project in projects:
                until_painted("app", project, env)
        for _ in range(runs):
            for row, flag in zip(rows, ("--version", "--help"), strict=False):
                raw = until_exit(bare_python, env)
                row.add(until_exit([str(ANNOTATOR), flag], env), raw)
            raw = until_painted("bare", None, env)
            rows[2].add(until_painted("app", demo, env), raw)
            if projects is not None:
                raw = until_painted("app", projects[1], env)
                rows[3].add(until_painted("app", projects[0], env), raw)
        print_imports(env, demo)
    return rows


def print_imports(env: dict[str, str], project: Path) -> None:
    """What each command imports (python -X importtime): total time, and which heavy packages."""
    commands = [["--version"], ["--help"], ["import", "--help"], ["export", "--help"], ["agreement", "--help"],
                ["stats", str(project)]]
    print("imports per command (python -X importtime; cumulative µs of top-level imports):")
    for args in commands:
        code = f"import sys; from annotator.cli import main; sys.argv[0] = 'annotator'; main({args!r})"
        done = subprocess.run([sys.executable, "-X", "importtime", "-c", code], env=env, capture_output=True,
                              text=True, check=False)
        total, heavy = 0, set()
        for line in done.stderr.splitlines():
            if not line.startswith("import time:") or "|" not in line:
                continue
            _self, cumulative, name = line[len("import time:"):].split("|")
            if not name.startswith("  "):  # a top-level import: its cumulative time counts once
                total += int(cumulative) if cumulative.strip().isdigit() else 0
            module = name.strip()
            heavy.update(h for h in HEAVY if module == h or module.startswith(h + "."))
        shown = " ".join("PROJECT" if arg == str(project) else arg for arg in args)
        print(f"  annotator {shown:<22} {total / 1e6:5.2f} s  {', '.join(sorted(heavy)) or '(nothing heavy)'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--big", type=Path, help="a big project (synthetic.py project) to time opening it")
    parser.add_argument("--json", action="store_true", help="also print the rows for run_all.py")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child[0], args.child[1] if len(args.child) > 1 else None)
    emit(measure(args.runs, args.big), args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
