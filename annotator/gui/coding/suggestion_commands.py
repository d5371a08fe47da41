"""Undo commands for a coder's decisions on suggestions: accept (makes the coder's span, marked as
suggested by the model) and reject (kept as a decision). Each apply/revert is one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from annotator.core.span_ids import new_span_uid
from annotator.core.suggestions import Decision, SuggestedSpan, suggested_provenance
from annotator.core.types import Span
from annotator.gui.coding.commands import ProjectCommand
from annotator.gui.project import Project
from annotator.store import spans, suggestions

Changed = Callable[[int], None]  # told the document whose suggestions changed, after each apply/revert


class AcceptSuggestion(ProjectCommand):
    def __init__(self, project: Project, suggestion: SuggestedSpan, changed: Changed, label: str | None = None) -> None:
        chosen = label or suggestion.label
        super().__init__(project, f"Accept suggested {chosen} span")
        self.suggestion, self.changed = suggestion, changed
        self.span = Span(new_span_uid(), suggestion.document_id, project.coder, suggestion.start, suggestion.end,
                         chosen, provenance=suggested_provenance(suggestion.model_version))

    def apply(self) -> None:
        with self.project.db.transaction() as tx:
            self.span = spans.add_span(tx, self.span)
            suggestions.set_decision(tx, self.suggestion.id, Decision.ACCEPTED, self.span.uid)
        self.project.spans_changed.emit(self.span.document_id, None, self.span)
        self.changed(self.span.document_id)

    def revert(self) -> None:
        with self.project.db.transaction() as tx:
            spans.delete_span(tx, self.span.uid)
            suggestions.set_decision(tx, self.suggestion.id, None)
        self.project.spans_changed.emit(self.span.document_id, self.span, None)
        self.changed(self.span.document_id)


class RejectSuggestion(ProjectCommand):
    def __init__(self, project: Project, suggestion: SuggestedSpan, changed: Changed) -> None:
        super().__init__(project, f"Reject suggested {suggestion.label} span")
        self.suggestion, self.changed = suggestion, changed

    def apply(self) -> None:
        self._decide(Decision.REJECTED)

    def revert(self) -> None:
        self._decide(None)

    def _decide(self, decision: Decision | None) -> None:
        with self.project.db.transaction() as tx:
            suggestions.set_decision(tx, self.suggestion.id, decision)
        self.suggestion = replace(self.suggestion, decision=decision)
        self.changed(self.suggestion.document_id)
