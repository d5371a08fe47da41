"""Pairwise span F1 (exact, overlap) and holder agreement: hand-checked cases, a brute-force second
computation on random spans, and properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.agreement.report import agreement_report
from tests.agreement.conftest import span_record

TEXT = "x" * 100


def pair_of(ann, bob, **kwargs):
    report = agreement_report([span_record("d", TEXT, "ann", ann), span_record("d", TEXT, "bob", bob)], **kwargs)
    (pair,) = report.spans.pairwise
    return report.spans, pair


def test_exact_and_overlap_hand_computed():
    # ann: 3 spans, bob: 2. Exact: (0, 10, pro) only -> P = 1/3, R = 1/2, F1 = 0.4.
    # Overlap: ann's (0,10) and (20,30) meet bob's spans; (50,60) meets nothing: P = 2/3, R = 2/2, F1 = 0.8.
    spans, pair = pair_of([(0, 10, "pro"), (20, 30, "pro"), (50, 60, "pro")], [(0, 10, "pro"), (25, 40, "pro")])
    assert pair.f1_exact.value == pytest.approx(0.4)
    assert pair.f1_overlap.value == pytest.approx(0.8)
    assert pair.f1_exact.n == 5 and pair.n_spans == (3, 2)
    assert spans.f1_exact.value == pytest.approx(0.4) and spans.f1_exact.n == 1  # one coder pair


def test_touching_spans_do_not_overlap_and_labels_must_match():
    _, pair = pair_of([(0, 10, "pro"), (30, 40, "pro")], [(10, 20, "pro"), (30, 40, "contra")])
    assert pair.f1_overlap.value == 0.0
    assert pair.by_label["pro"].f1_overlap.value == 0.0
    assert pair.by_label["contra"].f1_overlap.value == 0.0  # ann has no contra span, bob's is unmatched


def test_any_overlap_counting_without_one_to_one_matching():
    # One long span of ann against two short ones of bob inside it: every span meets one of the other side.
    _, pair = pair_of([(0, 50, "pro")], [(5, 10, "pro"), (20, 30, "pro")])
    assert pair.f1_overlap.value == 1.0
    assert pair.f1_exact.value == 0.0


def test_f1_per_label():
    _, pair = pair_of([(0, 10, "pro"), (20, 30, "contra")], [(0, 10, "pro"), (60, 70, "contra")])
    assert pair.by_label["pro"].f1_exact.value == 1.0
    assert pair.by_label["contra"].f1_exact.value == 0.0
    assert pair.by_label["contra"].n_spans == (1, 1)


def test_no_spans_at_all_is_undefined_one_side_empty_is_zero():
    spans, pair = pair_of([], [])
    assert pair.f1_exact.value is None and pair.f1_overlap.value is None
    assert "neither coder marked a span" in pair.f1_exact.reason
    assert spans.f1_exact.value is None and "no coder pair" in spans.f1_exact.reason
    _, pair = pair_of([(0, 5, "pro")], [])
    assert pair.f1_exact.value == 0.0 and pair.f1_overlap.value == 0.0


def test_unweighted_mean_over_pairs_on_shared_documents_only():
    other = "y" * 50
    records = [
        span_record("d", TEXT, "ann", [(0, 10, "pro")]), span_record("d", TEXT, "bob", [(0, 10, "pro")]),
        span_record("e", other, "ann", [(0, 10, "pro")]), span_record("e", other, "cid", [(20, 30, "pro")]),
        span_record("e", other, "bob", [(0, 10, "pro")]),
    ]
    spans = agreement_report(records).spans
    by_pair = {p.coders: p for p in spans.pairwise}
    assert by_pair["ann", "bob"].f1_exact.value == 1.0 and by_pair["ann", "bob"].n_documents == 2
    assert by_pair["ann", "cid"].f1_exact.value == 0.0 and by_pair["ann", "cid"].n_documents == 1
    assert by_pair["ann", "cid"].n_spans == (1, 1)  # ann's span in d is not compared: cid did not code d
    assert spans.f1_exact.value == pytest.approx((1.0 + 0.0 + 0.0) / 3)
    assert spans.f1_exact.n == 3


def test_a_coder_with_no_spans_takes_part():
    records = [span_record("d", TEXT, "ann", [(0, 10, "pro")]), span_record("d", TEXT, "bob", [])]
    spans = agreement_report(records).spans
    assert spans.pairwise[0].f1_overlap.value == 0.0
    assert spans.alpha_u.defined and spans.alpha_u.value < 0.5
    assert spans.n_documents == 1


def test_holder_agreement_over_overlapping_same_label_pairs():
    ann = [(0, 10, "pro", "Lukashenko"), (20, 30, "pro", "author"), (40, 50, "pro"), (60, 70, "pro", "EU"), (80, 90, "contra", "EU")]
    bob = [(5, 12, "pro", "  lukashenko "), (20, 30, "pro", "Tsikhanouskaya"), (40, 50, "pro"), (60, 70, "pro"), (80, 90, "pro", "EU")]
    spans, _ = pair_of(ann, bob)
    # compared: Lukashenko = lukashenko (agree), author/Tsikhanouskaya (differ), EU/none (differ);
    # the pair with no holder on either side is left out; (80, 90) differs in label, so it is no pair.
    assert spans.holder.value == pytest.approx(1 / 3)
    assert spans.holder.n == 3
    notes = agreement_report([span_record("d", TEXT, "ann", ann), span_record("d", TEXT, "bob", bob)]).notes
    assert any("1 overlapping same-label span pairs where neither coder gave a holder" in n for n in notes)


def test_holder_undefined_without_pairs():
    spans, _ = pair_of([(0, 10, "pro")], [(50, 60, "pro")])
    assert spans.holder.value is None and spans.holder.reason


# --- brute force on random spans -----------------------------------------------------------------

span = st.tuples(st.integers(0, 39), st.integers(1, 12), st.sampled_from(["pro", "contra"]), st.sampled_from([None, "a", "b"]))


def to_spans(raw):
    return [(s, min(s + n, 40), label, holder) for s, n, label, holder in raw]


def brute_f1(a, b, same):
    matched_a = sum(any(same(x, y) for y in b) for x in a)
    matched_b = sum(any(same(y, x) for x in a) for y in b)
    if not a and not b:
        return None
    if matched_a == 0:
        return 0.0
    p, r = matched_a / len(a), matched_b / len(b)
    return 2 * p * r / (p + r)


def exact(x, y):
    return x[:3] == y[:3]


def overlap(x, y):
    return x[2] == y[2] and x[0] < y[1] and y[0] < x[1]


@settings(max_examples=150, deadline=None)
@given(st.lists(span, max_size=8), st.lists(span, max_size=8), st.lists(span, max_size=8), st.lists(span, max_size=8))
def test_f1_and_holder_match_brute_force(a1, b1, a2, b2):
    docs = {"d1": "p" * 40, "d2": "q" * 40}
    coding = {"ann": {"d1": to_spans(a1), "d2": to_spans(a2)}, "bob": {"d1": to_spans(b1), "d2": to_spans(b2)}}
    records = [span_record(d, text, c, coding[c][d]) for d, text in docs.items() for c in coding]
    spans = agreement_report(records).spans
    (pair,) = spans.pairwise
    # offsets are per document: tag each span with its document before comparing
    a = [(d, *x) for d in docs for x in coding["ann"][d]]
    b = [(d, *x) for d in docs for x in coding["bob"][d]]
    ex = brute_f1([(s, e, (d, k)) for d, s, e, k, _ in a], [(s, e, (d, k)) for d, s, e, k, _ in b], exact)
    ov = brute_f1([(s, e, (d, k)) for d, s, e, k, _ in a], [(s, e, (d, k)) for d, s, e, k, _ in b], overlap)
    assert (pair.f1_exact.value is None) == (ex is None) and (pair.f1_overlap.value is None) == (ov is None)
    if ex is not None:
        assert math.isclose(pair.f1_exact.value, ex) and math.isclose(pair.f1_overlap.value, ov)
        assert 0.0 <= pair.f1_exact.value <= pair.f1_overlap.value <= 1.0
    compared = [(x[4], y[4]) for x in a for y in b if x[0] == y[0] and overlap(x[1:4], y[1:4]) and (x[4] or y[4])]
    if compared:
        assert math.isclose(spans.holder.value, sum(p == q for p, q in compared) / len(compared))
        assert spans.holder.n == len(compared)
    else:
        assert spans.holder.value is None


@settings(max_examples=60, deadline=None)
@given(st.lists(span, max_size=8), st.lists(span, max_size=8))
def test_swapping_coders_changes_nothing(a, b):
    records = [span_record("d", "p" * 40, "ann", to_spans(a)), span_record("d", "p" * 40, "bob", to_spans(b))]
    forward = agreement_report(records).spans
    backward = agreement_report(records, coders=["bob", "ann"]).spans
    for name in ("f1_exact", "f1_overlap", "holder", "alpha_u"):
        x, y = getattr(forward, name), getattr(backward, name)
        assert (x.value is None) == (y.value is None)
        if x.value is not None:
            assert math.isclose(x.value, y.value, abs_tol=1e-12)


@settings(max_examples=60, deadline=None)
@given(st.lists(span, min_size=1, max_size=8))
def test_identical_spans_agree_perfectly(a):
    records = [span_record("d", "p" * 40, c, to_spans(a)) for c in ("ann", "bob", "cid")]
    spans = agreement_report(records).spans
    assert spans.f1_exact.value == 1.0 and spans.f1_overlap.value == 1.0
    assert spans.alpha_u.value == 1.0
