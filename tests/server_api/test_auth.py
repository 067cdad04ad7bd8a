"""Sign-in, tokens, API keys and the role × endpoint matrix."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from server_api.auth.service import hash_password, verify_password
from server_api.db import make_engine, make_session_factory, session_scope, utcnow
from server_api.models import AuthToken, User

Headers = dict[str, str]
ALL = ("operator", "feedback", "lead", "admin")
LEADS = ("lead", "admin")

# (method, path, json body, roles allowed). Bodies are valid enough to pass auth;
# what matters here is 401 without a token and 403 for every other role.
MATRIX: list[tuple[str, str, dict[str, Any] | None, tuple[str, ...]]] = [
    ("GET", "/api/v1/screen-pop?phone=0441234567", None, ALL),
    ("GET", "/api/v1/classifier", None, ALL),
    ("GET", "/api/v1/buildings?q=вул", None, ALL),
    ("GET", "/api/v1/executors", None, ALL),
    ("GET", "/api/v1/kb/search?q=вода", None, ALL),
    ("GET", "/api/v1/directory", None, ALL),
    ("GET", "/api/v1/outages", None, ALL),
    ("GET", "/api/v1/appeals", None, ALL),
    ("POST", "/api/v1/appeals", {"phone": "x"}, ("operator", "lead", "admin")),
    ("POST", "/api/v1/appeals/1/transition", {"to": "in_work"}, ("feedback", *LEADS)),
    ("POST", "/api/v1/appeals/1/verifications", {"outcome": "confirmed"}, ("feedback", *LEADS)),
    ("POST", "/api/v1/consultations", {"topic": "т"}, ALL),
    ("POST", "/api/v1/calls", {}, ALL),
    ("POST", "/api/v1/outages", {}, LEADS),
    ("PUT", "/api/v1/agents/me/state", {"state": "available"}, ALL),
    ("GET", "/api/v1/agents", None, LEADS),
]


def test_login_and_bad_credentials(client: TestClient) -> None:
    ok = client.post("/api/v1/auth/login", json={"username": "lead", "password": "demo1551"})
    assert ok.status_code == 200
    body = ok.json()
    assert body["user"]["role"] == "shift_lead"
    assert body["expires_at"].endswith("+00:00")
    bad = client.post("/api/v1/auth/login", json={"username": "lead", "password": "wrong"})
    assert bad.status_code == 401
    assert bad.json()["code"] == "bad_credentials"
    nobody = client.post("/api/v1/auth/login", json={"username": "ghost", "password": "x"})
    assert nobody.json()["code"] == "bad_credentials"


def test_health_needs_no_token(client: TestClient, database_url: str) -> None:
    body = client.get("/api/v1/health").json()
    assert body["status"] == "ok"
    assert body["database"] == ("sqlite" if database_url.startswith("sqlite") else "postgresql")


@pytest.mark.parametrize(("method", "path", "body", "allowed"), MATRIX)
def test_role_matrix(client: TestClient, auth: dict[str, Headers], method: str, path: str,
                     body: dict[str, Any] | None, allowed: tuple[str, ...]) -> None:
    anonymous = client.request(method, path, json=body)
    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == "not_authenticated"
    for role in ALL:
        response = client.request(method, path, json=body, headers=auth[role])
        if role in allowed:
            assert response.status_code not in (401, 403, 500), (role, response.text)
        else:
            assert response.status_code == 403, (role, response.text)
            assert response.json()["code"] == "forbidden"


def test_garbage_and_expired_tokens(client: TestClient, auth: dict[str, Headers],
                                    database_url: str) -> None:
    garbage = client.get("/api/v1/classifier", headers={"Authorization": "Bearer nope"})
    assert garbage.status_code == 401
    basic = client.get("/api/v1/classifier", headers={"Authorization": "Basic abc"})
    assert basic.status_code == 401
    wrong_key = client.get("/api/v1/classifier", headers={"X-API-Key": "kc1551_nope"})
    assert wrong_key.status_code == 401
    engine = make_engine(database_url)
    with session_scope(make_session_factory(engine)) as session:
        for token in session.scalars(select(AuthToken).join(User)
                                     .where(User.username == "operator2")):
            token.expires_at = utcnow() - timedelta(minutes=1)
    engine.dispose()
    expired = client.get("/api/v1/classifier", headers=auth["operator2"])
    assert expired.status_code == 401


def test_passwords_are_salted_hashes() -> None:
    first, second = hash_password("demo1551"), hash_password("demo1551")
    assert first != second
    assert "demo1551" not in first
    assert verify_password("demo1551", first)
    assert not verify_password("demo1552", first)
    assert not verify_password("demo1551", "plain-text")
