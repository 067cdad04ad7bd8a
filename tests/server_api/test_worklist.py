"""The feedback worklist on PostgreSQL and SQLite: order, filters, the lease (many
claims at once: one wins), outcomes and their counters, retries, calling hours,
promised callbacks, lead decisions, roles and 4xx reasons, and call links."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from server_api.auth.service import Actor, hash_password
from server_api.db import session_scope
from server_api.errors import ApiError
from server_api.models import (
    Appeal,
    AppealStatusChange,
    AuditEntry,
    Executor,
    Sphere,
    User,
    VerificationItem,
    VerificationRound,
)
from server_api.responses import as_sent
from server_api.settings import ROUND_THE_CLOCK, Settings
from server_api.worklist import service
from server_api.worklist.hours import CallingHours
from server_api.worklist.queue import backfill
from server_api.worklist.service import WorklistFilter

Headers = dict[str, str]
KYIV = ZoneInfo("Europe/Kyiv")
# A Monday, 11:00 in Kyiv: inside the default calling hours.
MONDAY_11 = datetime(2026, 12, 7, 11, 0, tzinfo=KYIV).astimezone(UTC)
OPEN_ALL_DAY = Settings(**ROUND_THE_CLOCK)
OFFICE_HOURS = Settings()  # 09:00-20:00 Europe/Kyiv, working days


@pytest.fixture(autouse=True)
def empty_worklist(client: TestClient) -> None:
    """Each test starts with nothing awaiting verification but its own appeals."""
    with session_scope(client.app.state.session_factory) as session:  # type: ignore[attr-defined]
        session.execute(delete(VerificationItem))
        for appeal in session.scalars(select(Appeal).where(
                Appeal.status == "awaiting_verification")):
            appeal.status = "closed"


@pytest.fixture(scope="module")
def buildings(client: TestClient, auth: dict[str, Headers]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = client.get(
        "/api/v1/buildings", params={"q": "вул", "limit": 100}, headers=auth["operator"]).json()
    return found


_counter = iter(range(1000, 10_000))


def awaiting(client: TestClient, auth: dict[str, Headers], building: dict[str, Any],
             report: str = "Роботи виконано", problem_code: str = "3.4") -> int:
    """An appeal its executor has reported done."""
    response = client.post("/api/v1/appeals", headers=auth["operator"], json={
        "phone": f"067 {next(_counter):04d} 123", "full_name": "Тарас Перевірка",
        "problem_code": problem_code, "building_id": building["id"],
        "description": "Немає гарячої води"})
    assert response.status_code == 201, response.text
    appeal_id = int(response.json()["id"])
    for to, comment in (("in_work", None), ("awaiting_verification", report)):
        moved = client.post(f"/api/v1/appeals/{appeal_id}/transition", headers=auth["lead"],
                            json={"to": to, "comment": comment})
        assert moved.status_code == 200, moved.text
    return appeal_id


SessionMaker = Callable[[], Any]


@pytest.fixture
def db(client: TestClient) -> Callable[..., Any]:
    """A session (one transaction) with chosen rules: `with db(settings) as s:`."""
    factory = client.app.state.session_factory  # type: ignore[attr-defined]

    def open_session(settings: Settings = OPEN_ALL_DAY) -> Any:
        scope = session_scope(factory)

        class _Scope:
            def __enter__(self) -> Session:
                self.session = scope.__enter__()
                self.session.info["settings"] = settings
                return self.session

            def __exit__(self, *exc: Any) -> Any:
                return scope.__exit__(*exc)

        return _Scope()

    return open_session


def actor_of(db: Callable[..., Any], username: str) -> Actor:
    with db() as session:
        user = session.scalar(select(User).where(User.username == username))
        assert user is not None
        return Actor(label=user.username, role=user.role, user_id=user.id)


def staff(db: Callable[..., Any], count: int) -> list[Actor]:
    """Feedback workers of our own, for races between many people."""
    actors = []
    with db() as session:
        for n in range(count):
            name = f"fb-race-{n}"
            user = session.scalar(select(User).where(User.username == name))
            if user is None:
                user = User(username=name, full_name=f"Працівник {n}", role="feedback",
                            password_hash=hash_password("x"))
                session.add(user)
                session.flush()
            actors.append(Actor(label=name, role="feedback", user_id=user.id))
    return actors


def set_due(db: Callable[..., Any], appeal_id: int, due: datetime, attempts: int = 0) -> None:
    with db() as session:
        item = session.get_one(VerificationItem, appeal_id)
        item.due_at, item.attempts = due, attempts


def wire(body: dict[str, Any]) -> dict[str, Any]:
    """A service's answer as the API sends it (on PostgreSQL a page's items are JSON
    text the database built)."""
    sent: dict[str, Any] = json.loads(as_sent(body).body)
    return sent


def ids(body: dict[str, Any]) -> list[int]:
    return [int(item["appeal_id"]) for item in wire(body)["items"]]



def normalized(item: dict[str, Any]) -> dict[str, Any]:
    """Times as instants: PostgreSQL writes .64247 where Python writes .642470."""
    def value(v: Any) -> Any:
        if isinstance(v, dict):
            return {k: value(x) for k, x in v.items()}
        if isinstance(v, str) and len(v) > 19 and v[4] == "-" and v[10] == "T":
            return datetime.fromisoformat(v)
        return v
    return {k: value(v) for k, v in item.items()}


def test_items_built_as_json_by_the_database_are_those_python_builds(
        client: TestClient, auth: dict[str, Headers], buildings: list[dict[str, Any]],
        db: Callable[..., Any]) -> None:
    """On PostgreSQL the page's items are JSON built by the database (_item_json),
    elsewhere dicts (item_dict): the same items, in every state."""
    me, other = staff(db, 2)
    now = datetime.now(UTC)
    appeal_ids = [awaiting(client, auth, buildings[n % len(buildings)]) for n in range(6)]
    mine, taken, reserved, waiting, escalated, available = appeal_ids
    with db() as session:
        rows = {i.appeal_id: i for i in session.scalars(
            select(VerificationItem).where(VerificationItem.appeal_id.in_(appeal_ids)))}
        rows[mine].lease_user_id, rows[mine].lease_until = me.user_id, now + timedelta(minutes=5)
        rows[taken].lease_user_id, rows[taken].lease_until = (other.user_id,
                                                              now + timedelta(minutes=5))
        rows[reserved].scheduled_by, rows[reserved].scheduled_at = (other.user_id,
                                                                    now - timedelta(minutes=1))
        rows[reserved].scheduled_comment = "Після 18:00"
        rows[waiting].next_attempt_at = now + timedelta(hours=1)
        rows[waiting].attempts, rows[waiting].last_attempt_at = 1, now - timedelta(hours=1)
        rows[escalated].escalated, rows[escalated].escalated_at = "attempts_exhausted", now
        rows[available].executor_id = None
        rows[available].lease_user_id, rows[available].lease_until = (  # a lapsed lease
            other.user_id, now - timedelta(minutes=1))
    expected_states = ["mine", "taken", "reserved", "waiting", "escalated", "available"]
    with db() as session:
        grace = timedelta(minutes=OPEN_ALL_DAY.scheduled_grace_minutes)
        by_python = {row.appeal_id: service.item_dict(row, me, now, grace)
                     for row in session.execute(service._item_select().where(
                         VerificationItem.appeal_id.in_(appeal_ids)))}
        assert [by_python[i]["state"] for i in appeal_ids] == expected_states
        page = wire(service.worklist(session, me, WorklistFilter(), 1, 200, now))["items"]
        listed = {item["appeal_id"]: item for item in page if item["appeal_id"] in appeal_ids}
        assert sorted(listed) == sorted([mine, taken, reserved, available])  # offered now
        for appeal_id, item in listed.items():
            assert normalized(item) == normalized(by_python[appeal_id])
        if session.get_bind().dialect.name == "postgresql":
            # Those the page does not offer now (waiting, escalated), straight from the SQL.
            built = session.execute(
                service._item_select(columns=[service._item_json(), VerificationItem.appeal_id])
                .where(VerificationItem.appeal_id.in_(appeal_ids)),
                service._json_values(session, me, now))
            by_database = {row.appeal_id: json.loads(row.item) for row in built}
            assert len(by_database) == len(appeal_ids)
            for appeal_id in appeal_ids:
                assert normalized(by_database[appeal_id]) == normalized(by_python[appeal_id])


def _counted_one_by_one(session: Session, flt: WorklistFilter, now: datetime) -> dict[str, Any]:
    """The counts by their definitions, item by item in Python."""
    spheres = {sphere_id: code for sphere_id, code in session.execute(
        select(Sphere.id, Sphere.code))}
    totals = dict.fromkeys(("available", "taken", "waiting_retry", "scheduled", "escalated",
                            "all"), 0)
    groups: dict[str, dict[Any, int]] = {"district": {}, "sphere": {}, "executor": {}}
    for item in session.scalars(select(VerificationItem)):
        if ((flt.district and item.district != flt.district)
                or (flt.sphere and spheres[item.sphere_id] != flt.sphere)
                or (flt.executor_id is not None and item.executor_id != flt.executor_id)
                or (flt.reported_from and item.entered_at.date() < flt.reported_from)):
            continue
        totals["all"] += 1
        if item.escalated is not None:
            totals["escalated"] += 1
            continue
        totals["waiting_retry"] += bool(item.next_attempt_at and item.next_attempt_at > now)
        totals["scheduled"] += bool(item.scheduled_at and item.scheduled_at > now)
        if ((item.next_attempt_at and item.next_attempt_at > now)
                or (item.scheduled_at and item.scheduled_at > now)):
            continue
        live = item.lease_user_id is not None and item.lease_until is not None \
            and item.lease_until >= now
        totals["taken" if live else "available"] += 1
        for dimension, key in (("district", item.district),
                               ("sphere", spheres[item.sphere_id]),
                               ("executor", item.executor_id)):
            groups[dimension][key] = groups[dimension].get(key, 0) + 1
    return {"totals": totals, **groups}


def test_counts_per_filter_are_those_of_the_items_counted_one_by_one(
        client: TestClient, auth: dict[str, Headers], buildings: list[dict[str, Any]],
        db: Callable[..., Any]) -> None:
    """The counts read the fresh items and the rest apart (service._counts_statement):
    in every state, under every filter, they must be the items' own."""
    me, other = staff(db, 2)
    now = datetime.now(UTC)
    appeal_ids = [awaiting(client, auth, buildings[n % 5], problem_code=code)
                  for n, code in enumerate(("3.4", "3.4", "1.1", "3.4", "1.1", "3.4", "1.1",
                                            "3.4", "1.1", "3.4", "3.4", "1.1"))]
    (fresh_taken, fresh_lapsed, retry_waiting, retry_due_taken, retry_due_lapsed,
     promised_later, promised_due, escalated, unassigned, *_) = appeal_ids
    soon, ago = now + timedelta(minutes=5), now - timedelta(minutes=1)
    with db() as session:
        rows = {i.appeal_id: i for i in session.scalars(
            select(VerificationItem).where(VerificationItem.appeal_id.in_(appeal_ids)))}
        rows[fresh_taken].lease_user_id, rows[fresh_taken].lease_until = me.user_id, soon
        rows[fresh_lapsed].lease_user_id, rows[fresh_lapsed].lease_until = other.user_id, ago
        rows[retry_waiting].next_attempt_at = now + timedelta(hours=1)
        # Alone in its group, with nothing fresh beside it: counted by the rows' part only.
        rows[retry_waiting].executor_id = session.scalar(select(Executor.id).where(
            Executor.id.not_in({row.executor_id for row in rows.values()})).limit(1))
        for appeal_id, until in ((retry_due_taken, soon), (retry_due_lapsed, ago)):
            rows[appeal_id].next_attempt_at, rows[appeal_id].attempts = ago, 1
            rows[appeal_id].lease_user_id, rows[appeal_id].lease_until = other.user_id, until
        rows[promised_later].scheduled_at = now + timedelta(hours=2)
        rows[promised_later].scheduled_by = me.user_id
        rows[promised_due].scheduled_at, rows[promised_due].scheduled_by = ago, other.user_id
        rows[escalated].escalated, rows[escalated].escalated_at = "attempts_exhausted", now
        rows[escalated].lease_user_id, rows[escalated].lease_until = me.user_id, soon
        rows[unassigned].executor_id = None
        some_executor = rows[appeal_ids[-1]].executor_id
    filters = [WorklistFilter(), WorklistFilter(district=buildings[1]["district"]),
               WorklistFilter(sphere="3"), WorklistFilter(executor_id=some_executor),
               WorklistFilter(reported_from=now.date()),
               WorklistFilter(district=buildings[0]["district"], sphere="1")]
    with db() as session:
        for flt in filters:
            counted = service.counts(session, flt, now)
            expected = _counted_one_by_one(session, flt, now)
            assert counted["totals"] == expected["totals"], flt
            for dimension in ("district", "sphere", "executor"):
                assert {g["key"]: g["count"] for g in counted[f"by_{dimension}"]} == \
                    expected[dimension], (flt, dimension)
        everything = service.counts(session, WorklistFilter(), now)["totals"]
    assert everything == {"available": 7, "taken": 2, "waiting_retry": 1, "scheduled": 1,
                          "escalated": 1, "all": 12}

