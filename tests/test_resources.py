"""Integrity of the seed data in resources/ that the API loads on first start.

IT may edit these files by hand; these checks catch a broken reference or a
malformed phone before the API seeds a database from them.
"""

from __future__ import annotations

import json
import re
import wave
from collections import Counter, defaultdict
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from kc1551_common.phones import normalize_phone

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
FILES = ["classifier.json", "executors.json", "streets.json", "kb_articles.json",
         "directory.json", "demo.json", "voices/voices.json"]

DISTRICTS = {"Голосіївський", "Дарницький", "Деснянський", "Дніпровський", "Оболонський",
             "Печерський", "Подільський", "Святошинський", "Солом'янський", "Шевченківський"}
# Problem names quoted in the product brief; operators and reports use them verbatim.
BRIEF_PROBLEMS = [
    "Відсутність ГВП", "Не працює пасажирський ліфт", "Не працює вантажний ліфт",
    "Застрягли люди в кабіні", "Відсутність освітлення у під'їзді",
    "Замінити лампу(-и) в парадному", "Незадовільна температура ГВП", "Відсутнє ХВП",
    "Незадовільна температура опалення", "Відсутнє ЦО в квартирі частково",
    "Знеструмлена квартира повністю", "Укладання та ремонт асфальтного покриття",
    "Розрахунки, нарахування субсидій", "Прибирання та санітарний стан територій",
]
BRIEF_SPHERES = [
    "Житлове господарство", "Транспорт та інфраструктура", "Соціальне забезпечення",
    "Охорона здоров'я", "Функціонування МАФ", "Торгівля та побут", "Зв'язок та інформатизація",
    "Правоохоронні органи", "Пенсійне забезпечення", "Освіта і наука",
]
KB_SPHERES = {"ЖКГ", "Транспорт", "Охорона здоров'я", "Реклама", "Житлове забезпечення",
              "Освіта", "Торгівля", "Сім'я, молодь та спорт", "Соціальне забезпечення",
              "Електронні сервіси"}
RULE_EXECUTORS = {"housing_office", "district_admin"}
EXECUTOR_KINDS = {"district_admin", "housing_office", "communal_enterprise", "department"}
STREET_TYPE = re.compile(r"^(вул\.|просп\.|бульв\.|пров\.|пл\.|наб\.|узвіз) |.* шосе$")
OPEN_STATUSES = {"registered", "in_work", "awaiting_verification"}
APPEAL_STATUSES = OPEN_STATUSES | {"closed"}
SERVICES = {"hot_water", "cold_water", "heating", "electricity", "lift"}
EMERGENCY_NUMBERS = {"101", "102", "103", "104", "112"}


@cache
def load(name: str) -> Any:
    return json.loads((RESOURCES / name).read_text(encoding="utf-8"))


def problems() -> dict[str, dict[str, Any]]:
    return {p["code"]: p for sphere in load("classifier.json") for p in sphere["problems"]}


def executors() -> dict[str, dict[str, Any]]:
    return {e["code"]: e for e in load("executors.json")}


def buildings() -> dict[tuple[str, str], str]:
    return {(s["street"], h): s["district"] for s in load("streets.json") for h in s["houses"]}


def assert_e164(phone: str) -> None:
    assert normalize_phone(phone) == phone, f"{phone} is not in E.164"


@pytest.mark.parametrize("name", FILES)
def test_file_is_utf8_json_with_two_space_indent(name: str) -> None:
    text = (RESOURCES / name).read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"


def test_classifier_codes_are_unique_and_nested() -> None:
    spheres = load("classifier.json")
    sphere_codes = [s["code"] for s in spheres]
    assert len(sphere_codes) == len(set(sphere_codes))
    all_codes = [p["code"] for s in spheres for p in s["problems"]]
    assert len(all_codes) == len(set(all_codes))
    for sphere in spheres:
        assert re.fullmatch(r"\d+", sphere["code"])
        for problem in sphere["problems"]:
            assert problem["code"].startswith(sphere["code"] + "."), problem["code"]
            assert re.fullmatch(r"\d+\.\d+", problem["code"])


