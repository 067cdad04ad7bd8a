"""The shift lead's live board under a contact centre's peak: 300 desktops, one board.

    DATABASE_URL=postgresql://... python bench/board.py [--desktops 300] [--seconds 60]

Serves the real app as production does (one uvicorn worker per core, PostgreSQL
LISTEN/NOTIFY between them), then runs N simulated desktops, each a thread with
its own keep-alive HTTP connection (the standard library's http.client, as
bench/api.py: light on the shared cores), going round a call cycle: ringing,
answered (state on_call), held, resumed, ended (state wrap_up), available; a
tenth of the calls are abandoned while ringing. Each desktop also sends its
heartbeat every 10 s. One board is subscribed to GET /api/v1/board/stream.

push latency = the desktop sends an event → the board's stream has the operator's
row showing it (ringing, talking, held), so it includes the API's own handling.
Baseline in the same run, under the same load: a bare NOTIFY → LISTEN round trip
through the same PostgreSQL with psycopg, nothing around it. The snapshot
(GET /api/v1/board) is timed from a separate client during the load.
Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api import Client  # bench/api.py: this directory is on sys.path when run as a script

from server_api.app import prepare_database
from server_api.auth.service import hash_password
from server_api.db import make_session_factory, session_scope
from server_api.models import AuthToken, User
from server_api.settings import normalize_database_url

HEARTBEAT_S = 10.0
RUN = secrets.token_hex(6)  # this run's call ids: the seeded desktops repeat themselves
PUSH_TARGET_MS = 250
SNAPSHOT_TARGET_MS = 100


def percentiles(samples: Sequence[float]) -> dict[str, float]:
    if len(samples) < 2:
        return {"p50": float("nan"), "p95": float("nan")}
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50": round(cuts[49], 1), "p95": round(cuts[94], 1)}


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cpu_seconds(pids: Sequence[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
    return total


@contextmanager
def served(database_url: str, workers: int) -> Iterator[tuple[str, list[int]]]:
    """`serve()` as `python -m server_api` runs it, access log off; yields the base URL
    and the worker pids (each answered /health)."""
    port = free_port()
    code = ("from server_api.serving import serve; "
            f"serve({database_url!r}, '127.0.0.1', {port}, {workers}, access_log=False, "
            "log_level='warning')")
    with tempfile.TemporaryFile(prefix="bench-board-") as log:
        server = subprocess.Popen([sys.executable, "-c", code], stdout=log, stderr=log)
        base = f"http://127.0.0.1:{port}"
        try:
            answered: set[int] = set()
            deadline = time.monotonic() + 180
            while len(answered) < workers:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise SystemExit("API server did not start:\n"
                                     + log.read().decode(errors="replace")[-3000:])
                try:
                    health = httpx.get(f"{base}/api/v1/health", timeout=2)
                    if health.status_code == 200:
                        answered.add(health.json()["worker"])
                        continue
                except httpx.TransportError:
                    pass
                time.sleep(0.2)  # a script polling a subprocess, not a test
            yield base, sorted(answered)
        finally:
            server.terminate()
            server.wait(timeout=60)
            log.seek(0)
            text = log.read().decode(errors="replace")
            if "Traceback" in text:  # what a 500 was, for whoever reads the figures
                print(text[text.index("Traceback"):][:6000], file=sys.stderr)


def prepare_users(database_url: str, desktops: int) -> tuple[list[tuple[str, str]], str]:
    """Operators bench-desk-NNN and a lead, each with a bearer token made here (the
    bench measures the board, not 300 scrypt sign-ins)."""
    engine = prepare_database(database_url)
    password_hash = hash_password(secrets.token_hex(8))  # nobody signs in with it
    expires = datetime.now(UTC) + timedelta(hours=2)
    tokens: list[tuple[str, str]] = []
    with session_scope(make_session_factory(engine)) as session:
        names = [f"bench-desk-{n:03d}" for n in range(desktops)] + ["bench-lead"]
        existing = {u.username: u for u in session.query(User).filter(User.username.in_(names))}
        for name in names:
            user = existing.get(name)
            if user is None:
                user = User(username=name, full_name=name, password_hash=password_hash,
                            role="shift_lead" if name == "bench-lead" else "operator")
                session.add(user)
                session.flush()
            token = secrets.token_urlsafe(32)
            session.add(AuthToken(token_hash=hashlib.sha256(token.encode()).hexdigest(),
                                  user_id=user.id, expires_at=expires))
            tokens.append((name, token))
    engine.dispose()
    return tokens[:-1], tokens[-1][1]


class Board:
    """The lead's stream, read on its own thread; timestamps the rows it is waiting for."""

    def __init__(self, base: str, token: str, waiting: dict[tuple[str, str, str], float]) -> None:
        self.waiting = waiting
        self.latencies_ms: list[float] = []
        self.messages = 0
        self.snapshot = threading.Event()
        parts = urllib.parse.urlsplit(base)
        self._conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port,
                                                timeout=120)
        self._conn.request("GET", "/api/v1/board/stream",
                           headers={"Authorization": f"Bearer {token}"})
        self._response = self._conn.getresponse()
        assert self._response.status == 200, self._response.read()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        name = ""
        try:
            while True:
                line = self._response.readline()
                if not line:
                    return
                text = line.decode().rstrip("\n")
                if text.startswith("event: "):
                    name = text[7:]
                elif text.startswith("data: "):
                    self._got(name, text[6:])
        except (OSError, http.client.HTTPException):
            return

    def _got(self, name: str, data: str) -> None:
        received = time.perf_counter()
        self.messages += 1
        if name == "snapshot":
            self.snapshot.set()
            return
        if name != "operator":
            return
        row = json.loads(data)["operator"]
        call = row.get("call")
        if not call:
            return
        sent = self.waiting.pop((row["username"], call["sip_call_id"], call["phase"]), None)
        if sent is not None:
            self.latencies_ms.append((received - sent) * 1000)

    def close(self) -> None:
        # Shut the socket first: closing under the reader's readline() pulls its buffer away.
        if self._conn.sock is not None:
            self._conn.sock.shutdown(socket.SHUT_RDWR)
        self._thread.join(10)
        self._conn.close()


