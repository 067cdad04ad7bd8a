"""Endpoints of the ratings, their exports and the city dashboard (server_api/API.md,
"Ratings and dashboard")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from importlib import resources
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from server_api import audit
from server_api.auth.service import Actor
from server_api.db import utcnow
from server_api.deps import LEADS, SessionDep, SettingsDep, require
from server_api.errors import ApiError, not_found
from server_api.models import Role
from server_api.ratings import dashboard, export, service
from server_api.ratings.periods import Period, RatingsSettings, resolve

router = APIRouter(tags=["ratings"])
Lead = Annotated[Actor, Depends(require(*LEADS))]
Admin = Annotated[Actor, Depends(require(Role.ADMIN))]
_lead_check = require(*LEADS)


@lru_cache(maxsize=1)
def _environment_settings() -> RatingsSettings:
    return RatingsSettings()


def get_ratings_settings() -> RatingsSettings:
    """The maximum period and the dashboard's refresh (tests override this dependency)."""
    return _environment_settings()


RatingsSettingsDep = Annotated[RatingsSettings, Depends(get_ratings_settings)]


@dataclass(frozen=True)
class Asked:
    period: Period
    now: datetime


def _asked(settings: SettingsDep, ratings: RatingsSettingsDep,
           period: Annotated[str | None, Query(max_length=10)] = None,
           on: Annotated[str | None, Query(max_length=30)] = None,
           start: Annotated[str | None, Query(max_length=30)] = None,
           end: Annotated[str | None, Query(max_length=30)] = None) -> Asked:
    now = utcnow()
    zone = ZoneInfo(settings.calling_timezone)
    return Asked(resolve(period, on, start, end, zone, now, ratings.ratings_max_days), now)


AskedDep = Annotated[Asked, Depends(_asked)]
District = Annotated[str | None, Query(max_length=100)]
Limit = Annotated[int, Query(ge=1, le=100)]


@router.get("/ratings/districts")
def districts(session: SessionDep, _actor: Lead, asked: AskedDep) -> dict[str, Any]:
    return service.district_ratings(session, asked.period, asked.now)


@router.get("/ratings/executors")
def executors(session: SessionDep, _actor: Lead, asked: AskedDep, district: District = None,
              kind: Annotated[str | None, Query(max_length=50)] = None) -> dict[str, Any]:
    return service.executor_ratings(session, asked.period, asked.now, district, kind)


@router.get("/ratings/executors/{executor_id}")
def executor(session: SessionDep, _actor: Lead, asked: AskedDep,
             executor_id: int) -> dict[str, Any]:
    return service.executor_detail(session, executor_id, asked.period, asked.now)


@router.get("/ratings/problems")
def problems(session: SessionDep, _actor: Lead, asked: AskedDep,
             sphere: Annotated[str | None, Query(max_length=20)] = None,
             limit: Limit = 10) -> dict[str, Any]:
    return service.problem_ratings(session, asked.period, asked.now, sphere, limit)


@router.get("/ratings/buildings")
def buildings(session: SessionDep, _actor: Lead, asked: AskedDep,
              kind: Literal["all", "lifts"] = "all", district: District = None,
              limit: Limit = 10) -> dict[str, Any]:
    return service.building_ratings(session, asked.period, asked.now, kind, district, limit)


@router.get("/ratings/missed-terms")
def missed_terms(session: SessionDep, _actor: Lead, asked: AskedDep) -> dict[str, Any]:
    return service.missed_terms(session, asked.period, asked.now)


