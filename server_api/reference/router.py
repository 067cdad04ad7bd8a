"""Classifier, buildings and executors: read-only reference data."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy import select
from sqlalchemy.orm import Session

from server_api.appeals.service import building_dict
from server_api.auth.service import Actor
from server_api.deps import STAFF, SessionDep, require
from server_api.kb.text import fold
from server_api.models import Building, Executor, Problem, Sphere

router = APIRouter(tags=["reference"])
Reader = Annotated[Actor, Depends(require(*STAFF, api_key=True))]


def classifier(session: Session) -> list[dict[str, Any]]:
    executors = {e.code: e for e in session.scalars(select(Executor))}

    def executor_name(problem: Problem) -> str | None:
        fixed = executors.get(problem.executor_rule)
        if fixed is not None:
            return fixed.name
        return {"housing_office": "ЖЕД району будинку",
                "district_admin": "Районна в місті державна адміністрація"}.get(
            problem.executor_rule, problem.executor_rule)

    spheres = session.scalars(select(Sphere).order_by(Sphere.id))
    return [{"code": s.code, "name": s.name,
             "problems": [{"code": p.code, "name": p.name, "term_days": p.term_days,
                           "emergency": p.emergency, "executor_name": executor_name(p)}
                          for p in s.problems]}
            for s in spheres]


def search_buildings(session: Session, query: str, limit: int) -> list[Building]:
    stmt = select(Building)
    for word in fold(query).replace(",", " ").split():
        # A word with a digit is a house number: match its start, so "7" is not "157".
        pattern = " " + word if any(ch.isdigit() for ch in word) else word
        stmt = stmt.where(Building.search_key.contains(pattern, autoescape=True))
    return list(session.scalars(stmt.order_by(Building.street, Building.house).limit(limit)))


@router.get("/classifier")
def get_classifier(session: SessionDep, _actor: Reader) -> list[dict[str, Any]]:
    return classifier(session)


@router.get("/buildings")
def get_buildings(session: SessionDep, _actor: Reader, q: str = "",
                  limit: Annotated[int, Query(ge=1, le=100)] = 10) -> list[dict[str, Any]]:
    return [building_dict(b) for b in search_buildings(session, q, limit)]


@router.get("/executors")
def get_executors(session: SessionDep, _actor: Reader) -> list[dict[str, Any]]:
    return [{"id": e.id, "code": e.code, "name": e.name, "kind": e.kind, "district": e.district,
             "parent_id": e.parent_id}
            for e in session.scalars(select(Executor).order_by(Executor.id))]

