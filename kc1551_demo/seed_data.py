"""Demo data: the users from API.md and resources/demo.json (citizens, appeals, outages).

Runs once per database (an audit row marks it), so `python -m kc1551_demo.seed_data`
and the desktop's demo mode can call it on every start. Demo only: the API's
package has no invented people and no well-known passwords in it.

    python -m kc1551_demo.seed_data [--database-url URL]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server_api import audit
from server_api.app import prepare_database
from server_api.appeals import service as appeals
from server_api.appeals.registration import create_appeal
from server_api.appeals.schemas import AppealCreate
from server_api.auth.service import Actor, create_user
from server_api.db import make_session_factory, session_scope, utcnow
from server_api.models import Appeal, AuditEntry, Building, Executor, Outage, User
from server_api.seed import load_resource
from server_api.settings import Settings

DEMO_PASSWORD = "demo1551"
DEMO_USERS = (
    ("operator", "operator", "Олена Демченко"),
    ("operator2", "operator", "Петро Коваль"),
    ("feedback", "feedback", "Відділ зворотного зв'язку"),
    ("lead", "shift_lead", "Ірина Бондар"),
    ("admin", "admin", "Адміністратор"),
)
_DEMO_MARK = "demo_seeded"
# How a demo appeal reaches its status from "registered".
_PATHS = {
    "registered": [],
    "in_work": ["in_work"],
    "awaiting_verification": ["in_work", "awaiting_verification"],
    "closed": ["in_work", "awaiting_verification", "closed"],
    "cancelled": ["cancelled"],
}


def _building(session: Session, street: str, house: str) -> Building | None:
    return session.scalar(select(Building).where(Building.street == street,
                                                 Building.house == str(house)))


def seed_users(session: Session) -> None:
    existing = set(session.scalars(select(User.username)))
    for username, role, full_name in DEMO_USERS:
        if username not in existing:
            create_user(session, username, DEMO_PASSWORD, role, full_name)


def seed_demo_data(session: Session, data: dict[str, Any]) -> None:
    operator = session.scalar(select(User).where(User.username == "operator"))
    lead = session.scalar(select(User).where(User.username == "lead"))
    assert operator is not None
    assert lead is not None
    registrar = Actor(label=operator.username, role=operator.role, user_id=operator.id)
    lead_actor = Actor(label=lead.username, role=lead.role, user_id=lead.id)
    now = utcnow()
    for person in data.get("citizens", []):
        phones = [appeals.parse_phone(p) for p in person.get("phones", [])]
        if not phones:
            continue
        citizen = appeals.find_or_create_citizen(session, phones[0], person.get("full_name"))
        for address in person.get("addresses", []):
            building = _building(session, address["street"], address["house"])
            if building is not None:
                appeals.remember_address(session, citizen, building, address.get("flat"))
        session.flush()
    for rec in data.get("appeals", []):
        building = _building(session, rec["street"], rec["house"])
        if building is None:
            continue
        request = AppealCreate(phone=rec["phone"], problem_code=rec["problem_code"],
                               building_id=building.id, flat=rec.get("flat"),
                               description=rec["description"])
        appeal = session.get_one(Appeal, create_appeal(session, request, registrar).appeal_id)
        for step in _PATHS.get(rec.get("status", "registered"), []):
            appeals.transition(session, appeal, step, lead_actor)
        shift = timedelta(days=float(rec.get("days_ago", 0)))
        appeal.created_at -= shift
        appeal.deadline -= shift
        if appeal.closed_at is not None:
            appeal.closed_at -= shift / 2
    for rec in data.get("outages", []):
        building = _building(session, rec["street"], rec["house"]) if rec.get("street") else None
        executor = session.scalar(select(Executor).where(Executor.code == rec.get("executor")))
        session.add(Outage(
            kind=rec["kind"], service=rec["service"],
            building_id=building.id if building else None,
            district=rec.get("district") or (building.district if building else None),
            starts_at=now + timedelta(hours=float(rec.get("starts_in_hours", 0))),
            ends_at=now + timedelta(hours=float(rec.get("ends_in_hours", 24))),
            description=rec.get("description", ""),
            executor_id=executor.id if executor else None))
    session.flush()


def seed_demo(database_url: str | None = None, resources_dir: Path | None = None) -> bool:
    """Demo users and data; False when this database already has them."""
    url = database_url or Settings().resolved_database_url()
    engine = prepare_database(url, resources_dir=resources_dir)
    try:
        with session_scope(make_session_factory(engine)) as session:
            if session.scalar(select(AuditEntry.id).where(AuditEntry.action == _DEMO_MARK)):
                return False
            seed_users(session)
            data = load_resource("demo.json", resources_dir) or {}
            seed_demo_data(session, data)
            audit.record(session, Actor(label="system", role=None), _DEMO_MARK, "database")
        return True
    finally:
        engine.dispose()



def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kc1551_demo.seed_data",
                                     description="Демонстраційні користувачі й дані 1551")
    parser.add_argument("--database-url", help="інакше DATABASE_URL або SQLite за замовчуванням")
    args = parser.parse_args(argv)
    added = seed_demo(args.database_url)
    print("Демо-дані додано" if added else "Демо-дані вже є в цій базі")
    return 0


if __name__ == "__main__":
    sys.exit(main())
