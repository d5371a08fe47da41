"""What the model side of a project carries into a coder's hand-out and back in a merge.

A hand-out gets the project's newest model (so its coder can have suggestions), the PI's reliability
switch and drawn sample (so the coder's copy keeps them off there), and the coder's own assisted marks.
A merge brings every source's assisted marks into the target, so that agreement computed there still
leaves out the documents coders saw with suggestions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotator.core.suggestions import StoredModel
from annotator.store import models, suggestions
from annotator.store.codebooks import get_setting, set_setting

_CARRIED_SETTINGS = (suggestions.RELIABILITY_OFF,)


@dataclass
class ModelState:
    model: StoredModel | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    assisted: list[tuple[str, str, str]] = field(default_factory=list)  # (content hash, coder, model version)


def model_state(tx: Any, coder: str | None = None) -> ModelState:
    """The model side of a project (of one coder, for a hand-out); `tx` is a store transaction."""
    settings = {key: get_setting(tx, key) for key in _CARRIED_SETTINGS}
    return ModelState(models.latest_model(tx), {k: v for k, v in settings.items() if v is not None},
                      suggestions.assisted_marks(tx, coder))


def restore_model_state(tx: Any, state: ModelState) -> int:
    """Put `state` into a project: its model (if new there), settings and assisted marks; new marks."""
    if state.model is not None:
        models.put_model(tx, state.model)
    for key, value in state.settings.items():
        set_setting(tx, key, value)
    return suggestions.mark_assisted_by_hash(tx, state.assisted)
