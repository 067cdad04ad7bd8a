"""The city dashboard's figures, computed live, and its read-only keys.

Only counts, organisations and the addresses of buildings: no citizen, phone,
flat or description ever reaches this payload (tests/server_api/test_ratings.py
checks it against the personal data it planted).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from server_api.auth.service import secret_hash
from server_api.errors import ApiError, not_found
from server_api.models import OPEN_STATUSES, Appeal, Building, Call, Outage
from server_api.ratings import service
from server_api.ratings.models import DashboardKey
from server_api.ratings.periods import Period
from server_api.seed import building_label

HOUSING_SPHERE_CODE = "3"  # Житлове господарство: the dashboard's "housing sphere" page
OUTAGE_SERVICES = ("hot_water", "cold_water", "heating", "electricity")
TOP = 5


def _local_midnight(now: datetime, zone: ZoneInfo) -> datetime:
    return datetime.combine(now.astimezone(zone).date(), time(), zone)


def _open_counts(session: Session, now: datetime) -> tuple[int, int]:
    """Open appeals and the overdue among them: one read of the (status, deadline) index."""
    in_work, overdue = session.execute(
        select(func.count(), service.count_if(Appeal.deadline < now))
        .where(Appeal.status.in_(OPEN_STATUSES))).one()
    return int(in_work or 0), int(overdue or 0)


def _calls_today(session: Session, since: datetime) -> tuple[int, float | None]:
    count, connect = session.execute(
        select(func.count(), func.avg(Call.connect_ms))
        .where(Call.started_at >= since, Call.direction == "in")).one()
    return int(count or 0), (round(float(connect) / 1000.0, 1) if connect is not None else None)


@dataclass
class Fortnight:
    """Appeals per problem in the last 7 days, the 7 before, and today: one grouped
    scan of two weeks, from which the topics, the housing top and emergencies come."""

    week: dict[int, int]
    before: dict[int, int]
    today: dict[int, int]


def _fortnight(session: Session, week_start: datetime, today: datetime) -> Fortnight:
    previous_start = week_start - timedelta(days=7)
    rows = session.execute(
        select(Appeal.problem_id, service.count_if(Appeal.created_at >= week_start),
               service.count_if(Appeal.created_at < week_start),
               service.count_if(Appeal.created_at >= today))
        .where(Appeal.created_at >= previous_start).group_by(Appeal.problem_id))
    counts = Fortnight({}, {}, {})
    for problem_id, week, before, now_count in rows:
        counts.week[int(problem_id)] = int(week or 0)
        counts.before[int(problem_id)] = int(before or 0)
        counts.today[int(problem_id)] = int(now_count or 0)
    return counts


def _topics(names: service.Names, counts: Fortnight, sphere_code: str | None,
            limit: int) -> dict[str, list[dict[str, Any]]]:
    rows: list[dict[str, Any]] = []
    for problem_id in set(counts.week) | set(counts.before):
        problem = names.problems[problem_id]
        if sphere_code is not None and names.spheres[problem.sphere_id].code != sphere_code:
            continue
        week, before = counts.week.get(problem_id, 0), counts.before.get(problem_id, 0)
        rows.append({"name": problem.name, "code": problem.code, "count": week,
                     "change": week - before, "change_pct": service.percent(week - before,
                                                                            before),
                     "new": before == 0 and week > 0})
    top = sorted((r for r in rows if r["count"]), key=lambda r: (-r["count"], r["code"]))
    rising = sorted((r for r in rows if r["change"] > 0), key=lambda r: (-r["change"], r["code"]))
    falling = sorted((r for r in rows if r["change"] < 0), key=lambda r: (r["change"], r["code"]))

    def shown(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in r.items() if k != "code"} for r in items[:limit]]

    return {"top": shown(top), "rising": shown(rising), "falling": shown(falling)}


def _emergencies(names: service.Names, counts: dict[int, int]) -> int:
    return sum(n for problem_id, n in counts.items() if names.problems[problem_id].emergency)


def _overdue_executors(session: Session, names: service.Names, now: datetime
                       ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Organisations with the most overdue open appeals, and the housing offices with
    the largest overdue share of their open appeals (the seed's two lists)."""
    rows = session.execute(select(Appeal.executor_id, func.count().label("open"),
                                  service.count_if(Appeal.deadline < now).label("overdue"))
                           .where(Appeal.status.in_(OPEN_STATUSES),
                                  Appeal.executor_id.is_not(None))
                           .group_by(Appeal.executor_id)).all()
    executors = names.executors
    listed = [{"executor_id": r.executor_id, "name": executors[r.executor_id].name,
               "kind": executors[r.executor_id].kind,
               "district": executors[r.executor_id].district, "overdue": int(r.overdue or 0),
               "open": int(r.open), "pct_overdue": service.percent(int(r.overdue or 0),
                                                                   int(r.open))}
              for r in rows if r.overdue and r.executor_id in executors]
    organisations = sorted(listed, key=lambda r: (-r["overdue"], r["name"]))[:TOP]
    offices = sorted((r for r in listed if r["kind"] == "housing_office"),
                     key=lambda r: (-(r["pct_overdue"] or 0), -r["overdue"], r["name"]))[:TOP]
    return organisations, offices


