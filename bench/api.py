"""Central API under load: screen pop, registrations, KB search, over real HTTP.

    DATABASE_URL=postgresql://user@host:port/db python bench/api.py [--appeals N]

DATABASE_URL is required: outside the tests there is no private PostgreSQL
to start, so point it at a throwaway database (bench/README.md shows how).
The database is seeded by bench/seed.py (skipped when already big enough),
the real app is served by uvicorn in a subprocess on loopback, and in the
same run we measure:

- screen pop over HTTP (keep-alive client, random known callers) against
  the API's own statement run by bare psycopg: what the API layer costs;
- appeal registrations per second over HTTP (8 client connections: hundreds of
  desktops spread over the workers, which one or two connections cannot show);
- KB search latency for Ukrainian queries;
- the seeding time.

The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
import psycopg
import seed as seeding  # bench/seed.py: this directory is on sys.path when run as a script
from sqlalchemy import select

from kc1551_common.phones import mask_phone
from server_api.app import prepare_database
from server_api.auth.service import create_user
from server_api.db import make_session_factory, session_scope
from server_api.kb.service import SNIPPET_CHARS
from server_api.models import User
from server_api.screen_pop.service import POP_APPEALS, POP_BUILDINGS, POP_SQL
from server_api.settings import normalize_database_url

BENCH_USER, BENCH_PASSWORD = "bench-operator", "bench-1551-operator"
KB_WORDS = ("гаряча вода", "відключення", "ліфт", "опалення", "субсидія", "дитячий садок",
            "тариф", "перерахунок", "освітлення під'їзду", "ремонт асфальту", "прибирання",
            "сміття", "тепломережа", "холодна вода", "аварійна служба", "строки виконання",
            "документи", "пенсія", "медична допомога", "довідка", "графік робіт", "ямковий",
            "електроенергія", "знеструмлення", "дах протікає", "каналізація", "дерево впало",
            "зупинка транспорту", "маршрутка", "оплата")

# The screen pop's own statement (server_api/screen_pop/screen_pop.sql) as the API
# sends it, for psycopg to run with nothing around it.
SQL_POP = POP_SQL.sql
POP_LIMITS = {"pop_appeals": POP_APPEALS, "pop_buildings": POP_BUILDINGS,
              "snippet_chars": SNIPPET_CHARS}


class Client:
    """One keep-alive HTTP/1.1 connection from the standard library.

    The load generator shares the two cores with the API and PostgreSQL: httpx
    spent ~0.9 ms of CPU per request here, http.client ~0.25 ms, so a heavy
    client would have measured itself as much as the API.
    """

    def __init__(self, base: str, headers: dict[str, str] | None = None) -> None:
        parts = urllib.parse.urlsplit(base)
        self._conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port,
                                                timeout=30)
        self._headers = dict(headers or {})

    def request(self, method: str, path: str, params: dict[str, Any] | None = None,
                body: Any = None) -> tuple[int, bytes]:
        if params:
            path += "?" + urllib.parse.urlencode(params)
        headers = dict(self._headers)
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            try:
                self._conn.request(method, path, body=payload, headers=headers)
                response = self._conn.getresponse()
                return response.status, response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # The server closed an idle keep-alive connection (uvicorn: after 5 s):
                # once more on a new one, as a browser or requests does.
                self._conn.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        self._conn.close()


def percentiles(samples_ms: Sequence[float]) -> dict[str, float]:
    cuts = statistics.quantiles(samples_ms, n=100, method="inclusive")
    return {"p50": round(cuts[49], 2), "p95": round(cuts[94], 2), "p99": round(cuts[98], 2)}


def timed(calls: Sequence[Callable[[], object]]) -> list[float]:
    samples = []
    for call in calls:
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served(database_url: str, workers: int = os.cpu_count() or 1) -> Iterator[str]:
    """The real app served as production does (`python -m server_api`: uvicorn with one
    worker process per core), in a subprocess without access log, until the block ends."""
    port = free_port()
    code = ("from server_api.serving import serve; "
            f"serve({database_url!r}, '127.0.0.1', {port}, {workers}, access_log=False, "
            "log_level='warning')")
    with tempfile.TemporaryFile(prefix="bench-api-") as log:
        server = subprocess.Popen([sys.executable, "-c", code], stdout=log, stderr=log)

        def failed(why: str) -> SystemExit:
            log.seek(0)
            return SystemExit(f"{why}:\n{log.read().decode(errors='replace')[-3000:]}")

        base = f"http://127.0.0.1:{port}"
        try:
            # Until every worker answers: connections made while only the first one
            # listens would all stay with it, and the figures would be one worker's.
            answered: set[int] = set()
            deadline = time.monotonic() + 180
            while len(answered) < workers:
                if server.poll() is not None:
                    raise failed("API server exited")
                try:
                    health = httpx.get(f"{base}/api/v1/health", timeout=2)
                    if health.status_code == 200:
                        answered.add(health.json()["worker"])
                        continue
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise failed(f"{workers - len(answered)} API workers did not start "
                                 "in 180 s")
                time.sleep(0.2)  # a script polling a subprocess, not a test
            yield base
        finally:
            server.terminate()
            server.wait(timeout=30)


def ensure_operator(database_url: str) -> None:
    engine = prepare_database(database_url)
    try:
        with session_scope(make_session_factory(engine)) as session:
            if session.scalar(select(User).where(User.username == BENCH_USER)) is None:
                create_user(session, BENCH_USER, BENCH_PASSWORD, "operator", "Бенчмарк")
    finally:
        engine.dispose()


def sample_data(conninfo: str,
                lookups: int) -> tuple[list[str], list[str], list[int], list[str]]:
    """Known callers' phones (for the pops, and others for registrations), building ids
    and problem codes, picked at random.

    Registrations go to other callers than the pops read: rerunning the bench on the
    same database must not grow the histories the pops are timed on."""
    with psycopg.connect(conninfo) as conn:
        phones = [r[0] for r in conn.execute(
            # REPEATABLE: the same callers in every run, so runs compare.
            "SELECT phone FROM citizen_phones TABLESAMPLE SYSTEM (5) REPEATABLE (3) LIMIT %s",
            (lookups * 4,))]
        buildings = [r[0] for r in conn.execute("SELECT id FROM buildings")]
        problems = [r[0] for r in conn.execute("SELECT code FROM problems")]
    rng = random.Random(1551)
    rng.shuffle(phones)
    return phones[:lookups], phones[lookups:], buildings, problems


def sql_screen_pop(conn: psycopg.Connection[Any], phone: str) -> None:
    conn.execute(SQL_POP, {"phone": phone, "now": datetime.now(UTC), "actor": "bench",
                           "masked_phone": mask_phone(phone), **POP_LIMITS}).fetchone()
    conn.commit()


def bench_screen_pop(base: str, headers: dict[str, str], phones: list[str],
                     conninfo: str) -> dict[str, dict[str, float]]:
    with psycopg.connect(conninfo) as conn:
        def query(phone: str) -> Callable[[], object]:
            return lambda: sql_screen_pop(conn, phone)

        # Both paths read the same rows: load them into the cache once first, or
        # whichever path ran first would pay every disk read and the other none.
        timed([query(p) for p in phones])
        sql = timed([query(p) for p in phones])
    client = Client(base, headers)

    def pop(phone: str) -> Callable[[], object]:
        def call() -> object:
            status, body = client.request("GET", "/api/v1/screen-pop", {"phone": phone})
            assert status == 200, body
            return body
        return call

    timed([pop(p) for p in phones[:50]])  # warm the pools and the statement caches
    http = timed([pop(p) for p in phones])
    client.close()
    return {"http": percentiles(http), "sql": percentiles(sql)}


def worker_of(client: Client) -> int:
    """The API worker process serving this connection (GET /health answers with it)."""
    status, body = client.request("GET", "/api/v1/health")
    assert status == 200, body
    return int(json.loads(body)["worker"])


def balanced_clients(base: str, headers: dict[str, str], count: int,
                     workers: int) -> list[Client]:
    """count keep-alive connections spread evenly over the API's worker processes.

    The kernel spreads connections over the workers' sockets by their addresses:
    hundreds of desktops come out even, but eight connections often split 6:2,
    and then the bench measured one busy worker beside an idle one (426 to 696
    registrations/s between identical runs). Connections are opened until each
    worker holds its share; the others are closed.
    """
    share = -(-count // workers)
    kept: dict[int, list[Client]] = {}
    for _ in range(50 * count):
        client = Client(base, headers)
        group = kept.setdefault(worker_of(client), [])
        if len(group) < share and sum(map(len, kept.values())) < count:
            group.append(client)
        else:
            client.close()
        if sum(map(len, kept.values())) == count:
            return [c for group in kept.values() for c in group]
    raise SystemExit(f"could not spread {count} connections over {workers} workers")


def bench_registrations(base: str, headers: dict[str, str], count: int, threads: int,
                        workers: int, phones: list[str], buildings: list[int],
                        problems: list[str]) -> float:
    """Registrations per second from `threads` keep-alive connections, after a warm-up
    (connections, pools and prepared statements) that is not timed."""
    rng = random.Random(7)
    warm_up = 25 * threads
    bodies = [{"phone": rng.choice(phones), "problem_code": rng.choice(problems),
               "building_id": rng.choice(buildings), "flat": str(rng.randint(1, 200)),
               "description": "Навантажувальний тест: опис проблеми заявника",
               "channel": "call"} for _ in range(warm_up + count)]
    failures: list[str] = []
    clients = balanced_clients(base, headers, threads, workers)
    lanes = [threading.Barrier(threads + 1) for _ in range(2)]

    def worker(client: Client, warm: list[dict[str, Any]],
               timed_part: list[dict[str, Any]]) -> None:
        for part, lane in ((warm, lanes[0]), (timed_part, lanes[1])):
            lane.wait()  # every connection starts each round together
            for body in part:
                status, answer = client.request("POST", "/api/v1/appeals", body=body)
                if status not in (200, 201):
                    failures.append(f"{status} {answer[:200]!r}")

    workers = [threading.Thread(target=worker, args=(
        clients[i], bodies[i:warm_up:threads], bodies[warm_up + i::threads]))
        for i in range(threads)]
    for thread in workers:
        thread.start()
    lanes[0].wait()
    while any(t.is_alive() for t in workers) and lanes[1].n_waiting < threads:
        time.sleep(0.01)  # until every connection has finished its warm-up
    started = time.perf_counter()
    lanes[1].wait()
    for thread in workers:
        thread.join()
    elapsed = time.perf_counter() - started
    for client in clients:
        client.close()
    if failures:
        raise SystemExit(f"{len(failures)} registrations failed, first: {failures[0]}")
    return count / elapsed


def bench_kb_search(base: str, headers: dict[str, str], count: int) -> dict[str, float]:
    rng = random.Random(11)
    queries = [" ".join(rng.sample(KB_WORDS, rng.randint(1, 3))) for _ in range(count)]
    client = Client(base, headers)

    def search(query: str) -> Callable[[], object]:
        def call() -> object:
            status, body = client.request("GET", "/api/v1/kb/search", {"q": query, "limit": 10})
            assert status == 200, body
            return body
        return call

    timed([search(q) for q in queries[:20]])
    found = percentiles(timed([search(q) for q in queries]))
    client.close()
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--appeals", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--lookups", type=int, default=2_000)
    parser.add_argument("--registrations", type=int, default=5_000)
    parser.add_argument("--threads", type=int, default=8,
                        help="client connections registering at once")
    parser.add_argument("--kb-queries", type=int, default=500)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="uvicorn worker processes (default: one per core, as served)")
    args = parser.parse_args(argv)
    raw_url = os.environ.get("DATABASE_URL")
    if not raw_url or not raw_url.startswith(("postgresql", "postgres")):
        print("DATABASE_URL must name a PostgreSQL database (postgresql://user@host:port/db): "
              "this bench compares against bare SQL via psycopg. See bench/README.md.",
              file=sys.stderr)
        return 2
    url = normalize_database_url(raw_url)
    conninfo = url.replace("postgresql+psycopg://", "postgresql://", 1)

    seeded = seeding.seed(url, appeals=args.appeals, citizens=max(1_000, args.appeals * 3 // 10),
                          articles=args.articles)
    ensure_operator(url)
    phones, registering, buildings, problems = sample_data(conninfo, args.lookups)
    with served(url, args.workers) as base:
        login = httpx.post(f"{base}/api/v1/auth/login",
                           json={"username": BENCH_USER, "password": BENCH_PASSWORD})
        login.raise_for_status()
        headers = {"Authorization": f"Bearer {login.json()['token']}"}
        pop = bench_screen_pop(base, headers, phones, conninfo)
        kb = bench_kb_search(base, headers, args.kb_queries)
        rate = bench_registrations(base, headers, args.registrations, args.threads,
                                   args.workers, registering, buildings, problems)

    rows = [
        ("appeals in the database", f"{seeded['appeals']:,}", ""),
        ("seeding", f"{seeded['seed_s']:.1f} s", "≤ 300 s" + ("" if seeded["seeded"]
                                                              else " (reused)")),
        ("screen pop HTTP p50/p95/p99",
         f"{pop['http']['p50']} / {pop['http']['p95']} / {pop['http']['p99']} ms", "p95 ≤ 15 ms"),
        ("screen pop bare SQL p50/p95", f"{pop['sql']['p50']} / {pop['sql']['p95']} ms",
         "baseline"),
        ("registrations over HTTP",
         f"{rate:.0f} /s ({args.threads} threads, {args.workers} workers)", "≥ 500 /s"),
        ("KB search p50/p95", f"{kb['p50']} / {kb['p95']} ms", "p95 ≤ 20 ms"),
    ]
    for name, value, target in rows:
        print(f"{name:<32} {value:<36} {target}")
    print(json.dumps({
        "appeals": seeded["appeals"], "seeded": seeded["seeded"], "seed_s": seeded["seed_s"],
        "screen_pop_p50_ms": pop["http"]["p50"], "screen_pop_p95_ms": pop["http"]["p95"],
        "screen_pop_p99_ms": pop["http"]["p99"], "screen_pop_sql_p50_ms": pop["sql"]["p50"],
        "screen_pop_sql_p95_ms": pop["sql"]["p95"], "appeals_per_s": round(rate, 1),
        "workers": args.workers,
        "kb_search_p50_ms": kb["p50"], "kb_search_p95_ms": kb["p95"],
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
