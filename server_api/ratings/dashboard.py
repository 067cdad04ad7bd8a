"""The city dashboard's figures, computed live, and its read-only keys.

Only counts, organisations and the addresses of buildings: no citizen, phone,
flat or description ever reaches this payload (tests/server_api/test_ratings.py
checks it against the personal data it planted).
"""

from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from server_api.auth.service import secret_hash
from server_api.errors import ApiError, not_found
from server_api.models import OPEN_STATUSES, Appeal, Building, Call, Executor, Outage, Problem
from server_api.ratings import service
from server_api.ratings.models import DashboardKey
from server_api.ratings.periods import Period

HOUSING_SPHERE_CODE = "3"  # Житлове господарство: the dashboard's "housing sphere" page
OUTAGE_SERVICES = ("hot_water", "cold_water", "heating", "electricity")
TOP = 5


def _local_midnight(now: datetime, zone: ZoneInfo) -> datetime:
    return datetime.combine(now.astimezone(zone).date(), time(), zone)


def _open_counts(session: Session, now: datetime) -> tuple[int, int]:
    is_open = Appeal.status.in_(OPEN_STATUSES)
    in_work = session.scalar(select(func.count()).select_from(Appeal).where(is_open)) or 0
    overdue = session.scalar(select(func.count()).select_from(Appeal)
                             .where(is_open, Appeal.deadline < now)) or 0
    return int(in_work), int(overdue)


def _calls_today(session: Session, since: datetime) -> tuple[int, float | None]:
    count, connect = session.execute(
        select(func.count(), func.avg(Call.connect_ms))
        .where(Call.started_at >= since, Call.direction == "in")).one()
    return int(count or 0), (round(float(connect) / 1000.0, 1) if connect is not None else None)


def _emergencies(session: Session, since: datetime, until: datetime | None = None) -> int:
    conditions = [Appeal.created_at >= since, Problem.emergency.is_(True)]
    if until is not None:
        conditions.append(Appeal.created_at < until)
    return int(session.scalar(select(func.count()).select_from(Appeal)
                              .join(Problem, Problem.id == Appeal.problem_id)
                              .where(*conditions)) or 0)


def _overdue_executors(session: Session, now: datetime) -> tuple[list[dict[str, Any]],
                                                                 list[dict[str, Any]]]:
    """Organisations with the most overdue open appeals, and the housing offices with
    the largest overdue share of their open appeals (the seed's two lists)."""
    is_open = Appeal.status.in_(OPEN_STATUSES)
    overdue = service.count_if(Appeal.deadline < now)
    rows = session.execute(select(Appeal.executor_id, func.count().label("open"),
                                  overdue.label("overdue"))
                           .where(is_open, Appeal.executor_id.is_not(None))
                           .group_by(Appeal.executor_id)).all()
    executors = {e.id: e for e in session.scalars(select(Executor))}
    organisations = sorted(
        ({"executor_id": r.executor_id, "name": executors[r.executor_id].name,
          "district": executors[r.executor_id].district, "overdue": int(r.overdue or 0),
          "open": int(r.open)} for r in rows if r.overdue and r.executor_id in executors),
        key=lambda r: (-r["overdue"], r["name"]))[:TOP]
    offices = sorted(
        ({"executor_id": r.executor_id, "name": executors[r.executor_id].name,
          "district": executors[r.executor_id].district, "overdue": int(r.overdue or 0),
          "open": int(r.open), "pct_overdue": service.percent(int(r.overdue or 0), int(r.open))}
         for r in rows if r.overdue and r.executor_id in executors
         and executors[r.executor_id].kind == "housing_office"),
        key=lambda r: (-(r["pct_overdue"] or 0), -r["overdue"], r["name"]))[:TOP]
    return organisations, offices


def _without_services(session: Session, now: datetime) -> dict[str, Any]:
    """Houses without hot water, cold water, heating, electricity now, by district."""
    active = and_(Outage.starts_at <= now, Outage.ends_at > now,
                  Outage.service.in_(OUTAGE_SERVICES), Outage.kind == "outage")
    districts = service.known_districts(session)
    table = {d: {s: 0 for s in OUTAGE_SERVICES} for d in districts}
    for district, kind, count in session.execute(
            select(Building.district, Outage.service, func.count(func.distinct(Building.id)))
            .join(Building, Building.id == Outage.building_id).where(active)
            .group_by(Building.district, Outage.service)):
        table.setdefault(district, {s: 0 for s in OUTAGE_SERVICES})[kind] = int(count)
    wide: dict[str, list[str]] = {}
    for place, kind in session.execute(
            select(Outage.district, Outage.service).distinct()
            .where(active, Outage.building_id.is_(None), Outage.district.is_not(None))):
        wide.setdefault(str(place), []).append(kind)
    rows: list[dict[str, Any]] = [
        {"district": d, **table[d], "district_wide": sorted(wide.get(d, []))}
        for d in sorted(table)]
    totals = {s: sum(r[s] for r in rows) for s in OUTAGE_SERVICES}
    return {"rows": rows, "total": totals}


