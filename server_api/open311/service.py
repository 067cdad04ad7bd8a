"""Open311 over the appeal services: the same rules as the desktop's channel.

Registration goes through `appeals.registration.create_appeal` (routing, deadline,
repeat detection); this module only maps Open311 fields to and from ours.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server_api.appeals import service as appeals
from server_api.appeals.registration import create_appeal
from server_api.appeals.schemas import AppealCreate
from server_api.auth.service import Actor, actor_for_api_key
from server_api.db import utcnow
from server_api.errors import ApiError
from server_api.kb.text import fold
from server_api.models import (
    DESCRIPTION_MAX,
    OPEN_STATUSES,
    Appeal,
    AppealStatus,
    Building,
    Problem,
    Sphere,
)
from server_api.open311.formats import Open311Error
from server_api.reference.router import search_buildings
from server_api.seed import building_label

DEFAULT_WINDOW = timedelta(days=90)
MAX_REQUESTS = 1000
CLOSED_STATUSES = (AppealStatus.CLOSED.value, AppealStatus.CANCELLED.value)
# media_url has no column of its own: it travels in the description on this line.
MEDIA_PREFIX = "Фото: "
_MEDIA_LINE = re.compile(rf"^{MEDIA_PREFIX}(\S+)$", re.MULTILINE)
_STREET_TYPES = {"вул", "вулиця", "просп", "проспект", "бульв", "бульвар", "пл", "площа",
                 "пров", "провулок", "наб", "набережна", "м", "київ"}
_DISTRICT = re.compile(r"\(([^)]*)\)")


# --- services -------------------------------------------------------------------

def service_dict(problem: Problem) -> dict[str, Any]:
    keywords = [problem.sphere.name, *(["аварійна"] if problem.emergency else [])]
    return {"service_code": problem.code, "service_name": problem.name,
            "description": f"{problem.sphere.name}: {problem.name}. "
                           f"Строк виконання — {problem.term_days} роб. дн.",
            "metadata": False, "type": "realtime", "keywords": ", ".join(keywords),
            "group": problem.sphere.name}


def list_services(session: Session) -> list[dict[str, Any]]:
    problems = session.scalars(select(Problem).join(Sphere).order_by(Sphere.id, Problem.id))
    return [service_dict(p) for p in problems]


def get_service(session: Session, code: str) -> Problem:
    problem = session.scalar(select(Problem).where(Problem.code == code.strip()))
    if problem is None:
        raise Open311Error(404, "unknown_service", f"Невідомий код послуги: «{code}»")
    return problem


# --- creating requests ----------------------------------------------------------------

@dataclass(frozen=True)
class NewRequest:
    """The POST requests form, as strings exactly as they came."""

    api_key: str | None = None
    service_code: str | None = None
    address_string: str | None = None
    address_id: str | None = None
    lat: str | None = None
    long: str | None = None
    description: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    email: str | None = None
    device_id: str | None = None
    account_id: str | None = None
    media_url: str | None = None


def authenticate(session: Session, api_key: str | None) -> Actor:
    if not api_key or not api_key.strip():
        raise Open311Error(403, "api_key_required",
                           "Потрібен api_key: отримайте його в адміністратора 1551")
    actor = actor_for_api_key(session, api_key.strip())
    if actor is None:
        raise Open311Error(403, "bad_api_key", "Невідомий або вимкнений api_key")
    return actor


def _street_words(text: str) -> list[str]:
    words = fold(text).replace(".", " ").replace(",", " ").split()
    return [w for w in words if w not in _STREET_TYPES]


def match_address(session: Session, address: str) -> Building:
    """"вул. Хрещатик, 22" (district in brackets optional) → the one building."""
    district_match = _DISTRICT.search(address)
    district = fold(district_match.group(1)).strip() if district_match else ""
    plain = _DISTRICT.sub(" ", address)
    street, _, house = plain.rpartition(",")
    street, house = street.strip(), fold(house).replace(" ", "")
    if not street or not house:
        raise Open311Error(400, "unknown_building",
                           f"Адреса «{address}» не розпізнана: вкажіть «вулиця, будинок», "
                           "наприклад «вул. Хрещатик, 22»")
    words = _street_words(street)
    candidates = [b for b in search_buildings(session, " ".join([*words, house]), 50)
                  if fold(b.house).replace(" ", "") == house
                  and (not district or fold(b.district) == district)]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise Open311Error(400, "unknown_building",
                           f"Будинок «{address}» не знайдено в реєстрі адрес міста")
    labels = "; ".join(building_label(b.street, b.house, b.district) for b in candidates[:5])
    raise Open311Error(400, "ambiguous_building",
                       f"Адреса «{address}» неоднозначна: {labels}. Уточніть вулицю або район")


def _building_for(session: Session, form: NewRequest) -> Building:
    if form.address_id and form.address_id.strip():
        if not form.address_id.strip().isdigit():
            raise Open311Error(400, "unknown_building", "address_id має бути числом")
        building = session.get(Building, int(form.address_id))
        if building is None:
            raise Open311Error(400, "unknown_building",
                               f"Невідомий address_id: {form.address_id}")
        return building
    if form.address_string and form.address_string.strip():
        return match_address(session, form.address_string)
    if form.lat or form.long:
        raise Open311Error(400, "location_unsupported",
                           "Координати поки не зіставляються з будинками: "
                           "вкажіть address_string («вулиця, будинок») або address_id")
    raise Open311Error(400, "location_required",
                       "Потрібне місце: address_string («вулиця, будинок») або address_id")


def _description(form: NewRequest, problem: Problem) -> str:
    text = (form.description or "").strip() or problem.name
    if form.media_url and form.media_url.strip():
        text = f"{text}\n{MEDIA_PREFIX}{form.media_url.strip()}"
    if len(text) > DESCRIPTION_MAX:
        raise Open311Error(400, "text_too_long",
                           f"Опис задовгий: не більше {DESCRIPTION_MAX} символів")
    return text


def create_request(session: Session, form: NewRequest) -> list[dict[str, Any]]:
    """Register the appeal (channel web) and answer the spec's one-item list. Never commits."""
    actor = authenticate(session, form.api_key)
    if not form.service_code or not form.service_code.strip():
        raise Open311Error(400, "service_code_required", "Потрібен service_code (код послуги)")
    problem = session.scalar(select(Problem).where(Problem.code == form.service_code.strip()))
    if problem is None:
        raise Open311Error(400, "unknown_service",
                           f"Невідомий код послуги: «{form.service_code}»")
    if not form.phone or not form.phone.strip():
        raise Open311Error(400, "phone_required",
                           "Потрібен phone: за ним виконавець і 1551 зв'яжуться із заявником")
    building = _building_for(session, form)
    full_name = " ".join(p.strip() for p in (form.first_name, form.last_name) if p and p.strip())
    try:
        data = AppealCreate(phone=form.phone, full_name=full_name[:200] or None,
                            problem_code=problem.code, building_id=building.id,
                            description=_description(form, problem), channel="web")
        registration = create_appeal(session, data, actor, channel="web")
    except ApiError as exc:
        raise Open311Error(403 if exc.status == 403 else 400, exc.code, exc.message) from exc
    except ValueError as exc:  # pydantic: a field longer than our columns allow
        raise Open311Error(400, "validation_error", "Перевірте поля: задовгі значення") from exc
    appeal = registration.body
    deadline = datetime.fromisoformat(appeal["deadline"]).date().isoformat()
    notice = (f"Звернення {appeal['number']} зареєстровано; виконавець: "
              f"{appeal['executor_name'] or 'визначається'}; строк: {deadline}")
    if appeal["repeat_of"] is not None:
        notice += (". Таке звернення щодо цього будинку вже в роботі "
                   f"(№ {appeal['repeat_of']['id']})")
    return [{"service_request_id": str(registration.appeal_id), "service_notice": notice,
             "account_id": form.account_id}]


