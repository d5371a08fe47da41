"""Paired measurements: our code and a raw baseline timed in the same run, reported as ratios.

The machine is shared and its load changes by the minute, so an absolute time says little; the ratio
of ours to a baseline measured right next to it (same run, same load) says what our code costs. Each
benchmark script makes `Row`s (one value per run for each side), prints them as a table, and with
`--json` also prints them as one `BENCH-JSON` line that `run_all.py` collects into one table.

A row meets its goal when the *median* over runs is within it: the ratio (ours / raw) and, where the
issue gives one, the absolute time too.
"""

from __future__ import annotations

import json
import os
import statistics
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

MARK = "BENCH-JSON "


def load_average() -> float:
    """The 1-minute load average (2 cores here: above 2, we share the CPU with others)."""
    return os.getloadavg()[0]


@dataclass
class Row:
    """One piece of work, measured `len(ours)` times, each next to its baseline (`raw`, same run)."""

    work: str
    baseline: str  # what the raw side does ("" when the goal is an absolute time only)
    ours: list[float] = field(default_factory=list)  # seconds, one per run
    raw: list[float] = field(default_factory=list)  # seconds, one per run (paired with ours)
    goal_ratio: float | None = None  # median ours/raw must stay within this
    goal_seconds: float | None = None  # median ours must stay within this
    note: str = ""
    loads: list[float] = field(default_factory=list)  # load average when each run began

    def add(self, ours: float, raw: float | None = None) -> None:
        self.ours.append(ours)
        if raw is not None:
            self.raw.append(raw)
        self.loads.append(load_average())

    def ratios(self) -> list[float]:
        return [o / r for o, r in zip(self.ours, self.raw, strict=True)] if self.raw else []

    def ok(self) -> bool:
        ratios = self.ratios()
        within_ratio = self.goal_ratio is None or (bool(ratios) and statistics.median(ratios) <= self.goal_ratio)
        within_time = self.goal_seconds is None or statistics.median(self.ours) <= self.goal_seconds
        return within_ratio and within_time

    def goal(self) -> str:
        parts = []
        if self.goal_ratio is not None:
            parts.append(f"≤ {self.goal_ratio:g}×")
        if self.goal_seconds is not None:
            parts.append(f"≤ {_duration(self.goal_seconds)}")
        return " and ".join(parts) or "—"


def paired(work: Callable[[], Any], baseline: Callable[[], Any], runs: int, row: Row,
           clock: Callable[[Callable[[], Any]], float] | None = None) -> Row:
    """Time `baseline` then `work`, `runs` times, alternating, into `row` (seconds from `clock`)."""
    clock = clock or _seconds
    for _ in range(runs):
        raw = clock(baseline)
        row.add(clock(work), raw)
    return row


def _seconds(work: Callable[[], Any]) -> float:
    from time import perf_counter

    began = perf_counter()
    work()
    return perf_counter() - began


def min_median(values: Iterable[float]) -> tuple[float, float]:
    values = list(values)
    return min(values), statistics.median(values)


def _duration(seconds: float) -> str:
    if seconds < 0.001:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1000:.3g} ms"
    return f"{seconds:.3g} s"


def _pair(values: list[float], fmt: Callable[[float], str]) -> str:
    if not values:
        return "—"
    low, mid = min_median(values)
    return f"{fmt(low)} / {fmt(mid)}"


def table(rows: list[Row]) -> str:
    """A Markdown table: ratios first (min / median over runs), then absolute times and the load."""
    lines = ["| work | ours/raw min / median | goal | ok | ours min / median | raw min / median | baseline | runs | load |",
             "|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        ratio = _pair(row.ratios(), lambda r: f"{r:.2f}×")
        load = f"{min(row.loads):.1f}–{max(row.loads):.1f}" if row.loads else "—"
        lines.append(f"| {row.work} | {ratio} | {row.goal()} | {'yes' if row.ok() else '**NO**'} |"
                     f" {_pair(row.ours, _duration)} | {_pair(row.raw, _duration)} | {row.baseline or '—'} |"
                     f" {len(row.ours)} | {load} |")
    notes = [f"- {row.work}: {row.note}" for row in rows if row.note]
    return "\n".join(lines + ([""] + notes if notes else []))


def emit(rows: list[Row], as_json: bool) -> None:
    """Print the rows' table; with `as_json`, also one line `run_all.py` reads back."""
    print(table(rows), flush=True)
    if as_json:
        print(MARK + json.dumps([asdict(row) for row in rows]), flush=True)


def collect(output: str) -> list[Row]:
    """The rows a benchmark printed with `emit(..., as_json=True)`."""
    rows: list[Row] = []
    for line in output.splitlines():
        if line.startswith(MARK):
            rows += [Row(**fields) for fields in json.loads(line[len(MARK):])]
    return rows
