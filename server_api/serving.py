"""Serving the API the way production does: uvicorn, one worker process per core.

Used by `python -m server_api` and by bench/api.py, so the bench measures what
runs in production.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import socket
import time

import uvicorn
from fastapi import FastAPI
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

_PROTOCOL = "server_api.serving:NoDelayHttpProtocol"
log = logging.getLogger(__name__)


class NoDelayHttpProtocol(HttpToolsProtocol):
    """httptools HTTP/1.1 with Nagle's algorithm off on every connection.

    With several workers uvicorn binds the listening socket with protocol 0, and
    asyncio then leaves TCP_NODELAY unset on accepted connections: each small
    response waited ~40 ms for the client's delayed ACK.
    """

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)


def worker_app(database_url: str | None = None) -> FastAPI:
    """The app one worker serves (uvicorn's factory for several workers: DATABASE_URL
    comes from the environment).

    The objects alive after start-up (SQLAlchemy, FastAPI, pydantic: ~140,000) go
    to the collector's permanent generation, so a full collection during a request
    no longer walks them all (~100 ms here).
    """
    from server_api.app import create_app

    app = create_app(database_url)
    gc.freeze()
    return app


def default_workers(database_url: str) -> int:
    """One process per core on PostgreSQL: a sync app is bound by one Python's GIL.

    SQLite (the embedded default) keeps one process: a single writer anyway.
    """
    return 1 if database_url.startswith("sqlite") else max(1, os.cpu_count() or 1)


def _listening_socket(host: str, port: int) -> socket.socket:
    """This worker's own listening socket on the shared port (SO_REUSEPORT)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def _worker_main(host: str, port: int, access_log: bool, log_level: str) -> None:
    """One worker process: the app on its own socket until told to stop."""
    config = uvicorn.Config("server_api.serving:worker_app", factory=True, host=host,
                            port=port, http=_PROTOCOL, access_log=access_log,
                            log_level=log_level)
    uvicorn.Server(config).run(sockets=[_listening_socket(host, port)])


class _Workers:
    """Worker processes, each accepting on its own SO_REUSEPORT socket.

    uvicorn's own supervisor shares one socket: a worker that wakes first
    accepts every connection waiting, so desktops connecting together (a shift
    starting, a bench's clients) all landed on one process while the other
    idled (11.9 vs 2.3 s of CPU measured). With a socket each, the kernel
    spreads connections over the workers by their addresses. A worker that
    dies is started again; SIGINT/SIGTERM stop them all.
    """

    def __init__(self, count: int, host: str, port: int, access_log: bool,
                 log_level: str) -> None:
        self._args = (host, port, access_log, log_level)
        self._context = multiprocessing.get_context("spawn")
        self._processes: list[multiprocessing.process.BaseProcess] = []
        self._stopping = False
        self._count = count
        self._started_at: dict[int, float] = {}

    def _start_one(self) -> multiprocessing.process.BaseProcess:
        process = self._context.Process(target=_worker_main, args=self._args, daemon=False)
        process.start()
        self._started_at[process.pid or 0] = time.monotonic()
        return process

    def _stop(self, _signum: int, _frame: object) -> None:
        self._stopping = True  # the loop below does the rest, outside the handler

    def run(self) -> None:
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        self._processes = [self._start_one() for _ in range(self._count)]
        delay = 0.5
        while not self._stopping:
            multiprocessing.connection.wait([p.sentinel for p in self._processes], timeout=1)
            for i, process in enumerate(self._processes):
                if process.is_alive() or self._stopping:
                    continue
                log.warning("API worker %s exited with %s; starting another",
                            process.pid, process.exitcode)
                lived = time.monotonic() - self._started_at.pop(process.pid or 0, 0.0)
                # A worker that cannot start (database down, port taken) must not spin.
                delay = min(delay * 2, 10.0) if lived < 5 else 0.5
                time.sleep(delay)
                self._processes[i] = self._start_one()
        # SIGTERM even for a Ctrl+C: the terminal sent the workers a SIGINT already,
        # and a second SIGINT would make uvicorn skip its graceful shutdown.
        for process in self._processes:
            if process.is_alive() and process.pid is not None:
                os.kill(process.pid, signal.SIGTERM)
        for process in self._processes:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()


def serve(database_url: str, host: str, port: int, workers: int, *,
          access_log: bool = True, log_level: str = "info") -> None:
    """Run the app until stopped. The database must be migrated already when
    workers > 1 (`prepare_database`), so the workers do not race to do it."""
    if workers == 1:
        uvicorn.run(worker_app(database_url), host=host, port=port, http=_PROTOCOL,
                    access_log=access_log, log_level=log_level)
        return
    # Workers are separate processes: they read the URL from the environment.
    os.environ["DATABASE_URL"] = database_url
    if not hasattr(socket, "SO_REUSEPORT"):  # Windows: uvicorn's one shared socket
        uvicorn.run("server_api.serving:worker_app", factory=True, workers=workers,
                    host=host, port=port, http=_PROTOCOL, access_log=access_log,
                    log_level=log_level)
        return
    _Workers(workers, host, port, access_log, log_level).run()
