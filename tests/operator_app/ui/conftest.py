"""The real API on PostgreSQL (its own database in the session's cluster) and a
signed-in workspace for each test."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kc1551_demo.embedded import ApiServerThread
from operator_app.api_client import ApiClient
from operator_app.config import AppConfig
from operator_app.telephony.models import CallDirection, CallInfo, CallStatus
from operator_app.ui.app import create_workspace
from operator_app.ui.gc_thread import collect_on_gui_thread
from operator_app.ui.main_window import Workspace
from tests.fixtures.live_api import seeded_api_server
from tests.fixtures.servers import fresh_postgres_database

_numbers = itertools.count(int(time.time()) % 1_000_000)


@pytest.fixture(scope="package", autouse=True)
def gui_thread_gc(qapp: Any) -> Iterator[None]:
    """As in the desktop (operator_app/ui/app.py): cycles collected on the GUI thread
    only, never on the in-process API's threads where Qt objects must not die."""
    collector = collect_on_gui_thread(qapp)
    yield
    collector.stop()


@pytest.fixture(scope="session")
def ui_database_url(postgres_url: str) -> str:
    """A database of our own, so the API's tests and ours never see each other's rows."""
    return fresh_postgres_database(postgres_url, prefix="kc1551_ui")


@pytest.fixture(scope="session")
def api_server(ui_database_url: str) -> Iterator[ApiServerThread]:
    with seeded_api_server(ui_database_url) as server:
        yield server


def signed_in(server: ApiServerThread, username: str) -> tuple[ApiClient, dict[str, Any]]:
    client = ApiClient(server.url)
    answer = client.login(username, "demo1551")
    return client, answer["user"]


@pytest.fixture
def lead(api_server: ApiServerThread) -> ApiClient:
    return signed_in(api_server, "lead")[0]


@pytest.fixture
def operator_api(api_server: ApiServerThread) -> ApiClient:
    return signed_in(api_server, "operator")[0]


def new_phone() -> str:
    """A mobile number no other test uses."""
    return f"+38067{next(_numbers) % 10_000_000:07d}"


def open_workspace(qtbot: Any, server: ApiServerThread, data_dir: Path,
                   phone: Any = None) -> Workspace:
    window = create_workspace(AppConfig(data_dir=data_dir), phone)
    qtbot.addWidget(window)
    client, user = signed_in(server, "operator")
    window.set_session(client, user)
    qtbot.waitUntil(lambda: bool(window.appeal_form._problems), timeout=10000)
    return window


@pytest.fixture
def workspace(qtbot: Any, api_server: ApiServerThread, tmp_path: Path) -> Iterator[Workspace]:
    window = open_workspace(qtbot, api_server, tmp_path)
    yield window
    window.current_call_id = None  # no "call in progress?" question when qtbot closes it
    window.runner.wait_done()


def ringing_call(phone: str | None, call_id: str | None = None) -> CallInfo:
    """The snapshot the facade emits with sig_ringing (the SIP flow test uses the real one)."""
    call_id = call_id or f"call-{next(_numbers)}"
    return CallInfo(call_id=call_id, sip_call_id=f"{call_id}@test",
                    direction=CallDirection.INCOMING,
                    status=CallStatus.RINGING, remote_number=phone, remote_display="",
                    remote_uri=f"sip:{phone}@127.0.0.1", started_at=time.time())


_used_buildings: set[int] = set()


@pytest.fixture
def building(operator_api: ApiClient) -> dict[str, Any]:
    """A building with no appeals yet, so no other test's appeal shows up as a repeat."""
    for candidate in operator_api.buildings("вул", 100):
        if candidate["id"] in _used_buildings:
            continue
        _used_buildings.add(candidate["id"])
        if operator_api.list_appeals(building_id=candidate["id"])["total"] == 0:
            return candidate
    raise AssertionError("the demo data has run out of buildings without appeals")


@pytest.fixture
def problem(operator_api: ApiClient) -> dict[str, Any]:
    spheres = operator_api.classifier()
    return next(p for s in spheres for p in s["problems"] if not p["emergency"])
