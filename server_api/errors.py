"""One error shape for every 4xx (API.md): code, Ukrainian message, field, errors.

Domain rules raise `ApiError`; validation, HTTP and unexpected errors are
turned into the same body by the handlers installed in `install_handlers`.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field


def not_found(what: str = "Запис") -> ApiError:
    return ApiError(404, "not_found", f"{what} не знайдено")


def forbidden() -> ApiError:
    return ApiError(403, "forbidden", "Недостатньо прав для цієї дії")


def not_authenticated() -> ApiError:
    return ApiError(401, "not_authenticated", "Потрібно увійти (токен або API-ключ)")


def error_body(code: str, message: str, field: str | None = None,
               errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message, "field": field}
    if errors is not None:
        body["errors"] = errors
    return body


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def _ukrainian(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    messages = {
        "missing": "Обов'язкове поле",
        "string_too_long": f"Текст задовгий: не більше {ctx.get('max_length')} символів",
        "string_too_short": f"Текст закороткий: щонайменше {ctx.get('min_length')} символів",
        "int_parsing": "Очікується ціле число",
        "int_type": "Очікується ціле число",
        "float_parsing": "Очікується число",
        "float_type": "Очікується число",
        "bool_parsing": "Очікується так/ні (true/false)",
        "string_type": "Очікується текст",
        "literal_error": f"Допустимі значення: {ctx.get('expected')}",
        "enum": f"Допустимі значення: {ctx.get('expected')}",
        "json_invalid": "Тіло запиту — не коректний JSON",
        "model_attributes_type": "Очікується об'єкт JSON",
        "dict_type": "Очікується об'єкт JSON",
        "list_type": "Очікується список",
        "greater_than_equal": f"Значення має бути не менше {ctx.get('ge')}",
        "less_than_equal": f"Значення має бути не більше {ctx.get('le')}",
        "greater_than": f"Значення має бути більше {ctx.get('gt')}",
        "extra_forbidden": "Невідоме поле",
        "datetime_parsing": "Очікується дата й час ISO 8601",
        "datetime_from_date_parsing": "Очікується дата й час ISO 8601",
    }
    return messages.get(kind, "Невірне значення")


def validation_response(exc: RequestValidationError) -> JSONResponse:
    raw = list(exc.errors())
    errors = [{"field": "body" if e.get("type") == "json_invalid"
               else _field_name(tuple(e.get("loc", ()))), "message": _ukrainian(e)}
              for e in raw]
    too_long = [e for e in raw if e.get("type") == "string_too_long"]
    first: dict[str, Any] = errors[0] if errors else {"field": None, "message": "Невірні дані"}
    if too_long and len(too_long) == len(raw):
        code, message = "text_too_long", str(first["message"])
    else:
        code, message = "validation_error", "Перевірте поля: " + "; ".join(
            f"{e['field']}: {e['message']}" for e in errors)
    return JSONResponse(status_code=422,
                        content=error_body(code, message, first["field"], errors))


_HTTP_CODES = {
    401: ("not_authenticated", "Потрібно увійти"),
    403: ("forbidden", "Недостатньо прав для цієї дії"),
    404: ("not_found", "Не знайдено"),
    405: ("method_not_allowed", "Метод не підтримується"),
    409: ("conflict", "Конфлікт"),
}


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(status_code=exc.status,
                            content=error_body(exc.code, exc.message, exc.field))

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return validation_response(exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, message = _HTTP_CODES.get(exc.status_code, ("http_error", str(exc.detail)))
        return JSONResponse(status_code=exc.status_code, content=error_body(code, message),
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(DataError)
    async def _data_error(_request: Request, _exc: DataError) -> JSONResponse:
        # The database refused a value it cannot hold (an id past 32 bits, say):
        # the client's input, not our bug.
        return JSONResponse(status_code=422, content=error_body(
            "validation_error", "Значення поза допустимим діапазоном"))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Only real bugs get here: log the route, never the body (personal data).
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse(status_code=500, content=error_body(
            "internal_error", "Внутрішня помилка сервера; спробуйте ще раз пізніше"))
