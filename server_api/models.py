"""The whole appeal lifecycle as SQLAlchemy 2.0 typed models.

Indexes are chosen for the hot paths: the screen pop (phone → citizen →
appeals, building → open appeals, building/district → outages, topic → KB
suggestions) and the appeal list filters. Overdue is derived from `deadline`
and `status` at read time, never stored.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    and_,
    false,
    func,
    or_,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server_api.db import Base, UtcDateTime, utcnow

DESCRIPTION_MAX = 4000


class Role(enum.StrEnum):
    OPERATOR = "operator"
    FEEDBACK = "feedback"
    SHIFT_LEAD = "shift_lead"
    ADMIN = "admin"


class AppealStatus(enum.StrEnum):
    REGISTERED = "registered"
    IN_WORK = "in_work"
    AWAITING_VERIFICATION = "awaiting_verification"
    CLOSED = "closed"
    CANCELLED = "cancelled"


OPEN_STATUSES = (
    AppealStatus.REGISTERED.value,
    AppealStatus.IN_WORK.value,
    AppealStatus.AWAITING_VERIFICATION.value,
)


OPEN_STATUS_SQL = "status IN ('registered', 'in_work', 'awaiting_verification')"


class Channel(enum.StrEnum):
    CALL = "call"
    WEB = "web"
    APP = "app"
    GOV = "gov"


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class AuthToken(Base):
    __tablename__ = "auth_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    user: Mapped[User] = relationship(lazy="joined")


class ApiKey(Base):
    __tablename__ = "api_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Executor(Base):
    __tablename__ = "executors"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(50), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(50), index=True)
    district: Mapped[str | None] = mapped_column(String(100), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("executors.id"))
    phone: Mapped[str | None] = mapped_column(String(30))


class Sphere(Base):
    __tablename__ = "spheres"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    problems: Mapped[list[Problem]] = relationship(
        back_populates="sphere", order_by="Problem.id", lazy="selectin"
    )


class Problem(Base):
    __tablename__ = "problems"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    sphere_id: Mapped[int] = mapped_column(ForeignKey("spheres.id"), index=True)
    term_days: Mapped[int] = mapped_column(Integer)
    emergency: Mapped[bool] = mapped_column(Boolean, default=False)
    # "housing_office", "district_admin" (resolved by the building's district)
    # or an executor code.
    executor_rule: Mapped[str] = mapped_column(String(50))
    sphere: Mapped[Sphere] = relationship(back_populates="problems", lazy="joined")


class Building(Base):
    __tablename__ = "buildings"
    __table_args__ = (UniqueConstraint("street", "house", name="uq_buildings_street_house"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    street: Mapped[str] = mapped_column(String(200))
    house: Mapped[str] = mapped_column(String(30))
    district: Mapped[str] = mapped_column(String(100), index=True)
    # Lower-case "street house" computed in Python: SQLite's lower() is ASCII-only.
    search_key: Mapped[str] = mapped_column(String(250), index=True)


class Citizen(Base):
    __tablename__ = "citizens"
    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    phones: Mapped[list[CitizenPhone]] = relationship(
        back_populates="citizen", order_by="CitizenPhone.id", lazy="selectin"
    )
    addresses: Mapped[list[CitizenAddress]] = relationship(
        back_populates="citizen", order_by="CitizenAddress.id", lazy="selectin"
    )


class CitizenPhone(Base):
    __tablename__ = "citizen_phones"
    __table_args__ = (UniqueConstraint("citizen_id", "phone", name="uq_citizen_phones"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id", ondelete="CASCADE"))
    phone: Mapped[str] = mapped_column(String(16), index=True)  # E.164
    citizen: Mapped[Citizen] = relationship(back_populates="phones")


class CitizenAddress(Base):
    __tablename__ = "citizen_addresses"
    __table_args__ = (
        UniqueConstraint("citizen_id", "building_id", "flat", name="uq_citizen_addresses"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id", ondelete="CASCADE"))
    building_id: Mapped[int] = mapped_column(ForeignKey("buildings.id"), index=True)
    flat: Mapped[str | None] = mapped_column(String(20))
    citizen: Mapped[Citizen] = relationship(back_populates="addresses")
    building: Mapped[Building] = relationship(lazy="joined")


class Appeal(Base):
    __tablename__ = "appeals"
    __table_args__ = (
        Index("ix_appeals_citizen_created", "citizen_id", "created_at"),
        Index("ix_appeals_building_status", "building_id", "status"),
        Index("ix_appeals_building_problem_status", "building_id", "problem_id", "status"),
        Index("ix_appeals_status_deadline", "status", "deadline"),
        Index("ix_appeals_executor_status", "executor_id", "status"),
        Index("ix_appeals_created", "created_at"),
        # The screen pop's "open appeals at this building, newest first": a small
        # partial index read in order, so no sort and no scan of closed history.
        Index("ix_appeals_open_building_created", "building_id", "created_at",
              postgresql_where=text(OPEN_STATUS_SQL), sqlite_where=text(OPEN_STATUS_SQL)),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    # Set right after the insert from the id: К-<year>-<id, 6 digits>.
    number: Mapped[str | None] = mapped_column(String(30), unique=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"))
    callback_phone: Mapped[str | None] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(30), default=AppealStatus.REGISTERED.value)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id"))
    building_id: Mapped[int] = mapped_column(ForeignKey("buildings.id"))
    flat: Mapped[str | None] = mapped_column(String(20))
    entrance: Mapped[str | None] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text)
    executor_id: Mapped[int | None] = mapped_column(ForeignKey("executors.id"))
    deadline: Mapped[datetime] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    rework_count: Mapped[int] = mapped_column(Integer, default=0)
    repeat_of_id: Mapped[int | None] = mapped_column(ForeignKey("appeals.id"), index=True)
    sip_call_id: Mapped[str | None] = mapped_column(String(200), index=True)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"))

    # Loaded on access: briefs (pop, lists) never show the citizen.
    citizen: Mapped[Citizen] = relationship(lazy="select")
    problem: Mapped[Problem] = relationship(lazy="joined")
    building: Mapped[Building] = relationship(lazy="joined")
    executor: Mapped[Executor | None] = relationship(lazy="joined")
    operator: Mapped[User | None] = relationship(lazy="joined")
    repeat_of: Mapped[Appeal | None] = relationship(remote_side=[id], lazy="select")


class AppealCoApplicant(Base):
    __tablename__ = "appeal_co_applicants"
    __table_args__ = (UniqueConstraint("appeal_id", "citizen_id", name="uq_appeal_co_applicants"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeals.id", ondelete="CASCADE"))
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class AppealStatusChange(Base):
    __tablename__ = "appeal_status_history"
    id: Mapped[int] = mapped_column(primary_key=True)
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeals.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    from_status: Mapped[str | None] = mapped_column(String(30))
    to_status: Mapped[str] = mapped_column(String(30))
    by: Mapped[str] = mapped_column(String(100))  # username or "apikey:<name>"
    comment: Mapped[str | None] = mapped_column(Text)


class VerificationRound(Base):
    __tablename__ = "verification_rounds"
    id: Mapped[int] = mapped_column(primary_key=True)
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeals.id", ondelete="CASCADE"), index=True)
    round_no: Mapped[int] = mapped_column(Integer)
    # confirmed | not_solved | no_answer | busy | wrong_number | callback_scheduled |
    # lead_retry | lead_rework | lead_close | lead_cancel
    outcome: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str | None] = mapped_column(Text)
    grade: Mapped[int | None] = mapped_column(Integer)  # the citizen's 1-5, when confirmed
    sip_call_id: Mapped[str | None] = mapped_column(String(200))
    by: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class VerificationItem(Base):
    """An appeal awaiting its verification callback: the feedback worklist's row.

    One row while the appeal is awaiting verification (made and removed with that
    status). What the list filters and orders on is copied here, so the page is
    one indexed read of this small table, never a scan of the appeals.
    """

    __tablename__ = "verification_queue"
    __table_args__ = (
        Index("ix_verification_queue_district", "district", "due_at"),
        Index("ix_verification_queue_sphere", "sphere_id", "due_at"),
        Index("ix_verification_queue_executor", "executor_id", "due_at"),
        Index("ix_verification_queue_lease", "lease_user_id"),
    )
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeals.id", ondelete="CASCADE"),
                                           primary_key=True)
    entered_at: Mapped[datetime] = mapped_column(UtcDateTime)  # the executor's "done"
    report_comment: Mapped[str | None] = mapped_column(Text)  # what the executor wrote then
    report_by: Mapped[str] = mapped_column(String(100), default="")
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    district: Mapped[str] = mapped_column(String(100))
    sphere_id: Mapped[int] = mapped_column(Integer)
    executor_id: Mapped[int | None] = mapped_column(Integer)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # unanswered, this round
    last_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    scheduled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    scheduled_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    scheduled_comment: Mapped[str | None] = mapped_column(Text)
    lease_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    escalated: Mapped[str | None] = mapped_column(String(30))  # attempts_exhausted | rework_limit
    escalated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


# The queue's two kinds of item on the list (migration 0011), each with its index:
# the fresh ones (never tried nor promised) by urgency, and those coming back (a
# retry, a promised callback) by when they do. Apart, because waiting they would sit
# at the head of the urgency order, where every claim and page read past them.
QUEUE_FRESH = and_(VerificationItem.escalated.is_(None),
                   VerificationItem.next_attempt_at.is_(None),
                   VerificationItem.scheduled_at.is_(None))
QUEUE_COMING_BACK = and_(VerificationItem.escalated.is_(None),
                         or_(VerificationItem.next_attempt_at.is_not(None),
                             VerificationItem.scheduled_at.is_not(None)))
# A retry clears a promise and a promise clears a retry (worklist/service.py).
QUEUE_BACK_AT = func.coalesce(VerificationItem.next_attempt_at, VerificationItem.scheduled_at)
Index("ix_verification_queue_urgency", VerificationItem.due_at, VerificationItem.attempts,
      VerificationItem.appeal_id, postgresql_where=QUEUE_FRESH, sqlite_where=QUEUE_FRESH)
Index("ix_verification_queue_coming_back", QUEUE_BACK_AT,
      postgresql_where=QUEUE_COMING_BACK, sqlite_where=QUEUE_COMING_BACK)
# Everything but the fresh: coming back, or escalated to the shift lead.
QUEUE_SET_APART = or_(VerificationItem.escalated.is_not(None),
                      VerificationItem.next_attempt_at.is_not(None),
                      VerificationItem.scheduled_at.is_not(None))
# The counts per filter (migration 0012) read the fresh items, most of a city's queue
# and all offered, grouped from an index alone, and only the rest row by row.
Index("ix_verification_queue_fresh_groups", VerificationItem.district,
      VerificationItem.sphere_id, VerificationItem.executor_id,
      postgresql_include=["entered_at"], postgresql_where=QUEUE_FRESH, sqlite_where=QUEUE_FRESH)
Index("ix_verification_queue_apart_groups", VerificationItem.district,
      VerificationItem.sphere_id, VerificationItem.executor_id,
      postgresql_where=QUEUE_SET_APART, sqlite_where=QUEUE_SET_APART)


class KbArticle(Base):
    __tablename__ = "kb_articles"
    id: Mapped[int] = mapped_column(primary_key=True)
    sphere: Mapped[str] = mapped_column(String(200), index=True)
    title: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    author: Mapped[str] = mapped_column(String(200), default="")
    editor: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # Stemmed forms (server_api.kb.text): what full-text search indexes.
    search_title: Mapped[str] = mapped_column(Text, default="")
    search_body: Mapped[str] = mapped_column(Text, default="")


class KbSuggestion(Base):
    """Precomputed topic → articles, so the screen pop never runs full-text search.

    topic is "problem:<code>" or "service:<outage service>".
    """

    __tablename__ = "kb_suggestions"
    topic: Mapped[str] = mapped_column(String(60), primary_key=True)
    rank: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("kb_articles.id", ondelete="CASCADE"))


class DirectoryEntry(Base):
    __tablename__ = "directory_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    address: Mapped[str] = mapped_column(String(300), default="")
    phones: Mapped[list[str]] = mapped_column(JSON, default=list)
    email: Mapped[str | None] = mapped_column(String(200))
    site: Mapped[str | None] = mapped_column(String(200))
    hours: Mapped[str | None] = mapped_column(String(200))
    head: Mapped[str | None] = mapped_column(String(200))
    search_key: Mapped[str] = mapped_column(Text, default="")


class Consultation(Base):
    __tablename__ = "consultations"
    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"), index=True)
    phone: Mapped[str | None] = mapped_column(String(16))
    topic: Mapped[str] = mapped_column(String(500))
    sphere_id: Mapped[int | None] = mapped_column(ForeignKey("spheres.id"))
    sip_call_id: Mapped[str | None] = mapped_column(String(200), index=True)
    notes: Mapped[str | None] = mapped_column(Text)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    operator: Mapped[User | None] = relationship(lazy="joined")
    articles: Mapped[list[ConsultationArticle]] = relationship(
        order_by="ConsultationArticle.article_id", lazy="selectin"
    )


class ConsultationArticle(Base):
    __tablename__ = "consultation_articles"
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True
    )
    article_id: Mapped[int] = mapped_column(ForeignKey("kb_articles.id"), primary_key=True)


class Call(Base):
    """One call as measured on the operator's machine (CallSummary)."""

    __tablename__ = "calls"
    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[str] = mapped_column(String(100))
    sip_call_id: Mapped[str] = mapped_column(String(200), index=True)
    direction: Mapped[str] = mapped_column(String(5))
    remote_number: Mapped[str | None] = mapped_column(String(16), index=True)
    local_user: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ring_ms: Mapped[int] = mapped_column(Integer)
    connect_ms: Mapped[int | None] = mapped_column(Integer)
    early_ms: Mapped[int | None] = mapped_column(Integer)
    hold_segments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    hold_ms: Mapped[int] = mapped_column(Integer)
    talk_ms: Mapped[int] = mapped_column(Integer)
    disposition: Mapped[str] = mapped_column(String(20))
    mos: Mapped[float | None] = mapped_column(Float)
    jitter_ms: Mapped[float | None] = mapped_column(Float)
    loss_pct: Mapped[float | None] = mapped_column(Float)
    rtt_ms: Mapped[float | None] = mapped_column(Float)
    end_code: Mapped[int] = mapped_column(Integer, default=0)
    end_reason: Mapped[str] = mapped_column(String(200), default="")
    appeal_id: Mapped[int | None] = mapped_column(ForeignKey("appeals.id"), index=True)
    consultation_id: Mapped[int | None] = mapped_column(ForeignKey("consultations.id"))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class CallLink(Base):
    """A record made on a call (before or after hang-up), as its summary lists them."""

    __tablename__ = "call_links"
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"),
                                         primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)  # appeal | consultation |
    record_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # verification_round
    __table_args__ = (Index("ix_call_links_record", "kind", "record_id"),)


