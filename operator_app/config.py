"""Desktop settings: an INI file IT can provision, then environment overrides.

Read in order, later wins: ``/etc/kc1551/desktop.ini`` (the machine's, pushed
by IT), ``$XDG_CONFIG_HOME/kc1551/desktop.ini`` (the user's, written by the
settings dialog), then ``KC1551_<SECTION>_<KEY>`` variables, e.g.
``KC1551_API_URL``, ``KC1551_SIP_REGISTRAR``, ``KC1551_DESKTOP_LANGUAGE``,
``KC1551_HOTKEYS_ANSWER`` (the [desktop] keys also without the section,
e.g. ``KC1551_LANGUAGE``). Secrets never live here: passwords are kept by
``operator_app.credentials``.

    [api]
    url = https://api.1551.example/   ; empty or absent: the embedded demo
    user = op1001
    [sip]
    registrar = sip:pbx.example:5060
    user = op1001
    transport = udp                   ; tls: SIP over TLS, calls with SRTP
    tls_verify = yes                  ; check the PBX's certificate (no: a lab PBX only)
    tls_ca_file =                     ; PEM of the CA that signed it; empty: the system's CAs
    srtp = yes                        ; over TLS, refuse calls without SRTP
    queue = 1551
    auto_answer_s =                   ; empty: ring until answered
    [desktop]
    language = uk
    wrap_up_limit_s = 30
    scripts_dir = /etc/kc1551/scripts
    data_dir = ~/.local/share/kc1551
    [hotkeys]
    answer = Ctrl+Return
"""

from __future__ import annotations

import configparser
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from operator_app.atomic_file import write_atomic

log = logging.getLogger(__name__)

SYSTEM_CONFIG = Path("/etc/kc1551/desktop.ini")
ENV_PREFIX = "KC1551_"
LANGUAGES = ("uk", "en")
TRANSPORTS = ("udp", "tcp", "tls")
_SECRET_KEYS = ("password", "secret", "token")
_YES = ("yes", "true", "1", "on")
_NO = ("no", "false", "0", "off")

DEFAULT_HOTKEYS: dict[str, str] = {
    "answer": "Ctrl+Return",
    "hold": "F6",
    "hangup": "F8",
    "ready": "F9",
    "not_ready": "F10",
    "new_appeal": "Ctrl+N",
    "kb_search": "Ctrl+K",
    "consultation": "Ctrl+J",
}


class ConfigError(ValueError):
    """A setting that cannot be used; the message names the file and key (Ukrainian)."""

    code = "invalid_config"


def user_config_path(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    base = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "kc1551" / "desktop.ini"


def default_data_dir(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "kc1551"


@dataclass
class SipSettings:
    registrar: str | None = None  # None: no PBX configured (embedded demo provides one)
    user: str | None = None
    transport: str = "udp"
    queue: str = "1551"  # the line's AoR the PBX rings operators on
    auto_answer_s: float | None = None  # None: ring until the operator answers
    # TLS: verify the PBX's certificate (off only as IT's explicit choice), against
    # this PEM CA file, empty = the system's CA store; SRTP required for calls.
    tls_verify: bool = True
    tls_ca_file: str = ""
    srtp: bool = True


@dataclass
class AudioSettings:
    capture: str = ""  # a device name from the engine's list; empty = system default
    playback: str = ""
    ring: str = ""  # where the ringtone sounds (the speakers); empty = the playback device
    null_audio: bool = False  # open no sound device (a PC without one, a server)
    echo_cancellation: bool = True


@dataclass
class AppConfig:
    api_url: str | None = None  # None: run the embedded demo stack
    api_user: str | None = None  # last sign-in name, to prefill the form
    sip: SipSettings = field(default_factory=SipSettings)
    audio: AudioSettings = field(default_factory=AudioSettings)
    wrap_up_limit_s: int = 30
    language: str = "uk"
    hotkeys: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_HOTKEYS))
    scripts_dir: Path | None = None  # extra/overriding call scripts
    data_dir: Path = field(default_factory=default_data_dir)
    sources: tuple[Path, ...] = ()  # the files actually read, for the about box / IT

    @property
    def embedded(self) -> bool:
        return self.api_url is None

    @property
    def outbox_path(self) -> Path:
        return self.data_dir / "outbox.sqlite3"

    @property
    def drafts_dir(self) -> Path:
        return self.data_dir / "drafts"


