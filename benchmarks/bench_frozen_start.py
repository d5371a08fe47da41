"""Start-up of the frozen app (`make dist`) to its window, offscreen, against a raw baseline in the same run.

    .venv/bin/python benchmarks/bench_frozen_start.py [--runs 5] [--cold]

Each pair runs, one right after the other: the baseline (this venv's Python importing Qt and showing an
empty QMainWindow) and the built app's `--smoke` run, which on a fresh data folder creates the demo
project and opens the main window on it (a user's first start). Both report the seconds from process start
(Linux /proc) to the window shown, and the memory then. `--cold` drops the page cache before each built-app
run (root only), so its libraries are read from disk. Prints min/median and the ratio of medians.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dist" / "annotator" / "annotator"
BASELINE = """
import os, resource
from pathlib import Path
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1366, 768)
window.show()
app.processEvents()
ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
uptime = float(Path("/proc/uptime").read_text().split()[0])
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
import time
print(f"smoke: window shown {uptime - ticks / os.sysconf('SC_CLK_TCK'):.3f} s after the process started "
      f"(CPU {time.process_time():.2f} s); memory then {rss:.0f} MB")
"""
SHOWN = re.compile(r"window shown ([\d.]+) s .*\(CPU ([\d.]+) s\); memory then (\d+) MB")


def timed(command: list[str]) -> tuple[float, float, int]:
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=True, timeout=120)
    match = SHOWN.search(result.stderr + result.stdout)
    if not match:
        raise SystemExit(f"no timing in the output of {command}:\n{result.stderr}")
    return float(match.group(1)), float(match.group(2)), int(match.group(3))


def drop_page_cache() -> None:
    subprocess.run(["sync"], check=True)
    Path("/proc/sys/vm/drop_caches").write_text("1\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="drop the page cache before each built-app run")
    args = parser.parse_args()
    if not APP.exists():
        raise SystemExit(f"no {APP}: run `make dist` first")
    base, app, base_cpu, app_cpu, memory = [], [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            seconds, cpu, _ = timed([sys.executable, "-c", BASELINE])
            base.append(seconds)
            base_cpu.append(cpu)
            if args.cold:
                drop_page_cache()
            seconds, cpu, megabytes = timed([str(APP), "--smoke", str(Path(tmp) / f"run{run}.png")])
            app.append(seconds)
            app_cpu.append(cpu)
            memory.append(megabytes)
    median = statistics.median
    print(f"raw Qt window (this venv):      min {min(base):.2f} s, median {median(base):.2f} s "
          f"(CPU median {median(base_cpu):.2f} s)")
    print(f"built app, demo project window: min {min(app):.2f} s, median {median(app):.2f} s "
          f"(CPU median {median(app_cpu):.2f} s){' cold page cache' if args.cold else ''}; "
          f"memory at the window {max(memory)} MB")
    print(f"ratio of medians: {median(app) / median(base):.1f}x wall, {median(app_cpu) / median(base_cpu):.1f}x CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
