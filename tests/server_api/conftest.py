"""One API per test module and database engine: real PostgreSQL and an SQLite file.

Schema creation and seeding happen once per module (not per test); tests
that need a clean slate make their own buildings/citizens via the API.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kc1551_demo.seed_data import DEMO_PASSWORD, seed_demo
from server_api.app import create_app
from server_api.seed import RESOURCES_DIR
from server_api.settings import ROUND_THE_CLOCK, Settings
from tests.fixtures.servers import fresh_postgres_database

# Articles written for the ranking tests: the title hit must outrank body hits.
TEST_ARTICLES = [
    {"sphere": "ЖКГ", "title": "Чому влітку відключають гарячу воду",
     "body": "Щороку теплопостачальна організація проводить гідравлічні випробування мереж. "
             "Гаряча вода відсутня до 14 днів.",
     "keywords": ["ГВП", "гаряча вода"], "author": "Редактор", "editor": "Редактор",
     "created": "2024-05-01", "updated": "2024-05-02"},
    {"sphere": "ЖКГ", "title": "Графік планових ремонтів тепломереж",
     "body": "Під час ремонту мереж у будинках немає гарячої води; "
             "строки публікує Київтеплоенерго.",
     "keywords": ["ремонт"], "author": "Редактор", "editor": "Редактор",
     "created": "2024-05-01", "updated": "2024-05-02"},
    {"sphere": "Освіта", "title": "Як змінити обраний дитячий садок",
     "body": "Батьки подають заяву через електронну чергу; місце в садку зберігається.",
     "keywords": ["садок"], "author": "Редактор", "editor": "Редактор",
     "created": "2024-05-01", "updated": "2024-05-02"},
    {"sphere": "Охорона здоров'я", "title": "Медична допомога без згоди пацієнта",
     "body": "Невідкладна допомога надається без згоди, коли зволікання загрожує життю.",
     "keywords": ["згода"], "author": "Редактор", "editor": "Редактор",
     "created": "2024-05-01", "updated": "2024-05-02"},
    {"sphere": "ЖКГ", "title": "Не працює ліфт у під’їзді",
     "body": "Заявку приймає аварійна служба ліфтового господарства цілодобово.",
     "keywords": ["ліфт"], "author": "Редактор", "editor": "Редактор",
     "created": "2024-05-01", "updated": "2024-05-02"},
]
TEST_DIRECTORY = [
    {"name": "Київтеплоенерго", "address": "вул. Дмитрівська, 5", "phones": ["+380442071111"],
     "email": "info@kte.example", "site": "kte.example", "hours": "цілодобово", "head": "Директор"},
]


@pytest.fixture(scope="session")
def test_resources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's classifier, executors and streets, plus our own KB and directory."""
    folder = tmp_path_factory.mktemp("resources")
    for name in ("classifier.json", "executors.json", "streets.json"):
        shutil.copy(RESOURCES_DIR / name, folder / name)
    (folder / "kb_articles.json").write_text(json.dumps(TEST_ARTICLES, ensure_ascii=False))
    (folder / "directory.json").write_text(json.dumps(TEST_DIRECTORY, ensure_ascii=False))
    return folder


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest,
                 tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('api') / 'api.sqlite3'}"
    return fresh_postgres_database(request.getfixturevalue("postgres_url"))


@pytest.fixture(scope="module")
def client(database_url: str, test_resources: Path) -> Iterator[TestClient]:
    seed_demo(database_url, test_resources)  # demo users; no demo.json here
    app = create_app(database_url, Settings(resources_dir=test_resources, **ROUND_THE_CLOCK))
    with TestClient(app) as test_client:
        yield test_client
    app.state.engine.dispose()


def login(client: TestClient, username: str) -> dict[str, str]:
    response = client.post("/api/v1/auth/login",
                           json={"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


@pytest.fixture(scope="module")
def auth(client: TestClient) -> dict[str, dict[str, str]]:
    """Headers per demo user: operator, operator2, feedback, lead, admin."""
    return {name: login(client, name) for name in ("operator", "operator2", "feedback", "lead",
                                                    "admin")}


def find_building(client: TestClient, headers: dict[str, str], query: str) -> dict[str, object]:
    found = client.get("/api/v1/buildings", params={"q": query}, headers=headers).json()
    assert found, f"no building for {query!r}"
    building: dict[str, object] = found[0]
    return building