def test_classifier_size_and_brief_entries() -> None:
    spheres = load("classifier.json")
    assert len(spheres) >= 12
    assert len(problems()) >= 70
    names = {p["name"] for p in problems().values()}
    assert set(BRIEF_PROBLEMS) <= names, set(BRIEF_PROBLEMS) - names
    sphere_names = {s["name"] for s in spheres}
    assert set(BRIEF_SPHERES) <= sphere_names, set(BRIEF_SPHERES) - sphere_names
    assert any(s["code"] == "32" and s["name"] == "SOS" for s in spheres)
    assert problems()["3.18"]["name"] == "Відсутність ГВП"


def test_problem_terms_are_realistic() -> None:
    for problem in problems().values():
        assert isinstance(problem["term_days"], int)
        assert 1 <= problem["term_days"] <= 30, problem
        assert isinstance(problem["emergency"], bool)
        if problem["emergency"]:
            assert problem["term_days"] == 1, problem
    assert problems()["3.3"]["name"] == "Застрягли люди в кабіні"
    assert problems()["3.3"]["emergency"] is True


def test_every_classifier_executor_resolves() -> None:
    known = set(executors()) | RULE_EXECUTORS
    unknown = {p["code"]: p["executor"] for p in problems().values() if p["executor"] not in known}
    assert not unknown


def test_executor_tree_is_consistent() -> None:
    records = load("executors.json")
    codes = [e["code"] for e in records]
    assert len(codes) == len(set(codes))
    by_code = executors()
    for rec in records:
        assert rec["kind"] in EXECUTOR_KINDS, rec
        assert rec["parent"] is None or rec["parent"] in by_code, rec
        assert rec["district"] is None or rec["district"] in DISTRICTS, rec
        if rec["phone"] is not None:
            assert_e164(rec["phone"])


def test_every_district_has_an_administration_and_housing_offices() -> None:
    by_district: dict[str, Counter[str]] = defaultdict(Counter)
    for rec in load("executors.json"):
        if rec["kind"] == "housing_office":
            parent = executors()[rec["parent"]]
            assert parent["kind"] == "district_admin"
            assert parent["district"] == rec["district"]
        if rec["district"]:
            by_district[rec["district"]][rec["kind"]] += 1
    assert set(by_district) == DISTRICTS
    for district, kinds in by_district.items():
        assert kinds["district_admin"] == 1, district
        assert kinds["housing_office"] >= 2, district


def test_streets_cover_every_district() -> None:
    records = load("streets.json")
    per_district = Counter(r["district"] for r in records)
    assert set(per_district) == DISTRICTS
    assert min(per_district.values()) >= 8
    names = [r["street"] for r in records]
    assert len(names) == len(set(names)), "a street name must belong to one district"
    for rec in records:
        assert STREET_TYPE.match(rec["street"]), rec["street"]
        assert 4 <= len(rec["houses"]) <= 12, rec["street"]
        assert len(rec["houses"]) == len(set(rec["houses"])), rec["street"]


def test_knowledge_base_articles() -> None:
    articles = load("kb_articles.json")
    assert len(articles) >= 45
    titles = [a["title"] for a in articles]
    assert len(titles) == len(set(titles))
    per_sphere = Counter(a["sphere"] for a in articles)
    assert set(per_sphere) == KB_SPHERES
    assert per_sphere.most_common(1)[0][0] == "ЖКГ"
    for article in articles:
        assert 80 <= len(article["body"].split()) <= 250, article["title"]
        assert len(article["keywords"]) >= 3, article["title"]
        assert article["author"], article["title"]
        assert article["editor"], article["title"]
        assert date.fromisoformat(article["created"]) <= date.fromisoformat(article["updated"])


def test_knowledge_base_answers_the_three_seed_questions() -> None:
    titles = [a["title"].lower() for a in load("kb_articles.json")]
    assert any("влітку" in t and "гаряч" in t for t in titles)
    assert any("садк" in t and "змінити" in t for t in titles)
    assert any("без згоди" in t for t in titles)


def test_directory_entries() -> None:
    entries = load("directory.json")
    assert len(entries) >= 25
    names = [e["name"] for e in entries]
    assert len(names) == len(set(names))
    short_numbers = set()
    for entry in entries:
        assert entry["phones"], entry["name"]
        for phone in entry["phones"]:
            if phone.startswith("+"):
                assert_e164(phone)
            else:
                assert re.fullmatch(r"\d{3,4}", phone), phone
                short_numbers.add(phone)
    assert short_numbers >= EMERGENCY_NUMBERS
    assert sum("районна в місті Києві державна адміністрація" in n for n in names) == 10