# --- roles and reading ---------------------------------------------------------------

def test_roles_operator_is_refused_feedback_reads_lead_decides(
        client: TestClient, auth: dict[str, Headers]) -> None:
    assert client.get("/api/v1/worklist", headers=auth["operator"]).status_code == 403
    assert client.post("/api/v1/worklist/next", headers=auth["operator"]).status_code == 403
    assert client.get("/api/v1/worklist", headers=auth["feedback"]).status_code == 200
    assert client.get("/api/v1/worklist/decisions", headers=auth["feedback"]).status_code == 403
    assert client.get("/api/v1/worklist/decisions", headers=auth["lead"]).status_code == 200
    assert client.get("/api/v1/worklist").status_code == 401


def test_item_shows_citizen_callback_report_and_history(
        client: TestClient, auth: dict[str, Headers], buildings: list[dict[str, Any]]) -> None:
    appeal_id = awaiting(client, auth, buildings[0], report="Замінено засувку в підвалі")
    listing = client.get("/api/v1/worklist", headers=auth["feedback"]).json()
    assert listing["calling_hours"]["open"] is True
    item = next(i for i in listing["items"] if i["appeal_id"] == appeal_id)
    assert item["citizen"]["full_name"] == "Тарас Перевірка"
    assert item["callback_phone"].startswith("+38067")
    assert item["report"]["comment"] == "Замінено засувку в підвалі"
    assert item["building"]["id"] == buildings[0]["id"]
    assert item["executor"]["name"]
    assert item["state"] == "available"
    assert item["lease"] is None
    detail = client.get(f"/api/v1/worklist/{appeal_id}", headers=auth["feedback"]).json()
    assert [h["to_status"] for h in detail["history"]] == [
        "registered", "in_work", "awaiting_verification"]
    assert detail["rounds"] == []


