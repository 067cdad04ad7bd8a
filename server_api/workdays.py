"""Deadlines in working days: Saturdays and Sundays do not count."""

from __future__ import annotations

from datetime import datetime, timedelta

_SATURDAY = 5


def add_working_days(start: datetime, days: int) -> datetime:
    """start + days working days, keeping the time of day.

    A start on a weekend counts from the next Monday; 0 days means the same
    (working) day, which emergency problems use.
    """
    current = start
    while current.weekday() >= _SATURDAY:
        current += timedelta(days=1)
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < _SATURDAY:
            remaining -= 1
    return current
