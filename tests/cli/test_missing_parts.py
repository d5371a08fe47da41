"""A part that cannot load (HTML extraction without lxml_html_clean, Qt without its libraries) is a clear
error naming what is missing, never a traceback; the rest keeps working. Each case runs in its own process
with the part blocked (`sys.modules[name] = None` makes its import fail as a missing package does)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PAGE = ("<html><body><article><p>European diplomats met officials in Minsk on Tuesday to discuss the release "
        "of prisoners, the first such meeting in four years.</p></article></body></html>")


def run_blocked(blocked: str, *args: str) -> subprocess.CompletedProcess[str]:
    code = (f"import sys; sys.modules[{blocked!r}] = None\n"
            f"from annotator.cli import main; sys.exit(main({list(args)!r}))")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120)


def test_html_import_without_lxml_html_clean_says_so_and_imports_the_other_files(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "article.txt").write_text("A plain article about the talks in Minsk.\n", encoding="utf-8")
    project = tmp_path / "study.annotator"
    result = run_blocked("lxml_html_clean", "import", str(project), str(tmp_path / "page.html"),
                         str(tmp_path / "article.txt"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "page.html" in result.stderr and "reading HTML pages is not available" in result.stderr
    assert "lxml_html_clean" in result.stderr
    exported = run_blocked("nothing_blocked", "export", str(project), "-o", str(tmp_path / "out.jsonl"))
    assert exported.returncode == 0, exported.stderr
    assert "A plain article" in (tmp_path / "out.jsonl").read_text(encoding="utf-8")


def test_the_app_without_qt_says_so_instead_of_a_traceback(tmp_path: Path) -> None:
    result = run_blocked("PySide6.QtWidgets", str(tmp_path / "study.annotator"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "the app (Qt) is not available" in result.stderr and "PySide6.QtWidgets" in result.stderr
    assert not (tmp_path / "study.annotator").exists()
