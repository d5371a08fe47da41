"""The report as a whole: reading records, JSON keys, text and HTML renderings, disagreement list."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

from annotator.agreement.corpus import build_corpus
from annotator.agreement.disagreements import disagreements, stance_disagreements
from annotator.agreement.html import report_html
from annotator.agreement.report import agreement_report
from annotator.agreement.serialize import report_json
from annotator.agreement.table import report_text
from annotator.core.errors import InputError
from annotator.core.types import CodingRecord, SpanRecord
from tests.agreement.conftest import span_record

TEXT = "Sanctions must stay. Dialogue 🇧🇾 is needed now, says Лукашенко."


def study() -> list[CodingRecord]:
    return [
        CodingRecord("d1", TEXT, {}, None),
        span_record("d1", TEXT, "ann", [(0, 20, "isolation", "author"), (21, 47, "engagement")], "isolation"),
        span_record("d1", TEXT, "bob", [(0, 20, "isolation", "Author"), (30, 47, "engagement", "EU")], "isolation"),
        span_record("d2", "Facts only.", "ann", [], "none"),
        span_record("d2", "Facts only.", "bob", [(0, 5, "isolation")], "engagement"),
        span_record("d2", "Facts only.", "gold", [], "none"),
    ]


def test_json_has_exactly_the_documented_keys():
    data = report_json(agreement_report(study()))
    assert set(data) == {"coders", "documents", "spans", "notes", "reliability_sample", "coder_diagnostics"}
    assert {"n_units", "percent_agreement", "fleiss_kappa", "krippendorff_alpha", "level", "pairwise"} == set(data["documents"])
    assert {"coders", "cohen_kappa", "n", "percent_agreement", "confusion"} == set(data["documents"]["pairwise"][0])
    span_keys = {"alpha_u", "alpha_u_by_label", "f1_exact", "f1_overlap", "pairwise", "holder", "alpha_u_pairwise",
                 "pairwise_alpha_u"}
    assert span_keys <= set(data["spans"])
    assert all(key.startswith("n_") for key in set(data["spans"]) - span_keys)  # beside them, only the N's
    assert {"coders", "f1_exact", "f1_overlap", "by_label"} <= set(data["spans"]["pairwise"][0])
    assert data["coders"] == ["ann", "bob"]
    assert data["documents"]["pairwise"][0]["confusion"] == {
        "categories": ["engagement", "isolation", "none"], "counts": [[0, 0, 0], [0, 1, 0], [1, 0, 0]]}


def test_undefined_values_are_null_with_a_note():
    records = [span_record("d1", "abc", "ann", [], "pro"), span_record("d2", "def", "bob", [], "pro")]
    data = report_json(agreement_report(records))
    assert data["documents"]["krippendorff_alpha"] is None
    assert data["documents"]["pairwise"][0]["cohen_kappa"] is None
    assert data["spans"]["alpha_u"] is None and data["spans"]["f1_exact"] is None
    assert any(note.startswith("Krippendorff's α (nominal) is undefined: no document has a stance from two coders")
               for note in data["notes"])


def test_gold_is_left_out_unless_named():
    report = agreement_report(study())
    assert report.coders == ("ann", "bob")
    assert any("'gold'" in note for note in report.notes)
    named = agreement_report(study(), coders=["gold", "ann"])
    assert named.coders == ("gold", "ann")
    assert named.documents.pairwise[0].n == 1


def test_unknown_coder_is_an_error_that_names_the_coders():
    with pytest.raises(InputError, match="'zed'") as info:
        agreement_report(study(), coders=["ann", "zed"])
    assert "ann, bob, gold" in info.value.hint


def test_label_filter_keeps_only_those_labels():
    report = agreement_report(study(), labels=["engagement"])
    assert report.spans.labels == ("engagement",)
    assert report.spans.pairwise[0].n_spans == (1, 1)
    assert any("3 spans" in note and "left out" in note for note in report.notes)  # isolation: ann 1, bob 2


@pytest.mark.parametrize(("records", "message"), [
    ([CodingRecord("d", "one", {}, "ann"), CodingRecord("d", "two", {}, "bob", source_line=7)], "two different texts"),
    ([CodingRecord("d", "one", {}, "ann"), CodingRecord("d", "one", {}, "ann", source_line=3)], "two records"),
    ([CodingRecord("d", "one", {}, "ann", spans=(SpanRecord(2, 9, "pro"),), source_line=4)], "past the end"),
])
def test_bad_input_is_a_clear_error(records, message):
    with pytest.raises(InputError, match=message) as info:
        agreement_report(records)
    assert info.value.line is not None


def test_offsets_are_code_points_with_emoji_and_cyrillic():
    flag = TEXT.index("🇧🇾")
    name = TEXT.index("Лукашенко")
    records = [span_record("d", TEXT, "ann", [(flag, flag + 2, "x"), (name, len(TEXT) - 1, "y")]),
               span_record("d", TEXT, "bob", [(flag, flag + 2, "x"), (name, len(TEXT) - 1, "y")])]
    report = agreement_report(records)
    assert report.spans.f1_exact.value == 1.0 and report.spans.alpha_u.value == 1.0
    assert report.spans.n_characters == len(TEXT)


def test_text_table_shows_values_and_their_n():
    text = report_text(agreement_report(study()))
    assert "Krippendorff's α (nominal)" in text and "Fleiss' κ" in text
    assert re.search(r"ann / bob\s+-?\d\.\d{3}\s+\d\.\d{3}\s+2", text)  # Cohen's κ, agreement, N
    assert "Confusion: ann (rows) by bob (columns)" in text
    assert "Holder agreement: 0.500 (N = 2" in text  # author = Author; none vs EU
    assert "Notes" in text


def test_html_is_self_contained_and_well_formed():
    records = study() + [span_record("d3", "x" * 30, c, [(0, 9, "<script>alert(1)</script>")], "none")
                         for c in ("ann", "bob")]
    page = report_html(agreement_report(records), title="Agreement & more")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//|[\w./-]+\.(css|js|png|svg))""", page)
    svg = page[page.index("<svg"): page.index("</svg>") + 6]
    ElementTree.fromstring(svg)  # the bar chart is valid XML
    assert svg.count("<rect") >= 3 * 3  # three series per label (undefined bars are text)
    assert "class='heat'" in page and "rgba(76, 114, 176, 1.000)" in page


