"""What a model learns from and is tested on: the gold standard (and, if asked, what coders agree on),
split by document exactly as `annotator export --gold --split` splits it (test documents never train)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import orjson

from annotator.core.adjudication import agreed_stance, candidates
from annotator.core.codebook import Codebook
from annotator.core.types import GOLD_CODER, CodingRecord, Status, content_hash
from annotator.model.stance_model import LabelledText
from annotator.operations.dataset import split_of
from annotator.store import codebooks
from annotator.store.database import Database
from annotator.store.records import iter_coding_records

DEFAULT_RATIOS = (0.8, 0.1, 0.1)


@dataclass(frozen=True, slots=True)
class ModelData:
    """Labelled documents by split: `train` holds the export's train and dev documents, `test` its test
    documents; each entry is (content hash, document)."""

    train: tuple[tuple[str, LabelledText], ...]
    test: tuple[tuple[str, LabelledText], ...]
    codebook: Codebook
    source: str  # "gold" or "gold and coders' agreement"

    def data_hash(self, params: dict) -> str:
        """SHA-256 of the training documents (text hash, spans, stance) and the training parameters."""
        digest = hashlib.sha256(orjson.dumps(params, option=orjson.OPT_SORT_KEYS))
        for text_hash, doc in sorted(self.train, key=lambda item: item[0]):
            digest.update(orjson.dumps([text_hash, sorted(doc.spans), doc.stance]))
        return digest.hexdigest()


def model_data(db: Database, *, from_coders: bool = False, ratios: Sequence[float] = DEFAULT_RATIOS,
               seed: int = 0) -> ModelData:
    with db.read() as tx:
        book = codebooks.load_codebook(tx)
        records = list(iter_coding_records(tx, include_uncoded=False))
    docs = labelled_documents(records, from_coders=from_coders)
    train: list[tuple[str, LabelledText]] = []
    test: list[tuple[str, LabelledText]] = []
    for text_hash, doc in sorted(docs.items()):
        (test if split_of(text_hash, ratios, seed) == "test" else train).append((text_hash, doc))
    return ModelData(tuple(train), tuple(test), book, "gold and coders' agreement" if from_coders else "gold")


def labelled_documents(records: Sequence[CodingRecord], *, from_coders: bool) -> dict[str, LabelledText]:
    """content hash -> labelled document: the gold record where there is one; with `from_coders`, for
    other documents two or more coders marked done, the spans all of them marked and the stance all gave."""
    gold, coded = {}, defaultdict(list)
    for record in records:
        if record.coder == GOLD_CODER:
            gold[content_hash(record.text)] = _labelled(record)
        elif record.status == Status.DONE:
            coded[content_hash(record.text)].append(record)
    if from_coders:
        for text_hash, done in coded.items():
            if text_hash not in gold and len(done) >= 2:
                gold[text_hash] = _agreed(done)
    return gold


def _labelled(record: CodingRecord) -> LabelledText:
    return LabelledText(record.text, tuple((s.start, s.end, s.label) for s in record.spans), record.doc_label)


def _agreed(records: Sequence[CodingRecord]) -> LabelledText:
    found = candidates({str(r.coder): r.spans for r in records})
    spans = tuple((c.start, c.end, c.label) for c in found if c.support == "unanimous")
    return LabelledText(records[0].text, spans, agreed_stance({str(r.coder): r.doc_label for r in records}))
