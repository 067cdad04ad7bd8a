"""`python -m operator_app.ui.screenshots OUTDIR [--language uk|en]`: PNGs of the main states.

The real API runs in-process on SQLite with the demo data; the pop is driven by
calling the ringing handler with a CallInfo, as the telephony facade would.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer, SignalInstance

from kc1551_demo.embedded import ApiServerThread
from operator_app.api_client import ApiClient
from operator_app.config import AppConfig
from operator_app.telephony.models import CallDirection, CallInfo, CallStatus
from operator_app.ui.app import application, create_workspace, install_translator
from operator_app.ui.main_window import Workspace

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
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
    demo = json.loads((RESOURCES / "demo.json").read_text(encoding="utf-8"))
    best, best_score = "", -1
    for person in demo.get("citizens", []):
        for phone in person.get("phones", [])[:1]:
            pop = api.screen_pop(phone)
            score = (len(pop["appeals"]) + len(pop["building_appeals"])
                     + 3 * len(pop["outages"]) + len(pop["kb_suggestions"]))
            if score > best_score:
                best, best_score = pop["phone"], score
    return best


def ring(window: Workspace, phone: str) -> dict[str, Any]:
    call = CallInfo(call_id="demo-1", sip_call_id="demo-1@screenshots",
                    direction=CallDirection.INCOMING, status=CallStatus.RINGING,
                    remote_number=phone, remote_display="", remote_uri=f"sip:{phone}@pbx",
                    started_at=time.time())
    window.on_ringing(call)
    wait_for(window.sig_pop_rendered)
    return window.pop.current_pop() or {}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--language", choices=("uk", "en"), default="uk")
    args = parser.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    from server_api.app import create_app
    from server_api.demo import seed_demo

    app = application(sys.argv[:1])
    install_translator(app, args.language)
    with tempfile.TemporaryDirectory(prefix="kc1551-shots-") as tmp:
        url = f"sqlite:///{tmp}/api.sqlite3"
        seed_demo(url)
        server = ApiServerThread(create_app(url))
        server.start()
        try:
            api = ApiClient(server.url)
            user = api.login("operator", "demo1551")["user"]
            window = create_workspace(AppConfig(data_dir=Path(tmp) / "desk",
                                                language=args.language))
            window.resize(1600, 950)
            window.show()
            window.set_session(api, user)
            window.go_ready()
            wait_for(window.sig_agent_state_sent)
            settle()
            saved = [args.outdir / "01_idle.png"]
            window.grab().save(str(saved[-1]))

            pop = ring(window, richest_caller(api))
            window.work_tabs.setCurrentWidget(window.appeal_form)
            settle()
            saved.append(args.outdir / "02_ringing_pop.png")
            window.grab().save(str(saved[-1]))

            open_appeal = next((a for a in pop.get("appeals", []) + pop.get("building_appeals", [])
                                if a["status"] in OPEN_STATUSES), None)
            if open_appeal is not None:
                form = window.appeal_form
                form.choose_problem(open_appeal["problem_code"])
                form.choose_building(open_appeal["building"])
                form.description_edit.setPlainText("Знову немає гарячої води в квартирі")
                wait_for(form.sig_preview_shown)
                window.work_tabs.setCurrentWidget(form)
                settle()
                saved.append(args.outdir / "03_appeal_repeat_warning.png")
                window.grab().save(str(saved[-1]))

            window.show_consultation()
            window.consultation.search_now("гаряча вода")
            wait_for(window.consultation.sig_results_shown)
            if window.consultation.results_list.count():
                window.consultation.results_list.setCurrentRow(0)
                wait_for(window.consultation.sig_article_shown)
            window.consultation.directory_edit.setText("")
            settle()
            saved.append(args.outdir / "04_consultation_article.png")
            window.grab().save(str(saved[-1]))
            window.current_call_id = None
            window.close()
            window.runner.wait_done()
        finally:
            server.stop()
    for path in saved:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
