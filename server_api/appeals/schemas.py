"""Request bodies of the appeals endpoints (responses are built in the service)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from server_api.models import DESCRIPTION_MAX

ChannelName = Literal["call", "web", "app", "gov"]
StatusName = Literal["registered", "in_work", "awaiting_verification", "closed", "cancelled"]


class AppealCreate(BaseModel):
    phone: str = Field(max_length=40)
    full_name: str | None = Field(default=None, max_length=200)
    callback_phone: str | None = Field(default=None, max_length=40)
    problem_code: str = Field(min_length=1, max_length=20)
    building_id: int
    flat: str | None = Field(default=None, max_length=20)
    entrance: str | None = Field(default=None, max_length=20)
    description: str = Field(min_length=1, max_length=DESCRIPTION_MAX)
    channel: ChannelName = "call"
    sip_call_id: str | None = Field(default=None, max_length=200)
    link_to: int | None = None


class TransitionRequest(BaseModel):
    to: StatusName
    comment: str | None = Field(default=None, max_length=DESCRIPTION_MAX)


class VerificationRequest(BaseModel):
    outcome: Literal["confirmed", "not_solved", "no_answer"]
    comment: str | None = Field(default=None, max_length=DESCRIPTION_MAX)
    sip_call_id: str | None = Field(default=None, max_length=200)
