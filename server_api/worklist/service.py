"""The feedback department's verification worklist: queue, lease, outcomes.

An appeal the executor reports done waits here for the callback that confirms
it. Staff claim an item with a lease (so two never ring the same citizen); a
lease that lapses frees the item by itself: every check compares `lease_until`
with now, no job runs. A claim is one conditional UPDATE, so of two claims at
the same instant exactly one changes the row.

Every function takes `now`, so the rules (calling hours, retry delays, the
promised callback's grace) are tested at chosen moments.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from orjson import Fragment
from sqlalchemy import (
    Integer,
    String,
    Text,
    and_,
    bindparam,
    case,
    cast,
    delete,
    func,
    insert,
    inspect,
    literal_column,
    null,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import ColumnElement, CompoundSelect, Select

from server_api import audit
from server_api.appeals import service as appeals
from server_api.auth.service import Actor
from server_api.db import UtcDateTime, one_statement, table_of
from server_api.errors import ApiError, not_found
from server_api.models import (
    QUEUE_BACK_AT,
    QUEUE_COMING_BACK,
    QUEUE_FRESH,
    QUEUE_SET_APART,
    Appeal,
    AppealStatus,
    AppealStatusChange,
    AuditEntry,
    Building,
    Citizen,
    CitizenPhone,
    Executor,
    Problem,
    Role,
    Sphere,
    User,
    VerificationItem,
    VerificationRound,
)
from server_api.worklist.hours import CallingHours
from server_api.worklist.queue import (
    Q,
    _calls_by_sip_id,
    _held_error,
    local_time,
    round_dict,
    rounds_with_calls,
    settings_of,
)

UNANSWERED = ("no_answer", "busy", "wrong_number")
OUTCOMES = ("confirmed", "not_solved", *UNANSWERED)
DECISIONS = ("retry", "rework", "close", "cancel")
LEAD_ROLES = (Role.SHIFT_LEAD.value, Role.ADMIN.value)
_AWAITING = AppealStatus.AWAITING_VERIFICATION.value


@dataclass(frozen=True)
class WorklistFilter:
    district: str | None = None
    sphere: str | None = None  # sphere code
    executor_id: int | None = None
    reported_from: date | None = None
    reported_to: date | None = None


# --- what may be called now ----------------------------------------------------

def _offered(now: Any) -> ColumnElement[bool]:
    """Items on the feedback list now: not escalated, not waiting for a retry, and a
    promised callback only once its time has come (`now`: a value or a named
    parameter)."""
    return and_(Q.escalated.is_(None),
                or_(Q.next_attempt_at.is_(None), Q.next_attempt_at <= now),
                or_(Q.scheduled_at.is_(None), Q.scheduled_at <= now))


def _claimable(user_id: Any, now: Any, promise_lapsed: Any) -> ColumnElement[bool]:
    """Offered, not held by someone else, not reserved for whoever promised the call
    (until `promise_lapsed`: now less the grace). Values or named parameters."""
    return and_(_offered(now),
                or_(Q.lease_user_id.is_(None), Q.lease_until < now, Q.lease_user_id == user_id),
                or_(Q.scheduled_by.is_(None), Q.scheduled_by == user_id,
                    Q.scheduled_at <= promise_lapsed))


def _most_urgent(filters: tuple[str, ...], now: Any, condition: ColumnElement[bool] | None,
                 limit: int, locked: bool = False) -> Any:
    """The first `limit` keys in urgency order (due_at, attempts, appeal_id) of the
    items offered at `now`, fresh and coming back, that meet `condition`. With
    `locked` each side's rows are locked as read, those locked by others skipped
    (PostgreSQL): then at most `limit` rows of each side stay locked.

    Each side is read from its own index (models.QUEUE_FRESH): one index for both made
    every claim and page step over every item waiting for its retry (with 10,000
    waiting a claim's pick took 5 ms, with 30,000 16 ms; now 0.1 ms:
    bench/worklist_waiting.py). The price: those due again are sorted, 0.45 ms with
    1,000 due at once. Few are: the most overdue, they are claimed first."""
    sides = []
    for kind in (QUEUE_FRESH, and_(QUEUE_COMING_BACK, now >= QUEUE_BACK_AT, _offered(now))):
        side = _filtered(select(*_URGENCY), _named(filters)).where(kind)
        if condition is not None:
            side = side.where(condition)
        side = side.order_by(*_URGENCY).limit(_written(limit))
        if locked:
            side = side.with_for_update(skip_locked=True, of=Q)
        sides.append(select(side.subquery()))  # a compound's parts may not have a LIMIT
    both = sides[0].union_all(sides[1]).subquery()
    return select(both).order_by(both.c.due_at, both.c.attempts, both.c.appeal_id) \
        .limit(_written(limit))


_FILTERS: dict[str, Any] = {
    "f_district": lambda v: Q.district == v,
    "f_sphere_id": lambda v: Q.sphere_id == v,
    "f_executor_id": lambda v: Q.executor_id == v,
    "f_entered_from": lambda v: Q.entered_at >= v,
    "f_entered_before": lambda v: Q.entered_at < v,
}


def _filter_values(session: Session, flt: WorklistFilter) -> dict[str, Any]:
    """The filter as the queue's column values, keyed as the statements name them."""
    values: dict[str, Any] = {}
    if flt.district:
        values["f_district"] = flt.district
    if flt.sphere:
        sphere_id = session.scalar(select(Sphere.id).where(Sphere.code == flt.sphere))
        if sphere_id is None:
            raise ApiError(404, "not_found", f"Сфери «{flt.sphere}» немає в класифікаторі",
                           "sphere")
        values["f_sphere_id"] = sphere_id
    if flt.executor_id is not None:
        values["f_executor_id"] = flt.executor_id
    if flt.reported_from is not None:
        values["f_entered_from"] = datetime.combine(flt.reported_from, datetime.min.time(),
                                                    tzinfo=UTC)
    if flt.reported_to is not None:
        values["f_entered_before"] = datetime.combine(
            flt.reported_to + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    return values


def _filtered(stmt: Any, values: dict[str, Any]) -> Any:
    for name, value in values.items():
        stmt = stmt.where(_FILTERS[name](value))
    return stmt


def _named(names: tuple[str, ...]) -> dict[str, Any]:
    return {name: bindparam(name) for name in names}


def check_filter(flt: WorklistFilter) -> None:
    if flt.reported_from and flt.reported_to and flt.reported_to < flt.reported_from:
        raise ApiError(422, "validation_error",
                       "Кінець періоду раніше за його початок", "reported_to")


_URGENCY = (Q.due_at, Q.attempts, Q.appeal_id)
_AUDIT = table_of(AuditEntry)


def _audited(rows: Select[Any] | CompoundSelect[Any]) -> Any:
    """A CTE writing `rows` (at, actor, action, entity, entity_id, detail) to the audit
    log: a statement's own audit rows, no round trip of their own."""
    return insert(_AUDIT).from_select(
        ["at", "actor", "action", "entity", "entity_id", "detail"], rows).cte("logged")

LeaseUser = aliased(User)
Promiser = aliased(User)


def _first_phone() -> Any:
    return (select(func.min(CitizenPhone.phone))
            .where(CitizenPhone.citizen_id == Appeal.citizen_id)
            .correlate(Appeal).scalar_subquery())


def _item_columns() -> list[Any]:
    """The columns item_dict reads: the queue's own, not its ORM objects (a page of
    rows is only read, and building 50 tracked objects cost as much as the query)."""
    return [*Q.__table__.c, Appeal.number, Appeal.callback_phone, Appeal.flat,
            Appeal.rework_count, Appeal.status, Citizen.full_name,
            _first_phone().label("citizen_phone"),
            Problem.code.label("problem_code"), Problem.name.label("problem_name"),
            Sphere.code.label("sphere_code"), Sphere.name.label("sphere_name"),
            Building.id.label("building_id"), Building.street, Building.house,
            Building.district.label("building_district"),
            Executor.name.label("executor_name"),
            LeaseUser.username.label("lease_username"),
            LeaseUser.full_name.label("lease_full_name"),
            Promiser.username.label("promiser")]


def _item_select(keys: Any = None, columns: list[Any] | None = None) -> Select[Any]:
    """The items with their details (`columns`, item_dict's by default); from `keys`
    (a subquery of appeal_id and what else it carries) when given, joined first so
    the join runs from those keys."""
    stmt = select(*(columns if columns is not None else _item_columns()))
    if keys is not None:
        stmt = stmt.add_columns(*(c for c in keys.c if c.name != "appeal_id")) \
            .select_from(keys).join(Q, Q.appeal_id == keys.c.appeal_id)
    else:
        stmt = stmt.select_from(Q)
    return (stmt.join(Appeal, Appeal.id == Q.appeal_id)
            .join(Citizen, Citizen.id == Appeal.citizen_id)
            .join(Problem, Problem.id == Appeal.problem_id)
            .join(Sphere, Sphere.id == Problem.sphere_id)
            .join(Building, Building.id == Appeal.building_id)
            .outerjoin(Executor, Executor.id == Q.executor_id)
            .outerjoin(LeaseUser, LeaseUser.id == Q.lease_user_id)
            .outerjoin(Promiser, Promiser.id == Q.scheduled_by))


# --- an item as JSON built by PostgreSQL ------------------------------------------

def _word(value: str) -> Any:
    """A constant of our own, written into the statement (not a parameter)."""
    return literal_column("'" + value + "'")


def _json(**fields: Any) -> Any:
    return func.json_build_object(*(part for name, value in fields.items()
                                    for part in (_word(name), value)))


def _json_state(me: Any, now: Any, promise_lapsed: Any, live: Any) -> Any:
    """_state in SQL (`live`: the lease has not lapsed)."""
    return case(
        (Q.escalated.is_not(None), _word("escalated")),
        (live, case((Q.lease_user_id == me, _word("mine")), else_=_word("taken"))),
        (and_(Q.scheduled_by.is_not(None), Q.scheduled_by != me,
              Q.scheduled_at > promise_lapsed), _word("reserved")),
        (Q.next_attempt_at > now, _word("waiting")),
        else_=_word("available"))


def _item_json() -> Any:
    """item_dict's object, built by PostgreSQL as JSON text from the same columns:
    on a page of 50 the dicts, their rows and their encoding cost Python more than
    the query. Parameters: `me` (the reader's user id), `at_now`, `promise_lapsed`
    (now less the promised callback's grace). Times are PostgreSQL's own JSON of
    them, in UTC as every connection is (server_api/db.py; to_char cost 0.5 ms more a
    page); their fraction has no trailing zeros (.64247), still ISO 8601.
    tests/server_api/test_worklist.py checks that both give the same items."""
    me: Any = bindparam("me", type_=Integer)
    now: Any = bindparam("at_now")
    live = and_(Q.lease_user_id.is_not(None), Q.lease_until >= now)
    return cast(_json(
        appeal_id=Q.appeal_id, number=Appeal.number,
        citizen=_json(full_name=Citizen.full_name),
        callback_phone=func.coalesce(func.nullif(Appeal.callback_phone, _word("")), _first_phone()),
        problem=_json(code=Problem.code, name=Problem.name),
        sphere=_json(code=Sphere.code, name=Sphere.name),
        building=_json(id=Building.id, street=Building.street, house=Building.house,
                       district=Building.district),
        flat=Appeal.flat,
        executor=case((Q.executor_id.is_not(None),
                       _json(id=Q.executor_id, name=Executor.name))),
        report=_json(comment=Q.report_comment, at=Q.entered_at, by=Q.report_by),
        reported_at=Q.entered_at, due_at=Q.due_at,
        attempts=Q.attempts, last_attempt_at=Q.last_attempt_at,
        next_attempt_at=Q.next_attempt_at,
        scheduled=case((Q.scheduled_at.is_not(None),
                        _json(at=Q.scheduled_at, by=Promiser.username,
                              comment=Q.scheduled_comment))),
        lease=case((live, _json(username=LeaseUser.username, full_name=LeaseUser.full_name,
                                until=Q.lease_until))),
        state=_json_state(me, now, bindparam("promise_lapsed"), live),
        escalated=Q.escalated, escalated_at=Q.escalated_at,
        rework_count=Appeal.rework_count,
    ), Text).label("item")


def _grace(session: Session) -> timedelta:
    """How long a promised callback stays its promiser's after it is due."""
    return timedelta(minutes=settings_of(session).scheduled_grace_minutes)


def _json_values(session: Session, actor: Actor, now: datetime) -> dict[str, Any]:
    # 0 is nobody's id: an actor without one holds and promised nothing, as in _state.
    return {"me": actor.user_id if actor.user_id is not None else 0, "at_now": now,
            "promise_lapsed": now - _grace(session)}


def _written(count: int) -> Any:
    """A LIMIT written into the statement's text, not bound: a generic plan that
    does not know the page's size guesses hundreds of rows and reads the whole
    queue by hash join (9.6 ms for a page against 2.4)."""
    return bindparam(None, count, type_=Integer, literal_execute=True)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _state(item: Any, actor: Actor, now: datetime, grace: timedelta) -> str:
    if item.escalated:
        return "escalated"
    live = item.lease_user_id is not None and item.lease_until is not None \
        and item.lease_until >= now
    if live:
        return "mine" if item.lease_user_id == actor.user_id else "taken"
    if (item.scheduled_by is not None and item.scheduled_by != actor.user_id
            and item.scheduled_at is not None and now < item.scheduled_at + grace):
        return "reserved"
    if item.next_attempt_at is not None and item.next_attempt_at > now:
        return "waiting"
    return "available"


def item_dict(row: Any, actor: Actor, now: datetime, grace: timedelta) -> dict[str, Any]:
    item = row  # the queue's columns are the row's own
    live = item.lease_until is not None and item.lease_until >= now
    return {
        "appeal_id": item.appeal_id, "number": row.number,
        "citizen": {"full_name": row.full_name},
        "callback_phone": row.callback_phone or row.citizen_phone,
        "problem": {"code": row.problem_code, "name": row.problem_name},
        "sphere": {"code": row.sphere_code, "name": row.sphere_name},
        "building": {"id": row.building_id, "street": row.street, "house": row.house,
                     "district": row.building_district},
        "flat": row.flat,
        "executor": ({"id": item.executor_id, "name": row.executor_name}
                     if item.executor_id is not None else None),
        "report": {"comment": item.report_comment, "at": _iso(item.entered_at),
                   "by": item.report_by},
        "reported_at": _iso(item.entered_at), "due_at": _iso(item.due_at),
        "attempts": item.attempts, "last_attempt_at": _iso(item.last_attempt_at),
        "next_attempt_at": _iso(item.next_attempt_at),
        "scheduled": ({"at": _iso(item.scheduled_at), "by": row.promiser,
                       "comment": item.scheduled_comment} if item.scheduled_at else None),
        "lease": ({"username": row.lease_username, "full_name": row.lease_full_name,
                   "until": _iso(item.lease_until)}
                  if item.lease_user_id is not None and live else None),
        "state": _state(item, actor, now, grace),
        "escalated": item.escalated, "escalated_at": _iso(item.escalated_at),
        "rework_count": row.rework_count,
    }


def _rows_as_items(session: Session, rows: list[Any], actor: Actor,
                   now: datetime) -> list[dict[str, Any]]:
    grace = _grace(session)
    return [item_dict(row, actor, now, grace) for row in rows]


@functools.lru_cache(maxsize=256)
def _page_statements(filters: tuple[str, ...], cap: int, page_size: int,
                     as_json: bool) -> tuple[Select[Any], Select[Any]]:
    """(a page's rows, the count when a page is past the end) for one shape of
    filter, built once: building them cost as much as running them. Parameters:
    the filter's values, `at_now`, `skip`; with `as_json` each row is the item as
    JSON text (`item`), with _item_json's parameters, and the statement writes the
    reading to the audit log too (parameters `audit_actor`, `page_no`): the page is
    one statement, one round trip."""
    # One statement: the first cap + 1 keys in urgency order from the queue's indexes
    # alone, counted by a window; the page's keys cut from them (skipping the offset
    # without joining the skipped rows); then just those rows' details by key.
    first = _most_urgent(filters, bindparam("at_now"), None, cap + 1).subquery()
    page_keys = (select(first.c.appeal_id, func.count().over().label("capped_total"))
                 .order_by(first.c.due_at, first.c.attempts, first.c.appeal_id)
                 .offset(bindparam("skip", type_=Integer)).limit(_written(page_size))
                 .subquery())
    past_end = select(func.count()).select_from(first)
    if not as_json:
        return _item_select(page_keys).order_by(*_URGENCY), past_end
    shown = _item_select(page_keys, [_item_json(), *_URGENCY]).cte("shown")
    logged = _audited(select(
        bindparam("at_now"), bindparam("audit_actor", type_=String), _word("worklist_read"),
        _word("worklist"), null(),
        _json(page=bindparam("page_no", type_=Integer),
              shown=select(func.count()).select_from(shown).scalar_subquery())))
    page = (select(shown.c.item, shown.c.capped_total).add_cte(logged)
            .order_by(shown.c.due_at, shown.c.attempts, shown.c.appeal_id))
    return page, past_end


TOTAL_CAP = 1000  # a page's total counts this far (20 pages of 50), and past the page shown


def worklist(session: Session, actor: Actor, flt: WorklistFilter, page: int, page_size: int,
             now: datetime) -> dict[str, Any]:
    """The page of items offered now, most urgent first (empty outside calling hours)."""
    check_filter(flt)
    hours = CallingHours.from_settings(settings_of(session))
    body: dict[str, Any] = {"items": [], "total": 0, "total_capped": False, "page": page,
                            "page_size": page_size,
                            "calling_hours": hours.describe(now)}
    if not hours.is_open(now):
        return body
    as_json = session.get_bind().dialect.name == "postgresql"
    if as_json:
        one_statement(session)  # the page and its audit row, as one
    # Counted up to a cap, not over the whole queue: an exact count over a city's
    # 50,000 offered items cost more than the rest of the page together. The counts
    # endpoint stays exact; past the cap the list says "more than" and pages on.
    cap = max(TOTAL_CAP, page * page_size)
    values = _filter_values(session, flt)
    page_rows, past_end = _page_statements(tuple(sorted(values)), cap, page_size, as_json)
    params = {**values, "at_now": now, "skip": (page - 1) * page_size}
    if as_json:
        params.update(_json_values(session, actor, now), audit_actor=actor.label, page_no=page)
    rows = list(session.execute(page_rows, params))
    # A page past the end has no rows to carry the count.
    total = int(rows[0].capped_total) if rows else int(session.scalar(past_end, params) or 0)
    if as_json:
        body["items"] = [Fragment(row.item) for row in rows]
    else:
        body["items"] = _rows_as_items(session, rows, actor, now)
        audit.record(session, actor, "worklist_read", "worklist", None, page=page,
                     shown=len(rows))
    body["total"] = min(total, cap)
    body["total_capped"] = total > cap
    return body


def _flag_sum(condition: ColumnElement[bool]) -> Any:
    # A comparison with a NULL column is NULL, not false: a group whose rows are all
    # such (one waiting for its retry: scheduled_at > now) sums to NULL, not 0.
    return func.coalesce(func.sum(cast(condition, Integer)), 0)


_TOTALS = ("available", "taken", "waiting_retry", "scheduled", "escalated", "all")
_COUNTED = ("offered", *_TOTALS)


@functools.lru_cache(maxsize=64)
def _counts_statement(filters: tuple[str, ...]) -> Select[Any]:
    """The counts grouped by district, sphere and executor, for one shape of filter
    (parameters: its values, `at_now`), built once. Three parts, summed per group:
    the fresh items, all offered and counted from their index alone; those of them
    under a live lease, moved from available to taken; and the rest (coming back,
    escalated, few) with every condition on each row. Over every row at once the
    conditions cost 13-21 ms of PostgreSQL on a city's 50,000 items."""
    now: Any = bindparam("at_now")
    live_lease = and_(Q.lease_user_id.is_not(None), Q.lease_until >= now)
    groups = (Q.district, Q.sphere_id, Q.executor_id)
    none = literal_column("0", Integer)

    def part(kind: ColumnElement[bool], *columns: Any) -> Select[Any]:
        stmt = select(*groups, *(column.label(name) for name, column in zip(
            _COUNTED, columns, strict=True))).where(kind)
        filtered: Select[Any] = _filtered(stmt, _named(filters))
        return filtered.group_by(*groups)

    items = func.count()
    offered = _offered(now)
    parts = union_all(
        part(QUEUE_FRESH, items, items, none, none, none, none, items),
        part(and_(QUEUE_FRESH, live_lease), none, -items, items, none, none, none, none),
        part(QUEUE_SET_APART, _flag_sum(offered), _flag_sum(and_(offered, ~live_lease)),
             _flag_sum(and_(offered, live_lease)),
             _flag_sum(and_(Q.escalated.is_(None), Q.next_attempt_at > now)),
             _flag_sum(and_(Q.escalated.is_(None), Q.scheduled_at > now)),
             _flag_sum(Q.escalated.is_not(None)), items)).subquery()
    keys = [parts.c[column.key] for column in groups]
    grouped = select(*keys, *(func.sum(parts.c[name]).label(name) for name in _COUNTED)) \
        .group_by(*keys).subquery()
    # The names joined to the groups (a few hundred), not to every item.
    return select(grouped.c.district, grouped.c.executor_id,
                  *(grouped.c[name] for name in _COUNTED), Sphere.code, Sphere.name,
                  Executor.name).select_from(grouped) \
        .outerjoin(Sphere, Sphere.id == grouped.c.sphere_id) \
        .outerjoin(Executor, Executor.id == grouped.c.executor_id)


def _group_list(counted: Counter[Any], names: dict[Any, Any]) -> list[dict[str, Any]]:
    """Largest first, then by key (no key last, as PostgreSQL sorts NULL)."""
    ordered = sorted(counted.items(), key=lambda kv: (-kv[1], kv[0] is None, kv[0]))
    return [{"key": key, "name": names[key] or str(key), "count": count}
            for key, count in ordered]


def counts(session: Session, flt: WorklistFilter, now: datetime) -> dict[str, Any]:
    """Counts per district, sphere and executor under the filter, and the totals: one
    statement grouped by all three, summed here per dimension (four reads took 71 ms
    on a city's 50,000 items; the desktop asks with every page)."""
    check_filter(flt)
    values = _filter_values(session, flt)
    rows = session.execute(_counts_statement(tuple(sorted(values))),
                           {**values, "at_now": now})
    totals = dict.fromkeys(_TOTALS, 0)
    counted: dict[str, Counter[Any]] = {"district": Counter(), "sphere": Counter(),
                                        "executor": Counter()}
    names: dict[str, dict[Any, Any]] = {dimension: {} for dimension in counted}
    for (district, executor_id, offered, *group_totals, sphere_code, sphere_name,
         executor_name) in rows:
        for name, value in zip(_TOTALS, group_totals, strict=True):
            totals[name] += int(value)
        if not offered:
            continue
        for dimension, key, label in (("district", district, district),
                                      ("sphere", sphere_code, sphere_name),
                                      ("executor", executor_id, executor_name)):
            counted[dimension][key] += int(offered)
            names[dimension][key] = label
    return {f"by_{dimension}": _group_list(counted[dimension], names[dimension])
            for dimension in counted} | {"totals": totals}


# --- one item --------------------------------------------------------------------

def _missing(session: Session, appeal_id: int) -> ApiError:
    if session.get(Appeal, appeal_id) is None:
        return not_found("Звернення")
    return ApiError(409, "not_awaiting_verification",
                    "Звернення не чекає на перевірку (його вже закрито, повернуто "
                    "виконавцю або ще не виконано)", "appeal_id")


@functools.lru_cache(maxsize=2)
def _queue_row_statement(lock: bool) -> Select[Any]:
    stmt = select(Q).where(Q.appeal_id == bindparam("row_id"))
    return stmt.with_for_update() if lock else stmt


def _queue_row(session: Session, appeal_id: int, *, lock: bool = False) -> VerificationItem:
    item: VerificationItem | None = session.scalar(_queue_row_statement(lock),
                                                   {"row_id": appeal_id})
    if item is None:
        raise _missing(session, appeal_id)
    return item


_LOCKED_ROW_AND_APPEAL = (select(Q, Appeal).join(Appeal, Appeal.id == Q.appeal_id)
                          .where(Q.appeal_id == bindparam("row_id")).with_for_update(of=Q))


def _locked_row_and_appeal(session: Session,
                           appeal_id: int) -> tuple[VerificationItem, Appeal]:
    """The queue's row, locked, and its appeal in the same statement. Both are handed
    back: the session keeps only objects something refers to, so a session.get of
    the appeal after would read it again."""
    found = session.execute(_LOCKED_ROW_AND_APPEAL, {"row_id": appeal_id}).first()
    if found is None:
        raise _missing(session, appeal_id)
    return found[0], found[1]


@functools.lru_cache(maxsize=1)
def _one_item_statement() -> Select[Any]:
    return _item_select().where(Q.appeal_id == bindparam("item_id"))


def _one_item(session: Session, appeal_id: int, actor: Actor, now: datetime) -> dict[str, Any]:
    """One item by key (after a claim or a result); on the worklist's pool its plan is
    made once per connection (server_api/db.py)."""
    session.flush()
    row = session.execute(_one_item_statement(), {"item_id": appeal_id}).one()
    return _rows_as_items(session, [row], actor, now)[0]


def detail(session: Session, appeal_id: int, actor: Actor, now: datetime) -> dict[str, Any]:
    _queue_row(session, appeal_id)
    body = _one_item(session, appeal_id, actor, now)
    appeal = session.get_one(Appeal, appeal_id)
    body["history"] = appeals.appeal_full(session, appeal, now)["history"]
    body["rounds"] = rounds_with_calls(session, appeal_id)
    audit.record(session, actor, "worklist_item_read", "appeal", appeal_id)
    return body


# --- the lease ---------------------------------------------------------------------

def _lease_terms(session: Session, now: datetime) -> tuple[timedelta, datetime]:
    """(a promised callback's grace, the lease's end) for a claim made now; 409
    outside the calling hours."""
    settings = settings_of(session)
    hours = CallingHours.from_settings(settings)
    if not hours.is_open(now):
        raise _outside_hours(hours, now)
    return _grace(session), now + timedelta(minutes=settings.lease_minutes)


def _granted(session: Session, appeal_id: int, actor: Actor, now: datetime, *,
             by_one_statement: bool = False) -> dict[str, Any]:
    """A won claim: the person's earlier lease freed and the claim audited (unless
    the claim's own statement did both), the item as it is now."""
    if not by_one_statement:
        _release_others(session, actor, appeal_id)
        audit.record(session, actor, "worklist_claim", "appeal", appeal_id)
    session.expire_all()
    return _one_item(session, appeal_id, actor, now)


def claim(session: Session, appeal_id: int, actor: Actor, now: datetime) -> dict[str, Any]:
    grace, until = _lease_terms(session, now)
    if not _take(session, appeal_id, actor, now, grace, until):
        raise _why_not_claimable(session, appeal_id, actor, now, grace)
    return _granted(session, appeal_id, actor, now)


def _take(session: Session, appeal_id: int, actor: Actor, now: datetime, grace: timedelta,
          until: datetime) -> bool:
    """The claim itself: one conditional UPDATE; True when this request won the row."""
    result = session.execute(
        update(Q).where(Q.appeal_id == appeal_id, _claimable(actor.user_id, now, now - grace))
        .values(lease_user_id=actor.user_id, lease_until=until)
        .execution_options(synchronize_session=False))
    return bool(getattr(result, "rowcount", 0))


def _release_others(session: Session, actor: Actor, keep: int) -> None:
    """One item per person: claiming another frees the one held before."""
    session.execute(update(Q).where(Q.lease_user_id == actor.user_id, Q.appeal_id != keep)
                    .values(lease_user_id=None, lease_until=None)
                    .execution_options(synchronize_session=False))


def _outside_hours(hours: CallingHours, now: datetime) -> ApiError:
    opens = hours.next_open_at(now)
    when = opens.strftime("%d.%m %H:%M") if opens else "—"
    return ApiError(409, "outside_calling_hours",
                    f"Поза годинами дзвінків ({hours.window}, {hours.zone}): громадянам не "
                    f"телефонуємо; наступні дзвінки — з {when}")


def _why_not_claimable(session: Session, appeal_id: int, actor: Actor, now: datetime,
                       grace: timedelta) -> ApiError:
    item = _queue_row(session, appeal_id)
    session.refresh(item)
    if item.escalated:
        return ApiError(409, "escalated", "Звернення чекає рішення старшого зміни", "appeal_id")
    if item.lease_user_id not in (None, actor.user_id) and item.lease_until \
            and item.lease_until >= now:
        return _held_error(session, item)
    if item.scheduled_at is not None and item.scheduled_at > now:
        return ApiError(409, "not_due", "Заявник просив передзвонити пізніше: о "
                        f"{local_time(session, item.scheduled_at)}", "appeal_id")
    if item.next_attempt_at is not None and item.next_attempt_at > now:
        return ApiError(409, "not_due", "Повторний дзвінок — не раніше "
                        f"{local_time(session, item.next_attempt_at)}", "appeal_id")
    promiser = session.get(User, item.scheduled_by) if item.scheduled_by else None
    deadline = (item.scheduled_at + grace) if item.scheduled_at else now
    return ApiError(409, "reserved",
                    f"Зворотний дзвінок обіцяв {promiser.username if promiser else '—'}; "
                    f"звернення за ним до {local_time(session, deadline)}", "appeal_id")


@functools.lru_cache(maxsize=128)
def _claim_statement(filters: tuple[str, ...], postgres: bool) -> Any:
    """The claim of the most urgent item, built once per shape of filter. Parameters:
    the filter's values, `at_now`, `claimant`, `promise_lapsed`, `lease_end`, and
    on PostgreSQL `audit_actor`. There one statement picks the most urgent row
    nobody else is writing (locked rows are skipped, not waited for), takes it,
    frees the person's earlier lease and writes the claim's audit row; locked by
    the pick, the row cannot be lost. (The first of the other kind stays locked too,
    until the commit: another claim meanwhile takes the next one.) Elsewhere it
    only picks, and the conditional UPDATE of `_take` decides."""
    claimant: Any = bindparam("claimant")
    now: Any = bindparam("at_now")
    claimable = _claimable(claimant, now, bindparam("promise_lapsed"))
    most_urgent = _most_urgent(filters, now, claimable, 1, locked=postgres)
    if not postgres:
        return select(most_urgent.subquery().c.appeal_id)
    picked = most_urgent.cte("picked")
    released = (update(Q).where(Q.lease_user_id == claimant,
                                Q.appeal_id.not_in(select(picked.c.appeal_id)))
                .values(lease_user_id=None, lease_until=None).cte("released"))
    taken = (update(Q).where(Q.appeal_id == picked.c.appeal_id)
             .values(lease_user_id=claimant, lease_until=bindparam("lease_end"))
             .returning(Q.appeal_id).cte("taken"))
    logged = _audited(select(
        bindparam("at_now"), bindparam("audit_actor", type_=String), _word("worklist_claim"),
        _word("appeal"), cast(taken.c.appeal_id, String), _json()).select_from(taken))
    return select(taken.c.appeal_id).add_cte(released, logged)


def claim_next(session: Session, actor: Actor, flt: WorklistFilter,
               now: datetime) -> dict[str, Any]:
    """The most urgent item this person may call now, claimed."""
    check_filter(flt)
    grace, until = _lease_terms(session, now)
    empty = ApiError(404, "worklist_empty", "Зараз немає звернень, яким можна зателефонувати")
    values = _filter_values(session, flt)
    params = {**values, "at_now": now, "claimant": actor.user_id,
              "promise_lapsed": now - grace, "lease_end": until, "audit_actor": actor.label}
    postgres = session.get_bind().dialect.name == "postgresql"
    statement = _claim_statement(tuple(sorted(values)), postgres)
    if postgres:
        appeal_id = session.scalar(statement, params)
        if appeal_id is None:
            raise empty
        return _granted(session, appeal_id, actor, now, by_one_statement=True)
    for _attempt in range(20):
        appeal_id = session.scalar(statement, params)
        if appeal_id is None:
            raise empty
        if _take(session, appeal_id, actor, now, grace, until):
            return _granted(session, appeal_id, actor, now)
    raise ApiError(409, "busy", "Усі вільні звернення щойно розібрали; спробуйте ще раз")


def _own_lease(session: Session, appeal_id: int, actor: Actor, now: datetime, *,
               lock: bool = True) -> VerificationItem:
    """The item, held by this person right now (409 with the reason otherwise)."""
    return _held_by(session, _queue_row(session, appeal_id, lock=lock), actor, now)


def _held_by(session: Session, item: VerificationItem, actor: Actor,
             now: datetime) -> VerificationItem:
    if item.lease_user_id == actor.user_id:
        if item.lease_until is not None and item.lease_until >= now:
            return item
        raise ApiError(409, "lease_expired",
                       "Час резервування минув: візьміть звернення ще раз", "appeal_id")
    if item.lease_user_id is not None and item.lease_until and item.lease_until >= now:
        raise _held_error(session, item)
    raise ApiError(409, "not_claimed", "Спершу візьміть звернення у роботу", "appeal_id")


def renew(session: Session, appeal_id: int, actor: Actor, now: datetime) -> dict[str, Any]:
    item = _own_lease(session, appeal_id, actor, now)
    item.lease_until = now + timedelta(minutes=settings_of(session).lease_minutes)
    return _one_item(session, appeal_id, actor, now)


def release(session: Session, appeal_id: int, actor: Actor, now: datetime) -> None:
    item = _queue_row(session, appeal_id, lock=True)
    if item.lease_user_id is None or item.lease_user_id == actor.user_id:
        item.lease_user_id = item.lease_until = None
        return
    if item.lease_until is not None and item.lease_until >= now:
        raise _held_error(session, item)
    item.lease_user_id = item.lease_until = None  # a lapsed lease: anyone may clear it


# --- outcomes --------------------------------------------------------------------

_ROUNDS = table_of(VerificationRound)
# Numbered in its own INSERT: one statement, no ORM object to flush. Two results for
# one appeal are taken in turn by the queue row's lock, which every caller holds.
_NEW_ROUND = insert(_ROUNDS).values(
    round_no=select(func.count() + 1).where(_ROUNDS.c.appeal_id == bindparam("of_appeal"))
    .scalar_subquery()).returning(_ROUNDS.c.id, _ROUNDS.c.round_no)


def _round(session: Session, appeal: Appeal, outcome: str, actor: Actor, comment: str,
           sip_call_id: str | None, grade: int | None, now: datetime) -> VerificationRound:
    values = {"appeal_id": appeal.id, "outcome": outcome, "comment": comment,
              "sip_call_id": sip_call_id, "by": actor.label, "grade": grade, "at": now}
    made = session.connection().execute(_NEW_ROUND, {**values, "of_appeal": appeal.id}).one()
    # Not added to the session: the row is written; this only carries it to the answer.
    return VerificationRound(id=made.id, round_no=made.round_no, **values)


def _escalate(item: VerificationItem, reason: str, now: datetime) -> None:
    item.escalated, item.escalated_at = reason, now
    item.lease_user_id = item.lease_until = None


def record_outcome(session: Session, appeal_id: int, actor: Actor, outcome: str, comment: str,
                   grade: int | None, sip_call_id: str | None, now: datetime) -> dict[str, Any]:
    if outcome == "confirmed" and grade is None:
        raise ApiError(422, "validation_error", "Вкажіть оцінку роботи від 1 до 5", "grade")
    if outcome != "confirmed" and grade is not None:
        raise ApiError(422, "validation_error",
                       "Оцінку ставлять лише разом із підтвердженням виконання", "grade")
    item, appeal = _locked_row_and_appeal(session, appeal_id)
    _held_by(session, item, actor, now)
    settings = settings_of(session)
    change: appeals.StatusChange | None = None
    if outcome == "confirmed":
        change = appeals.decide_transition(appeal, AppealStatus.CLOSED.value, actor, comment)
    elif outcome == "not_solved":
        if appeal.rework_count >= appeals.REWORK_LIMIT and actor.role not in LEAD_ROLES:
            _escalate(item, "rework_limit", now)  # a third rework: the lead decides
        else:
            change = appeals.decide_transition(appeal, AppealStatus.IN_WORK.value, actor,
                                               comment)
    else:
        item.attempts += 1
        item.last_attempt_at = now
        item.next_attempt_at = now + timedelta(minutes=settings.retry_delay_minutes)
        item.scheduled_at = item.scheduled_by = item.scheduled_comment = None
        item.lease_user_id = item.lease_until = None
        if item.attempts >= settings.max_unanswered_attempts:
            _escalate(item, "attempts_exhausted", now)
    if session.get_bind().dialect.name == "postgresql":
        record = _result_written_at_once(session, item, appeal, change, outcome, actor,
                                         comment, sip_call_id, grade, now)
    else:
        if change is not None:
            appeals.write_change(session, appeal, change, actor)
        record = _round(session, appeal, outcome, actor, comment, sip_call_id, grade, now)
        audit.record(session, actor, "verification_outcome", "appeal", appeal_id,
                     outcome=outcome, round=record.round_no)
    return _after(session, appeal, record, actor, now)


_APPEALS = table_of(Appeal)
_HISTORY = table_of(AppealStatusChange)
_QUEUE = table_of(VerificationItem)


@functools.lru_cache(maxsize=32)
def _result_statement(moves: bool, row_columns: tuple[str, ...]) -> Select[Any]:
    """A result's writes on PostgreSQL as one statement: one round trip, where the
    ORM's took six. With `moves` the appeal's new status, its history line, the queue
    row gone and the transition's audit row (what appeals.transition writes); else
    the queue row's `row_columns` as the rules left them. Always the round, numbered,
    and the result's audit row. Parameters (named unlike any column: SQLAlchemy
    would take a column's namesake for a value of its own): r_appeal, r_entity (its
    id as text), r_actor, r_at, the round's r_outcome, r_comment, r_grade, r_call;
    with `moves` the change's r_to, r_from, r_changed_at, r_rework, r_closed_at,
    r_change_comment; else set_<column> per row column. Returns the round's id and
    number."""
    appeal = bindparam("r_appeal", type_=Integer)
    actor = bindparam("r_actor", type_=String)
    outcome = bindparam("r_outcome", type_=String)
    number = select(func.count() + literal_column("1")).where(_ROUNDS.c.appeal_id == appeal)
    new_round = insert(_ROUNDS).values(
        appeal_id=appeal, outcome=outcome, comment=bindparam("r_comment"),
        grade=bindparam("r_grade"), sip_call_id=bindparam("r_call"), by=actor,
        at=bindparam("r_at"), round_no=number.scalar_subquery(),
    ).returning(_ROUNDS.c.id, _ROUNDS.c.round_no).cte("new_round")
    writes: list[Any] = []
    logged: list[Select[Any]] = []

    def audit_row(at: Any, action: str, detail: Any) -> Select[Any]:
        return select(at, actor, _word(action), _word("appeal"),
                      bindparam("r_entity", type_=String), detail)

    if moves:
        to_status = bindparam("r_to", type_=String)
        from_status = bindparam("r_from", type_=String)
        changed_at: Any = bindparam("r_changed_at", type_=UtcDateTime)
        writes += [
            update(_APPEALS).where(_APPEALS.c.id == appeal).values(
                status=to_status, updated_at=changed_at,
                rework_count=bindparam("r_rework"), closed_at=bindparam("r_closed_at"))
            .cte("moved"),
            insert(_HISTORY).values(appeal_id=appeal, at=changed_at, from_status=from_status,
                                    to_status=to_status, by=actor,
                                    comment=bindparam("r_change_comment")).cte("history"),
            delete(_QUEUE).where(_QUEUE.c.appeal_id == appeal).cte("left_queue")]
        logged.append(audit_row(changed_at, "appeal_transition",
                                _json(from_status=from_status, to_status=to_status)))
    elif row_columns:
        writes.append(update(_QUEUE).where(_QUEUE.c.appeal_id == appeal)
                      .values({name: bindparam("set_" + name) for name in row_columns})
                      .cte("queue_row"))
    logged.append(audit_row(bindparam("r_at", type_=UtcDateTime), "verification_outcome",
                            _json(outcome=outcome,
                                  round=select(new_round.c.round_no).scalar_subquery())))
    # One INSERT of both audit rows, numbered in the order written. (A multi-row
    # VALUES would do, but SQLAlchemy compiles one anew on every run.)
    writes.append(_audited(logged[0] if len(logged) == 1 else logged[0].union_all(*logged[1:])))
    return select(new_round.c.id, new_round.c.round_no).add_cte(*writes)


def _result_written_at_once(session: Session, item: VerificationItem, appeal: Appeal,
                            change: appeals.StatusChange | None, outcome: str, actor: Actor,
                            comment: str, sip_call_id: str | None, grade: int | None,
                            now: datetime) -> VerificationRound:
    """record_outcome's writes in _result_statement. The row's changes are read from
    the ORM's record of them, then both objects leave the session: nothing is left
    for it to flush."""
    state = inspect(item)
    row_values: dict[str, Any] = {}
    for column in state.mapper.column_attrs if change is None else ():
        added = list(state.attrs[column.key].history.added)
        if added:
            row_values[column.key] = added[0]
    session.expunge(item)
    session.expunge(appeal)
    params: dict[str, Any] = {
        "r_appeal": appeal.id, "r_entity": str(appeal.id), "r_actor": actor.label, "r_at": now,
        "r_outcome": outcome, "r_comment": comment, "r_grade": grade, "r_call": sip_call_id,
        **{"set_" + key: value for key, value in row_values.items()}}
    if change is not None:
        params.update(r_to=change.to_status, r_from=change.from_status,
                      r_changed_at=change.at, r_rework=change.rework_count,
                      r_closed_at=change.closed_at, r_change_comment=change.comment)
        appeals.apply_change(appeal, change)
    statement = _result_statement(change is not None, tuple(sorted(row_values)))
    made = session.connection().execute(statement, params).one()
    return VerificationRound(id=made.id, round_no=made.round_no, appeal_id=appeal.id,
                             outcome=outcome, comment=comment, sip_call_id=sip_call_id,
                             by=actor.label, grade=grade, at=now)


def appeal_state(appeal: Appeal) -> dict[str, Any]:
    """Where the appeal stands after a result: all the window shows, read from the
    object already loaded. The full appeal (history, citizen, rounds) cost seven
    more statements, the heaviest part of a result; GET /appeals/{id} has it."""
    return {"id": appeal.id, "number": appeal.number, "status": appeal.status,
            "rework_count": appeal.rework_count, "deadline": _iso(appeal.deadline),
            "updated_at": _iso(appeal.updated_at), "closed_at": _iso(appeal.closed_at)}


def _after(session: Session, appeal: Appeal, record: VerificationRound, actor: Actor,
           now: datetime) -> dict[str, Any]:
    session.flush()
    still = appeal.status == _AWAITING  # any other status took it off the list
    calls = _calls_by_sip_id(session, [record.sip_call_id] if record.sip_call_id else [])
    return {"appeal": appeal_state(appeal),
            "round": round_dict(record, calls.get(record.sip_call_id or "")),
            "item": _one_item(session, appeal.id, actor, now) if still else None}


def schedule(session: Session, appeal_id: int, actor: Actor, at: datetime, comment: str,
             now: datetime) -> dict[str, Any]:
    """The citizen asked to be called later: the call is theirs who promised it."""
    hours = CallingHours.from_settings(settings_of(session))
    if at.tzinfo is None:
        raise ApiError(422, "validation_error", "Час має містити часовий пояс (+02:00)", "at")
    if at <= now:
        raise ApiError(422, "validation_error", "Час зворотного дзвінка вже минув", "at")
    if not hours.is_open(at):
        days = "у робочі дні" if hours.working_days_only else "щодня"
        raise ApiError(422, "validation_error",
                       f"Поза годинами дзвінків: {hours.window} ({hours.zone}) {days}", "at")
    item = _own_lease(session, appeal_id, actor, now)
    item.scheduled_at, item.scheduled_by, item.scheduled_comment = at, actor.user_id, comment
    item.next_attempt_at = None
    item.lease_user_id = item.lease_until = None
    appeal = session.get_one(Appeal, appeal_id)
    record = _round(session, appeal, "callback_scheduled", actor, comment, None, None, now)
    audit.record(session, actor, "verification_scheduled", "appeal", appeal_id)
    return _after(session, appeal, record, actor, now)


# --- the shift lead's decisions --------------------------------------------------------

def decisions(session: Session, actor: Actor, now: datetime) -> dict[str, Any]:
    rows = list(session.execute(_item_select().where(Q.escalated.is_not(None))
                                .order_by(Q.escalated_at, Q.appeal_id)))
    items = _rows_as_items(session, rows, actor, now)
    for body in items:
        body["rounds"] = rounds_with_calls(session, int(body["appeal_id"]))
    return {"items": items, "total": len(items)}


def decide(session: Session, appeal_id: int, actor: Actor, action: str, comment: str,
           now: datetime) -> dict[str, Any]:
    item = _queue_row(session, appeal_id, lock=True)
    if not item.escalated:
        raise ApiError(409, "not_escalated",
                       "Звернення не чекає рішення старшого зміни", "appeal_id")
    appeal = session.get_one(Appeal, appeal_id)
    if action == "retry":
        item.escalated = item.escalated_at = None
        item.attempts = 0
        item.next_attempt_at = None
    elif action == "rework":
        appeals.transition(session, appeal, AppealStatus.IN_WORK.value, actor, comment)
    elif action == "close":
        appeals.transition(session, appeal, AppealStatus.CLOSED.value, actor, comment)
    else:
        appeals.transition(session, appeal, AppealStatus.CANCELLED.value, actor, comment)
    record = _round(session, appeal, f"lead_{action}", actor, comment, None, None, now)
    audit.record(session, actor, "verification_decision", "appeal", appeal_id, decision=action)
    return _after(session, appeal, record, actor, now)
