"""The command line: `annotator [PROJECT]` opens the GUI, `annotator COMMAND ...` does scripted work.

Each command lives in its own module with `register(subparsers)`; errors the user can fix are
printed to stderr as one sentence with exit code 1, never as a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import import_module

from annotator import __version__
from annotator.core.errors import AnnotatorError

COMMAND_MODULES = (
    "annotator.cli.project_commands",
    "annotator.cli.team_commands",
    "annotator.cli.adjudicate_command",
    "annotator.cli.agreement_command",
    "annotator.cli.model_commands",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Stance annotation of news articles. Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue  # a command not built yet
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    commands = set(parser._subparsers._group_actions[0].choices) if parser._subparsers else set()  # noqa: SLF001
    if not argv or (argv[0] not in commands and not argv[0].startswith("-")):
        return open_gui(argv[0] if argv else None)
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except AnnotatorError as exc:
        print(f"annotator: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("annotator: interrupted; nothing was half-written", file=sys.stderr)
        return 130


def open_gui(project: str | None) -> int:
    """Start the app. Qt is imported only here, so scripted commands start fast and need no display."""
    try:
        app = import_module("annotator.gui.app")
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith("annotator.gui"):
            raise
        print("annotator: the app is not built yet; use `annotator --help` for the commands", file=sys.stderr)
        return 2
    return int(app.run(project))