def test_most_urgent_first_then_fewest_attempts_filters_paging_and_counts(
        client: TestClient, auth: dict[str, Headers], buildings: list[dict[str, Any]],
        db: Callable[..., Any]) -> None:
    by_district: dict[str, dict[str, Any]] = {}
    for building in buildings:
        by_district.setdefault(building["district"], building)
    first, second = list(by_district.values())[:2]
    late, early, late_tried = (awaiting(client, auth, first), awaiting(client, auth, second),
                               awaiting(client, auth, first))
    now = datetime.now(UTC)
    set_due(db, late, now + timedelta(days=3))
    set_due(db, early, now + timedelta(days=1))
    set_due(db, late_tried, now + timedelta(days=3), attempts=1)
    listing = client.get("/api/v1/worklist", headers=auth["feedback"]).json()
    assert ids(listing) == [early, late, late_tried]
    assert listing["total"] == 3
    page = client.get("/api/v1/worklist", params={"page": 2, "page_size": 2},
                      headers=auth["feedback"]).json()
    assert (ids(page), page["total"]) == ([late_tried], 3)
    only = client.get("/api/v1/worklist", params={"district": first["district"]},
                      headers=auth["feedback"]).json()
    assert ids(only) == [late, late_tried]
    counts = client.get("/api/v1/worklist/counts", headers=auth["feedback"]).json()
    districts = {c["key"]: c["count"] for c in counts["by_district"]}
    assert districts == {first["district"]: 2, second["district"]: 1}
    assert counts["totals"]["available"] == 3
    assert sum(c["count"] for c in counts["by_sphere"]) == 3
    filtered = client.get("/api/v1/worklist/counts", params={"district": second["district"]},
                          headers=auth["feedback"]).json()
    assert filtered["totals"]["available"] == 1
    sphere = counts["by_sphere"][0]["key"]
    assert client.get("/api/v1/worklist", params={"sphere": sphere},
                      headers=auth["feedback"]).json()["total"] == 3
    today = now.date().isoformat()
    assert client.get("/api/v1/worklist", params={"reported_from": today},
                      headers=auth["feedback"]).json()["total"] == 3


