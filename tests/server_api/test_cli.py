"""The command line against a fresh SQLite file: migrate, apikey create, user create, demo."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from server_api.__main__ import main
from server_api.app import create_app
from server_api.db import make_engine, make_session_factory, session_scope
from server_api.models import Building, Problem


def test_apikey_and_user_create(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert main(["--database-url", url, "migrate"]) == 0
    assert main(["--database-url", url, "apikey", "create", "web-portal"]) == 0
    key = capsys.readouterr().out.strip().splitlines()[-1]
    assert key.startswith("kc1551_")
    assert main(["--database-url", url, "apikey", "create", "web-portal"]) == 1
    assert "вже існує" in capsys.readouterr().err
    assert main(["--database-url", url, "user", "create", "olena", "--role", "operator",
                 "--password", "s3cret", "--full-name", "Олена"]) == 0
    with TestClient(create_app(url)) as client:
        assert client.get("/api/v1/classifier", headers={"X-API-Key": key}).status_code == 200
        login = client.post("/api/v1/auth/login", json={"username": "olena",
                                                         "password": "s3cret"})
        assert login.json()["user"]["full_name"] == "Олена"


def test_reference_seed_is_idempotent(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'seed.sqlite3'}"

    def counts() -> tuple[int, int]:
        engine = make_engine(url)
        with session_scope(make_session_factory(engine)) as session:
            result = (session.scalar(select(func.count()).select_from(Problem)) or 0,
                      session.scalar(select(func.count()).select_from(Building)) or 0)
        engine.dispose()
        return result

    create_app(url).state.engine.dispose()
    first = counts()
    create_app(url).state.engine.dispose()
    assert counts() == first
    assert first[0] >= 60
    assert first[1] >= 100


def test_module_entry_point_runs(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'module.sqlite3'}"
    done = subprocess.run([sys.executable, "-m", "server_api", "--database-url", url, "migrate"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "Міграції виконано" in done.stdout


def test_demo_seed_once(tmp_path: Path, test_resources: Path) -> None:
    import json
    import shutil

    from kc1551_demo.seed_data import DEMO_PASSWORD, seed_demo

    resources = tmp_path / "resources"
    shutil.copytree(test_resources, resources)
    streets = json.loads((resources / "streets.json").read_text(encoding="utf-8"))
    street, house = streets[0]["street"], streets[0]["houses"][0]
    (resources / "demo.json").write_text(json.dumps({
        "citizens": [{"full_name": "Демо Громадянин", "phones": ["0671230000"],
                      "addresses": [{"street": street, "house": house, "flat": "1"}]}],
        "appeals": [
            {"phone": "0671230000", "problem_code": "3.4", "street": street, "house": house,
             "flat": "1", "description": "Темно", "status": "closed", "days_ago": 30},
            {"phone": "0671230000", "problem_code": "8.1", "street": street, "house": house,
             "flat": "1", "description": "Домофон", "status": "in_work", "days_ago": 40},
        ],
        "outages": [{"kind": "outage", "service": "hot_water", "street": street, "house": house,
                     "district": streets[0]["district"], "starts_in_hours": -2,
                     "ends_in_hours": 20, "description": "Аварія", "executor": None}],
    }, ensure_ascii=False), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    assert seed_demo(url, resources) is True
    assert seed_demo(url, resources) is False
    with TestClient(create_app(url)) as client:
        token = client.post("/api/v1/auth/login", json={"username": "feedback",
                                                         "password": DEMO_PASSWORD}).json()
        pop = client.get("/api/v1/screen-pop", params={"phone": "0671230000"},
                         headers={"Authorization": f"Bearer {token['token']}"}).json()
    assert [c["full_name"] for c in pop["citizens"]] == ["Демо Громадянин"]
    assert [(a["status"], a["overdue"]) for a in pop["appeals"]] == [
        ("closed", False), ("in_work", True)]
    assert [o["service"] for o in pop["outages"]] == ["hot_water"]