class Outage(Base):
    __tablename__ = "outages"
    __table_args__ = (
        Index("ix_outages_building_ends", "building_id", "ends_at"),
        Index("ix_outages_district_ends", "district", "ends_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # outage | planned_works
    service: Mapped[str] = mapped_column(String(20))
    building_id: Mapped[int | None] = mapped_column(ForeignKey("buildings.id"))
    district: Mapped[str | None] = mapped_column(String(100))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime)
    description: Mapped[str] = mapped_column(Text, default="")
    executor_id: Mapped[int | None] = mapped_column(ForeignKey("executors.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    building: Mapped[Building | None] = relationship(lazy="joined")
    executor: Mapped[Executor | None] = relationship(lazy="joined")


class AgentState(Base):
    __tablename__ = "agent_states"
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(String(200))
    since: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    user: Mapped[User] = relationship(lazy="joined")


class AgentStateChange(Base):
    __tablename__ = "agent_state_history"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class AuditEntry(Base):
    """Who read whose history and who changed what; phones only masked."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[str | None] = mapped_column(String(50))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class IdempotencyRecord(Base):
    """The first answer to (key, route), replayed for every retry with the same body."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("key", "route", name="uq_idempotency_key_route"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200))
    route: Mapped[str] = mapped_column(String(100))
    body_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


# --- Live board (issue 10, server_api/board) -------------------------------------------


class BoardCall(Base):
    """One call as the desktops' live events tell it (the summary comes at hang-up).

    Keyed by the SIP call id alone: a call the PBX rings on several desktops in turn
    is one call of the line, offered when it first rang.
    """

    __tablename__ = "board_calls"
    __table_args__ = (
        Index("ix_board_calls_offered", "offered_at"),
        Index("ix_board_calls_user_offered", "user_id", "offered_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    sip_call_id: Mapped[str] = mapped_column(String(200), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    direction: Mapped[str] = mapped_column(String(3))  # in | out
    caller_masked: Mapped[str | None] = mapped_column(String(20))
    offered_at: Mapped[datetime] = mapped_column(UtcDateTime)  # first ring
    bucket_at: Mapped[datetime] = mapped_column(UtcDateTime)  # offered_at to 15 minutes
    rang_at: Mapped[datetime] = mapped_column(UtcDateTime)  # on its current desktop
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    wait_ms: Mapped[int | None] = mapped_column(Integer)  # first ring → answer
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    handle_ms: Mapped[int | None] = mapped_column(Integer)  # answer → end
    hold_ms: Mapped[int] = mapped_column(Integer, default=0)
    held_since: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Ended by the desktop's state or silence, not by its own event (which was lost).
    closed_by_desk_state: Mapped[bool] = mapped_column(Boolean, default=False,
                                                       server_default=false())


class BoardCallEvent(Base):
    """Each event as a desktop sent it; the unique key makes a retried event count once."""

    __tablename__ = "board_call_events"
    __table_args__ = (UniqueConstraint("user_id", "sip_call_id", "type", "at",
                                       name="uq_board_call_events"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    sip_call_id: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(10))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class BoardPresence(Base):
    """A desktop's heartbeat and what the lead asked of it (a force pending)."""

    __tablename__ = "board_presence"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    last_seen_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Set when the heartbeat timeout took the desktop offline; cleared by its next word.
    expired_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    rev: Mapped[int] = mapped_column(Integer, default=0)  # grows with every change shown
    forced_action: Mapped[str | None] = mapped_column(String(10))  # not_ready | logout
    forced_reason: Mapped[str | None] = mapped_column(String(200))
    forced_by: Mapped[str | None] = mapped_column(String(100))
    forced_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    sip_user: Mapped[str | None] = mapped_column(String(100))  # what the lead's phone calls
    user: Mapped[User] = relationship(lazy="joined")


class ApiSecret(Base):
    """A secret the API made itself (none configured), shared by all its workers."""

    __tablename__ = "api_secrets"
    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class BoardMessage(Base):
    __tablename__ = "board_messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    sender_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: everyone
    text: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    sender: Mapped[User] = relationship(foreign_keys=[sender_id], lazy="joined")
    recipient: Mapped[User | None] = relationship(foreign_keys=[recipient_id], lazy="joined")


class BoardMessageReceipt(Base):
    """One row per addressee, made when the message is sent; read_at once read."""

    __tablename__ = "board_message_receipts"
    __table_args__ = (Index("ix_board_message_receipts_user_read", "user_id", "read_at"),)
    message_id: Mapped[int] = mapped_column(ForeignKey("board_messages.id", ondelete="CASCADE"),
                                            primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    user: Mapped[User] = relationship(lazy="joined")


# --- end of live board models ----------------------------------------------------------
