"""Undo commands for a coder's decisions on suggestions: accept (makes the coder's span, marked as
suggested by the model) and reject (kept as a decision). Each apply/revert stores one edit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from annotator.core.span_ids import new_span_uid
from annotator.core.suggestions import Decision, SuggestedSpan, suggested_provenance
from annotator.core.types import Span
from annotator.gui.coding.commands import ProjectCommand
from annotator.gui.project import Project
from annotator.store import edits
from annotator.store.edits import Edit

Changed = Callable[[int], None]  # told the document whose suggestions changed, after each apply/revert


class AcceptSuggestion(ProjectCommand):
    def __init__(self, project: Project, suggestion: SuggestedSpan, changed: Changed, label: str | None = None) -> None:
        chosen = label or suggestion.label
        super().__init__(project, f"Accept suggested {chosen} span")
        self.suggestion, self.changed = suggestion, changed
        self.span = edits.stamped(Span(new_span_uid(), suggestion.document_id, project.coder, suggestion.start,
                                       suggestion.end, chosen, provenance=suggested_provenance(suggestion.model_version)))

    def apply_edit(self) -> Edit:
        return edits.add_span(self.span) + edits.decide_suggestion(self.suggestion.id, Decision.ACCEPTED, self.span.uid)

    def revert_edit(self) -> Edit:
        return edits.delete_span(self.span.uid) + edits.decide_suggestion(self.suggestion.id, None)

    def applied(self) -> None:
        self.project.spans_changed.emit(self.span.document_id, None, self.span)
        self.changed(self.span.document_id)

    def reverted(self) -> None:
        self.project.spans_changed.emit(self.span.document_id, self.span, None)
        self.changed(self.span.document_id)


class RejectSuggestion(ProjectCommand):
    def __init__(self, project: Project, suggestion: SuggestedSpan, changed: Changed) -> None:
        super().__init__(project, f"Reject suggested {suggestion.label} span")
        self.suggestion, self.changed = suggestion, changed

    def apply_edit(self) -> Edit:
        return edits.decide_suggestion(self.suggestion.id, Decision.REJECTED)

    def revert_edit(self) -> Edit:
        return edits.decide_suggestion(self.suggestion.id, None)

    def applied(self) -> None:
        self._decided(Decision.REJECTED)

    def reverted(self) -> None:
        self._decided(None)

    def _decided(self, decision: Decision | None) -> None:
        self.suggestion = replace(self.suggestion, decision=decision)
        self.changed(self.suggestion.document_id)
