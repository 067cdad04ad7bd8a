"""Listen / whisper / barge from the board: the API is who may say yes.

The lead's desktop asks for a token naming the operator; the operator's desktop
checks it offline with its own key (kc1551_common.monitor_tokens), fetched at
sign-in together with the SIP user it registers as, which is what the lead's
phone calls. The token is refused here unless the operator is online and in a
call, and every token issued is in the audit log.
"""

from __future__ import annotations

import base64
import secrets
from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kc1551_common.monitor_tokens import MonitorTokens, operator_key
from server_api import audit
from server_api.auth.service import Actor
from server_api.board import figures
from server_api.board.service import insert_ignoring_duplicates, presence_of, user_by_name
from server_api.db import table_of
from server_api.errors import ApiError
from server_api.models import AgentState, ApiSecret, BoardCall
from server_api.settings import Settings

SECRET_NAME = "monitor"
SIP_USER_PATTERN = r"^[A-Za-z0-9_.!~*'()&=+$,;?/-]{1,100}$"  # RFC 3261's user part, unescaped


class MonitorKeyIn(BaseModel):
    sip_user: str = Field(pattern=SIP_USER_PATTERN)


class MonitorIn(BaseModel):
    mode: Literal["listen", "whisper", "barge"] = "listen"


def api_secret(session: Session, settings: Settings) -> bytes:
    """The configured secret, else the one the API made once and keeps in the database."""
    if settings.monitor_secret:
        return settings.monitor_secret.encode()
    insert_ignoring_duplicates(session, table_of(ApiSecret), {
        "name": SECRET_NAME, "value": secrets.token_urlsafe(32)})
    value = session.scalar(select(ApiSecret.value).where(ApiSecret.name == SECRET_NAME))
    assert value is not None
    return value.encode()


def desk_key(session: Session, settings: Settings, actor: Actor, data: MonitorKeyIn
             ) -> dict[str, Any]:
    """This desktop's SIP user noted; the key its phone checks a lead's token with."""
    assert actor.user_id is not None
    presence = presence_of(session, actor.user_id)
    presence.sip_user = data.sip_user
    key = operator_key(api_secret(session, settings), actor.label)
    return {"key": base64.b64encode(key).decode(), "sip_user": data.sip_user}


def issue(session: Session, settings: Settings, actor: Actor, username: str, data: MonitorIn,
          now: datetime) -> dict[str, Any]:
    assert actor.user_id is not None
    user = user_by_name(session, username)
    if user.id == actor.user_id:
        raise ApiError(409, "monitor_self", "Себе прослухати не можна")
    presence = presence_of(session, user.id)
    state = session.get(AgentState, user.id)
    if not figures.is_online(presence, state, settings, now):
        raise ApiError(409, "agent_offline", f"{username} зараз не в мережі")
    if presence.sip_user is None:
        raise ApiError(409, "no_phone", f"Телефон {username} не повідомив свого SIP-номера")
    in_call = session.scalar(select(func.count()).where(
        BoardCall.user_id == user.id, BoardCall.answered_at.is_not(None),
        BoardCall.ended_at.is_(None), BoardCall.offered_at >= now - timedelta(hours=12)))
    if not in_call:
        raise ApiError(409, "not_in_call", f"{username} зараз не розмовляє")
    lead_sip = presence_of(session, actor.user_id).sip_user
    if lead_sip is None:
        raise ApiError(409, "no_phone", "Ваш телефон не зареєстровано: прослуховування "
                       "йде через нього")
    tokens = MonitorTokens(operator_key(api_secret(session, settings), username),
                           ttl_s=settings.monitor_token_ttl_s)
    token = tokens.issue(lead_sip, presence.sip_user, now.timestamp())
    audit.record(session, actor, "board.monitor", "user", username, mode=data.mode,
                 lead_sip=lead_sip, operator_sip=presence.sip_user)
    return {"token": token, "target": presence.sip_user, "mode": data.mode,
            "expires_in_s": settings.monitor_token_ttl_s}
