"""Read-only keys for the city dashboard's wall screens and the ratings' running
totals (migration 0006_ratings).

A key opens the dashboard's figures and nothing else: it is not an ApiKey,
which lets a channel register appeals.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server_api.db import Base, UtcDateTime, utcnow


class DashboardKey(Base):
    __tablename__ = "dashboard_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class RatingTotal(Base):
    """Running totals of the appeals that reached a final status (closed, cancelled)
    before the watermark, per local day of receipt, district and executor
    (executor_key 0: routed to nobody). Final appeals never change again, so they
    are added once; the open ones and those finalised since are counted live."""

    __tablename__ = "rating_totals"
    __table_args__ = (UniqueConstraint("day", "district", "executor_key",
                                       name="uq_rating_totals_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    district: Mapped[str] = mapped_column(String(100))
    executor_key: Mapped[int] = mapped_column(Integer)
    received: Mapped[int] = mapped_column(Integer, default=0)
    cancelled: Mapped[int] = mapped_column(Integer, default=0)
    closed_on_time: Mapped[int] = mapped_column(Integer, default=0)
    closed_late: Mapped[int] = mapped_column(Integer, default=0)
    reworks: Mapped[int] = mapped_column(Integer, default=0)
    reworked_appeals: Mapped[int] = mapped_column(Integer, default=0)
    closed_first_time: Mapped[int] = mapped_column(Integer, default=0)
    confirmed: Mapped[int] = mapped_column(Integer, default=0)
    execution_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    term_seconds: Mapped[float] = mapped_column(Float, default=0.0)


class RatingTotalsState(Base):
    """One row: appeals finalised before `watermark` are in rating_totals, by days
    of the `zone` they were summed in."""

    __tablename__ = "rating_totals_state"
    id: Mapped[int] = mapped_column(primary_key=True)
    watermark: Mapped[datetime] = mapped_column(UtcDateTime)
    zone: Mapped[str] = mapped_column(String(64))
