"""Read-only keys for the city dashboard's wall screens (migration 0006_ratings).

A key opens the dashboard's figures and nothing else: it is not an ApiKey,
which lets a channel register appeals.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String
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
