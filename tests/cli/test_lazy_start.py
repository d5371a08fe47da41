"""The command line starts lazily: `--help`, `--version` and a command's `--help` import nothing heavy,
and a command imports only what it uses (issue 9). Timing is for benchmarks/bench_startup.py; these
tests check what gets imported, in a fresh interpreter each."""

import argparse
import json
import subprocess
import sys

import pytest

from annotator.cli import COMMANDS, build_parser

STORE_AND_UP = ("sqlmodel", "sqlalchemy", "sqlite3", "pydantic", "PySide6", "numpy", "krippendorff", "trafilatura",
                "annotator.store", "annotator.operations", "annotator.agreement", "annotator.gui")
NOT_FOR_PLAIN_COMMANDS = ("PySide6", "numpy", "krippendorff", "trafilatura", "annotator.agreement", "annotator.gui")


def imported_by(*argv: str) -> set[str]:
    """The modules a fresh interpreter has imported after running `annotator ARGV`."""
    code = ("import json, sys\nfrom annotator.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n"
            "    pass\nprint('MODULES ' + json.dumps(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("MODULES ")]
    assert lines, done.stderr
    return set(json.loads(lines[-1][len("MODULES "):]))


def heavy(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


@pytest.mark.parametrize("argv", [["--version"], ["--help"], *([name, "--help"] for name in COMMANDS)])
def test_help_and_version_import_nothing_heavy(argv):
    assert heavy(imported_by(*argv), STORE_AND_UP) == []


def test_top_level_help_lists_every_command_without_importing_its_module():
    assert heavy(imported_by("--help"), ("annotator.cli.",)) == []
    listing = build_parser().format_help()
    assert all(name in listing for name in COMMANDS)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_listed_help_is_the_commands_own(name):
    parser = build_parser(name)
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))  # noqa: SLF001
    own = {action.dest: action.help for action in sub._choices_actions}  # noqa: SLF001
    assert own[name] == COMMANDS[name][1]


def test_commands_import_what_they_use_only(tmp_path):
    project = tmp_path / "p.annotator"
    article = tmp_path / "a.txt"
    article.write_text("Talks with Minsk resumed.", encoding="utf-8")
    assert subprocess.run([sys.executable, "-c", "from annotator.cli import main; import sys; sys.exit(main(sys.argv[1:]))",
                           "import", str(project), str(article)], capture_output=True, check=False).returncode == 0
    stats = imported_by("stats", str(project))
    assert "annotator.store.stats" in stats  # it did run
    assert heavy(stats, NOT_FOR_PLAIN_COMMANDS + ("annotator.io.articles", "annotator.operations.importing")) == []
    export = imported_by("export", str(project), "-o", str(tmp_path / "out.jsonl"))
    assert (tmp_path / "out.jsonl").exists()
    assert heavy(export, NOT_FOR_PLAIN_COMMANDS) == []
