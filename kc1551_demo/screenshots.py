"""`python -m kc1551_demo.screenshots OUTDIR [--language uk|en] [--size WxH]`: PNGs of
the workspace's main states (1440x900 unless --size says otherwise).

The real API runs in-process on SQLite with the demo data; the phone is driven by
calling the window's telephony handlers (registration, ringing, call changed, call
ended) with the snapshots the telephony facade would emit. Popups (the Not-ready
menu, the address suggestions) are their own windows: they are painted onto the
window's picture below the widget they opened from. A warning goes to stderr when
a state makes the window bigger than --size (a minimum size that does not fit).

01 idle, Ready; 02 ringing, the pop; 03 the repeat warning; 04 a KB article;
05 SIP not registered; 06 the Not-ready reasons open; 07 one chosen; 08 a field
error (empty description); 09 an appeal registered (closing script); 10 a missed
call; 11 address suggestions for "Хрещатик 22".
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from kc1551_resources import resource_path
from PySide6.QtCore import (
    QEvent,
    QEventLoop,
    QLocale,
    QPoint,
    Qt,
    QTimer,
    QTranslator,
    SignalInstance,
)
from PySide6.QtGui import QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from kc1551_demo.embedded import ApiServerThread
from operator_app.api_client import ApiClient
from operator_app.config import AppConfig
from operator_app.scripts import load_scripts
from operator_app.telephony.models import (
    CallDirection,
    CallInfo,
    CallStatus,
    CallSummary,
    Disposition,
    RegistrationState,
    RegistrationStatus,
)
from operator_app.ui.app import application, create_workspace, install_translator
from operator_app.ui.main_window import Workspace

OPEN_STATUSES = ("registered", "in_work")


def wait_for(signal: SignalInstance, timeout_ms: int = 10000) -> list[Any]:
    """Run the event loop until `signal` fires; its arguments (raises on timeout)."""
    loop = QEventLoop()
    received: list[Any] = []

    def fired(*args: Any) -> None:
        received.extend(args)
        loop.quit()

    signal.connect(fired)
    timer = QTimer(singleShot=True, interval=timeout_ms)
    timer.timeout.connect(loop.quit)
    timer.start()
    loop.exec()
    signal.disconnect(fired)
    if not timer.isActive():
        raise TimeoutError(f"no signal within {timeout_ms} ms")
    timer.stop()
    return received


def settle(ms: int = 200) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def richest_caller(api: ApiClient) -> str:
    """The demo citizen whose pop has the most to show (appeals, neighbours, outages)."""
    demo = json.loads(resource_path("demo.json").read_text(encoding="utf-8"))
    best, best_score = "", -1
    for person in demo.get("citizens", []):
        for phone in person.get("phones", [])[:1]:
            pop = api.screen_pop(phone)
            score = (len(pop["appeals"]) + len(pop["building_appeals"])
                     + 3 * len(pop["outages"]) + len(pop["kb_suggestions"]))
            if score > best_score:
                best, best_score = pop["phone"], score
    return best


def wait_until(predicate: Callable[[], bool], timeout_ms: int = 10000) -> None:
    """Run the event loop until `predicate()` holds (raises on timeout)."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"not so within {timeout_ms} ms")
        settle(20)


def incoming(call_id: str, phone: str) -> CallInfo:
    return CallInfo(call_id=call_id, sip_call_id=f"{call_id}@screenshots",
                    direction=CallDirection.INCOMING, status=CallStatus.RINGING,
                    remote_number=phone, remote_display="", remote_uri=f"sip:{phone}@pbx",
                    started_at=time.time())


def summary(call: CallInfo, disposition: Disposition) -> CallSummary:
    """What the engine reports at hang-up (an unanswered call has no talk time)."""
    now = time.time()
    answered = call.answered_at if disposition is Disposition.ANSWERED else None
    talk_ms = int((now - answered) * 1000) if answered else 0
    return CallSummary(call_id=call.call_id, sip_call_id=call.sip_call_id,
                       direction=call.direction, remote_number=call.remote_number,
                       local_user="operator", started_at=call.started_at,
                       answered_at=answered, ended_at=now,
                       ring_ms=int(((answered or now) - call.started_at) * 1000),
                       connect_ms=40 if answered else None, early_ms=None, hold_segments=(),
                       hold_ms=0, talk_ms=talk_ms, disposition=disposition,
                       mos=4.3 if answered else None, jitter_ms=None, loss_pct=None,
                       rtt_ms=None)