def test_a_long_list_is_counted_up_to_a_cap_and_still_pages_on(
        client: TestClient, auth: dict[str, Headers], buildings: list[dict[str, Any]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    made = [awaiting(client, auth, buildings[0]) for _ in range(3)]
    monkeypatch.setattr(service, "TOTAL_CAP", 2)

    def page(number: int) -> dict[str, Any]:
        return dict(client.get("/api/v1/worklist", params={"page": number, "page_size": 1},
                               headers=auth["feedback"]).json())

    first = page(1)
    assert (first["total"], first["total_capped"]) == (2, True)  # "more than 2"
    last = page(3)  # counted as far as the page asked for: all three, exactly
    assert (last["total"], last["total_capped"]) == (3, False)
    assert sorted(ids(page(n))[0] for n in (1, 2, 3)) == sorted(made)
    counts = client.get("/api/v1/worklist/counts", headers=auth["feedback"]).json()
    assert counts["totals"]["available"] == 3  # the counts stay exact


def test_page_reads_and_claims_are_in_the_audit_log_with_who_and_what(
        client: TestClient, auth: dict[str, Headers], buildings: list[dict[str, Any]],
        db: Callable[..., Any]) -> None:
    # On PostgreSQL a page and a claim of the next item write their audit rows in
    # their own statements: checked there too.
    made = [awaiting(client, auth, buildings[0]) for _ in range(2)]
    with db() as session:
        before = session.scalar(select(func.max(AuditEntry.id))) or 0
    for number in (1, 3):  # the second page is past the end
        response = client.get("/api/v1/worklist", params={"page": number, "page_size": 1},
                              headers=auth["feedback"])
        assert response.status_code == 200, response.text
    with db() as session:
        logged = session.scalars(select(AuditEntry).where(
            AuditEntry.id > before, AuditEntry.action == "worklist_read")
            .order_by(AuditEntry.id)).all()
    assert [(e.actor, e.entity, e.entity_id, e.detail) for e in logged] == [
        ("feedback", "worklist", None, {"page": 1, "shown": 1}),
        ("feedback", "worklist", None, {"page": 3, "shown": 0})]
    assert all(abs((e.at - datetime.now(UTC)).total_seconds()) < 60 for e in logged)
    first = client.post("/api/v1/worklist/next", json={}, headers=auth["feedback"]).json()
    other = next(appeal_id for appeal_id in made if appeal_id != first["appeal_id"])
    claim_http(client, auth["feedback"], other)  # by number: frees the first
    with db() as session:
        claims = session.scalars(select(AuditEntry).where(
            AuditEntry.id > before, AuditEntry.action == "worklist_claim")
            .order_by(AuditEntry.id)).all()
    assert [(e.actor, e.entity, e.entity_id, e.detail) for e in claims] == [
        ("feedback", "appeal", str(first["appeal_id"]), {}),
        ("feedback", "appeal", str(other), {})]


@pytest.mark.parametrize(("params", "field"), [
    ({"reported_from": "yesterday"}, "reported_from"),
    ({"reported_from": "2026-12-05", "reported_to": "2026-12-01"}, "reported_to"),
    ({"page_size": 1000}, "page_size"),
])
def test_bad_filters_are_422_with_the_field(client: TestClient, auth: dict[str, Headers],
                                            params: dict[str, Any], field: str) -> None:
    response = client.get("/api/v1/worklist", params=params, headers=auth["feedback"])
    assert response.status_code == 422
    assert response.json()["field"] == field


def test_unknown_sphere_is_404(client: TestClient, auth: dict[str, Headers]) -> None:
    response = client.get("/api/v1/worklist", params={"sphere": "99"},
                          headers=auth["feedback"])
    assert response.status_code == 404
    assert response.json()["field"] == "sphere"


# --- the lease -------------------------------------------------------------------------

def test_sixteen_staff_claiming_one_item_at_once_exactly_one_wins(
        client: TestClient, auth: dict[str, Headers], buildings: list[dict[str, Any]],
        db: Callable[..., Any]) -> None:
    appeal_id = awaiting(client, auth, buildings[1])
    actors = staff(db, 16)
    start = threading.Barrier(len(actors))
    won: list[str] = []
    refused: list[str] = []

    def claim(actor: Actor) -> None:
        start.wait()
        try:
            with db() as session:
                service.claim(session, appeal_id, actor, datetime.now(UTC))
            won.append(actor.label)
        except ApiError as error:
            refused.append(error.code)

    threads = [threading.Thread(target=claim, args=(a,)) for a in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(won) == 1
    assert refused == ["lease_held"] * 15
    with db() as session:
        item = session.get_one(VerificationItem, appeal_id)
        assert item.lease_user_id == next(a.user_id for a in actors if a.label == won[0])


def test_claiming_next_from_many_threads_never_gives_one_item_twice(
        client: TestClient, auth: dict[str, Headers], buildings: list[dict[str, Any]],
        db: Callable[..., Any]) -> None:
    made = {awaiting(client, auth, buildings[2 + n]) for n in range(5)}
    actors = staff(db, 12)
    start = threading.Barrier(len(actors))
    got: list[int] = []
    empty: list[str] = []

    def claim_next(actor: Actor) -> None:
        start.wait()
        try:
            with db() as session:
                item = service.claim_next(session, actor, WorklistFilter(), datetime.now(UTC))
            got.append(int(item["appeal_id"]))
        except ApiError as error:
            empty.append(error.code)

    threads = [threading.Thread(target=claim_next, args=(a,)) for a in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(got) == sorted(made)  # each item once, all of them
    assert set(empty) <= {"worklist_empty", "busy"}
    assert len(empty) == 7


def test_claiming_another_item_frees_the_one_held_before(
        client: TestClient, auth: dict[str, Headers], buildings: list[dict[str, Any]],
        db: Callable[..., Any]) -> None:
    first, second = (awaiting(client, auth, buildings[n]) for n in (10, 11))
    far = datetime.now(UTC) - timedelta(days=400)
    set_due(db, first, far)
    set_due(db, second, far + timedelta(minutes=1))
    worker, other = staff(db, 2)
    now = datetime.now(UTC)

    def holder(appeal_id: int) -> int | None:
        with db() as session:
            return session.get_one(VerificationItem, appeal_id).lease_user_id

    with db() as session:
        assert service.claim(session, second, worker, now)["appeal_id"] == second
    with db() as session:  # the most urgent: the held one is let go in the same claim
        assert service.claim_next(session, worker, WorklistFilter(), now)["appeal_id"] == first
    assert (holder(first), holder(second)) == (worker.user_id, None)
    with db() as session:  # by its number, likewise
        service.claim(session, second, worker, now)
    assert (holder(first), holder(second)) == (None, worker.user_id)
    with db() as session:  # someone else's lease is theirs to keep
        assert service.claim_next(session, other, WorklistFilter(), now)["appeal_id"] == first
    assert (holder(first), holder(second)) == (other.user_id, worker.user_id)
    with db() as session:
        service.release(session, first, other, now)
        service.release(session, second, worker, now)


def test_a_lapsed_lease_frees_the_item_and_renew_release_follow_the_holder(
        client: TestClient, auth: dict[str, Headers], buildings: list[dict[str, Any]],
        db: Callable[..., Any]) -> None:
    appeal_id = awaiting(client, auth, buildings[8])
    feedback, lead = actor_of(db, "feedback"), actor_of(db, "lead")
    t0 = datetime.now(UTC)
    with db() as session:
        mine = service.claim(session, appeal_id, feedback, t0)
    assert mine["state"] == "mine"
    assert mine["lease"]["username"] == "feedback"
    with db() as session, pytest.raises(ApiError) as held:
        service.claim(session, appeal_id, lead, t0 + timedelta(minutes=5))
    assert (held.value.status, held.value.code) == (409, "lease_held")
    assert "feedback" in held.value.message
    with db() as session:
        renewed = service.renew(session, appeal_id, feedback, t0 + timedelta(minutes=9))
    assert renewed["lease"]["until"] == (t0 + timedelta(minutes=19)).isoformat()
    # Eleven minutes after the last renewal the app is gone (a crash): anyone may take it.
    later = t0 + timedelta(minutes=20)
    with db() as session:
        taken = service.claim(session, appeal_id, lead, later)
    assert taken["lease"]["username"] == "lead"
    with db() as session, pytest.raises(ApiError) as lost:
        service.renew(session, appeal_id, feedback, later)
    assert lost.value.code == "lease_held"
    with db() as session, pytest.raises(ApiError) as other:
        service.release(session, appeal_id, feedback, later)
    assert other.value.code == "lease_held"
    with db() as session:
        service.release(session, appeal_id, lead, later)
    with db() as session:
        service.claim(session, appeal_id, feedback, later)
    with db() as session, pytest.raises(ApiError) as expired:
        service.renew(session, appeal_id, feedback, later + timedelta(minutes=11))
    assert expired.value.code == "lease_expired"


def test_an_outcome_needs_ones_own_live_lease(
        client: TestClient, auth: dict[str, Headers], buildings: list[dict[str, Any]]) -> None:
    appeal_id = awaiting(client, auth, buildings[9])
    url = f"/api/v1/worklist/{appeal_id}"
    body = {"outcome": "no_answer", "comment": "Не бере слухавку"}
    unclaimed = client.post(f"{url}/outcome", json=body, headers=auth["feedback"])
    assert (unclaimed.status_code, unclaimed.json()["code"]) == (409, "not_claimed")
    assert client.post(f"{url}/claim", headers=auth["lead"]).status_code == 200
    held = client.post(f"{url}/outcome", json=body, headers=auth["feedback"])
    assert (held.status_code, held.json()["code"]) == (409, "lease_held")
    assert "Бондар" in held.json()["message"]  # who holds it, and until when
    assert " до " in held.json()["message"]
    # The older endpoint cannot get round the lease either.
    old = client.post(f"/api/v1/appeals/{appeal_id}/verifications", headers=auth["feedback"],
                      json={"outcome": "confirmed", "comment": "так"})
    assert (old.status_code, old.json()["code"]) == (409, "lease_held")


def test_unknown_appeal_is_404_and_one_not_awaiting_is_409(
        client: TestClient, auth: dict[str, Headers], buildings: list[dict[str, Any]]) -> None:
    missing = client.post("/api/v1/worklist/99999999/claim", headers=auth["feedback"])
    assert missing.status_code == 404
    fresh = client.post("/api/v1/appeals", headers=auth["operator"], json={
        "phone": "067 555 44 33", "problem_code": "3.4", "building_id": buildings[10]["id"],
        "description": "Немає світла в під'їзді"}).json()
    early = client.post(f"/api/v1/worklist/{fresh['id']}/claim", headers=auth["feedback"])
    assert (early.status_code, early.json()["code"]) == (409, "not_awaiting_verification")


# --- outcomes ----------------------------------------------------------------------

def claim_http(client: TestClient, headers: Headers, appeal_id: int) -> dict[str, Any]:
    response = client.post(f"/api/v1/worklist/{appeal_id}/claim", headers=headers)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def outcome(client: TestClient, headers: Headers, appeal_id: int, **body: Any) -> Any:
    return client.post(f"/api/v1/worklist/{appeal_id}/outcome", json=body, headers=headers)


def test_confirmed_closes_with_the_grade_and_a_linked_call(
        client: TestClient, auth: dict[str, Headers], buildings: list[dict[str, Any]]) -> None:
    appeal_id = awaiting(client, auth, buildings[11])
    claim_http(client, auth["feedback"], appeal_id)
    for bad, field in (({"comment": "Так"}, "grade"),
                       ({"comment": "Так", "grade": 6}, "grade"),
                       ({"comment": "", "grade": 5}, "comment")):
        refused = outcome(client, auth["feedback"], appeal_id, outcome="confirmed", **bad)
        assert refused.status_code == 422, bad
        assert refused.json()["field"] == field
    graded_miss = outcome(client, auth["feedback"], appeal_id, outcome="busy", comment="x",
                          grade=3)
    assert (graded_miss.status_code, graded_miss.json()["field"]) == (422, "grade")
    done = outcome(client, auth["feedback"], appeal_id, outcome="confirmed", grade=5,
                   comment="Гаряча вода є", sip_call_id="cb-1@test")
    assert done.status_code == 200, done.text
    answer = done.json()
    assert answer["appeal"]["status"] == "closed"
    assert (answer["round"]["grade"], answer["round"]["sip_call_id"]) == (5, "cb-1@test")
    assert answer["item"] is None
    # The call's summary arrives after the outcome and names the round.
    call = client.post("/api/v1/calls", headers=auth["feedback"], json={
        "call_id": "c1", "sip_call_id": "cb-1@test", "direction": "out",
        "remote_number": "+380671112233", "local_user": "op1002", "started_at": 1.8e9,
        "answered_at": 1.8e9 + 4, "ended_at": 1.8e9 + 64, "ring_ms": 4000, "connect_ms": 90,
        "hold_ms": 0, "talk_ms": 60000, "disposition": "answered", "mos": 4.3,
        "verification_round_ids": [answer["round"]["id"]]})
    assert call.status_code == 201, call.text
    assert call.json()["verification_round_ids"] == [answer["round"]["id"]]
    rounds = client.get(f"/api/v1/appeals/{appeal_id}", headers=auth["lead"]).json()[
        "verifications"]
    assert rounds[0]["call"]["talk_ms"] == 60000
    assert rounds[0]["call"]["mos"] == 4.3
    bad_link = client.post("/api/v1/calls", headers=auth["feedback"], json={
        "call_id": "c2", "sip_call_id": "cb-2@test", "direction": "out", "local_user": "x",
        "started_at": 1.8e9, "ended_at": 1.8e9 + 1, "ring_ms": 0, "hold_ms": 0, "talk_ms": 0,
        "disposition": "failed", "appeal_ids": [99999999]})
    assert (bad_link.status_code, bad_link.json()["field"]) == (422, "appeal_ids")


def test_each_result_is_in_the_history_the_rounds_and_the_audit_log(
        client: TestClient, auth: dict[str, Headers], buildings: list[dict[str, Any]],
        db: Callable[..., Any]) -> None:
    # On PostgreSQL a result's writes are one statement of their own: the same rows
    # as the ORM's on SQLite.
    results = {"confirmed": {"grade": 4, "comment": "Вода є"},
               "not_solved": {"comment": "Досі холодна"},
               "no_answer": {"comment": "Не відповідає"}}
    made = {name: awaiting(client, auth, buildings[14 + n]) for n, name in enumerate(results)}
    for name, body in results.items():
        claim_http(client, auth["feedback"], made[name])
        answer = outcome(client, auth["feedback"], made[name], outcome=name, **body)
        assert answer.status_code == 200, answer.text
        assert answer.json()["round"]["round_no"] == 1
    with db() as session:
        def logged(appeal_id: int) -> list[tuple[str, dict[str, Any]]]:
            return [(e.action, e.detail) for e in session.scalars(
                select(AuditEntry).where(AuditEntry.entity == "appeal",
                                         AuditEntry.entity_id == str(appeal_id),
                                         AuditEntry.action.in_(("appeal_transition",
                                                                "verification_outcome")))
                .order_by(AuditEntry.id))]

        def history(appeal_id: int) -> list[tuple[str | None, str, str, str | None]]:
            return [(h.from_status, h.to_status, h.by, h.comment) for h in session.scalars(
                select(AppealStatusChange).where(
                    AppealStatusChange.appeal_id == appeal_id,
                    AppealStatusChange.from_status == "awaiting_verification")
                .order_by(AppealStatusChange.id))]

        def rounds(appeal_id: int) -> list[tuple[int, str, int | None, str, str | None]]:
            return [(r.round_no, r.outcome, r.grade, r.by, r.comment) for r in session.scalars(
                select(VerificationRound).where(VerificationRound.appeal_id == appeal_id))]

        closed = session.get_one(Appeal, made["confirmed"])
        assert (closed.status, closed.closed_at is not None) == ("closed", True)
        assert history(closed.id) == [("awaiting_verification", "closed", "feedback", "Вода є")]
        assert rounds(closed.id) == [(1, "confirmed", 4, "feedback", "Вода є")]
        assert logged(closed.id)[-2:] == [
            ("appeal_transition", {"from_status": "awaiting_verification",
                                   "to_status": "closed"}),
            ("verification_outcome", {"outcome": "confirmed", "round": 1})]
        reworked = session.get_one(Appeal, made["not_solved"])
        assert (reworked.status, reworked.rework_count, reworked.closed_at) == ("in_work", 1, None)
        assert history(reworked.id) == [
            ("awaiting_verification", "in_work", "feedback", "Досі холодна")]
        assert logged(reworked.id)[-1] == (
            "verification_outcome", {"outcome": "not_solved", "round": 1})
        for appeal_id in (closed.id, reworked.id):
            assert session.get(VerificationItem, appeal_id) is None  # off the list
        missed = session.get_one(Appeal, made["no_answer"])
        assert (missed.status, history(missed.id)) == ("awaiting_verification", [])
        assert rounds(missed.id) == [(1, "no_answer", None, "feedback", "Не відповідає")]
        assert logged(missed.id)[-2:] == [  # no transition of its own
            ("appeal_transition", {"from_status": "in_work",
                                   "to_status": "awaiting_verification"}),
            ("verification_outcome", {"outcome": "no_answer", "round": 1})]
        row = session.get_one(VerificationItem, missed.id)
        assert (row.attempts, row.lease_user_id, row.lease_until) == (1, None, None)
        assert row.next_attempt_at is not None
        assert row.last_attempt_at is not None
        assert row.next_attempt_at - row.last_attempt_at == timedelta(hours=2)


def test_not_solved_goes_back_to_the_executor_until_the_limit_then_to_the_lead(
        client: TestClient, auth: dict[str, Headers], buildings: list[dict[str, Any]]) -> None:
    appeal_id = awaiting(client, auth, buildings[12])
    for rework in (1, 2):
        claim_http(client, auth["feedback"], appeal_id)
        back = outcome(client, auth["feedback"], appeal_id, outcome="not_solved",
                       comment="Вода досі холодна")
        assert back.status_code == 200, back.text
        assert back.json()["appeal"]["status"] == "in_work"
        assert back.json()["appeal"]["rework_count"] == rework
        assert back.json()["item"] is None
        client.post(f"/api/v1/appeals/{appeal_id}/transition", headers=auth["lead"],
                    json={"to": "awaiting_verification", "comment": "Виконано повторно"})
    claim_http(client, auth["feedback"], appeal_id)
    third = outcome(client, auth["feedback"], appeal_id, outcome="not_solved",
                    comment="Знову не вирішено").json()
    assert third["appeal"]["status"] == "awaiting_verification"  # the lead decides
    assert third["item"]["escalated"] == "rework_limit"
    assert appeal_id not in ids(client.get("/api/v1/worklist", headers=auth["feedback"]).json())
    decisions = client.get("/api/v1/worklist/decisions", headers=auth["lead"]).json()
    escalated = next(i for i in decisions["items"] if i["appeal_id"] == appeal_id)
    assert [r["outcome"] for r in escalated["rounds"]] == ["not_solved"] * 3
    no_comment = client.post(f"/api/v1/worklist/{appeal_id}/decision", headers=auth["lead"],
                             json={"action": "rework", "comment": ""})
    assert no_comment.status_code == 422
    by_feedback = client.post(f"/api/v1/worklist/{appeal_id}/decision",
                              headers=auth["feedback"],
                              json={"action": "rework", "comment": "Ще раз"})
    assert by_feedback.status_code == 403
    decided = client.post(f"/api/v1/worklist/{appeal_id}/decision", headers=auth["lead"],
                          json={"action": "rework", "comment": "Повернути з контролем"}).json()
    assert decided["appeal"]["status"] == "in_work"
    assert decided["appeal"]["rework_count"] == 3


def test_unanswered_attempts_wait_for_the_retry_then_go_to_the_lead(
        client: TestClient, auth: dict[str, Headers], buildings: list[dict[str, Any]],
        db: Callable[..., Any]) -> None:
    appeal_id = awaiting(client, auth, buildings[13])
    feedback, lead = actor_of(db, "feedback"), actor_of(db, "lead")
    t = datetime.now(UTC)
    for attempt, miss in enumerate(("no_answer", "busy", "wrong_number"), start=1):
        with db() as session:
            service.claim(session, appeal_id, feedback, t)
            answer = service.record_outcome(session, appeal_id, feedback, miss, "Не дозвонились",
                                            None, None, t)
        item = answer["item"]
        assert item["attempts"] == attempt
        assert item["last_attempt_at"] == t.isoformat()
        if attempt < 3:
            assert item["next_attempt_at"] == (t + timedelta(hours=2)).isoformat()
            with db() as session:
                listed = service.worklist(session, feedback, WorklistFilter(), 1, 50,
                                          t + timedelta(minutes=119))
            assert appeal_id not in ids(listed)  # not before the retry delay
            with db() as session, pytest.raises(ApiError) as early:
                service.claim(session, appeal_id, feedback, t + timedelta(minutes=119))
            assert early.value.code == "not_due"
            t += timedelta(minutes=121)
    assert item["escalated"] == "attempts_exhausted"
    with db() as session:
        assert appeal_id not in ids(service.worklist(session, feedback, WorklistFilter(), 1, 50,
                                                     t + timedelta(days=1)))
        waiting = service.decisions(session, lead, t)
    escalated = next(i for i in waiting["items"] if i["appeal_id"] == appeal_id)
    assert [r["outcome"] for r in escalated["rounds"]] == ["no_answer", "busy", "wrong_number"]
    with db() as session:
        retried = service.decide(session, appeal_id, lead, "retry", "Спробуйте ввечері", t)
    assert retried["item"]["attempts"] == 0
    assert retried["item"]["escalated"] is None
    with db() as session:
        assert appeal_id in ids(service.worklist(session, feedback, WorklistFilter(), 1, 50, t))


def test_items_coming_back_take_their_place_by_urgency_among_the_fresh(
        client: TestClient, auth: dict[str, Headers], buildings: list[dict[str, Any]],
        db: Callable[..., Any]) -> None:
    # Fresh items and those coming back (a retry, a promised callback) are read from
    # indexes of their own; the list and the claims must still be one urgency order.
    t = datetime.now(UTC)
    first, retried, third, promised = (awaiting(client, auth, buildings[14]) for _ in range(4))
    for days, appeal_id in enumerate((first, retried, third, promised), start=1):
        set_due(db, appeal_id, t + timedelta(days=days))
    feedback = actor_of(db, "feedback")
    with db() as session:
        service.claim(session, retried, feedback, t)
        service.record_outcome(session, retried, feedback, "no_answer", "Не відповідає",
                               None, None, t)  # back in 2 h
        service.claim(session, promised, feedback, t)
        service.schedule(session, promised, feedback, t + timedelta(minutes=30),
                         "Просить за пів години", t)
    early, later = t + timedelta(minutes=40), t + timedelta(hours=3)

    def listed(at: datetime, page: int = 1, size: int = 50) -> list[int]:
        with db() as session:
            return ids(service.worklist(session, feedback, WorklistFilter(), page, size, at))

    assert listed(t) == [first, third]
    with db() as session:
        now_counted = service.counts(session, WorklistFilter(), t)
    assert now_counted["totals"] == {"available": 2, "taken": 0, "waiting_retry": 1,
                                     "scheduled": 1, "escalated": 0, "all": 4}
    assert [group["count"] for group in now_counted["by_district"]] == [2]
    assert sum(group["count"] for group in now_counted["by_executor"]) == 2
    assert listed(early) == [first, third, promised]  # the promise is due, not the retry
    assert listed(later) == [first, retried, third, promised]
    assert [listed(later, page, 1) for page in (1, 2, 3, 4, 5)] == \
        [[first], [retried], [third], [promised], []]
    others = staff(db, 5)

    def next_claimed(who: Actor, at: datetime) -> int | None:
        with db() as session:
            try:
                body = service.claim_next(session, who, WorklistFilter(), at)
            except ApiError as refused:
                if refused.code != "worklist_empty":
                    raise
                return None
        return int(body["appeal_id"])

    # 40 minutes on, the promised call is still its promiser's and the retry not due.
    assert [next_claimed(who, early) for who in others[:3]] == [first, third, None]
    assert next_claimed(feedback, early) == promised
    with db() as session:
        held = service.counts(session, WorklistFilter(), early)["totals"]
    assert held == {"available": 0, "taken": 3, "waiting_retry": 1, "scheduled": 0,
                    "escalated": 0, "all": 4}
    with db() as session:
        for who, appeal_id in ((others[0], first), (others[1], third), (feedback, promised)):
            service.release(session, appeal_id, who, early)
    assert [next_claimed(who, later) for who in others] == \
        [first, retried, third, promised, None]


# --- calling hours and promised callbacks --------------------------------------------

def test_calling_hours_in_the_citizens_time_on_working_days() -> None:
    hours = CallingHours.from_settings(OFFICE_HOURS)
    monday_8 = datetime(2026, 12, 7, 8, 59, tzinfo=KYIV)
    assert not hours.is_open(monday_8)
    assert hours.next_open_at(monday_8) == datetime(2026, 12, 7, 9, 0, tzinfo=KYIV)
    assert hours.is_open(datetime(2026, 12, 7, 9, 0, tzinfo=KYIV))
    assert hours.is_open(datetime(2026, 12, 7, 19, 59, tzinfo=KYIV))
    friday_night = datetime(2026, 12, 11, 20, 0, tzinfo=KYIV)
    assert not hours.is_open(friday_night)
    assert hours.next_open_at(friday_night) == datetime(2026, 12, 14, 9, 0, tzinfo=KYIV)
    assert not hours.is_open(datetime(2026, 12, 12, 12, 0, tzinfo=KYIV))  # Saturday
    # the moment is compared in Kyiv time, whatever zone it arrives in
    assert hours.is_open(datetime(2026, 12, 7, 7, 30, tzinfo=UTC))  # 09:30 in Kyiv
    around = CallingHours.from_settings(OPEN_ALL_DAY)
    assert around.is_open(datetime(2026, 12, 12, 3, 0, tzinfo=KYIV))


def test_outside_calling_hours_nothing_is_offered_and_claims_are_refused(
        client: TestClient, auth: dict[str, Headers], buildings: list[dict[str, Any]],
        db: Callable[..., Any]) -> None:
    appeal_id = awaiting(client, auth, buildings[14])
    feedback = actor_of(db, "feedback")
    evening = datetime(2026, 12, 7, 20, 30, tzinfo=KYIV)
    with db(OFFICE_HOURS) as session:
        listed = service.worklist(session, feedback, WorklistFilter(), 1, 50, evening)
    assert listed["items"] == []
    assert listed["calling_hours"]["open"] is False
    assert listed["calling_hours"]["next_open_at"] == datetime(
        2026, 12, 8, 9, 0, tzinfo=KYIV).isoformat()
    with db(OFFICE_HOURS) as session, pytest.raises(ApiError) as closed:
        service.claim(session, appeal_id, feedback, evening)
    assert closed.value.code == "outside_calling_hours"
    with db(OFFICE_HOURS) as session, pytest.raises(ApiError):
        service.claim_next(session, feedback, WorklistFilter(), evening)
    with db(OFFICE_HOURS) as session:
        assert appeal_id in ids(service.worklist(session, feedback, WorklistFilter(), 1, 50,
                                                 MONDAY_11))


def test_a_promised_callback_waits_and_belongs_to_its_promiser_for_a_while(
        client: TestClient, auth: dict[str, Headers], buildings: list[dict[str, Any]],
        db: Callable[..., Any]) -> None:
    appeal_id = awaiting(client, auth, buildings[15])
    feedback, lead = actor_of(db, "feedback"), actor_of(db, "lead")
    t = MONDAY_11
    at = datetime(2026, 12, 7, 18, 0, tzinfo=KYIV)
    with db(OFFICE_HOURS) as session:
        service.claim(session, appeal_id, feedback, t)
        for bad in (t - timedelta(minutes=1), datetime(2026, 12, 7, 21, 0, tzinfo=KYIV),
                    datetime(2026, 12, 12, 12, 0, tzinfo=KYIV)):
            with pytest.raises(ApiError) as refused:
                service.schedule(session, appeal_id, feedback, bad, "Після 18:00", t)
            assert (refused.value.status, refused.value.field) == (422, "at")
        answer = service.schedule(session, appeal_id, feedback, at, "Просить після 18:00", t)
    assert answer["round"]["outcome"] == "callback_scheduled"
    assert answer["item"]["scheduled"]["by"] == "feedback"
    with db(OFFICE_HOURS) as session:
        before = service.worklist(session, lead, WorklistFilter(), 1, 50,
                                  at - timedelta(minutes=1))
        assert appeal_id not in ids(before)
        with pytest.raises(ApiError) as not_yet:
            service.claim(session, appeal_id, feedback, at - timedelta(minutes=1))
        assert not_yet.value.code == "not_due"
    soon = at + timedelta(minutes=5)
    with db(OFFICE_HOURS) as session:
        shown = wire(service.worklist(session, lead, WorklistFilter(), 1, 50, soon))
        assert next(i for i in shown["items"] if i["appeal_id"] == appeal_id)["state"] == \
            "reserved"
        with pytest.raises(ApiError) as reserved:
            service.claim(session, appeal_id, lead, soon)
        assert reserved.value.code == "reserved"
        assert "feedback" in reserved.value.message
    with db(OFFICE_HOURS) as session:
        assert service.claim(session, appeal_id, feedback, soon)["state"] == "mine"
        service.release(session, appeal_id, feedback, soon)
    with db(OFFICE_HOURS) as session:
        taken = service.claim(session, appeal_id, lead, at + timedelta(minutes=16))
    assert taken["lease"]["username"] == "lead"


def test_schedule_over_http_needs_an_offset(client: TestClient, auth: dict[str, Headers],
                                            buildings: list[dict[str, Any]]) -> None:
    appeal_id = awaiting(client, auth, buildings[16])
    claim_http(client, auth["feedback"], appeal_id)
    naive = client.post(f"/api/v1/worklist/{appeal_id}/schedule", headers=auth["feedback"],
                        json={"at": "2030-01-07T18:00:00", "comment": "Увечері"})
    assert (naive.status_code, naive.json()["field"]) == (422, "at")


# --- the queue follows the status ------------------------------------------------------

def test_appeals_given_the_status_in_bulk_are_queued_by_backfill(
        client: TestClient, auth: dict[str, Headers], buildings: list[dict[str, Any]],
        db: Callable[..., Any]) -> None:
    appeal_id = awaiting(client, auth, buildings[17])
    with db() as session:
        session.execute(delete(VerificationItem))
    with db() as session:
        assert backfill(session, term_days=3) == 1
        item = session.get_one(VerificationItem, appeal_id)
        assert item.due_at > item.entered_at
        assert item.attempts == 0
    with db() as session:
        assert backfill(session, term_days=3) == 0  # once
