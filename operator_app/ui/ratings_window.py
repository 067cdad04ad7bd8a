"""Ratings for shift leads and admins: districts, executors, problems and the
executors who missed their terms, for a day, a week, a month, a year or chosen
dates, with the files (CSV, XLSX) a lead sends on, as the API makes them.

Every figure is the API's (GET /ratings/...); the window only lays them out.
A refused period (end before start, too long) is said in the API's words.
"""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from operator_app.api_client import ApiClient, ApiError, ApiUnavailable
from operator_app.config import AppConfig
from operator_app.ui.background import BackgroundRunner

log = logging.getLogger(__name__)

REPORTS = ("districts", "executors", "problems", "missed-terms")
PERIOD_KINDS = ("day", "week", "month", "year", "custom")
RATING_FIELDS = ("rank", "name", "received", "closed_on_time", "closed_late", "open_overdue",
                 "executed", "not_executed", "awaiting_verification", "pct_on_time",
                 "pct_executed", "pct_confirmed", "avg_execution_days", "speed_index",
                 "actual_execution_index", "level")
PROBLEM_FIELDS = ("problem_code", "name", "count", "previous_count", "change", "change_pct")
MISSED_FIELDS = ("name", "district", "due", "missed", "still_open", "pct_missed")
FIELDS = {"districts": RATING_FIELDS, "executors": RATING_FIELDS, "problems": PROBLEM_FIELDS,
          "missed-terms": MISSED_FIELDS}


def cell_text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


