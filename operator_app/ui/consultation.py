"""Consultation: KB search as you type, the article, the directory, the log.

Searches run in the background on one channel, so only the newest query's
results are ever shown; a 150 ms debounce keeps typing from flooding the API.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from operator_app.ui import labels
from operator_app.ui.background import BackgroundRunner

SEARCH_DELAY_MS = 150
KB_LIST_MIN_WIDTH = 280  # a found article's title reads in two or three lines
ARTICLE_MIN_WIDTH = 360  # beside the list only when the article keeps this much


class KbSplitter(QSplitter):
    """The found articles and the article: side by side when the panel is wide enough
    for both, the list above the article when not (so neither is squeezed into a strip).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setChildrenCollapsible(False)

    def side_by_side_width(self) -> int:
        return KB_LIST_MIN_WIDTH + ARTICLE_MIN_WIDTH + self.handleWidth()

    def resizeEvent(self, event: QResizeEvent) -> None:
        wanted = (Qt.Orientation.Horizontal if event.size().width() >= self.side_by_side_width()
                  else Qt.Orientation.Vertical)
        if wanted != self.orientation():
            self.setOrientation(wanted)
            # The list a third, the article the rest, whichever way they stand.
            length = (event.size().width() if wanted == Qt.Orientation.Horizontal
                      else event.size().height())
            first = max(length // 3, KB_LIST_MIN_WIDTH
                        if wanted == Qt.Orientation.Horizontal else 0)
            self.setSizes([first, max(length - first, 1)])
        super().resizeEvent(event)


