"""The shift lead's live board: every operator and the line, pushed as it happens.

The API's snapshot gives the whole picture; the push channel (BoardFeed, on its
own thread) then brings each change, and a one-second tick re-reads the clocks
(time in state, the current call, the longest wait) without asking the server.
A lost connection is said on the window and caught up from a new snapshot.
The levers (force Not ready or log out, messages, outages) go through the
BackgroundRunner like every other API call; a forced state shows as pending on
the operator's row until their desktop has applied it.
"""

from __future__ import annotations

import logging
import time
import types
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from operator_app.agent_state import NOT_READY_REASONS
from operator_app.api_client import ApiClient, ApiError
from operator_app.config import AppConfig
from operator_app.telephony.models import MonitorMode, MonitorSide, MonitorState, MonitorStatus
from operator_app.ui import labels
from operator_app.ui.background import BackgroundRunner
from operator_app.ui.board_feed import BoardFeed

log = logging.getLogger(__name__)

TICK_MS = 1000
MESSAGE_MAX_CHARS = 500
# Grouping as the API orders the rows: the calls first, then who is away, then who is
# free; the longest in their state on top within each group.
STATE_ORDER = {"ringing": 0, "on_call": 1, "wrap_up": 2, "not_ready": 3, "available": 4,
               "offline": 5}
_STATE_COLOURS = {"available": "#1e8e3e", "ringing": "#e37400", "on_call": "#1a73e8",
                  "wrap_up": "#8430ce", "not_ready": "#b06000", "offline": "#5f6368"}
_OVER_LIMIT = QColor("#fde7e9")
_OVER_LIMIT_TEXT = QColor("#7f1d1d")

(NAME, STATE, REASON, IN_STATE, CALL, HOLD, CALLER, ANSWERED, AHT, HOLD_TOTAL, APPEALS,
 CONSULTATIONS, PENDING) = range(13)
COLUMN_COUNT = 13
GROUPED = -1  # the sort "column" of the default order: state, then time in state


def parse_time(value: Any) -> float | None:
    """An ISO 8601 time (or epoch seconds) from the API as epoch seconds."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return datetime.fromisoformat(str(value)).timestamp()
    except ValueError:
        return None


def clock_text(seconds: float | None) -> str:
    """m:ss, or h:mm:ss past an hour; empty when not known."""
    if seconds is None:
        return ""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class _SortItem(QTableWidgetItem):
    """A cell that sorts by its number (Qt.UserRole) rather than its text."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(Qt.ItemDataRole.UserRole), other.data(Qt.ItemDataRole.UserRole)
        if mine is not None and theirs is not None:
            return bool(mine < theirs)
        return super().__lt__(other)


class BoardState:
    """What the board knows: the stream's snapshot and the events since (no widgets)."""

    def __init__(self) -> None:
        self.operators: dict[str, dict[str, Any]] = {}
        self.line: dict[str, Any] = {}
        self.surges: dict[str, dict[str, Any]] = {}
        self.outages: dict[Any, dict[str, Any]] = {}
        self.messages: dict[Any, dict[str, Any]] = {}
        self.settings: dict[str, Any] = {}
        self.shift: dict[str, Any] = {}
        self.clock_offset_s = 0.0  # the API's clock minus ours
        self.line_as_of = 0.0  # our clock when the line's figures came

    def now(self) -> float:
        return time.time() + self.clock_offset_s

    def apply_snapshot(self, snapshot: dict[str, Any]) -> None:
        server_now = parse_time(snapshot.get("server_time"))
        if server_now is not None:
            self.clock_offset_s = server_now - time.time()
        self.operators = {str(op["username"]): op for op in snapshot.get("operators") or []}
        self.line = dict(snapshot.get("line") or {})
        self.line_as_of = time.time()
        self.surges = {str(s.get("key")): s for s in snapshot.get("surges") or []}
        self.outages = {o.get("id"): o for o in snapshot.get("outages") or []}
        self.messages = {m.get("id"): m for m in snapshot.get("messages") or []}
        self.settings = dict(snapshot.get("settings") or {})
        self.shift = dict(snapshot.get("shift") or {})

    def apply_event(self, kind: str, data: dict[str, Any]) -> str:
        """Fold one pushed event in; which part changed ("operators", "line", …, or "")."""
        if kind == "snapshot":
            self.apply_snapshot(data)
            return "snapshot"
        if kind == "operator":
            operator = data.get("operator") or {}
            username = str(operator.get("username", ""))
            held = self.operators.get(username)
            if not username or (held is not None
                                and int(operator.get("rev") or 0) <= int(held.get("rev") or 0)):
                return ""  # an older row than the one on show
            self.operators[username] = operator
            return "operators"
        if kind == "line":
            line = dict(data.get("line") or {})
            slots = {str(b.get("start")): b for b in self.line.get("calls_per_15min") or []}
            for bucket in line.pop("calls_per_15min", None) or []:
                slots[str(bucket.get("start"))] = bucket  # only the changed bucket(s) come
            self.line.update(line)
            self.line["calls_per_15min"] = [slots[k] for k in sorted(slots)]
            self.line_as_of = time.time()
            return "line"
        if kind == "surge":
            surge = data.get("surge") or {}
            self.surges[str(surge.get("key"))] = surge
            return "surges"
        if kind == "surge_cleared":
            self.surges.pop(str(data.get("key")), None)
            return "surges"
        if kind == "outage":
            outage = data.get("outage") or {}
            self.outages[outage.get("id")] = outage
            return "outages"
        if kind == "message":
            message = data.get("message") or {}
            self.messages[message.get("id")] = message
            return "messages"
        if kind == "message_read":
            sent = self.messages.get(data.get("message_id"))
            if sent is None:
                return ""  # sent before this board's snapshot and since expired
            reader = data.get("username")
            readers = [r for r in sent.get("read") or [] if r.get("username") != reader]
            readers.append({"username": reader, "read_at": data.get("read_at")})
            sent["read"] = readers
            sent["read_count"] = data.get("read_count", len(readers))
            sent["recipients"] = data.get("recipients", sent.get("recipients"))
            return "messages"
        return ""

    def display_state(self, operator: dict[str, Any]) -> str:
        return str(operator.get("display_state") or operator.get("state") or "offline")

    def seconds_in_state(self, operator: dict[str, Any]) -> float | None:
        since = parse_time(operator.get("display_since") or operator.get("since"))
        if since is not None:
            return max(0.0, self.now() - since)
        value = operator.get("time_in_state_s")
        return None if value is None else float(value)

    def over_limit(self, operator: dict[str, Any]) -> bool:
        limit = operator.get("limit_s")
        in_state = self.seconds_in_state(operator)
        if limit is None or in_state is None:
            return bool(operator.get("over_limit"))
        return in_state > float(limit)

    def call_seconds(self, operator: dict[str, Any]) -> float | None:
        call = operator.get("call") or {}
        start = parse_time(call.get("answered_at") or call.get("offered_at"))
        if start is not None:
            return max(0.0, self.now() - start)
        value = call.get("duration_s")
        return None if value is None else float(value)

    def hold_seconds(self, operator: dict[str, Any]) -> float | None:
        call = operator.get("call") or {}
        if not call:
            return None
        total = float(call.get("hold_s") or 0)
        held_since = parse_time(call.get("held_since"))
        if held_since is not None:
            # hold_s counted up to the row's making; the running hold goes on from there
            total = max(total, self.now() - held_since)
        return total

    def ordered(self, column: int) -> list[dict[str, Any]]:
        operators = list(self.operators.values())
        if column == GROUPED:
            return sorted(operators, key=lambda op: (
                STATE_ORDER.get(self.display_state(op), 9),
                -(self.seconds_in_state(op) or 0.0)))
        return operators  # the table sorts by the column itself

    def longest_wait_s(self) -> float | None:
        value = self.line.get("longest_wait_s")
        if value is None or not self.line.get("ringing_now"):
            return None
        return float(value) + max(0.0, time.time() - self.line_as_of)


