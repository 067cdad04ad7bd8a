"""Fill a database with a city's worth of appeals for the benchmarks.

    DATABASE_URL=postgresql://... python bench/seed.py [--appeals N] [--citizens N]

The schema comes from the app's own path (`prepare_database`: Alembic
migrations + reference seed); then buildings, citizens with 1-2 phones,
appeals over ~3 years, outages and KB articles are generated with a fixed
random seed and written the fastest correct way: COPY (psycopg) into
PostgreSQL, executemany into SQLite. Shapes follow the brief: housing about
two thirds of appeals, ~85-90 % closed, a few % overdue, repeats at the same
building, buildings over Kyiv's 10 districts.

Idempotent enough: tables that already hold the asked-for number of rows are
left alone, so the screen-pop bench can reuse the database.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import os
import random
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import psycopg
from sqlalchemy import Engine, func, select

from server_api.app import prepare_database
from server_api.db import make_session_factory, session_scope
from server_api.kb.service import refresh_suggestions
from server_api.kb.text import search_text
from server_api.models import Appeal, Building, Citizen, KbArticle, Problem
from server_api.reference.cache import reference_data
from server_api.seed import building_search_key, load_resource
from server_api.settings import normalize_database_url

Row = tuple[Any, ...]
T = TypeVar("T")
YEARS = 3
HOUSING_SPHERE = "3"
# Share of appeals per sphere code; housing dominates (50-83 % in the seeds).
SPHERE_WEIGHTS = {"3": 66.0, "2": 9.0, "1": 8.0, "4": 3.5, "5": 3.0, "7": 2.0, "8": 2.0,
                  "12": 1.5, "6": 1.0, "9": 1.0, "10": 1.0, "11": 1.0, "32": 0.5}
CHANNELS = (("call", 78), ("web", 14), ("app", 7), ("gov", 1))
MOBILE_CODES = ("50", "66", "95", "99", "67", "68", "96", "97", "98", "63", "73", "93")
SURNAMES = ("Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Олійник",
            "Шевчук", "Поліщук", "Бойко", "Мельник", "Коваль", "Лисенко", "Марченко",
            "Савченко", "Руденко", "Мороз", "Петренко", "Клименко", "Павленко", "Кузьменко",
            "Левченко", "Гончаренко", "Харченко", "Ковальчук", "Романенко", "Карпенко",
            "Мазур", "Литвиненко", "Сидоренко", "Швець")
FIRST_NAMES = ("Олександр", "Андрій", "Сергій", "Володимир", "Дмитро", "Микола", "Іван",
               "Юрій", "Олена", "Наталія", "Тетяна", "Ірина", "Світлана", "Оксана", "Галина",
               "Людмила", "Марія", "Ганна", "Віктор", "Петро", "Василь", "Катерина")
DETAILS = ("Проблема триває кілька днів.", "Звертаюся вже не вперше.",
           "Сусіди підтверджують.", "Прошу вжити заходів якнайшвидше.",
           "У під'їзді є літні люди та діти.", "Після дощу стало гірше.",
           "Попередня заявка не допомогла.", "Прошу повідомити про строки виконання.")
KB_ASPECTS = ("строки виконання", "куди звертатися", "які документи потрібні",
              "хто відповідає", "як перевірити стан заявки", "графік робіт",
              "права мешканців", "компенсація та перерахунок", "аварійні випадки",
              "планові роботи", "оплата та тарифи", "порядок оскарження")
# Synthetic KB bodies are real sentences from resources/kb_articles.json, drawn from the
# articles of the classifier sphere's own subject (these KB sphere names): each sphere
# gets its own vocabulary, and a common word is in a few per cent of the articles, as
# in a real KB, not in half of them as stock sentences shared by all would make it.
KB_SOURCES = {
    "1": ("Транспорт",), "2": ("ЖКГ",), "3": ("ЖКГ", "Житлове забезпечення"),
    "4": ("Соціальне забезпечення",), "5": ("Охорона здоров'я",), "6": ("Реклама", "Торгівля"),
    "7": ("Торгівля",), "8": ("Електронні сервіси",), "10": ("Соціальне забезпечення",),
    "11": ("Освіта", "Сім'я, молодь та спорт"), "12": ("ЖКГ",), "32": ("ЖКГ",),
}
KB_SENTENCES_PER_ARTICLE = 4
OUTAGE_SERVICES = ("hot_water", "cold_water", "heating", "electricity", "lift")
_SQLITE_DT = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy's DateTime stores values in SQLite


@dataclass(frozen=True)
class ProblemInfo:
    id: int
    code: str
    name: str
    sphere_code: str
    term_days: int
    emergency: bool


class Writer:
    """Bulk inserts: COPY for PostgreSQL, executemany for SQLite."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.postgres = engine.dialect.name == "postgresql"

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[Row]) -> int:
        if self.postgres:
            return self._copy(table, columns, rows)
        return self._executemany(table, columns, rows)

    def _copy(self, table: str, columns: Sequence[str], rows: Iterable[Row]) -> int:
        count = 0
        with psycopg.connect(libpq_url(self.engine)) as conn, conn.cursor() as cur:
            with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))")
        return count

    def _executemany(self, table: str, columns: Sequence[str], rows: Iterable[Row]) -> int:
        placeholders = ", ".join("?" for _ in columns)
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"
        count = 0
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()
            batch: list[Row] = []
            for row in rows:
                batch.append(tuple(_sqlite_value(v) for v in row))
                if len(batch) == 50_000:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch.clear()
            cursor.executemany(sql, batch)
            count += len(batch)
            raw.commit()
        finally:
            raw.close()
        return count

    def analyze(self) -> None:
        """Statistics, and on PostgreSQL what autovacuum gives a database that has lived:
        freshly COPY-ed pages have no visibility map or hint bits yet, and the first
        reads after seeding paid for setting them (KB search p95 30 ms instead of 15)."""
        raw = self.engine.raw_connection()
        try:
            if self.engine.dialect.name == "postgresql":
                raw.driver_connection.autocommit = True  # type: ignore[union-attr]
                raw.cursor().execute("VACUUM (ANALYZE)")
            else:
                raw.cursor().execute("ANALYZE")
                raw.commit()
        finally:
            raw.close()


