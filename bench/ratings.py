"""Ratings and the city dashboard on a city's worth of appeals.

    DATABASE_URL=postgresql://user@host:port/db python bench/ratings.py [--appeals 1000000]

The database is seeded by bench/seed.py (skipped when big enough); the appeals'
verification rounds are added here in two INSERT ... SELECT statements (the
seeder makes none): one "not solved" round per rework, then a "confirmed" round
for nine closed appeals in ten and a lead's close for the tenth. The real app is
served as in production (bench/api.py's `served`) and a shift lead asks, one
request at a time, for the ratings of all districts and of all executors for
the last full month and for the last 365 days, and for the dashboard's data.

The ratings read running totals of the finalised appeals plus a live count of
the rest (server_api/ratings/totals.py); the totals are rebuilt once here, since
the seeder wrote the appeals behind the API's back, and that rebuild is timed.

Baselines, in the same run, through bare psycopg (no HTTP, no ORM): the same
aggregate computed straight from the appeals (`*_scan_sql`, what the ratings
cost without kept totals), and the very statements the API sends, captured from
the service functions and replayed (`*_sql`). The last line printed is one JSON
object with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import seed as seeding  # bench/seed.py: this directory is on sys.path when run as a script
from api import Client, percentiles, served, timed  # bench/api.py
from sqlalchemy import Engine, event, select, text

from server_api.app import prepare_database
from server_api.auth.service import create_user
from server_api.db import make_session_factory, session_scope, utcnow
from server_api.models import Appeal, Building, User
from server_api.ratings import dashboard, service, totals
from server_api.ratings.periods import Period
from server_api.settings import Settings, normalize_database_url

LEAD = "bench-ratings-lead"
PASSWORD = "bench-1551-ratings"
TARGETS_MS = {"dashboard": 200.0, "ratings_year": 1000.0}
REWORK_ROUNDS = """
INSERT INTO verification_rounds (appeal_id, round_no, outcome, by, at)
SELECT id, {n}, 'not_solved', 'bench', created_at FROM appeals
WHERE rework_count >= {n} AND status <> 'cancelled'
"""
CLOSING_ROUNDS = """
INSERT INTO verification_rounds (appeal_id, round_no, outcome, by, at)
SELECT id, rework_count + 1, CASE WHEN id % 10 = 0 THEN 'lead_close' ELSE 'confirmed' END,
       'bench', closed_at FROM appeals WHERE status = 'closed'
"""


def prepare(url: str) -> dict[str, Any]:
    """Verification rounds for the seeded appeals (once), the lead's account, the
    ratings' running totals rebuilt (and timed)."""
    engine = prepare_database(url)
    try:
        with engine.begin() as conn:
            rounds = conn.execute(text("SELECT count(*) FROM verification_rounds")).scalar_one()
            if rounds < 1000:
                for n in (1, 2):
                    conn.execute(text(REWORK_ROUNDS.format(n=n)))
                conn.execute(text(CLOSING_ROUNDS))
            if engine.dialect.name == "postgresql":
                conn.execute(text("ANALYZE verification_rounds"))
        with session_scope(make_session_factory(engine)) as session:
            if session.scalar(select(User).where(User.username == LEAD)) is None:
                create_user(session, LEAD, PASSWORD, "shift_lead", "Бенчмарк рейтингів")
        started = time.perf_counter()
        with session_scope(make_session_factory(engine)) as session:
            totals.rebuild(session, utcnow())  # the seeder wrote behind the API's back
        rebuild_s = round(time.perf_counter() - started, 2)
        with engine.connect() as conn:
            appeals = conn.execute(text("SELECT count(*) FROM appeals")).scalar_one()
            return {"totals_rebuild_s": rebuild_s, "appeals": int(appeals),
                    "verification_rounds": int(conn.execute(text(
                        "SELECT count(*) FROM verification_rounds")).scalar_one())}
    finally:
        engine.dispose()


def periods(zone: ZoneInfo) -> dict[str, dict[str, str]]:
    today = utcnow().astimezone(zone).date()
    last_month_end = today.replace(day=1) - timedelta(days=1)
    return {"month": {"start": last_month_end.replace(day=1).isoformat(),
                      "end": last_month_end.isoformat()},
            "year": {"start": (today - timedelta(days=364)).isoformat(),
                     "end": today.isoformat()}}


# --- the baseline: the service's own statements, replayed bare ---------------------------

@contextmanager
def captured(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    statements: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any,
             _many: bool) -> None:
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", keep)


def statements_of(url: str, work: Callable[[Any], object]) -> list[tuple[str, Any]]:
    engine = prepare_database(url, seed=False)
    try:
        with session_scope(make_session_factory(engine)) as session:
            service.names(session)  # the reference the API process keeps, as it keeps it
            totals.refresh(session, utcnow())  # the watermark's move is not the aggregate
            with captured(engine) as statements:
                work(session)
        return list(statements)
    finally:
        engine.dispose()


