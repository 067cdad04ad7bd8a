"""Outages and planned works by building or by district."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from server_api.appeals.service import building_dict, get_building
from server_api.db import utcnow
from server_api.errors import ApiError
from server_api.models import Executor, Outage

ServiceName = Literal["hot_water", "cold_water", "heating", "electricity", "lift"]


class OutageCreate(BaseModel):
    kind: Literal["outage", "planned_works"]
    service: ServiceName
    building_id: int | None = None
    district: str | None = Field(default=None, max_length=100)
    starts_at: datetime
    ends_at: datetime
    description: str = Field(default="", max_length=4000)
    executor_id: int | None = None


def outage_dict(outage: Outage) -> dict[str, Any]:
    return {"id": outage.id, "kind": outage.kind, "service": outage.service,
            "building": building_dict(outage.building) if outage.building else None,
            "district": outage.district, "starts_at": outage.starts_at.isoformat(),
            "ends_at": outage.ends_at.isoformat(), "description": outage.description,
            "executor_name": outage.executor.name if outage.executor else None}


def outages_for(session: Session, building_ids: Collection[int], districts: Collection[str],
                now: datetime | None = None, limit: int = 50) -> list[Outage]:
    """Active or coming outages at these buildings or in these districts (district-wide
    ones have no building)."""
    conditions: list[ColumnElement[bool]] = []
    if building_ids:
        conditions.append(Outage.building_id.in_(list(building_ids)))
    if districts:
        conditions.append(Outage.district.in_(list(districts)) & Outage.building_id.is_(None))
    if not conditions:
        return []
    return list(session.scalars(
        select(Outage).where(or_(*conditions), Outage.ends_at > (now or utcnow()))
        .order_by(Outage.starts_at, Outage.id).limit(limit)))


def list_outages(session: Session, building_id: int | None, district: str | None,
                 active: bool) -> list[Outage]:
    stmt = select(Outage).order_by(Outage.starts_at, Outage.id).limit(500)
    if building_id is not None:
        building = get_building(session, building_id)
        stmt = stmt.where(or_(Outage.building_id == building.id,
                              (Outage.district == building.district)
                              & Outage.building_id.is_(None)))
    if district:
        stmt = stmt.where(Outage.district == district)
    if active:
        stmt = stmt.where(Outage.ends_at > utcnow())
    return list(session.scalars(stmt))


def create_outage(session: Session, data: OutageCreate) -> Outage:
    if data.building_id is None and not data.district:
        raise ApiError(422, "validation_error", "Вкажіть будинок або район", "building_id")
    if data.ends_at <= data.starts_at:
        raise ApiError(422, "validation_error", "Кінець має бути пізніше за початок", "ends_at")
    district = data.district
    if data.building_id is not None:
        district = district or get_building(session, data.building_id).district
    if data.executor_id is not None and session.get(Executor, data.executor_id) is None:
        raise ApiError(422, "not_found", "Виконавця не знайдено", "executor_id")
    outage = Outage(kind=data.kind, service=data.service, building_id=data.building_id,
                    district=district, starts_at=data.starts_at, ends_at=data.ends_at,
                    description=data.description, executor_id=data.executor_id)
    session.add(outage)
    session.flush()
    session.refresh(outage)
    return outage
