"""Times the whole agreement report and its parts; checks its α against the `krippendorff` package.

    .venv/bin/python benchmarks/bench_agreement.py                 # 10,000 documents x 3 coders x 20 spans
    .venv/bin/python benchmarks/bench_agreement.py --documents 1000 --repeat 5

Input: synthetic.py's seeded corpus (~5 KB texts in English, Russian and Belarusian with emoji;
correlated coders), held in memory as CodingRecords before any timing. Timed, median of `--repeat`:

- the whole report (`agreement_report`: reading the records, stance measures, αu, span F1, holders),
  and its parts;
- rendering it as text, JSON and HTML; the disagreement list the GUI shows;
- for scale only, `krippendorff.alpha(reliability_data, level_of_measurement="nominal")` on the same
  stance data as a ready (coders x documents) float matrix, the package's own input form; the α the
  report computes must equal the package's.

Two paired rows (ours and a raw baseline timed next to each other, `--repeat` times):
- the report without intervals (issue 14: under 1 s on a loaded machine) against the raw floor of any
  implementation: one Python pass that pulls every record's stance and every span's start, end and
  label into numpy arrays, plus `krippendorff.alpha` on the stance matrix;
- the report with `--samples` bootstrap samples (issue 17: 10,000 samples within 5 s) against the raw
  work of a vectorised bootstrap of the same size: drawing the samples' document counts with numpy
  (`integers` + `bincount`) and one matrix product of them with as many per-document columns as the
  report resamples.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import krippendorff
import numpy as np
import orjson
import synthetic
from paired import Row, emit

from annotator.agreement.corpus import build_corpus
from annotator.agreement.disagreements import disagreements_in
from annotator.agreement.html import report_html
from annotator.agreement.report import agreement_report, document_agreement, span_agreement
from annotator.agreement.resampling import Bootstrap
from annotator.agreement.serialize import report_json
from annotator.agreement.table import report_text
from annotator.core.types import CodingRecord


def timed(work: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median seconds over `repeat` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def stance_matrix(records: list[CodingRecord]) -> np.ndarray:
    """The stance as the package takes it: coders x documents, category codes, NaN where missing."""
    coders = sorted({r.coder for r in records if r.coder})
    docs = {d: i for i, d in enumerate(dict.fromkeys(r.doc_id for r in records))}
    codes = {label: i for i, label in enumerate(sorted({r.doc_label for r in records if r.doc_label}))}
    matrix = np.full((len(coders), len(docs)), np.nan)
    row = {c: i for i, c in enumerate(coders)}
    for r in records:
        if r.coder and r.doc_label is not None:
            matrix[row[r.coder], docs[r.doc_id]] = codes[r.doc_label]
    return matrix


def raw_floor(records: list[CodingRecord]) -> tuple[np.ndarray, ...]:
    """The least any implementation does: every stance and every span's offsets and label into arrays, and α."""
    stances = [r.doc_label for r in records]
    spans = [s for r in records for s in r.spans]
    starts = np.array([s.start for s in spans], dtype=np.int64)
    ends = np.array([s.end for s in spans], dtype=np.int64)
    names = {}
    labels = np.array([names.setdefault(s.label, len(names)) for s in spans], dtype=np.int64)
    krippendorff.alpha(reliability_data=stance_matrix(records), level_of_measurement="nominal")
    return starts, ends, labels, np.array([s is None for s in stances])


def resampled_columns(records: list[CodingRecord]) -> int:
    """How many per-document columns the report's bootstrap sums (for a baseline of the same size)."""
    from annotator.agreement.documents import stance_categories, stance_codes
    from annotator.agreement.intervals import document_statistics, resampled_rows
    from annotator.agreement.report import report_parts

    corpus = build_corpus(records)
    _, workings = report_parts(corpus)
    rows, _ = resampled_rows(corpus)
    categories, _ = stance_categories(corpus, "nominal", None)
    statistics_ = document_statistics(corpus, workings, stance_codes(corpus, categories)[:, rows], len(categories))
    return len({id(c) for s in statistics_.values() for c in s.columns})


