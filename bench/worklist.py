"""The feedback worklist under a shift's load: 30 staff claiming, calling back, claiming.

    DATABASE_URL=postgresql://user@host:port/db python bench/worklist.py [--seconds 60]

The database is seeded by bench/seed.py (1,000,000 appeals; skipped when big
enough) and topped up so that 50,000 appeals await verification. The real app
is served as in production (bench/api.py's `served`), calling hours open all
day so the run does not depend on the clock. Each of `--staff` threads, its own
feedback account on a keep-alive connection, claims the next item, records an
outcome (confirmed with a grade, not solved, or no answer) and claims again,
for `--seconds`; two more read worklist pages meanwhile, each with its counts
per filter as the desktop asks for them. In the same run the same page query
and the counts' query run in bare psycopg, the baseline: before the load on a
quiet machine, and during it at the readers' pace.

Double claims: every claim is logged with the moment it was granted and the
moment its outcome was answered; two staff whose windows overlap on one appeal
is a double claim. The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import sys
import threading
import time
from collections.abc import Sequence
from typing import Any

import psycopg
import seed as seeding  # bench/seed.py: this directory is on sys.path when run as a script
from api import Client, percentiles, served  # bench/api.py
from sqlalchemy import select, text

from server_api.app import prepare_database
from server_api.auth.service import create_user
from server_api.db import make_session_factory, session_scope
from server_api.models import User
from server_api.settings import ROUND_THE_CLOCK, normalize_database_url
from server_api.worklist.queue import backfill
from server_api.worklist.service import TOTAL_CAP

PASSWORD = "bench-1551-feedback"
AWAITING = 50_000
OFFERED_NOW = ("escalated IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= now())"
               " AND (scheduled_at IS NULL OR scheduled_at <= now())")
# The two kinds of item on the list, each with its index (server_api/models.py).
FRESH = "escalated IS NULL AND next_attempt_at IS NULL AND scheduled_at IS NULL"
DUE_AGAIN = ("escalated IS NULL AND (next_attempt_at IS NOT NULL OR scheduled_at IS NOT NULL)"
             f" AND coalesce(next_attempt_at, scheduled_at) <= now() AND {OFFERED_NOW}")
URGENCY = "ORDER BY due_at, attempts, appeal_id"
# The items offered now, in urgency order, as the API reads them: the fresh ones and
# those coming back (a retry, a promised callback), each side from its own index.
OFFERED_KEYS = f"""
SELECT appeal_id, due_at, attempts FROM (
  (SELECT appeal_id, due_at, attempts FROM verification_queue WHERE {FRESH}
   {URGENCY} LIMIT {TOTAL_CAP + 1})
  UNION ALL
  (SELECT appeal_id, due_at, attempts FROM verification_queue WHERE {DUE_AGAIN}
   {URGENCY} LIMIT {TOTAL_CAP + 1})) sides
{URGENCY} LIMIT {TOTAL_CAP + 1}
"""
PAGE_SQL = f"""
SELECT q.appeal_id, a.number, a.callback_phone, a.flat, a.rework_count, c.full_name,
       p.code, p.name, s.code, s.name, b.id, b.street, b.house, b.district, e.name,
       lu.username, lu.full_name, q.due_at, q.attempts, q.lease_until
FROM (SELECT appeal_id, due_at, attempts FROM ({OFFERED_KEYS}) offered
      ORDER BY due_at, attempts, appeal_id LIMIT 50 OFFSET %s) page
