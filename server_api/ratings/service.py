"""Ratings of district administrations and executors, problems and buildings.

An appeal belongs to the period in which it was received (its created_at);
its outcome is read as it stands now, so a past month's figures still move
while its appeals are being worked. Each figure's definition is in
server_api/API.md ("Ratings and dashboard"); the formulas for % on time and
% executed are the ones Kyiv's 1551 uses, and the overall level is their
product with % confirmed and the two indices, as the city's own table shows
(Святошинська: 99.95 × 99.16 × 89.32 × 100 × 100 → 88.53 %).

One grouped scan of the period's appeals (conditional sums), plus one of their
confirmed verification rounds; names come from the small reference tables.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    and_,
    case,
    cast,
    desc,
    func,
    literal,
    select,
)
from sqlalchemy.orm import Session

from server_api.errors import ApiError
from server_api.models import (
    OPEN_STATUSES,
    Appeal,
    Building,
    Executor,
    Problem,
    Sphere,
    VerificationRound,
)
from server_api.ratings.periods import Period
from server_api.seed import building_label

CLOSED = "closed"
CANCELLED = "cancelled"
AWAITING = "awaiting_verification"
NO_EXECUTOR = "не призначено"
# Lifts: the classifier's lift problems (passenger, freight, people stuck in the cabin).
LIFT_WORDS = ("ліфт", "кабін")


def seconds_between(session: Session, later: Any, earlier: Any) -> ColumnElement[Any]:
    """later - earlier in seconds, as each database spells it."""
    if session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", later - earlier)
    return (func.julianday(later) - func.julianday(earlier)) * 86400.0


def count_if(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.sum(case((condition, 1), else_=0))


def outcome_columns(session: Session, now: datetime) -> list[ColumnElement[Any]]:
    """The conditional sums every rating row is made of (labels = Counts' fields)."""
    is_open = Appeal.status.in_(OPEN_STATUSES)
    is_closed = Appeal.status == CLOSED
    return [
        func.count().label("received"),
        count_if(Appeal.status == CANCELLED).label("cancelled"),
        count_if(and_(is_closed, Appeal.closed_at <= Appeal.deadline)).label("closed_on_time"),
        count_if(and_(is_closed, Appeal.closed_at > Appeal.deadline)).label("closed_late"),
        count_if(and_(is_open, Appeal.deadline < now)).label("open_overdue"),
        count_if(and_(is_open, Appeal.deadline >= now)).label("open_in_term"),
        count_if(Appeal.status == AWAITING).label("awaiting_verification"),
        func.sum(case((Appeal.status != CANCELLED, Appeal.rework_count), else_=0))
        .label("reworks"),
        count_if(and_(Appeal.status != CANCELLED, Appeal.rework_count > 0))
        .label("reworked_appeals"),
        count_if(and_(is_closed, Appeal.rework_count == 0)).label("closed_first_time"),
        func.sum(case((is_closed, seconds_between(session, Appeal.closed_at, Appeal.created_at)),
                      else_=0)).label("execution_seconds"),
        func.sum(case((is_closed, seconds_between(session, Appeal.deadline, Appeal.created_at)),
                      else_=0)).label("term_seconds"),
    ]


COUNT_FIELDS = ("received", "cancelled", "closed_on_time", "closed_late", "open_overdue",
                "open_in_term", "awaiting_verification", "reworks", "reworked_appeals",
                "closed_first_time", "confirmed")


@dataclass
class Counts:
    received: int = 0
    cancelled: int = 0
    closed_on_time: int = 0
    closed_late: int = 0
    open_overdue: int = 0
    open_in_term: int = 0
    awaiting_verification: int = 0
    reworks: int = 0
    reworked_appeals: int = 0
    closed_first_time: int = 0
    confirmed: int = 0
    execution_seconds: float = 0.0
    term_seconds: float = 0.0

    @classmethod
    def from_row(cls, row: Any) -> Counts:
        mapping = row._mapping
        return cls(**{name: int(mapping[name] or 0) for name in COUNT_FIELDS
                      if name in mapping},
                   execution_seconds=float(mapping["execution_seconds"] or 0),
                   term_seconds=float(mapping["term_seconds"] or 0))

    def add(self, other: Counts) -> None:
        for name in (*COUNT_FIELDS, "execution_seconds", "term_seconds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def executed(self) -> int:
        return self.closed_on_time + self.closed_late

    @property
    def missed_term(self) -> int:
        return self.closed_late + self.open_overdue


def percent(part: float, whole: float) -> float | None:
    return round(100.0 * part / whole, 2) if whole else None


@dataclass
class RatingRow:
    key: dict[str, Any]
    counts: Counts
    speed_ratio: float | None = None
    first_time_share: float | None = None
    speed_index: float | None = None
    actual_index: float | None = None
    level: float | None = None
    rank: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def pct_on_time(self) -> float | None:
        c = self.counts
        return percent(c.closed_on_time, c.closed_on_time + c.closed_late + c.open_overdue)

    @property
    def pct_executed(self) -> float | None:
        c = self.counts
        return percent(c.executed, c.executed + c.reworks)

    @property
    def pct_confirmed(self) -> float | None:
        c = self.counts
        return percent(c.confirmed, c.executed + c.reworks)

    def as_dict(self) -> dict[str, Any]:
        c = self.counts

        def days(seconds: float) -> float | None:
            return round(seconds / c.executed / 86400.0, 2) if c.executed else None

        return {
            **self.key,
            "received": c.received, "cancelled": c.cancelled,
            "closed_on_time": c.closed_on_time, "closed_late": c.closed_late,
            "open_overdue": c.open_overdue, "open_in_term": c.open_in_term,
            "executed": c.executed, "not_executed": c.reworks,
            "reworked_appeals": c.reworked_appeals,
            "awaiting_verification": c.awaiting_verification,
            "confirmed": c.confirmed, "missed_term": c.missed_term,
            "pct_on_time": self.pct_on_time, "pct_executed": self.pct_executed,
            "pct_confirmed": self.pct_confirmed,
            "avg_execution_days": days(c.execution_seconds),
            "avg_term_days": days(c.term_seconds),
            "speed_index": self.speed_index, "actual_execution_index": self.actual_index,
            "level": self.level, "rank": self.rank, **self.extra,
        }


def rank_rows(rows: list[RatingRow]) -> list[RatingRow]:
    """Indices relative to the best group (it gets 100), the level, then the rank
    (1224 style: equal levels share a rank); groups without a level come last."""
    for row in rows:
        c = row.counts
        row.speed_ratio = (c.execution_seconds / c.term_seconds if c.term_seconds > 0
                           else (0.0 if c.executed else None))
        row.first_time_share = c.closed_first_time / c.executed if c.executed else None
    ratios = [r.speed_ratio for r in rows if r.speed_ratio is not None]
    shares = [r.first_time_share for r in rows if r.first_time_share is not None]
    best_ratio = min(ratios) if ratios else None
    best_share = max(shares) if shares else None
    for row in rows:
        if row.speed_ratio is not None and best_ratio is not None:
            row.speed_index = (100.0 if row.speed_ratio <= best_ratio
                               else round(100.0 * best_ratio / row.speed_ratio, 2))
        if row.first_time_share is not None and best_share:
            row.actual_index = round(100.0 * row.first_time_share / best_share, 2)
        elif row.first_time_share is not None:
            row.actual_index = 0.0
        parts = (row.pct_on_time, row.pct_executed, row.pct_confirmed, row.speed_index,
                 row.actual_index)
        if all(p is not None for p in parts):
            level = 100.0
            for p in parts:
                level *= (p or 0.0) / 100.0
            row.level = round(level, 2)

    def order(row: RatingRow) -> tuple[Any, ...]:
        return (row.level is None, -(row.level or 0.0), -(row.pct_on_time or 0.0),
                -row.counts.received, str(row.key.get("name", "")))

    rows.sort(key=order)
    previous_level: float | None = None
    for position, row in enumerate(rows, start=1):
        if row.level is None:
            continue
        if previous_level is not None and row.level == previous_level:
            row.rank = rows[position - 2].rank
        else:
            row.rank = position
        previous_level = row.level
    return rows


# --- the grouped scans -----------------------------------------------------------

def _in_period(period: Period) -> ColumnElement[bool]:
    return and_(Appeal.created_at >= period.starts_at, Appeal.created_at < period.ends_at)


def grouped_counts(session: Session, period: Period, now: datetime,
                   keys: Sequence[Any],
                   where: Iterable[ColumnElement[bool]] = (), *, by_building: bool = False,
                   ) -> dict[tuple[Any, ...], Counts]:
    """Counts per value of keys (columns of appeals, and of buildings when by_building:
    the join is skipped otherwise) for the period."""
    conditions = [_in_period(period), *where]
    needs_building = by_building
    stmt = select(*keys, *outcome_columns(session, now)).select_from(Appeal)
    if needs_building:
        stmt = stmt.join(Building, Building.id == Appeal.building_id)
    stmt = stmt.where(*conditions).group_by(*keys)
    result: dict[tuple[Any, ...], Counts] = {}
    width = len(keys)
    for row in session.execute(stmt):
        result[tuple(row[:width])] = Counts.from_row(row)
    confirmed = select(*keys, func.count().label("confirmed")).select_from(
        VerificationRound).join(Appeal, Appeal.id == VerificationRound.appeal_id)
    if needs_building:
        confirmed = confirmed.join(Building, Building.id == Appeal.building_id)
    confirmed = confirmed.where(VerificationRound.outcome == "confirmed", *conditions
                                ).group_by(*keys)
    for row in session.execute(confirmed):
        found = result.get(tuple(row[:width]))
        if found is not None:
            found.confirmed = int(row.confirmed)
    return result


def rating_counts(session: Session, period: Period, now: datetime, by: Sequence[str],
                  district: str | None = None, executor_id: int | None = None,
                  ) -> dict[tuple[Any, ...], Counts]:
    """Counts per district and/or executor (by: "district", "executor_id"): the running
    totals of finalised appeals over the period's days plus the live rest
    (server_api/ratings/totals.py)."""
    from server_api.ratings import totals
    from server_api.ratings.models import RatingTotalsState

    totals.refresh(session, now)
    table = totals.T
    summary_keys = [table.c.district if k == "district" else table.c.executor_key for k in by]
    live_keys = [Building.district if k == "district" else Appeal.executor_id for k in by]
    state = select(RatingTotalsState.watermark).where(RatingTotalsState.id == 1)
    watermark = session.scalar(state)
    result: dict[tuple[Any, ...], Counts] = {}
    if watermark is not None:
        stmt = (select(*summary_keys, *(func.sum(table.c[n]).label(n) for n in totals.SUMMED),
                       state.scalar_subquery().label("watermark"))
                .where(table.c.day >= period.first, table.c.day <= period.last)
                .group_by(*summary_keys))
        if district is not None:
            stmt = stmt.where(table.c.district == district)
        if executor_id is not None:
            stmt = stmt.where(table.c.executor_key == executor_id)
        width = len(by)
        for row in session.execute(stmt):
            # The watermark read with the totals: the live part must start where they end.
            watermark = row.watermark
            key = tuple(None if k == "executor_id" and v == 0 else v
                        for k, v in zip(by, row[:width], strict=True))
            result[key] = Counts.from_row(row)
    where: list[ColumnElement[bool]] = []
    if watermark is not None:
        where.append(totals.live_condition(watermark))
    if district is not None:
        where.append(Building.district == district)
    if executor_id is not None:
        where.append(Appeal.executor_id == executor_id)
    for key, counts in grouped_counts(session, period, now, live_keys, where,
                                      by_building=True).items():
        result.setdefault(key, Counts()).add(counts)
    return result


@dataclass(frozen=True)
class ExecutorName:
    id: int
    code: str
    name: str
    kind: str
    district: str | None


@dataclass(frozen=True)
class ProblemName:
    id: int
    code: str
    name: str
    sphere_id: int
    emergency: bool


@dataclass(frozen=True)
class SphereName:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class Names:
    """The small reference tables the ratings name their rows from, kept by each API
    process for REFERENCE_TTL_S: a dashboard polled by every wall screen would read
    them on every refresh otherwise."""

    executors: dict[int, ExecutorName]
    problems: dict[int, ProblemName]
    spheres: dict[int, SphereName]
    districts: tuple[str, ...]
    loaded_at: float

    def lift_problem_ids(self) -> list[int]:
        return sorted(p.id for p in self.problems.values()
                      if any(word in p.name.casefold() for word in LIFT_WORDS))


REFERENCE_TTL_S = 60.0
_names: dict[str, Names] = {}
_names_lock = threading.Lock()


def names(session: Session) -> Names:
    key = session.get_bind().engine.url.render_as_string(hide_password=True)
    found = _names.get(key)
    if found is not None and time.monotonic() - found.loaded_at < REFERENCE_TTL_S:
        return found
    executors = session.execute(select(Executor.id, Executor.code, Executor.name,
                                       Executor.kind, Executor.district))
    problems = session.execute(select(Problem.id, Problem.code, Problem.name,
                                      Problem.sphere_id, Problem.emergency))
    spheres = session.execute(select(Sphere.id, Sphere.code, Sphere.name))
    loaded = Names(
        executors={row.id: ExecutorName(*row) for row in executors},
        problems={row.id: ProblemName(*row) for row in problems},
        spheres={row.id: SphereName(*row) for row in spheres},
        districts=tuple(sorted(d for d in session.scalars(select(Building.district).distinct())
                               if d)),
        loaded_at=time.monotonic())
    with _names_lock:
        _names[key] = loaded
    return loaded


def known_districts(session: Session) -> list[str]:
    return list(names(session).districts)


def check_district(session: Session, district: str) -> str:
    if district not in known_districts(session):
        raise ApiError(404, "unknown_district", f"Район «{district[:100]}» не знайдено",
                       "district")
    return district


def get_executor(session: Session, executor_id: int) -> Executor:
    executor = session.get(Executor, executor_id)
    if executor is None:
        raise ApiError(404, "unknown_executor", f"Виконавця з id {executor_id} не знайдено",
                       "executor_id")
    return executor


def _total(rows: Iterable[RatingRow]) -> dict[str, Any]:
    total = Counts()
    for row in rows:
        total.add(row.counts)
    body = RatingRow({"name": "Усього"}, total).as_dict()
    for name in ("speed_index", "actual_execution_index", "level", "rank"):
        body.pop(name)
    return body


def district_ratings(session: Session, period: Period, now: datetime) -> dict[str, Any]:
    """Every district administration's row, the districts with no appeals included."""
    counts = rating_counts(session, period, now, ("district",))
    districts = set(known_districts(session)) | {k[0] for k in counts}
    admins = {e.district: e for e in names(session).executors.values()
              if e.kind == "district_admin"}
    rows = []
    for district in districts:
        admin = admins.get(district)
        rows.append(RatingRow({"district": district, "name": district,
                               "executor_id": admin.id if admin else None,
                               "executor_name": admin.name if admin else None},
                              counts.get((district,), Counts())))
    ranked = rank_rows(rows)
    return {"period": period.as_dict(), "computed_at": now.isoformat(),
            "items": [r.as_dict() for r in ranked], "total": _total(ranked)}


def executor_ratings(session: Session, period: Period, now: datetime,
                     district: str | None = None, kind: str | None = None) -> dict[str, Any]:
    """Each executor that had appeals in the period (or, in a district, its appeals
    there); appeals routed to no executor are one row of their own."""
    if district is not None:
        check_district(session, district)
    counts = rating_counts(session, period, now, ("executor_id",), district=district)
    executors = names(session).executors
    rows = []
    for (executor_id,), found in counts.items():
        executor = executors.get(executor_id) if executor_id is not None else None
        if kind is not None and (executor is None or executor.kind != kind):
            continue
        rows.append(RatingRow({"executor_id": executor_id,
                               "name": executor.name if executor else NO_EXECUTOR,
                               "kind": executor.kind if executor else None,
                               "district": executor.district if executor else None}, found))
    ranked = rank_rows(rows)
    return {"period": period.as_dict(), "computed_at": now.isoformat(), "district": district,
            "items": [r.as_dict() for r in ranked], "total": _total(ranked)}


def executor_detail(session: Session, executor_id: int, period: Period,
                    now: datetime) -> dict[str, Any]:
    """One executor: its row among all executors, then by district and by problem."""
    executor = get_executor(session, executor_id)
    everyone = executor_ratings(session, period, now)
    own = next((r for r in everyone["items"] if r["executor_id"] == executor_id), None)
    mine = [Appeal.executor_id == executor_id]
    by_district = rank_rows([
        RatingRow({"district": k[0], "name": k[0]}, c)
        for k, c in rating_counts(session, period, now, ("district",),
                                  executor_id=executor_id).items()])
    problems = names(session).problems
    by_problem = rank_rows([
        RatingRow({"problem_code": problems[k[0]].code, "name": problems[k[0]].name}, c)
        for k, c in grouped_counts(session, period, now, [Appeal.problem_id], mine).items()])
    return {"period": period.as_dict(), "computed_at": now.isoformat(),
            "executor": {"id": executor.id, "code": executor.code, "name": executor.name,
                         "kind": executor.kind, "district": executor.district},
            "rating": own or RatingRow({"executor_id": executor_id, "name": executor.name},
                                       Counts()).as_dict(),
            "executors_ranked": sum(1 for r in everyone["items"] if r["rank"] is not None),
            "by_district": [r.as_dict() for r in by_district],
            "by_problem": [r.as_dict() for r in by_problem]}


# --- problems and buildings ------------------------------------------------------------

def _problem_counts(session: Session, period: Period, sphere_id: int | None
                    ) -> dict[int, int]:
    stmt = select(Appeal.problem_id, func.count()).where(_in_period(period))
    if sphere_id is not None:
        stmt = stmt.join(Problem, Problem.id == Appeal.problem_id).where(
            Problem.sphere_id == sphere_id)
    return {int(p): int(n) for p, n in session.execute(stmt.group_by(Appeal.problem_id))}


def _sphere_id(session: Session, code: str | None) -> int | None:
    if code is None:
        return None
    for sphere in names(session).spheres.values():
        if sphere.code == code:
            return sphere.id
    raise ApiError(404, "unknown_sphere", f"Сферу «{code[:20]}» не знайдено", "sphere")


def problem_ratings(session: Session, period: Period, now: datetime, sphere: str | None = None,
                    limit: int = 10) -> dict[str, Any]:
    """Top problems of the period with the previous period of the same length: the
    growth and fall of relevance; the top ones split by district."""
    sphere_id = _sphere_id(session, sphere)
    current = _problem_counts(session, period, sphere_id)
    before = _problem_counts(session, period.previous(), sphere_id)
    problems, spheres = names(session).problems, names(session).spheres
    rows: list[dict[str, Any]] = []
    for problem_id in set(current) | set(before):
        problem = problems[problem_id]
        now_count, then = current.get(problem_id, 0), before.get(problem_id, 0)
        change = now_count - then
        rows.append({"problem_code": problem.code, "name": problem.name,
                     "sphere_code": spheres[problem.sphere_id].code,
                     "sphere_name": spheres[problem.sphere_id].name,
                     "count": now_count, "previous_count": then, "change": change,
                     "change_pct": percent(change, then), "new": then == 0 and now_count > 0,
                     "_id": problem_id})
    top = sorted((r for r in rows if r["count"]),
                 key=lambda r: (-r["count"], r["problem_code"]))[:limit]
    rising = sorted((r for r in rows if r["change"] > 0),
                    key=lambda r: (-r["change"], r["problem_code"]))[:limit]
    falling = sorted((r for r in rows if r["change"] < 0),
                     key=lambda r: (r["change"], r["problem_code"]))[:limit]
    split: dict[int, dict[str, int]] = {}
    if top:
        stmt = (select(Appeal.problem_id, Building.district, func.count())
                .join(Building, Building.id == Appeal.building_id)
                .where(_in_period(period), Appeal.problem_id.in_([r["_id"] for r in top]))
                .group_by(Appeal.problem_id, Building.district))
        for problem_id, district, count in session.execute(stmt):
            split.setdefault(int(problem_id), {})[district] = int(count)
    for row in top:
        row["by_district"] = dict(sorted(split.get(row["_id"], {}).items()))

    def clean(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in r.items() if k != "_id"} for r in items]

    return {"period": period.as_dict(), "previous": period.previous().as_dict(),
            "computed_at": now.isoformat(), "sphere": sphere,
            "total": sum(current.values()), "top": clean(top), "rising": clean(rising),
            "falling": clean(falling)}


def building_ratings(session: Session, period: Period, now: datetime, kind: str = "all",
                     district: str | None = None, limit: int = 10) -> dict[str, Any]:
    """Buildings (kind=all) or lifts (kind=lifts: the building's entrance) with the most
    appeals in the period, with the executor that got most of them. Addresses of
    buildings only: never a flat, never a citizen."""
    where = [_in_period(period)]
    if district is not None:
        check_district(session, district)
        where.append(Building.district == district)
    entrance: Any = (Appeal.entrance if kind == "lifts"
                                    else cast(literal(None), Appeal.entrance.type))
    if kind == "lifts":
        where.append(Appeal.problem_id.in_(names(session).lift_problem_ids()))
    count = func.count().label("n")
    stmt = (select(Building.id, Building.street, Building.house, Building.district,
                   entrance.label("entrance"), count).select_from(Appeal)
            .join(Building, Building.id == Appeal.building_id).where(*where)
            .group_by(Building.id, Building.street, Building.house, Building.district,
                      entrance)
            .order_by(desc(count), Building.id).limit(limit))
    found = list(session.execute(stmt))
    leaders: dict[tuple[int, Any], str] = {}
    if found:
        by_executor = (select(Appeal.building_id, entrance.label("entrance"),
                              Executor.name, func.count().label("n")).select_from(Appeal)
                       .join(Building, Building.id == Appeal.building_id)
                       .join(Executor, Executor.id == Appeal.executor_id)
                       .where(*where, Appeal.building_id.in_([r.id for r in found]))
                       .group_by(Appeal.building_id, entrance, Executor.name)
                       .order_by(desc("n"), Executor.name))
        for row in session.execute(by_executor):
            leaders.setdefault((row.building_id, row.entrance), row.name)
    items = [{"building_id": r.id, "address": building_label(r.street, r.house, r.district),
              "street": r.street, "house": r.house, "district": r.district,
              "entrance": r.entrance, "count": int(r.n),
              "executor_name": leaders.get((r.id, r.entrance))} for r in found]
    return {"period": period.as_dict(), "computed_at": now.isoformat(), "kind": kind,
            "district": district, "items": items}


# --- executors who missed their terms (Kryvyi Rih's decision, 6.2-6.3) ------------------

def missed_terms(session: Session, period: Period, now: datetime,
                 appeals_limit: int = 5000) -> dict[str, Any]:
    """Appeals whose deadline fell in the period and which were not closed by it
    (closed late, or still open now), per executor, with the appeals themselves."""
    is_open = Appeal.status.in_(OPEN_STATUSES)
    due = and_(Appeal.deadline >= period.starts_at, Appeal.deadline < period.ends_at,
               Appeal.status != CANCELLED)
    missed = (((Appeal.status == CLOSED) & (Appeal.closed_at > Appeal.deadline))
              | (is_open & (Appeal.deadline < now)))
    executors = names(session).executors
    stmt = (select(Appeal.executor_id, func.count().label("due"),
                   count_if(missed).label("missed"),
                   count_if(is_open & (Appeal.deadline < now)).label("still_open"))
            .where(due).group_by(Appeal.executor_id))
    rows = []
    for row in session.execute(stmt):
        if not row.missed:
            continue
        executor = executors.get(row.executor_id) if row.executor_id is not None else None
        rows.append({"executor_id": row.executor_id,
                     "name": executor.name if executor else NO_EXECUTOR,
                     "kind": executor.kind if executor else None,
                     "district": executor.district if executor else None,
                     "due": int(row.due), "missed": int(row.missed),
                     "still_open": int(row.still_open),
                     "pct_missed": percent(int(row.missed), int(row.due))})
    rows.sort(key=lambda r: (-r["missed"], -(r["pct_missed"] or 0), r["name"]))
    late_days = seconds_between(session, func.coalesce(Appeal.closed_at, now),
                                Appeal.deadline) / 86400.0
    listed = (select(Appeal.number, Appeal.status, Appeal.deadline, Appeal.closed_at,
                     Appeal.executor_id, Problem.name.label("problem"), Building.street,
                     Building.house, Building.district, cast(late_days, Integer).label("late"))
              .join(Problem, Problem.id == Appeal.problem_id)
              .join(Building, Building.id == Appeal.building_id)
              .where(due, missed).order_by(Appeal.executor_id, Appeal.deadline, Appeal.id)
              .limit(appeals_limit))
    appeals = []
    for a in session.execute(listed):
        executor = executors.get(a.executor_id) if a.executor_id is not None else None
        appeals.append({"number": a.number, "status": a.status,
                        "executor_name": executor.name if executor else NO_EXECUTOR,
                        "problem": a.problem,
                        "address": building_label(a.street, a.house, a.district),
                        "district": a.district, "deadline": a.deadline.isoformat(),
                        "closed_at": a.closed_at.isoformat() if a.closed_at else None,
                        "days_late": max(int(a.late or 0), 0)})
    return {"period": period.as_dict(), "computed_at": now.isoformat(), "items": rows,
            "appeals": appeals, "appeals_truncated": len(appeals) == appeals_limit}
