"""Checks of a frozen build (`make dist`, then `make smoke`; the CI workflow runs the same on every platform).

    python scripts/check_build.py contents dist/annotator        # what is in it, and its size
    python scripts/check_build.py smoke build/smoke/smoke.png    # the smoke run's PNG and export

Exit 1 with the reasons when a check fails.
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

MAX_MB = 200  # issue 12: the one-folder build on Linux
# Files the build must carry: our resources, trafilatura's settings, jusText's stoplists.
REQUIRED = ("annotator/resources/codebook.toml", "annotator/resources/annotator-jsonl.schema.json",
            "trafilatura/settings.cfg", "justext/stoplists/English.txt")
# What must not be in it: the test extra (mypy too), spaCy, γ, model training, Linux's Secret Service keyring
# (cryptography: 12 MB), Qt's GTK theme plugin and translations.
FORBIDDEN_FOLDERS = ("pytest", "_pytest", "hypothesis", "pytestqt", "spacy", "datasets", "pandas", "pyarrow",
                     "statsmodels", "scipy", "nltk", "importlinter", "PyInstaller", "sklearn",
                     "pygamma_agreement", "pyannote", "cvxpy", "mypy", "cryptography")


def contents(folder: Path) -> list[str]:
    files = [path for path in folder.rglob("*") if path.is_file() and not path.is_symlink()]
    names = {path.relative_to(folder).as_posix() for path in files}
    size_mb = sum(path.stat().st_size for path in files) / 1e6
    print(f"{folder}: {size_mb:.0f} MB in {len(files)} files")
    problems = [f"missing {want}" for want in REQUIRED if not any(name.endswith(want) for name in names)]
    if not any("/demo/" in name and name.endswith(".txt") for name in names):
        problems.append("missing the demo articles")
    problems += [f"carries {name}" for name in sorted(names)
                 if any(f"/{top}/" in f"/{name}" for top in FORBIDDEN_FOLDERS)
                 or "qgtk3" in name or "/Qt/translations/" in name or name.endswith(".qm")][:20]
    locales = [name for name in names if "babel/locale-data/" in name]
    if len(locales) > 2:
        problems.append(f"carries {len(locales)} babel locales (packaging/hooks/hook-babel.py keeps 2)")
    if sys.platform.startswith("linux") and size_mb > MAX_MB:
        problems.append(f"{size_mb:.0f} MB unpacked, more than {MAX_MB} MB")
    if sys.platform.startswith("linux"):
        problems += xcb_gaps(folder)
    return problems


def xcb_gaps(folder: Path) -> list[str]:
    """The build's xcb plugin finds every library it needs in the build or in the base system (libxcb, libGL,
    libEGL, fontconfig...: what PyInstaller leaves to every desktop), as the frozen app's loader will."""
    import subprocess

    plugin = next(folder.rglob("platforms/libqxcb.so"), None)
    if plugin is None:
        return ["no xcb platform plugin"]
    internal = next(path.parent for path in folder.rglob("libpython3*.so*"))
    env = {"LD_LIBRARY_PATH": str(internal), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, env=env, check=False).stdout
    gaps = sorted({line.split()[0] for line in out.splitlines() if "not found" in line})
    return [f"the xcb plugin cannot find {', '.join(gaps)}"] if gaps else []


def smoke(png: Path) -> list[str]:
    """The PNG is a picture of a window; the export beside it holds the smoke coder's one span, offsets exact."""
    if not png.exists():
        return [f"no {png}"]
    head = png.read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return [f"{png} is not a PNG"]
    width, height = struct.unpack(">II", head[16:24])
    print(f"{png}: {width}x{height}")
    problems = [] if width >= 800 and height >= 500 else [f"{png} is {width}x{height}, not a window"]
    export = png.with_suffix(".jsonl")
    if not export.exists():
        return [*problems, f"no export {export}"]
    lines = [json.loads(line) for line in export.read_text(encoding="utf-8").splitlines()]
    spans = [(line["text"], span) for line in lines if line.get("coder") == "smoke" for span in line["spans"]]
    if len(spans) != 1:
        return [*problems, f"{export}: {len(spans)} spans by the smoke coder, not 1"]
    text, span = spans[0]
    if text[span["start"]:span["end"]] != span["text"] or not span["text"].strip():
        problems.append(f"{export}: the span's offsets do not give its text")
    print(f"{export}: {len(lines)} lines; span {span['label']} {span['start']}-{span['end']} {span['text']!r}")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("contents", "smoke"):
        print(__doc__, file=sys.stderr)
        return 2
    problems = (contents if argv[0] == "contents" else smoke)(Path(argv[1]))
    for problem in problems:
        print(f"check_build: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
