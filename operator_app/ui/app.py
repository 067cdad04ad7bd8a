"""Application start-up: translator, the workspace, the demo or real services."""

from __future__ import annotations

import logging
from typing import Any

from kc1551_resources import resource_path
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from operator_app.config import AppConfig
from operator_app.ui.gc_thread import collect_on_gui_thread
from operator_app.ui.main_window import Workspace

log = logging.getLogger(__name__)

TRANSLATIONS_DIR = resource_path("translations")
ICONS_DIR = resource_path("icons")


def qt_translator(app: QCoreApplication, language: str) -> QTranslator | None:
    """Qt's own strings (a dialog's Save and Cancel, a line edit's menu) in the
    language: qtbase_<language>.qm from the Qt installation."""
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(f"qtbase_{language}", folder):
        log.warning("Qt's own translation %s not found in %s", language, folder)
        return None
    return translator


def install_translator(app: QCoreApplication, language: str) -> QTranslator | None:
    """Load kc1551_<language>.qm; Ukrainian is the source language and needs none."""
    qt_own = qt_translator(app, language)
    if qt_own is not None:
        app.installTranslator(qt_own)
    if language == "uk":
        QLocale.setDefault(QLocale(QLocale.Language.Ukrainian, QLocale.Country.Ukraine))
        return None
    translator = QTranslator(app)
    if not translator.load(str(TRANSLATIONS_DIR / f"kc1551_{language}.qm")):
        log.warning("translation %s not found in %s", language, TRANSLATIONS_DIR)
        return None
    app.installTranslator(translator)
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    return translator


def application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(argv or ["kc1551"])
    collect_on_gui_thread(app)
    app.setApplicationName("kc1551")
    app.setOrganizationName("kc1551")
    app.setApplicationDisplayName("1551")
    icon = ICONS_DIR / "kc1551.svg"
    if icon.exists():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    return app


def create_workspace(cfg: AppConfig, phone: Any = None, credentials: Any = None) -> Workspace:
    """The window with its core services (outbox, drafts, scripts) from the settings."""
    from operator_app.drafts import DraftStore
    from operator_app.outbox import Outbox
    from operator_app.scripts import load_scripts

    try:
        scripts = load_scripts(cfg.scripts_dir)
    except Exception as exc:  # a broken override must not stop the shift
        log.warning("call scripts not loaded: %s", exc)
        scripts = load_scripts(None)
    window = Workspace(cfg, phone=phone, outbox=Outbox(cfg.outbox_path),
                       drafts=DraftStore(cfg.drafts_dir), scripts=scripts)
    window.credentials = credentials
    return window
