"""Coder diagnostics: α without a coder against the krippendorff package on the reduced data, label use
and span lengths counted by hand, drift by week on a hand-made two-week example, and the HTML chart."""

from __future__ import annotations

from dataclasses import replace

import krippendorff
import numpy as np
import pytest

from annotator.agreement.html import report_html
from annotator.agreement.report import agreement_report
from annotator.agreement.serialize import report_json
from tests.agreement.conftest import span_record, stance_records


def test_alpha_without_each_coder_is_the_packages_alpha_of_the_others(krippendorff_2011):
    report = agreement_report(stance_records(krippendorff_2011, coders=["A", "B", "C", "D"]))
    data = np.array([[np.nan if v is None else v for v in row] for row in krippendorff_2011], dtype=float)
    for i, d in enumerate(report.diagnostics):
        rest = np.delete(data, i, axis=0)
        expected = krippendorff.alpha(reliability_data=rest, level_of_measurement="nominal")
        assert d.alpha_without.value == pytest.approx(expected, abs=1e-12)
    # pairwise κ seen from each coder are the report's own pairwise figures
    assert report.diagnostics[0].kappa_with["B"] == report.documents.pairwise[0].cohen_kappa


def test_alpha_without_is_undefined_with_two_coders():
    report = agreement_report(stance_records([["a", "b"], ["a", "b"]]))
    assert all(d.alpha_without.value is None and "fewer than three" in d.alpha_without.reason
               for d in report.diagnostics)


TEXT = "Sanctions must stay, says the EU. Talks are needed now, Лукашенко 🇧🇾 replies."


def week_records():
    # ann and bob; week 48: both say "pro" on d1 (agree) with identical spans; week 49: they differ on d2
    # and bob misses ann's span there. Dates in the records' updated_at.
    def rec(doc, coder, stance, spans, stamp):
        return replace(span_record(doc, TEXT + doc, coder, spans, stance), updated_at=stamp)

    return [
        rec("d1", "ann", "pro", [(0, 9, "iso"), (34, 45, "eng")], "2026-11-24T10:00:00+00:00"),
        rec("d1", "bob", "pro", [(0, 9, "iso"), (34, 45, "eng")], "2026-11-25T10:00:00+00:00"),
        rec("d2", "ann", "pro", [(0, 9, "iso")], "2026-12-01T10:00:00+00:00"),
        rec("d2", "bob", "anti", [(34, 45, "eng")], "2026-12-02T10:00:00+00:00"),
    ]


def test_drift_by_week_counts_agreement_on_the_documents_coded_that_week():
    ann = agreement_report(week_records()).diagnostics[0]
    assert [w.week for w in ann.weeks] == ["2026-W48", "2026-W49"]
    first, second = ann.weeks
    assert (first.documents, first.stance.value, first.stance.n) == (1, 1.0, 1)
    assert first.f1_overlap.value == 1.0 and first.f1_overlap.n == 4
    assert (second.stance.value, second.f1_overlap.value) == (0.0, 0.0)
    assert ann.spans_by_label == {"eng": 1, "iso": 2}
    assert ann.length_quartiles == (9, 9, 9, 9, 11)  # lengths 9, 9, 11: quartiles as observed lengths (lower)
    assert sum(ann.length_histogram) == 3 and ann.length_histogram[0] == 2  # lengths 9, 9 in [1, 10)


def test_diagnostics_in_json_and_a_chart_per_coder_in_html():
    report = agreement_report(week_records())
    data = report_json(report)["coder_diagnostics"]
    assert [d["coder"] for d in data] == ["ann", "bob"]
    assert data[0]["weeks"][1] == {"week": "2026-W49", "n_documents": 1, "stance_agreement": 0.0, "n_stances": 1,
                                   "f1_overlap": 0.0, "n_spans": 2}
    html = report_html(report)
    assert "<h2>Coders</h2>" in html
    assert html.count("aria-label='Diagnostics of") == 2
    assert "2026-W48: stance 1.000 (1 documents)" in html
