"""Timestamps as the project keeps them: ISO-8601 in UTC with microseconds, so they sort as text.

Incoming timestamps (files, other coders' copies) decide which copy of a span is newer, so a value
that is not a date, or lies in the future, would pin a span forever ("unchanged" for every later
correction). They are checked here and written in the one canonical form.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

# Coders' laptops disagree about the time by minutes, sometimes hours: allow a day ahead of ours.
FUTURE_LEEWAY = timedelta(days=1)
_CANONICAL_LENGTH = len("2026-01-01T00:00:00.000000+00:00")


class TimestampRule:
    """Checks incoming timestamps against one moment ("now", plus the leeway), taken when it is made."""

    def __init__(self, now: datetime | None = None) -> None:
        self.latest = (now or datetime.now(UTC)) + FUTURE_LEEWAY
        self._latest_text = canonical_form(self.latest)

    def canonical(self, value: object) -> str:
        """`value` in the canonical form; ValueError saying what is wrong with it.

        A time without a zone is taken as UTC (as spreadsheets and some tools write it)."""
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not a date and time (ISO 8601 text expected)")
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a date and time (ISO 8601, e.g. 2026-01-31T12:00:00+00:00)") from None
        # Nearly every value is one we wrote: canonical already, compared as text.
        if len(value) == _CANONICAL_LENGTH and value.endswith("+00:00") and value[10] == "T":
            if value > self._latest_text:
                raise ValueError(f"{value} is in the future")
            return value
        moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
        if moment > self.latest:
            raise ValueError(f"{value} is in the future")
        return canonical_form(moment)


def canonical_form(moment: datetime) -> str:
    """A UTC moment as the project writes it (ISO 8601 with microseconds and +00:00)."""
    return moment.isoformat(timespec="microseconds")


def utc_now() -> str:
    """Now, in the canonical form: what the store stamps on what it writes."""
    return canonical_form(datetime.now(UTC))
