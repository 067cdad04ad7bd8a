"""Models and services without HTTP: E.164 phones, derived overdue, citizens reused,
one transaction per unit of work, on PostgreSQL and SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from server_api.app import prepare_database
from server_api.appeals import registration
from server_api.appeals.registration import create_appeal
from server_api.appeals.schemas import AppealCreate
from server_api.appeals.service import AppealFilter, appeal_full, list_appeals
from server_api.auth.service import Actor
from server_api.db import make_session_factory, session_scope, utcnow
from server_api.errors import ApiError
from server_api.models import Appeal, Building, CitizenAddress, CitizenPhone

SYSTEM = Actor(label="test", role="admin")


@pytest.fixture(scope="module")
def factory(database_url: str, test_resources: Path) -> Iterator[sessionmaker[Session]]:
    engine = prepare_database(database_url, resources_dir=test_resources)
    yield make_session_factory(engine)
    engine.dispose()


def _building_id(session: Session, offset: int) -> int:
    building_id = session.scalar(select(Building.id).order_by(Building.id).offset(offset))
    assert building_id is not None
    return building_id


def test_phones_stored_e164_and_citizen_reused(factory: sessionmaker[Session]) -> None:
    with session_scope(factory) as session:
        building_id = _building_id(session, 200)
        first = session.get_one(Appeal, create_appeal(session, AppealCreate(
            phone="(044) 234-56-78", problem_code="3.4", building_id=building_id,
            description="Темно в під'їзді"), SYSTEM).appeal_id)
        again = session.get_one(Appeal, create_appeal(session, AppealCreate(
            phone="+380442345678", problem_code="8.1", building_id=building_id,
            description="Домофон"), SYSTEM).appeal_id)
        assert first.citizen_id == again.citizen_id
        phones = session.scalars(select(CitizenPhone.phone)
                                 .where(CitizenPhone.citizen_id == first.citizen_id)).all()
        assert phones == ["+380442345678"]


def test_overdue_is_derived_not_stored(factory: sessionmaker[Session]) -> None:
    with session_scope(factory) as session:
        building_id = _building_id(session, 201)
        appeal = session.get_one(Appeal, create_appeal(session, AppealCreate(
            phone="0991112200", problem_code="3.4", building_id=building_id,
            description="Лампа"), SYSTEM).appeal_id)
        appeal.deadline = utcnow() - timedelta(hours=1)
        session.flush()
        assert appeal_full(session, appeal)["overdue"] is True
        overdue = list_appeals(session, AppealFilter(building_id=building_id, overdue=True), 1, 10)
        assert [a["id"] for a in overdue["items"]] == [appeal.id]
        appeal.status = "closed"
        session.flush()
        assert appeal_full(session, appeal)["overdue"] is False


def test_failed_unit_of_work_leaves_nothing(factory: sessionmaker[Session]) -> None:
    with session_scope(factory) as session:
        before = session.scalar(select(func.count()).select_from(Appeal))

    def register_two() -> None:
        with session_scope(factory) as session:
            building_id = _building_id(session, 202)
            create_appeal(session, AppealCreate(phone="0991112201", problem_code="3.4",
                                                building_id=building_id,
                                                description="перше"), SYSTEM)
            create_appeal(session, AppealCreate(phone="0991112201", problem_code="no-such",
                                                building_id=building_id,
                                                description="друге"), SYSTEM)

    with pytest.raises(ApiError):
        register_two()
    with session_scope(factory) as session:
        assert session.scalar(select(func.count()).select_from(Appeal)) == before
        assert session.scalar(select(CitizenPhone.id)
                              .where(CitizenPhone.phone == "+380991112201")) is None


def test_address_written_once_when_two_desks_race(factory: sessionmaker[Session],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Two desks registering for one caller at once both find the address missing; the
    second insert must be a no-op, not an error."""
    request = AppealCreate(phone="0991112288", problem_code="3.4", flat="3",
                           building_id=0, description="Лампа")
    with session_scope(factory) as session:
        request = request.model_copy(update={"building_id": _building_id(session, 203)})
        create_appeal(session, request, SYSTEM)
    plan = registration._plan_caller
    monkeypatch.setattr(registration, "_plan_caller",
                        lambda rows, name: replace(plan(rows, name), add_address=True))
    with session_scope(factory) as session:
        second = create_appeal(session, request, SYSTEM)
    with session_scope(factory) as session:
        addresses = session.scalars(select(CitizenAddress).where(
            CitizenAddress.citizen_id == second.body["citizen"]["id"])).all()
        assert [(a.building_id, a.flat) for a in addresses] == [(request.building_id, "3")]
