"""The bulk import path: spans matched by uid, in file order, whatever the batch size and table state."""

import pytest

from annotator.core.errors import InputError
from annotator.core.types import CodingRecord, SpanRecord, Status
from annotator.store import records
from annotator.store._rows import run
from annotator.store.records import import_coding_records

TEXT = "Кто-то 👍 said: engage with Minsk. Others disagree."
DAY = "2025-01-0{}T00:00:00.000000+00:00"


def _record(*spans):
    return CodingRecord("", TEXT, {}, "alice", status=Status.DONE, spans=tuple(spans))


def _span(uid, label, day, start=0, end=6):
    return SpanRecord(start, end, label, uid=uid, created_at=DAY.format(1), updated_at=DAY.format(day))


def _stored(db):
    with db.read() as tx:
        rows = run(tx,
            'SELECT s.uid, l.name, s.start, s."end", s.updated_at FROM span s JOIN label l ON l.id = s.label_id ORDER BY s.uid'
        )
        return {uid: (label, start, end, updated[:10]) for uid, label, start, end, updated in rows}


@pytest.mark.parametrize("batch", [1, 2, 50_000])
def test_same_uid_twice_in_one_file_and_again_later(db, monkeypatch, batch):
    monkeypatch.setattr(records, "_SPAN_BATCH", batch)
    first = _record(
        _span("u1", "pro-engagement", 2),
        _span("u2", "pro-isolation", 3),
        _span("u1", "pro-isolation", 3, 7, 9),  # newer copy of u1 in the same file: it wins
        _span("u2", "ambivalent", 2),  # older copy of u2: ignored
        _span("u2", "pro-isolation", 3),  # the same as stored: unchanged
    )
    with db.transaction() as tx:
        counts = import_coding_records(tx, [first])
    assert (counts.spans_added, counts.spans_updated, counts.spans_unchanged) == (2, 1, 2)
    assert _stored(db) == {"u1": ("pro-isolation", 7, 9, "2025-01-03"), "u2": ("pro-isolation", 0, 6, "2025-01-03")}

    later = _record(_span("u3", "ambivalent", 1), _span("u1", "ambivalent", 4), _span("u2", "pro-isolation", 3))
    with db.transaction() as tx:
        counts = import_coding_records(tx, [later])
    assert (counts.spans_added, counts.spans_updated, counts.spans_unchanged) == (1, 1, 1)
    assert _stored(db) == {
        "u1": ("ambivalent", 0, 6, "2025-01-04"),
        "u2": ("pro-isolation", 0, 6, "2025-01-03"),
        "u3": ("ambivalent", 0, 6, "2025-01-01"),
    }


def test_a_bad_span_after_a_full_batch_imports_nothing(db, monkeypatch):
    monkeypatch.setattr(records, "_SPAN_BATCH", 2)
    bad = SpanRecord(0, len(TEXT) + 1, "ambivalent", uid="u9")
    with pytest.raises(InputError, match="past the end of the text"):
        with db.transaction() as tx:
            import_coding_records(tx, [_record(_span("u1", "ambivalent", 1), _span("u2", "ambivalent", 1),
                                               _span("u3", "ambivalent", 1), bad)])
    assert _stored(db) == {}