def libpq_url(engine: Engine) -> str:
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime(_SQLITE_DT)
    return value


def _max_id(engine: Engine, table: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.coalesce(func.max(table.id), 0))).scalar_one())


def _count(engine: Engine, table: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def citizen_phones(citizen_id: int) -> list[str]:
    """1-2 distinct phones per citizen, unique across citizens.

    7919 is prime to 10**7, so id → number is a bijection: no two citizens
    share a first (mobile) or a second (Kyiv landline) number.
    """
    number = (citizen_id * 7919) % 10**7
    phones = [f"+380{MOBILE_CODES[citizen_id % len(MOBILE_CODES)]}{number:07d}"]
    if citizen_id % 4 == 0:  # a quarter of the callers also give a landline
        phones.append(f"+38044{(number + 1_234_567) % 10**7:07d}")
    return phones


# --- buildings ----------------------------------------------------------------

def seed_buildings(engine: Engine, writer: Writer, target: int, rng: random.Random) -> None:
    """Extra houses on the real streets until there are target buildings."""
    with engine.connect() as conn:
        existing = {(s, h): d for s, h, d in conn.execute(
            select(Building.street, Building.house, Building.district))}
    missing = target - len(existing)
    if missing <= 0:
        return
    streets = sorted({(s, d) for (s, _h), d in existing.items()})
    next_id = _max_id(engine, Building) + 1
    rows: list[Row] = []
    house = 1
    while len(rows) < missing:
        for street, district in streets:
            key = (street, str(house))
            if key in existing:
                continue
            existing[key] = district
            rows.append((next_id + len(rows), street, str(house), district,
                         building_search_key(street, str(house))))
            if len(rows) == missing:
                break
        house += 1
    rng.shuffle(rows)  # ids stay as assigned; only the order of writing changes
    writer.insert("buildings", ("id", "street", "house", "district", "search_key"), rows)


# --- citizens -----------------------------------------------------------------------

def seed_citizens(engine: Engine, writer: Writer, target: int, rng: random.Random,
                  now: datetime) -> None:
    missing = target - _count(engine, Citizen)
    if missing <= 0:
        return
    with engine.connect() as conn:
        building_ids = list(conn.execute(select(Building.id)).scalars())
    first = _max_id(engine, Citizen) + 1
    ids = range(first, first + missing)
    start = now - timedelta(days=365 * YEARS)
    span = (now - start).total_seconds()
    names = [(i, f"{rng.choice(SURNAMES)} {rng.choice(FIRST_NAMES)}",
              start + timedelta(seconds=rng.random() * span)) for i in ids]
    writer.insert("citizens", ("id", "full_name", "created_at"), names)
    phone_rows = ((cid, phone) for cid in ids for phone in citizen_phones(cid))
    writer.insert("citizen_phones", ("citizen_id", "phone"), phone_rows)
    # One home each; a few callers also report from a second address (work, parents').
    homes = ((cid, rng.choice(building_ids), str(rng.randint(1, 220))) for cid in ids)
    second = ((cid, rng.choice(building_ids), None) for cid in ids if cid % 12 == 0)
    writer.insert("citizen_addresses", ("citizen_id", "building_id", "flat"), homes)
    writer.insert("citizen_addresses", ("citizen_id", "building_id", "flat"), second)


# --- appeals -------------------------------------------------------------------

def _problems(engine: Engine) -> list[ProblemInfo]:
    with session_scope(make_session_factory(engine)) as session:
        return [ProblemInfo(p.id, p.code, p.name, p.sphere.code, p.term_days, p.emergency)
                for p in session.scalars(select(Problem).order_by(Problem.id))]


def _executors(engine: Engine, problems: list[ProblemInfo]) -> dict[tuple[int, str], int | None]:
    """(problem id, district) → executor id, by the same rule registration uses."""
    result: dict[tuple[int, str], int | None] = {}
    with session_scope(make_session_factory(engine)) as session:
        districts = list(session.scalars(select(Building.district).distinct()))
        reference = reference_data(session)
        for info in problems:
            problem = reference.problem(info.code)
            for district in districts:
                executor = reference.executor_for(problem, district)
                result[(info.id, district)] = executor.id if executor else None
    return result


def sampler(items: Sequence[T], weights: Sequence[float],
            rng: random.Random) -> Callable[[], T]:
    """A weighted pick that costs one random() and one bisect (rng.choices is 4x slower)."""
    cumulative = list(itertools.accumulate(weights))
    total = cumulative[-1]

    def pick() -> T:
        return items[bisect.bisect_right(cumulative, rng.random() * total)]

    return pick


def _problem_sampler(problems: list[ProblemInfo],
                     rng: random.Random) -> Callable[[], ProblemInfo]:
    by_sphere: dict[str, list[ProblemInfo]] = {}
    for info in problems:
        by_sphere.setdefault(info.sphere_code, []).append(info)
    items: list[ProblemInfo] = []
    weights: list[float] = []
    for sphere, members in by_sphere.items():
        # Inside a sphere the first problems (lifts, hot water, lighting) are the common ones.
        inner = [1.0 / (1 + i * 0.3) for i in range(len(members))]
        share = SPHERE_WEIGHTS.get(sphere, 0.5) / sum(inner)
        items += members
        weights += [w * share for w in inner]
    return sampler(items, weights, rng)


def _status(rng: random.Random, created: datetime, deadline: datetime,
            now: datetime) -> tuple[str, datetime | None, datetime]:
    """(status, closed_at, updated_at): old appeals are mostly closed; a few hang overdue."""
    term = deadline - created
    if deadline + timedelta(days=20) < now:
        roll = rng.random()
        if roll < 0.035:  # stuck in work or waiting for the call-back: overdue
            status = "in_work" if roll < 0.02 else "awaiting_verification"
            return status, None, created + term * rng.uniform(0.2, 1.5)
        status = "cancelled" if roll < 0.065 else "closed"
        # ~85 % on time, the rest late by up to two terms.
        factor = rng.uniform(0.1, 1.0) if rng.random() < 0.85 else rng.uniform(1.0, 3.0)
        closed = min(created + term * factor, now)
        return status, closed, closed
    age = (now - created) / term if term else 1.0
    roll = rng.random()
    if roll < 0.35 * age:
        closed = created + (now - created) * rng.uniform(0.3, 1.0)
        return "closed", closed, closed
    if roll < 0.55:
        return "in_work", None, created + (now - created) * rng.uniform(0.0, 0.5)
    if roll < 0.7 and age > 0.3:
        return "awaiting_verification", None, created + (now - created) * rng.uniform(0.5, 1)
    return "registered", None, created


APPEAL_COLUMNS = ("id", "number", "citizen_id", "callback_phone", "channel", "status",
                  "problem_id", "building_id", "flat", "entrance", "description", "executor_id",
                  "deadline", "created_at", "updated_at", "closed_at", "rework_count",
                  "repeat_of_id", "sip_call_id", "operator_id", "api_key_id")


def _appeal_rows(engine: Engine, missing: int, rng: random.Random,
                 now: datetime) -> Iterable[Row]:
    problems = _problems(engine)
    executors = _executors(engine, problems)
    pick_problem = _problem_sampler(problems, rng)
    with engine.connect() as conn:
        homes = [(int(c), int(b), f) for c, b, f in conn.exec_driver_sql(
            "SELECT citizen_id, building_id, flat FROM citizen_addresses ORDER BY id")]
        district_of = {int(i): str(d) for i, d in conn.execute(
            select(Building.id, Building.district))}
    building_ids = list(district_of)
    pick_channel = sampler([name for name, _ in CHANNELS], [w for _, w in CHANNELS], rng)
    pick_rework = sampler((0, 1, 2), (88, 10, 2), rng)
    first = _max_id(engine, Appeal) + 1
    start = now - timedelta(days=365 * YEARS)
    step = (now - start) / missing
    # Last appeal per (building, problem): a new one within two weeks is a repeat.
    last_at: dict[tuple[int, int], tuple[int, datetime]] = {}
    for n in range(missing):
        appeal_id = first + n
        created = start + step * n + timedelta(seconds=rng.random() * 60)
        # Some callers ring often: a skewed pick over the citizens' homes.
        citizen_id, building_id, flat = homes[int(len(homes) * rng.random() ** 1.6)]
        if rng.random() < 0.12:  # reported somewhere else (a road, a park, a shop)
            building_id, flat = building_ids[int(rng.random() * len(building_ids))], None
        problem = pick_problem()
        days = 1 if problem.emergency else problem.term_days
        deadline = created + timedelta(days=days * 7 / 5)  # working days → calendar days
        status, closed_at, updated_at = _status(rng, created, deadline, now)
        previous = last_at.get((building_id, problem.id))
        repeat_of = (previous[0] if previous and created - previous[1] < timedelta(days=14)
                     else None)
        last_at[(building_id, problem.id)] = (appeal_id, created)
        channel = pick_channel()
        rework = 0 if status == "registered" else pick_rework()
        yield (appeal_id, f"К-{created.year}-{appeal_id:06d}", citizen_id, None, channel,
               status, problem.id, building_id, flat, None,
               f"{problem.name}. {DETAILS[int(rng.random() * len(DETAILS))]}",
               executors.get((problem.id, district_of[building_id])), deadline, created,
               updated_at, closed_at, rework, repeat_of,
               f"bench-{appeal_id}@pbx" if channel == "call" else None, None, None)


def seed_appeals(engine: Engine, writer: Writer, target: int, rng: random.Random,
                 now: datetime) -> None:
    missing = target - _count(engine, Appeal)
    if missing > 0:
        writer.insert("appeals", APPEAL_COLUMNS, _appeal_rows(engine, missing, rng, now))


# --- outages and the knowledge base ------------------------------------------------------

def seed_outages(engine: Engine, writer: Writer, rng: random.Random, now: datetime) -> None:
    """A few hundred current or coming outages, the way executors publish them."""
    with engine.connect() as conn:
        if conn.exec_driver_sql("SELECT count(*) FROM outages").scalar_one() >= 200:
            return
        buildings = list(conn.execute(select(Building.id, Building.district)))
    columns = ("kind", "service", "building_id", "district", "starts_at", "ends_at",
               "description", "created_at")
    rows: list[Row] = []
    for n in range(300):
        building_id, district = rng.choice(buildings)
        starts = now + timedelta(hours=rng.uniform(-72, 72))
        kind = "planned_works" if starts > now else "outage"
        district_wide = n % 15 == 0
        rows.append((kind, rng.choice(OUTAGE_SERVICES), None if district_wide else building_id,
                     district if district_wide else None, starts,
                     starts + timedelta(hours=rng.uniform(4, 14 * 24)),
                     "Планові ремонтні роботи на мережах" if kind == "planned_works"
                     else "Аварійне відключення", now))
    writer.insert("outages", columns, rows)


def kb_sentences_by_sphere() -> dict[str, list[str]]:
    """Classifier sphere code → sentences of the real KB articles on its subject
    (spheres without any, e.g. police, draw from all of them)."""
    by_kb_sphere: dict[str, list[str]] = {}
    for article in load_resource("kb_articles.json") or []:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", article["body"]) if len(s) > 20]
        by_kb_sphere.setdefault(article["sphere"], []).extend(sentences)
    everything = [s for sentences in by_kb_sphere.values() for s in sentences]
    pools = {code: [s for name in names for s in by_kb_sphere.get(name, [])]
             for code, names in KB_SOURCES.items()}
    return {code: pool or everything for code, pool in pools.items()} | {"": everything}


def seed_articles(engine: Engine, writer: Writer, target: int, rng: random.Random,
                  now: datetime) -> None:
    """Articles per classifier problem and aspect, indexed like real ones (search_text)."""
    missing = target - _count(engine, KbArticle)
    if missing <= 0:
        return
    problems = _problems(engine)
    sentences = kb_sentences_by_sphere()
    first = _max_id(engine, KbArticle) + 1
    columns = ("id", "sphere", "title", "body", "keywords", "author", "editor", "created_at",
               "updated_at", "search_title", "search_body")

    def rows() -> Iterable[Row]:
        for n in range(missing):
            problem = problems[n % len(problems)]
            aspect = KB_ASPECTS[(n // len(problems)) % len(KB_ASPECTS)]
            title = f"{problem.name}: {aspect} (№ {first + n})"  # no shared word
            pool = sentences.get(problem.sphere_code, sentences[""])
            body = " ".join([f"{problem.name}.",
                             *rng.sample(pool, min(KB_SENTENCES_PER_ARTICLE, len(pool)))])
            keywords = [problem.name.split()[0].lower(), aspect]
            written = now - timedelta(days=rng.uniform(0, 365 * YEARS))
            yield (first + n, problem.sphere_code, title, body,
                   json.dumps(keywords, ensure_ascii=False), "Редакція бази знань",
                   "Редакція бази знань", written, written, search_text(title),
                   search_text(" ".join([body, *keywords])))

    writer.insert("kb_articles", columns, rows())
    with session_scope(make_session_factory(engine)) as session:
        refresh_suggestions(session)


# --- entry point ---------------------------------------------------------------------

def seed(database_url: str, appeals: int = 1_000_000, citizens: int = 300_000,
         articles: int = 10_000, seed: int = 1551) -> dict[str, Any]:
    """Fill database_url (migrated first) up to the given sizes; returns figures."""
    started = time.perf_counter()
    url = normalize_database_url(database_url)
    engine = prepare_database(url)
    try:
        if _count(engine, Appeal) >= appeals:
            return {"appeals": _count(engine, Appeal), "citizens": _count(engine, Citizen),
                    "seeded": False, "seed_s": round(time.perf_counter() - started, 2)}
        rng = random.Random(seed)
        writer = Writer(engine)
        now = datetime.now(UTC)
        seed_buildings(engine, writer, max(2_000, citizens // 12), rng)
        seed_citizens(engine, writer, citizens, rng, now)
        seed_appeals(engine, writer, appeals, rng, now)
        seed_outages(engine, writer, rng, now)
        seed_articles(engine, writer, articles, rng, now)
        writer.analyze()
        return {"appeals": _count(engine, Appeal), "citizens": _count(engine, Citizen),
                "seeded": True, "seed_s": round(time.perf_counter() - started, 2)}
    finally:
        engine.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Seed a database for the benchmarks")
    parser.add_argument("--appeals", type=int, default=1_000_000)
    parser.add_argument("--citizens", type=int)
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL")
    if not url:
        print("DATABASE_URL is required (postgresql://... or sqlite:///...)", file=sys.stderr)
        return 2
    citizens = args.citizens or max(1_000, args.appeals * 3 // 10)
    result = seed(url, args.appeals, citizens, args.articles)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