class Desktop(threading.Thread):
    """One operator's desktop going round its call cycle until stopped."""

    def __init__(self, base: str, name: str, token: str, cycle_s: float,
                 waiting: dict[tuple[str, str, str], float], stop: threading.Event,
                 seed: int) -> None:
        super().__init__(daemon=True)
        self.client = Client(base, {"Authorization": f"Bearer {token}"})
        self.name_ = name
        self.cycle_s = cycle_s
        self.waiting = waiting
        self.stop = stop
        self.rng = random.Random(seed)
        self.events = 0
        self.errors = 0
        self.error_samples: list[str] = []
        self.post_ms: list[float] = []
        self.next_heartbeat = 0.0
        self.measuring = False

    def _send(self, method: str, path: str, body: Any = None,
              expect: tuple[str, str] | None = None) -> None:
        if expect is not None and self.measuring:
            self.waiting[(self.name_, *expect)] = time.perf_counter()
        started = time.perf_counter()
        status, answer = self.client.request(method, path, body=body)
        if status >= 300:
            self.errors += 1
            if len(self.error_samples) < 3:
                self.error_samples.append(f"{method} {path} {body} → {status} {answer}")
        if path == "/api/v1/desk/events":
            self.events += 1
            if self.measuring:
                self.post_ms.append((time.perf_counter() - started) * 1000)
        elif path.endswith("/state"):
            self.events += 1

    def _event(self, kind: str, sip: str, phase: str | None = None, **extra: Any) -> None:
        self._send("POST", "/api/v1/desk/events",
                   {"type": kind, "sip_call_id": sip, "at": datetime.now(UTC).isoformat(),
                    **extra}, (sip, phase) if phase else None)

    def _state(self, state: str) -> None:
        self._send("PUT", "/api/v1/agents/me/state", {"state": state})

    def _wait(self, seconds: float) -> bool:
        """Sleep, sending heartbeats when due; False once stopped."""
        until = time.monotonic() + seconds
        while True:
            now = time.monotonic()
            if now >= self.next_heartbeat:
                self._send("POST", "/api/v1/desk/heartbeat")
                self.next_heartbeat = now + HEARTBEAT_S
            if self.stop.wait(max(min(until, self.next_heartbeat) - time.monotonic(), 0)):
                return False
            if time.monotonic() >= until:
                return True

    def run(self) -> None:
        scale = self.cycle_s / 60.0
        self.next_heartbeat = time.monotonic() + self.rng.uniform(0, HEARTBEAT_S)
        self._state("available")
        if not self._wait(self.rng.uniform(0, self.cycle_s)):  # desktops out of step
            return
        n = 0
        try:
            while not self.stop.is_set():
                n += 1
                sip = f"{self.name_}-{n}-{RUN}@bench"  # unique across runs on one database
                self._event("ringing", sip, "ringing",
                            remote_number=f"+38067{self.rng.randrange(10**7):07d}")
                if self.rng.random() < 0.1:
                    if not self._wait(5 * scale):
                        return
                    self._event("abandoned", sip)
                    if not self._wait(self.rng.uniform(5, 15) * scale):
                        return
                    continue
                if not self._wait(self.rng.uniform(1, 5) * scale):
                    return
                self._event("answered", sip, "talking")
                self._state("on_call")
                if not self._wait(self.rng.uniform(10, 20) * scale):
                    return
                self._event("held", sip, "held")
                if not self._wait(self.rng.uniform(3, 8) * scale):
                    return
                self._event("resumed", sip)
                if not self._wait(self.rng.uniform(10, 20) * scale):
                    return
                self._event("ended", sip)
                self._state("wrap_up")
                if not self._wait(self.rng.uniform(5, 10) * scale):
                    return
                self._state("available")
                if not self._wait(self.rng.uniform(2, 8) * scale):
                    return
        except (OSError, http.client.HTTPException):
            self.errors += 1
        finally:
            self.client.close()


