"""The embedded demo: the whole product on one machine, with no configuration.

``EmbeddedStack`` runs the central API in-process (uvicorn in a thread, on a
free loopback port, SQLite with demo data), a local Kamailio as the PBX of
line 1551 and the line simulator calling in every few seconds; its citizens
say their problem aloud (resources/voices) once the operator answers.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn
from kc1551_resources import resource_path

from kc1551_demo.local_pbx import LocalPbx, PbxNotAvailableError, PbxStartError
from operator_app.telephony.config import GATEWAY_PASSWORD_ENV, PASSWORD_ENV, SipConfig
from operator_app.telephony.jsonl_process import (
    EventTimeoutError,
    JsonLineProcess,
    ProcessEndedError,
)

log = logging.getLogger(__name__)

DEMO_OPERATOR = "operator"  # kc1551_demo.seed_data's operator account
DEMO_PASSWORD = "demo1551"
SIP_OPERATORS = ("operator", "operator2")  # SIP users the local PBX knows
SIP_TRUNK = "trunk"  # the line simulator's caller side: citizens dialling 1551
SIP_GATEWAY = "gateway"  # the simulator's side that answers calls to citizens' numbers
SIMULATOR_READY_TIMEOUT_S = 20.0
# the simulated citizens' sentences (resources/README.md: what they are, how made)
DEMO_VOICES = resource_path("voices")
QUEUE_AOR = "1551"
KAMAILIO_MISSING = ("Імітація лінії 1551 потребує Kamailio, його не знайдено. "
                    "Запустіть ./run.sh: він установить Kamailio. "
                    "Сервер звернень і робоче місце працюють і без нього.")
SIMULATOR_FAILED = ("Імітатор дзвінків на лінію 1551 не запустився; дзвінки можна "
                    "здійснювати вручну. Подробиці в журналі.")
PBX_FAILED = ("Імітована лінія 1551 не запустилася (Kamailio завершився з помилкою). "
              "Сервер звернень і робоче місце працюють; подробиці в журналі.")


def free_tcp_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class ApiServerThread:
    """An ASGI app served by uvicorn in a background thread; can stop and start again
    on the same port (tests use that to take the API away and bring it back)."""

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int | None = None):
        self.app = app
        self.host = host
        self.port = port or free_tcp_port(host)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, timeout_s: float = 15) -> str:
        """Serve and return the base URL once the socket accepts connections."""
        if self.running:
            return self.url
        config = uvicorn.Config(self.app, host=self.host, port=self.port, log_level="warning",
                                lifespan="on", access_log=False)
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, name=f"api-{self.port}", daemon=True)
        self._server, self._thread = server, thread
        thread.start()
        deadline = time.monotonic() + timeout_s
        pause = threading.Event()  # never set: a sleep that reads as a wait
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the API did not start on {self.url}")
            pause.wait(0.01)
        return self.url

    def stop(self, timeout_s: float = 10) -> None:
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is None or thread is None:
            return
        server.should_exit = True
        thread.join(timeout_s)
        if thread.is_alive():
            server.force_exit = True
            thread.join(timeout_s)


# The demo's citizens: they talk 30-90 s once answered, as real callers do, wait
# 20 s for an answer before giving up, and the next one calls 3 s after (a 480
# while the operator is in wrap-up or not ready retries that often, so a call
# comes soon after Ready).
DEMO_TALK_S = (30.0, 90.0)
DEMO_RING_TIMEOUT_S = 20.0
DEMO_CALL_INTERVAL_S = 3.0


def simulator_command(registrar: str, interval_s: float,
                      voices: Path | None = DEMO_VOICES) -> list[str]:
    """The line simulator calling 1551 at random without end (``--calls 0``); its
    gateway account answers the operators' callbacks to citizens' numbers. With
    `voices` (when that folder is there) the citizens speak their problem. The
    passwords go in its environment (`simulator_env`): `ps` shows a command line."""
    command = [sys.executable, "-m", "kc1551_demo.simulator",
               "--registrar", registrar, "--user", SIP_TRUNK, "--gateway-user", SIP_GATEWAY,
               "--calls", "0", "--interval", f"{interval_s:g}",
               "--talk-min", f"{DEMO_TALK_S[0]:g}", "--talk-max", f"{DEMO_TALK_S[1]:g}",
               "--ring-timeout", f"{DEMO_RING_TIMEOUT_S:g}"]
    if voices is not None and (voices / "voices.json").is_file():
        command.append(f"--voices={voices}")
    elif voices is not None:
        log.warning("no caller voices in %s: the simulated citizens stay silent", voices)
    return command


def simulator_env(passwords: Mapping[str, str]) -> dict[str, str]:
    """The simulator's SIP passwords, for its environment."""
    return {PASSWORD_ENV: passwords[SIP_TRUNK], GATEWAY_PASSWORD_ENV: passwords[SIP_GATEWAY]}