def ring(window: Workspace, call: CallInfo) -> dict[str, Any]:
    window.on_ringing(call)
    wait_for(window.sig_pop_rendered)
    return window.pop.current_pop() or {}


def type_text(widget: QWidget, text: str) -> None:
    """Key presses, as the operator types (Cyrillic included)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                     Qt.KeyboardModifier.NoModifier, char))


def picture(window: Workspace, popup: QWidget | None = None,
            under: QWidget | None = None) -> QPixmap:
    """The window, with `popup` (open) painted below the widget `under` it opened from:
    where the popup stands on the screen depends on the screen (offscreen: 800x600)."""
    shot = window.grab()
    if popup is not None and under is not None and popup.isVisible():
        painter = QPainter(shot)
        painter.drawPixmap(under.mapTo(window, under.rect().bottomLeft()), popup.grab())
        painter.end()
    return shot


def size_arg(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    return int(width), int(height)


def worklist_picture(*, api_url: str, data_dir: Path, language: str, size: tuple[int, int],
                     target: Path) -> Path:
    """The feedback department's window with the most urgent item claimed."""
    from operator_app.ui.worklist_window import WorklistWindow

    api = ApiClient(api_url)
    user = api.login("feedback", "demo1551")["user"]
    scripts = load_scripts(None)
    window = WorklistWindow(AppConfig(data_dir=data_dir, language=language), scripts=scripts)
    window.resize(*size)
    window.show()
    window.set_session(api, user)
    wait_for(window.sig_list_shown)
    window.claim_next()
    wait_for(window.sig_item_opened)
    wait_for(window.sig_list_shown)
    window.comment_edit.setPlainText("Заявниця підтвердила: тепло є, батареї гарячі")
    window.grade_group.button(5).setChecked(True)
    settle()
    window.grab().save(str(target))
    window.close()
    window.runner.wait_done()
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--language", choices=("uk", "en"), default="uk")
    parser.add_argument("--size", type=size_arg, default=(1440, 900),
                        help="window size, WIDTHxHEIGHT (default 1440x900)")
    args = parser.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    from kc1551_demo.seed_data import seed_demo
    from server_api.app import create_app
    from server_api.settings import ROUND_THE_CLOCK, Settings

    app = application(sys.argv[:1])
    # In a running application (the tests') the language is put back afterwards.
    translators_before = set(app.findChildren(QTranslator))
    locale_before = QLocale()
    install_translator(app, args.language)
    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="kc1551-shots-") as tmp:
        url = f"sqlite:///{tmp}/api.sqlite3"
        seed_demo(url)
        server = ApiServerThread(create_app(url, Settings(**ROUND_THE_CLOCK)))
        server.start()
        try:
            api = ApiClient(server.url)
            user = api.login("operator", "demo1551")["user"]
            window = create_workspace(AppConfig(data_dir=Path(tmp) / "desk",
                                                language=args.language))
            window.resize(*args.size)
            window.show()
            window.set_session(api, user)
            form = window.appeal_form
            wait_until(lambda: form.classifier_tree.topLevelItemCount() > 0)

            def save(name: str, popup: QWidget | None = None,
                     under: QWidget | None = None) -> None:
                settle()
                saved.append(args.outdir / name)
                picture(window, popup, under).save(str(saved[-1]))
                if (window.width(), window.height()) != args.size:
                    print(f"warning: {name}: the window grew to {window.width()}x"
                          f"{window.height()} (minimum {window.minimumSizeHint().width()}x"
                          f"{window.minimumSizeHint().height()})", file=sys.stderr)

            # The phone failed to register: the state bar says calls cannot arrive.
            window.on_registration(RegistrationState(
                "operator", RegistrationStatus.FAILED, 408, "Request Timeout"))
            save("05_sip_not_registered.png")

            window.on_registration(RegistrationState(
                "operator", RegistrationStatus.REGISTERED, 200, "OK", 300))
            window.on_registration(RegistrationState(
                "queue", RegistrationStatus.REGISTERED, 200, "OK", 300))
            window.statusBar().clearMessage()  # the failure's words: registered now
            window.go_ready()
            wait_for(window.sig_agent_state_sent)
            save("01_idle.png")

            # Not ready: the reasons open under their button, then one chosen.
            bar = window.state_bar
            button = bar.not_ready_button
            bar.reason_menu.popup(button.mapToGlobal(button.rect().bottomLeft()))
            save("06_not_ready_reasons.png", bar.reason_menu, button)
            longest = max(bar.reason_menu.actions(),
                          key=lambda a: bar.fontMetrics().horizontalAdvance(a.text()))
            bar.reason_menu.hide()
            longest.trigger()
            wait_for(window.sig_agent_state_sent)
            save("07_not_ready_chosen.png")
            window.go_ready()
            wait_for(window.sig_agent_state_sent)

            call = incoming("demo-1", richest_caller(api))
            pop = ring(window, call)
            window.work_tabs.setCurrentWidget(form)
            save("02_ringing_pop.png")

            open_appeal = next((a for a in pop.get("appeals", []) + pop.get("building_appeals", [])
                                if a["status"] in OPEN_STATUSES), None)
            if open_appeal is not None:
                form.choose_problem(open_appeal["problem_code"])
                form.choose_building(open_appeal["building"])
                form.description_edit.setPlainText("Знову немає гарячої води в квартирі")
                wait_for(form.sig_preview_shown)
                window.work_tabs.setCurrentWidget(form)
                save("03_appeal_repeat_warning.png")

            window.show_consultation()
            window.consultation.search_now("гаряча вода")
            wait_for(window.consultation.sig_results_shown)
            if window.consultation.results_list.count():
                window.consultation.results_list.setCurrentRow(0)
                wait_for(window.consultation.sig_article_shown)
            window.consultation.directory_edit.setText("")
            save("04_consultation_article.png")

            # Answered; Register with the description left empty: its error, no jump.
            call = replace(call, status=CallStatus.CONNECTED, answered_at=time.time())
            window.on_call_changed(call)
            window.work_tabs.setCurrentWidget(form)
            form.description_edit.clear()
            settle()
            top = form.submit_button.mapTo(form, QPoint(0, 0)).y()
            form.submit_button.click()
            save("08_field_error.png")
            if form.submit_button.mapTo(form, QPoint(0, 0)).y() != top:
                print("warning: the form moved when its errors appeared", file=sys.stderr)

            # Registered: Register off, the closing script with number, deadline, executor.
            form.description_edit.setPlainText(
                "У квартирі холодно, батареї ледь теплі, температура +14 °C")
            form.submit_button.click()
            wait_for(window.sig_appeal_registered)
            save("09_appeal_registered.png")

            window.on_call_ended(summary(call, Disposition.ANSWERED))
            window.go_ready()  # the wrap-up done
            wait_for(window.sig_agent_state_sent)

            # A caller who hangs up while it rings: the pop goes, the status bar says so.
            missed = incoming("demo-2", pop.get("phone") or call.remote_number or "")
            ring(window, missed)
            window.on_call_ended(summary(missed, Disposition.MISSED))
            save("10_missed_call.png")

            # Natural address input: what the API finds for "Хрещатик 22" is offered.
            window.work_tabs.setCurrentWidget(form)
            form.clear_button.click()
            window.activateWindow()
            form.building_edit.setFocus()
            wait_until(form.building_edit.hasFocus)
            type_text(form.building_edit, "Хрещатик 22")
            completer = form.building_edit.completer()
            popup = completer.popup() if completer is not None else None
            if popup is None:
                raise RuntimeError("the address field has no suggestions list")
            wait_until(popup.isVisible)
            save("11_address_suggestions.png", popup, form.building_edit)
            popup.hide()

            window.current_call_id = None
            window.close()
            window.runner.wait_done()
            saved.append(worklist_picture(api_url=server.url, data_dir=Path(tmp) / "fb",
                                          language=args.language, size=args.size,
                                          target=args.outdir / "12_worklist_claimed.png"))
        finally:
            server.stop()
            for translator in set(app.findChildren(QTranslator)) - translators_before:
                app.removeTranslator(translator)
                translator.deleteLater()
            QLocale.setDefault(locale_before)
    for path in saved:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
