"""Open311 GeoReport v2 endpoints: /open311/v2/<resource>.<json|xml>.

Parameters are read as plain strings and checked here, so every bad input
gets the spec's error list (400/403/404) instead of the /api/v1 error shape.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from server_api import __version__
from server_api.db import utcnow
from server_api.deps import SessionDep
from server_api.open311 import service
from server_api.open311.formats import (
    REQUESTS,
    SERVICES,
    Open311Error,
    check_format,
    error_response,
    render,
)

PREFIX = "/open311/v2"
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-23T00:00:00+00:00"
router = APIRouter(prefix=PREFIX, tags=["open311"])
FormField = Annotated[str | None, Form()]


def _answer(fmt: str, produce: Callable[[], tuple[Any, tuple[str, str] | str]],
            status: int = 200) -> Response:
    """Run produce and render its body, or the spec's error list for Open311Error."""
    try:
        check_format(fmt)
        body, tags = produce()
    except Open311Error as exc:
        return error_response(fmt, exc)
    return render(fmt, body, tags, status)


@router.get("/discovery.{fmt}")
def discovery(request: Request, fmt: str) -> Response:
    base = str(request.base_url).rstrip("/") + PREFIX + "/"
    body = {"changeset": CHANGESET, "contact": "Контактний центр 1551, тел. 1551",
            "key_service": "API-ключ видає адміністратор 1551 (python -m server_api apikey "
                           "create NAME)",
            "endpoints": [{"specification": SPECIFICATION, "url": base, "changeset": CHANGESET,
                           "type": "production", "version": __version__,
                           "formats": ["application/json", "text/xml"]}]}
    return _answer(fmt, lambda: (body, "discovery"))


@router.get("/services.{fmt}")
def services(session: SessionDep, fmt: str) -> Response:
    return _answer(fmt, lambda: (service.list_services(session), SERVICES))


@router.get("/services/{service_code}.{fmt}")
def service_definition(session: SessionDep, service_code: str, fmt: str) -> Response:
    def produce() -> tuple[Any, str]:
        problem = service.get_service(session, service_code)
        # metadata is false for every service: no extra attributes to fill in.
        return {"service_code": problem.code, "attributes": []}, "service_definition"

    return _answer(fmt, produce)


@router.post("/requests.{fmt}")
def create_request(
    session: SessionDep, fmt: str, api_key: FormField = None, service_code: FormField = None,
    address_string: FormField = None, address_id: FormField = None, lat: FormField = None,
    long: FormField = None, description: FormField = None, first_name: FormField = None,
    last_name: FormField = None, phone: FormField = None, email: FormField = None,
    device_id: FormField = None, account_id: FormField = None, media_url: FormField = None,
) -> Response:
    form = service.NewRequest(
        api_key=api_key, service_code=service_code, address_string=address_string,
        address_id=address_id, lat=lat, long=long, description=description,
        first_name=first_name, last_name=last_name, phone=phone, email=email,
        device_id=device_id, account_id=account_id, media_url=media_url)

    def produce() -> tuple[Any, tuple[str, str]]:
        answer = service.create_request(session, form)
        session.commit()
        return answer, REQUESTS

    return _answer(fmt, produce, status=201)


@router.get("/requests.{fmt}")
def requests(session: SessionDep, fmt: str, service_request_id: str | None = None,
             service_code: str | None = None, start_date: str | None = None,
             end_date: str | None = None, status: str | None = None) -> Response:
    query = service.RequestQuery(service_request_id=service_request_id,
                                 service_code=service_code, start_date=start_date,
                                 end_date=end_date, status=status)
    return _answer(fmt, lambda: (service.find_requests(session, query), REQUESTS))


def _one_request(session: Session, ref: str) -> tuple[Any, tuple[str, str]]:
    appeal = service.get_request(session, ref)
    return [service.request_dict(appeal, utcnow())], REQUESTS


@router.get("/requests/{request_id}.{fmt}")
def request_by_id(session: SessionDep, request_id: str, fmt: str) -> Response:
    return _answer(fmt, lambda: _one_request(session, request_id))


@router.get("/tokens/{token}.{fmt}")
def token(session: SessionDep, token: str, fmt: str) -> Response:
    # Requests are created synchronously, so a token is simply the request id.
    def produce() -> tuple[Any, tuple[str, str]]:
        appeal = service.get_request(session, token)
        return [{"service_request_id": str(appeal.id), "token": token}], REQUESTS

    return _answer(fmt, produce)


@router.api_route("/{rest:path}", methods=["GET", "POST", "PUT", "DELETE", "PATCH"],
                  include_in_schema=False)
def unknown(rest: str) -> Response:
    fmt = rest.rpartition(".")[2] if "." in rest else "json"
    error = Open311Error(404, "not_found", f"Такого ресурсу Open311 немає: «{rest}»")
    return error_response(fmt, error)


__all__ = ["router"]
