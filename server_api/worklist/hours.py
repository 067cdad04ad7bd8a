"""When citizens may be called: a daily window in their local time, on chosen days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from server_api.settings import Settings

_SATURDAY = 5


@dataclass(frozen=True)
class CallingHours:
    start: time
    end: time | None  # None: until midnight ("24:00")
    zone: ZoneInfo
    working_days_only: bool
    window: str

    @classmethod
    def from_settings(cls, settings: Settings) -> CallingHours:
        first, _, last = settings.calling_hours.partition("-")
        start = time.fromisoformat(first)
        end = None if last == "24:00" else time.fromisoformat(last)
        return cls(start, end, ZoneInfo(settings.calling_timezone),
                   settings.calling_days == "working", settings.calling_hours)

    def _day_allowed(self, local: datetime) -> bool:
        return not self.working_days_only or local.weekday() < _SATURDAY

    def is_open(self, moment: datetime) -> bool:
        local = moment.astimezone(self.zone)
        if not self._day_allowed(local):
            return False
        now = local.time()
        return self.start <= now and (self.end is None or now < self.end)

    def next_open_at(self, moment: datetime) -> datetime | None:
        """The next moment the window opens (None when it is open now)."""
        if self.is_open(moment):
            return None
        local = moment.astimezone(self.zone)
        for days in range(8):
            day = (local + timedelta(days=days)).date()
            opening = datetime.combine(day, self.start, tzinfo=self.zone)
            if opening > local and self._day_allowed(opening):
                return opening
        return None

    def describe(self, moment: datetime) -> dict[str, object]:
        opens = self.next_open_at(moment)
        return {"open": opens is None, "window": self.window, "timezone": str(self.zone),
                "working_days_only": self.working_days_only,
                "next_open_at": opens.isoformat() if opens else None}
