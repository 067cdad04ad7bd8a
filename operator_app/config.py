"""Desktop settings in layers, each key remembering where its value came from.

Lowest to highest: built-in defaults; the machine's defaults in
``/etc/kc1551/desktop.ini`` (IT's, a conffile of the package) and then
``/etc/kc1551/desktop.d/*.ini`` (drop-ins, e.g. the package's preseeded
answers); the user's own
(their ``desktop.ini`` in the platform's config folder, written by the settings
dialog; then ``KC1551_<SECTION>_<KEY>`` variables, e.g. ``KC1551_API_URL``,
``KC1551_SIP_REGISTRAR``, ``KC1551_LANGUAGE``; then the command line); central
provisioning (the copy last fetched from the API, ``provisioned.json`` in the
data folder); and, above all, the machine file's **locked** keys, which nothing
else can change (an attempt is logged). Secrets never live here: passwords are
kept by ``operator_app.credentials``.

    [policy]
    locked = api.url, sip.registrar, sip.transport   ; or * for every key set here
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
import json
import logging
import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import platformdirs

from operator_app.atomic_file import write_atomic

log = logging.getLogger(__name__)

SYSTEM_CONFIG = Path("/etc/kc1551/desktop.ini")
# Windows: what the MSI's public properties or Group Policy (admx/) set, one
# string value per key ("api.url", ...). Users cannot write there: all locked.
WINDOWS_POLICY_KEY = r"Software\Policies\KC1551\Desktop"
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


APP_NAME = "kc1551"
PROVISIONED_FILE = "provisioned.json"

# Where a value came from, lowest precedence first (the origin names these).
BUILT_IN = "built-in"
MACHINE = "machine"
USER = "user"
ENVIRONMENT = "environment"
COMMAND_LINE = "command line"
PROVISIONED = "central provisioning"
LOCKED = "locked by IT"
USER_LAYERS = (USER, ENVIRONMENT, COMMAND_LINE)


def user_config_path() -> Path:
    """The user's own settings file, where the platform keeps such files."""
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / "desktop.ini"


def default_data_dir() -> Path:
    """The outbox, drafts and provisioned copy: the user's data folder."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


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
    group: str = ""  # which PCs' central settings apply here (IT's, e.g. "hall-2")
    hotkeys: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_HOTKEYS))
    scripts_dir: Path | None = None  # extra/overriding call scripts
    data_dir: Path = field(default_factory=default_data_dir)
    sources: tuple[Path, ...] = ()  # the files actually read, for the about box / IT
    # "section.key" -> where the value came from: (layer, file or variable)
    origins: dict[str, tuple[str, str]] = field(default_factory=dict)
    locked: frozenset[str] = frozenset()  # keys IT fixed: read-only everywhere
    # "section.key" -> its text below the user's layers (what saving may leave out)
    baseline: dict[str, str] = field(default_factory=dict)

    def origin_of(self, key: str) -> tuple[str, str]:
        return self.origins.get(key, (BUILT_IN, ""))

    def fixed_by_it(self, key: str) -> str | None:
        """Why the user may not change `key` ("locked by IT", "central provisioning")."""
        layer = self.origin_of(key)[0]
        return layer if key in self.locked or layer == PROVISIONED else None

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
    elif section == "desktop" and key == "group":
        if value and not all(c.isalnum() or c in "_.-" for c in value):
            raise bad("лише літери, цифри, «_», «.» і «-»")
        cfg.group = value
    elif section == "desktop" and key == "scripts_dir":
        cfg.scripts_dir = Path(value).expanduser() if value else None
    elif section == "desktop" and key == "data_dir":
        if not value:
            raise bad("потрібен шлях до каталогу даних")
        cfg.data_dir = Path(value).expanduser()
    else:
        # A newer file on an older desktop should not stop it from starting.
        log.warning("%s: unknown setting [%s] %s ignored", origin, section, key)


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def setting_keys(cfg: AppConfig) -> list[str]:
    """Every key the desktop reads, as "section.key"."""
    keys = ["api.url", "api.user", "sip.registrar", "sip.user", "sip.transport", "sip.queue",
            "sip.auto_answer_s", "sip.tls_verify", "sip.tls_ca_file", "sip.srtp",
            "audio.capture", "audio.playback", "audio.ring", "audio.null_audio",
            "audio.echo_cancellation", "desktop.language", "desktop.wrap_up_limit_s",
            "desktop.group", "desktop.scripts_dir", "desktop.data_dir"]
    return keys + [f"hotkeys.{name}" for name in sorted({*DEFAULT_HOTKEYS, *cfg.hotkeys})]


def setting_text(cfg: AppConfig, key: str) -> str:
    """A key's value as it would be written in desktop.ini."""
    section, _, name = key.partition(".")
    if section == "hotkeys":
        return cfg.hotkeys.get(name, "")
    if key == "api.url":
        return cfg.api_url or ""
    if key == "api.user":
        return cfg.api_user or ""
    if key == "sip.auto_answer_s":
        return "" if cfg.sip.auto_answer_s is None else f"{cfg.sip.auto_answer_s:g}"
    if section in ("sip", "audio"):
        value = getattr(cfg.sip if section == "sip" else cfg.audio, name)
        return _yes_no(value) if isinstance(value, bool) else str(value or "")
    if key == "desktop.scripts_dir":
        return str(cfg.scripts_dir) if cfg.scripts_dir else ""
    if key == "desktop.data_dir":
        return str(cfg.data_dir)
    return str(getattr(cfg, name))  # desktop.language, desktop.wrap_up_limit_s


