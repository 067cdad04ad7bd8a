"""Serving as production does: `python -m server_api` with several uvicorn workers."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from server_api.serving import default_workers
from tests.fixtures.servers import free_port


def test_default_workers_one_per_core_on_postgresql_one_on_sqlite() -> None:
    assert default_workers("sqlite:////tmp/api.sqlite3") == 1
    assert default_workers("postgresql+psycopg://u@h/db") == max(1, os.cpu_count() or 1)


def _read_log_until(server: subprocess.Popen[bytes], wanted: str, count: int,
                    deadline_s: float = 60) -> str:
    """The server's output up to the count-th line containing wanted (fails at the deadline).

    Raw reads of the pipe: a buffered reader could hold the awaited line while the
    selector waits on an empty pipe.
    """
    assert server.stdout is not None
    log = b""
    selector = selectors.DefaultSelector()
    selector.register(server.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + deadline_s
    while log.decode(errors="replace").count(wanted) < count:
        remaining = deadline - time.monotonic()
        assert remaining > 0, log.decode(errors="replace")
        assert server.poll() is None, log.decode(errors="replace")
        if selector.select(timeout=remaining):
            log += os.read(server.stdout.fileno(), 65536)
    return log.decode(errors="replace")


def _serve_two_workers(tmp_path: Path, port: int) -> subprocess.Popen[bytes]:
    """`python -m server_api` with two workers on an SQLite file."""
    return subprocess.Popen(
        [sys.executable, "-m", "server_api", "--database-url",
         f"sqlite:///{tmp_path / 'served.sqlite3'}", "--port", str(port), "--workers", "2"],
        # uvicorn logs the access lines to stdout, the rest to stderr: read both, unbuffered.
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})


def _workers_answering(health_url: str, wanted: int) -> set[int]:
    """The worker pids seen on new connections, until wanted of them answered."""
    seen: set[int] = set()
    for _ in range(200):
        seen.add(httpx.get(health_url).json()["worker"])
        if len(seen) == wanted:
            break
    return seen


def test_two_workers_serve_the_app_and_mask_phones_in_the_access_log(tmp_path: Path) -> None:
    port = free_port()
    server = _serve_two_workers(tmp_path, port)
    try:
        started = _read_log_until(server, "Application startup complete", 2)
        assert started.count("Started server process") == 2
        base = f"http://127.0.0.1:{port}/api/v1"
        assert httpx.get(f"{base}/health").json()["status"] == "ok"
        refused = httpx.get(f"{base}/screen-pop", params={"phone": "+380671234567"})
        assert refused.status_code == 401
        logged = _read_log_until(server, "/screen-pop", 1)
        assert "+38067*****67" in logged
        assert "+380671234567" not in logged
    finally:
        server.terminate()
        server.wait(timeout=30)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"


def test_workers_share_the_port_and_a_dead_one_is_replaced(tmp_path: Path) -> None:
    port = free_port()
    server = _serve_two_workers(tmp_path, port)
    workers: set[int] = set()
    try:
        _read_log_until(server, "Application startup complete", 2)
        health = f"http://127.0.0.1:{port}/api/v1/health"
        # Each worker has its own socket on the port: new connections reach both.
        workers = _workers_answering(health, 2)
        assert len(workers) == 2
        victim = min(workers)
        os.kill(victim, signal.SIGKILL)
        log = _read_log_until(server, "Application startup complete", 1)  # the new one's
        assert f"API worker {victim} exited" in log
        assert "starting another" in log
        answered = _workers_answering(health, 2)
        assert victim not in answered
        assert len(answered) == 2
        workers |= answered
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert server.returncode == 0
    assert not [pid for pid in workers if _pid_alive(pid)], "no worker outlives the server"
