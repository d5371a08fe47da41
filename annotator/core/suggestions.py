"""What the model proposes to a coder, and what is recorded about it (never a Span: see store/suggestions)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from annotator.core.types import DocumentId

SUGGESTED_PREFIX = "suggested:"


class Decision(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"


def suggested_provenance(model_version: str) -> str:
    """The provenance of a span a coder made by accepting a suggestion of this model."""
    return SUGGESTED_PREFIX + model_version


def is_suggested(provenance: str | None) -> bool:
    return bool(provenance) and str(provenance).startswith(SUGGESTED_PREFIX)


@dataclass(frozen=True, slots=True)
class SuggestedSpan:
    """A suggestion shown to one coder on one document, with the coder's decision (None: open)."""

    id: int
    document_id: DocumentId
    coder: str
    model_version: str
    start: int
    end: int
    label: str
    score: float
    decision: Decision | None = None
    span_uid: str | None = None


@dataclass(frozen=True, slots=True)
class StoredModel:
    """A model as the project keeps it: its bytes (a NumPy .npz archive) and what it was trained on."""

    version: str
    created_at: str
    data_hash: str
    meta: dict[str, Any]
    data: bytes