def test_demo_citizens_have_valid_phones_and_known_addresses() -> None:
    citizens = load("demo.json")["citizens"]
    assert len(citizens) == 40
    known = buildings()
    phones = [p for c in citizens for p in c["phones"]]
    assert len(phones) == len(set(phones))
    for phone in phones:
        assert_e164(phone)
    assert any(p.startswith("+38044") for p in phones)
    for citizen in citizens:
        assert 1 <= len(citizen["addresses"]) <= 2
        for addr in citizen["addresses"]:
            assert (addr["street"], addr["house"]) in known, addr


def test_demo_appeals_reference_known_callers_problems_and_addresses() -> None:
    demo = load("demo.json")
    homes = {p: {(a["street"], a["house"]) for a in c["addresses"]}
             for c in demo["citizens"] for p in c["phones"]}
    classifier = problems()
    assert len(demo["appeals"]) == 80
    for appeal in demo["appeals"]:
        assert appeal["problem_code"] in classifier, appeal
        assert (appeal["street"], appeal["house"]) in homes[appeal["phone"]], appeal
        assert appeal["status"] in APPEAL_STATUSES
        assert appeal["days_ago"] >= 0
        assert 0 < len(appeal["description"]) <= 4000
    assert set(Counter(a["status"] for a in demo["appeals"])) == APPEAL_STATUSES


def test_demo_has_repeats_and_overdue_appeals() -> None:
    appeals = load("demo.json")["appeals"]
    open_callers: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for appeal in appeals:
        if appeal["status"] in OPEN_STATUSES:
            key = (appeal["street"], appeal["house"], appeal["problem_code"])
            open_callers[key].add(appeal["phone"])
    repeated_buildings = {k for k, callers in open_callers.items() if len(callers) >= 2}
    assert len(repeated_buildings) >= 3
    terms = {code: p["term_days"] for code, p in problems().items()}
    overdue = [a for a in appeals
               if a["status"] in OPEN_STATUSES and a["days_ago"] > terms[a["problem_code"]]]
    assert len(overdue) >= 3


def test_demo_outages() -> None:
    outages = load("demo.json")["outages"]
    assert len(outages) == 10
    known = buildings()
    assert {o["service"] for o in outages} == SERVICES
    assert {o["kind"] for o in outages} == {"outage", "planned_works"}
    by_building = [o for o in outages if o["street"] is not None]
    by_district = [o for o in outages if o["street"] is None]
    assert by_building
    assert by_district
    for outage in by_building:
        assert (outage["street"], outage["house"]) in known, outage
        assert outage["district"] is None
    for outage in by_district:
        assert outage["house"] is None
        assert outage["district"] in DISTRICTS
    for outage in outages:
        assert outage["starts_in_hours"] < outage["ends_in_hours"]
        assert outage["executor"] in executors()
        assert outage["description"]


def test_demo_voices_are_short_pcm_about_known_problems() -> None:
    """resources/voices: what the demo's simulated citizens say (shipped, not built)."""
    entries = load("voices/voices.json")
    folder = RESOURCES / "voices"
    assert sorted(p.name for p in folder.glob("*.wav")) == sorted(e["file"] for e in entries)
    codes = [code for entry in entries for code in entry["problems"]]
    assert len(codes) == len(set(codes))  # one sentence per problem
    assert set(codes) <= set(problems())
    for entry in entries:
        assert entry["text"].strip()
        with wave.open(str(folder / entry["file"]), "rb") as wav:
            assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2), entry["file"]
            assert wav.getframerate() in (8000, 16000), entry["file"]
            assert 1.0 <= wav.getnframes() / wav.getframerate() <= 6.0, entry["file"]
    assert sum((folder / e["file"]).stat().st_size for e in entries) < 1_000_000
    # most demo callers have a sentence for their latest appeal's problem
    latest: dict[str, tuple[int, str]] = {}
    for appeal in load("demo.json")["appeals"]:
        if appeal["phone"] not in latest or appeal["days_ago"] < latest[appeal["phone"]][0]:
            latest[appeal["phone"]] = (appeal["days_ago"], appeal["problem_code"])
    spoken = [code for _, code in latest.values() if code in set(codes)]
    assert len(spoken) >= 0.8 * len(latest)