def replay(conn: psycopg.Connection[Any], statements: list[tuple[str, Any]]) -> None:
    with conn.cursor() as cur:
        for statement, parameters in statements:
            cur.execute(statement, parameters)
            if cur.description is not None:
                cur.fetchall()
    conn.rollback()  # a replayed refresh must not add to the totals twice


# --- the run ------------------------------------------------------------------------------

def bench(url: str, repeats: int) -> dict[str, Any]:
    zone = ZoneInfo(Settings().calling_timezone)
    asked = periods(zone)
    figures: dict[str, Any] = {}
    with served(url) as base:
        login = Client(base)
        status, body = login.request("POST", "/api/v1/auth/login",
                                     body={"username": LEAD, "password": PASSWORD})
        assert status == 200, body
        login.close()
        client = Client(base, {"Authorization": f"Bearer {json.loads(body)['token']}"})

        def call(path: str, params: dict[str, str] | None = None) -> Callable[[], object]:
            def run() -> object:
                code, answer = client.request("GET", path, params)
                if code != 200:
                    raise SystemExit(f"{path}: {code} {answer[:300]!r}")
                return answer
            return run

        for name, params in asked.items():
            for what in ("districts", "executors"):
                request = call(f"/api/v1/ratings/{what}", params)
                timed([request] * 2)  # warm: plans cached, pages read
                figures[f"ratings_{name}_{what}"] = percentiles(timed([request] * repeats))
        dash = call("/api/v1/dashboard/data")
        timed([dash] * 2)
        figures["dashboard"] = percentiles(timed([dash] * repeats))
        client.close()

    now = utcnow()

    chosen = {name: Period("custom", date.fromisoformat(dates["start"]),
                           date.fromisoformat(dates["end"]), zone)
              for name, dates in asked.items()}
    work: dict[str, Callable[[Any], object]] = {
        "dashboard": lambda s: dashboard.dashboard_data(s, now, zone, 15)}
    for name, period in chosen.items():
        work[f"ratings_{name}_districts"] = (
            lambda s, p=period: service.district_ratings(s, p, now))
        work[f"ratings_{name}_executors"] = (
            lambda s, p=period: service.executor_ratings(s, p, now))
        # The same figures straight from the appeals, as if nothing were kept.
        work[f"ratings_{name}_districts_scan"] = (
            lambda s, p=period: service.grouped_counts(s, p, now, [Building.district],
                                                       by_building=True))
        work[f"ratings_{name}_executors_scan"] = (
            lambda s, p=period: service.grouped_counts(s, p, now, [Appeal.executor_id]))
    libpq = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(libpq) as conn:
        for name, job in work.items():
            statements = statements_of(url, job)
            replay(conn, statements)  # warm
            figures[f"{name}_sql"] = percentiles(timed(
                [lambda st=statements: replay(conn, st)] * repeats))
            figures[f"{name}_sql"]["statements"] = len(statements)
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Ratings and dashboard benchmark")
    parser.add_argument("--appeals", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args(argv)
    raw = os.environ.get("DATABASE_URL")
    if not raw or not raw.startswith(("postgresql", "postgres:")):
        print("DATABASE_URL=postgresql://... is required", file=sys.stderr)
        return 2
    url = normalize_database_url(raw)
    started = time.perf_counter()
    seeded = seeding.seed(url, args.appeals, max(1_000, args.appeals * 3 // 10))
    print(json.dumps({"seed": seeded}), flush=True)
    sizes = prepare(url)
    print(json.dumps({"prepared": sizes}), flush=True)
    figures = bench(url, args.repeats)
    for name, values in figures.items():
        print(f"{name:34} {json.dumps(values)}")

    def p95(name: str) -> float:
        return float(figures[name]["p95"])

    result = {
        "appeals": sizes["appeals"], "verification_rounds": sizes["verification_rounds"],
        "repeats": args.repeats,
        "ratings_month_p95_ms": max(p95("ratings_month_districts"),
                                    p95("ratings_month_executors")),
        "ratings_year_p95_ms": max(p95("ratings_year_districts"),
                                   p95("ratings_year_executors")),
        "dashboard_p95_ms": p95("dashboard"),
        # Baseline: the same aggregate in bare SQL over the appeals themselves.
        "ratings_month_sql_p95_ms": max(p95("ratings_month_districts_scan_sql"),
                                        p95("ratings_month_executors_scan_sql")),
        "ratings_year_sql_p95_ms": max(p95("ratings_year_districts_scan_sql"),
                                       p95("ratings_year_executors_scan_sql")),
        # The API's own statements (running totals + the live rest), bare.
        "ratings_year_api_statements_sql_p95_ms": max(p95("ratings_year_districts_sql"),
                                                      p95("ratings_year_executors_sql")),
        "totals_rebuild_s": sizes["totals_rebuild_s"],
        "dashboard_sql_p95_ms": p95("dashboard_sql"),
        "targets_ms": TARGETS_MS,
        "run_s": round(time.perf_counter() - started, 1),
    }
    result["targets_met"] = (result["dashboard_p95_ms"] <= TARGETS_MS["dashboard"]
                             and result["ratings_year_p95_ms"] <= TARGETS_MS["ratings_year"])
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