JOIN verification_queue q ON q.appeal_id = page.appeal_id
JOIN appeals a ON a.id = q.appeal_id JOIN citizens c ON c.id = a.citizen_id
JOIN problems p ON p.id = a.problem_id JOIN spheres s ON s.id = p.sphere_id
JOIN buildings b ON b.id = a.building_id LEFT JOIN executors e ON e.id = q.executor_id
LEFT JOIN users lu ON lu.id = q.lease_user_id
ORDER BY q.due_at, q.attempts, q.appeal_id
"""
COUNT_SQL = f"SELECT count(*) FROM ({OFFERED_KEYS}) counted"
_LIVE_LEASE = "lease_user_id IS NOT NULL AND lease_until >= now()"
_SET_APART = "escalated IS NOT NULL OR next_attempt_at IS NOT NULL OR scheduled_at IS NOT NULL"
_GROUPS = "district, sphere_id, executor_id"
# The counts per district, sphere and executor and the totals, as the API reads them:
# the fresh items grouped from their index, those of them leased moved to taken, the
# rest (coming back, escalated) with every condition.
COUNTS_SQL = f"""
SELECT g.*, s.code, s.name, e.name FROM (
  SELECT {_GROUPS}, sum(offered) AS offered, sum(available) AS available,
         sum(taken) AS taken, sum(waiting) AS waiting, sum(scheduled) AS scheduled,
         sum(escalated) AS escalated, sum(everything) AS everything FROM (
    (SELECT {_GROUPS}, count(*) AS offered, count(*) AS available, 0 AS taken, 0 AS waiting,
            0 AS scheduled, 0 AS escalated, count(*) AS everything
     FROM verification_queue WHERE {FRESH} GROUP BY {_GROUPS})
    UNION ALL
    (SELECT {_GROUPS}, 0, -count(*), count(*), 0, 0, 0, 0
     FROM verification_queue WHERE {FRESH} AND {_LIVE_LEASE} GROUP BY {_GROUPS})
    UNION ALL
    (SELECT {_GROUPS}, count(*) FILTER (WHERE {OFFERED_NOW}),
            count(*) FILTER (WHERE {OFFERED_NOW} AND NOT ({_LIVE_LEASE})),
            count(*) FILTER (WHERE {OFFERED_NOW} AND {_LIVE_LEASE}),
            count(*) FILTER (WHERE escalated IS NULL AND next_attempt_at > now()),
            count(*) FILTER (WHERE escalated IS NULL AND scheduled_at > now()),
            count(*) FILTER (WHERE escalated IS NOT NULL), count(*)
     FROM verification_queue WHERE {_SET_APART} GROUP BY {_GROUPS})) parts
  GROUP BY {_GROUPS}) g
LEFT JOIN spheres s ON s.id = g.sphere_id LEFT JOIN executors e ON e.id = g.executor_id
"""


def prepare(url: str, staff: int) -> int:
    """Enough appeals awaiting verification, their queue fresh; the staff's accounts."""
    engine = prepare_database(url)
    try:
        with engine.begin() as conn:
            waiting = conn.execute(text(
                "SELECT count(*) FROM appeals WHERE status = 'awaiting_verification'")).scalar_one()
            if waiting < AWAITING:
                conn.execute(text(
                    "UPDATE appeals SET status = 'awaiting_verification', closed_at = NULL"
                    " WHERE id IN ("
                    # the bench's own runs use up open appeals: closed ones are reopened
                    " SELECT id FROM appeals WHERE status <> 'awaiting_verification'"
                    " ORDER BY id DESC"
                    " LIMIT :n)"), {"n": AWAITING - waiting})
            # A previous run's leases, attempts and escalations would shape this one.
            conn.execute(text("DELETE FROM verification_queue"))
        with session_scope(make_session_factory(engine)) as session:
            backfill(session, term_days=3)
            for n in range(staff + 2):
                name = f"bench-fb-{n}"
                if session.scalar(select(User).where(User.username == name)) is None:
                    create_user(session, name, PASSWORD, "feedback", f"Перевірка {n}")
        # A live queue changes a row at a time and never looks like the refill above
        # left it: 50,000 dead entries in its indexes, and run after run bloated them
        # (the index by district 1,395 pages for 43,000 entries). So its indexes are
        # rebuilt, and VACUUM, not only ANALYZE, sets its pages visible.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("REINDEX TABLE verification_queue")
            conn.exec_driver_sql("VACUUM (ANALYZE) verification_queue")
            return int(conn.execute(text("SELECT count(*) FROM verification_queue")).scalar_one())
    finally:
        engine.dispose()


