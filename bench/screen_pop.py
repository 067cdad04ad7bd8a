"""Screen pop in the running desktop: INVITE arrival -> pop fully rendered.

With DATABASE_URL (PostgreSQL) seeded to --appeals appeals (bench/seed.py),
the real API in a subprocess, a private Kamailio and the line simulator, the
offscreen desktop (real pjsua2 engine, real widgets) takes --calls calls from
known citizens. Each call is measured from the engine's INVITE timestamp to
the moment the pop is drawn, then rejected so the next one can ring.
Baseline in the same run: the bare HTTP screen-pop round trip for the same
phones, so the desktop's own share is visible. Also start-up to
registered-and-ready (a cold import of the desktop in a fresh interpreter plus
window, sign-in, SIP registration and the queue binding), and the idle RSS of
the desktop process (the API runs in its own process).

    DATABASE_URL=postgresql://postgres@127.0.0.1:55432/postgres \\
        python bench/screen_pop.py --appeals 1000000 --calls 200
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import api as api_bench  # bench/api.py: served(), ensure_operator(), sample_data()
import seed as seeding  # bench/seed.py: this directory is on sys.path when run as a script
from PySide6.QtCore import QEventLoop, QTimer

from kc1551_demo.local_pbx import LocalPbx
from operator_app.api_client import ApiClient
from operator_app.config import AppConfig
from operator_app.telephony.config import PASSWORD_ENV, SipConfig
from operator_app.telephony.facade import Phone
from operator_app.telephony.jsonl_process import JsonLineProcess
from operator_app.telephony.models import RegistrationStatus
from operator_app.ui.app import application, create_workspace
from server_api.settings import normalize_database_url

TARGETS = {"pop_p95_ms": 100.0, "startup_ready_s": 3.0, "idle_rss_mb": 250.0}


def wait_until(condition: Callable[[], bool], timeout_s: float = 15.0) -> None:
    """Run the Qt event loop (sleeping in it, not spinning) until `condition()` holds."""
    if condition():
        return
    loop = QEventLoop()
    deadline = time.monotonic() + timeout_s
    check = QTimer(interval=1)
    check.timeout.connect(lambda: loop.quit() if condition() or time.monotonic() > deadline
                          else None)
    check.start()
    loop.exec()
    check.stop()
    if not condition():
        raise TimeoutError("condition not met in time")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def http_baseline(base: str, phones: list[str]) -> list[float]:
    client = ApiClient(base)
    client.login(api_bench.BENCH_USER, api_bench.BENCH_PASSWORD)
    times = []
    for phone in phones:
        started = time.perf_counter()
        client.screen_pop(phone)
        times.append((time.perf_counter() - started) * 1000)
    return times


def cold_import_s() -> float:
    """What a fresh process spends importing the desktop (Qt, pjsua2, the app)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import PySide6.QtWidgets, pjsua2, "
                    "operator_app.ui.app, operator_app.telephony.facade"], check=True)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--appeals", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args(argv)
    raw_url = os.environ.get("DATABASE_URL")
    if not raw_url or not raw_url.startswith(("postgresql", "postgres")):
        print("DATABASE_URL must name a PostgreSQL database; see bench/README.md",
              file=sys.stderr)
        return 2
    url = normalize_database_url(raw_url)
    conninfo = url.replace("postgresql+psycopg://", "postgresql://", 1)
    seeded = seeding.seed(url, appeals=args.appeals,
                          citizens=max(1_000, args.appeals * 3 // 10), articles=10_000)
    api_bench.ensure_operator(url)
    phones = api_bench.sample_data(conninfo, args.calls)[0]

    app = application(sys.argv[:1])
    pbx = LocalPbx()
    pbx.start({"op1001": "bench-op", "trunk": "bench-trunk"})
    pop_ms: list[float] = []
    with api_bench.served(url) as base, tempfile.TemporaryDirectory() as tmp:
        baseline_ms = http_baseline(base, phones)

        # Start-up: window, sign-in, SIP registration, queue binding (Ready).
        started = time.perf_counter()
        phone = Phone()
        queue_bound: list[bool] = []
        phone.sig_registration_changed.connect(lambda st: queue_bound.append(
            st.account == "queue" and st.status is RegistrationStatus.REGISTERED))
        rendered: list[tuple[str, float]] = []
        ended: list[str] = []
        window = create_workspace(AppConfig(api_url=base, data_dir=Path(tmp)), phone)
        window.show()
        client = ApiClient(base)
        window.set_session(client, client.login(api_bench.BENCH_USER,
                                                api_bench.BENCH_PASSWORD)["user"])
        phone.start(SipConfig(registrar=pbx.registrar_uri, user="op1001", password="bench-op",
                              null_audio=True))
        window.go_ready()
        wait_until(lambda: any(queue_bound))
        startup_s = time.perf_counter() - started + cold_import_s()
        wait_until(lambda: not window.runner.busy())  # sign-in's classifier and state requests
        window.sig_pop_rendered.connect(lambda cid, ms: rendered.append((cid, ms)))
        phone.sig_call_ended.connect(lambda summary: ended.append(summary.call_id))
        idle_rss = rss_mb()

        caller = JsonLineProcess([
            sys.executable, "-m", "kc1551_demo.simulator", "--registrar",
            pbx.registrar_uri, "--user", "trunk", "--control"],
            env={PASSWORD_ENV: "bench-trunk"})
        with caller:
            caller.wait_for("ready", 15)
            for number in phones:
                caller.send({"cmd": "call", "to": "1551", "from_number": number,
                             "display": "", "withheld": False})
                wait_until(lambda: len(rendered) > len(pop_ms))
                call_id, elapsed = rendered[-1]
                pop_ms.append(elapsed)
                phone.reject(call_id)
                wait_until(lambda cid=call_id: cid in ended)
                # Its summary goes to the API before the next call rings, as wrap-up
                # separates an operator's calls; the pop is measured on its own.
                wait_until(lambda: not window.runner.busy())
            # The last call summaries are still on their way to the API.
            wait_until(lambda: not window.runner.busy())
        window.current_call_id = None
        window.close()  # goes offline first, while the phone can still leave the queue
        window.runner.wait_done()
        phone.shutdown()
    pbx.stop()
    app.processEvents()

    figures = {
        "appeals": seeded["appeals"],
        "calls": len(pop_ms),
        "pop_p50_ms": round(statistics.median(pop_ms), 1),
        "pop_p95_ms": round(percentile(pop_ms, 0.95), 1),
        "http_pop_p50_ms": round(statistics.median(baseline_ms), 1),
        "http_pop_p95_ms": round(percentile(baseline_ms, 0.95), 1),
        "startup_ready_s": round(startup_s, 2),
        "idle_rss_mb": round(idle_rss, 1),
    }
    print(f"{'figure':<34}{'value':>12}{'target':>10}")
    for key, value in figures.items():
        target = TARGETS.get(key)
        print(f"{key:<34}{value:>12}{'≤ ' + str(target) if target else '':>10}")
    print("baseline: http_pop_* is the bare API round trip for the same phones; "
          "pop_* adds SIP delivery, the worker hop and drawing.")
    print(json.dumps(figures))
    sys.stdout.flush()
    # pjsua2's Python objects trip a refcount assertion while the interpreter
    # finalises (after libDestroy); the figures are out, so leave without it.
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
