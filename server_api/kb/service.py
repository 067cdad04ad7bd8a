"""Knowledge-base search (ranked, Ukrainian-aware) in PostgreSQL and SQLite.

Both engines index the stems from `server_api.kb.text`; every query term is a
prefix so the desktop can search as the operator types. Title stems weigh
more than body stems: PostgreSQL weights A/B with ts_rank, SQLite FTS5 bm25
column weights 10:1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from server_api.kb.text import fold, search_text, tokens
from server_api.models import DirectoryEntry, KbArticle, KbSuggestion, Problem

# The stored, GIN-indexed vector of migration 0002 (title stems A, body stems B):
# ranking it costs no to_tsvector per matching row.
_PG_KB_VECTOR = "search_vector"
# Ranked candidates per kind of hit: ts_rank and the sort cost grow with the number of
# matches, and a common word matches thousands of articles. Title hits (found by the
# title-only vector of migration 0004) are the ones that rank first, so they get their
# own bounded set; the rest comes from a bounded set of any hits. A KB with fewer
# matches than this ranks all of them.
PG_CANDIDATES = 100


def _pg_ranked(query_param: str) -> str:
    """Articles matching the tsquery in :query_param, best first (bounded candidates)."""
    query = f"to_tsquery('simple', :{query_param})"
    # ts_rank weights are {D, C, B, A}: a title hit counts ten times a body hit.
    return (
        f"SELECT a.id, ts_rank('{{0.01, 0.02, 0.1, 1.0}}', a.{_PG_KB_VECTOR}, {query}) AS score "
        f"FROM kb_articles a WHERE a.id IN ("
        f"  (SELECT id FROM kb_articles WHERE title_vector @@ {query} LIMIT :candidates) "
        f"  UNION (SELECT id FROM kb_articles WHERE {_PG_KB_VECTOR} @@ {query} "
        f"         LIMIT :candidates)) "
        f"ORDER BY score DESC, a.id LIMIT :limit"
    )


# All terms first; any term only when no article has all of them. One round trip:
# PostgreSQL runs the any-term part only when the all-term part came back empty.
_PG_SEARCH = text(
    f"WITH all_terms AS MATERIALIZED ({_pg_ranked('all_query')}) "
    f"SELECT id, score FROM all_terms "
    f"UNION ALL "
    f"SELECT id, score FROM ({_pg_ranked('any_query')}) AS any_terms "
    f"WHERE NOT EXISTS (SELECT 1 FROM all_terms) "
    f"ORDER BY score DESC, id"
)
_SQLITE_SEARCH = text(
    "SELECT rowid AS id, -bm25(kb_fts, 10.0, 1.0) AS score FROM kb_fts "
    "WHERE kb_fts MATCH :query ORDER BY score DESC, rowid LIMIT :limit"
)
SNIPPET_CHARS = 180
SUGGESTIONS_PER_TOPIC = 3

# Outage services as people name them: the KB topic a caller in an outage needs.
SERVICE_TOPICS = {
    "hot_water": "гаряча вода відключення гарячого водопостачання",
    "cold_water": "холодна вода відключення водопостачання",
    "heating": "опалення теплопостачання",
    "electricity": "електроенергія знеструмлення світло",
    "lift": "ліфт не працює",
}


@dataclass(frozen=True)
class ArticleHit:
    article: KbArticle
    score: float
    snippet: str


def index_article(article: KbArticle) -> None:
    """Fill the stemmed columns that both full-text indexes read."""
    article.search_title = search_text(article.title)
    article.search_body = search_text(" ".join([article.body, *article.keywords]))


def _ranked_ids(session: Session, terms: Sequence[str], limit: int) -> list[tuple[int, float]]:
    """(id, score) best first: articles with all terms, or with any when none has all."""
    if session.get_bind().dialect.name == "postgresql":
        rows = session.execute(_PG_SEARCH, {
            "all_query": " & ".join(f"{t}:*" for t in terms),
            "any_query": " | ".join(f"{t}:*" for t in terms),
            "candidates": PG_CANDIDATES, "limit": limit})
        return [(int(row.id), float(row.score)) for row in rows]
    for joiner in (" AND ", " OR ")[: len(terms)]:  # one term: "any" is "all" again
        query = joiner.join(f'"{t}"*' for t in terms)
        ranked = [(int(row.id), float(row.score))
                  for row in session.execute(_SQLITE_SEARCH, {"query": query, "limit": limit})]
        if ranked:
            return ranked
    return []


def snippet(body: str, terms: Sequence[str]) -> str:
    """The body around the first word that starts with a query stem."""
    folded = fold(body)
    positions = [folded.find(t) for t in terms]
    found = [p for p in positions if p >= 0]
    start = max(0, min(found) - 40) if found else 0
    piece = body[start : start + SNIPPET_CHARS].strip()
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + SNIPPET_CHARS < len(body) else ""
    return f"{prefix}{piece}{suffix}"


def search_articles(session: Session, query: str, limit: int = 10) -> list[ArticleHit]:
    """Best articles for query: all terms first; any term when none has all."""
    terms = list(dict.fromkeys(tokens(query)))
    if not terms:
        return []
    ranked = _ranked_ids(session, terms, limit)
    if not ranked:
        return []
    articles = {
        a.id: a
        for a in session.scalars(select(KbArticle).where(KbArticle.id.in_([i for i, _ in ranked])))
    }
    return [
        ArticleHit(articles[i], round(score, 4), snippet(articles[i].body, terms))
        for i, score in ranked
        if i in articles
    ]


def refresh_suggestions(session: Session) -> None:
    """Recompute topic → top articles, so the screen pop only does a key lookup."""
    session.execute(delete(KbSuggestion))
    topics = {f"problem:{p.code}": p.name for p in session.scalars(select(Problem))}
    topics.update({f"service:{service}": words for service, words in SERVICE_TOPICS.items()})
    for topic, words in topics.items():
        for rank, hit in enumerate(search_articles(session, words, SUGGESTIONS_PER_TOPIC)):
            session.add(KbSuggestion(topic=topic, rank=rank, article_id=hit.article.id))
    session.flush()


def directory_search_key(entry: DirectoryEntry) -> str:
    return fold(" ".join([entry.name, entry.address, entry.head or "", *entry.phones]))


def search_directory(session: Session, query: str, limit: int = 50) -> list[DirectoryEntry]:
    stmt = select(DirectoryEntry).order_by(DirectoryEntry.name).limit(limit)
    for word in fold(query).split():
        stmt = stmt.where(DirectoryEntry.search_key.contains(word, autoescape=True))
    return list(session.scalars(stmt))
