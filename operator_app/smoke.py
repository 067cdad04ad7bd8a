"""`kc1551-desktop --smoke-test`: does the installed program work on this machine?

    KC1551_SIP_PASSWORD=P kc1551-desktop --smoke-test [--registrar sip:HOST:PORT --sip-user U]
        [--transport udp|tcp|tls] [--tls-ca FILE] [--no-tls-verify] [--timeout S]

Run on a built package before it ships (and by IT on a PC): starts Qt offscreen
with the sign-in window, creates a SIP endpoint with UDP, TCP and TLS transports
the way the engine makes them, opens the outbox (the user's, read without
changing it, or a new one in a temporary folder when the user has none), reads
the keyring or reports that there is none, and with a registrar registers
through the real engine. One JSON object per step on stdout
(``{"step": ..., "ok": true, ...}``); exit 0 when every step passed, 1 with
the traceback on stderr when one failed. The SIP password comes from
KC1551_SIP_PASSWORD (else the keyring); ``ps`` would show it on a command line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


class SmokeError(RuntimeError):
    """A step found the program not working (its message says why)."""


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kc1551-desktop --smoke-test",
                                     description="Перевірка встановленої програми")
    parser.add_argument("--registrar", help="sip:HOST:PORT — зареєструватися на цій АТС")
    parser.add_argument("--sip-user", help="користувач SIP (пароль у KC1551_SIP_PASSWORD)")
    parser.add_argument("--transport", choices=("udp", "tcp", "tls"), default="udp",
                        help="транспорт реєстрації")
    parser.add_argument("--tls-ca", default="", help="PEM сертифіката CA АТС")
    parser.add_argument("--no-tls-verify", dest="tls_verify", action="store_false")
    parser.add_argument("--timeout", type=float, default=20.0,
                        help="секунд на реєстрацію")
    parser.add_argument("--config", type=Path, help="файл налаштувань користувача (INI)")
    args = parser.parse_args(argv)
    if args.registrar and not args.sip_user:
        parser.error("--registrar потребує --sip-user")
    return args


class Report:
    """Prints one JSON line per step; remembers which step is running."""

    def __init__(self, out: Any = None) -> None:
        self._out = out if out is not None else sys.stdout
        self.current = ""
        self._started = time.monotonic()

    def emit(self, step: str, ok: bool, **fields: Any) -> None:
        line = json.dumps({"step": step, "ok": ok, **fields}, ensure_ascii=False, default=str)
        self._out.write(line + "\n")
        self._out.flush()

    @contextmanager
    def step(self, name: str) -> Iterator[dict[str, Any]]:
        """The body fills the dict with the step's facts; an exception fails it."""
        self.current = name
        started = time.monotonic()
        fields: dict[str, Any] = {}
        yield fields
        self.emit(name, True, seconds=round(time.monotonic() - started, 3), **fields)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self._started


def _qt_step(fields: dict[str, Any], language: str) -> Any:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    from operator_app.ui.app import ICONS_DIR, application, install_translator
    from operator_app.ui.login_dialog import LoginDialog

    app = application(["kc1551-desktop"])
    install_translator(app, language)
    icon = ICONS_DIR / "kc1551.svg"
    if not icon.is_file():
        raise SmokeError(f"icon missing: {icon}")
    dialog = LoginDialog("http://127.0.0.1:9/", credentials=None)
    dialog.show()
    app.processEvents()
    if not dialog.isVisible():
        raise SmokeError("the sign-in window did not show")
    fields.update(platform=app.platformName(), qt=qVersion(), pyside=pyside_version,
                  window=dialog.windowTitle())
    dialog.close()
    return dialog


def _sip_config(args: argparse.Namespace, password: str, registrar: str) -> Any:
    from operator_app.telephony.config import SipConfig, SipTransport

    return SipConfig(registrar=registrar, user=args.sip_user or "smoke", password=password,
                     transport=SipTransport(args.transport), null_audio=True,
                     tls_ca_file=args.tls_ca, tls_verify_server=args.tls_verify,
                     user_agent="kc1551-smoke-test")


def _endpoint_step(fields: dict[str, Any], args: argparse.Namespace) -> None:
    """A pjsua2 endpoint with the three transports, made as the engine makes them."""
    import pjsua2 as pj

    from operator_app.telephony.tls import configure_tls

    config = _sip_config(args, "", args.registrar or "sip:127.0.0.1")
    ep = pj.Endpoint()
    ep.libCreate()
    try:
        ep_cfg = pj.EpConfig()
        ep_cfg.uaConfig.threadCnt = 0
        ep_cfg.uaConfig.mainThreadOnly = False
        ep_cfg.logConfig.consoleLevel = 0
        ep_cfg.logConfig.level = 0
        ep.libInit(ep_cfg)
        ep.audDevManager().setNullDev()
        transports: dict[str, str] = {}
        kinds = {"udp": pj.PJSIP_TRANSPORT_UDP, "tcp": pj.PJSIP_TRANSPORT_TCP,
                 "tls": pj.PJSIP_TRANSPORT_TLS}
        for name, kind in kinds.items():
            tp_cfg = pj.TransportConfig()
            tp_cfg.boundAddress = "127.0.0.1"
            if name == "tls":
                configure_tls(tp_cfg.tlsConfig, config)  # CA list, TLS 1.2+, verification
            transport_id = ep.transportCreate(kind, tp_cfg)
            transports[name] = str(ep.transportGetInfo(transport_id).localName)
        ep.libStart()
        fields.update(pjsua2=str(ep.libVersion().full), transports=transports,
                      tls_ca_list=config.tls_ca_file or "system")
    finally:
        ep.libDestroy()
        del ep


