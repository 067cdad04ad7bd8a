"""The ratings window against the real API on PostgreSQL (demo data): its tables hold
the API's figures for the chosen period, its CSV and XLSX files are the API's
exports with the same numbers, a refused period is said in the API's words, and
only shift leads and admins get the window."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMenu

from kc1551_demo.embedded import ApiServerThread
from operator_app.config import AppConfig
from operator_app.ui.ratings_window import FIELDS, REPORTS, RatingsWindow, cell_text
from operator_app.ui.shell import RATINGS, DesktopShell, windows_for
from tests.operator_app.ui.conftest import signed_in

pytestmark = [pytest.mark.postgres]
TIMEOUT_MS = 20_000


def choose_year(window: RatingsWindow) -> None:
    window.period_kind.setCurrentIndex(window.period_kind.findData("year"))
    window.on_date.setDate(QDate.currentDate())


@pytest.fixture
def ratings(qtbot: Any, api_server: ApiServerThread) -> Iterator[RatingsWindow]:
    window = RatingsWindow()
    qtbot.addWidget(window)
    choose_year(window)
    client, user = signed_in(api_server, "lead")
    with qtbot.waitSignals([window.sig_loaded] * len(REPORTS), timeout=TIMEOUT_MS):
        window.set_session(client, user)
    yield window
    window.close()
    client.close()


def column(window: RatingsWindow, report: str, field: str) -> list[str]:
    table = window.tables[report]
    index = FIELDS[report].index(field)
    return [table.item(row, index).text() for row in range(table.rowCount())]


def test_only_leads_and_admins_get_the_window() -> None:
    assert RATINGS in windows_for("shift_lead")
    assert RATINGS in windows_for("admin")
    assert RATINGS not in windows_for("operator")
    assert RATINGS not in windows_for("feedback")


def test_the_tables_hold_the_api_figures(ratings: RatingsWindow,
                                         api_server: ApiServerThread) -> None:
    lead, _user = signed_in(api_server, "lead")
    asked = {"period": "year", "on": date.today().isoformat()}
    districts = lead.ratings("districts", **asked)
    rows = [*districts["items"], districts["total"]]
    assert column(ratings, "districts", "name") == [r["name"] for r in rows]
    for field in ("received", "closed_on_time", "pct_on_time", "pct_executed", "level", "rank"):
        assert column(ratings, "districts", field) == [cell_text(r.get(field)) for r in rows]
    executors = lead.ratings("executors", **asked)
    assert column(ratings, "executors", "received") == [
        cell_text(r["received"]) for r in [*executors["items"], executors["total"]]]
    problems = lead.ratings("problems", limit=50, **asked)
    assert column(ratings, "problems", "name") == [p["name"] for p in problems["top"]]
    missed = lead.ratings("missed-terms", **asked)
    assert column(ratings, "missed-terms", "missed") == [
        cell_text(r["missed"]) for r in missed["items"]]
    year = date.today().year
    assert f"{year}-01-01" in ratings.period_label.text()
    # The districts the ratings know are offered for the executors' table.
    offered = [ratings.district.itemData(i) for i in range(1, ratings.district.count())]
    assert offered == sorted(r["district"] for r in districts["items"])
    lead.close()


def test_executors_within_a_district(qtbot: Any, ratings: RatingsWindow,
                                     api_server: ApiServerThread) -> None:
    district = ratings.district.itemData(1)
    ratings.district.setCurrentIndex(1)
    with qtbot.waitSignal(ratings.sig_loaded, timeout=TIMEOUT_MS,
                          check_params_cb=lambda report: report == "executors"):
        ratings.refresh()
    lead, _user = signed_in(api_server, "lead")
    within = lead.ratings("executors", period="year", on=date.today().isoformat(),
                          district=district)
    assert column(ratings, "executors", "name") == [
        r["name"] for r in [*within["items"], within["total"]]]
    lead.close()


def test_files_are_the_api_exports_with_the_same_numbers(
        qtbot: Any, ratings: RatingsWindow, tmp_path: Path) -> None:
    received = column(ratings, "districts", "received")
    names = column(ratings, "districts", "name")
    ratings.tabs.setCurrentIndex(REPORTS.index("districts"))
    target = tmp_path / "districts.csv"
    with qtbot.waitSignal(ratings.sig_exported, timeout=TIMEOUT_MS) as written:
        ratings.export_to(target, "csv")
    assert written.args == [str(target)]
    lines = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    header = next(i for i, line in enumerate(lines) if line and line[0] == "Місце")
    table = [dict(zip(lines[header], line, strict=True)) for line in lines[header + 1:] if line]
    assert [row["Назва"] for row in table] == names
    assert [row["Надійшло звернень"] for row in table] == received

    book_path = tmp_path / "missed.xlsx"
    ratings.tabs.setCurrentIndex(REPORTS.index("missed-terms"))
    with qtbot.waitSignal(ratings.sig_exported, timeout=TIMEOUT_MS):
        ratings.export_to(book_path, "xlsx")
    book = load_workbook(book_path)
    assert book.sheetnames == ["Порушення строків", "Звернення"]
    missed = [row[3] for row in book["Порушення строків"].iter_rows(min_row=3, values_only=True)]
    assert [str(m) for m in missed] == column(ratings, "missed-terms", "missed")


def test_a_refused_period_is_said_in_the_api_words(qtbot: Any, ratings: RatingsWindow) -> None:
    ratings.period_kind.setCurrentIndex(ratings.period_kind.findData("custom"))
    assert ratings.start_date.isEnabled()
    assert not ratings.on_date.isEnabled()
    ratings.start_date.setDate(QDate(2025, 5, 10))
    ratings.end_date.setDate(QDate(2025, 5, 1))
    with qtbot.waitSignal(ratings.sig_failed, timeout=TIMEOUT_MS) as failed:
        ratings.refresh()
    assert "раніше" in failed.args[1]
    assert "раніше" in ratings.message.text()


def test_an_operator_is_refused(qtbot: Any, api_server: ApiServerThread) -> None:
    window = RatingsWindow()
    qtbot.addWidget(window)
    client, user = signed_in(api_server, "operator")
    with qtbot.waitSignal(window.sig_failed, timeout=TIMEOUT_MS) as failed:
        window.set_session(client, user)
    assert "прав" in failed.args[1]
    assert window.tables["districts"].rowCount() == 0
    window.close()
    client.close()


def test_an_admin_opens_the_ratings_from_the_window_menu(
        qtbot: Any, api_server: ApiServerThread, tmp_path: Path) -> None:
    shell = DesktopShell(AppConfig(data_dir=tmp_path / "admin"))
    client, user = signed_in(api_server, "admin")
    first = shell.start(client, user)
    qtbot.addWidget(first)
    first.show()
    titles = [a.text() for menu in first.menuBar().findChildren(QMenu) for a in menu.actions()]
    assert "Рейтинги районів і виконавців" in titles
    window = shell.window(RATINGS)  # built and signed in: it starts loading
    qtbot.addWidget(window)
    assert isinstance(window, RatingsWindow)
    qtbot.waitUntil(lambda: window.tables["districts"].rowCount() > 0, timeout=TIMEOUT_MS)
    assert shell.show_window(RATINGS) is window
    assert window.isVisible()
    assert not first.isVisible()
    for opened in shell.windows.values():
        opened.close()
        opened.runner.wait_done()
    client.close()