def _places_of_week(session: Session, names: service.Names, since: datetime,
                    limit: int = 3) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The week's buildings and lifts (building and entrance, lift problems only) with
    the most appeals, each with the executor that got most of them: one grouped scan."""
    lifts = set(names.lift_problem_ids())
    rows = session.execute(
        select(Appeal.building_id, Appeal.entrance, Appeal.executor_id, Appeal.problem_id,
               func.count()).where(Appeal.created_at >= since)
        .group_by(Appeal.building_id, Appeal.entrance, Appeal.executor_id, Appeal.problem_id))
    buildings: dict[int, dict[int | None, int]] = {}
    lift_places: dict[tuple[int, str | None], dict[int | None, int]] = {}
    for building_id, entrance, executor_id, problem_id, count in rows:
        by_executor = buildings.setdefault(building_id, {})
        by_executor[executor_id] = by_executor.get(executor_id, 0) + int(count)
        if problem_id in lifts:
            place = lift_places.setdefault((building_id, entrance), {})
            place[executor_id] = place.get(executor_id, 0) + int(count)

    def top(places: dict[Any, dict[int | None, int]]) -> list[tuple[Any, int, str | None]]:
        ranked = sorted(places.items(), key=lambda kv: (-sum(kv[1].values()), str(kv[0])))
        chosen = []
        for place, by_executor in ranked[:limit]:
            named = [(n, names.executors[e].name) for e, n in by_executor.items()
                     if e is not None and e in names.executors]
            leader = min(named, key=lambda pair: (-pair[0], pair[1]))[1] if named else None
            chosen.append((place, sum(by_executor.values()), leader))
        return chosen

    top_buildings = top(buildings)
    top_lifts = top(lift_places)
    ids = {b for b, _n, _e in top_buildings} | {p[0] for p, _n, _e in top_lifts}
    addresses = {b.id: b for b in session.execute(
        select(Building.id, Building.street, Building.house, Building.district)
        .where(Building.id.in_(ids)))} if ids else {}

    def shown(building_id: int, entrance: str | None, count: int,
              executor: str | None) -> dict[str, Any]:
        b = addresses[building_id]
        return {"address": building_label(b.street, b.house, b.district),
                "district": b.district, "entrance": entrance, "count": count,
                "executor_name": executor}

    return ([shown(b, None, n, e) for b, n, e in top_buildings],
            [shown(p[0], p[1], n, e) for p, n, e in top_lifts])


def _without_services(session: Session, names: service.Names, now: datetime) -> dict[str, Any]:
    """Houses without hot water, cold water, heating, electricity now, by district."""
    active = and_(Outage.starts_at <= now, Outage.ends_at > now,
                  Outage.service.in_(OUTAGE_SERVICES), Outage.kind == "outage")
    table = {d: dict.fromkeys(OUTAGE_SERVICES, 0) for d in names.districts}
    wide: dict[str, list[str]] = {}
    rows = session.execute(
        select(func.coalesce(Building.district, Outage.district), Outage.service,
               Outage.building_id.is_(None), func.count(func.distinct(Outage.building_id)))
        .select_from(Outage).outerjoin(Building, Building.id == Outage.building_id)
        .where(active).group_by(func.coalesce(Building.district, Outage.district),
                                Outage.service, Outage.building_id.is_(None)))
    for district, kind, district_wide, count in rows:
        if district is None:
            continue
        if district_wide:
            wide.setdefault(district, []).append(kind)
        else:
            table.setdefault(district, dict.fromkeys(OUTAGE_SERVICES, 0))[kind] = int(count)
    listed: list[dict[str, Any]] = [
        {"district": d, **table[d], "district_wide": sorted(wide.get(d, []))}
        for d in sorted(table)]
    totals = {s: sum(r[s] for r in listed) for s in OUTAGE_SERVICES}
    return {"rows": listed, "total": totals}


def dashboard_data(session: Session, now: datetime, zone: ZoneInfo,
                   refresh_seconds: int) -> dict[str, Any]:
    names = service.names(session)
    today = _local_midnight(now, zone)
    week_start = today - timedelta(days=6)
    week = Period("custom", week_start.date(), today.date(), zone)
    month = Period("month", today.date().replace(day=1), today.date(), zone)
    in_work, overdue = _open_counts(session, now)
    calls, connect_s = _calls_today(session, today)
    counts = _fortnight(session, week.starts_at, today)
    this_week, last_week = _emergencies(names, counts.week), _emergencies(names, counts.before)
    organisations, offices = _overdue_executors(session, names, now)
    topics = _topics(names, counts, None, 3)
    housing = _topics(names, counts, HOUSING_SPHERE_CODE, TOP)
    buildings, lifts = _places_of_week(session, names, week.starts_at)
    districts = service.district_ratings(session, month, now)
    return {
        "updated_at": now.isoformat(), "refresh_seconds": refresh_seconds,
        "week": week.as_dict(), "month": month.as_dict(),
        "contact_centre": {
            "in_work": in_work, "overdue": overdue,
            "appeals_today": sum(counts.today.values()),
            "calls_today": calls, "avg_connect_s_today": connect_s,
            "emergencies_today": _emergencies(names, counts.today),
            "emergencies_week": this_week, "emergencies_previous_week": last_week,
            "emergencies_change_pct": service.percent(this_week - last_week, last_week),
        },
        "rising_topics": topics["rising"], "falling_topics": topics["falling"],
        "top_overdue_organisations": organisations,
        "top_overdue_housing_offices": offices,
        "district_ranking": [
            {"district": r["district"], "pct_on_time": r["pct_on_time"], "level": r["level"],
             "rank": r["rank"], "received": r["received"]} for r in districts["items"]],
        "housing": {"top_problems_week": housing["top"], "top_buildings_week": buildings,
                    "top_lifts_week": lifts,
                    "without_services": _without_services(session, names, now)},
    }


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
