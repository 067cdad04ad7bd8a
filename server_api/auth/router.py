from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from server_api.auth import service
from server_api.deps import SessionDep, SettingsDep

router = APIRouter(prefix="/auth", tags=["auth"])


class LoginRequest(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=200)


@router.post("/login")
def login(session: SessionDep, settings: SettingsDep, data: LoginRequest) -> dict[str, Any]:
    token, record = service.login(session, data.username, data.password,
                                  timedelta(hours=settings.token_lifetime_hours))
    user = record.user
    session.commit()
    return {"token": token, "expires_at": record.expires_at.isoformat(),
            "user": {"id": user.id, "username": user.username, "full_name": user.full_name,
                     "role": user.role}}