def _outbox_step(fields: dict[str, Any], outbox_path: Path) -> tempfile.TemporaryDirectory[str]:
    from operator_app.outbox import Outbox

    scratch = tempfile.TemporaryDirectory(prefix="kc1551-smoke-")
    # The user's own outbox is only read (nothing a previous run held is released);
    # a user who has none gets no file made in their home.
    path = outbox_path if outbox_path.is_file() else Path(scratch.name) / "outbox.sqlite3"
    outbox = Outbox(path, release_held=False)
    fields.update(path=str(path), users_own=path == outbox_path,
                  pending=outbox.pending_count(), rejected=len(outbox.rejected()))
    return scratch


def _keyring_step(fields: dict[str, Any], sip_user: str | None) -> Any:
    from operator_app.credentials import CredentialStore

    store = CredentialStore()
    fields.update(backend=store.backend_name, persistent=store.persistent)
    if not store.persistent:
        fields["note"] = "no system keyring: passwords are asked for each session"
    elif sip_user:
        fields["sip_password_stored"] = store.get("sip", sip_user) is not None
    return store


class _RegistrationWait:
    """EngineListener that waits for the operator's own registration to settle."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.state: Any = None
        self.errors: list[str] = []

    def on_registration(self, state: Any) -> None:
        from operator_app.telephony.models import RegistrationStatus
        from operator_app.telephony.registration import OPERATOR_ACCOUNT

        if state.account != OPERATOR_ACCOUNT:
            return
        if state.status in (RegistrationStatus.REGISTERED, RegistrationStatus.FAILED):
            self.state = state
            self.done.set()

    def on_error(self, message: str) -> None:
        self.errors.append(message)

    def _ignore(self, *_args: Any) -> None:
        return None

    on_ringing = on_call_changed = on_call_ended = on_media_stats = on_options_rtt = _ignore
    on_monitor = _ignore  # no shift lead listens to a smoke test


def _register_step(fields: dict[str, Any], args: argparse.Namespace, store: Any) -> None:
    from operator_app.telephony.config import PASSWORD_ENV
    from operator_app.telephony.engine import Engine
    from operator_app.telephony.models import RegistrationStatus

    password = os.environ.get(PASSWORD_ENV) or store.get("sip", args.sip_user)
    if not password:
        raise SmokeError(f"no SIP password: set {PASSWORD_ENV} or store it in the keyring")
    listener = _RegistrationWait()
    # Not collected on the owner thread: this process has Qt objects (the engine's rule).
    engine = Engine(listener, collect_garbage=False)
    engine.start(_sip_config(args, password, args.registrar))
    try:
        if not listener.done.wait(args.timeout):
            raise SmokeError(f"no answer to REGISTER from {args.registrar} in "
                               f"{args.timeout:g} s")
        state = listener.state
        fields.update(registrar=args.registrar, user=args.sip_user, transport=args.transport,
                      code=state.code, reason=state.reason)
        if state.status is not RegistrationStatus.REGISTERED:
            raise SmokeError(f"registration failed: {state.code} {state.reason}")
    finally:
        engine.shutdown()


def main(argv: list[str] | None = None, *, out: Any = None) -> int:
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    # Offscreen always: the check must pass on a build agent and on a PC alike.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    report = Report(out)
    keep: list[Any] = []  # Qt and temporary objects live until the end
    try:
        from operator_app.config import load_config

        with report.step("config") as fields:
            cfg = load_config(args.config)
            fields.update(sources=[str(p) for p in cfg.sources], api_url=cfg.api_url,
                          locked=sorted(cfg.locked))
        with report.step("qt") as fields:
            keep.append(_qt_step(fields, cfg.language))
        with report.step("endpoint") as fields:
            _endpoint_step(fields, args)
        with report.step("outbox") as fields:
            keep.append(_outbox_step(fields, cfg.outbox_path))
        with report.step("keyring") as fields:
            store = _keyring_step(fields, args.sip_user)
        if args.registrar:
            with report.step("register") as fields:
                _register_step(fields, args, store)
    except Exception as exc:
        traceback.print_exc(file=sys.stderr)
        report.emit(report.current, False, error=f"{type(exc).__name__}: {exc}")
        return 1
    report.emit("done", True, seconds=round(report.elapsed, 3))
    for item in keep:
        cleanup: Callable[[], None] | None = getattr(item, "cleanup", None)
        if cleanup is not None:
            cleanup()
    return 0
