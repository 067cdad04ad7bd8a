"""The real central API for the desktop's tests: served by uvicorn on a loopback
port in a thread, on SQLite and on PostgreSQL, seeded with the demo data."""

from __future__ import annotations

import gc
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from kc1551_demo.embedded import ApiServerThread
from operator_app.api_client import ApiClient
from tests.fixtures.live_api import seeded_api_server
from tests.fixtures.servers import fresh_postgres_database

DEMO_PASSWORD = "demo1551"


@pytest.fixture(autouse=True)
def collect_garbage_here() -> Iterator[None]:
    """A test's garbage (widgets, pytest-qt's signal blockers) is freed on the main
    thread when it ends, before the next test starts threads that could free it."""
    yield
    gc.collect()


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgres",
                                                                 marks=pytest.mark.postgres)])
def api_database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('api') / 'api.sqlite3'}"
    return fresh_postgres_database(request.getfixturevalue("postgres_url"))


@pytest.fixture(scope="session")
def live_api(api_database: str) -> Iterator[ApiServerThread]:
    """The running API; a test may stop() it and must start() it again."""
    with seeded_api_server(api_database) as server:
        yield server


@pytest.fixture
def api(live_api: ApiServerThread) -> Iterator[ApiServerThread]:
    """The API, guaranteed running again after the test even if it stopped it."""
    live_api.start()
    yield live_api
    live_api.start()


@pytest.fixture
def client(api: ApiServerThread) -> Iterator[ApiClient]:
    signed_in = ApiClient(api.url, timeout=5)
    signed_in.login("operator", DEMO_PASSWORD)
    yield signed_in
    signed_in.close()


def unique_phone() -> str:
    """A mobile number no other test uses, so counts by phone are this test's own."""
    return "+38067" + "".join(random.choices("0123456789", k=7))


def appeal_payload(client: ApiClient, phone: str, description: str) -> dict[str, object]:
    problem = client.classifier()[0]["problems"][0]
    building = client.buildings("Хрещатик", limit=1)[0]
    return {"phone": phone, "full_name": "Тестовий Заявник", "problem_code": problem["code"],
            "building_id": building["id"], "description": description, "channel": "call"}


@pytest.fixture
def tmp_outbox_path(tmp_path: Path) -> Path:
    return tmp_path / "outbox.sqlite3"
