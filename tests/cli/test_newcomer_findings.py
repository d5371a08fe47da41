"""What a newcomer tripped on at the command line: help that left formats out, a JSON error with two
line numbers, an empty project left by a failed first import, and a core dump with no display."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from annotator.cli import main
from annotator.io.export_names import SUFFIXES

TEXT = "Посол ЕС 🇪🇺 сказал: «Диалог с Минском нужен». Critics 😠 said sanctions must stay."


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_export_help_names_every_format(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    description = text.split("positional arguments")[0]
    for name in ("canonical JSONL", "doccano", "Prodigy", "Label Studio", "CSV (one row per span)",
                 "CSV stances", "brat standoff"):
        assert name in description, name
    assert len(SUFFIXES) == 7  # a new format: name it in the description too
    assert "exports/<project>-brat/" in text


def test_a_broken_json_line_gives_its_column_not_a_second_line_number(capsys, tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text('{"text": "ok"}\n{"text": "fine"}\n{"text": "Минск cut\x01\n', encoding="utf-8")  # a control character
    project = tmp_path / "s.annotator"
    code, _, err = run(capsys, "import", project, path)
    assert code == 1
    assert "line 3: not valid JSON (" in err and " at column 20)" in err  # characters (bytes: 25)
    assert "line 1" not in err and "char " not in err


def test_a_failed_first_import_leaves_no_project(capsys, tmp_path):
    project = tmp_path / "new.annotator"
    code, _, err = run(capsys, "import", project, tmp_path / "missing.txt")
    assert code == 1 and "new.annotator was not created: nothing was imported into it" in err
    assert list(tmp_path.iterdir()) == []


def test_a_failed_import_into_an_existing_project_keeps_it_and_a_partial_one_keeps_the_new_project(capsys, tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    project = tmp_path / "s.annotator"
    assert run(capsys, "import", project, tmp_path / "a.txt")[0] == 0
    code, _, err = run(capsys, "import", project, tmp_path / "missing.txt")
    assert code == 1 and project.exists() and "was not created" not in err
    other = tmp_path / "other.annotator"
    code, _, err = run(capsys, "import", other, tmp_path / "a.txt", tmp_path / "missing.txt")
    assert code == 1 and other.exists() and "was not created" not in err  # a.txt is in it


def test_no_display_is_said_plainly_instead_of_a_qt_core_dump(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["HOME"] = str(tmp_path)
    done = subprocess.run([sys.executable, "-c", "import sys; from annotator.cli import main; sys.exit(main([]))"],
                          env=env, capture_output=True, text=True, timeout=60)
    if sys.platform.startswith("linux"):
        assert done.returncode == 1, done.stderr
        assert "there is no display to open the app on" in done.stderr and "QT_QPA_PLATFORM=offscreen" in done.stderr
        assert "xcb" not in done.stderr
    from annotator.cli import no_display

    assert no_display({}, "linux") and not no_display({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not no_display({"WAYLAND_DISPLAY": "wayland-0"}, "linux") and not no_display({}, "darwin")


def test_an_output_into_a_folder_that_does_not_exist_is_an_error(capsys, tmp_path):
    """`export -o /nonexistent/dir/x.jsonl` wrote there, creating the folders, and said nothing of it."""
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    project = tmp_path / "s.annotator"
    assert run(capsys, "import", project, tmp_path / "a.txt")[0] == 0
    for argv in (["export", project, "-o", tmp_path / "typo" / "x.jsonl"],
                 ["export", project, "--format", "brat", "-o", tmp_path / "typo" / "brat"],
                 ["export", project, "--gold", "-o", tmp_path / "typo" / "dataset"],
                 ["agreement", project, "--bootstrap", "0", "--html", tmp_path / "typo" / "r.html"]):
        code, _, err = run(capsys, *argv)
        assert code == 1 and f"the folder {tmp_path / 'typo'} does not exist" in err, argv
    assert not (tmp_path / "typo").exists()
    code, out, _ = run(capsys, "export", project, "--format", "brat", "-o", tmp_path / "brat")  # the folder itself is made
    assert code == 0 and (tmp_path / "brat").is_dir()


def test_swapped_import_arguments_and_a_mistyped_model_project_get_a_hint(capsys, tmp_path):
    (tmp_path / "corpus").mkdir()
    code, _, err = run(capsys, "import", tmp_path / "corpus", tmp_path / "s.annotator")
    assert code == 1 and "is a folder, not a project file" in err and "the project comes first" in err
    code, _, err = run(capsys, "model", "train", tmp_path / "stduy.annotator")
    assert code == 1 and "no such project file (check the path" in err


def test_boilerplate_trimming_says_how_much_it_cut(capsys, tmp_path):
    """`import --trim-boilerplate` cut 13,668 characters of a pasted page and said nothing of it."""
    pasted = Path(__file__).parent.parent / "io" / "data" / "pasted" / "000_930e5b2224e201f2.txt"
    original = pasted.read_text(encoding="utf-8")
    project = tmp_path / "s.annotator"
    code, out, _ = run(capsys, "import", project, pasted, "--trim-boilerplate")
    assert code == 0
    assert run(capsys, "export", project, "-o", tmp_path / "x.jsonl")[0] == 0
    (line,) = (tmp_path / "x.jsonl").read_bytes().splitlines()
    document = orjson.loads(line)
    cuts = document["meta"]["boilerplate_trimmed"]["removed"]
    cut = sum(end - start for start, end, _reason in cuts)
    assert cut > 10_000 and len(document["text"]) < len(original) - 10_000
    assert f"boilerplate trimmed from 1 document(s): {cut:,} characters cut" in out
    code, out, _ = run(capsys, "import", tmp_path / "plain.annotator", pasted)  # without the option: nothing said
    assert code == 0 and "trimmed" not in out