# --- reading requests -------------------------------------------------------------------

def request_dict(appeal: Appeal, now: datetime) -> dict[str, Any]:
    media = _MEDIA_LINE.search(appeal.description)
    open_ = appeal.status in OPEN_STATUSES
    notes = appeals.STATUS_NAMES.get(appeal.status, appeal.status)
    if appeals.is_overdue(appeal, now):
        notes += ", прострочено"
    building = appeal.building
    return {
        "service_request_id": str(appeal.id), "status": "open" if open_ else "closed",
        "status_notes": f"{appeal.number}: {notes}", "service_name": appeal.problem.name,
        "service_code": appeal.problem.code,
        "description": _MEDIA_LINE.sub("", appeal.description).strip(),
        "agency_responsible": appeal.executor.name if appeal.executor else None,
        "service_notice": None,
        "requested_datetime": appeal.created_at.isoformat(),
        "updated_datetime": appeal.updated_at.isoformat(),
        "expected_datetime": appeal.deadline.isoformat(),
        "address": building_label(building.street, building.house, building.district),
        "address_id": building.id, "zipcode": None, "lat": None, "long": None,
        "media_url": media.group(1) if media else None,
    }


def get_request(session: Session, ref: str) -> Appeal:
    try:
        return appeals.get_appeal(session, ref)
    except ApiError as exc:
        raise Open311Error(404, "not_found", f"Звернення «{ref}» не знайдено") from exc


