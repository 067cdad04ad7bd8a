"""The worklist's claim and page as items pile up waiting for their retry.

    DATABASE_URL=postgresql://user@host:port/db python bench/worklist_waiting.py

Needs the queue bench/worklist.py prepares (50,000 items). For each case, a copy
of the queue in a scratch table: all fresh, then the N most urgent waiting for
their retry (no answer, back in 2 h), or N scattered ones due again now (their
retry time passed, not yet claimed). On that copy, the claim's pick of the most
urgent claimable item and the page's first 1,001 keys, each the median of 35
runs: with the queue's indexes as they are (fresh items by urgency, those coming
back by when they come back: server_api/worklist/service.py) and, as the
baseline, with the one urgency index over both that the queue had before
(migration 0011). The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from typing import Any

import psycopg
from worklist import DUE_AGAIN, FRESH, OFFERED_KEYS, OFFERED_NOW, URGENCY  # as the API reads

from server_api.settings import normalize_database_url

CASES = [("waiting", n) for n in (0, 1_000, 3_000, 10_000, 30_000)] + \
    [("due_again", n) for n in (100, 1_000, 10_000)]
CLAIMABLE = "(lease_user_id IS NULL OR lease_until < now() OR lease_user_id = 5)"
ONE_INDEX = {
    "pick": f"SELECT appeal_id FROM wq WHERE {OFFERED_NOW} AND {CLAIMABLE} {URGENCY}"
            " LIMIT 1 FOR UPDATE SKIP LOCKED",
    "keys": f"SELECT count(*) FROM (SELECT appeal_id FROM wq WHERE {OFFERED_NOW} {URGENCY}"
            " LIMIT 1001) k",
}


def _side(where: str) -> str:
    return (f"SELECT * FROM (SELECT due_at, attempts, appeal_id FROM wq WHERE {where}"
            f" AND {CLAIMABLE} {URGENCY} LIMIT 1 FOR UPDATE SKIP LOCKED) side")


TWO_INDEXES = {
    "pick": f"SELECT appeal_id FROM ({_side(FRESH)} UNION ALL {_side(DUE_AGAIN)}) sides"
            f" {URGENCY} LIMIT 1",
    "keys": "SELECT count(*) FROM (" + OFFERED_KEYS.replace("verification_queue", "wq") + ") k",
}
# The index the queue had before migration 0011; ours are read from the queue itself.
ONE_INDEX_DDL = ("CREATE INDEX wq_urgency ON wq (due_at, attempts, appeal_id)"
                 " INCLUDE (next_attempt_at, scheduled_at) WHERE escalated IS NULL")
OUR_INDEXES = ("ix_verification_queue_urgency", "ix_verification_queue_coming_back")


def median_ms(conn: psycopg.Connection[Any], sql: str, runs: int = 35) -> float:
    times = []
    for _ in range(runs + 5):
        began = time.perf_counter()
        conn.execute(sql).fetchall()
        times.append((time.perf_counter() - began) * 1000)
    return round(statistics.median(times[5:]), 2)


def scratch_queue(conn: psycopg.Connection[Any], kind: str, count: int) -> None:
    conn.execute("DROP TABLE IF EXISTS wq")
    conn.execute("CREATE TABLE wq AS SELECT * FROM verification_queue")
    conn.execute("ALTER TABLE wq ADD PRIMARY KEY (appeal_id)")
    conn.execute("UPDATE wq SET next_attempt_at = NULL, scheduled_at = NULL, escalated = NULL,"
                 " lease_user_id = NULL, lease_until = NULL, attempts = 0")
    if kind == "waiting":  # the most overdue, as those tried first are
        conn.execute("UPDATE wq SET next_attempt_at = now() + interval '2 hours', attempts = 1"
                     " WHERE appeal_id IN (SELECT appeal_id FROM wq ORDER BY due_at, appeal_id"
                     " LIMIT %s)", (count,))
    else:
        conn.execute("UPDATE wq SET next_attempt_at = now() - interval '1 hour', attempts = 1"
                     " WHERE appeal_id IN (SELECT appeal_id FROM wq ORDER BY md5(appeal_id::text)"
                     " LIMIT %s)", (count,))


def measure(conn: psycopg.Connection[Any], design: str) -> dict[str, float]:
    for name in ("wq_urgency", "wq_coming_back"):
        conn.execute(f"DROP INDEX IF EXISTS {name}")
    if design == "two":
        for row in conn.execute("SELECT indexdef FROM pg_indexes WHERE tablename ="
                                " 'verification_queue' AND indexname = ANY(%s)",
                                (list(OUR_INDEXES),)):
            conn.execute(row[0].replace(" ON public.verification_queue ", " ON wq ")
                         .replace("INDEX ix_verification_queue_", "INDEX wq_"))
    else:
        conn.execute(ONE_INDEX_DDL)
    conn.execute("VACUUM ANALYZE wq")
    queries = TWO_INDEXES if design == "two" else ONE_INDEX
    return {name: median_ms(conn, sql) for name, sql in queries.items()}


def main() -> int:
    raw_url = os.environ.get("DATABASE_URL", "")
    if not raw_url.startswith(("postgresql", "postgres")):
        print("DATABASE_URL must name the PostgreSQL database bench/worklist.py prepared.",
              file=sys.stderr)
        return 2
    conninfo = normalize_database_url(raw_url).replace("postgresql+psycopg://", "postgresql://")
    figures: dict[str, Any] = {}
    with psycopg.connect(conninfo, autocommit=True) as conn:
        queued = conn.execute("SELECT count(*) FROM verification_queue").fetchone()
        if not queued or queued[0] < 10_000:
            print("Too few items queued: run bench/worklist.py on this database first.",
                  file=sys.stderr)
            return 2
        print(f"{queued[0]:,} items; median ms, split indexes (ours) / one index (before)")
        try:
            for kind, count in CASES:
                scratch_queue(conn, kind, count)
                ours, before = measure(conn, "two"), measure(conn, "one")
                figures[f"{kind}_{count}"] = {"pick_ms": ours["pick"], "keys_ms": ours["keys"],
                                              "pick_one_index_ms": before["pick"],
                                              "keys_one_index_ms": before["keys"]}
                print(f"{kind.replace('_', ' '):>9} {count:>6,}: claim's pick {ours['pick']:>6}"
                      f" / {before['pick']:>6}   page's 1,001 keys {ours['keys']:>6}"
                      f" / {before['keys']:>6}")
        finally:
            conn.execute("DROP TABLE IF EXISTS wq")
    print(json.dumps({"items": queued[0], **figures}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