class RatingsWindow(QMainWindow):
    """The window a shift lead or admin opens from the "Вікно" menu."""

    sig_loaded = Signal(str)  # which report was drawn
    sig_failed = Signal(str, str)  # report, why (Ukrainian)
    sig_exported = Signal(str)  # the file written

    def __init__(self, cfg: AppConfig | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cfg = cfg
        self.api: ApiClient | None = None
        self.user: dict[str, Any] = {}
        self.credentials: Any = None
        self.phone: Any = None
        self.runner = BackgroundRunner(self)
        self.sessions = SimpleNamespace(current=None)  # this window takes no calls
        self.answers: dict[str, dict[str, Any]] = {}
        self.setWindowTitle(self.tr("Контакт-центр 1551 — рейтинги районів і виконавців"))
        self.resize(1400, 820)
        self._build()

    # -- words -------------------------------------------------------------------------
    def headings(self) -> dict[str, str]:
        return {
            "rank": self.tr("Місце"), "name": self.tr("Назва"),
            "received": self.tr("Надійшло"), "closed_on_time": self.tr("Вчасно"),
            "closed_late": self.tr("Не вчасно"), "open_overdue": self.tr("Прострочені"),
            "executed": self.tr("Виконано"), "not_executed": self.tr("Не виконано"),
            "awaiting_verification": self.tr("На перевірці"),
            "pct_on_time": self.tr("% вчасно"), "pct_executed": self.tr("% виконання"),
            "pct_confirmed": self.tr("% достовірності"),
            "avg_execution_days": self.tr("Днів на виконання"),
            "speed_index": self.tr("Індекс швидкості"),
            "actual_execution_index": self.tr("Індекс фактичного виконання"),
            "level": self.tr("Рівень, %"), "problem_code": self.tr("Код"),
            "count": self.tr("Звернень"), "previous_count": self.tr("Попередній період"),
            "change": self.tr("Зміна"), "change_pct": self.tr("Зміна, %"),
            "district": self.tr("Район"), "due": self.tr("Строк спливав"),
            "missed": self.tr("Порушено"), "still_open": self.tr("Досі не виконано"),
            "pct_missed": self.tr("% порушених"),
        }

    def tab_names(self) -> dict[str, str]:
        return {"districts": self.tr("Райони"), "executors": self.tr("Виконавці"),
                "problems": self.tr("Проблеми"),
                "missed-terms": self.tr("Порушення строків")}

    # -- layout ------------------------------------------------------------------------
    def _build(self) -> None:
        central = QWidget(self)
        layout = QVBoxLayout(central)
        bar = QHBoxLayout()
        self.period_kind = QComboBox(self)
        for kind, words in zip(PERIOD_KINDS, (self.tr("День"), self.tr("Тиждень"),
                                              self.tr("Місяць"), self.tr("Рік"),
                                              self.tr("Довільні дати")), strict=True):
            self.period_kind.addItem(words, kind)
        self.period_kind.setCurrentIndex(PERIOD_KINDS.index("month"))
        self.period_kind.currentIndexChanged.connect(self._kind_changed)
        today = QDate.currentDate()
        self.on_date = self._date_edit(today)
        self.start_date = self._date_edit(today.addDays(1 - today.day()))
        self.end_date = self._date_edit(today)
        self.district = QComboBox(self)
        self.district.addItem(self.tr("Усі райони"), None)
        self.refresh_button = QPushButton(self.tr("&Показати"), self)
        self.refresh_button.clicked.connect(self.refresh)
        self.csv_button = QPushButton(self.tr("Зберегти CSV…"), self)
        self.csv_button.clicked.connect(lambda: self.ask_and_export("csv"))
        self.xlsx_button = QPushButton(self.tr("Зберегти XLSX…"), self)
        self.xlsx_button.clicked.connect(lambda: self.ask_and_export("xlsx"))
        for label, widget in ((self.tr("Період:"), self.period_kind),
                              (self.tr("на дату"), self.on_date),
                              (self.tr("з"), self.start_date), (self.tr("по"), self.end_date),
                              (self.tr("Район виконавців:"), self.district)):
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            bar.addWidget(caption)
            bar.addWidget(widget)
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)
        bar.addWidget(self.csv_button)
        bar.addWidget(self.xlsx_button)
        layout.addLayout(bar)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        layout.addWidget(self.message)
        self.period_label = QLabel("", self)
        layout.addWidget(self.period_label)
        self.tabs = QTabWidget(self)
        self.tables: dict[str, QTableWidget] = {}
        headings = self.headings()
        for report in REPORTS:
            table = QTableWidget(0, len(FIELDS[report]), self)
            table.setHorizontalHeaderLabels([headings[f] for f in FIELDS[report]])
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.verticalHeader().setVisible(False)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            table.setAccessibleName(self.tab_names()[report])
            self.tables[report] = table
            self.tabs.addTab(table, self.tab_names()[report])
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self._kind_changed()

    def _date_edit(self, date: QDate) -> QDateEdit:
        edit = QDateEdit(date, self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd.MM.yyyy")
        return edit

    def _kind_changed(self) -> None:
        custom = self.period_kind.currentData() == "custom"
        self.on_date.setEnabled(not custom)
        self.start_date.setEnabled(custom)
        self.end_date.setEnabled(custom)

    # -- session -----------------------------------------------------------------------
    def set_session(self, api: ApiClient, user: dict[str, Any]) -> None:
        self.api, self.user = api, user
        self.setWindowTitle(self.tr("Контакт-центр 1551 — рейтинги — {0}").format(
            user.get("full_name") or user.get("username", "")))
        self.refresh()

    def attach_phone(self, phone: Any) -> None:
        self.phone = phone  # kept for the shell; ratings take no calls

    def detach_phone(self) -> None:
        self.phone = None

    # -- what is asked -----------------------------------------------------------------
    def period_params(self) -> dict[str, str]:
        kind = str(self.period_kind.currentData())
        if kind == "custom":
            return {"period": "custom",
                    "start": self.start_date.date().toString("yyyy-MM-dd"),
                    "end": self.end_date.date().toString("yyyy-MM-dd")}
        return {"period": kind, "on": self.on_date.date().toString("yyyy-MM-dd")}

    def current_report(self) -> str:
        return REPORTS[self.tabs.currentIndex()]

    def report_params(self, report: str) -> dict[str, Any]:
        params: dict[str, Any] = dict(self.period_params())
        if report == "executors" and self.district.currentData():
            params["district"] = self.district.currentData()
        return params

    # -- loading -----------------------------------------------------------------------
    def refresh(self) -> None:
        """Every table for the chosen period, each as soon as the API answers."""
        if self.api is None:
            return
        self.message.setText("")
        api = self.api
        for report in REPORTS:
            params = self.report_params(report)
            if report == "problems":
                params["limit"] = 50
            self._load(api, report, params)

    def _load(self, api: ApiClient, report: str, params: dict[str, Any]) -> None:
        def fetch() -> dict[str, Any]:
            return api.ratings(report, **params)

        def done(body: Any) -> None:
            self._loaded(report, body)

        def failed(error: object) -> None:
            self._failed(report, error)

        self.runner.run(fetch, done, failed, channel=f"ratings:{report}")

    def _loaded(self, report: str, body: dict[str, Any]) -> None:
        self.answers[report] = body
        rows = body.get("top", []) if report == "problems" else body.get("items", [])
        if report in ("districts", "executors") and body.get("total"):
            rows = [*rows, body["total"]]
        self._fill(self.tables[report], FIELDS[report], rows)
        period = body.get("period") or {}
        self.period_label.setText(self.tr("Період: {0} — {1} ({2} дн.)").format(
            period.get("start", ""), period.get("end", ""), period.get("days", "")))
        if report == "districts":
            self._offer_districts([r["district"] for r in body.get("items", [])])
        self.sig_loaded.emit(report)

    def _offer_districts(self, districts: list[str]) -> None:
        known = {self.district.itemData(i) for i in range(self.district.count())}
        for district in sorted(districts):
            if district not in known:
                self.district.addItem(district, district)

    def _fill(self, table: QTableWidget, fields: tuple[str, ...],
              rows: list[dict[str, Any]]) -> None:
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, field in enumerate(fields):
                value = row.get(field)
                item = QTableWidgetItem(cell_text(value))
                if isinstance(value, int | float):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(r, c, item)

    def _failed(self, report: str, error: object) -> None:
        if isinstance(error, ApiError | ApiUnavailable):
            why = error.message
        else:
            log.warning("ratings %s failed: %s", report, error)
            why = self.tr("Не вдалося отримати рейтинги")
        self.message.setText(why)
        self.sig_failed.emit(report, why)

    # -- files -------------------------------------------------------------------------
    def ask_and_export(self, fmt: str) -> None:
        report = self.current_report()
        suggested = str(Path.home() / f"ratings-{report}.{fmt}")
        filters = self.tr("Таблиця CSV (*.csv)") if fmt == "csv" else self.tr(
            "Книга Excel (*.xlsx)")
        path, _chosen = QFileDialog.getSaveFileName(self, self.tr("Зберегти звіт"), suggested,
                                                    filters)
        if path:
            self.export_to(Path(path), fmt, report)

    def export_to(self, path: Path, fmt: str, report: str | None = None) -> None:
        """Download the report from the API and write it to path (in the background)."""
        if self.api is None:
            return
        report = report or self.current_report()
        api, params = self.api, self.report_params(report)

        def download() -> Path:
            content, _name = api.ratings_export(report, fmt, **params)
            path.write_bytes(content)
            return path

        def done(written: Path) -> None:
            self.statusBar().showMessage(self.tr("Звіт збережено: {0}").format(written), 10000)
            self.sig_exported.emit(str(written))

        self.runner.run(download, done, lambda error: self._failed(report, error))

    def closeEvent(self, event: Any) -> None:
        self.runner.wait_done(3000)
        event.accept()