@dataclass(frozen=True, slots=True)
class EmbeddedEndpoints:
    api_url: str
    sip_config: SipConfig | None  # None when the local PBX could not start
    username: str  # API sign-in of the demo operator
    password: str = field(repr=False)
    notice: str = ""  # Ukrainian, for the status bar: what of the demo is not running


class EmbeddedStack:
    """The API, a PBX and a calling line, all local; ``stop()`` leaves nothing behind."""

    def __init__(self, data_dir: Path | None = None, call_interval_s: float = DEMO_CALL_INTERVAL_S,
                 simulate_calls: bool = True):
        self._given_data_dir = data_dir
        self.call_interval_s = call_interval_s
        self.simulate_calls = simulate_calls
        self.data_dir: Path | None = None
        self.database_url: str | None = None
        self.api_server: ApiServerThread | None = None
        self.pbx: LocalPbx | None = None
        self.simulator: JsonLineProcess | None = None
        self.sip_passwords: dict[str, str] = {}

    def start(self) -> EmbeddedEndpoints:
        try:
            return self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> EmbeddedEndpoints:
        from server_api.app import create_app
        from server_api.settings import ROUND_THE_CLOCK, Settings

        demo_settings = Settings(**ROUND_THE_CLOCK)  # the demo is tried at any hour
        from kc1551_demo.seed_data import seed_demo

        if self._given_data_dir is not None:
            self.data_dir = self._given_data_dir
            self.data_dir.mkdir(parents=True, exist_ok=True)
        else:
            self.data_dir = Path(tempfile.mkdtemp(prefix="kc1551-demo-"))
        self.database_url = f"sqlite:///{self.data_dir / 'demo-api.sqlite3'}"
        seed_demo(self.database_url)
        self.api_server = ApiServerThread(create_app(self.database_url, demo_settings))
        api_url = self.api_server.start()
        log.info("embedded API on %s", api_url)
        sip_config, notice = self._start_line()
        return EmbeddedEndpoints(api_url, sip_config, DEMO_OPERATOR, DEMO_PASSWORD, notice)

    def _start_line(self) -> tuple[SipConfig | None, str]:
        """The PBX and the simulator; the demo goes on without them if Kamailio is absent."""
        self.sip_passwords = {user: secrets.token_urlsafe(12)
                              for user in (*SIP_OPERATORS, SIP_TRUNK, SIP_GATEWAY)}
        pbx = LocalPbx()
        try:
            pbx.start(self.sip_passwords)
        except PbxNotAvailableError:
            log.warning("Kamailio not installed: the demo runs without the simulated line")
            return None, KAMAILIO_MISSING
        except PbxStartError as exc:
            log.warning("local PBX did not start: %s", exc)
            return None, PBX_FAILED
        self.pbx = pbx
        log.info("embedded PBX on %s", pbx.registrar_uri)
        sip_config = SipConfig(registrar=pbx.registrar_uri, user=SIP_OPERATORS[0],
                               password=self.sip_passwords[SIP_OPERATORS[0]],
                               queue_aor=QUEUE_AOR)
        notice = self._start_simulator(pbx.registrar_uri) if self.simulate_calls else ""
        return sip_config, notice

    def _start_simulator(self, registrar: str) -> str:
        simulator = JsonLineProcess(simulator_command(registrar, self.call_interval_s),
                                    env=simulator_env(self.sip_passwords))
        self.simulator = simulator
        try:
            simulator.wait_for("ready", timeout=SIMULATOR_READY_TIMEOUT_S)
        except (EventTimeoutError, ProcessEndedError) as exc:
            log.warning("line simulator did not get ready: %s", exc)
            self.simulator = None
            simulator.close()
            return SIMULATOR_FAILED
        log.info("line simulator ready (pid %d)", simulator.pid)
        return ""

    def stop(self) -> None:
        """Stop the simulator, the PBX and the API, and remove the temporary data."""
        simulator, self.simulator = self.simulator, None
        if simulator is not None:
            simulator.close()
        pbx, self.pbx = self.pbx, None
        if pbx is not None:
            pbx.stop()
        server, self.api_server = self.api_server, None
        if server is not None:
            server.stop()
        if self._given_data_dir is None and self.data_dir is not None:
            shutil.rmtree(self.data_dir, ignore_errors=True)
        self.data_dir = None

    def __enter__(self) -> EmbeddedEndpoints:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
