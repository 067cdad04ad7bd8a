"""The shift lead's decision list: callbacks the feedback department cannot finish.

An appeal lands here when the citizen did not answer the allowed number of
times, or said "not solved" once more than the rework limit lets staff send it
back. The lead reads its history and decides: one more round of callbacks, back
to the executor (past the limit), closed, or cancelled; always with a comment.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from operator_app.api_client import ApiClient, ApiError
from operator_app.ui.background import BackgroundRunner

COLUMNS = 5


class DecisionsPanel(QWidget):
    sig_shown = Signal(int)  # items waiting for a decision
    sig_decided = Signal(dict)

    def __init__(self, runner: BackgroundRunner, api: Callable[[], ApiClient],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._api = api
        self.items: list[dict[str, Any]] = []
        layout = QVBoxLayout(self)
        self.summary_label = QLabel()
        self.table = QTableWidget(0, COLUMNS)
        self.table.setHorizontalHeaderLabels([
            self.tr("№ звернення"), self.tr("Чому"), self.tr("Спроб"),
            self.tr("Повернень"), self.tr("Проблема, адреса")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(COLUMNS - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS - 1, QHeaderView.ResizeMode.Stretch)
        self.comment_edit = QLineEdit()
        self.comment_edit.setPlaceholderText(self.tr("Коментар до рішення (обов'язково)"))
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.setWordWrap(True)
        buttons = QHBoxLayout()
        self.action_buttons: dict[str, QPushButton] = {}
        for action, text in (("retry", self.tr("Ще раз зателефонувати")),
                             ("rework", self.tr("На доопрацювання")),
                             ("close", self.tr("Закрити")), ("cancel", self.tr("Скасувати"))):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, a=action: self.decide(a))
            self.action_buttons[action] = button
            buttons.addWidget(button)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.comment_edit)
        layout.addLayout(buttons)
        layout.addWidget(self.error_label)

    def refresh(self) -> None:
        self.runner.run(lambda: self._api().worklist_decisions(), self._show,
                        lambda e: self.error_label.setText(str(e)), channel="decisions")

    def _show(self, answer: dict[str, Any]) -> None:
        self.items = list(answer.get("items") or [])
        reasons = {"attempts_exhausted": self.tr("не відповідає"),
                   "rework_limit": self.tr("ліміт повернень")}
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            building = item.get("building") or {}
            where = f"{building.get('street', '')}, {building.get('house', '')}"
            cells = [str(item.get("number") or item.get("appeal_id")),
                     reasons.get(str(item.get("escalated")), str(item.get("escalated") or "")),
                     str(item.get("attempts", 0)), str(item.get("rework_count", 0)),
                     f"{(item.get('problem') or {}).get('name', '')} · {where}"]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.table.setItem(row, column, cell)
        self.summary_label.setText(self.tr("Чекають рішення: {0}").format(len(self.items)))
        self.sig_shown.emit(len(self.items))

    def decide(self, action: str) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.items):
            self.error_label.setText(self.tr("Оберіть звернення у списку"))
            return
        comment = self.comment_edit.text().strip()
        if not comment:
            self.error_label.setText(self.tr("Напишіть коментар до рішення"))
            return
        appeal_id = int(self.items[row]["appeal_id"])

        def done(answer: dict[str, Any]) -> None:
            self.comment_edit.clear()
            self.error_label.setText("")
            self.sig_decided.emit(answer)
            self.refresh()

        def refused(error: object) -> None:
            # The comment stays: the lead fixes what was wrong and decides again.
            self.error_label.setText(error.message if isinstance(error, ApiError)
                                     else str(error))

        self.runner.run(lambda: self._api().worklist_decide(appeal_id, action, comment),
                        done, refused)
