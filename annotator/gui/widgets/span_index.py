"""Where the shown spans lie in the reader, in Qt positions, for per-block highlighting and hit tests.

Spans are bucketed by fixed-size chunks of Qt positions, so the highlighter asks only for the spans
near one block and adding a span touches only its own chunks (no scan of the whole document).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from annotator.core.types import Span
from annotator.gui.widgets.text_positions import TextPositions

CHUNK = 512  # Qt positions per bucket: a few lines of text


class ShownSpan(NamedTuple):
    """A span as the reader draws it: Qt positions, label, and whether another coder made it.

    A tuple rather than a frozen dataclass: a 1 MB article may show 10,000 of them, made on every
    open (a frozen dataclass costs ~4x as much to create)."""

    span: Span
    qt_start: int
    qt_end: int
    other: bool

    @property
    def uid(self) -> str:
        return self.span.uid

    @property
    def qt_length(self) -> int:
        return self.qt_end - self.qt_start


class SpanIndex:
    """The spans of one document in Qt positions, bucketed by chunk."""

    def __init__(self, positions: TextPositions) -> None:
        self.positions = positions
        self._by_uid: dict[str, ShownSpan] = {}
        self._chunks: dict[int, list[ShownSpan]] = {}

    def __len__(self) -> int:
        return len(self._by_uid)

    def __contains__(self, uid: str) -> bool:
        return uid in self._by_uid

    def spans(self) -> list[ShownSpan]:
        return list(self._by_uid.values())

    def get(self, uid: str) -> ShownSpan | None:
        return self._by_uid.get(uid)

    def add_all(self, spans: Iterable[Span], *, other: bool = False) -> None:
        """`add` for many spans (a whole document's): the same result, with the loop kept tight."""
        spans = list(spans)
        starts = self.positions.to_qt_all([span.start for span in spans])
        ends = self.positions.to_qt_all([span.end for span in spans])
        by_uid, chunks = self._by_uid, self._chunks
        for span, qt_start, qt_end in zip(spans, starts, ends, strict=True):
            if span.uid in by_uid:
                self.remove(span.uid)
            shown = by_uid[span.uid] = ShownSpan(span, qt_start, qt_end, other)
            for chunk in range(qt_start // CHUNK, (max(qt_end, qt_start + 1) - 1) // CHUNK + 1):
                bucket = chunks.get(chunk)
                if bucket is None:
                    chunks[chunk] = [shown]
                else:
                    bucket.append(shown)

    def add(self, span: Span, *, other: bool = False) -> ShownSpan:
        """Show `span` (replacing a shown span with the same uid); returns its entry."""
        self.remove(span.uid)
        shown = ShownSpan(span, self.positions.to_qt(span.start), self.positions.to_qt(span.end), other)
        self._by_uid[span.uid] = shown
        for chunk in self._chunk_range(shown.qt_start, shown.qt_end):
            self._chunks.setdefault(chunk, []).append(shown)
        return shown

    def remove(self, uid: str) -> ShownSpan | None:
        shown = self._by_uid.pop(uid, None)
        if shown is not None:
            for chunk in self._chunk_range(shown.qt_start, shown.qt_end):
                self._chunks[chunk].remove(shown)
        return shown

    def remove_others(self) -> list[ShownSpan]:
        """Stop showing other coders' spans; returns them (their blocks need re-highlighting)."""
        others = [s for s in self._by_uid.values() if s.other]
        for shown in others:
            self.remove(shown.uid)
        return others

    def overlapping(self, qt_start: int, qt_end: int) -> list[ShownSpan]:
        """Shown spans that share at least one position with [qt_start, qt_end), longest first."""
        found: dict[str, ShownSpan] = {}
        chunks = self._chunks
        for chunk in self._chunk_range(qt_start, max(qt_end, qt_start + 1)):
            for shown in chunks.get(chunk, ()):
                if shown.qt_start < qt_end and shown.qt_end > qt_start:
                    found[shown.span.uid] = shown
        return sorted(found.values(), key=_longest_first)

    def at(self, qt_position: int) -> list[ShownSpan]:
        """Shown spans covering the character at `qt_position`, innermost (shortest) first."""
        return self.overlapping(qt_position, qt_position + 1)[::-1]

    @staticmethod
    def _chunk_range(qt_start: int, qt_end: int) -> range:
        return range(qt_start // CHUNK, (max(qt_end, qt_start + 1) - 1) // CHUNK + 1)


def _longest_first(shown: ShownSpan) -> tuple[int, int, str]:
    return (shown.qt_start - shown.qt_end, shown.qt_start, shown.span.uid)