class OperatorsTable(QTableWidget):
    """One row per operator, regrouped on every change unless a column is chosen."""

    sig_operator_chosen = Signal(str)  # username

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, COLUMN_COUNT, parent)
        self.setObjectName("boardOperators")
        self.setAccessibleName(self.tr("Оператори"))
        self.setHorizontalHeaderLabels([
            self.tr("Оператор"), self.tr("Стан"), self.tr("Причина"), self.tr("У стані"),
            self.tr("Дзвінок"), self.tr("Утримання"), self.tr("Абонент"),
            self.tr("Прийнято"), self.tr("Сер. час обсл."), self.tr("Утримання всього"),
            self.tr("Звернення"), self.tr("Консультації"), self.tr("Очікує"),
        ])
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionsClickable(True)
        header.sectionClicked.connect(self._header_clicked)
        self.sort_column = GROUPED
        self.descending = False
        self.cellDoubleClicked.connect(lambda row, _c: self._choose(row))

    def _header_clicked(self, column: int) -> None:
        if column == self.sort_column:
            if self.descending:  # a third click: back to the grouped order
                self.sort_column, self.descending = GROUPED, False
            else:
                self.descending = True
        else:
            self.sort_column, self.descending = column, False
        self.horizontalHeader().setSortIndicatorShown(self.sort_column != GROUPED)
        if self.sort_column != GROUPED:
            self.horizontalHeader().setSortIndicator(
                self.sort_column, Qt.SortOrder.DescendingOrder if self.descending
                else Qt.SortOrder.AscendingOrder)

    def set_grouped(self) -> None:
        self.sort_column, self.descending = GROUPED, False
        self.horizontalHeader().setSortIndicatorShown(False)

    def _choose(self, row: int) -> None:
        item = self.item(row, NAME)
        if item is not None:
            self.sig_operator_chosen.emit(str(item.data(Qt.ItemDataRole.UserRole + 1)))

    def selected_username(self) -> str | None:
        rows = self.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.item(rows[0].row(), NAME)
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole + 1))

    def row_of(self, username: str) -> int:
        for row in range(self.rowCount()):
            item = self.item(row, NAME)
            if item is not None and item.data(Qt.ItemDataRole.UserRole + 1) == username:
                return row
        return -1

    def show_operators(self, board: BoardState, state_words: dict[str, str],
                       reason_words: dict[str, str], pending_words: dict[str, str]) -> None:
        chosen = self.selected_username()
        operators = board.ordered(self.sort_column)
        self.setSortingEnabled(False)
        self.setUpdatesEnabled(False)
        try:
            self.setRowCount(len(operators))
            for row, operator in enumerate(operators):
                self._fill_row(row, operator, board, state_words, reason_words, pending_words)
            if self.sort_column != GROUPED:
                self.sortItems(self.sort_column, Qt.SortOrder.DescendingOrder
                               if self.descending else Qt.SortOrder.AscendingOrder)
        finally:
            self.setUpdatesEnabled(True)
        if chosen is not None:
            row = self.row_of(chosen)
            if row >= 0:
                self.blockSignals(True)
                self.selectRow(row)
                self.blockSignals(False)

    def _cell(self, row: int, column: int, text: str, key: Any = None) -> QTableWidgetItem:
        item = self.item(row, column)
        if item is None:
            item = _SortItem()
            self.setItem(row, column, item)
        item.setText(text)
        item.setData(Qt.ItemDataRole.UserRole, key if key is not None else text)
        item.setBackground(QColor(0, 0, 0, 0))
        item.setForeground(self.palette().text())
        item.setToolTip("")
        return item

    def _fill_row(self, row: int, operator: dict[str, Any], board: BoardState,
                  state_words: dict[str, str], reason_words: dict[str, str],
                  pending_words: dict[str, str]) -> None:
        username = str(operator.get("username", ""))
        state = board.display_state(operator)
        reason = operator.get("reason") if state == "not_ready" else None
        in_state = board.seconds_in_state(operator)
        call = operator.get("call") or {}
        name = self._cell(row, NAME, str(operator.get("full_name") or username), username)
        name.setData(Qt.ItemDataRole.UserRole + 1, username)
        state_item = self._cell(row, STATE, state_words.get(state, state),
                                (STATE_ORDER.get(state, 9), -(in_state or 0)))
        state_item.setForeground(QColor(_STATE_COLOURS.get(state, "#5f6368")))
        self._cell(row, REASON, reason_words.get(str(reason or ""), str(reason or "")))
        time_item = self._cell(row, IN_STATE, clock_text(in_state), in_state or 0.0)
        if board.over_limit(operator):
            time_item.setBackground(_OVER_LIMIT)
            time_item.setForeground(_OVER_LIMIT_TEXT)
            time_item.setToolTip(self.tr("Понад ліміт {0}").format(
                clock_text(operator.get("limit_s"))))
        call_s = board.call_seconds(operator)
        self._cell(row, CALL, clock_text(call_s), call_s or 0.0)
        hold_s = board.hold_seconds(operator)
        hold = self._cell(row, HOLD, clock_text(hold_s) if hold_s else "", hold_s or 0.0)
        if call.get("held_since"):
            hold.setForeground(QColor("#b06000"))
        self._cell(row, CALLER, str(call.get("caller") or ""))
        answered = int(operator.get("answered") or 0)
        self._cell(row, ANSWERED, str(answered), answered)
        aht = operator.get("aht_s")
        self._cell(row, AHT, clock_text(aht) if aht is not None else "", float(aht or 0))
        hold_total = operator.get("hold_total_s")
        self._cell(row, HOLD_TOTAL, clock_text(hold_total) if hold_total else "",
                   float(hold_total or 0))
        appeals = int(operator.get("appeals") or 0)
        self._cell(row, APPEALS, str(appeals), appeals)
        consultations = int(operator.get("consultations") or 0)
        self._cell(row, CONSULTATIONS, str(consultations), consultations)
        pending = operator.get("forced") or {}
        pending_text = ""
        if pending:
            pending_text = pending_words.get(str(pending.get("action", "")), "")
            if pending.get("reason"):
                pending_text += f" ({reason_words.get(str(pending['reason']), pending['reason'])})"
        self._cell(row, PENDING, pending_text)