def _blank_to_none(value: str) -> str | None:
    value = value.strip()
    return value or None


def _apply(cfg: AppConfig, section: str, key: str, raw: str, origin: str) -> None:
    """Set one setting from its text; ``origin`` names the file or variable for errors."""
    value = raw.strip()

    def bad(expected: str) -> ConfigError:
        return ConfigError(f"{origin}: [{section}] {key} = «{value}»: {expected}")

    if key in _SECRET_KEYS:
        log.warning("%s: [%s] %s ignored: secrets are kept in the keyring", origin, section, key)
        return
    if section == "hotkeys":
        if not value:
            raise bad("порожнє сполучення клавіш")
        cfg.hotkeys[key] = value
    elif section == "api" and key == "url":
        url = _blank_to_none(value)
        if url is not None and not url.startswith(("http://", "https://")):
            raise bad("адреса має починатися з http:// або https://")
        cfg.api_url = url
    elif section == "api" and key == "user":
        cfg.api_user = _blank_to_none(value)
    elif section == "sip" and key in ("registrar", "user"):
        setattr(cfg.sip, key, _blank_to_none(value))
    elif section == "sip" and key == "queue":
        cfg.sip.queue = value or "1551"
    elif section == "sip" and key == "transport":
        if value.lower() not in TRANSPORTS:
            raise bad("очікується udp, tcp або tls")
        cfg.sip.transport = value.lower()
    elif section == "sip" and key in ("tls_verify", "srtp"):
        if value.lower() not in (*_YES, *_NO):
            raise bad("очікується yes або no")
        setattr(cfg.sip, key, value.lower() in _YES)
    elif section == "sip" and key == "tls_ca_file":
        cfg.sip.tls_ca_file = str(Path(value).expanduser()) if value else ""
    elif section == "sip" and key == "auto_answer_s":
        if not value:
            cfg.sip.auto_answer_s = None
            return
        try:
            seconds = float(value)
        except ValueError:
            raise bad("очікується число секунд") from None
        if seconds < 0:
            raise bad("очікується невід'ємне число секунд")
        cfg.sip.auto_answer_s = seconds
    elif section == "desktop" and key == "language":
        if value not in LANGUAGES:
            raise bad("підтримуються мови uk та en")
        cfg.language = value
    elif section == "desktop" and key == "wrap_up_limit_s":
        try:
            limit = int(value)
        except ValueError:
            raise bad("очікується ціле число секунд") from None
        if not 0 <= limit <= 3600:
            raise bad("очікується від 0 до 3600 секунд")
        cfg.wrap_up_limit_s = limit
    elif section == "audio" and key in ("capture", "playback", "ring"):
        setattr(cfg.audio, key, value)
    elif section == "audio" and key in ("null_audio", "echo_cancellation"):
        if value.lower() not in (*_YES, *_NO):
            raise bad("очікується yes або no")
        setattr(cfg.audio, key, value.lower() in _YES)
    elif section == "desktop" and key == "scripts_dir":
        cfg.scripts_dir = Path(value).expanduser() if value else None
    elif section == "desktop" and key == "data_dir":
        if not value:
            raise bad("потрібен шлях до каталогу даних")
        cfg.data_dir = Path(value).expanduser()
    else:
        # A newer file on an older desktop should not stop it from starting.
        log.warning("%s: unknown setting [%s] %s ignored", origin, section, key)


def _read_ini(cfg: AppConfig, path: Path) -> bool:
    parser = configparser.ConfigParser(interpolation=None, inline_comment_prefixes=(";", "#"))
    try:
        with path.open(encoding="utf-8") as handle:
            parser.read_file(handle)
    except FileNotFoundError:
        return False
    except (OSError, UnicodeDecodeError, configparser.Error) as exc:
        raise ConfigError(f"{path}: файл налаштувань не читається: {exc}") from exc
    for section in parser.sections():
        for key, raw in parser.items(section):
            _apply(cfg, section.lower(), key.lower(), raw, str(path))
    return True


