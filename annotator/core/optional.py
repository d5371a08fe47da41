"""Parts imported on use (HTML extraction, the Qt app): a part that fails to import is a clear error."""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from annotator.core.errors import AnnotatorError


class MissingPartError(AnnotatorError):
    """A part of annotator cannot load (a dependency missing or broken): the install is to fix, not the input."""


def import_part(module: str, *, needed_for: str, hint: str) -> ModuleType:
    """`import module`, or MissingPartError saying what cannot be done, why, and how to fix it."""
    try:
        return import_module(module)
    except ImportError as exc:  # also a compiled module's missing shared library (OSError is wrapped)
        raise MissingPartError(f"{needed_for} is not available: {exc}", hint=hint) from exc
