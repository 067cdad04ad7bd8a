from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from server_api.auth.service import Actor
from server_api.deps import STAFF, SessionDep, require
from server_api.errors import not_found
from server_api.kb import service
from server_api.models import DirectoryEntry, KbArticle

router = APIRouter(tags=["knowledge base"])
Reader = Annotated[Actor, Depends(require(*STAFF, api_key=True))]


def article_dict(article: KbArticle) -> dict[str, Any]:
    return {"id": article.id, "title": article.title, "body": article.body,
            "sphere": article.sphere, "keywords": article.keywords, "author": article.author,
            "editor": article.editor, "created_at": article.created_at.isoformat(),
            "updated_at": article.updated_at.isoformat()}


def directory_dict(entry: DirectoryEntry) -> dict[str, Any]:
    return {"id": entry.id, "name": entry.name, "address": entry.address,
            "phones": entry.phones, "email": entry.email, "site": entry.site,
            "hours": entry.hours, "head": entry.head}


# Searched as the operator types: plain JSON answered as is, no response-model pass.
@router.get("/kb/search", response_class=JSONResponse)
def search(session: SessionDep, _actor: Reader, q: Annotated[str, Query(max_length=200)] = "",
           limit: Annotated[int, Query(ge=1, le=50)] = 10) -> JSONResponse:
    return JSONResponse([{"id": h.article.id, "title": h.article.title,
                          "sphere": h.article.sphere, "snippet": h.snippet, "score": h.score}
                         for h in service.search_articles(session, q, limit)])


@router.get("/kb/articles/{article_id}")
def article(session: SessionDep, _actor: Reader, article_id: int) -> dict[str, Any]:
    found = session.get(KbArticle, article_id)
    if found is None:
        raise not_found("Статтю")
    return article_dict(found)


@router.get("/directory")
def directory(session: SessionDep, _actor: Reader,
              q: Annotated[str, Query(max_length=200)] = "") -> list[dict[str, Any]]:
    return [directory_dict(e) for e in service.search_directory(session, q)]
