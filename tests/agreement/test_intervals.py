"""Bootstrap intervals: each resampled figure against an independent resampling written differently.

- Krippendorff's α: KALPHA's pair bootstrap (Hayes & Krippendorff 2007) re-done here the slow way —
  every pairable pair listed, M pairs drawn one sample at a time — on the paper's own example (40
  units, 5 observers, ordinal): same M (239, as the paper reports) and intervals within Monte Carlo error.
  (The paper's printed interval for that example was not available to us, so it is not asserted.)
- Every figure resampled by documents: the engine's vectorised per-document sums against the report
  recomputed from scratch on the resampled corpus itself (documents repeated as drawn), sample by
  sample with the same draws — equal to 1e-9, which checks the sums, not just their spread.
- Cohen's κ: intervals against statsmodels' κ on documents resampled in a loop (Monte Carlo error).
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from statsmodels.stats.inter_rater import cohens_kappa

from annotator.agreement.alpha_bootstrap import bootstrap_alpha
from annotator.agreement.corpus import build_corpus
from annotator.agreement.documents import (
    alpha_counts,
    stance_categories,
    stance_codes,
    value_counts,
)
from annotator.agreement.intervals import document_statistics, resampled_rows
from annotator.agreement.report import agreement_report, report_parts
from annotator.agreement.resampling import (
    Bootstrap,
    draw_weights,
    evaluate_once,
    percentile_interval,
    samples_for,
)
from annotator.agreement.serialize import report_json
from annotator.agreement.unitizing_parts import AlphaU
from annotator.core.types import CodingRecord
from tests.agreement.conftest import span_record, stance_records

# Hayes & Krippendorff (2007), Table 1: 40 units coded by 5 observers (None: not coded), ordinal; the
# paper reports α = .7598 and that KALPHA resamples 239 pairs of judgments.
HAYES_2007 = [
    [1, 1, 2, None, 2], [1, 1, 0, 1, None], [2, 3, 3, 3, None], [None, 0, 0, None, 0], [0, 0, 0, None, 0],
    [0, 0, 0, None, 0], [1, 0, 2, None, 1], [1, None, 2, 0, None], [2, 2, 2, None, 2], [2, 1, 1, 1, None],
    [None, 1, 0, 0, None], [0, 0, 0, 0, None], [1, 2, 2, 2, None], [3, 3, 2, 2, 3], [1, 1, 1, None, 1],
    [1, 1, 1, None, 1], [2, 1, 2, None, 2], [1, 2, 3, 3, None], [1, 1, 0, 1, None], [0, 0, 0, None, 0],
    [0, 0, 1, 1, None], [0, 0, None, 0, 0], [2, 3, 3, 3, None], [0, 0, 0, 0, None], [1, 2, None, 2, 2],
    [0, 1, 1, 1, None], [0, 0, 0, 1, 0], [1, 2, 1, 2, None], [1, 1, 2, 2, None], [1, 1, 2, None, 2],
    [1, 1, 0, None, 0], [2, 1, 2, 1, None], [2, 2, None, 2, 2], [3, 2, 2, 2, None], [2, 2, 2, None, 2],
    [2, 2, 3, None, 2], [2, 2, 2, None, 2], [2, 2, None, 1, 2], [2, 2, 2, 2, None], [1, 1, 1, None, 1],
]


def hayes_counts() -> tuple[np.ndarray, np.ndarray]:
    matrix = [list(column) for column in zip(*HAYES_2007, strict=True)]
    corpus = build_corpus(stance_records(matrix))
    categories, values = stance_categories(corpus, "ordinal", None)
    counts = value_counts(stance_codes(corpus, categories), len(categories))
    return alpha_counts(counts, "ordinal", values)


def slow_kalpha(samples: int, seed: int) -> tuple[np.ndarray, int]:
    """KALPHA written out: list every ordered pair of values in a unit with weight 1/(m_u - 1), draw
    M = Σ m_u (m_u - 1) / 2 of them, α* = 1 - mean δ² / D_e."""
    units = [[v for v in row if v is not None] for row in HAYES_2007]
    units = [u for u in units if len(u) >= 2]
    pairs, weights = [], []
    for u in units:
        for i in range(len(u)):
            for j in range(len(u)):
                if i != j:
                    pairs.append((u[i], u[j]))
                    weights.append(1.0 / (len(u) - 1))
    values = sorted({v for u in units for v in u})
    n_c = {c: sum(w for (a, _), w in zip(pairs, weights, strict=True) if a == c) for c in values}

    def delta(c: int, k: int) -> float:  # Krippendorff's ordinal metric over the values' totals
        lo, hi = min(c, k), max(c, k)
        return (sum(n_c[g] for g in values if lo <= g <= hi) - (n_c[c] + n_c[k]) / 2) ** 2

    n = sum(n_c.values())
    expected = sum(n_c[c] * n_c[k] * delta(c, k) for c in values for k in values) / (n * (n - 1))
    draws = sum(len(u) * (len(u) - 1) // 2 for u in units)
    rng = np.random.default_rng(seed)
    p = np.array(weights) / sum(weights)
    out = []
    for _ in range(samples):
        chosen = rng.choice(len(pairs), size=draws, p=p)
        out.append(max(-1.0, 1 - np.mean([delta(*pairs[i]) for i in chosen]) / expected))
    return np.array(out), draws


def test_kalpha_bootstrap_agrees_with_the_pair_bootstrap_written_out():
    counts, domain = hayes_counts()
    ours = bootstrap_alpha(counts, "ordinal", domain, samples=4000, rng=np.random.default_rng(1))
    slow, draws = slow_kalpha(1500, seed=2)
    assert draws == 239  # as Hayes & Krippendorff report for this example
    report = agreement_report(stance_records([list(c) for c in zip(*HAYES_2007, strict=True)]), level="ordinal",
                              bootstrap=Bootstrap(samples=4000, seed=1))
    alpha = report.documents.krippendorff_alpha
    assert round(alpha.value, 4) == 0.7598  # published
    # Monte Carlo error: the standard error of a 2.5% quantile here is about 0.002 (α* has sd ≈ 0.035)
    for q in (0.025, 0.5, 0.975):
        assert abs(np.quantile(ours, q) - np.quantile(slow, q)) < 0.012
    assert abs(ours.mean() - alpha.value) < 0.005  # the pair bootstrap is centred on α
    interval = alpha.interval
    assert interval.low < alpha.value < interval.high
    assert abs(interval.low - np.quantile(slow, 0.025)) < 0.012
    assert abs(interval.high - np.quantile(slow, 0.975)) < 0.012
    for a_min, q in interval.q_below:
        assert abs(q - np.mean(slow < a_min)) < 0.035


def test_the_same_seed_gives_the_same_intervals_and_another_seed_other_ones():
    records = mixed_records(40, seed=3)
    first = agreement_report(records, bootstrap=Bootstrap(samples=500, seed=7))
    again = agreement_report(records, bootstrap=Bootstrap(samples=500, seed=7))
    other = agreement_report(records, bootstrap=Bootstrap(samples=500, seed=8))
    assert report_json(first) == report_json(again)
    assert first.documents.fleiss_kappa.interval != other.documents.fleiss_kappa.interval
    assert first.resampling.samples == 500 and first.resampling.seed == 7


def mixed_records(n_docs: int, seed: int, coders: tuple[str, ...] = ("ana", "ben", "cai"),
                  rotate: bool = True) -> list[CodingRecord]:
    """Random but correlated coding: stances and spans of three labels; with `rotate`, some documents
    are coded by only two of the coders (rotating pairs), one by a single coder."""
    rng = np.random.default_rng(seed)
    records = []
    for d in range(n_docs):
        text = "".join(rng.choice(list("abcdef ghij Жзё🙂"), size=int(rng.integers(60, 200))))
        truth = [(s, s + int(rng.integers(3, 15)), str(rng.choice(["pro", "anti", "mixed"])))
                 for s in sorted(rng.choice(len(text) - 20, size=int(rng.integers(0, 4)), replace=False).tolist())]
        stance = str(rng.choice(["pro", "anti", "mixed"]))
        who = coders if not rotate or d % 4 else tuple(c for c in coders if c != coders[d % len(coders)])
        if rotate and d == n_docs - 1:
            who = coders[:1]
        for coder in who:
            spans = [(max(0, s + int(rng.integers(-2, 3))), e + int(rng.integers(0, 3)),
                      label if rng.random() > 0.2 else "pro") for s, e, label in truth if rng.random() > 0.15]
            spans = [(s, min(e, len(text)), k) for s, e, k in spans if min(e, len(text)) > s]
            records.append(span_record(f"d{d}", text, coder, spans,
                                       stance=stance if rng.random() > 0.25 else str(rng.choice(["pro", "anti"]))))
    return records


def figures_by_name(report) -> dict[str, float | None]:
    d, s = report.documents, report.spans
    named = {"percent": d.percent_agreement, "fleiss": d.fleiss_kappa, "alpha_u": s.alpha_u, "holder": s.holder}
    for i, p in enumerate(d.pairwise):
        named[f"cohen {i}"], named[f"pair agreement {i}"] = p.cohen_kappa, p.percent_agreement
    for i, p in enumerate(s.pairwise):
        named[f"f1 exact {i}"], named[f"f1 overlap {i}"] = p.f1_exact, p.f1_overlap
    for i, p in enumerate(s.pairwise_alpha_u):
        named[f"pair alpha_u {i}"] = p.alpha_u
    for k, f in s.alpha_u_by_label.items():
        named[f"alpha_u {k}"] = f
    return {name: f.value for name, f in named.items()}


@pytest.mark.parametrize("rotate", [False, True])
def test_every_resampled_statistic_gives_the_report_figure_when_every_document_is_drawn_once(rotate):
    corpus = build_corpus(mixed_records(30, seed=5, rotate=rotate))
    report, workings = report_parts(corpus)
    rows, _ = resampled_rows(corpus)
    categories, _ = stance_categories(corpus, "nominal", None)
    statistics = document_statistics(corpus, workings, stance_codes(corpus, categories)[:, rows], len(categories))
    expected = figures_by_name(report)
    for name, value in expected.items():
        got = evaluate_once(statistics[name], len(rows))
        if value is None:
            assert math.isnan(got), name
        else:
            assert got == pytest.approx(value, abs=1e-12), name


def resampled_report(records: list[CodingRecord], rows: np.ndarray, doc_ids: tuple[str, ...], weights: np.ndarray):
    """The report recomputed from scratch on the resampled corpus: each drawn document repeated as
    often as drawn, as distinct documents (documents coded by fewer than two coders stay once)."""
    by_doc: dict[str, list[CodingRecord]] = {}
    for r in records:
        by_doc.setdefault(r.doc_id, []).append(r)
    resampled = set(doc_ids[i] for i in rows)
    out = []
    for doc_id, recs in by_doc.items():
        copies = int(weights[list(rows).index(doc_ids.index(doc_id))]) if doc_id in resampled else 1
        for j in range(copies):
            out += [replace(r, doc_id=f"{doc_id}#{j}") for r in recs]
    return agreement_report(out)


def test_resampled_sums_equal_the_report_recomputed_on_each_resampled_corpus():
    records = mixed_records(24, seed=11)
    corpus = build_corpus(records)
    report, workings = report_parts(corpus)
    rows, _ = resampled_rows(corpus)
    categories, _ = stance_categories(corpus, "nominal", None)
    statistics = document_statistics(corpus, workings, stance_codes(corpus, categories)[:, rows], len(categories))
    weights = draw_weights(np.random.default_rng(4), len(rows), 12)
    columns = {name: np.column_stack(s.columns) for name, s in statistics.items()}
    for b in range(len(weights)):
        w = weights[b : b + 1]
        again = figures_by_name(resampled_report(records, rows, corpus.doc_ids, w[0]))
        for name, statistic in statistics.items():
            if name not in again:
                continue
            got = statistic.values(w.astype(float) @ columns[name], w)[0]
            if again[name] is None:
                assert math.isnan(got), (b, name)
            else:
                assert got == pytest.approx(again[name], abs=1e-9), (b, name)


def test_first_order_cross_term_stays_close_to_the_exact_one_at_the_switch_over():
    # unitizing_parts: beyond 300 documents the unit-by-gap term is taken to first order; at 300 the
    # exact and the first-order values must agree closely for every resampled corpus.
    records = mixed_records(300, seed=9, rotate=False)
    corpus = build_corpus(records)
    _, workings = report_parts(corpus)
    rows, row_of = resampled_rows(corpus)
    from annotator.agreement.unitizing_parts import alpha_u_statistics

    parts = workings.continua[(0, 1, 2)]
    assert all(p.cross_matrix is not None for p in parts)
    exact, _ = alpha_u_statistics(parts, corpus.coded.all(axis=0), row_of, len(rows))
    linear = AlphaU(exact.columns, tuple(replace(p, cross_matrix=None) for p in parts), exact.place)
    weights = draw_weights(np.random.default_rng(0), len(rows), 300)
    sums = weights.astype(float) @ np.column_stack(exact.columns)
    a, b = exact.values(sums, weights), linear.values(sums, weights)
    assert np.mean(np.abs(a - b)) < 0.0005 and np.max(np.abs(a - b)) < 0.003
    assert np.abs(np.quantile(a, [0.025, 0.975]) - np.quantile(b, [0.025, 0.975])).max() < 0.001
    assert np.std(a) > 20 * np.mean(np.abs(a - b))  # far below the interval's width


def test_cohen_kappa_interval_agrees_with_statsmodels_on_documents_resampled_in_a_loop():
    records = mixed_records(80, seed=21, coders=("ana", "ben"), rotate=False)
    report = agreement_report(records, bootstrap=Bootstrap(samples=3000, seed=5))
    pair = report.documents.pairwise[0]
    stance = {(r.doc_id, r.coder): r.doc_label for r in records}
    docs = sorted({r.doc_id for r in records})
    labels = sorted({v for v in stance.values() if v})
    rng = np.random.default_rng(99)
    values = []
    for _ in range(1500):
        drawn = rng.choice(len(docs), size=len(docs))
        table = np.zeros((len(labels), len(labels)))
        for i in drawn:
            a, b = stance[(docs[i], "ana")], stance[(docs[i], "ben")]
            if a and b:
                table[labels.index(a), labels.index(b)] += 1
        values.append(cohens_kappa(table).kappa)
    assert abs(pair.cohen_kappa.interval.low - np.quantile(values, 0.025)) < 0.03
    assert abs(pair.cohen_kappa.interval.high - np.quantile(values, 0.975)) < 0.03
    assert pair.cohen_kappa.interval.resampled == "documents"


def test_percentile_interval_uses_kalphas_order_statistics():
    values = np.arange(1, 10_001, dtype=float)  # 1 … 10,000
    interval = percentile_interval(values, resampled="documents", alpha_min=(0.5, 5000.5))
    assert (interval.low, interval.high) == (250.0, 9751.0)
    assert interval.q_below == ((0.5, 0.0), (5000.5, 0.5))
    with_undefined = percentile_interval(np.array([np.nan, 1.0, 2.0]), resampled="documents")
    assert with_undefined.samples == 2 and with_undefined.undefined == 1
    assert percentile_interval(np.array([np.nan]), resampled="documents") is None


def test_default_sample_count_shrinks_for_big_corpora_and_says_so():
    assert samples_for(Bootstrap(), 10_000) == (10_000, None)
    samples, note = samples_for(Bootstrap(), 40_000)
    assert samples == 2_000 and "2,000 samples instead of 10,000" in note
    assert samples_for(Bootstrap(samples=123), 40_000) == (123, None)


def test_undefined_figures_get_no_interval():
    records = stance_records([["a", "a", "a"], ["a", "a", "a"]])  # one category only: κ and α undefined
    report = agreement_report(records, bootstrap=Bootstrap(samples=200))
    assert report.documents.fleiss_kappa.value is None and report.documents.fleiss_kappa.interval is None
    assert report.documents.krippendorff_alpha.interval is None
    assert report.documents.percent_agreement.interval.low == 1.0


def test_methods_text_quotes_exactly_the_figures_of_the_report():
    import re

    from annotator.agreement.methods import methods_text
    from annotator.agreement.table import report_text

    report = agreement_report(mixed_records(30, seed=13), bootstrap=Bootstrap(samples=300, seed=1))
    text = methods_text(report)
    paragraph, bibtex = text.split("\n\n", 1)
    table = report_text(report)
    quoted = re.findall(r"-?\d+\.\d{3}", paragraph)
    assert len(quoted) > 20
    for number in quoted:  # every number in the paragraph is one the report shows
        assert number in table, number
    d, s = report.documents, report.spans
    for figure in (d.krippendorff_alpha, d.fleiss_kappa, d.percent_agreement, s.alpha_u, s.f1_exact, s.f1_overlap):
        assert f"{figure.value:.3f}, 95% CI [{figure.interval.low:.3f}, {figure.interval.high:.3f}]" in paragraph
    assert f"N = {d.n_units:,} documents" in paragraph and "300 samples, seed 1" in paragraph
    for key in ("hayes2007", "krippendorff1995", "gwet2014", "cohen1960", "efron1993"):
        assert f"{{{key}," in bibtex
    for entry in bibtex.strip().split("\n\n"):  # whole entries: braces balance
        assert entry.startswith("@") and entry.count("{") == entry.count("}"), entry


def test_methods_text_names_undefined_figures_and_claims_no_interval_it_lacks():
    from annotator.agreement.methods import methods_text

    records = stance_records([["a", "a", "a"], ["a", "a", "a"]])
    text = methods_text(agreement_report(records))
    assert "Krippendorff's α (nominal) (every stance on the shared documents is the same value" in text
    assert "These figures are undefined: " in text and " is undefined: " not in text  # one sentence, not notes pasted
    assert "CI" not in text and "bootstrap" not in text


def test_methods_text_gives_one_pairs_kappa_without_a_range_and_several_as_a_range():
    from annotator.agreement.methods import methods_text

    two = methods_text(agreement_report(stance_records([["a", "b", "a", "b"], ["a", "b", "b", "b"]])))
    kappa = agreement_report(stance_records([["a", "b", "a", "b"], ["a", "b", "b", "b"]])).documents.pairwise[0].cohen_kappa
    assert f"Cohen's (1960) κ of c1 and c2 was {kappa.value:.3f} (N = 4)." in two and "ranged" not in two
    three = methods_text(agreement_report(stance_records([["a", "b", "a", "b"], ["a", "b", "b", "b"],
                                                          ["a", "a", "a", "b"]])))
    assert "Cohen's (1960) κ per coder pair ranged from " in three


def test_alpha_without_a_coder_gives_its_reason_in_the_notes():
    report = agreement_report(stance_records([["a", "b", "a"], ["a", "b", "b"]]))
    assert all(d.alpha_without.value is None for d in report.diagnostics)
    assert ("α without the coder is undefined for c1 and c2 (fewer than three coders: leaving one out leaves no pair)."
            in report.notes)
    three = agreement_report(stance_records([["a", "b", "a"], ["a", "b", "b"], ["a", "b", "a"]]))
    assert not any(n.startswith("α without") for n in three.notes)
