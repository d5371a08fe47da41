"""The wheel works on a machine that has never seen the repository: built from a copy of the sources, installed
with the pip a fresh venv brings (not upgraded) into a fresh venv, and run from another folder on the demo
articles (from the installed wheel) and an HTML page: import, export, agreement. Needs the package index.
About two minutes on a loaded machine, so `make test` leaves it out; `make test-wheel` (run by .ci/run) runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGE = ("<html lang='en'><head><title>Talks resume</title></head><body><article><h1>Minsk talks resume</h1>"
        "<p>European diplomats met officials in Minsk on Tuesday to discuss the release of prisoners, the first "
        "such meeting in four years, according to people familiar with the talks.</p><p>Critics said the talks "
        "rewarded the regime, while supporters argued that isolation had freed nobody at all.</p></article>"
        "</body></html>")

pytestmark = pytest.mark.wheel


def run(*args: str | Path, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                            check=False, timeout=600)
    assert result.returncode == 0, f"{' '.join(map(str, args))}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """(venv bin folder, a work folder outside the repository, the environment): the wheel installed."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"  # a copy: building in the checkout would write build/ and *.egg-info into it
    for name in ("annotator", "resources"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    base_python = getattr(sys, "_base_executable", sys.executable)
    run(base_python, "-m", "venv", tmp / "venv", cwd=tmp, env=env)
    bin_dir = tmp / "venv" / ("Scripts" if os.name == "nt" else "bin")
    pip_version = run(bin_dir / "python", "-m", "pip", "--version", cwd=tmp, env=env).stdout
    run(bin_dir / "python", "-m", "pip", "wheel", "--no-deps", "-w", tmp / "wheels", source, cwd=tmp, env=env)
    wheel = next((tmp / "wheels").glob("annotator-*.whl"))
    run(bin_dir / "python", "-m", "pip", "install", wheel, cwd=tmp, env=env)
    work = tmp / "work"
    work.mkdir()
    print(f"installed {wheel.name} with {pip_version.split(' from ')[0]}")
    return bin_dir, work, env


def test_the_wheel_carries_its_resources_and_runs_outside_the_repository(installed) -> None:  # noqa: ANN001
    bin_dir, work, env = installed
    code = "import annotator, annotator.core.codebook as c; print(annotator.__file__); print(c.resource_path('demo'))"
    package, demo = run(bin_dir / "python", "-c", code, cwd=work, env=env).stdout.split()
    venv = bin_dir.parent
    assert Path(package).is_relative_to(venv) and Path(demo).is_relative_to(venv)
    assert sorted(p.name for p in Path(demo).glob("*.txt")) == sorted(p.name for p in (ROOT / "resources" / "demo").glob("*.txt"))


def test_import_export_and_agreement_on_the_demo_articles(installed) -> None:  # noqa: ANN001
    bin_dir, work, env = installed
    annotator = bin_dir / ("annotator.exe" if os.name == "nt" else "annotator")
    demo = run(bin_dir / "python", "-c", "from annotator.core.codebook import resource_path as r; print(r('demo'))",
               cwd=work, env=env).stdout.strip()
    (work / "page.html").write_text(PAGE, encoding="utf-8")
    run(annotator, "import", "study.annotator", demo, "page.html", "--trim-boilerplate", cwd=work, env=env)
    run(annotator, "export", "study.annotator", "-o", "corpus.jsonl", cwd=work, env=env)
    corpus = [json.loads(line) for line in (work / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(corpus) == 4 and any("European diplomats met officials" in d["text"] for d in corpus)

    coded = [_coded(document["text"], coder, index) for index, document in enumerate(corpus) for coder in ("ann", "bob")]
    (work / "coded.jsonl").write_text("".join(json.dumps(line) + "\n" for line in coded), encoding="utf-8")
    run(annotator, "import", "study.annotator", "coded.jsonl", cwd=work, env=env)
    run(annotator, "export", "study.annotator", "-o", "out.jsonl", cwd=work, env=env)
    exported = [json.loads(line) for line in (work / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    spans = [(line["text"], span) for line in exported for span in line["spans"]]
    assert len(spans) == 8 and all(text[s["start"]:s["end"]] == s["text"] for text, s in spans)

    report = json.loads(run(annotator, "agreement", "study.annotator", "--json", cwd=work, env=env).stdout)
    assert report["coders"] == ["ann", "bob"]
    pair = report["documents"]["pairwise"][0]
    assert pair["n"] == 4  # ann and bob gave the same stance to documents 0, 1 and 2, differ on 3
    assert report["documents"]["n_units"] == 4


def _coded(text: str, coder: str, index: int) -> dict:
    """One coder's work on one document: the first sentence-ish stretch as a span; bob differs on document 3."""
    end = min(len(text), text.find(" ", 60) if text.find(" ", 60) > 0 else len(text))
    stance = "pro-isolation" if coder == "bob" and index == 3 else "pro-engagement"
    return {"doc_id": None, "text": text, "meta": {}, "coder": coder, "doc_label": stance, "status": "done",
            "spans": [{"start": 0, "end": end, "label": stance, "text": text[:end], "holder": "author", "note": None}]}
