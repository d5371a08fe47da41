"""One coder's spans of a document, read the quick way, are the spans the plain way reads (issue 14).

The reference is the plain way: every span's row joined to its coder's and label's names, sorted in
text order (start, end, label, coder, uid) and made with `Span(...)`.
"""

from operator import itemgetter

from annotator.core.span_ids import new_span_uid
from annotator.core.types import DocumentId, NewDocument, Span
from annotator.store import spans
from annotator.store._rows import run
from annotator.store.documents import add_documents
from annotator.store.span_rows import spans_of_rows

TEXT = "Кто-то 👍 said: engage with Minsk.\r\nOthers disagree, й\u0306 🇧🇾 and more.\n" * 3
PLAIN = ('SELECT s.uid, s.document_id, c.name, s.start, s."end", l.name, s.holder, s.note, s.unsure, s.created_at,'
         " s.updated_at, s.provenance, s.source_id FROM span s JOIN coder c ON c.id = s.coder_id"
         " JOIN label l ON l.id = s.label_id WHERE s.document_id = ? AND c.name = ?")


def _reference(tx, document_id, coder):
    rows = sorted(run(tx, PLAIN, (document_id, coder)).all(), key=itemgetter(3, 4, 5, 2, 0))
    return [Span(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], bool(r[8]), r[9], r[10], r[11], r[12]) for r in rows]


def test_a_coders_spans_are_those_the_plain_query_reads_in_the_same_order(db):
    with db.transaction() as tx:
        first, second = (d.id for d in add_documents(tx, [NewDocument(TEXT, title="a"), NewDocument(TEXT + "!")]))
        labels = ["pro-engagement", "pro-isolation", "ambivalent"]
        for i in range(60):
            start = (i * 7) % (len(TEXT) - 20)
            end = start + 1 + i % 5 if i % 4 else start + 9
            for coder, document in (("alice", first), ("bob", first), ("alice", second)):
                spans.add_span(tx, Span(new_span_uid(), document, coder, start, end, labels[i % 3],
                                        holder="an EU diplomat" if i % 2 else None, note="irony?" if i % 5 == 0 else None,
                                        unsure=i % 3 == 0, provenance="model" if i % 7 == 0 else None))
        for label in labels * 2:  # the same passage under every label, twice: told apart by label, then uid
            spans.add_span(tx, Span(new_span_uid(), first, "alice", 10, 15, label))
    with db.read() as tx:
        for coder, document in (("alice", first), ("bob", first), ("alice", second), ("bob", second)):
            quick, plain = spans.spans_for(tx, document, coder), _reference(tx, document, coder)
            assert quick == plain
            assert [repr(s) for s in quick] == [repr(s) for s in plain]
            assert {hash(s) for s in quick} == {hash(s) for s in plain}
            assert all(type(s.document_id) is int and type(s.unsure) is bool for s in quick)
        assert len(spans.spans_for(tx, first, "alice")) == 66
        assert spans.spans_for(tx, first, "nobody") == []


def test_a_span_made_from_its_row_equals_the_span_its_constructor_makes():
    row = ("uid-1", 3, 9, 2, "holder", None, 1, "2026-01-01T00:00:00+00:00", "2026-01-02T00:00:00+00:00", "model", "x7")
    made = spans_of_rows([row], DocumentId(4), "alice", {2: "ambivalent"})[0]
    built = Span("uid-1", DocumentId(4), "alice", 3, 9, "ambivalent", "holder", None, True,
                 "2026-01-01T00:00:00+00:00", "2026-01-02T00:00:00+00:00", "model", "x7")
    assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
