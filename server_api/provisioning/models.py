"""Desktop settings IT sets centrally, for all PCs ("*") or a group of them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from server_api.db import Base, UtcDateTime, utcnow

ALL_DESKTOPS = "*"


class DesktopSettings(Base):
    __tablename__ = "desktop_provisioning"
    group_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    settings: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(100), default="")
