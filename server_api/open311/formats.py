"""Open311 answers in JSON or XML, and the spec's error list.

GeoReport v2 errors are a list of `{code: <HTTP status>, description}`; we add
`error_code`, the same machine code the /api/v1 errors use, so a channel can
react to it without parsing Ukrainian text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any
from xml.etree import ElementTree

from fastapi.responses import Response

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# The XML element names the spec gives each top-level list and its items.
SERVICES = ("services", "service")
REQUESTS = ("service_requests", "request")
ERRORS = ("errors", "error")


class Open311Error(Exception):
    def __init__(self, status: int, error_code: str, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.error_code = error_code
        self.description = description


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Open311Error(400, "unknown_format",
                           f"Невідомий формат «{fmt}»: підтримуються json і xml")
    return fmt


def _singular(tag: str) -> str:
    # The spec's XML names list items after their list: endpoints/endpoint, formats/format.
    return tag[:-1] if tag.endswith("s") and len(tag) > 1 else "item"


def _fill(parent: ElementTree.Element, value: Any, item_tag: str = "item") -> None:
    if isinstance(value, Mapping):
        for key, inner in value.items():
            _fill(ElementTree.SubElement(parent, str(key)), inner, _singular(str(key)))
    elif isinstance(value, list | tuple):
        for inner in value:
            _fill(ElementTree.SubElement(parent, item_tag), inner, item_tag)
    elif isinstance(value, bool):
        parent.text = "true" if value else "false"
    elif value is not None:
        parent.text = str(value)


def to_xml(root_tag: str, body: Any, item_tag: str = "item") -> bytes:
    root = ElementTree.Element(root_tag)
    _fill(root, body, item_tag)
    content: bytes = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return content


def render(fmt: str, body: Any, tags: tuple[str, str] | str, status: int = 200) -> Response:
    """body is a list (tags = (list tag, item tag)) or one object (tags = its root tag)."""
    if fmt != "xml":
        content = json.dumps(body, ensure_ascii=False).encode()
    elif isinstance(tags, tuple):
        content = to_xml(tags[0], body, tags[1])
    else:
        content = to_xml(tags, body)
    return Response(content=content, status_code=status, media_type=FORMATS[fmt])


def error_response(fmt: str, error: Open311Error) -> Response:
    body: Sequence[dict[str, Any]] = [{"code": error.status, "description": error.description,
                                       "error_code": error.error_code}]
    return render(fmt if fmt in FORMATS else "json", body, ERRORS, error.status)
