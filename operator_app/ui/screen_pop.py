"""The screen pop: who is calling and what is known, before the answer.

Fed by a dict shaped like API.md's `GET /screen-pop` answer; it never calls
the API itself (the main window does, in the background).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kc1551_common.phones import format_phone
from operator_app.ui import labels

_OVERDUE_COLOUR = Qt.GlobalColor.darkRed
# Two lines a row. The number, and the status over the deadline, are short: sized to
# their text, never cut. The problem over the address takes the rest (stretched); a
# line too long ends in "…" and the tooltip has it whole. (Five columns side by side
# left the problem and the address a few letters each, or pushed the window wider
# than a 1280 px screen.)
NUMBER, STATE, WHAT = range(3)
FITTED_COLUMNS = (NUMBER, STATE)
_CELL_PADDING = 6  # beyond the style's own margins, so texts do not touch the lines


def outages_concern(outage: dict[str, Any], buildings: list[dict[str, Any]]) -> bool:
    """Whether an outage reaches one of these buildings: the building itself, its
    street (in its district when the outage names one), or its whole district."""
    building = outage.get("building") or {}
    for candidate in buildings:
        if building:
            if building.get("id") == candidate.get("id"):
                return True
            continue
        same_district = outage.get("district") in (None, "", candidate.get("district"))
        if outage.get("street"):
            if outage["street"] == candidate.get("street") and same_district:
                return True
        elif outage.get("district") and outage["district"] == candidate.get("district"):
            return True
    return False


class AppealTable(QTableWidget):
    """Appeals as rows: number; status and deadline (overdue in red); problem and address."""

    sig_appeal_chosen = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels([
            self.tr("Номер"), self.tr("Стан, термін"), self.tr("Проблема, адреса"),
        ])
        self.verticalHeader().hide()
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        # Interactive + one resize after filling: ResizeToContents would re-measure
        # every row on every setItem (tens of ms per pop, measured in bench/).
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(WHAT, QHeaderView.ResizeMode.Stretch)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Each line elided on its own: no wrapping.
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().setDefaultSectionSize(2 * self.fontMetrics().lineSpacing() + 8)
        self._appeals: list[dict[str, Any]] = []
        self.cellDoubleClicked.connect(lambda row, _col: self.sig_appeal_chosen.emit(
            self._appeals[row]))
        self._fit_columns()

    def set_appeals(self, appeals: list[dict[str, Any]]) -> None:
        self._appeals = list(appeals)
        self.setUpdatesEnabled(False)
        try:
            self._fill(appeals)
        finally:
            self.setUpdatesEnabled(True)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Short columns to their text; the stretched one never narrower than its title."""
        header = self.horizontalHeader()
        for column in FITTED_COLUMNS:
            self.resizeColumnToContents(column)  # to the text, edge to edge: a little air
            header.resizeSection(column, header.sectionSize(column) + _CELL_PADDING)
        fitted = sum(header.sectionSize(c) for c in FITTED_COLUMNS)
        title = self.model().headerData(WHAT, Qt.Orientation.Horizontal) or ""
        what = header.fontMetrics().horizontalAdvance(str(title)) + 2 * _CELL_PADDING
        scroll = self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent)
        self.setMinimumWidth(fitted + what + scroll + 2 * self.frameWidth())

    def _fill(self, appeals: list[dict[str, Any]]) -> None:
        self.setRowCount(len(appeals))
        for row, appeal in enumerate(appeals):
            building = appeal.get("building") or {}
            status = labels.appeal_status(str(appeal.get("status", "")))
            deadline = labels.short_date(appeal.get("deadline"))
            if appeal.get("overdue"):
                deadline = self.tr("{0} ⚠").format(deadline)
            problem = str(appeal.get("problem_name", ""))
            address = str(building.get("label", ""))
            cells = [
                str(appeal.get("number", "")),
                f"{status}\n{deadline}" if deadline else status,
                f"{problem}\n{address}" if address else problem,
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                if appeal.get("overdue") and col == STATE:
                    item.setForeground(_OVERDUE_COLOUR)
                    item.setToolTip(f"{status}\n" + self.tr("Прострочено: термін {0}").format(
                        labels.short_time(appeal.get("deadline"))))
                self.setItem(row, col, item)

    def appeal_count(self) -> int:
        return len(self._appeals)


class ScreenPopPanel(QWidget):
    """Caller, their appeals, open appeals at their buildings, outages, KB suggestion."""

    sig_rendered = Signal(str)  # the phone whose pop has just been drawn completely
    sig_open_article = Signal(int)
    sig_appeal_chosen = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Картка абонента"))
        layout = QVBoxLayout(self)
        self.caller_label = QLabel()
        self.caller_label.setObjectName("callerLabel")
        self.caller_label.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.caller_label.setWordWrap(True)
        self.caller_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.caller_detail = QLabel()
        self.caller_detail.setWordWrap(True)
        layout.addWidget(self.caller_label)
        layout.addWidget(self.caller_detail)

        self.outage_box = QLabel()
        self.outage_box.setObjectName("outageBox")
        self.outage_box.setWordWrap(True)
        self.outage_box.setStyleSheet(
            "background: #fff3cd; color: #5c3c00; border: 2px solid #e0a800;"
            " border-radius: 4px; padding: 6px; font-weight: bold;")
        self.outage_box.setAccessibleName(self.tr("Відключення та планові роботи"))
        layout.addWidget(self.outage_box)

        self.appeals_group = QGroupBox(self.tr("Звернення абонента"))
        self.appeals_table = AppealTable()
        QVBoxLayout(self.appeals_group).addWidget(self.appeals_table)
        layout.addWidget(self.appeals_group, 3)

        self.building_group = QGroupBox(self.tr("Відкриті звернення за адресою"))
        self.building_table = AppealTable()
        QVBoxLayout(self.building_group).addWidget(self.building_table)
        layout.addWidget(self.building_group, 2)

        self.kb_group = QGroupBox(self.tr("Ймовірна відповідь (база знань)"))
        kb_layout = QVBoxLayout(self.kb_group)
        self.kb_label = QLabel()
        self.kb_label.setWordWrap(True)
        self.kb_button = QPushButton(self.tr("Відкрити статтю"))
        self.kb_button.setAccessibleName(self.tr("Відкрити запропоновану статтю"))
        kb_layout.addWidget(self.kb_label)
        kb_layout.addWidget(self.kb_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.kb_group)

        self._pop: dict[str, Any] | None = None
        self._outages: list[dict[str, Any]] = []
        self._suggested_id: int | None = None
        self.kb_button.clicked.connect(self._open_suggestion)
        self.appeals_table.sig_appeal_chosen.connect(self.sig_appeal_chosen)
        self.building_table.sig_appeal_chosen.connect(self.sig_appeal_chosen)
        self.clear()

    # -- states ---------------------------------------------------------------
    def _untitled(self) -> None:
        """Group titles without the last caller's counts."""
        self.appeals_group.setTitle(self.tr("Звернення абонента"))
        self.building_group.setTitle(self.tr("Відкриті звернення за адресою"))

    def clear(self) -> None:
        self._pop = None
        self._untitled()
        self.caller_label.setText(self.tr("Немає дзвінка"))
        self.caller_detail.setText(self.tr("Картка абонента з'явиться, щойно надійде дзвінок."))
        self._show_outages([])
        self.appeals_table.set_appeals([])
        self.building_table.set_appeals([])
        self._show_suggestion([])

    def show_loading(self, phone: str | None, display: str = "") -> None:
        """INVITE arrived: show the number at once, the rest follows."""
        self._pop = None
        self._untitled()
        self.caller_label.setText(self._number_text(phone, display))
        self.caller_detail.setText(self.tr("Завантаження історії…"))
        self._show_outages([])
        self.appeals_table.set_appeals([])
        self.building_table.set_appeals([])
        self._show_suggestion([])

    def show_unavailable(self, phone: str | None) -> None:
        self.caller_label.setText(self._number_text(phone, ""))
        self.caller_detail.setText(self.tr(
            "Історія недоступна: немає зв'язку з сервером. Звернення можна зареєструвати — "
            "воно буде надіслане пізніше."))

    def show_pop(self, pop: dict[str, Any]) -> None:
        self._pop = pop
        citizens = pop.get("citizens") or []
        phone = pop.get("phone")
        names = ", ".join(str(c.get("full_name", "")) for c in citizens if c.get("full_name"))
        self.caller_label.setText(self._number_text(phone, names))
        # One building can be on file twice (different flats): name it once.
        buildings = list(dict.fromkeys(
            b.get("label", "") for c in citizens for b in c.get("buildings") or []))
        if citizens:
            detail = self.tr("Адреси: {0}").format("; ".join(buildings) or "—")
        else:
            detail = self.tr("Новий абонент: звернень з цього номера ще не було.")
        self.caller_detail.setText(detail)
        self._show_outages(pop.get("outages") or [])
        appeals = pop.get("appeals") or []
        self.appeals_table.set_appeals(appeals)
        overdue = sum(1 for a in appeals if a.get("overdue"))
        title = self.tr("Звернення абонента ({0})").format(len(appeals))
        if overdue:
            title += self.tr(", прострочено: {0}").format(overdue)
        self.appeals_group.setTitle(title)
        building_appeals = pop.get("building_appeals") or []
        self.building_table.set_appeals(building_appeals)
        self.building_group.setTitle(
            self.tr("Відкриті звернення за адресою ({0})").format(len(building_appeals)))
        self._show_suggestion(pop.get("kb_suggestions") or [])
        self.sig_rendered.emit(str(phone or ""))

    def current_pop(self) -> dict[str, Any] | None:
        return self._pop

    def outage_text(self) -> str:
        return "" if self.outage_box.isHidden() else self.outage_box.text()

    def add_outage(self, outage: dict[str, Any]) -> bool:
        """An outage published while this pop is open: shown at once when it concerns
        one of the caller's buildings (itself, its street or its district)."""
        if self._pop is None or not outages_concern(outage, self._buildings()):
            return False
        if any(o.get("id") == outage.get("id") for o in self._outages):
            return False
        self._pop["outages"] = [*self._outages, outage]
        self._show_outages(self._pop["outages"])
        return True

    def _buildings(self) -> list[dict[str, Any]]:
        pop = self._pop or {}
        return [b for c in pop.get("citizens") or [] for b in c.get("buildings") or []]

    # -- parts ----------------------------------------------------------------
    def _number_text(self, phone: str | None, name: str) -> str:
        number = format_phone(phone) if phone else self.tr("Номер приховано")
        return f"{number} — {name}" if name else number

    def _show_outages(self, outages: list[dict[str, Any]]) -> None:
        self._outages = list(outages)
        if not outages:
            self.outage_box.setText("")
            self.outage_box.hide()
            return
        lines = [self.tr("⚠ За адресою абонента відомі відключення — надайте консультацію, "
                         "нове звернення не потрібне:")]
        for outage in outages:
            where = ((outage.get("building") or {}).get("label") or outage.get("street")
                     or outage.get("district") or "")
            lines.append(self.tr("• {0}: {1}, {2} — до {3}. {4}").format(
                labels.outage_kind(str(outage.get("kind", ""))),
                labels.service_name(str(outage.get("service", ""))),
                where,
                labels.short_time(outage.get("ends_at")) or "?",
                outage.get("description") or "",
            ).strip())
        self.outage_box.setText("\n".join(lines))
        self.outage_box.show()

    def _show_suggestion(self, articles: list[dict[str, Any]]) -> None:
        if not articles:
            self._suggested_id = None
            self.kb_label.setText(self.tr("Немає пропозицій."))
            self.kb_button.setEnabled(False)
            return
        best = articles[0]
        self._suggested_id = int(best["id"])
        self.kb_label.setText(f"<b>{best.get('title', '')}</b><br>{best.get('snippet', '')}")
        self.kb_button.setEnabled(True)

    def _open_suggestion(self) -> None:
        if self._suggested_id is not None:
            self.sig_open_article.emit(self._suggested_id)