def signed_in(base: str, name: str) -> Client:
    client = Client(base)
    status, body = client.request("POST", "/api/v1/auth/login",
                                  body={"username": name, "password": PASSWORD})
    if status != 200:
        raise SystemExit(f"sign-in of {name} failed: {status} {body[:200]!r}")
    client._headers["Authorization"] = f"Bearer {json.loads(body)['token']}"
    return client


def run(base: str, conninfo: str, staff: int, seconds: float,
        call_seconds: float = 0.0) -> dict[str, Any]:
    claims: list[tuple[str, int, float, float]] = []  # who, appeal, granted, released
    claim_ms: list[float] = []
    outcome_ms: list[float] = []
    page_ms: list[float] = []
    counts_ms: list[float] = []
    sql_ms: list[float] = []  # the same page in bare SQL, under the same load
    sql_counts_ms: list[float] = []
    failures: list[str] = []
    clients = [signed_in(base, f"bench-fb-{n}") for n in range(staff + 2)]
    start = threading.Barrier(staff + 4)
    deadline = [0.0]

    def caller(n: int) -> None:
        client, rng = clients[n], random.Random(n)
        start.wait()
        while time.perf_counter() < deadline[0]:
            began = time.perf_counter()
            status, body = client.request("POST", "/api/v1/worklist/next", body={})
            granted = time.perf_counter()
            claim_ms.append((granted - began) * 1000)
            if status != 200:
                failures.append(f"next {status} {body[:160]!r}")
                continue
            appeal_id = int(json.loads(body)["appeal_id"])
            if call_seconds:
                # The callback itself: staff talk before they record what they heard.
                time.sleep(rng.uniform(0.5, 1.5) * call_seconds)
            roll = rng.random()
            outcome: dict[str, Any] = (
                {"outcome": "confirmed", "grade": rng.randint(3, 5), "comment": "Підтвердив"}
                if roll < 0.5 else {"outcome": "not_solved", "comment": "Не вирішено"}
                if roll < 0.65 else {"outcome": "no_answer", "comment": "Не відповідає"})
            sent = time.perf_counter()
            status, body = client.request("POST", f"/api/v1/worklist/{appeal_id}/outcome",
                                          body=outcome)
            released = time.perf_counter()
            outcome_ms.append((released - sent) * 1000)  # the request alone, not the call
            if status != 200:
                failures.append(f"outcome {status} {body[:160]!r}")
            claims.append((f"bench-fb-{n}", appeal_id, granted, released))

    def reader(n: int) -> None:
        client, rng = clients[n], random.Random(n)
        start.wait()
        while time.perf_counter() < deadline[0]:
            began = time.perf_counter()
            status, body = client.request("GET", "/api/v1/worklist",
                                          params={"page": rng.randint(1, 20), "page_size": 50})
            page_ms.append((time.perf_counter() - began) * 1000)
            if status != 200:
                failures.append(f"page {status} {body[:160]!r}")
            began = time.perf_counter()
            status, body = client.request("GET", "/api/v1/worklist/counts")
            counts_ms.append((time.perf_counter() - began) * 1000)
            if status != 200:
                failures.append(f"counts {status} {body[:160]!r}")
            if call_seconds:
                # With paced callbacks the list is looked at between calls too.
                time.sleep(rng.uniform(0.5, 1.5) * call_seconds)

    def sql_reader() -> None:
        rng = random.Random(7)
        next_counts = 0.0
        with bare_sql_connection(conninfo) as conn:
            start.wait()
            while time.perf_counter() < deadline[0]:
                sql_ms.append(bare_sql_page(conn, rng))
                if time.perf_counter() >= next_counts:  # the heavier read, seldom
                    sql_counts_ms.append(bare_sql_counts(conn))
                    next_counts = time.perf_counter() + max(call_seconds, 0.5)
                # Paced as the HTTP readers, so it measures the load, not itself.
                time.sleep(rng.uniform(0.5, 1.5) * (call_seconds or 0.01))

    threads = [threading.Thread(target=caller, args=(n,)) for n in range(staff)]
    threads += [threading.Thread(target=reader, args=(n,)) for n in (staff, staff + 1)]
    threads.append(threading.Thread(target=sql_reader))
    for thread in threads:
        thread.start()
    deadline[0] = time.perf_counter() + seconds
    start.wait()
    for thread in threads:
        thread.join()
    for client in clients:
        client.close()
    return {"claims": claims, "claim_ms": claim_ms, "outcome_ms": outcome_ms,
            "page_ms": page_ms, "counts_ms": counts_ms, "sql_ms": sql_ms,
            "sql_counts_ms": sql_counts_ms, "failures": failures}


