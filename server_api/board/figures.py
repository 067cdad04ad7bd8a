"""What the board shows, read from the database: the line's figures this shift,
each operator's row, surges of calls about one place and sphere.

Everything is derived at read time from the calls the desktops' events built
(board_calls), the agent states and heartbeats, and the appeals and
consultations registered: nothing here is a counter that could drift.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session, lazyload

from server_api.models import (
    AgentState,
    Appeal,
    BoardCall,
    BoardPresence,
    Building,
    Consultation,
    Problem,
    Sphere,
    User,
)
from server_api.seed import building_label
from server_api.settings import Settings

BUCKET = timedelta(minutes=15)
# A ring whose end never came (a desktop that died mid-ring) stops counting as waiting.
STALE_RING = timedelta(hours=1)
# Calls the surge alert lists; the count covers them all.
SURGE_CALLS_LISTED = 20
# The order the board groups operators in.
STATE_ORDER = {"ringing": 0, "on_call": 1, "wrap_up": 2, "not_ready": 3, "available": 4,
               "offline": 5}
# The outage service a problem's calls most likely mean (classifier codes), for the
# surge's pre-filled outage; the lead can change it.
PROBLEM_SERVICE = {
    "3.15": "hot_water", "3.18": "hot_water", "3.19": "cold_water", "3.23": "cold_water",
    "32.2": "cold_water", "3.16": "heating", "3.17": "heating", "3.20": "heating",
    "32.1": "heating", "3.21": "electricity", "3.22": "electricity", "32.5": "electricity",
    "3.1": "lift", "3.2": "lift", "3.3": "lift",
}


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def shift_start(settings: Settings, now: datetime) -> datetime:
    """The latest configured shift start (local time) not after now."""
    zone = ZoneInfo(settings.board_timezone)
    local = now.astimezone(zone)
    starts = [time.fromisoformat(t) for t in settings.board_shift_starts.split(",")]
    candidates = [datetime.combine(local.date() - timedelta(days=days), start, zone)
                  for days in (0, 1) for start in starts]
    return max(c for c in candidates if c <= local).astimezone(UTC)


def bucket_of(moment: datetime) -> datetime:
    moment = moment.astimezone(UTC)
    return moment.replace(minute=moment.minute - moment.minute % 15, second=0, microsecond=0)


def _seconds(ms: float | None) -> float | None:
    return None if ms is None else round(float(ms) / 1000, 1)


# --- the line ---------------------------------------------------------------------------

_INBOUND = BoardCall.direction == "in"
_ABANDONED = case((and_(BoardCall.ended_at.is_not(None), BoardCall.answered_at.is_(None)), 1),
                  else_=0)


def line_figures(session: Session, settings: Settings, now: datetime,
                 buckets: Collection[datetime] | None = None) -> dict[str, Any]:
    """The line this shift. buckets: only those 15-minute buckets (a push), else all."""
    start = shift_start(settings, now)
    threshold_ms = settings.board_service_level_s * 1000
    totals = session.execute(
        select(func.count(), func.count(BoardCall.answered_at),
               func.coalesce(func.sum(case((BoardCall.wait_ms <= threshold_ms, 1), else_=0)), 0),
               func.coalesce(func.sum(_ABANDONED), 0), func.avg(BoardCall.wait_ms))
        .where(_INBOUND, BoardCall.offered_at >= start, BoardCall.offered_at <= now)).one()
    offered, answered, within, abandoned, average_wait = totals
    ringing_count, oldest = session.execute(
        select(func.count(), func.min(BoardCall.offered_at))
        .where(_INBOUND, BoardCall.answered_at.is_(None), BoardCall.ended_at.is_(None),
               BoardCall.offered_at >= now - STALE_RING, BoardCall.offered_at <= now)).one()
    per_bucket = (select(BoardCall.bucket_at, func.count(), func.count(BoardCall.answered_at),
                         func.coalesce(func.sum(_ABANDONED), 0))
                  .where(_INBOUND, BoardCall.offered_at >= start, BoardCall.offered_at <= now)
                  .group_by(BoardCall.bucket_at).order_by(BoardCall.bucket_at))
    if buckets is not None:
        per_bucket = per_bucket.where(BoardCall.bucket_at.in_(list(buckets)))
    finished = int(answered) + int(abandoned)
    return {
        "as_of": now.isoformat(),
        "shift_started_at": start.isoformat(),
        "ringing_now": int(ringing_count),
        "oldest_ringing_since": iso(oldest),
        "longest_wait_s": round((now - oldest).total_seconds(), 1) if oldest else None,
        "offered": int(offered), "answered": int(answered), "answered_within": int(within),
        "abandoned": int(abandoned),
        "asa_s": _seconds(average_wait),
        "service_level_pct": round(int(within) * 100 / finished, 1) if finished else None,
        "service_level_s": settings.board_service_level_s,
        "service_level_target_pct": settings.board_service_level_target_pct,
        "calls_per_15min": [{"start": bucket.isoformat(), "offered": int(n),
                             "answered": int(a), "abandoned": int(x)}
                            for bucket, n, a, x in session.execute(per_bucket)],
        "appeals_by_sphere": appeals_by_sphere(session, start),
    }


def appeals_by_sphere(session: Session, since: datetime) -> list[dict[str, Any]]:
    count = func.count().label("n")
    rows = session.execute(
        select(Sphere.code, Sphere.name, count).select_from(Appeal)
        .join(Problem, Problem.id == Appeal.problem_id).join(Sphere, Sphere.id == Problem.sphere_id)
        .where(Appeal.created_at >= since, Appeal.channel == "call")
        .group_by(Sphere.code, Sphere.name).order_by(count.desc(), Sphere.code))
    return [{"sphere_code": code, "sphere_name": name, "count": int(n)} for code, name, n in rows]


# --- operators ---------------------------------------------------------------------------

def forced_dict(presence: BoardPresence | None) -> dict[str, Any] | None:
    if presence is None or presence.forced_action is None:
        return None
    return {"action": presence.forced_action, "reason": presence.forced_reason,
            "by": presence.forced_by, "requested_at": iso(presence.forced_at)}


def is_online(presence: BoardPresence | None, state: AgentState | None, settings: Settings,
              now: datetime) -> bool:
    if presence is None or presence.last_seen_at is None:
        return False
    if state is not None and state.state == "offline":
        return False
    return now - presence.last_seen_at <= timedelta(seconds=settings.board_heartbeat_timeout_s)


def limit_for(settings: Settings, state: str, reason: str | None) -> int | None:
    limits = {key.lower(): value for key, value in settings.board_state_limits_s.items()}
    if reason and f"{state}:{reason.strip().lower()}" in limits:
        return limits[f"{state}:{reason.strip().lower()}"]
    return limits.get(state)


def call_dict(call: BoardCall, now: datetime) -> dict[str, Any]:
    if call.answered_at is None:
        phase, duration = "ringing", now - call.rang_at
    else:
        phase = "held" if call.held_since is not None else "talking"
        duration = now - call.answered_at
    hold_s = call.hold_ms / 1000
    if call.held_since is not None:
        hold_s += (now - call.held_since).total_seconds()
    return {"sip_call_id": call.sip_call_id, "direction": call.direction, "phase": phase,
            "caller": call.caller_masked, "offered_at": iso(call.offered_at),
            "rang_at": iso(call.rang_at), "answered_at": iso(call.answered_at),
            "duration_s": round(max(duration.total_seconds(), 0.0), 1),
            "hold_s": round(hold_s, 1), "held_since": iso(call.held_since)}


def _board_users(session: Session, user_ids: Collection[int] | None
                 ) -> list[tuple[User, AgentState | None, BoardPresence | None]]:
    stmt = (select(User, AgentState, BoardPresence)
            .outerjoin(AgentState, AgentState.user_id == User.id)
            .outerjoin(BoardPresence, BoardPresence.user_id == User.id)
            .where(User.active.is_(True),
                   or_(AgentState.user_id.is_not(None), BoardPresence.user_id.is_not(None)))
            .options(lazyload(BoardPresence.user)))  # the row's own User is already here
    if user_ids is not None:
        stmt = stmt.where(User.id.in_(list(user_ids)))
    return [(user, state, presence) for user, state, presence in session.execute(stmt)]


def _counts_by_user(session: Session, column: Any, created: Any, since: datetime,
                    user_ids: Collection[int] | None) -> dict[int, int]:
    stmt = select(column, func.count()).where(created >= since, column.is_not(None)) \
        .group_by(column)
    if user_ids is not None:
        stmt = stmt.where(column.in_(list(user_ids)))
    return {user_id: int(n) for user_id, n in session.execute(stmt)}


def operator_rows(session: Session, settings: Settings, now: datetime,
                  user_ids: Collection[int] | None = None) -> list[dict[str, Any]]:
    """The board's rows (of user_ids, or of everyone who has a state or a heartbeat),
    grouped by state, longest in state first."""
    users = _board_users(session, user_ids)
    ids = [user.id for user, _state, _presence in users]
    if not ids:
        return []
    start = shift_start(settings, now)
    # Everyone's rows (the snapshot) read by time alone: a 300-id IN list costs more
    # to build and parse than the rows it would leave out.
    wanted = None if user_ids is None else ids

    def of_wanted(stmt: Any, column: Any) -> Any:
        return stmt if wanted is None else stmt.where(column.in_(wanted))

    current: dict[int, BoardCall] = {}
    for call in session.scalars(of_wanted(
            select(BoardCall).where(BoardCall.ended_at.is_(None),
                                    BoardCall.offered_at >= now - timedelta(hours=12),
                                    BoardCall.offered_at <= now), BoardCall.user_id)
            .order_by(BoardCall.rang_at)):
        current[call.user_id] = call  # the latest ring wins
    figures = {user_id: (int(answered), average, int(hold or 0))
               for user_id, answered, average, hold in session.execute(of_wanted(
                   select(BoardCall.user_id, func.count(BoardCall.answered_at),
                          func.avg(BoardCall.handle_ms), func.sum(BoardCall.hold_ms))
                   .where(BoardCall.offered_at >= start, BoardCall.offered_at <= now),
                   BoardCall.user_id).group_by(BoardCall.user_id))}
    appeals = _counts_by_user(session, Appeal.operator_id, Appeal.created_at, start, wanted)
    consultations = _counts_by_user(session, Consultation.operator_id, Consultation.created_at,
                                    start, wanted)
    rows = [_operator_row(user, state, presence, current.get(user.id),
                          figures.get(user.id, (0, None, 0)), appeals.get(user.id, 0),
                          consultations.get(user.id, 0), settings, now)
            for user, state, presence in users]
    rows.sort(key=lambda r: (STATE_ORDER.get(r["display_state"], 9), -r["time_in_state_s"],
                             r["username"]))
    return rows


def _operator_row(user: User, state: AgentState | None, presence: BoardPresence | None,
                  call: BoardCall | None, figures: tuple[int, float | None, int], appeals: int,
                  consultations: int, settings: Settings, now: datetime) -> dict[str, Any]:
    online = is_online(presence, state, settings, now)
    reported = state.state if state else "not_ready"
    since = state.since if state else (presence.last_seen_at if presence else None) or now
    reason = state.reason if state else None
    if not online:
        display, display_since = "offline", since
        if reported != "offline" and presence is not None and presence.last_seen_at is not None:
            display_since = presence.last_seen_at + timedelta(
                seconds=settings.board_heartbeat_timeout_s)
        limit = None
    elif call is not None and call.answered_at is None:
        display, display_since = "ringing", call.rang_at
        limit = limit_for(settings, "ringing", None)
    else:
        display, display_since = reported, since
        limit = limit_for(settings, reported, reason)
    in_state = max((now - display_since).total_seconds(), 0.0)
    answered, average_handle, hold_ms = figures
    if call is not None and call.held_since is not None:
        hold_ms += int((now - call.held_since).total_seconds() * 1000)
    return {
        "username": user.username, "full_name": user.full_name, "role": user.role,
        "state": state.state if state else None, "reason": reason,
        "since": iso(state.since) if state else None,
        "display_state": display, "display_since": display_since.isoformat(),
        "time_in_state_s": round(in_state, 1), "limit_s": limit,
        "over_limit": limit is not None and in_state > limit,
        "online": online, "last_seen": iso(presence.last_seen_at) if presence else None,
        "forced": forced_dict(presence),
        "call": call_dict(call, now) if call is not None and online else None,
        "answered": answered, "aht_s": _seconds(average_handle),
        "hold_total_s": round(hold_ms / 1000, 1), "appeals": appeals,
        "consultations": consultations, "rev": presence.rev if presence else 0,
    }


# --- surges ------------------------------------------------------------------------------

def surges(session: Session, settings: Settings, now: datetime) -> list[dict[str, Any]]:
    """Calls in the last window whose appeals name one place and one sphere, at least
    board_surge_calls of them (one per call). A wider place is left out when a
    narrower one already holds all its calls."""
    window = timedelta(minutes=settings.board_surge_window_min)
    rows = session.execute(
        select(Appeal.id, Appeal.number, Appeal.sip_call_id, Appeal.created_at,
               Problem.code, Problem.name, Sphere.code, Sphere.name, Building.id,
               Building.street, Building.house, Building.district, User.username)
        .join(Problem, Problem.id == Appeal.problem_id).join(Sphere, Sphere.id == Problem.sphere_id)
        .join(Building, Building.id == Appeal.building_id)
        .outerjoin(User, User.id == Appeal.operator_id)
        .where(Appeal.created_at >= now - window, Appeal.sip_call_id.is_not(None))
        .order_by(Appeal.created_at.desc())).all()
    groups: dict[tuple[str, str, str], list[Any]] = defaultdict(list)
    for row in rows:
        sphere = row[6]
        for kind, place in (("building", str(row[8])), ("street", row[9]),
                            ("district", row[11])):
            groups[(kind, place, sphere)].append(row)
    found: list[tuple[tuple[str, str, str], list[Any], frozenset[str]]] = []
    for key, members in groups.items():
        calls = frozenset(m[2] for m in members)
        if len(calls) >= settings.board_surge_calls:
            found.append((key, members, calls))
    narrow_first = sorted(found, key=lambda f: ("building", "street", "district").index(f[0][0]))
    kept: list[tuple[tuple[str, str, str], list[Any], frozenset[str]]] = []
    for key, members, calls in narrow_first:
        if any(k[2] == key[2] and calls <= c for k, _m, c in kept):
            continue
        kept.append((key, members, calls))
    return [_surge_dict(key, members, len(calls), settings) for key, members, calls in kept]


def _surge_dict(key: tuple[str, str, str], members: list[Any], count: int,
                settings: Settings) -> dict[str, Any]:
    kind, place, sphere_code = key
    first = members[0]
    once: dict[str, Any] = {}
    for m in members:  # newest first: one line per call
        once.setdefault(m[2], m)
    listed = list(once.values())[:SURGE_CALLS_LISTED]
    building_id = int(place) if kind == "building" else None
    street = first[9] if kind in ("building", "street") else None
    district = first[11]
    label = {"building": building_label(first[9], first[10], first[11]),
             "street": f"{first[9]} ({district})" if len({m[11] for m in members}) == 1
             else first[9],
             "district": f"{district} район"}[kind]
    services = Counter(PROBLEM_SERVICE[m[4]] for m in members if m[4] in PROBLEM_SERVICE)
    problems = ", ".join(sorted({m[5] for m in members}))
    first_at = min(m[3] for m in members)
    return {
        "key": f"{kind}:{place}:{sphere_code}",
        "place": {"kind": kind, "building_id": building_id, "street": street,
                  "district": district if kind != "street" else None, "label": label},
        "sphere": {"code": sphere_code, "name": first[7]},
        "count": count, "first_at": first_at.isoformat(),
        "last_at": max(m[3] for m in members).isoformat(),
        "calls": [{"sip_call_id": m[2], "appeal_id": m[0], "appeal_number": m[1],
                   "problem_name": m[5], "at": m[3].isoformat(), "operator": m[12]}
                  for m in listed],
        "outage_draft": {
            "kind": "outage",
            "service": services.most_common(1)[0][0] if services else None,
            "building_id": building_id, "street": street if kind == "street" else None,
            "district": district if kind == "district" else None,
            "starts_at": first_at.isoformat(), "ends_at": None,
            "description": f"{first[7]}: {count} дзвінків за {settings.board_surge_window_min} хв "
                           f"({problems})"[:4000],
        },
    }


def snapshot(session: Session, settings: Settings, now: datetime,
             outages: Iterable[dict[str, Any]], messages: Iterable[dict[str, Any]],
             worker: int) -> dict[str, Any]:
    return {
        "server_time": now.isoformat(), "worker": worker,
        "shift": {"started_at": shift_start(settings, now).isoformat(),
                  "timezone": settings.board_timezone},
        "settings": {"service_level_s": settings.board_service_level_s,
                     "service_level_target_pct": settings.board_service_level_target_pct,
                     "heartbeat_timeout_s": settings.board_heartbeat_timeout_s,
                     "state_limits_s": settings.board_state_limits_s,
                     "surge_calls": settings.board_surge_calls,
                     "surge_window_min": settings.board_surge_window_min},
        "line": line_figures(session, settings, now),
        "operators": operator_rows(session, settings, now),
        "surges": surges(session, settings, now),
        "outages": list(outages), "messages": list(messages),
    }
