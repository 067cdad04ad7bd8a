"""Reference data from resources/*.json, inserted on start; safe to run again.

Each record has a natural key (code, street + house, title, name); only
missing ones are inserted, so a restart or a grown resource file never
duplicates anything.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kc1551_resources import resource_path
from sqlalchemy import select
from sqlalchemy.orm import Session

from server_api.kb.service import directory_search_key, index_article, refresh_suggestions
from server_api.kb.text import fold
from server_api.models import Building, DirectoryEntry, Executor, KbArticle, Problem, Sphere

log = logging.getLogger(__name__)

RESOURCES_DIR = resource_path()
_STREET_TYPES = ("вул.", "просп.", "бульв.", "пл.", "пров.", "наб.", "узвіз", "шосе", "провулок",
                 "вулиця", "проспект", "бульвар", "площа", "набережна", "дорога", "алея", "тупик")


def load_resource(name: str, resources_dir: Path | None = None) -> Any:
    path = (resources_dir or RESOURCES_DIR) / name
    if not path.exists():
        log.warning("resource %s is missing; nothing seeded from it", path)
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def building_label(street: str, house: str, district: str) -> str:
    """"вул. Хрещатик, 22 (Шевченківський)"; street types already given are kept."""
    lowered = street.lower()
    has_type = any(lowered.startswith(t) or lowered.endswith(" " + t) for t in _STREET_TYPES)
    name = street if has_type else f"вул. {street}"
    return f"{name}, {house} ({district})"


def building_search_key(street: str, house: str) -> str:
    return fold(f"{street} {house}")


def seed_executors(session: Session, records: list[dict[str, Any]]) -> None:
    existing = {e.code: e for e in session.scalars(select(Executor))}
    for rec in records:
        if rec["code"] not in existing:
            executor = Executor(code=rec["code"], name=rec["name"], kind=rec.get("kind", ""),
                                district=rec.get("district"), phone=rec.get("phone"))
            session.add(executor)
            existing[rec["code"]] = executor
    session.flush()
    for rec in records:
        parent = existing.get(rec.get("parent") or "")
        executor = existing[rec["code"]]
        if parent is not None and executor.parent_id is None:
            executor.parent_id = parent.id


def seed_classifier(session: Session, records: list[dict[str, Any]]) -> int:
    """Insert missing spheres and problems; the number of problems added."""
    added = 0
    spheres = {s.code: s for s in session.scalars(select(Sphere))}
    problems = set(session.scalars(select(Problem.code)))
    for rec in records:
        sphere = spheres.get(rec["code"])
        if sphere is None:
            sphere = Sphere(code=rec["code"], name=rec["name"])
            session.add(sphere)
            session.flush()
            spheres[rec["code"]] = sphere
        for prob in rec.get("problems", []):
            if prob["code"] in problems:
                continue
            session.add(Problem(code=prob["code"], name=prob["name"], sphere_id=sphere.id,
                                term_days=int(prob["term_days"]),
                                emergency=bool(prob.get("emergency", False)),
                                executor_rule=prob.get("executor") or "district_admin"))
            problems.add(prob["code"])
            added += 1
    return added


def seed_buildings(session: Session, records: list[dict[str, Any]]) -> None:
    existing = {(street, house) for street, house in
                session.execute(select(Building.street, Building.house))}
    for rec in records:
        for house in rec.get("houses", []):
            key = (rec["street"], str(house))
            if key in existing:
                continue
            existing.add(key)
            session.add(Building(street=key[0], house=key[1], district=rec["district"],
                                 search_key=building_search_key(*key)))


def seed_articles(session: Session, records: list[dict[str, Any]]) -> int:
    existing = set(session.scalars(select(KbArticle.title)))
    added = 0
    for rec in records:
        if rec["title"] in existing:
            continue
        existing.add(rec["title"])
        keywords = rec.get("keywords") or []
        if isinstance(keywords, str):
            keywords = [k.strip() for k in keywords.split(",") if k.strip()]
        article = KbArticle(sphere=rec.get("sphere", ""), title=rec["title"], body=rec["body"],
                            keywords=keywords, author=rec.get("author", ""),
                            editor=rec.get("editor", ""))
        created, updated = rec.get("created"), rec.get("updated")
        if created:
            article.created_at = _parse_date(created)
        article.updated_at = _parse_date(updated) if updated else article.created_at
        index_article(article)
        session.add(article)
        added += 1
    return added


def seed_directory(session: Session, records: list[dict[str, Any]]) -> None:
    existing = set(session.scalars(select(DirectoryEntry.name)))
    for rec in records:
        if rec["name"] in existing:
            continue
        existing.add(rec["name"])
        phones = rec.get("phones") or []
        entry = DirectoryEntry(name=rec["name"], address=rec.get("address") or "",
                               phones=[phones] if isinstance(phones, str) else list(phones),
                               email=rec.get("email"), site=rec.get("site"),
                               hours=rec.get("hours"), head=rec.get("head"))
        entry.search_key = directory_search_key(entry)
        session.add(entry)


def _parse_date(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def seed_reference(session: Session, resources_dir: Path | None = None) -> None:
    """Executors, classifier, buildings, KB articles and directory; idempotent."""
    executors = load_resource("executors.json", resources_dir)
    if executors:
        seed_executors(session, executors)
    classifier = load_resource("classifier.json", resources_dir)
    added_problems = seed_classifier(session, classifier) if classifier else 0
    streets = load_resource("streets.json", resources_dir)
    if streets:
        seed_buildings(session, streets)
    articles = load_resource("kb_articles.json", resources_dir)
    added_articles = seed_articles(session, articles) if articles else 0
    directory = load_resource("directory.json", resources_dir)
    if directory:
        seed_directory(session, directory)
    session.flush()
    # Suggestions depend only on problems and articles: a plain restart skips this.
    if added_articles or added_problems:
        refresh_suggestions(session)