def double_claims(claims: list[tuple[str, int, float, float]]) -> int:
    """Pairs of staff holding one appeal at overlapping moments."""
    by_appeal: dict[int, list[tuple[float, float, str]]] = {}
    for who, appeal_id, granted, released in claims:
        by_appeal.setdefault(appeal_id, []).append((granted, released, who))
    doubled = 0
    for windows in by_appeal.values():
        windows.sort()
        for (_, end, who), (begin, _, other) in itertools.pairwise(windows):
            if begin < end and who != other:
                doubled += 1
    return doubled


def quiet_reads(base: str, count: int) -> tuple[list[float], list[float]]:
    """Pages and their counts over HTTP, nothing else running."""
    rng = random.Random(5)
    client = signed_in(base, "bench-fb-0")
    pages, counts = [], []
    for _ in range(count):
        began = time.perf_counter()
        client.request("GET", "/api/v1/worklist", params={"page": rng.randint(1, 20)})
        pages.append((time.perf_counter() - began) * 1000)
    for _ in range(count // 3):  # apart: read in turns, each finds the other's caches gone
        began = time.perf_counter()
        client.request("GET", "/api/v1/worklist/counts")
        counts.append((time.perf_counter() - began) * 1000)
    client.close()
    return pages, counts


def bare_sql_connection(conninfo: str) -> psycopg.Connection[Any]:
    conn = psycopg.connect(conninfo, autocommit=True)
    # As the API runs it: prepared, planned once (server_api/worklist/service.py).
    conn.execute("SET plan_cache_mode = force_generic_plan")
    return conn


def bare_sql_page(conn: psycopg.Connection[Any], rng: random.Random) -> float:
    began = time.perf_counter()
    conn.execute(COUNT_SQL, prepare=True).fetchone()
    conn.execute(PAGE_SQL, (50 * (rng.randint(1, 20) - 1),), prepare=True).fetchall()
    return (time.perf_counter() - began) * 1000


def bare_sql_counts(conn: psycopg.Connection[Any]) -> float:
    began = time.perf_counter()
    conn.execute(COUNTS_SQL, prepare=True).fetchall()
    return (time.perf_counter() - began) * 1000


def bare_sql_reads(conninfo: str, count: int) -> tuple[list[float], list[float]]:
    rng = random.Random(3)
    with bare_sql_connection(conninfo) as conn:
        pages = [bare_sql_page(conn, rng) for _ in range(count)]
        return pages, [bare_sql_counts(conn) for _ in range(count // 3)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--appeals", type=int, default=1_000_000)
    parser.add_argument("--staff", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--call-seconds", type=float, default=0.0,
                        help="mean length of each callback between claim and outcome, "
                             "and of the pause between two page reads (0: no pauses, "
                             "the saturating load)")
    args = parser.parse_args(argv)
    raw_url = os.environ.get("DATABASE_URL")
    if not raw_url or not raw_url.startswith(("postgresql", "postgres")):
        print("DATABASE_URL must name a PostgreSQL database; see bench/README.md.",
              file=sys.stderr)
        return 2
    url = normalize_database_url(raw_url)
    conninfo = url.replace("postgresql+psycopg://", "postgresql://", 1)
    seeded = seeding.seed(url, appeals=args.appeals,
                          citizens=max(1_000, args.appeals * 3 // 10), articles=2_000)
    awaiting = prepare(url, args.staff)
    # The run must not depend on the hour it is started at.
    os.environ.update({f"KC1551_API_{key.upper()}": value
                       for key, value in ROUND_THE_CLOCK.items()})
    sql_ms, sql_counts_ms = bare_sql_reads(conninfo, 300)  # the queries alone, quiet
    with served(url, args.workers) as base:
        quiet_ms, quiet_counts_ms = quiet_reads(base, 300)  # over HTTP, nothing else running
        result = run(base, conninfo, args.staff, args.seconds, args.call_seconds)
    claims = result["claims"]
    doubled = double_claims(claims)
    if result["failures"]:
        print(f"{len(result['failures'])} requests failed, first: {result['failures'][0]}",
              file=sys.stderr)
    claim, page, outcome, sql = (percentiles(result["claim_ms"]), percentiles(result["page_ms"]),
                                 percentiles(result["outcome_ms"]), percentiles(sql_ms))
    quiet, loaded_sql = percentiles(quiet_ms), percentiles(result["sql_ms"])
    counts, quiet_counts = percentiles(result["counts_ms"]), percentiles(quiet_counts_ms)
    counts_sql, loaded_counts_sql = (percentiles(sql_counts_ms),
                                     percentiles(result["sql_counts_ms"]))
    rows = [
        ("appeals / awaiting verification", f"{seeded['appeals']:,} / {awaiting:,}", ""),
        (f"claims in {args.seconds:g} s ({args.staff} staff)",
         f"{len(claims):,} ({len(claims) / args.seconds:.0f} /s)", ""),
        ("double claims", str(doubled), "0"),
        ("claim next p50 / p95", f"{claim['p50']} / {claim['p95']} ms", "p95 ≤ 20 ms"),
        ("outcome p50 / p95", f"{outcome['p50']} / {outcome['p95']} ms", ""),
        ("worklist page p50 / p95", f"{page['p50']} / {page['p95']} ms", "p95 ≤ 20 ms"),
        ("page over HTTP, machine quiet p50 / p95", f"{quiet['p50']} / {quiet['p95']} ms", ""),
        ("same page in bare SQL p50 / p95", f"{sql['p50']} / {sql['p95']} ms", "baseline"),
        ("bare SQL under the same load p50 / p95",
         f"{loaded_sql['p50']} / {loaded_sql['p95']} ms", "baseline"),
        ("counts under load p50 / p95", f"{counts['p50']} / {counts['p95']} ms", ""),
        ("counts, machine quiet p50 / p95", f"{quiet_counts['p50']} / {quiet_counts['p95']} ms",
         ""),
        ("counts in bare SQL quiet / loaded p95",
         f"{counts_sql['p95']} / {loaded_counts_sql['p95']} ms", "baseline"),
        ("failed requests", str(len(result["failures"])), "0"),
    ]
    for name, value, target in rows:
        print(f"{name:<36} {value:<28} {target}")
    print(json.dumps({
        "appeals": seeded["appeals"], "awaiting": awaiting, "staff": args.staff,
        "seconds": args.seconds, "call_seconds": args.call_seconds, "claims": len(claims),
        "double_claims": doubled,
        "claim_p50_ms": claim["p50"], "claim_p95_ms": claim["p95"],
        "outcome_p95_ms": outcome["p95"], "worklist_p50_ms": page["p50"],
        "worklist_p95_ms": page["p95"], "worklist_quiet_p95_ms": quiet["p95"],
        "worklist_sql_p50_ms": sql["p50"],
        "worklist_sql_p95_ms": sql["p95"], "worklist_sql_loaded_p50_ms": loaded_sql["p50"],
        "worklist_sql_loaded_p95_ms": loaded_sql["p95"],
        "counts_p50_ms": counts["p50"], "counts_p95_ms": counts["p95"],
        "counts_quiet_p95_ms": quiet_counts["p95"], "counts_sql_p95_ms": counts_sql["p95"],
        "counts_sql_loaded_p95_ms": loaded_counts_sql["p95"],
        "failed_requests": len(result["failures"]),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
