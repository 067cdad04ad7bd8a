"""Answers sent as they are: bodies the services built from JSON types alone."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse


def as_sent(body: dict[str, Any]) -> JSONResponse:
    """The body as JSON without FastAPI's validating and re-encoding of an untyped
    dict: on a worklist page of 50 items that cost 3 ms, as much as its query. Every
    value must already be a JSON type (times as ISO strings)."""
    return JSONResponse(body)
