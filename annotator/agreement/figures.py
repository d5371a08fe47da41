"""A measured value with the number of units it rests on, or the reason it has no value (hand-written)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Figure:
    """One agreement figure. `value` is None when the formula has no value (it divides by zero);
    `reason` then says why, in words a user can act on. `n` counts the units the value rests on
    (documents, span pairs, coder pairs: the measure says which)."""

    value: float | None
    n: int
    reason: str | None = None

    def __post_init__(self) -> None:  # numpy scalars in, plain numbers out (JSON, Qt)
        object.__setattr__(self, "n", int(self.n))
        if self.value is not None:
            object.__setattr__(self, "value", float(self.value))

    @classmethod
    def undefined(cls, reason: str, n: int = 0) -> Figure:
        return cls(None, n, reason)

    @property
    def defined(self) -> bool:
        return self.value is not None


def ratio(numerator: float, denominator: float, n: int, reason: str) -> Figure:
    """numerator / denominator, or undefined with `reason` when the denominator is zero."""
    if denominator == 0:
        return Figure.undefined(reason, n)
    return Figure(float(numerator) / float(denominator), n)


def mean_of(figures: Iterable[Figure], what: str) -> Figure:
    """The unweighted mean of the defined figures; `n` is how many were defined."""
    values = [f.value for f in figures if f.value is not None]
    if not values:
        return Figure.undefined(f"no {what} has a value")
    return Figure(sum(values) / len(values), len(values))
