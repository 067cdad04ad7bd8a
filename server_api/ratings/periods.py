"""Reporting periods: a day, a week, a month, a year or custom dates, in the city's zone.

A period is a range of local calendar dates, both ends included; its bounds in
UTC are the local midnights that open the first day and follow the last.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from server_api.errors import ApiError

KINDS = ("day", "week", "month", "year", "custom")


class RatingsSettings(BaseSettings):
    """KC1551_API_RATINGS_MAX_DAYS and the dashboard's refresh; the city's zone is the
    API's calling_timezone."""

    model_config = SettingsConfigDict(env_prefix="KC1551_API_", extra="ignore")

    ratings_max_days: int = Field(default=400, ge=1, le=3700)
    dashboard_refresh_seconds: int = Field(default=15, ge=1, le=600)


@dataclass(frozen=True)
class Period:
    kind: str
    first: date
    last: date  # included
    zone: ZoneInfo

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.first, time(), self.zone).astimezone(UTC)

    @property
    def ends_at(self) -> datetime:
        """Exclusive: the local midnight after the last day."""
        return datetime.combine(self.last + timedelta(days=1), time(), self.zone).astimezone(UTC)

    def previous(self) -> Period:
        """The same number of days just before (for growth and fall of topics)."""
        return Period(self.kind, self.first - timedelta(days=self.days),
                      self.first - timedelta(days=1), self.zone)

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "start": self.first.isoformat(), "end": self.last.isoformat(),
                "days": self.days, "starts_at": self.starts_at.isoformat(),
                "ends_at": self.ends_at.isoformat()}


def parse_date(raw: str | None, field: str) -> date | None:
    if raw is None or raw == "":
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError as exc:
        raise ApiError(422, "invalid_date",
                       f"Невірна дата «{raw[:20]}»: очікується РРРР-ММ-ДД", field) from exc


def local_today(zone: ZoneInfo, now: datetime) -> date:
    return now.astimezone(zone).date()


def resolve(kind: str | None, on: str | None, start: str | None, end: str | None,
            zone: ZoneInfo, now: datetime, max_days: int) -> Period:
    """The period asked for. Given start (and end) it is custom; otherwise kind
    (default month) around `on` (default today, local)."""
    kind = (kind or ("custom" if start or end else "month")).strip()
    if kind not in KINDS:
        raise ApiError(422, "invalid_period", "Період: day, week, month, year або custom",
                       "period")
    if kind == "custom":
        first = parse_date(start, "start")
        if first is None:
            raise ApiError(422, "missing_date", "Вкажіть початок періоду (start)", "start")
        last = parse_date(end, "end") or local_today(zone, now)
        if last < first:
            raise ApiError(422, "end_before_start",
                           "Кінець періоду раніше за його початок", "end")
    else:
        anchor = parse_date(on, "on") or local_today(zone, now)
        first, last = _calendar(kind, anchor)
    period = Period(kind, first, last, zone)
    if period.days > max_days:
        raise ApiError(422, "period_too_long",
                       f"Період задовгий: не більше {max_days} днів (запитано {period.days})",
                       "end")
    return period


def _calendar(kind: str, anchor: date) -> tuple[date, date]:
    if kind == "day":
        return anchor, anchor
    if kind == "week":  # Monday to Sunday
        first = anchor - timedelta(days=anchor.weekday())
        return first, first + timedelta(days=6)
    if kind == "month":
        first = anchor.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return first, following - timedelta(days=1)
    return anchor.replace(month=1, day=1), anchor.replace(month=12, day=31)
