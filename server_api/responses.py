"""Answers sent as they are: bodies the services built from JSON types alone."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi.responses import JSONResponse


class JSONAsSent(JSONResponse):
    # FastAPI's ORJSONResponse is deprecated (for typed bodies, which these are not).

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def as_sent(body: dict[str, Any]) -> JSONResponse:
    """The body as JSON without FastAPI's validating and re-encoding of an untyped
    dict: on a worklist page of 50 items that cost 3 ms, as much as its query. Every
    value must already be a JSON type (times as ISO strings) or an orjson.Fragment
    (JSON text built by the database). orjson, not the json module: a page's 42 KB
    in 0.04 ms against 0.35."""
    return JSONAsSent(body)