@router.get("/ratings/export")
def export_report(session: SessionDep, actor: Lead, asked: AskedDep,
                  report: Literal["districts", "executors", "problems", "buildings", "lifts",
                                  "missed-terms"],
                  format: Literal["csv", "xlsx"] = "csv",
                  district: District = None) -> Response:
    period, now = asked.period, asked.now
    body: dict[str, Any]
    if report == "districts":
        body = service.district_ratings(session, period, now)
    elif report == "executors":
        body = service.executor_ratings(session, period, now, district)
    elif report == "problems":
        body = service.problem_ratings(session, period, now, None, 50)
    elif report in ("buildings", "lifts"):
        body = service.building_ratings(session, period, now,
                                        "lifts" if report == "lifts" else "all", district, 100)
    else:
        body = service.missed_terms(session, period, now)
    content = export.render(report, format, body)
    audit.record(session, actor, "ratings_export", "ratings", report, format=format,
                 start=period.first.isoformat(), end=period.last.isoformat())
    session.commit()
    name = export.filename(report, format, body)
    return Response(content, media_type=export.MEDIA_TYPES[format],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


# --- the dashboard's figures -------------------------------------------------------------

async def dashboard_reader(request: Request, session: SessionDep,
                           authorization: Annotated[str | None, Header()] = None,
                           x_dashboard_key: Annotated[str | None, Header()] = None) -> str:
    """A wall screen's read-only key (X-Dashboard-Key), or a shift lead's or admin's
    sign-in. Returns who it is, for nothing but the answer's header."""
    if x_dashboard_key:
        record = await run_in_threadpool(dashboard.key_by_secret, session, x_dashboard_key)
        if record is None:
            raise ApiError(401, "not_authenticated", "Невідомий або вимкнений ключ панелі")
        return f"dashboard-key:{record.name}"
    actor = await _lead_check(request, session, authorization, None)
    return actor.label


@router.get("/dashboard/data")
def dashboard_data(session: SessionDep, settings: SettingsDep, ratings: RatingsSettingsDep,
                   reader: Annotated[str, Depends(dashboard_reader)]) -> dict[str, Any]:
    body = dashboard.dashboard_data(session, utcnow(), ZoneInfo(settings.calling_timezone),
                                    ratings.dashboard_refresh_seconds)
    body["reader"] = reader
    return body


class KeyCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)


@router.get("/dashboard/keys")
def list_keys(session: SessionDep, _actor: Admin) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from server_api.ratings.models import DashboardKey
    return [dashboard.key_dict(k) for k in session.scalars(
        select(DashboardKey).order_by(DashboardKey.id))]


@router.post("/dashboard/keys", status_code=201)
def create_key(session: SessionDep, actor: Admin, data: KeyCreate) -> dict[str, Any]:
    record, key = dashboard.create_key(session, data.name.strip(), actor.user_id)
    audit.record(session, actor, "dashboard_key_created", "dashboard_key", record.id,
                 name=record.name)
    body = {**dashboard.key_dict(record), "key": key}  # shown this once only
    session.commit()
    return body


@router.post("/dashboard/keys/{key_id}/disable")
def disable_key(session: SessionDep, actor: Admin, key_id: int) -> dict[str, Any]:
    record = dashboard.disable_key(session, key_id)
    audit.record(session, actor, "dashboard_key_disabled", "dashboard_key", record.id)
    body = dashboard.key_dict(record)
    session.commit()
    return body


# --- the page itself (no figures in it: it fetches them with its key or sign-in) ---------

page_router = APIRouter(tags=["dashboard"])
_STATIC = {"dashboard.js": "text/javascript; charset=utf-8",
           "dashboard.css": "text/css; charset=utf-8"}


def _static_text(name: str) -> str:
    return resources.files("server_api.ratings").joinpath("static", name).read_text("utf-8")


@page_router.get("/dashboard", include_in_schema=False)
def dashboard_page() -> Response:
    return Response(_static_text("dashboard.html"), media_type="text/html; charset=utf-8",
                    headers={"Cache-Control": "no-cache", "Referrer-Policy": "no-referrer"})


@page_router.get("/dashboard/static/{name}", include_in_schema=False)
def dashboard_static(name: str) -> Response:
    if name not in _STATIC:
        raise not_found("Файл")
    return Response(_static_text(name), media_type=_STATIC[name],
                    headers={"Cache-Control": "no-cache"})