_SECTIONS = ("api", "sip", "desktop", "hotkeys")
_DESKTOP_KEYS = ("language", "wrap_up_limit_s", "scripts_dir", "data_dir")


def _read_env(cfg: AppConfig, environ: Mapping[str, str]) -> None:
    for name, raw in sorted(environ.items()):
        if not name.startswith(ENV_PREFIX):
            continue
        rest = name[len(ENV_PREFIX):].lower()
        section, _, key = rest.partition("_")
        if rest in _DESKTOP_KEYS:  # KC1551_LANGUAGE is shorthand for KC1551_DESKTOP_LANGUAGE
            section, key = "desktop", rest
        if section in _SECTIONS and key:
            _apply(cfg, section, key, raw, name)


def load_config(path: Path | None = None, *, search_paths: tuple[Path, ...] | None = None,
                environ: Mapping[str, str] | None = None) -> AppConfig:
    """Settings from ``path`` alone, or from the system then user files; then the environment.

    Raises ConfigError (Ukrainian, naming the file or variable) for a bad value.
    """
    env = os.environ if environ is None else environ
    cfg = AppConfig(data_dir=default_data_dir(env))
    if path is not None:
        if not path.is_file():
            raise ConfigError(f"{path}: файл налаштувань не знайдено")
        candidates: tuple[Path, ...] = (path,)
    elif search_paths is not None:
        candidates = search_paths
    else:
        candidates = (SYSTEM_CONFIG, user_config_path(env))
    cfg.sources = tuple(p for p in candidates if _read_ini(cfg, p))
    _read_env(cfg, env)
    return cfg


def save_config(cfg: AppConfig, path: Path | None = None) -> Path:
    """Write every setting to ``path`` (default: the user's file) atomically; no secrets."""
    target = path if path is not None else user_config_path()
    parser = configparser.ConfigParser(interpolation=None)
    parser["api"] = {"url": cfg.api_url or "", "user": cfg.api_user or ""}
    parser["sip"] = {
        "registrar": cfg.sip.registrar or "",
        "user": cfg.sip.user or "",
        "transport": cfg.sip.transport,
        "tls_verify": "yes" if cfg.sip.tls_verify else "no",
        "tls_ca_file": cfg.sip.tls_ca_file,
        "srtp": "yes" if cfg.sip.srtp else "no",
        "queue": cfg.sip.queue,
        "auto_answer_s": "" if cfg.sip.auto_answer_s is None else f"{cfg.sip.auto_answer_s:g}",
    }
    parser["audio"] = {
        "capture": cfg.audio.capture,
        "playback": cfg.audio.playback,
        "ring": cfg.audio.ring,
        "null_audio": "yes" if cfg.audio.null_audio else "no",
        "echo_cancellation": "yes" if cfg.audio.echo_cancellation else "no",
    }
    parser["desktop"] = {
        "language": cfg.language,
        "wrap_up_limit_s": str(cfg.wrap_up_limit_s),
        "scripts_dir": str(cfg.scripts_dir) if cfg.scripts_dir else "",
        "data_dir": str(cfg.data_dir),
    }
    parser["hotkeys"] = dict(cfg.hotkeys)
    lines: list[str] = []
    for section in parser.sections():
        lines.append(f"[{section}]")
        lines.extend(f"{key} = {value}" for key, value in parser.items(section))
        lines.append("")
    write_atomic(target, "\n".join(lines).encode("utf-8"), mode=0o644)
    return target


def with_overrides(cfg: AppConfig, *, api_url: str | None = None,
                   language: str | None = None) -> AppConfig:
    """The command line's --api-url / --language on top of the files (validated the same way)."""
    result = replace(cfg, sip=replace(cfg.sip), hotkeys=dict(cfg.hotkeys))
    if api_url is not None:
        _apply(result, "api", "url", api_url, "--api-url")
    if language is not None:
        _apply(result, "desktop", "language", language, "--language")
    return result