@dataclass(frozen=True)
class _Assignment:
    key: str  # "section.key"
    raw: str
    layer: str
    source: str  # the file, variable or option, for messages and --print-effective-config


def _ini_assignments(path: Path, layer: str) -> tuple[list[_Assignment], set[str]] | None:
    """A file's settings and (for the machine's) the keys it locks; None if absent."""
    parser = configparser.ConfigParser(interpolation=None, inline_comment_prefixes=(";", "#"))
    try:
        with path.open(encoding="utf-8") as handle:
            parser.read_file(handle)
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, configparser.Error) as exc:
        raise ConfigError(f"{path}: файл налаштувань не читається: {exc}") from exc
    found: list[_Assignment] = []
    locked: set[str] = set()
    for section in parser.sections():
        for key, raw in parser.items(section):
            if section.lower() == "policy":
                if key.lower() == "locked":
                    locked |= {k.strip().lower() for k in raw.replace(";", ",").split(",")
                               if k.strip()}
                continue
            found.append(_Assignment(f"{section.lower()}.{key.lower()}", raw, layer, str(path)))
    if "*" in locked:
        locked = {a.key for a in found}
    return found, locked


_SECTIONS = ("api", "sip", "audio", "desktop", "hotkeys")
_DESKTOP_KEYS = ("language", "wrap_up_limit_s", "group", "scripts_dir", "data_dir")


def _env_assignments(environ: Mapping[str, str]) -> list[_Assignment]:
    found = []
    for name, raw in sorted(environ.items()):
        if not name.startswith(ENV_PREFIX):
            continue
        rest = name[len(ENV_PREFIX):].lower()
        section, _, key = rest.partition("_")
        if rest in _DESKTOP_KEYS:  # KC1551_LANGUAGE is shorthand for KC1551_DESKTOP_LANGUAGE
            section, key = "desktop", rest
        if section in _SECTIONS and key:
            found.append(_Assignment(f"{section}.{key}", raw, ENVIRONMENT, name))
    return found


def policy_assignments(values: Mapping[str, str],
                       source: str) -> tuple[list[_Assignment], set[str]]:
    """The Windows policy's values as the machine layer: every key it sets is locked
    (a ``locked`` value is the MSI's LOCKED property, redundant there and ignored)."""
    found = [_Assignment(name.strip().lower(), str(raw), MACHINE, source)
             for name, raw in sorted(values.items())
             if name.strip().lower() != "locked" and "." in name]
    return found, {item.key for item in found}


def read_windows_policy() -> dict[str, str]:
    """HKLM\\Software\\Policies\\KC1551\\Desktop's string values; {} elsewhere or if absent.

    Untested here (no Windows in CI): see installer/windows/README.md."""
    if sys.platform != "win32":
        return {}
    import winreg

    values: dict[str, str] = {}
    try:
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, WINDOWS_POLICY_KEY) as key:
            index = 0
            while True:
                try:
                    name, value, kind = winreg.EnumValue(key, index)
                except OSError:  # no more values
                    break
                if kind in (winreg.REG_SZ, winreg.REG_EXPAND_SZ, winreg.REG_DWORD):
                    values[name] = str(value)
                index += 1
    except FileNotFoundError:
        return {}
    return values