def parse_datetime(raw: str, field: str) -> datetime:
    try:
        value = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise Open311Error(400, "invalid_date",
                           f"{field}: очікується дата й час ISO 8601, "
                           f"наприклад 2026-01-31T00:00:00+02:00; отримано «{raw}»") from exc
    # A date without an offset is taken as UTC, like everything we store.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass(frozen=True)
class RequestQuery:
    service_request_id: str | None = None
    service_code: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    status: str | None = None


def _ids(raw: str) -> list[int]:
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    if not parts or not all(p.isdigit() for p in parts):
        raise Open311Error(400, "invalid_service_request_id",
                           "service_request_id: очікується список чисел через кому")
    return [int(p) for p in parts[:MAX_REQUESTS]]


def _statuses(raw: str) -> list[str]:
    wanted = {p.strip().lower() for p in raw.split(",") if p.strip()}
    if not wanted or not wanted <= {"open", "closed"}:
        raise Open311Error(400, "invalid_status", "status: допустимі значення open, closed")
    return [*(OPEN_STATUSES if "open" in wanted else ()),
            *(CLOSED_STATUSES if "closed" in wanted else ())]


def find_requests(session: Session, query: RequestQuery) -> list[dict[str, Any]]:
    """The spec's filters; service_request_id wins over the rest, as the spec says."""
    now = utcnow()
    stmt = select(Appeal)
    if query.service_request_id:
        stmt = stmt.where(Appeal.id.in_(_ids(query.service_request_id)))
    else:
        if query.service_code:
            codes = [c.strip() for c in query.service_code.split(",") if c.strip()]
            stmt = stmt.where(Appeal.problem_id.in_(
                select(Problem.id).where(Problem.code.in_(codes))))
        if query.status:
            stmt = stmt.where(Appeal.status.in_(_statuses(query.status)))
        end = parse_datetime(query.end_date, "end_date") if query.end_date else None
        start = parse_datetime(query.start_date, "start_date") if query.start_date else None
        if start is None and end is None:
            start = now - DEFAULT_WINDOW
        if start is not None and end is not None and end < start:
            raise Open311Error(400, "invalid_date", "end_date раніше за start_date")
        if start is not None:
            stmt = stmt.where(Appeal.created_at >= start)
        if end is not None:
            stmt = stmt.where(Appeal.created_at <= end)
    rows: Sequence[Appeal] = list(session.scalars(
        stmt.order_by(Appeal.created_at.desc(), Appeal.id.desc()).limit(MAX_REQUESTS)))
    return [request_dict(a, now) for a in rows]