def test_disagreements_list_passages_with_each_coders_label():
    found = disagreements(study())
    assert [(d.doc_id, d.start, d.end) for d in found] == [("d1", 21, 47), ("d2", 0, 5)]
    first = found[0]
    assert first.labels == {"ann": "engagement", "bob": "engagement"}
    assert first.coders[1].spans == ((30, 47, "engagement"),)
    assert found[1].labels == {"ann": None, "bob": "isolation"}


def test_disagreements_chain_overlaps_and_ignore_documents_with_one_coder():
    text = "y" * 60
    records = [span_record("a", text, "ann", [(0, 10, "pro"), (8, 20, "contra")]),
               span_record("a", text, "bob", [(15, 30, "pro"), (40, 50, "pro")]),
               span_record("a", text, "cid", [(40, 50, "pro")]),
               span_record("b", text, "ann", [(0, 10, "pro")])]
    found = disagreements(records)
    assert [(d.start, d.end) for d in found] == [(0, 30), (40, 50)]  # (40, 50): ann marked nothing
    assert found[0].labels == {"ann": "contra", "bob": "pro", "cid": None}
    assert found[1].labels == {"ann": None, "bob": "pro", "cid": "pro"}
    assert disagreements(records, coders=["bob", "cid"]) == [
        d for d in disagreements(records, coders=["bob", "cid"]) if d.doc_id == "a"]
    assert [(d.start, d.end) for d in disagreements(records, coders=["bob", "cid"])] == [(15, 30)]


def test_stance_disagreements_list_documents_whose_coders_chose_differently():
    text = "z" * 10
    records = [span_record("same", text, "ann", [], "eng"), span_record("same", text, "bob", [], "eng"),
               span_record("differ", text, "ann", [], "eng"), span_record("differ", text, "bob", [], "iso"),
               span_record("differ", text, "cid", [], "eng"),
               span_record("unset", text, "ann", [], None), span_record("unset", text, "bob", [], "iso"),
               span_record("none", text, "ann", [], None), span_record("none", text, "bob", [], None),
               span_record("alone", text, "ann", [], "iso")]
    found = stance_disagreements(build_corpus(records))
    assert found == [("differ", (("ann", "eng"), ("bob", "iso"), ("cid", "eng"))),
                     ("unset", (("ann", None), ("bob", "iso")))]  # a stance not chosen differs from one chosen
    assert [d.doc_id for d in stance_disagreements(build_corpus(records, coders=["ann", "cid"]))] == []
    assert stance_disagreements(build_corpus([])) == []


def test_documents_without_any_stance_are_noted():
    records = study() + [span_record("d3", "no stance", c, []) for c in ("ann", "bob")]
    report = agreement_report(records)
    assert report.documents.n_units == 2
    assert any(note.startswith("1 coded documents have no stance from any coder") for note in report.notes)


def test_codebook_orders_the_stance_categories():
    from annotator.core.codebook import Codebook, Label

    book = Codebook(stance_options=tuple(Label(n, "stance") for n in ("none", "isolation", "engagement", "unused")))
    documents = agreement_report(study(), codebook=book).documents
    assert documents.categories == ("none", "isolation", "engagement", "unused")
    assert documents.pairwise[0].confusion.shape == (4, 4)
    assert documents.level == "nominal"


def test_package_exposes_what_the_gui_calls():
    import annotator.agreement as agreement

    report = agreement.agreement_report(study())
    assert isinstance(report, agreement.AgreementReport)
    assert agreement.disagreements(study())[0].doc_id == "d1"
    assert agreement.report_json(report)["coders"] == ["ann", "bob"]