def machine_files(machine: Path) -> list[Path]:
    """The machine's settings: the file, then the drop-in folder beside it, in order."""
    return [machine, *sorted((machine.parent / "desktop.d").glob("*.ini"))]


def provisioned_path(data_dir: Path) -> Path:
    return data_dir / PROVISIONED_FILE


def validate_provisioning(answer: object) -> dict[str, str]:
    """The API's settings for this PC ({"settings": {"section.key": "text"}}), checked
    key by key the way a file is; ConfigError (Ukrainian) when malformed."""
    settings = answer.get("settings") if isinstance(answer, dict) else None
    if not isinstance(settings, dict) or not all(
            isinstance(k, str) and isinstance(v, str | int | float | bool)
            for k, v in settings.items()):
        raise ConfigError("Централізовані налаштування мають хибний вигляд: очікується "
                          "об'єкт settings з текстовими значеннями")
    cleaned = {key.strip().lower(): _yes_no(v) if isinstance(v, bool) else str(v)
               for key, v in settings.items()}
    probe = AppConfig()
    for key, raw in cleaned.items():
        section, _, name = key.partition(".")
        if section not in _SECTIONS or not name:
            raise ConfigError(f"Централізовані налаштування: невідомий ключ «{key}»")
        if name in _SECRET_KEYS:
            raise ConfigError(f"Централізовані налаштування: «{key}» — секрети не "
                              "передаються так, лише через сховище паролів")
        _apply(probe, section, name, raw, PROVISIONED)
    return cleaned


def save_provisioning(data_dir: Path, settings: Mapping[str, str]) -> Path:
    """Keep the last good copy: the desktop starts on it when the API is unreachable."""
    target = provisioned_path(data_dir)
    write_atomic(target, json.dumps(dict(settings), ensure_ascii=False, indent=1).encode(),
                 mode=0o600)
    return target


def load_provisioned(data_dir: Path) -> dict[str, str] | None:
    """The kept copy of the central settings (None: none, or unusable)."""
    path = provisioned_path(data_dir)
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        return validate_provisioning({"settings": stored})
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("%s: the provisioned copy is unusable and is ignored: %s", path, exc)
        return None


def _provisioned_assignments(data_dir: Path) -> list[_Assignment]:
    settings = load_provisioned(data_dir) or {}
    path = str(provisioned_path(data_dir))
    return [_Assignment(key, raw, PROVISIONED, path) for key, raw in settings.items()]


class _Layers:
    """Applies assignments in precedence order, keeping origins and honouring locks."""

    def __init__(self, cfg: AppConfig) -> None:
        self.cfg = cfg

    def apply(self, assignments: Iterable[_Assignment]) -> None:
        for item in assignments:
            section, _, key = item.key.partition(".")
            if item.key in self.cfg.locked and item.layer != MACHINE:
                where = self.cfg.origins.get(item.key, (LOCKED, str(SYSTEM_CONFIG)))[1]
                log.warning("%s: %s is set by IT (locked in %s): this value is ignored",
                            item.source, item.key, where)
                continue
            _apply(self.cfg, section, key, item.raw, item.source)
            if key not in _SECRET_KEYS:
                layer = LOCKED if item.key in self.cfg.locked else item.layer
                self.cfg.origins[item.key] = (layer, item.source)


