"""Suggestions for the document a coder opens: from the project's newest model, if the coder switched
them on, the PI has not switched them off for this document, and the model knows the codebook's labels.

Showing suggestions marks the document assisted for that coder (in the same transaction), which keeps
it out of agreement by default. Accepting one makes an ordinary span of the coder's with provenance
"suggested:<model version>"; rejecting one is kept as a decision (both in store/suggestions).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotator.core.codebook import Codebook
from annotator.core.errors import InputError
from annotator.core.suggestions import StoredModel, SuggestedSpan
from annotator.core.types import DocumentId
from annotator.store import codebooks, documents, models, suggestions
from annotator.store.database import Database

if TYPE_CHECKING:  # the model needs numpy (~0.15 s): imported when a project has a model to read
    from annotator.model.stance_model import StanceModel


@dataclass(frozen=True, slots=True)
class DocumentSuggestions:
    """What the coder gets on one document: suggestions, or the reason there are none."""

    suggestions: tuple[SuggestedSpan, ...] = ()
    model_version: str | None = None
    stance: tuple[str, float] | None = None  # the model's document stance and its probability
    reason: str | None = None  # why nothing is suggested (off, the PI's setting, no model, codebook changed)


def check_codebook(model: StanceModel, book: Codebook) -> None:
    """Refuse a model trained under other labels: its classes would name labels the codebook lacks
    (or miss ones it has), so its suggestions would be wrong or unusable."""
    labels = tuple(x.name for x in book.span_labels)
    options = tuple(x.name for x in book.stance_options)
    if set(model.span_labels) != set(labels) or set(model.stance_options) != set(options):
        raise InputError(
            f"the model was trained with the labels {', '.join(model.span_labels)} and the stances "
            f"{', '.join(model.stance_options)}; the codebook now has {', '.join(labels)} and {', '.join(options)}",
            hint="train the model again (Model > Train, or annotator model train)")


@dataclass
class ModelCache:
    """The newest model of a project, read and checked once per version (reading one takes ~0.1-0.5 s)."""

    version: str | None = None
    model: StanceModel | None = None
    _by_version: dict[str, StanceModel] = field(default_factory=dict)

    def current(self, db: Database) -> tuple[StoredModel, StanceModel] | None:
        """The newest stored model, checked against the codebook; InputError if it does not fit."""
        with db.read() as tx:
            stored = models.latest_model(tx)
            book = codebooks.load_codebook(tx)
        if stored is None:
            return None
        model = self._by_version.get(stored.version)
        if model is None:
            from annotator.model.storage import model_from_bytes

            model = self._by_version[stored.version] = model_from_bytes(stored.data)
        check_codebook(model, book)
        return stored, model


def document_suggestions(db: Database, cache: ModelCache, document_id: DocumentId, coder: str) -> DocumentSuggestions:
    with db.read() as tx:
        if not suggestions.suggestions_enabled(tx, coder):
            return DocumentSuggestions(reason="suggestions are off (Model > Suggestions)")
        if (suggestions.suggestions_off_in_reliability_sample(tx)
                and suggestions.in_reliability_sample(tx, document_id, coder)):
            return DocumentSuggestions(reason="no suggestions here: this document is in the reliability sample "
                                       "(the PI's setting)")
        text = documents.get_document(tx, document_id).text
    try:
        current = cache.current(db)
    except InputError as exc:
        return DocumentSuggestions(reason=str(exc))
    if current is None:
        return DocumentSuggestions(reason="no model yet: train one (Model > Train)")
    stored, model = current
    found = [(s.start, s.end, s.label, s.score) for s in model.suggest(text)]
    with db.transaction() as tx:
        shown = suggestions.show_suggestions(tx, document_id, coder, stored.version, found)
    return DocumentSuggestions(tuple(shown), stored.version, model.document_stance(text))
