"""The command line: `annotator [PROJECT]` opens the GUI, `annotator COMMAND ...` does scripted work.

Each command lives in a module with `register(subparsers)`; errors the user can fix are printed to
stderr as one sentence with exit code 1, never as a traceback.

Start-up is lazy (issue 9: `--help` and `--version` within 0.2 s): deciding what to do imports
nothing; a command imports only its own module, and command modules import the store, numpy or the
readers inside the functions that run the command, never at the top (tests/cli/test_lazy_start.py
checks it). A new command is one line in COMMANDS.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from importlib import import_module
from typing import TYPE_CHECKING

from annotator import __version__

if TYPE_CHECKING:
    import argparse

# command -> (the module that registers it, the line `annotator --help` shows for it). The list needs
# no module: `annotator --help` imports none (tests/cli/test_lazy_start.py keeps the lines equal to
# the modules' own `help=`).
COMMANDS = {
    "import": ("annotator.cli.project_commands",
               "import articles and annotations into a project (created if missing)"),
    "export": ("annotator.cli.project_commands", "export a project's documents and annotations"),
    "stats": ("annotator.cli.project_commands", "documents, coders, spans per coder and progress"),
    "handout": ("annotator.cli.team_commands",
                "a copy of a project for one coder (documents, codebook, own work only)"),
    "merge": ("annotator.cli.team_commands",
              "bring coders' projects or canonical JSONL exports into a target project"),
    "adjudicate": ("annotator.cli.adjudicate_command",
                   "build the gold annotation: accept agreed spans, list disagreements"),
    "agreement": ("annotator.cli.agreement_command", "inter-coder agreement of a project or a JSONL file"),
    "assign": ("annotator.cli.assign_command",
               "draw the reliability sample every coder codes and split the rest among coders"),
    "model": ("annotator.cli.model_commands", "train and evaluate the stance model that suggests spans"),
    "server": ("annotator.cli.server_commands", "a team project on a PostgreSQL server (init, add-coder, push, pull, reveal, upgrade, members)"),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser that runs `command` (its module registers it); without one, the list of commands."""
    import argparse  # not on the way to the window (argparse imports gettext)

    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Stance annotation of news articles. Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    if command in COMMANDS:
        import_module(COMMANDS[command][0]).register(commands)
    else:
        for name, (_module, line) in COMMANDS.items():
            commands.add_parser(name, help=line, add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--smoke"]:  # a check of a build, not a command (annotator/gui/smoke.py)
        return int(import_module("annotator.gui.smoke").run(argv[1:]))
    if not argv or (argv[0] not in COMMANDS and not argv[0].startswith("-")):
        return open_gui(argv[0] if argv else None)
    args = build_parser(argv[0]).parse_args(argv)
    if getattr(args, "run", None) is None:  # e.g. `annotator --`: no command to run
        build_parser().print_help(sys.stderr)
        return 2
    # Imported here, not at the top: only a command that runs needs it.
    from annotator.core.errors import AnnotatorError

    _say_notes()
    try:
        return int(args.run(args) or 0)
    except AnnotatorError as exc:
        print(f"annotator: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("annotator: interrupted; nothing was half-written", file=sys.stderr)
        return 130


def _say_notes() -> None:
    """The store's warnings (e.g. "opened read-only") as `annotator: note: ...` lines on stderr."""
    import logging  # here: only a command that runs needs it

    class Note(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            print(f"annotator: note: {record.getMessage()}", file=sys.stderr)  # sys.stderr now, not at set-up

    store = logging.getLogger("annotator.store")
    if not any(type(h).__name__ == "Note" for h in store.handlers):
        store.addHandler(Note(logging.WARNING))


def no_display(environ: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """On Linux with no X or Wayland display and no platform chosen, Qt would abort (a core dump) saying
    that libxcb-cursor0 is needed, which misleads: say what is missing instead."""
    env = os.environ if environ is None else environ
    on_linux = (sys.platform if platform is None else platform).startswith("linux")
    return on_linux and not any(env.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def open_gui(project: str | None) -> int:
    """Start the app. Qt is imported only here, so scripted commands start fast and need no display."""
    from annotator.core.errors import AnnotatorError
    from annotator.core.optional import import_part

    if no_display():
        print("annotator: error: there is no display to open the app on (neither DISPLAY nor WAYLAND_DISPLAY is "
              "set). Run it in a desktop session, with `ssh -X`, or under `xvfb-run annotator`; to run it offscreen "
              "(nothing shown), set QT_QPA_PLATFORM=offscreen. The commands (`annotator --help`) need no display.",
              file=sys.stderr)
        return 1
    try:
        app = import_part("annotator.gui.app", needed_for="the app (Qt)",
                          hint="reinstall annotator; on Linux, scripts/qt_system_libs.py names missing system libraries")
    except AnnotatorError as exc:  # Qt missing or one of its libraries: the commands still work
        print(f"annotator: error: {exc}", file=sys.stderr)
        return 1
    return int(app.run(project))
