"""spaCy export: a DocBin with every span in `doc.spans["sc"]` and non-overlapping ones in `doc.ents`.

Tokenised with spaCy's language-neutral blank pipeline (`xx`). A span whose edges fall inside a token
cannot be a spaCy span; it is reported (never silently dropped) and left out of that Doc.
spaCy is an optional dependency (`pip install annotator[spacy]`), imported only here.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from annotator.core.errors import InputError
from annotator.core.types import CodingRecord
from annotator.io.exporters import atomic_output

SPAN_KEY = "sc"


def write_docbin(records: Iterable[CodingRecord], path: Path) -> list[str]:
    """Write the records to a `.spacy` file; returns a description of each span that does not align."""
    try:
        import spacy
        from spacy.tokens import DocBin
    except ImportError as exc:
        raise InputError("spaCy is not installed", hint="pip install 'annotator[spacy]'") from exc
    nlp = spacy.blank("xx")
    docbin = DocBin(store_user_data=False)
    misaligned = []
    for record in records:
        doc = nlp.make_doc(record.text)
        spans = []
        for s in record.spans:
            span = doc.char_span(s.start, s.end, label=s.label, alignment_mode="strict")
            if span is None:
                misaligned.append(f"{record.doc_id} {s.start}-{s.end} {s.label}: {record.text[s.start:s.end]!r}")
            else:
                spans.append(span)
        doc.spans[SPAN_KEY] = spans
        doc.ents = [a for a in spans if not any(b is not a and a.start < b.end and b.start < a.end for b in spans)]
        docbin.add(doc)
    with atomic_output(path) as fh:
        fh.write(docbin.to_bytes())
    return misaligned
