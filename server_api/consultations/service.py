"""Consultations: a call answered from the knowledge base, with the articles used."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from server_api import audit
from server_api.appeals.service import find_or_create_citizen, parse_phone
from server_api.auth.service import Actor
from server_api.errors import ApiError
from server_api.models import Consultation, ConsultationArticle, KbArticle, Sphere


class ConsultationCreate(BaseModel):
    phone: str | None = Field(default=None, max_length=40)
    topic: str = Field(min_length=1, max_length=500)
    sphere_code: str | None = Field(default=None, max_length=20)
    article_ids: list[int] = Field(default_factory=list, max_length=50)
    sip_call_id: str | None = Field(default=None, max_length=200)
    notes: str | None = Field(default=None, max_length=4000)


def consultation_dict(consultation: Consultation) -> dict[str, Any]:
    return {"id": consultation.id, "phone": consultation.phone, "topic": consultation.topic,
            "article_ids": [a.article_id for a in consultation.articles],
            "sip_call_id": consultation.sip_call_id,
            "operator": consultation.operator.username if consultation.operator else None,
            "created_at": consultation.created_at.isoformat()}


def create_consultation(session: Session, data: ConsultationCreate, actor: Actor) -> Consultation:
    phone = parse_phone(data.phone) if data.phone else None
    sphere_id = None
    if data.sphere_code:
        sphere = session.scalar(select(Sphere).where(Sphere.code == data.sphere_code))
        if sphere is None:
            raise ApiError(422, "unknown_problem", f"Невідома сфера: «{data.sphere_code}»",
                           "sphere_code")
        sphere_id = sphere.id
    article_ids = list(dict.fromkeys(data.article_ids))
    known = set(session.scalars(select(KbArticle.id).where(KbArticle.id.in_(article_ids))))
    missing = [i for i in article_ids if i not in known]
    if missing:
        raise ApiError(422, "not_found", f"Статті бази знань не знайдено: {missing}",
                       "article_ids")
    citizen = find_or_create_citizen(session, phone, None) if phone else None
    consultation = Consultation(citizen_id=citizen.id if citizen else None, phone=phone,
                                topic=data.topic.strip(), sphere_id=sphere_id,
                                sip_call_id=data.sip_call_id, notes=data.notes,
                                operator_id=actor.user_id)
    session.add(consultation)
    session.flush()
    session.add_all(ConsultationArticle(consultation_id=consultation.id, article_id=i)
                    for i in article_ids)
    audit.record(session, actor, "consultation_created", "consultation", consultation.id)
    session.flush()
    session.refresh(consultation)
    return consultation
