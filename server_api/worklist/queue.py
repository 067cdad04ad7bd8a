"""The verification queue's bookkeeping, with no dependency on the appeals service
(which calls `on_status_change` from every status change)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server_api.auth.service import Actor
from server_api.errors import ApiError
from server_api.models import (
    Appeal,
    AppealStatus,
    Call,
    User,
    VerificationItem,
    VerificationRound,
)
from server_api.settings import Settings
from server_api.workdays import add_working_days
from server_api.worklist.hours import CallingHours

Q = VerificationItem
_AWAITING = AppealStatus.AWAITING_VERIFICATION.value


def settings_of(session: Session) -> Settings:
    found = session.info.get("settings")
    return found if isinstance(found, Settings) else Settings()


# --- the queue follows the appeal's status -----------------------------------

def on_status_change(session: Session, appeal: Appeal, from_status: str | None,
                     to_status: str, now: datetime, comment: str | None = None,
                     by: str = "") -> None:
    """Called by every status change: an appeal enters the queue with "awaiting
    verification" and leaves it with any other status."""
    if to_status == _AWAITING:
        enqueue(session, appeal, now, comment, by)
    elif from_status == _AWAITING:
        item = session.get(Q, appeal.id)
        if item is not None:
            session.delete(item)


def enqueue(session: Session, appeal: Appeal, now: datetime, comment: str | None = None,
            by: str = "") -> VerificationItem:
    """The executor's report starts a verification round: its words are kept with the
    item, so the list never looks them up in the history."""
    term = settings_of(session).verification_term_days
    item = session.get(Q, appeal.id)
    if item is None:
        item = Q(appeal_id=appeal.id)
        session.add(item)
    item.entered_at = now
    item.report_comment, item.report_by = comment, by
    item.due_at = add_working_days(now, term)
    item.district = appeal.building.district
    item.sphere_id = appeal.problem.sphere_id
    item.executor_id = appeal.executor_id
    item.attempts = 0
    item.last_attempt_at = item.next_attempt_at = None
    item.scheduled_at = item.scheduled_by = item.scheduled_comment = None
    item.lease_user_id = item.lease_until = None
    item.escalated = item.escalated_at = None
    return item


BACKFILL_SQL = """
INSERT INTO verification_queue (appeal_id, entered_at, due_at, report_comment, report_by,
                                district, sphere_id, executor_id, attempts)
SELECT id, coalesce(report_at, updated_at), coalesce(report_at, updated_at), report_comment,
       coalesce(report_by, ''), district, sphere_id, executor_id, 0 FROM (
    SELECT a.id, a.updated_at, h.at AS report_at, h.comment AS report_comment,
           h.by AS report_by, b.district, p.sphere_id, a.executor_id
    FROM appeals a JOIN buildings b ON b.id = a.building_id
    JOIN problems p ON p.id = a.problem_id
    LEFT JOIN appeal_status_history h ON h.id = (
        SELECT max(l.id) FROM appeal_status_history l
        WHERE l.appeal_id = a.id AND l.to_status = 'awaiting_verification')
    WHERE a.status = 'awaiting_verification'
      AND NOT EXISTS (SELECT 1 FROM verification_queue q WHERE q.appeal_id = a.id)
) AS waiting
"""


def backfill(session: Session, term_days: int) -> int:
    """Queue rows for appeals given the status without a transition (bulk loads,
    the migration); their due dates follow the term in working days."""
    count = session.connection().exec_driver_sql(BACKFILL_SQL).rowcount
    fresh = session.execute(select(Q.appeal_id, Q.entered_at).where(Q.due_at == Q.entered_at))
    due = [{"appeal_id": appeal_id, "due_at": add_working_days(entered, term_days)}
           for appeal_id, entered in fresh]
    if due:
        session.execute(update(Q), due)  # one executemany by primary key, not 50,000 flushes
    session.flush()
    return int(count or 0)


def local_time(session: Session, moment: datetime, fmt: str = "%d.%m %H:%M") -> str:
    """A moment in the citizens' (the calling hours') time zone, for messages."""
    zone = CallingHours.from_settings(settings_of(session)).zone
    return moment.astimezone(zone).strftime(fmt)


def _holder_words(session: Session, item: VerificationItem) -> str:
    user = session.get(User, item.lease_user_id) if item.lease_user_id else None
    who = (user.full_name or user.username) if user else "інший працівник"
    until = local_time(session, item.lease_until, "%H:%M") if item.lease_until else ""
    return f"{who} ({user.username if user else ''}) до {until}"


def _held_error(session: Session, item: VerificationItem) -> ApiError:
    return ApiError(409, "lease_held",
                    f"Звернення вже взяв у роботу {_holder_words(session, item)}", "appeal_id")


def rounds_with_calls(session: Session, appeal_id: int) -> list[dict[str, Any]]:
    rounds = list(session.scalars(select(VerificationRound)
                                  .where(VerificationRound.appeal_id == appeal_id)
                                  .order_by(VerificationRound.round_no)))
    calls = _calls_by_sip_id(session, [r.sip_call_id for r in rounds if r.sip_call_id])
    return [round_dict(r, calls.get(r.sip_call_id or "")) for r in rounds]


def _calls_by_sip_id(session: Session, sip_ids: list[str]) -> dict[str, Call]:
    if not sip_ids:
        return {}
    found: dict[str, Call] = {}
    for call in session.scalars(select(Call).where(Call.sip_call_id.in_(sip_ids))
                                .order_by(Call.id)):
        found[call.sip_call_id] = call  # the latest record of that call wins
    return found


def call_metrics(call: Call | None) -> dict[str, Any] | None:
    if call is None:
        return None
    return {"id": call.id, "direction": call.direction, "disposition": call.disposition,
            "ring_ms": call.ring_ms, "connect_ms": call.connect_ms, "hold_ms": call.hold_ms,
            "talk_ms": call.talk_ms, "mos": call.mos, "jitter_ms": call.jitter_ms,
            "loss_pct": call.loss_pct, "rtt_ms": call.rtt_ms}


def round_dict(record: VerificationRound, call: Call | None = None) -> dict[str, Any]:
    return {"id": record.id, "appeal_id": record.appeal_id, "round_no": record.round_no,
            "outcome": record.outcome, "comment": record.comment, "grade": record.grade,
            "sip_call_id": record.sip_call_id, "by": record.by, "at": record.at.isoformat(),
            "call": call_metrics(call)}


def verify_without_claim(session: Session, appeal: Appeal, actor: Actor, now: datetime) -> None:
    """The older POST /appeals/{id}/verifications: allowed unless someone else holds it."""
    item = session.get(Q, appeal.id)
    if item is not None and item.lease_user_id not in (None, actor.user_id) \
            and item.lease_until is not None and item.lease_until >= now:
        raise _held_error(session, item)
