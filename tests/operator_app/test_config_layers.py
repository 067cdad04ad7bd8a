"""Machine policy, central provisioning and the user's own settings: precedence,
locks, where each value came from, and what saving writes."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from operator_app.config import (
    BUILT_IN,
    COMMAND_LINE,
    ENVIRONMENT,
    LOCKED,
    MACHINE,
    PROVISIONED,
    USER,
    ConfigError,
    effective_config_lines,
    load_config,
    provisioned_path,
    save_config,
    save_provisioning,
    validate_provisioning,
    with_overrides,
)

MACHINE_INI = """
[policy]
locked = api.url, sip.registrar
[api]
url = https://api.1551.example/
[sip]
registrar = sip:pbx.city:5060
transport = tcp
queue = 1551
[desktop]
wrap_up_limit_s = 45
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data" / "kc1551"


def test_locked_keys_win_over_user_file_environment_and_command_line(
        tmp_path: Path, data_home: Path, caplog: pytest.LogCaptureFixture) -> None:
    machine = write(tmp_path / "etc" / "desktop.ini", MACHINE_INI)
    user = write(tmp_path / "user.ini", "[api]\nurl = http://evil.example/\n"
                                        "[sip]\nregistrar = sip:other:5060\ntransport = udp\n")
    env = {"KC1551_SIP_REGISTRAR": "sip:env:5060", "KC1551_DESKTOP_WRAP_UP_LIMIT_S": "20"}
    with caplog.at_level(logging.WARNING, logger="operator_app.config"):
        cfg = load_config(search_paths=(machine, user), environ=env,
                          command_line={"api.url": "http://cli.example/"})
    assert cfg.api_url == "https://api.1551.example/"
    assert cfg.sip.registrar == "sip:pbx.city:5060"
    assert cfg.origin_of("api.url") == (LOCKED, str(machine))
    assert cfg.fixed_by_it("sip.registrar") == LOCKED
    # unlocked machine values are only defaults: the user's own win
    assert (cfg.sip.transport, cfg.origin_of("sip.transport")) == ("udp", (USER, str(user)))
    assert (cfg.wrap_up_limit_s, cfg.origin_of("desktop.wrap_up_limit_s")) == (
        20, (ENVIRONMENT, "KC1551_DESKTOP_WRAP_UP_LIMIT_S"))
    assert cfg.origin_of("sip.queue") == (MACHINE, str(machine))
    assert cfg.origin_of("desktop.language") == (BUILT_IN, "")
    ignored = [r.getMessage() for r in caplog.records if "set by IT" in r.getMessage()]
    assert len(ignored) == 4  # user file x2, environment, command line
    assert any("--api-url" in line for line in ignored)
    # --api-url given after loading cannot unlock it either
    assert with_overrides(cfg, api_url="http://late.example/").api_url == \
        "https://api.1551.example/"
    assert with_overrides(cfg, language="en").origin_of("desktop.language")[0] == COMMAND_LINE


def test_star_locks_every_key_the_machine_file_sets(tmp_path: Path, data_home: Path) -> None:
    machine = write(tmp_path / "m.ini", "[policy]\nlocked = *\n[sip]\ntransport = tls\n")
    user = write(tmp_path / "u.ini", "[sip]\ntransport = udp\nuser = op7\n")
    cfg = load_config(search_paths=(machine, user), environ={})
    assert cfg.sip.transport == "tls"
    assert cfg.sip.user == "op7"
    assert cfg.locked == frozenset({"sip.transport"})


def test_a_users_file_cannot_lock_anything(tmp_path: Path, data_home: Path) -> None:
    user = write(tmp_path / "u.ini", "[policy]\nlocked = sip.user\n[sip]\nuser = op7\n")
    cfg = load_config(search_paths=(tmp_path / "absent.ini", user),
                      environ={"KC1551_SIP_USER": "op8"})
    assert cfg.sip.user == "op8"
    assert cfg.locked == frozenset()


def test_central_provisioning_beats_the_user_but_not_the_lock(
        tmp_path: Path, data_home: Path) -> None:
    machine = write(tmp_path / "m.ini", MACHINE_INI)
    user = write(tmp_path / "u.ini", "[desktop]\nlanguage = en\n[sip]\nauto_answer_s = 3\n")
    settings = validate_provisioning({"settings": {
        "desktop.language": "uk", "sip.registrar": "sip:central:5060",
        "sip.auto_answer_s": 0, "audio.echo_cancellation": True}})
    save_provisioning(data_home, settings)
    cfg = load_config(search_paths=(machine, user), environ={})
    assert (cfg.language, cfg.origin_of("desktop.language")[0]) == ("uk", PROVISIONED)
    assert cfg.sip.auto_answer_s == 0
    assert cfg.sip.registrar == "sip:pbx.city:5060"  # locked beats provisioned
    assert cfg.fixed_by_it("desktop.language") == PROVISIONED
    # the API unreachable at the next start: the kept copy still applies
    again = load_config(search_paths=(machine, user), environ={})
    assert again.language == "uk"


@pytest.mark.parametrize(("answer", "words"), [
    ([1, 2], "хибний вигляд"),
    ({"settings": {"sip.transport": "carrier pigeon"}}, "udp, tcp або tls"),
    ({"settings": {"telepathy.mode": "on"}}, "невідомий ключ"),
    ({"settings": {"sip.password": "x"}}, "секрети"),
    ({"settings": {"desktop.language": ["uk"]}}, "хибний вигляд"),
])
def test_a_malformed_provisioning_answer_is_rejected_with_a_reason(
        answer: object, words: str) -> None:
    with pytest.raises(ConfigError, match=words):
        validate_provisioning(answer)


