"""Knowledge-base search on Ukrainian text, in both engines, and the directory."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from server_api.kb.text import search_text, stem, tokens

Headers = dict[str, str]


@pytest.mark.parametrize(
    ("a", "b"),
    [("гаряча вода", "гарячої води"), ("під'їзд", "під’їзду"), ("Ґанок", "ганок"),
     ("ліфт", "ліфтів"), ("дитячий садок", "дитячого садок")],
)
def test_word_forms_meet_on_one_stem(a: str, b: str) -> None:
    assert search_text(a) == search_text(b)


def test_short_words_keep_their_stem() -> None:
    assert stem("вода") == "вод"
    assert stem("ЦО".lower()) == "цо"
    assert tokens("ГВП, 14 днів!") == ["гвп", "14", "днів"]  # "дн" would be too short


def _titles(client: TestClient, headers: Headers, query: str) -> list[str]:
    response = client.get("/api/v1/kb/search", params={"q": query}, headers=headers)
    assert response.status_code == 200
    return [hit["title"] for hit in response.json()]


def test_inflected_query_finds_and_title_ranks_first(client: TestClient,
                                                     auth: dict[str, Headers]) -> None:
    headers = auth["operator"]
    titles = _titles(client, headers, "гаряча вода")
    # Title hit ("гарячу воду") above the body-only hit ("гарячої води").
    assert titles[:2] == ["Чому влітку відключають гарячу воду",
                          "Графік планових ремонтів тепломереж"]
    assert _titles(client, headers, "гарячої води")[0] == titles[0]


def test_prefix_as_you_type(client: TestClient, auth: dict[str, Headers]) -> None:
    headers = auth["operator"]
    assert "Чому влітку відключають гарячу воду" in _titles(client, headers, "гаряч")
    assert _titles(client, headers, "дитяч сад")[0] == "Як змінити обраний дитячий садок"
    assert _titles(client, headers, "підїзд")[0] == "Не працює ліфт у під’їзді"


def test_search_edge_cases(client: TestClient, auth: dict[str, Headers]) -> None:
    headers = auth["operator"]
    assert _titles(client, headers, "") == []
    assert _titles(client, headers, "\"*:&|!()'") == []
    assert _titles(client, headers, "бегемот") == []
    hits = client.get("/api/v1/kb/search", params={"q": "згоди пацієнта"}, headers=headers).json()
    assert hits[0]["snippet"]
    assert hits[0]["score"] > 0


def test_article_and_directory(client: TestClient, auth: dict[str, Headers]) -> None:
    headers = auth["operator"]
    hit = client.get("/api/v1/kb/search", params={"q": "ліфт"}, headers=headers).json()[0]
    article = client.get(f"/api/v1/kb/articles/{hit['id']}", headers=headers).json()
    assert article["keywords"] == ["ліфт"]
    assert article["author"] == "Редактор"
    assert client.get("/api/v1/kb/articles/999999", headers=headers).status_code == 404
    entries = client.get("/api/v1/directory", params={"q": "теплоенерго"}, headers=headers)
    assert [e["name"] for e in entries.json()] == ["Київтеплоенерго"]
