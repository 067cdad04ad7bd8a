"""Agent (operator) states for shift leads, with their history."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from server_api.auth.service import Actor
from server_api.db import utcnow
from server_api.deps import LEADS, STAFF, SessionDep, SettingsDep, require
from server_api.models import AgentState, AgentStateChange

router = APIRouter(prefix="/agents", tags=["agents"])


class StateUpdate(BaseModel):
    state: Literal["available", "not_ready", "on_call", "wrap_up", "offline"]
    reason: str | None = Field(default=None, max_length=200)


def state_dict(state: AgentState) -> dict[str, Any]:
    return {"username": state.user.username, "state": state.state, "reason": state.reason,
            "since": state.since.isoformat()}


def set_state(session: Session, user_id: int, state: str, reason: str | None) -> AgentState:
    current = session.get(AgentState, user_id)
    now = utcnow()
    if current is None:
        current = AgentState(user_id=user_id, state=state, reason=reason, since=now)
        session.add(current)
    elif (current.state, current.reason) != (state, reason):
        current.state, current.reason, current.since = state, reason, now
    else:
        return current  # a repeated report changes nothing, not even "since"
    session.add(AgentStateChange(user_id=user_id, state=state, reason=reason, at=now))
    session.flush()
    session.refresh(current)
    return current


@router.put("/me/state")
def put_state(session: SessionDep, settings: SettingsDep,
              actor: Annotated[Actor, Depends(require(*STAFF))],
              data: StateUpdate) -> dict[str, Any]:
    assert actor.user_id is not None  # require() lets only users through here
    from server_api.board.service import presence_of, state_reported

    # The presence row first, the state second: the board's sweep locks them in that
    # order (a silent desktop goes offline), and the other order deadlocked with it.
    presence = presence_of(session, actor.user_id)
    body = state_dict(set_state(session, actor.user_id, data.state, data.reason))
    # The live board sees it at once, and it may fulfil a force the lead asked for.
    state_reported(session, settings, actor, presence, data.state, utcnow())
    session.commit()
    return body


@router.get("")
def list_states(session: SessionDep,
                _actor: Annotated[Actor, Depends(require(*LEADS))]) -> list[dict[str, Any]]:
    return [state_dict(s) for s in session.scalars(select(AgentState).order_by(AgentState.since))]
