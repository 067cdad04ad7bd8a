"""Serving the API the way production does: uvicorn, one worker process per core.

Used by `python -m server_api` and by bench/api.py, so the bench measures what
runs in production.
"""

from __future__ import annotations

import asyncio
import gc
import os
import socket

import uvicorn
from fastapi import FastAPI
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


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


def serve(database_url: str, host: str, port: int, workers: int, *,
          access_log: bool = True, log_level: str = "info") -> None:
    """Run the app until stopped. The database must be migrated already when
    workers > 1 (`prepare_database`), so the workers do not race to do it."""
    protocol = "server_api.serving:NoDelayHttpProtocol"
    if workers == 1:
        uvicorn.run(worker_app(database_url), host=host, port=port, http=protocol,
                    access_log=access_log, log_level=log_level)
        return
    # Workers are separate processes: they need an import string, and the URL in
    # the environment that worker_app reads.
    os.environ["DATABASE_URL"] = database_url
    uvicorn.run("server_api.serving:worker_app", factory=True, workers=workers,
                host=host, port=port, http=protocol, access_log=access_log,
                log_level=log_level)
