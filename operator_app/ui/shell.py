"""The desktop's windows, chosen by the role that signed in.

One sign-in, one phone, one outbox: the shell opens the window for the role
(operator → the workspace, feedback → the worklist, shift lead → the workspace
until the board exists) and lets a user switch to the others their role allows,
from each window's "Вікно" menu. Only the window on show receives calls.
"""

from __future__ import annotations

import base64
import binascii
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow

from kc1551_common.monitor_tokens import MonitorTokens
from operator_app.api_client import ApiClient
from operator_app.config import (
    AppConfig,
    ConfigError,
    load_provisioned,
    save_provisioning,
    validate_provisioning,
)
from operator_app.update_watch import STAMP_PATH, UpdateWatch, restart_message

log = logging.getLogger(__name__)

WORKSPACE = "workspace"
WORKLIST = "worklist"
BOARD = "board"
RATINGS = "ratings"
# The first is the one a sign-in opens.
WINDOWS_BY_ROLE: dict[str, tuple[str, ...]] = {
    "operator": (WORKSPACE,),
    "feedback": (WORKLIST,),
    "shift_lead": (BOARD, WORKSPACE, WORKLIST, RATINGS),
    "admin": (WORKSPACE, WORKLIST, BOARD, RATINGS),
}


def windows_for(role: str) -> tuple[str, ...]:
    return WINDOWS_BY_ROLE.get(role, (WORKSPACE,))


