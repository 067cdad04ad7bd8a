"""The ratings as files a lead can send: CSV (UTF-8 with a BOM, so spreadsheet
programs read the Cyrillic) and XLSX (openpyxl), with the same numbers the API
answers in JSON."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

REPORTS = ("districts", "executors", "problems", "buildings", "lifts", "missed-terms")
FORMATS = ("csv", "xlsx")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

Column = tuple[str, str]  # (the JSON field, its heading)
RATING_COLUMNS: tuple[Column, ...] = (
    ("rank", "Місце"), ("name", "Назва"), ("received", "Надійшло звернень"),
    ("closed_on_time", "Закрито вчасно"), ("closed_late", "Закрито не вчасно"),
    ("open_overdue", "Відкриті прострочені"), ("executed", "Виконано"),
    ("not_executed", "Не виконано (повернено на доопрацювання)"),
    ("awaiting_verification", "На перевірці"), ("confirmed", "Підтверджено заявником"),
    ("cancelled", "Скасовано"), ("pct_on_time", "% вчасно закритих"),
    ("pct_executed", "% виконання"), ("pct_confirmed", "% достовірності"),
    ("avg_execution_days", "Середній час виконання, днів"),
    ("avg_term_days", "Середній строк, днів"), ("speed_index", "Індекс швидкості виконання"),
    ("actual_execution_index", "Індекс фактичного виконання"),
    ("level", "Рівень виконання звернень, %"),
)
PROBLEM_COLUMNS: tuple[Column, ...] = (
    ("problem_code", "Код"), ("name", "Проблема"), ("sphere_name", "Сфера"),
    ("count", "Звернень"), ("previous_count", "За попередній період"),
    ("change", "Зміна"), ("change_pct", "Зміна, %"),
)
BUILDING_COLUMNS: tuple[Column, ...] = (
    ("address", "Адреса будинку"), ("district", "Район"), ("entrance", "Під'їзд"),
    ("count", "Звернень"), ("executor_name", "Виконавець"),
)
MISSED_COLUMNS: tuple[Column, ...] = (
    ("name", "Виконавець"), ("district", "Район"), ("due", "Строк спливав у періоді"),
    ("missed", "Строк порушено"), ("still_open", "Досі не виконано"),
    ("pct_missed", "% порушених строків"),
)
MISSED_APPEAL_COLUMNS: tuple[Column, ...] = (
    ("executor_name", "Виконавець"), ("number", "Номер звернення"), ("problem", "Проблема"),
    ("address", "Адреса будинку"), ("deadline", "Строк"), ("closed_at", "Закрито"),
    ("days_late", "Прострочено, днів"), ("status", "Стан"),
)


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Sequence[dict[str, Any]]


def sheets_for(report: str, body: dict[str, Any]) -> list[Sheet]:
    """The report's tables, in the order a reader wants them."""
    if report in ("districts", "executors"):
        title = "Райони" if report == "districts" else "Виконавці"
        return [Sheet(title, RATING_COLUMNS, [*body["items"], body["total"]])]
    if report == "problems":
        return [Sheet("Топ проблем", PROBLEM_COLUMNS, body["top"]),
                Sheet("Зростання", PROBLEM_COLUMNS, body["rising"]),
                Sheet("Спад", PROBLEM_COLUMNS, body["falling"])]
    if report in ("buildings", "lifts"):
        return [Sheet("Будинки" if report == "buildings" else "Ліфти", BUILDING_COLUMNS,
                      body["items"])]
    return [Sheet("Порушення строків", MISSED_COLUMNS, body["items"]),
            Sheet("Звернення", MISSED_APPEAL_COLUMNS, body["appeals"])]


def _title_line(report: str, body: dict[str, Any]) -> str:
    period = body["period"]
    return f"{report}: {period['start']} — {period['end']}"


def to_csv(report: str, body: dict[str, Any]) -> bytes:
    """One CSV; a report of several tables gets each after a blank line and its title."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_title_line(report, body)])
    for sheet in sheets_for(report, body):
        writer.writerow([])
        writer.writerow([sheet.title])
        writer.writerow([heading for _key, heading in sheet.columns])
        for row in sheet.rows:
            writer.writerow(["" if row.get(key) is None else row.get(key)
                             for key, _heading in sheet.columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(report: str, body: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    first = True
    for sheet in sheets_for(report, body):
        page = book.active if first else book.create_sheet()
        assert page is not None
        first = False
        page.title = sheet.title[:31]
        page.append([_title_line(report, body)])
        page.append([heading for _key, heading in sheet.columns])
        for cell in page[2]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            page.append([row.get(key) for key, _heading in sheet.columns])
        page.freeze_panes = "A3"
        for index, (_key, heading) in enumerate(sheet.columns, start=1):
            page.column_dimensions[get_column_letter(index)].width = max(10, min(
                48, len(heading) + 2))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render(report: str, fmt: str, body: dict[str, Any]) -> bytes:
    return to_csv(report, body) if fmt == "csv" else to_xlsx(report, body)


def filename(report: str, fmt: str, body: dict[str, Any]) -> str:
    period = body["period"]
    return f"ratings-{report}-{period['start']}_{period['end']}.{fmt}"