def dashboard_data(session: Session, now: datetime, zone: ZoneInfo,
                   refresh_seconds: int) -> dict[str, Any]:
    today = _local_midnight(now, zone)
    week_start = today - timedelta(days=6)
    week = Period("custom", week_start.date(), today.date(), zone)
    month = Period("month", today.date().replace(day=1), today.date(), zone)
    in_work, overdue = _open_counts(session, now)
    calls, connect_s = _calls_today(session, today.astimezone(now.tzinfo))
    emergencies_today = _emergencies(session, today)
    this_week = _emergencies(session, week.starts_at)
    last_week = _emergencies(session, week.previous().starts_at, week.starts_at)
    organisations, offices = _overdue_executors(session, now)
    housing = service.problem_ratings(session, week, now, HOUSING_SPHERE_CODE, limit=TOP) \
        if session.scalar(select(func.count()).select_from(Problem)) else None
    topics = service.problem_ratings(session, week, now, None, limit=3)
    districts = service.district_ratings(session, month, now)
    return {
        "updated_at": now.isoformat(), "refresh_seconds": refresh_seconds,
        "week": week.as_dict(), "month": month.as_dict(),
        "contact_centre": {
            "in_work": in_work, "overdue": overdue,
            "appeals_today": int(session.scalar(select(func.count()).select_from(Appeal)
                                                .where(Appeal.created_at >= today)) or 0),
            "calls_today": calls, "avg_connect_s_today": connect_s,
            "emergencies_today": emergencies_today, "emergencies_week": this_week,
            "emergencies_previous_week": last_week,
            "emergencies_change_pct": service.percent(this_week - last_week, last_week),
        },
        "rising_topics": [_topic(r) for r in topics["rising"]],
        "falling_topics": [_topic(r) for r in topics["falling"]],
        "top_overdue_organisations": organisations,
        "top_overdue_housing_offices": offices,
        "district_ranking": [
            {"district": r["district"], "pct_on_time": r["pct_on_time"], "level": r["level"],
             "rank": r["rank"], "received": r["received"]} for r in districts["items"]],
        "housing": {
            "top_problems_week": [_topic(r) for r in (housing["top"] if housing else [])],
            "top_buildings_week": _places(service.building_ratings(
                session, week, now, "all", limit=3)),
            "top_lifts_week": _places(service.building_ratings(
                session, week, now, "lifts", limit=3)),
            "without_services": _without_services(session, now),
        },
    }


def _topic(row: dict[str, Any]) -> dict[str, Any]:
    return {"name": row["name"], "count": row["count"], "change": row["change"],
            "change_pct": row["change_pct"], "new": row["new"]}


def _places(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"address": r["address"], "district": r["district"], "entrance": r["entrance"],
             "count": r["count"], "executor_name": r["executor_name"]} for r in body["items"]]


# --- read-only keys ----------------------------------------------------------------

def key_dict(record: DashboardKey) -> dict[str, Any]:
    return {"id": record.id, "name": record.name, "active": record.active,
            "created_at": record.created_at.isoformat()}


def create_key(session: Session, name: str, user_id: int | None) -> tuple[DashboardKey, str]:
    if session.scalar(select(DashboardKey.id).where(DashboardKey.name == name)) is not None:
        raise ApiError(409, "duplicate_name", f"Ключ із назвою «{name}» вже є", "name")
    key = "dash_" + secrets.token_urlsafe(24)
    record = DashboardKey(name=name, key_hash=secret_hash(key), active=True,
                          created_by=user_id)
    session.add(record)
    session.flush()
    return record, key


def disable_key(session: Session, key_id: int) -> DashboardKey:
    record = session.get(DashboardKey, key_id)
    if record is None:
        raise not_found("Ключ панелі")
    record.active = False
    session.flush()
    return record


def key_by_secret(session: Session, key: str) -> DashboardKey | None:
    return session.scalar(select(DashboardKey).where(
        DashboardKey.key_hash == secret_hash(key.strip()), DashboardKey.active.is_(True)))
