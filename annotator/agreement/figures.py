"""A measured value with the number of units it rests on, or the reason it has no value (hand-written)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Interval:
    """A bootstrap confidence interval of a figure (percentile method; resampling.py says how).

    `samples` counts the bootstrap samples that had a value (`undefined` the ones that had none);
    `resampled` says what was drawn ("pairable values", "documents"); `q_below` maps a smallest
    acceptable value α_min to the share of samples below it (Krippendorff's q; only for α)."""

    low: float
    high: float
    samples: int
    resampled: str
    confidence: float = 0.95
    undefined: int = 0
    q_below: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True, slots=True)
class Figure:
    """One agreement figure. `value` is None when the formula has no value (it divides by zero);
    `reason` then says why, in words a user can act on. `n` counts the units the value rests on
    (documents, span pairs, coder pairs: the measure says which). `interval` is its bootstrap
    confidence interval, when one was asked for and the value is defined."""

    value: float | None
    n: int
    reason: str | None = None
    interval: Interval | None = None

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

    def with_interval(self, interval: Interval | None) -> Figure:
        return Figure(self.value, self.n, self.reason, interval if self.value is not None else None)


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
