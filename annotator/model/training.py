"""Training a StanceModel from labelled documents: units with their labels, and documents with stances."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from annotator.core.errors import Cancelled, InputError
from annotator.model.classifier import Progress, train_classifier
from annotator.model.stance_model import NO_LABEL, LabelledText, StanceModel, unit_labels

MIN_STANCE_DOCUMENTS = 4  # fewer documents with a stance than this: no stance classifier (said so)


def training_units(docs: Sequence[LabelledText]) -> tuple[list[str], list[str]]:
    """(unit texts, unit labels) of every document, NO_LABEL where a unit carries none."""
    texts, labels = [], []
    for doc in docs:
        for start, end, label in unit_labels(doc.text, doc.spans):
            texts.append(doc.text[start:end])
            labels.append(label)
    return texts, labels


def train_model(docs: Sequence[LabelledText], span_labels: Sequence[str], stance_options: Sequence[str], *,
                progress: Progress | None = None, cancelled: Callable[[], bool] = lambda: False) -> StanceModel:
    """Fit the unit classifier and, where two or more stances occur, the document-stance classifier.
    `cancelled` is asked between steps; a True answer raises Cancelled."""
    def step(message: str) -> None:
        if cancelled():
            raise Cancelled("training was cancelled; the model in use was not changed")
        if progress:
            progress(message)

    step("cutting documents into sentences")
    texts, labels = training_units(docs)
    unknown = sorted({x for x in labels if x != NO_LABEL} - set(span_labels))
    if unknown:
        raise InputError(f"training spans carry labels not in the codebook: {', '.join(unknown)}")
    if not any(x != NO_LABEL for x in labels):
        raise InputError("no training document has a span", hint="adjudicate some documents first")
    span = train_classifier(texts, labels, progress=lambda m: step(f"sentences: {m}"))
    stanced = [d for d in docs if d.stance is not None]
    stance = None
    if len(stanced) >= MIN_STANCE_DOCUMENTS and len(Counter(d.stance for d in stanced)) >= 2:
        stance = train_classifier([d.text for d in stanced], [str(d.stance) for d in stanced],
                                  progress=lambda m: step(f"document stance: {m}"))
    step("done")
    return StanceModel(span, stance, tuple(span_labels), tuple(stance_options))