def notify_baseline(conninfo: str, count: int, interval_s: float) -> list[float]:
    """Bare NOTIFY → LISTEN through the same PostgreSQL, nothing around it."""
    listener = psycopg.connect(conninfo, autocommit=True)
    sender = psycopg.connect(conninfo, autocommit=True)
    samples: list[float] = []
    try:
        listener.execute("LISTEN bench_board_baseline")
        for n in range(count):
            started = time.perf_counter()
            sender.execute("SELECT pg_notify('bench_board_baseline', %s)", (str(n),))
            for _notify in listener.notifies(timeout=5, stop_after=1):
                samples.append((time.perf_counter() - started) * 1000)
            time.sleep(interval_s)  # paced like the events, not a flood
    finally:
        listener.close()
        sender.close()
    return samples


def time_snapshots(base: str, token: str, count: int, interval_s: float) -> list[float]:
    client = Client(base, {"Authorization": f"Bearer {token}"})
    samples = []
    try:
        for _ in range(count):
            started = time.perf_counter()
            status, _body = client.request("GET", "/api/v1/board")
            assert status == 200, status
            samples.append((time.perf_counter() - started) * 1000)
            time.sleep(interval_s)
    finally:
        client.close()
    return samples


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--desktops", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=60.0, help="measured part")
    parser.add_argument("--warmup", type=float, default=20.0)
    parser.add_argument("--cycle", type=float, default=60.0,
                        help="seconds of one desktop's call cycle (ring, talk, wrap-up, idle)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL")
    if not url or not url.startswith(("postgresql", "postgres")):
        raise SystemExit("DATABASE_URL must name a PostgreSQL (see bench/README.md)")
    url = normalize_database_url(url)
    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    desks, lead = prepare_users(url, args.desktops)
    waiting: dict[tuple[str, str, str], float] = {}
    stop = threading.Event()
    with served(url, args.workers) as (base, pids):
        board = Board(base, lead, waiting)
        if not board.snapshot.wait(30):
            raise SystemExit("the board's stream sent no snapshot")
        desktops = [Desktop(base, name, token, args.cycle, waiting, stop, seed=n)
                    for n, (name, token) in enumerate(desks)]
        for desktop in desktops:
            desktop.start()
        time.sleep(args.warmup)  # every desktop under way before the clock starts
        for desktop in desktops:
            desktop.measuring = True
        events_before = sum(d.events for d in desktops)
        cpu_before, wall_before = cpu_seconds(pids), time.monotonic()
        results: dict[str, list[float]] = {}
        side = [threading.Thread(target=lambda: results.__setitem__(
                    "snapshot", time_snapshots(base, lead, max(int(args.seconds), 20),
                                               args.seconds / max(int(args.seconds), 20)))),
                threading.Thread(target=lambda: results.__setitem__(
                    "notify", notify_baseline(conninfo, max(int(args.seconds * 5), 50),
                                              args.seconds / max(int(args.seconds * 5), 50))))]
        for thread in side:
            thread.start()
        for thread in side:
            thread.join()
        wall = time.monotonic() - wall_before
        cpu = cpu_seconds(pids) - cpu_before
        events = sum(d.events for d in desktops) - events_before
        stop.set()
        for desktop in desktops:
            desktop.join(timeout=30)
        board.close()
    push = percentiles(board.latencies_ms)
    post = percentiles([ms for d in desktops for ms in d.post_ms])
    snapshot = percentiles(results.get("snapshot", []))
    notify = percentiles(results.get("notify", []))
    figures = {
        "desktops": args.desktops, "workers": args.workers,
        "events_per_s": round(events / wall, 1),
        "push_samples": len(board.latencies_ms),
        "push_p50_ms": push["p50"], "push_p95_ms": push["p95"],
        "event_post_p50_ms": post["p50"], "event_post_p95_ms": post["p95"],
        "board_snapshot_ms": snapshot["p95"], "board_snapshot_p50_ms": snapshot["p50"],
        "baseline_notify_p50_ms": notify["p50"], "baseline_notify_p95_ms": notify["p95"],
        "api_cpu_percent": round(cpu * 100 / wall, 1),
        "errors": sum(d.errors for d in desktops),
        "error_samples": [e for d in desktops for e in d.error_samples][:5],
        "unmatched_pushes": len(waiting),
        "targets": {"push_p95_ms": PUSH_TARGET_MS, "board_snapshot_ms": SNAPSHOT_TARGET_MS},
    }
    print(f"{'figure':<26}{'value':>12}")
    for key, value in figures.items():
        if key != "targets":
            print(f"{key:<26}{value!s:>12}")
    print(f"push p95 {push['p95']} ms (target ≤ {PUSH_TARGET_MS}) vs bare NOTIFY→LISTEN "
          f"p95 {notify['p95']} ms; snapshot p95 {snapshot['p95']} ms (target ≤ "
          f"{SNAPSHOT_TARGET_MS})")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
