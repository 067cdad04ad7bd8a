from __future__ import annotations

from datetime import UTC, datetime

import pytest

from server_api.workdays import add_working_days

MONDAY = datetime(2026, 11, 23, 10, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (MONDAY, 0, MONDAY),
        (MONDAY, 4, datetime(2026, 11, 27, 10, 30, tzinfo=UTC)),  # Friday
        (MONDAY, 5, datetime(2026, 11, 30, 10, 30, tzinfo=UTC)),  # skips the weekend
        (datetime(2026, 11, 27, 9, tzinfo=UTC), 1, datetime(2026, 11, 30, 9, tzinfo=UTC)),
        (datetime(2026, 11, 28, 9, tzinfo=UTC), 0, datetime(2026, 11, 30, 9, tzinfo=UTC)),
        (datetime(2026, 11, 29, 9, tzinfo=UTC), 1, datetime(2026, 12, 1, 9, tzinfo=UTC)),
        (MONDAY, 10, datetime(2026, 12, 7, 10, 30, tzinfo=UTC)),
    ],
)
def test_add_working_days(start: datetime, days: int, expected: datetime) -> None:
    assert add_working_days(start, days) == expected