class ConsultationPanel(QWidget):
    sig_results_shown = Signal(str)  # the query whose results are on screen
    sig_article_shown = Signal(int)
    sig_log_requested = Signal(dict)  # payload for POST /consultations

    def __init__(self, runner: BackgroundRunner, api: Callable[[], Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._api = api
        self._used_articles: list[int] = []
        self._article: dict[str, Any] | None = None
        self.setAccessibleName(self.tr("Консультація"))
        layout = QVBoxLayout(self)

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Пошук у базі знань (Ctrl+K)"))
        self.search_edit.setAccessibleName(self.tr("Пошук у базі знань"))
        self.search_edit.setClearButtonEnabled(True)
        layout.addWidget(self.search_edit)

        self.tabs = QTabWidget()
        self.kb_split = KbSplitter()
        self.results_list = QListWidget()
        self.results_list.setAccessibleName(self.tr("Знайдені статті"))
        self.results_list.setMinimumWidth(KB_LIST_MIN_WIDTH)
        # Long titles wrap to the list's width, and re-wrap when it changes.
        self.results_list.setWordWrap(True)
        self.results_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.results_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.results_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results_list.setSpacing(2)
        self.results_list.setMinimumHeight(4 * self.fontMetrics().lineSpacing())
        self.article_view = QTextBrowser()
        self.article_view.setAccessibleName(self.tr("Стаття бази знань"))
        self.article_view.setOpenExternalLinks(False)
        self.kb_split.addWidget(self.results_list)
        self.kb_split.addWidget(self.article_view)
        self.kb_split.setStretchFactor(0, 1)
        self.kb_split.setStretchFactor(1, 2)
        self.tabs.addTab(self.kb_split, self.tr("База знань"))

        directory = QWidget()
        dir_layout = QVBoxLayout(directory)
        self.directory_edit = QLineEdit()
        self.directory_edit.setPlaceholderText(self.tr("Організація, служба, телефон"))
        self.directory_edit.setAccessibleName(self.tr("Пошук у довіднику"))
        self.directory_view = QTextBrowser()
        dir_layout.addWidget(self.directory_edit)
        dir_layout.addWidget(self.directory_view)
        self.tabs.addTab(directory, self.tr("Довідник"))
        layout.addWidget(self.tabs, 1)

        log_row = QHBoxLayout()
        self.topic_edit = QLineEdit()
        self.topic_edit.setPlaceholderText(self.tr("Тема консультації"))
        self.topic_edit.setAccessibleName(self.tr("Тема консультації"))
        self.used_label = QLabel()
        self.log_button = QPushButton(self.tr("Зафіксувати консультацію"))
        self.log_button.setAccessibleName(self.tr("Зафіксувати консультацію"))
        self.log_button.clicked.connect(self.request_log)
        log_row.addWidget(self.topic_edit, 1)
        log_row.addWidget(self.used_label)
        log_row.addWidget(self.log_button)
        layout.addLayout(log_row)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._search)
        self.search_edit.textEdited.connect(lambda _t: self._search_timer.start())
        self._dir_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._dir_timer.timeout.connect(self._search_directory)
        self.directory_edit.textEdited.connect(lambda _t: self._dir_timer.start())
        self.results_list.currentItemChanged.connect(self._result_chosen)
        self._update_used()

    # -- KB -------------------------------------------------------------------
    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def search_now(self, query: str) -> None:
        self.search_edit.setText(query)
        self._search_timer.stop()
        self._search()

    def _search(self) -> None:
        query = self.search_edit.text().strip()
        if not query:
            self.results_list.clear()
            return
        self._runner.run(lambda: self._api().kb_search(query, 10),
                         lambda found: self._show_results(query, found),
                         self._show_failure, channel="kb_search")

    def _show_results(self, query: str, articles: list[dict[str, Any]]) -> None:
        if query != self.search_edit.text().strip():
            return  # a late answer to a search since replaced (or to the last call's)
        self.results_list.blockSignals(True)
        self.results_list.clear()
        for article in articles:
            item = QListWidgetItem(f"{article.get('title')}\n{article.get('sphere', '')}")
            item.setData(Qt.ItemDataRole.UserRole, int(article["id"]))
            item.setToolTip(f"<b>{html.escape(str(article.get('title', '')))}</b><br>"
                            f"{html.escape(str(article.get('snippet', '')))}")
            self.results_list.addItem(item)
        self.results_list.blockSignals(False)
        if not articles:
            self.status_label.setText(self.tr("Нічого не знайдено за запитом «{0}»").format(query))
        else:
            self.status_label.setText("")
        self.sig_results_shown.emit(query)

    def result_titles(self) -> list[str]:
        return [self.results_list.item(i).text().split("\n")[0]
                for i in range(self.results_list.count())]

    def _result_chosen(self, item: QListWidgetItem | None, _prev: object = None) -> None:
        if item is not None:
            self.open_article(int(item.data(Qt.ItemDataRole.UserRole)))

    def open_article(self, article_id: int) -> None:
        self._runner.run(lambda: self._api().kb_article(article_id), self.show_article,
                         self._show_failure, channel="kb_article")

    def show_article(self, article: dict[str, Any]) -> None:
        self._article = article
        article_id = int(article["id"])
        if article_id not in self._used_articles:
            self._used_articles.append(article_id)
        if not self.topic_edit.text():
            self.topic_edit.setText(str(article.get("title", "")))
            self.topic_edit.setCursorPosition(0)  # the title's start, not its end
        body = str(article.get("body", "")).replace("\n", "<br>")
        self.article_view.setHtml(
            f"<h2>{article.get('title', '')}</h2><p>{body}</p><p style='color:gray'>"
            + self.tr("Сфера: {0}. Автор: {1}, редактор: {2}, оновлено {3}").format(
                article.get("sphere", ""), article.get("author", ""), article.get("editor", ""),
                labels.short_time(article.get("updated_at"))) + "</p>")
        self.tabs.setCurrentIndex(0)
        self._update_used()
        self.sig_article_shown.emit(article_id)

    def _show_failure(self, error: object) -> None:
        self.status_label.setText(self.tr("База знань недоступна: {0}").format(error))

    # -- directory ------------------------------------------------------------
    def _search_directory(self) -> None:
        query = self.directory_edit.text().strip()
        self._runner.run(lambda: self._api().directory(query), self._show_directory,
                         self._show_failure, channel="directory")

    def _show_directory(self, entries: list[dict[str, Any]]) -> None:
        parts = []
        for entry in entries:
            phones = entry.get("phones") or []
            phone_text = ", ".join(phones) if isinstance(phones, list) else str(phones)
            parts.append(
                f"<p><b>{entry.get('name', '')}</b><br>{entry.get('address', '')}<br>"
                f"☎ {phone_text}<br>{entry.get('hours', '') or ''}"
                f" {entry.get('email', '') or ''} {entry.get('site', '') or ''}<br>"
                f"{entry.get('head', '') or ''}</p>")
        self.directory_view.setHtml("".join(parts) or self.tr("Нічого не знайдено"))

    # -- logging the consultation ---------------------------------------------
    def _update_used(self) -> None:
        self.used_label.setText(self.tr("Статей: {0}").format(len(self._used_articles)))

    def request_log(self) -> None:
        topic = self.topic_edit.text().strip()
        if not topic:
            self.status_label.setText(self.tr("Вкажіть тему консультації"))
            self.topic_edit.setFocus()
            return
        self.log_button.setEnabled(False)
        self.sig_log_requested.emit({"topic": topic, "article_ids": list(self._used_articles)})

    def show_logged(self, queued: bool) -> None:
        self.log_button.setEnabled(True)
        if queued:
            self.status_label.setText(self.tr(
                "Сервер недоступний: консультацію збережено локально, буде надіслана пізніше."))
        else:
            self.status_label.setText(self.tr("Консультацію зафіксовано."))

    def show_log_error(self, message: str) -> None:
        self.log_button.setEnabled(True)
        self.status_label.setText(message)

    def reset(self) -> None:
        """A new call: nothing of the last caller's search stays."""
        self._search_timer.stop()
        self._runner.cancel_channel("kb_search")
        self._used_articles = []
        self._article = None
        self.search_edit.clear()
        self.results_list.clear()
        self.article_view.clear()
        self.topic_edit.clear()
        self.status_label.clear()
        self.log_button.setEnabled(True)
        self._update_used()
