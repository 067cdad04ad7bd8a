"""`python -m operator_app [--config PATH] [--api-url URL] [--language uk|en]`.

With no API configured it runs the embedded demo (API on SQLite, a local
Kamailio and the line simulator) and signs in as the demo operator.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

from operator_app.config import (
    SYSTEM_CONFIG,
    ConfigError,
    effective_config_lines,
    load_config,
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m operator_app",
                                     description="Робоче місце оператора 1551")
    parser.add_argument("--config", type=Path, help="файл налаштувань (INI)")
    parser.add_argument("--api-url", help="адреса центрального API; без неї — демонстрація")
    parser.add_argument("--language", choices=("uk", "en"))
    parser.add_argument("--print-effective-config", action="store_true",
                        help="надрукувати кожен параметр, його значення і звідки воно, та вийти")
    parser.add_argument("--smoke-test", nargs=argparse.REMAINDER, metavar="ARG",
                        help="перевірити встановлену програму і вийти (останній параметр; "
                             "далі --registrar sip:HOST:PORT --sip-user U, див. --smoke-test -h)")
    parser.add_argument("--demo-user", default="operator",
                        help="у демонстрації: під ким увійти (operator, operator2, feedback, "
                             "lead, admin)")
    return parser.parse_args(argv)


def _make_phone() -> Any:
    """The telephony facade, or None when the engine cannot load on this machine."""
    try:
        from operator_app.telephony.facade import Phone
    except ImportError as exc:
        logging.getLogger(__name__).warning("telephony unavailable: %s", exc)
        return None
    return Phone()


def _sip_config(cfg: Any, password: str) -> Any:
    from operator_app.telephony.config import SipConfig, SipTransport

    return SipConfig(registrar=cfg.sip.registrar, user=cfg.sip.user, password=password,
                     transport=SipTransport(cfg.sip.transport), queue_aor=cfg.sip.queue,
                     auto_answer_s=cfg.sip.auto_answer_s, null_audio=cfg.audio.null_audio,
                     capture_device=cfg.audio.capture, playback_device=cfg.audio.playback,
                     ring_device=cfg.audio.ring,
                     echo_cancellation=cfg.audio.echo_cancellation,
                     tls_verify_server=cfg.sip.tls_verify, tls_ca_file=cfg.sip.tls_ca_file,
                     srtp=cfg.sip.srtp)


def _with_audio(sip_config: Any, cfg: Any) -> Any:
    """The demo's line with the operator's own sound settings."""
    from dataclasses import replace

    return replace(sip_config, null_audio=cfg.audio.null_audio,
                   capture_device=cfg.audio.capture, playback_device=cfg.audio.playback,
                   ring_device=cfg.audio.ring, echo_cancellation=cfg.audio.echo_cancellation)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    args = parse_args(argv)
    if args.smoke_test is not None:
        from operator_app import smoke

        return smoke.main(args.smoke_test)
    try:
        cfg = load_config(args.config, command_line={"api.url": args.api_url,
                                                     "desktop.language": args.language})
    except ConfigError as exc:
        print(f"{exc.code}: {exc}", file=sys.stderr)
        return 2
    if args.print_effective_config:
        print("\n".join(effective_config_lines(cfg)))
        return 0

    from operator_app.api_client import ApiClient
    from operator_app.credentials import CredentialStore
    from operator_app.ui.app import application, install_translator
    from operator_app.ui.login_dialog import LoginDialog
    from operator_app.ui.shell import WORKSPACE, DesktopShell

    app = application(sys.argv[:1])
    install_translator(app, cfg.language)
    credentials = CredentialStore()
    phone = _make_phone()
    shell = DesktopShell(cfg, phone, credentials)
    stack = None
    if cfg.embedded:
        try:
            from kc1551_demo.embedded import EmbeddedStack
        except ImportError:
            # An operator's PC has the desktop alone: it needs IT's settings.
            print("invalid_config: адресу центрального API не задано ([api] url у "
                  f"{SYSTEM_CONFIG} або --api-url), а демонстрацію не встановлено",
                  file=sys.stderr)
            return 2
        stack = EmbeddedStack()
        endpoints = stack.start()
        cfg.api_url = None  # stays the demo: nothing of it is saved to the settings
        client = ApiClient(endpoints.api_url)
        try:
            answer = client.login(args.demo_user, endpoints.password)
        except Exception as exc:
            print(f"demo sign-in as {args.demo_user!r} failed: {exc}", file=sys.stderr)
            stack.stop()
            return 2
        window = shell.start(client, answer["user"])
        notice = getattr(endpoints, "notice", "") or ""
        if notice:
            window.statusBar().showMessage(notice)
        if phone is not None and endpoints.sip_config is not None:
            phone.start(_with_audio(endpoints.sip_config, cfg))
            shell.arm_monitoring(endpoints.sip_config.user)
    else:
        assert cfg.api_url is not None
        dialog = LoginDialog(cfg.api_url, credentials, username=cfg.api_user or "",
                             sip_user=cfg.sip.user or "")
        if not dialog.exec() or dialog.client is None:
            return 1
        window = shell.start(dialog.client, dialog.user)
        password = (credentials.get("sip", cfg.sip.user) if cfg.sip.user else None) \
            or dialog.sip_password()
        if phone is not None and cfg.sip.registrar and cfg.sip.user:
            phone.start(_sip_config(cfg, password))
            shell.arm_monitoring(cfg.sip.user)
    window.show()
    if shell.current == WORKSPACE:
        window.go_ready()
    try:
        return int(app.exec())
    finally:
        if phone is not None:
            phone.shutdown()
        if stack is not None:
            stack.stop()


if __name__ == "__main__":
    sys.exit(main())
