"""`make bench`: every benchmark at the sizes of issue 14, then one table of paired ratios with the goals.

    .venv/bin/python benchmarks/run_all.py [--quick] [--runs 3] [--workdir DIR]

About 10 minutes on the 2-core machine (`--quick`: a tenth of the data, a minute or two, for a smoke
check; its figures are not the issue's). Each benchmark runs in a process of its own, measures ours
and its raw baseline next to each other (same run, same load) `--runs` times, and reports each
run's ratio; the table gives min / median over the runs, the goal, and whether the median meets it,
then the absolute times and the load average while it ran (2 cores: above 2, others were busy too).
The table is also written to benchmarks/out/results.md. Exit code 1 if a row misses its goal.

Sizes: 10,000 articles of ~5 KB with 600,000 spans by 3 coders (import, export, the big project's
first paint, the adjudication window); a 1,000,000-character article with 10,000 spans (the coding
window); 10,000 documents x 3 coders x 20 spans held in memory (the agreement report).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from paired import Row, collect, load_average, table

HERE = Path(__file__).resolve().parent


def run(script: str, *args: object) -> list[Row]:
    """Run one benchmark with `--json`, echoing its output; the rows it reported."""
    command = [sys.executable, str(HERE / script), *map(str, args), "--json"]
    print(f"\n$ {' '.join(command[1:])}   (load {load_average():.1f})", flush=True)
    lines = []
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=HERE.parent) as process:
        for line in process.stdout:  # type: ignore[union-attr]
            lines.append(line)
            if not line.startswith("BENCH-JSON"):
                print("  " + line, end="", flush=True)
    if process.returncode not in (0, 1):  # 1: a goal missed, reported in the table
        raise SystemExit(f"{script} failed with exit code {process.returncode}")
    return collect("".join(lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the data: a smoke check, not the issue's figures")
    parser.add_argument("--runs", type=int, default=3, help="paired runs per row (at least 3 for min/median)")
    parser.add_argument("--workdir", type=Path, help="where inputs go (default: a temporary folder)")
    args = parser.parse_args(argv)
    scale = 0.1 if args.quick else 1.0
    documents, spans = round(10_000 * scale), round(600_000 * scale)
    chars, gui_spans = round(1_000_000 * scale), round(10_000 * scale)
    began = datetime.datetime.now().astimezone()
    with tempfile.TemporaryDirectory(prefix="bench.") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        size = [f"--documents={documents}", f"--spans={spans}"]
        rows = run("bench_store.py", *size, f"--repeat={args.runs}", f"--workdir={workdir}")
        big = workdir / "project.annotator"  # built by bench_store.py from the same spec
        rows += run("bench_startup.py", f"--runs={max(args.runs, 5)}", f"--big={big}")
        rows += run("bench_gui.py", f"--chars={chars}", f"--spans={gui_spans}", f"--runs={max(args.runs, 5)}")
        rows += run("bench_adjudication.py", f"--project={big}", f"--runs={args.runs}")
        rows += run("bench_save.py", f"--project={big}", f"--runs={max(args.runs, 5)}")
        rows += run("bench_agreement.py", f"--documents={documents}", f"--repeat={args.runs}")
    ended = datetime.datetime.now().astimezone()
    heading = (f"`make bench` {began:%Y-%m-%d %H:%M}–{ended:%H:%M}, {os.cpu_count()} cores, Python"
               f" {platform.python_version()}{' (--quick: a tenth of the data)' if args.quick else ''}")
    report = f"{heading}\n\n{table(rows)}\n"
    print("\n" + report)
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "results.md").write_text(report)
    return 0 if all(row.ok() for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
