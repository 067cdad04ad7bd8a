"""The FastAPI application: migrations and reference seed run when it is created."""

from __future__ import annotations

import inspect
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import APIRouter, FastAPI
from sqlalchemy import Engine

from server_api import __version__
from server_api.agents.router import router as agents_router
from server_api.appeals.router import router as appeals_router
from server_api.auth.router import router as auth_router
from server_api.board.router import board_router, desk_router
from server_api.board.router import install as install_board
from server_api.calls.router import router as calls_router
from server_api.consultations.router import router as consultations_router
from server_api.db import REQUEST_THREADS, make_engine, make_session_factory, session_scope
from server_api.deps import ActorCache
from server_api.errors import install_handlers
from server_api.kb.router import router as kb_router
from server_api.migrate import upgrade
from server_api.open311.router import router as open311_router
from server_api.outages.router import router as outages_router
from server_api.privacy import install_log_masking
from server_api.provisioning.router import router as provisioning_router
from server_api.ratings.router import page_router as dashboard_page_router
from server_api.ratings.router import router as ratings_router
from server_api.reference.router import router as reference_router
from server_api.screen_pop.router import router as screen_pop_router
from server_api.seed import seed_reference
from server_api.settings import Settings, normalize_database_url
from server_api.worklist.router import router as worklist_router

log = logging.getLogger(__name__)
API_PREFIX = "/api/v1"


def prepare_database(database_url: str, seed: bool = True,
                     resources_dir: Path | None = None) -> Engine:
    """Migrate to head and (idempotently) seed the reference data."""
    upgrade(database_url)
    engine = make_engine(database_url)
    if seed:
        with session_scope(make_session_factory(engine)) as session:
            seed_reference(session, resources_dir)
    return engine


def _health_router(dialect: str) -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/health")
    def health() -> dict[str, str | int]:
        # worker: which process answered (several serve one port).
        return {"status": "ok", "database": dialect, "version": __version__,
                "worker": os.getpid()}

    return router


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Sync endpoints run in this pool: no more at once than the database pool holds.
    anyio.to_thread.current_default_thread_limiter().total_tokens = REQUEST_THREADS
    try:
        async with app.state.board.running():  # the live board's LISTEN and sweep
            yield
    finally:
        if app.state.worklist_engine is not app.state.engine:
            app.state.worklist_engine.dispose()


# FastAPI's own OpenTelemetry (newer releases) traces every request into whatever
# provider the process has, or exports by environment variable alone: the spans
# carry the raw path and query, a citizen's phone among them (/screen-pop?phone=),
# past the masking of our logs (server_api/privacy.py). Off: nothing about a
# request leaves the API that way.
_NO_TELEMETRY: dict[str, Any] = (
    {"telemetry": {"tracing": False, "metrics": False, "logs": False,
                   "operation_spans": False, "auto_configure": False}}
    if "telemetry" in inspect.signature(FastAPI.__init__).parameters else {})


def create_app(database_url: str | None = None, settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    url = normalize_database_url(database_url or settings.resolved_database_url())
    engine = prepare_database(url, seed=settings.seed_reference_data,
                              resources_dir=settings.resources_dir)
    app = FastAPI(title="1551 central appeals API", version=__version__, lifespan=_lifespan,
                  **_NO_TELEMETRY)
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    # Services read the deployment's rules (the worklist's hours, lease, retries) here.
    app.state.session_factory.configure(info={"settings": settings})
    # The worklist's statements, planned once per connection (make_engine): a pool of
    # their own, so no other statement gets a plan made without its values.
    app.state.worklist_engine = (engine if engine.dialect.name != "postgresql"
                                 else make_engine(url, planned_once=True))
    app.state.worklist_session_factory = make_session_factory(app.state.worklist_engine)
    app.state.worklist_session_factory.configure(info={"settings": settings})
    app.state.actors = ActorCache()
    install_board(app)
    install_handlers(app)
    install_log_masking()
    for router in (_health_router(engine.dialect.name), auth_router, screen_pop_router,
                   appeals_router, consultations_router, calls_router, reference_router,
                   kb_router, outages_router, agents_router, worklist_router,
                   provisioning_router, ratings_router, desk_router, board_router):
        app.include_router(router, prefix=API_PREFIX)
    app.include_router(open311_router)
    app.include_router(dashboard_page_router)  # the wall screen's page, outside /api/v1
    return app