class DesktopShell(QObject):
    sig_window_changed = Signal(str)
    sig_provisioned = Signal(str)  # what became of the central settings, in words
    sig_updated = Signal(str)  # the package was upgraded under us: the new version
    sig_monitoring_armed = Signal(bool)  # the phone checks leads' tokens now (or cannot)

    def __init__(self, cfg: AppConfig, phone: Any = None, credentials: Any = None,
                 parent: QObject | None = None, *, version_stamp: Path = STAMP_PATH) -> None:
        super().__init__(parent)
        from operator_app.drafts import DraftStore
        from operator_app.outbox import Outbox
        from operator_app.scripts import load_scripts

        self.cfg = cfg
        self.phone = phone
        self.credentials = credentials
        self.outbox = Outbox(cfg.outbox_path)  # one per desktop: it alone releases held items
        self.drafts = DraftStore(cfg.drafts_dir)
        try:
            self.scripts = load_scripts(cfg.scripts_dir)
        except Exception as exc:  # a broken override must not stop the shift
            log.warning("call scripts not loaded: %s", exc)
            self.scripts = load_scripts(None)
        self.api: ApiClient | None = None
        self.user: dict[str, Any] = {}
        self.windows: dict[str, Any] = {}
        self.current: str | None = None
        # An upgrade while the desktop runs: its files on disk are another version now.
        self.update_watch = UpdateWatch(version_stamp, self._upgraded, self)

    def _upgraded(self, version: str) -> None:
        window = self.windows.get(self.current or "")
        if window is not None:
            window.statusBar().showMessage(restart_message(version))  # stays until restart
        self.sig_updated.emit(version)

    @property
    def allowed(self) -> tuple[str, ...]:
        return windows_for(str(self.user.get("role", "")))

    def start(self, api: ApiClient, user: dict[str, Any]) -> Any:
        """Signed in: open the role's own window (shown by the caller), then fetch
        this PC's central settings."""
        self.api, self.user = api, user
        window = self.show_window(self.allowed[0], show=False)
        self.fetch_provisioning()
        return window

    def arm_monitoring(self, sip_user: str | None) -> None:
        """Tell the API which SIP user this phone is and take the key a shift lead's
        listen / whisper / barge token is checked with. Until it comes (or if the API
        is away) the phone refuses every lead (403)."""
        window = self.windows.get(self.current or "")
        if window is None or self.api is None or self.phone is None or not sip_user:
            return
        api = self.api
        window.runner.run(lambda: api.desk_monitor_key(sip_user), self._monitor_key,
                          self._no_monitor_key)

    def _no_monitor_key(self, error: object) -> None:
        log.warning("no monitor key from the API: %s", error)
        self.sig_monitoring_armed.emit(False)

    def _monitor_key(self, answer: object) -> None:
        try:
            key = base64.b64decode(str((answer or {})["key"]), validate=True)  # type: ignore[index]
            tokens = MonitorTokens(key)
        except (KeyError, TypeError, ValueError, binascii.Error) as exc:
            log.warning("the API's monitor key is malformed: %s", exc)
            self.sig_monitoring_armed.emit(False)
            return
        if self.phone is not None:
            self.phone.set_monitor_verifier(tokens.verify)
        self.sig_monitoring_armed.emit(self.phone is not None)

    def fetch_provisioning(self) -> None:
        """Keep the API's settings for this PC as the last good copy; a malformed
        answer is refused in words and the copy kept; the API away changes nothing."""
        window = self.windows.get(self.current or "")
        if window is None or self.api is None:
            return
        api, group = self.api, self.cfg.group
        window.runner.run(lambda: api.desktop_settings(group), self._provisioned,
                          self._provisioning_failed)

    def _provisioned(self, answer: object) -> None:
        try:
            settings = validate_provisioning(answer)
        except ConfigError as exc:
            self._tell(self.tr("Централізовані налаштування відхилено: {0}. Діють попередні.")
                       .format(exc))
            return
        if load_provisioned(self.cfg.data_dir) == settings:
            self.sig_provisioned.emit("")
            return
        save_provisioning(self.cfg.data_dir, settings)
        self._tell(self.tr("Отримано нові налаштування від ІТ-служби; вони діятимуть після "
                           "перезапуску програми."))

    def _provisioning_failed(self, error: object) -> None:
        log.info("central settings not fetched (the kept copy applies): %s", error)
        self.sig_provisioned.emit("")

    def _tell(self, text: str) -> None:
        window = self.windows.get(self.current or "")
        if window is not None:
            window.statusBar().showMessage(text, 15000)
        self.sig_provisioned.emit(text)

    def window(self, kind: str) -> Any:
        if kind not in self.windows:
            self.windows[kind] = self._create(kind)
        return self.windows[kind]

    def _create(self, kind: str) -> QMainWindow:
        window: Any
        if kind == BOARD:
            from operator_app.ui.board_window import BoardWindow

            window = BoardWindow(self.cfg)
        elif kind == RATINGS:
            from operator_app.ui.ratings_window import RatingsWindow

            window = RatingsWindow(self.cfg)
        elif kind == WORKLIST:
            from operator_app.ui.worklist_window import WorklistWindow

            window = WorklistWindow(self.cfg, outbox=self.outbox, scripts=self.scripts)
        else:
            from operator_app.ui.main_window import Workspace

            window = Workspace(self.cfg, outbox=self.outbox, drafts=self.drafts,
                               scripts=self.scripts)
        window.credentials = self.credentials
        self._add_window_menu(window, kind)
        assert self.api is not None
        window.set_session(self.api, self.user)
        return window

    def _add_window_menu(self, window: QMainWindow, kind: str) -> None:
        if len(self.allowed) < 2:
            return
        names = {WORKSPACE: self.tr("Робоче місце оператора"),
                 WORKLIST: self.tr("Перевірка виконання (зворотні дзвінки)"),
                 BOARD: self.tr("Панель старшого зміни"),
                 RATINGS: self.tr("Рейтинги районів і виконавців")}
        menu = window.menuBar().addMenu(self.tr("&Вікно"))
        group = QActionGroup(window)
        for index, other in enumerate(self.allowed, start=1):
            action = QAction(names.get(other, other), window, checkable=True)
            action.setChecked(other == kind)
            action.setShortcut(f"Ctrl+Shift+{index}")
            action.triggered.connect(lambda _c=False, target=other: self.show_window(target))
            group.addAction(action)
            menu.addAction(action)
            window.addAction(action)

    def on_call(self) -> bool:
        window = self.windows.get(self.current or "")
        return window is not None and window.sessions.current is not None

    def show_window(self, kind: str, *, show: bool = True) -> Any:
        """Switch windows (refused while a call is on the line)."""
        if kind not in self.allowed:
            raise ValueError(f"role {self.user.get('role')!r} may not open {kind!r}")
        if kind == self.current:
            return self.windows[kind]
        old = self.windows.get(self.current or "")
        if old is not None and self.on_call():
            old.statusBar().showMessage(self.tr(
                "Спершу завершіть дзвінок, потім перемикайте вікно"), 8000)
            return old
        new = self.window(kind)
        if old is not None:
            old.detach_phone()
            if hasattr(old, "agent"):
                # Away from the queue's window: no calls from the queue meanwhile.
                old.go_not_ready("callbacks")
            old.hide()
        new.attach_phone(self.phone)
        self.current = kind
        if show:
            new.show()
        self.sig_window_changed.emit(kind)
        return new
