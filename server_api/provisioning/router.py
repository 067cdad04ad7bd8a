"""Central provisioning of the desktops: admins set keys, every desktop reads its own.

A desktop asks after sign-in with its group (`[desktop] group` in the machine's
settings); it gets the keys set for all desktops, overlaid by its group's. The
desktop validates every value again and keeps the last good copy, so a PC still
starts on it when the API is away.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi import Path as PathParam
from pydantic import BaseModel, Field
from sqlalchemy import select

from server_api import audit
from server_api.auth.service import Actor
from server_api.db import utcnow
from server_api.deps import STAFF, SessionDep, require
from server_api.errors import ApiError, not_found
from server_api.models import Role
from server_api.provisioning.models import ALL_DESKTOPS, DesktopSettings

router = APIRouter(prefix="/provisioning", tags=["provisioning"])
Admin = Annotated[Actor, Depends(require(Role.ADMIN))]
Staff = Annotated[Actor, Depends(require(*STAFF))]

# The desktop's sections (operator_app.config); it checks each value itself.
SECTIONS = ("api", "sip", "audio", "desktop", "hotkeys")
_KEY = re.compile(r"^[a-z_]+\.[a-z0-9_]+$")
_SECRET_WORDS = ("password", "secret", "token")
GROUP_PATTERN = r"^(\*|[A-Za-z0-9_.-]{1,64})$"
MAX_KEYS = 200


class SettingsBody(BaseModel):
    settings: dict[str, str | int | float | bool] = Field(max_length=MAX_KEYS)


def _checked(settings: dict[str, str | int | float | bool]) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    for key, value in settings.items():
        name = key.strip().lower()
        if not _KEY.match(name) or name.split(".", 1)[0] not in SECTIONS:
            raise ApiError(422, "validation_error",
                           f"Невідомий ключ «{key}»: очікується розділ.ключ, розділи "
                           f"{', '.join(SECTIONS)}", "settings")
        if any(word in name for word in _SECRET_WORDS):
            raise ApiError(422, "validation_error",
                           f"«{key}»: секрети не передаються через налаштування", "settings")
        text = ("yes" if value else "no") if isinstance(value, bool) else str(value)
        if len(text) > 500:
            raise ApiError(422, "validation_error", f"«{key}»: значення задовге", "settings")
        cleaned[name] = text
    return cleaned


def _row_dict(row: DesktopSettings) -> dict[str, Any]:
    return {"group": row.group_name, "settings": row.settings,
            "updated_at": row.updated_at.isoformat(), "updated_by": row.updated_by}


@router.get("/desktop")
def for_desktop(session: SessionDep, _actor: Staff,
                group: Annotated[str, Query(pattern=GROUP_PATTERN)] = ALL_DESKTOPS
                ) -> dict[str, Any]:
    """What this desktop applies: all desktops' keys, then its group's."""
    rows = {row.group_name: row for row in session.scalars(
        select(DesktopSettings).where(DesktopSettings.group_name.in_({ALL_DESKTOPS, group})))}
    merged: dict[str, str] = {}
    stamps = []
    for name in (ALL_DESKTOPS, group):
        row = rows.get(name)
        if row is not None:
            merged.update(row.settings)
            stamps.append(row.updated_at.isoformat())
    return {"group": group, "settings": merged, "updated_at": max(stamps, default=None)}


@router.get("/desktop/groups")
def list_groups(session: SessionDep, _actor: Admin) -> list[dict[str, Any]]:
    return [_row_dict(row) for row in
            session.scalars(select(DesktopSettings).order_by(DesktopSettings.group_name))]


@router.put("/desktop/groups/{group}")
def set_group(session: SessionDep, actor: Admin, data: SettingsBody,
              group: Annotated[str, PathParam(pattern=GROUP_PATTERN)]) -> dict[str, Any]:
    settings = _checked(data.settings)
    row = session.get(DesktopSettings, group)
    if row is None:
        row = DesktopSettings(group_name=group)
        session.add(row)
    row.settings, row.updated_at, row.updated_by = settings, utcnow(), actor.label
    audit.record(session, actor, "desktop_settings_set", "desktop_group", group,
                 keys=sorted(settings))
    session.flush()
    body = _row_dict(row)
    session.commit()
    return body


@router.delete("/desktop/groups/{group}", status_code=204)
def delete_group(session: SessionDep, actor: Admin,
                 group: Annotated[str, PathParam(pattern=GROUP_PATTERN)]) -> None:
    row = session.get(DesktopSettings, group)
    if row is None:
        raise not_found("Групу налаштувань")
    session.delete(row)
    audit.record(session, actor, "desktop_settings_deleted", "desktop_group", group)
    session.commit()