def test_a_corrupt_provisioned_copy_is_ignored(tmp_path: Path, data_home: Path) -> None:
    provisioned_path(data_home).parent.mkdir(parents=True)
    provisioned_path(data_home).write_text("{not json", encoding="utf-8")
    cfg = load_config(search_paths=(tmp_path / "absent.ini",), environ={})
    assert cfg.origin_of("desktop.language")[0] == BUILT_IN


def test_effective_config_lists_every_key_with_its_origin_and_no_secret(
        tmp_path: Path, data_home: Path) -> None:
    machine = write(tmp_path / "m.ini", MACHINE_INI)
    user = write(tmp_path / "u.ini", "[api]\nuser = op1001\n")
    cfg = load_config(search_paths=(machine, user),
                      environ={"KC1551_SIP_USER": "op1001"})
    cfg.api_url = "https://op:hunter2@api.1551.example/"
    lines = effective_config_lines(cfg)
    text = "\n".join(lines)
    assert "hunter2" not in text
    assert "api.url = https://op:***@api.1551.example/    # locked by IT (" in text
    assert f"sip.queue = 1551    # machine ({machine})" in text
    assert f"api.user = op1001    # user ({user})" in text
    assert "sip.user = op1001    # environment (KC1551_SIP_USER)" in text
    assert "desktop.language = uk    # built-in" in text
    assert any(line.startswith("sip.password = <kept in the system keyring") for line in lines)
    assert len([line for line in lines if line.startswith("hotkeys.")]) >= 8


def test_saving_writes_only_the_users_choices(tmp_path: Path, data_home: Path) -> None:
    machine = write(tmp_path / "m.ini", MACHINE_INI)
    user = write(tmp_path / "u.ini", "[sip]\nuser = op1001\n")
    cfg = load_config(search_paths=(machine, user), environ={})
    cfg.language = "en"  # what the dialog changed
    save_config(cfg, user)
    text = user.read_text(encoding="utf-8")
    assert "user = op1001" in text
    assert "language = en" in text
    assert "registrar" not in text  # locked: never copied into the user's file
    assert "wrap_up_limit_s" not in text  # still IT's default: IT may change it later
    machine.write_text(MACHINE_INI.replace("wrap_up_limit_s = 45", "wrap_up_limit_s = 50"),
                       encoding="utf-8")
    assert load_config(search_paths=(machine, user), environ={}).wrap_up_limit_s == 50
    stored = json.dumps(text)
    assert "password" not in stored


def test_machine_drop_ins_follow_the_machine_file_and_may_lock_too(
        tmp_path: Path, data_home: Path) -> None:
    machine = write(tmp_path / "etc" / "desktop.ini", "[sip]\ntransport = tcp\nqueue = 1551\n")
    write(tmp_path / "etc" / "desktop.d" / "50-preseed.ini",
          "[policy]\nlocked = sip.registrar\n[sip]\nregistrar = sip:pbx.city:5060\n"
          "transport = tls\n")
    write(tmp_path / "etc" / "desktop.d" / "ignored.txt", "[sip]\nqueue = 9999\n")
    user = write(tmp_path / "u.ini", "[sip]\nregistrar = sip:mine:5060\n")
    cfg = load_config(search_paths=(machine, user), environ={})
    assert cfg.sip.transport == "tls"
    assert cfg.sip.queue == "1551"
    assert cfg.sip.registrar == "sip:pbx.city:5060"
    assert cfg.origin_of("sip.registrar") == (
        LOCKED, str(tmp_path / "etc" / "desktop.d" / "50-preseed.ini"))
    assert len(cfg.sources) == 3


def test_windows_policy_values_are_the_locked_machine_layer(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """What the MSI or Group Policy writes under HKLM\\Software\\Policies (given here as
    the values winreg would read) outranks the machine file and nothing overrides it."""
    machine = tmp_path / "desktop.ini"
    machine.write_text(MACHINE_INI, encoding="utf-8")
    user = tmp_path / "user.ini"
    user.write_text("[sip]\ntransport = udp\n[desktop]\nlanguage = en\n", encoding="utf-8")
    policy = {"sip.transport": "tls", "api.url": "https://policy.1551.example/",
              "LOCKED": "*"}
    with caplog.at_level(logging.WARNING, logger="operator_app.config"):
        cfg = load_config(search_paths=(machine, user), environ={"KC1551_API_URL": "http://x/"},
                          windows_policy=policy)
    assert cfg.sip.transport == "tls"
    assert cfg.api_url == "https://policy.1551.example/"
    assert cfg.origin_of("sip.transport") == (LOCKED, "HKLM\\Software\\Policies\\KC1551\\Desktop")
    assert cfg.fixed_by_it("sip.transport") == LOCKED
    assert cfg.language == "en"  # not in the policy: the user's own still counts
    assert "KC1551_API_URL: api.url is set by IT" in caplog.text
    with pytest.raises(ConfigError):
        load_config(search_paths=(machine, user), environ={},
                    windows_policy={"sip.transport": "carrier-pigeon"})
