"""Ratings, their exports and the dashboard's figures on hand-made appeals whose
counts are known (PostgreSQL and SQLite, through the real API).

March 2024, three districts, each with its own housing office:
- A (executor EA, one late appeal by EB): 10 received — 6 closed on time (5 confirmed
  by the citizen, 1 closed by a lead without an answer), 2 closed late (one reworked
  once, both confirmed, the unreworked one EB's), 1 open past its deadline, 1 cancelled.
- B (EB): 4 received, all closed late, all confirmed.
- C (EC): 3 received — one closed on time after two reworks, one closed on time at
  once, one awaiting verification past its deadline after two reworks.
- every other district: no appeals.
Every term is 10 days; on-time appeals take 5 days in A, 8 and 4 in C; late ones 15 days
in A, 20 in B. February 2024 has 5 appeals of problem 3.7 and 1 of 3.18 in C.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select

from server_api.models import Appeal, Building, Citizen, CitizenPhone, Executor, Problem
from server_api.models import VerificationRound as Round
from server_api.ratings.periods import RatingsSettings
from server_api.ratings.router import get_ratings_settings

MARCH = {"start": "2024-03-01", "end": "2024-03-31"}
SECRET_NAME = "Секретенко Прихована Особа"
SECRET_PHONE = "+380501112233"
SECRET_TEXT = "Опис із приватними подробицями квартири 77"
Headers = dict[str, str]


@dataclass(frozen=True)
class Planted:
    districts: tuple[str, str, str]
    empty_district: str
    executors: dict[str, int]  # EA, EB, EC → id
    names: dict[str, str]


def _district_with_office(session: Any, taken: set[str]) -> tuple[str, Building, Executor]:
    for office in session.scalars(select(Executor).where(Executor.kind == "housing_office")
                                  .order_by(Executor.id)):
        if office.district in taken:
            continue
        building = session.scalar(select(Building).where(Building.district == office.district)
                                  .order_by(Building.id))
        if building is not None:
            taken.add(office.district)
            return office.district, building, office
    raise AssertionError("no housing office with a building left")


@pytest.fixture(scope="module")
def planted(client: TestClient) -> Planted:
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as session:
        taken: set[str] = set()
        (da, ba, ea), (db, bb, eb), (dc, bc, ec) = (
            _district_with_office(session, taken) for _ in range(3))
        empty = next(d for d in sorted(session.scalars(select(Building.district).distinct()))
                     if d not in taken)
        problems = {p.code: p.id for p in session.scalars(select(Problem))}
        citizen = Citizen(full_name=SECRET_NAME, phones=[CitizenPhone(phone=SECRET_PHONE)],
                          addresses=[])
        session.add(citizen)
        session.flush()
        serial = iter(range(900_001, 999_999))

        def appeal(building: Building, executor: Executor, problem: str, status: str, *,
                   took_days: float | None = None, reworks: int = 0,
                   rounds: tuple[str, ...] = (), created: datetime | None = None,
                   entrance: str | None = None) -> None:
            number = next(serial)
            created = created or datetime(2024, 3, 5, 8, 0, tzinfo=UTC) + timedelta(
                minutes=number % 1000)
            closed = created + timedelta(days=took_days) if took_days is not None else None
            row = Appeal(number=f"К-2024-{number}", citizen_id=citizen.id, channel="call",
                         status=status, problem_id=problems[problem], building_id=building.id,
                         flat="77", entrance=entrance, description=SECRET_TEXT,
                         executor_id=executor.id, deadline=created + timedelta(days=10),
                         created_at=created, updated_at=closed or created, closed_at=closed,
                         rework_count=reworks, callback_phone=SECRET_PHONE)
            session.add(row)
            session.flush()
            for index, outcome in enumerate(rounds, start=1):
                session.add(Round(appeal_id=row.id, round_no=index, outcome=outcome,
                                  by="feedback", at=created + timedelta(days=index)))

        lift = {"entrance": "2"}
        for _ in range(5):
            appeal(ba, ea, "3.1", "closed", took_days=5, rounds=("confirmed",), **lift)
        appeal(ba, ea, "3.1", "closed", took_days=5, rounds=("no_answer", "lead_close"), **lift)
        appeal(ba, ea, "3.1", "closed", took_days=15, reworks=1,
               rounds=("not_solved", "confirmed"), **lift)
        appeal(ba, eb, "3.1", "closed", took_days=15, rounds=("confirmed",), **lift)
        appeal(ba, ea, "3.1", "in_work", **lift)
        appeal(ba, ea, "3.1", "cancelled", took_days=1, **lift)
        for _ in range(4):
            appeal(bb, eb, "3.18", "closed", took_days=20, rounds=("confirmed",))
        appeal(bc, ec, "3.7", "closed", took_days=8, reworks=2,
               rounds=("not_solved", "not_solved", "confirmed"))
        appeal(bc, ec, "3.7", "closed", took_days=4, rounds=("confirmed",))
        appeal(bc, ec, "3.7", "awaiting_verification", reworks=2,
               rounds=("not_solved", "not_solved"))
        february = datetime(2024, 2, 10, 9, 0, tzinfo=UTC)
        for _ in range(5):
            appeal(bc, ec, "3.7", "closed", took_days=3, created=february)
        appeal(bc, ec, "3.18", "closed", took_days=3, created=february)
        session.commit()
        return Planted((da, db, dc), empty, {"EA": ea.id, "EB": eb.id, "EC": ec.id},
                       {"EA": ea.name, "EB": eb.name, "EC": ec.name})


def get(client: TestClient, auth: dict[str, Headers], path: str, who: str = "lead",
        **params: Any) -> Any:
    response = client.get(f"/api/v1{path}", headers=auth[who], params=params)
    assert response.status_code == 200, response.text
    return response.json()


def by(items: list[dict[str, Any]], key: str, value: Any) -> dict[str, Any]:
    found = [item for item in items if item[key] == value]
    assert len(found) == 1, (value, items)
    return found[0]


# --- the ratings ------------------------------------------------------------------------

def test_district_ratings_give_the_expected_percentages_and_ranks(
        client: TestClient, auth: dict[str, Headers], planted: Planted) -> None:
    body = get(client, auth, "/ratings/districts", **MARCH)
    assert body["period"]["start"] == "2024-03-01"
    assert body["period"]["end"] == "2024-03-31"
    assert body["period"]["days"] == 31
    a, b, c = (by(body["items"], "district", d) for d in planted.districts)
    assert {k: a[k] for k in ("received", "cancelled", "closed_on_time", "closed_late",
                              "open_overdue", "executed", "not_executed",
                              "awaiting_verification", "confirmed", "missed_term")} == {
        "received": 10, "cancelled": 1, "closed_on_time": 6, "closed_late": 2,
        "open_overdue": 1, "executed": 8, "not_executed": 1, "awaiting_verification": 0,
        "confirmed": 7, "missed_term": 3}
    assert (a["pct_on_time"], a["pct_executed"], a["pct_confirmed"]) == (66.67, 88.89, 77.78)
    assert (a["avg_execution_days"], a["avg_term_days"]) == (7.5, 10.0)
    assert (a["speed_index"], a["actual_execution_index"], a["level"]) == (80.0, 87.5, 32.27)
    # All late: nothing closed on time, so the level is nil however good the rest.
    assert (b["received"], b["closed_on_time"], b["closed_late"]) == (4, 0, 4)
    assert (b["pct_on_time"], b["pct_executed"], b["pct_confirmed"]) == (0.0, 100.0, 100.0)
    assert (b["speed_index"], b["actual_execution_index"], b["level"]) == (30.0, 100.0, 0.0)
    # Reworked twice: each return counts against % executed and % confirmed.
    assert (c["received"], c["executed"], c["not_executed"], c["awaiting_verification"],
            c["open_overdue"]) == (3, 2, 4, 1, 1)
    assert (c["pct_on_time"], c["pct_executed"], c["pct_confirmed"]) == (66.67, 33.33, 33.33)
    assert (c["speed_index"], c["actual_execution_index"], c["level"]) == (100.0, 50.0, 3.7)
    assert (a["rank"], c["rank"], b["rank"]) == (1, 2, 3)
    assert [item["district"] for item in body["items"][:3]] == list(
        (planted.districts[0], planted.districts[2], planted.districts[1]))
    empty = by(body["items"], "district", planted.empty_district)
    assert (empty["received"], empty["pct_on_time"], empty["level"], empty["rank"]) == (
        0, None, None, None)
    assert body["total"]["received"] == 17
    assert body["total"]["pct_on_time"] == round(100 * 8 / 16, 2)


def test_executor_ratings_and_an_executor_within_a_district(
        client: TestClient, auth: dict[str, Headers], planted: Planted) -> None:
    body = get(client, auth, "/ratings/executors", **MARCH)
    ea = by(body["items"], "executor_id", planted.executors["EA"])
    eb = by(body["items"], "executor_id", planted.executors["EB"])
    ec = by(body["items"], "executor_id", planted.executors["EC"])
    assert ea["name"] == planted.names["EA"]
    assert (ea["received"], ea["closed_on_time"], ea["closed_late"], ea["open_overdue"]) == (
        9, 6, 1, 1)
    assert (ea["pct_on_time"], ea["pct_executed"], ea["pct_confirmed"]) == (75.0, 87.5, 75.0)
    assert (ea["speed_index"], ea["actual_execution_index"], ea["level"]) == (
        93.33, 85.71, 39.37)
    assert (eb["received"], eb["closed_late"], eb["pct_on_time"], eb["level"]) == (5, 5, 0.0, 0.0)
    assert eb["speed_index"] == 31.58
    assert (ea["rank"], ec["rank"], eb["rank"]) == (1, 2, 3)

    within = get(client, auth, "/ratings/executors", district=planted.districts[0], **MARCH)
    assert within["district"] == planted.districts[0]
    assert {item["executor_id"]: item["received"] for item in within["items"]} == {
        planted.executors["EA"]: 9, planted.executors["EB"]: 1}

    detail = get(client, auth, f"/ratings/executors/{planted.executors['EB']}", **MARCH)
    assert detail["executor"]["name"] == planted.names["EB"]
    assert detail["rating"]["received"] == 5
    assert {row["district"]: row["received"] for row in detail["by_district"]} == {
        planted.districts[0]: 1, planted.districts[1]: 4}
    assert {row["problem_code"]: row["received"] for row in detail["by_problem"]} == {
        "3.1": 1, "3.18": 4}


def test_a_period_without_appeals_has_no_percentages(
        client: TestClient, auth: dict[str, Headers], planted: Planted) -> None:
    body = get(client, auth, "/ratings/districts", period="month", on="2023-01-15")
    assert (body["period"]["start"], body["period"]["end"]) == ("2023-01-01", "2023-01-31")
    assert {item["received"] for item in body["items"]} == {0}
    assert {item["level"] for item in body["items"]} == {None}
    assert {item["rank"] for item in body["items"]} == {None}
    assert body["total"]["received"] == 0
    assert body["total"]["pct_on_time"] is None
    assert get(client, auth, "/ratings/executors", period="week", on="2023-01-15")["items"] == []


def test_problems_rise_and_fall_against_the_previous_period(
        client: TestClient, auth: dict[str, Headers], planted: Planted) -> None:
    body = get(client, auth, "/ratings/problems", **MARCH)
    assert (body["previous"]["start"], body["previous"]["end"]) == ("2024-01-30", "2024-02-29")
    assert [(p["problem_code"], p["count"]) for p in body["top"]] == [
        ("3.1", 10), ("3.18", 4), ("3.7", 3)]
    assert body["top"][0]["by_district"] == {planted.districts[0]: 10}
    assert [(p["problem_code"], p["change"], p["change_pct"], p["new"])
            for p in body["rising"]] == [("3.1", 10, None, True), ("3.18", 3, 300.0, False)]
    assert [(p["problem_code"], p["change"], p["change_pct"]) for p in body["falling"]] == [
        ("3.7", -2, -40.0)]
    housing = get(client, auth, "/ratings/problems", sphere="3", limit=1, **MARCH)
    assert [p["problem_code"] for p in housing["top"]] == ["3.1"]


def test_buildings_and_lifts_with_the_most_appeals(
        client: TestClient, auth: dict[str, Headers], planted: Planted) -> None:
    body = get(client, auth, "/ratings/buildings", **MARCH)
    assert [(b["district"], b["count"]) for b in body["items"]] == [
        (planted.districts[0], 10), (planted.districts[1], 4), (planted.districts[2], 3)]
    assert body["items"][0]["executor_name"] == planted.names["EA"]
    lifts = get(client, auth, "/ratings/buildings", kind="lifts", **MARCH)
    assert [(b["district"], b["entrance"], b["count"]) for b in lifts["items"]] == [
        (planted.districts[0], "2", 10)]
    for item in body["items"] + lifts["items"]:
        assert "77" not in str(item.get("entrance"))
        assert "flat" not in item


def test_missed_terms_per_executor(client: TestClient, auth: dict[str, Headers],
                                   planted: Planted) -> None:
    body = get(client, auth, "/ratings/missed-terms", period="month", on="2024-03-20")
    assert [(r["executor_id"], r["due"], r["missed"], r["still_open"], r["pct_missed"])
            for r in body["items"]] == [
        (planted.executors["EB"], 5, 5, 0, 100.0), (planted.executors["EA"], 8, 2, 1, 25.0),
        (planted.executors["EC"], 3, 1, 1, 33.33)]
    assert len(body["appeals"]) == 8
    late = [a for a in body["appeals"] if a["status"] == "closed"]
    assert sorted(a["days_late"] for a in late) == [5, 5, 10, 10, 10, 10]


# --- bad input -------------------------------------------------------------------------

@pytest.mark.parametrize(("params", "field", "code"), [
    ({"start": "2024-03-31", "end": "2024-03-01"}, "end", "end_before_start"),
    ({"start": "2024-13-01"}, "start", "invalid_date"),
    ({"start": "2024-03-01", "end": "вчора"}, "end", "invalid_date"),
    ({"period": "month", "on": "2024-02-30"}, "on", "invalid_date"),
    ({"period": "fortnight"}, "period", "invalid_period"),
    ({"start": "2020-01-01", "end": "2024-03-01"}, "end", "period_too_long"),
])
def test_bad_periods_are_refused_with_the_field(client: TestClient, auth: dict[str, Headers],
                                                params: dict[str, str], field: str,
                                                code: str) -> None:
    for path in ("/ratings/districts", "/ratings/executors", "/ratings/problems",
                 "/ratings/export?report=districts"):
        response = client.get(f"/api/v1{path}", headers=auth["lead"], params=params)
        assert response.status_code == 422, (path, response.text)
        assert (response.json()["field"], response.json()["code"]) == (field, code)


@pytest.fixture
def short_maximum(client: TestClient) -> Iterator[None]:
    client.app.dependency_overrides[get_ratings_settings] = (  # type: ignore[attr-defined]
        lambda: RatingsSettings(ratings_max_days=31))
    yield
    client.app.dependency_overrides.clear()  # type: ignore[attr-defined]


@pytest.mark.usefixtures("short_maximum")
def test_the_maximum_period_is_configurable(client: TestClient,
                                            auth: dict[str, Headers]) -> None:
    assert client.get("/api/v1/ratings/districts", headers=auth["lead"],
                      params=MARCH).status_code == 200
    response = client.get("/api/v1/ratings/districts", headers=auth["lead"],
                          params={"start": "2024-03-01", "end": "2024-04-01"})
    assert response.status_code == 422
    assert response.json()["field"] == "end"
    assert "31" in response.json()["message"]


def test_unknown_district_and_executor_are_404(client: TestClient, auth: dict[str, Headers],
                                               planted: Planted) -> None:
    for path, params in (("/ratings/executors", {"district": "Атлантида"}),
                         ("/ratings/buildings", {"district": "Атлантида"}),
                         ("/ratings/executors/987654", {}),
                         ("/ratings/problems", {"sphere": "99"})):
        response = client.get(f"/api/v1{path}", headers=auth["lead"], params={**MARCH, **params})
        assert response.status_code == 404, (path, response.text)
        assert response.json()["code"].startswith("unknown_")


@pytest.mark.parametrize("who", ["operator", "feedback"])
def test_operators_and_feedback_may_not_read_ratings(client: TestClient,
                                                     auth: dict[str, Headers], who: str) -> None:
    for path in ("/ratings/districts", "/ratings/executors", "/ratings/executors/1",
                 "/ratings/problems", "/ratings/buildings", "/ratings/missed-terms",
                 "/ratings/export?report=districts", "/dashboard/data"):
        response = client.get(f"/api/v1{path}", headers=auth[who], params=MARCH)
        assert response.status_code == 403, (path, response.text)
    assert client.get("/api/v1/ratings/districts").status_code == 401
    assert get(client, auth, "/ratings/districts", "admin", **MARCH)["items"]


# --- the exports --------------------------------------------------------------------------

def _export(client: TestClient, auth: dict[str, Headers], report: str, fmt: str,
            **params: Any) -> bytes:
    response = client.get("/api/v1/ratings/export", headers=auth["lead"],
                          params={"report": report, "format": fmt, **params})
    assert response.status_code == 200, response.text
    assert "attachment" in response.headers["content-disposition"]
    assert f".{fmt}" in response.headers["content-disposition"]
    return response.content


def _csv_table(content: bytes, heading: str) -> list[dict[str, str]]:
    assert content.startswith("\ufeff".encode())
    lines = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    start = next(i for i, line in enumerate(lines) if line and line[0] == heading)
    header = lines[start]
    rows = []
    for line in lines[start + 1:]:
        if not line:
            break
        rows.append(dict(zip(header, line, strict=True)))
    return rows


def test_exports_hold_the_same_numbers(client: TestClient, auth: dict[str, Headers],
                                       planted: Planted) -> None:
    api = get(client, auth, "/ratings/districts", **MARCH)
    expected = {row["name"]: row for row in api["items"]}
    table = _csv_table(_export(client, auth, "districts", "csv", **MARCH), "Місце")
    assert len(table) == len(api["items"]) + 1  # and the total
    for row in table[:-1]:
        source = expected[row["Назва"]]
        assert row["Надійшло звернень"] == str(source["received"])
        assert row["% вчасно закритих"] == ("" if source["pct_on_time"] is None
                                            else str(source["pct_on_time"]))
        assert row["Рівень виконання звернень, %"] == (
            "" if source["level"] is None else str(source["level"]))
        assert row["Місце"] == ("" if source["rank"] is None else str(source["rank"]))
    assert table[-1]["Назва"] == "Усього"
    assert table[-1]["Надійшло звернень"] == "17"

    book = load_workbook(io.BytesIO(_export(client, auth, "districts", "xlsx", **MARCH)))
    sheet = book["Райони"]
    header = [cell.value for cell in sheet[2]]
    rows = [dict(zip(header, (c.value for c in line), strict=True))
            for line in sheet.iter_rows(min_row=3)]
    first = rows[0]
    assert first["Назва"] == planted.districts[0]
    assert (first["Місце"], first["Надійшло звернень"], first["% вчасно закритих"],
            first["% виконання"], first["% достовірності"],
            first["Рівень виконання звернень, %"]) == (1, 10, 66.67, 88.89, 77.78, 32.27)
    assert rows[-1]["Назва"] == "Усього"


def test_missed_terms_report_as_files(client: TestClient, auth: dict[str, Headers],
                                      planted: Planted) -> None:
    for period in ("week", "month"):
        get(client, auth, "/ratings/missed-terms", period=period, on="2024-03-15")
    book = load_workbook(io.BytesIO(_export(client, auth, "missed-terms", "xlsx",
                                            period="month", on="2024-03-15")))
    assert book.sheetnames == ["Порушення строків", "Звернення"]
    summary = [[c.value for c in row] for row in book["Порушення строків"].iter_rows(min_row=3)]
    assert [(r[0], r[2], r[3]) for r in summary] == [
        (planted.names["EB"], 5, 5), (planted.names["EA"], 8, 2), (planted.names["EC"], 3, 1)]
    listed = list(book["Звернення"].iter_rows(min_row=3, values_only=True))
    assert len(listed) == 8
    text = _export(client, auth, "missed-terms", "csv", period="month",
                   on="2024-03-15").decode("utf-8-sig")
    for secret in (SECRET_NAME, SECRET_PHONE, SECRET_TEXT, "кв. 77"):
        assert secret not in text
    week = _export(client, auth, "missed-terms", "csv", period="week", on="2024-03-15")
    # Deadlines fell on 15 March (a Friday): the week of the 11th to the 17th holds them.
    assert _csv_table(week, "Виконавець")[0]["Строк порушено"] == "5"


# --- the dashboard's figures --------------------------------------------------------------

def test_dashboard_figures_without_personal_data(client: TestClient, auth: dict[str, Headers],
                                                 planted: Planted) -> None:
    before = get(client, auth, "/dashboard/data")
    centre = before["contact_centre"]
    open_now = centre["in_work"]
    assert centre["overdue"] <= open_now
    building = client.get("/api/v1/buildings", headers=auth["operator"],
                          params={"q": "Хрещатик"}).json()[0]
    created = client.post("/api/v1/appeals", headers=auth["operator"], json={
        "phone": SECRET_PHONE, "full_name": SECRET_NAME, "problem_code": "3.3",
        "building_id": building["id"], "flat": "77", "entrance": "4",
        "description": SECRET_TEXT})
    assert created.status_code == 201, created.text
    after = get(client, auth, "/dashboard/data")
    assert after["contact_centre"]["in_work"] == open_now + 1
    assert after["contact_centre"]["appeals_today"] == centre["appeals_today"] + 1
    assert after["contact_centre"]["emergencies_today"] == centre["emergencies_today"] + 1
    lifts = after["housing"]["top_lifts_week"]
    assert any(lift["entrance"] == "4" and lift["district"] == building["district"]
               for lift in lifts)
    text = str(after)
    for secret in (SECRET_NAME, SECRET_PHONE, SECRET_TEXT, "кв. 77"):
        assert secret not in text
    assert {row["district"] for row in after["district_ranking"]} >= set(planted.districts)


def test_dashboard_read_only_keys(client: TestClient, auth: dict[str, Headers]) -> None:
    assert client.get("/api/v1/dashboard/data").status_code == 401
    assert client.post("/api/v1/dashboard/keys", headers=auth["lead"],
                       json={"name": "Зала"}).status_code == 403
    made = client.post("/api/v1/dashboard/keys", headers=auth["admin"], json={"name": "Зала"})
    assert made.status_code == 201, made.text
    key = made.json()["key"]
    assert client.post("/api/v1/dashboard/keys", headers=auth["admin"],
                       json={"name": "Зала"}).status_code == 409
    wall = {"X-Dashboard-Key": key}
    response = client.get("/api/v1/dashboard/data", headers=wall)
    assert response.status_code == 200
    assert response.json()["reader"] == "dashboard-key:Зала"
    # Read-only: the key opens nothing else.
    assert client.get("/api/v1/ratings/districts", headers=wall).status_code == 401
    assert client.get("/api/v1/appeals", headers={"X-API-Key": key}).status_code == 401
    listed = client.get("/api/v1/dashboard/keys", headers=auth["admin"]).json()
    assert [k["name"] for k in listed] == ["Зала"]
    assert "key" not in listed[0]
    disabled = client.post(f"/api/v1/dashboard/keys/{made.json()['id']}/disable",
                           headers=auth["admin"])
    assert disabled.status_code == 200
    assert disabled.json()["active"] is False
    assert client.get("/api/v1/dashboard/data", headers=wall).status_code == 401
    assert client.get("/api/v1/dashboard/data",
                      headers={"X-Dashboard-Key": "dash_wrong"}).status_code == 401


def test_the_dashboard_page_is_served_without_figures(client: TestClient) -> None:
    page = client.get("/dashboard")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "lang=\"uk\"" in page.text
    assert client.get("/dashboard/static/dashboard.js").status_code == 200
    assert client.get("/dashboard/static/dashboard.css").status_code == 200
    assert client.get("/dashboard/static/..%2Fservice.py").status_code == 404


# --- the running totals ------------------------------------------------------------------

def test_an_appeal_closed_now_counts_once_before_and_after_the_totals_take_it(
        client: TestClient, auth: dict[str, Headers], planted: Planted) -> None:
    from server_api.ratings import totals

    building = client.get("/api/v1/buildings", headers=auth["operator"],
                          params={"q": "Володимирська"}).json()[0]
    month = {"period": "month"}

    def row() -> dict[str, Any]:
        body = get(client, auth, "/ratings/districts", **month)
        return by(body["items"], "district", building["district"])

    before = row()
    created = client.post("/api/v1/appeals", headers=auth["operator"], json={
        "phone": "+380671110099", "problem_code": "3.4", "building_id": building["id"],
        "description": "Немає світла в під'їзді"})
    assert created.status_code == 201, created.text
    appeal_id = created.json()["id"]
    for to in ("in_work", "awaiting_verification"):
        moved = client.post(f"/api/v1/appeals/{appeal_id}/transition", headers=auth["lead"],
                            json={"to": to, "comment": "Виконано"})
        assert moved.status_code == 200, moved.text
    verified = client.post(f"/api/v1/appeals/{appeal_id}/verifications",
                           headers=auth["feedback"], json={"outcome": "confirmed"})
    assert verified.status_code in (200, 201), verified.text
    live = row()  # finalised after the watermark: counted live
    assert (live["received"], live["closed_on_time"], live["confirmed"]) == (
        before["received"] + 1, before["closed_on_time"] + 1, before["confirmed"] + 1)

    # The watermark passes the closing: the totals hold it now, the live part no more.
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as session:
        totals.refresh(session, datetime.now(UTC) + totals.FINALITY_LAG + timedelta(minutes=2))
        state = session.execute(select(totals.STATE.c.watermark)).scalar_one()
    assert state > datetime.now(UTC)
    after = row()
    assert {k: after[k] for k in live if k != "rank"} == {k: live[k] for k in live
                                                          if k != "rank"}
    with factory() as session:
        totals.rebuild(session, datetime.now(UTC))
    assert row()["received"] == live["received"]


def test_two_refreshes_that_read_the_same_state_sum_once(
        client: TestClient, auth: dict[str, Headers], planted: Planted) -> None:
    """Two requests both read "no totals yet" (or the same watermark); the one that
    moves the watermark second finds it moved and neither fails nor sums twice."""
    from sqlalchemy import delete

    from server_api.ratings import totals

    month = {"period": "month"}
    before = get(client, auth, "/ratings/districts", **month)["total"]
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as session:
        engine, zone = session.get_bind().engine, totals._zone(session)
        session.execute(delete(totals.STATE))
        session.execute(delete(totals.T))
        session.commit()
    target = datetime.now(UTC) - totals.FINALITY_LAG
    with factory() as first, factory() as second:
        seen_first, seen_second = totals.read_state(first), totals.read_state(second)
    assert (seen_first, seen_second) == (None, None)
    assert totals.move_watermark(engine, seen_first, zone, target)
    assert not totals.move_watermark(engine, seen_second, zone, target)
    with factory() as session:
        stale = totals.read_state(session)
    later = target + timedelta(minutes=2)
    assert totals.move_watermark(engine, stale, zone, later)
    assert not totals.move_watermark(engine, stale, zone, later + timedelta(minutes=1))
    with factory() as session:
        assert totals.read_state(session).watermark == later
    assert get(client, auth, "/ratings/districts", **month)["total"] == before