def load_config(path: Path | None = None, *, search_paths: tuple[Path, ...] | None = None,
                environ: Mapping[str, str] | None = None, machine_path: Path | None = None,
                command_line: Mapping[str, str | None] | None = None,
                provisioning: bool = True,
                windows_policy: Mapping[str, str] | None = None) -> AppConfig:
    """The effective settings, every key with its origin.

    ``path`` replaces the user's own file (``--config``); ``search_paths`` is
    (machine file, user files...) for tests; ``command_line`` maps "section.key"
    to the options' text; ``windows_policy`` replaces the registry's policy values
    (read on Windows only) for tests. Raises ConfigError (Ukrainian, naming the file or
    variable) for a bad value.
    """
    env = os.environ if environ is None else environ
    if search_paths is not None:
        machine: Path | None = search_paths[0] if search_paths else None
        user_files = search_paths[1:]
    else:
        machine = machine_path if machine_path is not None else SYSTEM_CONFIG
        if path is not None:
            if not path.is_file():
                raise ConfigError(f"{path}: файл налаштувань не знайдено")
            user_files = (path,)
        else:
            user_files = (user_config_path(),)
    cfg = AppConfig(data_dir=default_data_dir())
    layers = _Layers(cfg)
    sources: list[Path] = []
    if machine is not None:
        # desktop.ini (IT's conffile), then desktop.d/*.ini (e.g. what the package's
        # preseeded answers wrote): together the machine's layer and its locks.
        read_files = [(f, _ini_assignments(f, MACHINE)) for f in machine_files(machine)]
        found = [(f, read) for f, read in read_files if read is not None]
        cfg.locked = frozenset().union(*(locked for _f, (_a, locked) in found))
        for machine_file, (assignments, _locked) in found:
            layers.apply(assignments)
            sources.append(machine_file)
    policy = read_windows_policy() if windows_policy is None else windows_policy
    if policy:
        # Above the machine files: what Group Policy sets wins and is locked.
        source = f"HKLM\\{WINDOWS_POLICY_KEY}"
        assignments, locked = policy_assignments(policy, source)
        cfg.locked = cfg.locked | locked
        layers.apply(assignments)
    cfg.baseline = {key: setting_text(cfg, key) for key in setting_keys(cfg)}
    for user_file in user_files:
        read = _ini_assignments(user_file, USER)
        if read is not None:
            layers.apply(read[0])  # a user's [policy] locks nothing
            sources.append(user_file)
    layers.apply(_env_assignments(env))
    layers.apply(_Assignment(key, raw, COMMAND_LINE, option)
                 for key, (raw, option) in _command_line(command_line).items())
    if provisioning:
        layers.apply(_provisioned_assignments(cfg.data_dir))
    cfg.sources = tuple(sources)
    return cfg


_OPTIONS = {"api.url": "--api-url", "desktop.language": "--language"}


def _command_line(values: Mapping[str, str | None] | None) -> dict[str, tuple[str, str]]:
    return {key: (raw, _OPTIONS.get(key, f"--{key}")) for key, raw in (values or {}).items()
            if raw is not None}


def effective_config_lines(cfg: AppConfig) -> list[str]:
    """`--print-effective-config`: every key, its value and where it came from."""
    lines = []
    for key in setting_keys(cfg):
        layer, source = cfg.origin_of(key)
        value = _redacted(setting_text(cfg, key))
        where = f"{layer} ({source})" if source else layer
        lines.append(f"{key} = {value}    # {where}")
    lines.append("sip.password = <kept in the system keyring, never in a file>    # keyring")
    return lines


def _redacted(value: str) -> str:
    """A URL's embedded password is a secret too."""
    scheme, sep, rest = value.partition("://")
    if sep and "@" in rest.split("/", 1)[0]:
        userinfo, _, host = rest.partition("@")
        return f"{scheme}://{userinfo.split(':', 1)[0]}:***@{host}"
    return value


def save_config(cfg: AppConfig, path: Path | None = None) -> Path:
    """Write the user's own settings to ``path`` (default: the user's file) atomically.

    Only what the user chose is written: a key still at its machine or built-in
    value is left out (so IT's later change of a default reaches this PC), and
    keys IT locked or provisioned centrally are never written. No secrets.
    """
    target = path if path is not None else user_config_path()
    sections: dict[str, list[str]] = {}
    for key in setting_keys(cfg):
        if cfg.fixed_by_it(key):
            continue
        text = setting_text(cfg, key)
        chosen = cfg.origin_of(key)[0] in USER_LAYERS
        if not chosen and cfg.baseline and cfg.baseline.get(key) == text:
            continue
        section, _, name = key.partition(".")
        sections.setdefault(section, []).append(f"{name} = {text}")
    lines: list[str] = []
    for section, entries in sections.items():
        lines.append(f"[{section}]")
        lines.extend(entries)
        lines.append("")
    write_atomic(target, "\n".join(lines).encode("utf-8"), mode=0o644)
    return target


def with_overrides(cfg: AppConfig, *, api_url: str | None = None,
                   language: str | None = None) -> AppConfig:
    """The command line's --api-url / --language on top of the files (validated the
    same way; a key IT locked stays as IT set it)."""
    result = replace(cfg, sip=replace(cfg.sip), audio=replace(cfg.audio),
                     hotkeys=dict(cfg.hotkeys), origins=dict(cfg.origins))
    layers = _Layers(result)
    layers.apply(_Assignment(key, raw, COMMAND_LINE, option) for key, (raw, option) in
                 _command_line({"api.url": api_url, "desktop.language": language}).items()
                 if raw is not None)
    return result