class LineFigures(QGroupBox):
    """Ringing now, the longest wait, answered, abandoned, ASA, service level."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Лінія (з початку зміни)"), parent)
        self.setObjectName("boardLine")
        grid = QGridLayout(self)
        self.values: dict[str, QLabel] = {}
        names = [("waiting", self.tr("Очікують з'єднання")),
                 ("longest_wait", self.tr("Найдовше очікування")),
                 ("answered", self.tr("Прийнято")), ("abandoned", self.tr("Втрачено")),
                 ("asa", self.tr("Сер. час до відповіді")),
                 ("service_level", self.tr("Рівень обслуговування"))]
        for index, (key, title) in enumerate(names):
            caption = QLabel(title)
            value = QLabel("—")
            value.setObjectName(f"line_{key}")
            value.setStyleSheet("font-size: 16pt; font-weight: bold;")
            value.setAccessibleName(title)
            caption.setBuddy(value)
            grid.addWidget(caption, 0, index)
            grid.addWidget(value, 1, index)
            self.values[key] = value
        self.shift_label = QLabel()
        self.shift_label.setObjectName("line_shift")
        grid.addWidget(self.shift_label, 2, 0, 1, len(names))

    def show_line(self, board: BoardState) -> None:
        line = board.line
        self.values["waiting"].setText(str(int(line.get("ringing_now") or 0)))
        self.show_wait(board)
        self.values["answered"].setText(str(int(line.get("answered") or 0)))
        self.values["abandoned"].setText(str(int(line.get("abandoned") or 0)))
        asa = line.get("asa_s")
        self.values["asa"].setText(self.tr("{0:.0f} с").format(float(asa)) if asa is not None
                                   else "—")
        level = line.get("service_level_pct")
        target = float(line.get("service_level_target_pct")
                       or board.settings.get("service_level_target_pct") or 80)
        threshold = board.settings.get("service_level_s", 20)
        label = self.values["service_level"]
        style = "font-size: 16pt; font-weight: bold;"
        if level is None:
            label.setText("—")
        else:
            label.setText(self.tr("{0:.1f} % (ціль {1:.0f} %)").format(float(level), target))
            colour = "#1e8e3e" if float(level) >= target else "#c5221f"
            style += f" color: {colour};"
        label.setStyleSheet(style)
        label.setToolTip(self.tr("Частка дзвінків, прийнятих не пізніше ніж за {0} с, серед "
                                 "прийнятих і втрачених").format(threshold))
        started = board.shift.get("started_at")
        self.shift_label.setText(self.tr("Зміна з {0}").format(labels.short_time(started))
                                 if started else "")

    def show_wait(self, board: BoardState) -> None:
        self.values["longest_wait"].setText(clock_text(board.longest_wait_s()) or "—")


class BoardCharts(QWidget):
    """Calls per 15 minutes and appeals by sphere, drawn by pyqtgraph."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pyqtgraph as pg  # here: only the lead's window pays for loading it

        self._pg = pg
        pg.setConfigOptions(antialias=True, background="w", foreground="k")
        layout = QHBoxLayout(self)
        self.calls_plot = pg.PlotWidget(title=self.tr("Дзвінки за 15 хвилин"))
        self.calls_plot.setObjectName("callsChart")
        self.calls_plot.setMouseEnabled(x=False, y=False)
        self.calls_plot.showGrid(y=True, alpha=0.3)
        self.spheres_plot = pg.PlotWidget(title=self.tr("Звернення за сферами (сьогодні)"))
        self.spheres_plot.setObjectName("spheresChart")
        self.spheres_plot.setMouseEnabled(x=False, y=False)
        layout.addWidget(self.calls_plot, 3)
        layout.addWidget(self.spheres_plot, 2)
        self.calls_bars: Any = None
        self.sphere_bars: Any = None

    def show_calls(self, slots: list[dict[str, Any]]) -> None:
        """Answered (blue) and abandoned (red, stacked on top) per 15-minute slot."""
        plot = self.calls_plot
        plot.clear()
        xs = list(range(len(slots)))
        answered = [int(s.get("answered") or 0) for s in slots]
        abandoned = [int(s.get("abandoned") or 0) for s in slots]
        self.calls_bars = self._pg.BarGraphItem(x=xs, height=answered, width=0.8,
                                                brush="#1a73e8")
        plot.addItem(self.calls_bars)
        if any(abandoned):
            plot.addItem(self._pg.BarGraphItem(x=xs, y0=answered, height=abandoned,
                                               width=0.8, brush="#c5221f"))
        step = max(1, len(slots) // 8)
        ticks = [(i, labels.short_time(s.get("start"))[-5:] or str(i))
                 for i, s in enumerate(slots) if i % step == 0]
        plot.getAxis("bottom").setTicks([ticks])

    def show_spheres(self, spheres: list[dict[str, Any]]) -> None:
        plot = self.spheres_plot
        plot.clear()
        ordered = sorted(spheres, key=lambda s: int(s.get("count") or 0))
        ys = list(range(len(ordered)))
        counts = [int(s.get("count") or 0) for s in ordered]
        self.sphere_bars = self._pg.BarGraphItem(x0=[0] * len(ys), y=ys, width=counts,
                                                 height=0.7, brush="#8430ce")
        plot.addItem(self.sphere_bars)
        plot.getAxis("left").setTicks([[(i, str(s.get("sphere_name") or ""))
                                        for i, s in enumerate(ordered)]])

    def bar_heights(self) -> list[int]:
        """The calls chart's answered bars as drawn (what a test reads)."""
        if self.calls_bars is None:
            return []
        return [int(h) for h in self.calls_bars.opts["height"]]


class OutageDialog(QDialog):
    """Publish an outage or planned works: where (building, street or district), which
    service, until when. A building is found by the API's address search."""

    sig_find_buildings = Signal(str)  # the window runs the search and calls show_buildings

    def __init__(self, prefill: dict[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Опублікувати відключення"))
        self.surge_key: str | None = None
        form = QFormLayout(self)
        self.kind_box = QComboBox()
        self.kind_box.addItem(self.tr("Аварійне відключення"), "outage")
        self.kind_box.addItem(self.tr("Планові роботи"), "planned_works")
        self.service_box = QComboBox()
        for service in ("hot_water", "cold_water", "heating", "electricity", "lift"):
            self.service_box.addItem(labels.service_name(service), service)
        self.scope_box = QComboBox()
        self.scope_box.addItem(self.tr("Будинок"), "building")
        self.scope_box.addItem(self.tr("Вулиця"), "street")
        self.scope_box.addItem(self.tr("Район"), "district")
        self.place_edit = QLineEdit()
        self.place_edit.setObjectName("outagePlace")
        self.place_edit.setPlaceholderText(self.tr("Адреса (Enter — пошук), вулиця або район"))
        self.place_edit.returnPressed.connect(self._find)
        self.building_box = QComboBox()
        self.building_box.setObjectName("outageBuilding")
        self.building_box.setAccessibleName(self.tr("Знайдені будинки"))
        self.until_edit = QDateTimeEdit(QDateTime.currentDateTime().addSecs(4 * 3600))
        self.until_edit.setCalendarPopup(True)
        self.until_edit.setDisplayFormat("dd.MM.yyyy HH:mm")
        self.description_edit = QPlainTextEdit()
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setMaximumHeight(80)
        self.error_label = QLabel()
        self.error_label.setObjectName("outageError")
        self.error_label.setStyleSheet("color: #c5221f;")
        self.error_label.setWordWrap(True)
        for title, widget in ((self.tr("&Вид"), self.kind_box),
                              (self.tr("&Послуга"), self.service_box),
                              (self.tr("&Де"), self.scope_box),
                              (self.tr("&Місце"), self.place_edit),
                              (self.tr("&Будинок"), self.building_box),
                              (self.tr("Д&о"), self.until_edit),
                              (self.tr("&Опис"), self.description_edit)):
            form.addRow(title, widget)
        form.addRow(self.error_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Опублікувати"))
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.scope_box.currentIndexChanged.connect(self._scope_changed)
        self._scope_changed()
        if prefill:
            self.prefill(prefill)

    def prefill(self, surge: dict[str, Any]) -> None:
        """From a surge alert: its place, the service its sphere suggests, its calls."""
        draft = surge.get("outage_draft") or {}
        place = surge.get("place") or {}
        self.surge_key = surge.get("key")
        if draft.get("building_id") or place.get("building_id"):
            self._set_scope("building")
            self.show_buildings([{"id": draft.get("building_id") or place.get("building_id"),
                                  "label": place.get("label", "")}])
            self.place_edit.setText(str(place.get("label", "")))
        elif draft.get("street") or place.get("street"):
            self._set_scope("street")
            self.place_edit.setText(str(draft.get("street") or place.get("street")))
        elif draft.get("district") or place.get("district"):
            self._set_scope("district")
            self.place_edit.setText(str(draft.get("district") or place.get("district")))
        index = self.service_box.findData(draft.get("service"))
        if index >= 0:
            self.service_box.setCurrentIndex(index)
        index = self.kind_box.findData(draft.get("kind"))
        if index >= 0:
            self.kind_box.setCurrentIndex(index)
        description = draft.get("description") or ""
        if not description and (surge.get("sphere") or {}).get("name"):
            description = self.tr("Масові звернення: {0}").format(surge["sphere"]["name"])
        self.description_edit.setPlainText(str(description))

    def _set_scope(self, scope: str) -> None:
        self.scope_box.setCurrentIndex(self.scope_box.findData(scope))

    def _scope_changed(self) -> None:
        self.building_box.setEnabled(self.scope_box.currentData() == "building")

    def _find(self) -> None:
        if self.scope_box.currentData() == "building" and self.place_edit.text().strip():
            self.sig_find_buildings.emit(self.place_edit.text().strip())

    def show_buildings(self, buildings: list[dict[str, Any]]) -> None:
        self.building_box.clear()
        for building in buildings:
            self.building_box.addItem(str(building.get("label", "")), building.get("id"))
        if not buildings:
            self.error_label.setText(self.tr("Будинок не знайдено"))
        else:
            self.error_label.clear()

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "kind": self.kind_box.currentData(), "service": self.service_box.currentData(),
            "ends_at": self._until().astimezone().isoformat(timespec="seconds"),
            "description": self.description_edit.toPlainText().strip(),
        }
        scope, place = self.scope_box.currentData(), self.place_edit.text().strip()
        if scope == "building" and self.building_box.currentData() is not None:
            body["building_id"] = self.building_box.currentData()
        elif scope == "street" and place:
            body["street"] = place
        elif scope == "district" and place:
            body["district"] = place
        if self.surge_key:
            body["surge_key"] = self.surge_key
        return body

    def _check(self) -> None:
        if self.valid():
            self.accept()

    def valid(self) -> bool:
        """The obvious slips said here; the rest (an unknown street) by the API."""
        scope = self.scope_box.currentData()
        if scope == "building" and self.building_box.currentData() is None:
            self.error_label.setText(self.tr("Знайдіть будинок: введіть адресу і натисніть "
                                             "Enter"))
            return False
        if scope != "building" and not self.place_edit.text().strip():
            self.error_label.setText(self.tr("Вкажіть вулицю або район"))
            return False
        if self._until() <= datetime.now() + timedelta(minutes=1):
            self.error_label.setText(self.tr("Час завершення має бути в майбутньому"))
            return False
        return True

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)

    def _until(self) -> datetime:
        return datetime.fromtimestamp(self.until_edit.dateTime().toSecsSinceEpoch())


class BoardWindow(QMainWindow):
    """The shift lead's window (role shift_lead, also admin)."""

    sig_board_changed = Signal(str)  # which part was redrawn ("snapshot", "operators", …)
    sig_connection_changed = Signal(bool)
    sig_lever_done = Signal(str, dict)  # lever name, the API's answer
    sig_lever_failed = Signal(str, str)  # lever name, why (Ukrainian)
    sig_monitor_changed = Signal(object)  # the lead's own MonitorState

    def __init__(self, cfg: AppConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cfg = cfg
        self.api: ApiClient | None = None
        self.user: dict[str, Any] = {}
        self.credentials: Any = None
        self.phone: Any = None
        self.runner = BackgroundRunner(self)
        self.sessions = types.SimpleNamespace(current=None)  # the board takes no calls
        self.board = BoardState()
        self.feed: BoardFeed | None = None
        self.dialog: QDialog | None = None  # the lever's dialog on show (one at a time)
        # The lead's own listen / whisper / barge session: its id, operator, mode, state.
        self.monitoring: dict[str, Any] | None = None
        self.setWindowTitle(self.tr("Контакт-центр 1551 — панель старшого зміни"))
        self.resize(1440, 900)
        self._build()
        self._tick = QTimer(self, interval=TICK_MS)
        self._tick.timeout.connect(self._redraw_clocks)

    # -- words -------------------------------------------------------------------------
    def state_words(self) -> dict[str, str]:
        return {"available": self.tr("Готовий"), "ringing": self.tr("Дзвонить"),
                "on_call": self.tr("Розмова"), "wrap_up": self.tr("Обробка"),
                "not_ready": self.tr("Не готовий"), "offline": self.tr("Не в мережі")}

    def reason_words(self) -> dict[str, str]:
        return {"break": self.tr("Перерва"), "training": self.tr("Навчання"),
                "technical": self.tr("Технічна проблема"), "meeting": self.tr("Нарада"),
                "callbacks": self.tr("Зворотні дзвінки")}

    def pending_words(self) -> dict[str, str]:
        return {"not_ready": self.tr("«Не готовий» після дзвінка"),
                "logout": self.tr("Вихід після дзвінка")}

    # -- layout ------------------------------------------------------------------------
    def _build(self) -> None:
        self.connection_banner = QLabel()
        self.connection_banner.setObjectName("boardConnection")
        self.connection_banner.setStyleSheet(
            "background: #fde7e9; color: #7f1d1d; padding: 4px; font-weight: bold;")
        self.connection_banner.setText(self.tr("З'єднання з сервером…"))
        self.line_figures = LineFigures()
        self.table = OperatorsTable()
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.sig_operator_chosen.connect(lambda _u: self.force_not_ready())
        self.charts = BoardCharts()

        self.surge_group = QGroupBox(self.tr("Сплески звернень"))
        self.surge_list = QListWidget()
        self.surge_list.setObjectName("surgeList")
        self.surge_list.setAccessibleName(self.tr("Сплески звернень"))
        self.surge_list.itemActivated.connect(lambda _i: self.publish_for_surge())
        self.surge_list.currentRowChanged.connect(lambda _r: self._selection_changed())
        self.surge_button = QPushButton(self.tr("Опублікувати відключення для сплеску"))
        self.surge_button.clicked.connect(self.publish_for_surge)
        self.messages_list = QListWidget()
        self.messages_list.setObjectName("sentMessages")
        self.messages_list.setAccessibleName(self.tr("Надіслані повідомлення"))
        side = QVBoxLayout(self.surge_group)
        side.addWidget(self.surge_list, 2)
        side.addWidget(self.surge_button)
        side.addWidget(QLabel(self.tr("Надіслані повідомлення (прочитано)")))
        side.addWidget(self.messages_list, 1)

        self.force_button = QPushButton(self.tr("«Не готовий»…"))
        self.force_button.setAccessibleName(self.tr("Перевести оператора у «Не готовий»"))
        self.force_button.clicked.connect(lambda: self.force_not_ready())
        self.logout_button = QPushButton(self.tr("Вивести з системи…"))
        self.logout_button.clicked.connect(lambda: self.force_logout())
        self.cancel_button = QPushButton(self.tr("Скасувати вимогу"))
        self.cancel_button.setAccessibleName(self.tr("Скасувати очікувану вимогу оператору"))
        self.cancel_button.clicked.connect(lambda: self.cancel_force())
        self.message_button = QPushButton(self.tr("Повідомлення…"))
        self.message_button.clicked.connect(lambda: self.send_message())
        self.outage_button = QPushButton(self.tr("Опублікувати відключення…"))
        self.outage_button.clicked.connect(lambda: self.publish_outage(None))
        self.monitor_buttons: dict[MonitorMode, QPushButton] = {}
        for mode, text, name in (
                (MonitorMode.LISTEN, self.tr("Прослухати"), self.tr("Прослухати розмову")),
                (MonitorMode.WHISPER, self.tr("Підказати"),
                 self.tr("Підказати оператору: чує лише оператор")),
                (MonitorMode.BARGE, self.tr("Втрутитися"),
                 self.tr("Втрутитися в розмову: чують обоє"))):
            button = QPushButton(text)
            button.setAccessibleName(name)
            button.setToolTip(name)
            button.clicked.connect(lambda _c=False, m=mode: self.monitor(m))
            self.monitor_buttons[mode] = button
        self.stop_monitor_button = QPushButton(self.tr("Завершити прослуховування"))
        self.stop_monitor_button.clicked.connect(lambda: self.stop_monitor())
        self.monitor_label = QLabel()
        self.monitor_label.setObjectName("monitorState")
        self.monitor_label.hide()
        levers = QHBoxLayout()
        for button in (self.force_button, self.logout_button, self.cancel_button,
                       self.message_button, self.outage_button, *self.monitor_buttons.values(),
                       self.stop_monitor_button):
            levers.addWidget(button)
        levers.addWidget(self.monitor_label)
        levers.addStretch(1)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.line_figures)
        top_layout.addLayout(levers)
        top_layout.addWidget(self.table, 1)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self.charts)
        bottom.addWidget(self.surge_group)
        bottom.setSizes([1000, 440])
        main = QSplitter(Qt.Orientation.Vertical)
        main.addWidget(top)
        main.addWidget(bottom)
        main.setSizes([560, 300])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.connection_banner)
        layout.addWidget(main, 1)
        self.setCentralWidget(central)
        self._selection_changed()

        menu = self.menuBar().addMenu(self.tr("&Панель"))
        self.actions_by_name: dict[str, QAction] = {}
        for name, text, keys, slot in (
                ("not_ready", self.tr("Перевести у «Не готовий»…"), "Ctrl+Shift+N",
                 self.force_not_ready),
                ("logout", self.tr("Вивести оператора з системи…"), "Ctrl+Shift+L",
                 self.force_logout),
                ("cancel", self.tr("Скасувати вимогу оператору"), "Ctrl+Shift+Z",
                 self.cancel_force),
                ("message", self.tr("Надіслати повідомлення…"), "Ctrl+M", self.send_message),
                ("outage", self.tr("Опублікувати відключення…"), "Ctrl+Shift+O",
                 lambda: self.publish_outage(None)),
                ("surge_outage", self.tr("Відключення для вибраного сплеску…"), "Ctrl+Shift+S",
                 self.publish_for_surge),
                ("listen", self.tr("Прослухати розмову оператора"), "Ctrl+Alt+L",
                 lambda: self.monitor(MonitorMode.LISTEN)),
                ("whisper", self.tr("Підказати оператору"), "Ctrl+Alt+W",
                 lambda: self.monitor(MonitorMode.WHISPER)),
                ("barge", self.tr("Втрутитися в розмову"), "Ctrl+Alt+B",
                 lambda: self.monitor(MonitorMode.BARGE)),
                ("stop_monitor", self.tr("Завершити прослуховування"), "Ctrl+Alt+E",
                 self.stop_monitor),
                ("grouped", self.tr("Групувати за станом"), "Ctrl+G", self._group),
                ("operators", self.tr("До таблиці операторів"), "Ctrl+1",
                 self.table.setFocus),
                ("surges", self.tr("До сплесків звернень"), "Ctrl+2",
                 self.surge_list.setFocus),
                ("reconnect", self.tr("Перепідключитися"), "F5", self.reconnect)):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _c=False, s=slot: s())
            menu.addAction(action)
            self.addAction(action)
            self.actions_by_name[name] = action
        self.quit_action = QAction(self.tr("Вийти"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        menu.addSeparator()
        menu.addAction(self.quit_action)
        self.addAction(self.quit_action)

    def _group(self) -> None:
        self.table.set_grouped()
        self._redraw_operators()

    def _selection_changed(self) -> None:
        username = self.table.selected_username()
        operator = self.board.operators.get(username or "")
        self.force_button.setEnabled(operator is not None)
        self.logout_button.setEnabled(operator is not None)
        self.cancel_button.setEnabled(bool(operator and operator.get("forced")))
        talking = bool(operator and (operator.get("call") or {}).get("answered_at"))
        for button in self.monitor_buttons.values():
            button.setEnabled(self.phone is not None and (
                talking or bool(self.monitoring and self.monitoring["username"] == username)))
        self.stop_monitor_button.setEnabled(self.monitoring is not None)
        self.surge_button.setEnabled(self.surge_list.currentItem() is not None)

    # -- session -----------------------------------------------------------------------
    def set_session(self, api: ApiClient, user: dict[str, Any]) -> None:
        self.api, self.user = api, user
        self.setWindowTitle(self.tr("Контакт-центр 1551 — панель старшого зміни — {0}").format(
            user.get("full_name") or user.get("username", "")))
        self.start_feed()

    def start_feed(self) -> None:
        if self.api is None or self.feed is not None:
            return
        self.feed = BoardFeed(self.api, "/board/stream", self)
        self.feed.sig_event.connect(self.on_event)
        self.feed.sig_connection.connect(self._connection)
        self.feed.start()
        self._tick.start()

    def stop_feed(self) -> None:
        self._tick.stop()
        if self.feed is not None:
            self.feed.stop()
            self.feed = None

    def reconnect(self) -> None:
        """A fresh stream (and so a fresh snapshot)."""
        self.stop_feed()
        self.start_feed()

    def attach_phone(self, phone: Any) -> None:
        self.phone = phone  # the board takes no queue calls; it calls operators to listen
        if phone is not None and hasattr(phone, "sig_monitor"):
            phone.sig_monitor.connect(self._monitor_changed)
        self._selection_changed()

    def detach_phone(self) -> None:
        if self.monitoring is not None:
            self.stop_monitor()
        if self.phone is not None and hasattr(self.phone, "sig_monitor"):
            self.phone.sig_monitor.disconnect(self._monitor_changed)
        self.phone = None

    # -- listen, whisper, barge ---------------------------------------------------------
    def monitor_words(self) -> dict[str, str]:
        return {"listen": self.tr("прослуховування"), "whisper": self.tr("підказка"),
                "barge": self.tr("втручання")}

    def monitor(self, mode: MonitorMode, username: str | None = None) -> None:
        """Into the selected operator's call, through this desktop's phone: the API
        grants a token, the phone calls the operator's desktop with it. Already in
        that operator's call: only the mode changes."""
        username = username or self.table.selected_username()
        if username is None or self.api is None:
            return
        if self.phone is None:
            self.statusBar().showMessage(self.tr(
                "Телефон не підключено: прослуховування йде через ваш телефон"), 10000)
            return
        current = self.monitoring
        if current is not None and current["username"] == username:
            self.phone.set_monitor_mode(current["id"], mode)
            return
        if current is not None:
            self.stop_monitor()
        api, phone = self.api, self.phone

        def granted(answer: Any) -> None:
            if self.phone is not phone or not isinstance(answer, dict):
                return
            monitor_id = phone.monitor(str(answer["target"]), mode, str(answer["token"]))
            self.monitoring = {"id": monitor_id, "username": username, "mode": mode,
                               "status": "connecting"}
            self._show_monitoring()
            self.sig_lever_done.emit("monitor", answer)

        def refused(error: object) -> None:
            text = getattr(error, "message", str(error))
            self.statusBar().showMessage(text, 10000)
            self.sig_lever_failed.emit("monitor", text)

        self.runner.run(lambda: api.board_monitor(username, mode.value), granted, refused)

    def stop_monitor(self) -> None:
        current, self.monitoring = self.monitoring, None
        if current is not None and self.phone is not None:
            self.phone.stop_monitor(current["id"])
        self._show_monitoring()

    def _monitor_changed(self, state: MonitorState) -> None:
        current = self.monitoring
        if (state.side is not MonitorSide.LEAD or current is None
                or state.monitor_id != current["id"]):
            return
        if state.status in (MonitorStatus.ENDED, MonitorStatus.REFUSED):
            self.monitoring = None
            if state.status is MonitorStatus.REFUSED:
                self.statusBar().showMessage(self.tr(
                    "Оператор не прийняв прослуховування ({0} {1})").format(
                        state.code, state.reason), 10000)
        else:
            current["mode"], current["status"] = state.mode, state.status.value
        self._show_monitoring()
        self.sig_monitor_changed.emit(state)

    def _show_monitoring(self) -> None:
        current = self.monitoring
        if current is None:
            self.monitor_label.hide()
        else:
            mode = self.monitor_words().get(str(current["mode"]), str(current["mode"]))
            waiting = current["status"] == "connecting"
            self.monitor_label.setText(
                (self.tr("З'єднання: {0}, {1}…") if waiting else self.tr("Ви в розмові: {0}, {1}"))
                .format(current["username"], mode))
            self.monitor_label.show()
        self._selection_changed()

    # -- live --------------------------------------------------------------------------
    def _connection(self, connected: bool, why: str) -> None:
        if connected:
            self.connection_banner.hide()
        else:
            self.connection_banner.setText(self.tr(
                "Зв'язок із сервером втрачено ({0}), перепідключення… Показано дані на момент "
                "втрати зв'язку.").format(why))
            self.connection_banner.show()
        self.sig_connection_changed.emit(connected)

    def on_event(self, kind: str, data: dict[str, Any]) -> None:
        part = self.board.apply_event(kind, data)
        if part in ("snapshot", "operators"):
            self._redraw_operators()
        if part in ("snapshot", "line"):
            self.line_figures.show_line(self.board)
            self.charts.show_calls(self.board.line.get("calls_per_15min") or [])
            self.charts.show_spheres(self.board.line.get("appeals_by_sphere") or [])
        if part in ("snapshot", "surges"):
            self._redraw_surges()
        if part in ("snapshot", "messages"):
            self._redraw_messages()
        if part:
            self.sig_board_changed.emit(part)

    def _redraw_clocks(self) -> None:
        self._redraw_operators()
        self.line_figures.show_wait(self.board)

    def _redraw_operators(self) -> None:
        self.table.show_operators(self.board, self.state_words(), self.reason_words(),
                                  self.pending_words())
        self._selection_changed()

    def _redraw_surges(self) -> None:
        chosen = self.surge_list.currentItem()
        chosen_key = chosen.data(Qt.ItemDataRole.UserRole) if chosen is not None else None
        self.surge_list.clear()
        for key, surge in sorted(self.board.surges.items(),
                                 key=lambda kv: -int(kv[1].get("count") or 0)):
            item = QListWidgetItem(self.surge_text(surge))
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip("\n".join(
                f"{labels.short_time(c.get('at'))[-5:]} {c.get('appeal_number') or ''} "
                f"{c.get('problem_name') or ''} ({c.get('operator') or ''})"
                for c in surge.get("calls") or []))
            self.surge_list.addItem(item)
            if key == chosen_key:
                self.surge_list.setCurrentItem(item)
        if self.surge_list.currentItem() is None and self.surge_list.count():
            self.surge_list.setCurrentRow(0)
        self.surge_group.setTitle(self.tr("Сплески звернень ({0})").format(
            self.surge_list.count()))
        self._selection_changed()

    def surge_text(self, surge: dict[str, Any]) -> str:
        place = (surge.get("place") or {}).get("label") or ""
        sphere = (surge.get("sphere") or {}).get("name") or ""
        return self.tr("⚠ {0} звернень за {1} хв: {2} — {3}").format(
            int(surge.get("count") or 0), int(self.board.settings.get("surge_window_min") or 15),
            place, sphere)

    def _redraw_messages(self) -> None:
        self.messages_list.clear()
        for message in sorted(self.board.messages.values(),
                              key=lambda m: str(m.get("sent_at") or ""), reverse=True):
            to = message.get("to") or self.tr("усім")
            read = len(message.get("read") or [])
            item = QListWidgetItem(self.tr("{0} → {1}: {2} (прочитали {3} з {4})").format(
                labels.short_time(message.get("sent_at"))[-5:], to, message.get("text", ""),
                read, int(message.get("recipients") or 0)))
            item.setToolTip("\n".join(f"{r.get('username')}: {labels.short_time(r.get('read_at'))}"
                                      for r in message.get("read") or []))
            self.messages_list.addItem(item)

    # -- levers ------------------------------------------------------------------------
    def _lever(self, name: str, call: Any, done_text: str) -> None:
        def failed(error: object) -> None:
            text = getattr(error, "message", str(error))
            self.statusBar().showMessage(text, 10000)
            self.sig_lever_failed.emit(name, text)

        def done(answer: Any) -> None:
            answer = answer if isinstance(answer, dict) else {}
            operator = answer.get("operator")
            if isinstance(operator, dict):  # the row with its pending force, at once
                self.on_event("operator", {"operator": operator})
            self.statusBar().showMessage(done_text, 8000)
            self.sig_lever_done.emit(name, answer)

        self.runner.run(call, done, failed)

    def _show_dialog(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None)
                                if self.dialog is dialog else None)
        dialog.open()

    def force_not_ready(self, username: str | None = None, reason: str | None = None) -> None:
        """Not ready with a reason, applied by the operator's desktop after their call."""
        username = username or self.table.selected_username()
        if username is None or self.api is None:
            return
        api = self.api
        if reason is not None:
            self._lever("not_ready", lambda: api.board_force(username, "not_ready", reason),
                        self.tr("Вимогу «Не готовий» надіслано: {0}").format(username))
            return
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Перевести у «Не готовий»: {0}").format(username))
        form = QFormLayout(dialog)
        box = QComboBox()
        box.setObjectName("forceReason")
        words = self.reason_words()
        for key in NOT_READY_REASONS:
            box.addItem(words.get(key, key), key)
        form.addRow(self.tr("&Причина"), box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        dialog.accepted.connect(lambda: self.force_not_ready(username, str(box.currentData())))
        self._show_dialog(dialog)

    def force_logout(self, username: str | None = None, *, confirm: bool = True) -> None:
        username = username or self.table.selected_username()
        if username is None or self.api is None:
            return
        api = self.api
        if not confirm:
            self._lever("logout", lambda: api.board_force(username, "logout", None),
                        self.tr("Вимогу вийти з системи надіслано: {0}").format(username))
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Вивести з системи"), self.tr(
            "Вивести {0} з системи? Поточний дзвінок буде завершено як зазвичай.").format(
                username), QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.buttonClicked.connect(lambda button: self.force_logout(username, confirm=False)
                                  if box.buttonRole(button) == QMessageBox.ButtonRole.YesRole
                                  else None)
        self._show_dialog(box)

    def cancel_force(self, username: str | None = None) -> None:
        username = username or self.table.selected_username()
        if username is None or self.api is None:
            return
        api = self.api
        self._lever("cancel", lambda: api.board_cancel_force(username),
                    self.tr("Вимогу скасовано: {0}").format(username))

    def send_message(self, text: str | None = None, to: str | None = "") -> None:
        """To one operator (`to`), to everyone (`to` None); the dialog when no text."""
        if self.api is None:
            return
        api = self.api
        if text is not None:
            addressee = self.table.selected_username() if to == "" else to
            self._lever("message", lambda: api.board_message(text, addressee),
                        self.tr("Повідомлення надіслано"))
            return
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Повідомлення операторам"))
        form = QFormLayout(dialog)
        to_box = QComboBox()
        to_box.setObjectName("messageTo")
        to_box.addItem(self.tr("Усім операторам"), None)
        for name, operator in sorted(self.board.operators.items()):
            to_box.addItem(str(operator.get("full_name") or name), name)
        chosen = self.table.selected_username()
        if chosen:
            to_box.setCurrentIndex(max(0, to_box.findData(chosen)))
        edit = QPlainTextEdit()
        edit.setObjectName("messageText")
        edit.setTabChangesFocus(True)
        counter = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Надіслати"))

        def count() -> None:
            length = len(edit.toPlainText().strip())
            counter.setText(self.tr("{0} з {1} символів").format(length, MESSAGE_MAX_CHARS))
            ok.setEnabled(0 < length <= MESSAGE_MAX_CHARS)

        form.addRow(self.tr("&Кому"), to_box)
        form.addRow(self.tr("&Текст"), edit)
        form.addRow(counter)
        form.addRow(buttons)
        edit.textChanged.connect(count)
        count()
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        dialog.accepted.connect(lambda: self.send_message(edit.toPlainText().strip(),
                                                          to_box.currentData()))
        self._show_dialog(dialog)

    def publish_for_surge(self) -> None:
        """One click on an alert: the outage dialog, filled in from the surge."""
        item = self.surge_list.currentItem()
        if item is not None:
            self.publish_outage(self.board.surges.get(str(item.data(Qt.ItemDataRole.UserRole))))

    def publish_outage(self, prefill: dict[str, Any] | None) -> OutageDialog | None:
        if self.api is None:
            return None
        api = self.api
        dialog = OutageDialog(prefill, self)
        dialog.sig_find_buildings.connect(lambda q: self.runner.run(
            lambda: api.buildings(q, 20), dialog.show_buildings,
            lambda e: dialog.show_error(getattr(e, "message", str(e))), channel="buildings"))
        dialog.buttons.accepted.disconnect()
        dialog.buttons.accepted.connect(lambda: self._submit_outage(dialog))
        self._show_dialog(dialog)
        return dialog

    def _submit_outage(self, dialog: OutageDialog) -> None:
        if not dialog.valid():
            return
        if self.api is None:
            return
        api, body = self.api, dialog.payload()

        def failed(error: object) -> None:
            text = error.message if isinstance(error, ApiError) else str(error)
            dialog.show_error(text)  # the dialog stays open with what was typed
            self.sig_lever_failed.emit("outage", text)

        def done(answer: dict[str, Any]) -> None:
            dialog.accept()
            for outage in answer.get("outages") or []:
                self.on_event("outage", {"outage": outage})
            self.statusBar().showMessage(self.tr(
                "Відключення опубліковано: оператори бачать його в картці абонента"), 10000)
            self.sig_lever_done.emit("outage", answer)

        self.runner.run(lambda: api.board_publish_outage(body), done, failed)

    # -- closing -----------------------------------------------------------------------
    def closeEvent(self, event: Any) -> None:
        self.stop_feed()
        if self.dialog is not None:
            self.dialog.close()
        self.runner.wait_done(3000)
        event.accept()