def raw_bootstrap(documents: int, samples: int, columns: int) -> None:
    """Draw `samples` resamples of `documents` documents (counts per document) and sum `columns` columns."""
    rng = np.random.default_rng(0)
    x = rng.random((documents, columns))
    chunk = max(1, 2_500_000 // documents)
    for lo in range(0, samples, chunk):
        b = min(chunk, samples - lo)
        idx = rng.integers(0, documents, size=(b, documents)) + (np.arange(b) * documents)[:, None]
        weights = np.bincount(idx.ravel(), minlength=b * documents).reshape(b, documents)
        weights.astype(np.float64) @ x


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--coders", type=int, default=3)
    parser.add_argument("--spans-per-coder", type=int, default=20, help="spans per document and coder")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--samples", type=int, default=10_000, help="bootstrap samples of the second row")
    parser.add_argument("--json", action="store_true", help="also print the rows for run_all.py")
    args = parser.parse_args(argv)

    spec = synthetic.CorpusSpec(documents=args.documents, coders=args.coders,
                                spans=args.documents * args.coders * args.spans_per_coder)
    start = time.perf_counter()
    records = list(synthetic.iter_coding_records(spec))
    n_spans = sum(len(r.spans) for r in records)
    print(f"input: {args.documents:,} documents x {args.coders} coders, {n_spans:,} spans, "
          f"{sum(len(r.text) for r in records) // args.coders:,} characters "
          f"(generated in {time.perf_counter() - start:.1f} s, not timed); median of {args.repeat} runs")

    matrix = stance_matrix(records)
    baseline, package_alpha = timed(lambda: krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal"), args.repeat)
    row = Row(f"agreement report {args.documents:,} × {args.coders} coders", "records to arrays + krippendorff.alpha",
              goal_seconds=1.0, note="goal: issue 14, under 1 s on a loaded machine")
    boot = Row(f"agreement report with {args.samples:,} bootstrap samples", "numpy draws + one matmul of the same size",
               goal_seconds=5.0, note="goal: issue 17, within 5 s")
    for _ in range(args.repeat):
        raw, _ = timed(lambda: raw_floor(records), 1)
        seconds, report = timed(lambda: agreement_report(records), 1)
        row.add(seconds, raw)
    whole = statistics.median(row.ours)
    columns = resampled_columns(records)
    for _ in range(args.repeat):
        raw, _ = timed(lambda: raw_bootstrap(args.documents, args.samples, columns), 1)
        seconds, with_intervals = timed(lambda: agreement_report(records, bootstrap=Bootstrap(samples=args.samples)), 1)
        boot.add(seconds, raw)
    alpha = with_intervals.documents.krippendorff_alpha
    assert abs(report.documents.krippendorff_alpha.value - package_alpha) < 1e-12, "α differs from the package"

    corpus_time, corpus = timed(lambda: build_corpus(records), args.repeat)
    stance_time, _ = timed(lambda: document_agreement(corpus, "nominal", None, []), args.repeat)
    spans_time, _ = timed(lambda: span_agreement(corpus, []), args.repeat)
    text_time, _ = timed(lambda: report_text(report), args.repeat)
    json_time, _ = timed(lambda: orjson.dumps(report_json(report)), args.repeat)
    html_time, _ = timed(lambda: report_html(report), args.repeat)
    found_time, found = timed(lambda: disagreements_in(corpus), args.repeat)

    rows = [
        ("whole report (agreement_report)", whole),
        ("  reading records into arrays", corpus_time),
        ("  document stance: %, Cohen, Fleiss, α", stance_time),
        ("  spans: αu, F1, holder", spans_time),
        ("render text / JSON / HTML", text_time + json_time + html_time),
        (f"disagreement list ({len(found):,} passages)", found_time),
        ("for scale: krippendorff.alpha alone (one figure)", baseline),
    ]
    for name, seconds in rows:
        print(f"{name:<50} {seconds:8.3f} s")
    print(f"αu = {report.spans.alpha_u.value:.4f}, F1 overlap = {report.spans.f1_overlap.value:.4f}, "
          f"α = {report.documents.krippendorff_alpha.value:.4f} (the package's: {package_alpha:.4f}), "
          f"95% CI [{alpha.interval.low:.4f}, {alpha.interval.high:.4f}]; {columns} resampled columns")
    emit([row, boot], args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
