from __future__ import annotations

from pathlib import Path

import pytest

from operator_app.config import (
    DEFAULT_HOTKEYS,
    AppConfig,
    ConfigError,
    SipSettings,
    load_config,
    save_config,
    user_config_path,
    with_overrides,
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_mean_embedded_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))  # platformdirs' data folder
    cfg = load_config(search_paths=(tmp_path / "none.ini",), environ={})
    assert cfg.embedded
    assert cfg.api_url is None
    assert cfg.sip.queue == "1551"
    assert cfg.sip.transport == "udp"
    # real sound by default, on the system's own devices, with echo cancellation
    assert (cfg.audio.null_audio, cfg.audio.capture, cfg.audio.playback) == (False, "", "")
    assert cfg.audio.echo_cancellation
    assert cfg.wrap_up_limit_s == 30
    assert cfg.language == "uk"
    assert cfg.hotkeys == DEFAULT_HOTKEYS
    assert cfg.hotkeys["answer"] == "Ctrl+Return"
    assert cfg.data_dir == tmp_path / "kc1551"
    assert cfg.sources == ()


def test_user_file_overrides_system_file_and_env_overrides_both(tmp_path: Path) -> None:
    system = write(tmp_path / "etc.ini", """
[api]
url = https://api.1551.example/
[sip]
registrar = sip:pbx.example:5060
transport = TCP
[desktop]
wrap_up_limit_s = 45
[hotkeys]
answer = F5
""")
    user = write(tmp_path / "user.ini", """
[sip]
user = op1001  ; the operator's extension
[desktop]
language = en
""")
    env = {"KC1551_SIP_REGISTRAR": "sip:10.0.0.5:5060", "KC1551_WRAP_UP_LIMIT_S": "60",
           "KC1551_HOTKEYS_HOLD": "Ctrl+H", "HOME": str(tmp_path)}
    cfg = load_config(search_paths=(system, user, tmp_path / "absent.ini"), environ=env)
    assert cfg.sources == (system, user)
    assert cfg.api_url == "https://api.1551.example/"
    assert cfg.sip.registrar == "sip:10.0.0.5:5060"
    assert cfg.sip.user == "op1001"
    assert cfg.sip.transport == "tcp"
    assert cfg.language == "en"
    assert cfg.wrap_up_limit_s == 60
    assert cfg.hotkeys["answer"] == "F5"
    assert cfg.hotkeys["hold"] == "Ctrl+H"
    assert cfg.hotkeys["hangup"] == DEFAULT_HOTKEYS["hangup"]


def test_default_search_uses_the_platforms_config_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert user_config_path() == tmp_path / "kc1551" / "desktop.ini"
    write(user_config_path(), "[api]\nurl = http://127.0.0.1:8000\n")
    cfg = load_config(environ={}, machine_path=tmp_path / "no-machine.ini")
    assert cfg.api_url == "http://127.0.0.1:8000"
    assert user_config_path() in cfg.sources


@pytest.mark.parametrize(("text", "message"), [
    ("[desktop]\nwrap_up_limit_s = half a minute\n",
     "wrap_up_limit_s = «half a minute»: очікується ціле"),
    ("[desktop]\nlanguage = fr\n", "підтримуються мови uk та en"),
    ("[sip]\ntransport = carrier-pigeon\n", "очікується udp, tcp або tls"),
    ("[sip]\nauto_answer_s = -1\n", "невід'ємне"),
    ("[api]\nurl = ftp://x\n", "http:// або https://"),
    ("[audio]\nnull_audio = maybe\n", "очікується yes або no"),
    ("[sip]\ntls_verify = sometimes\n", "tls_verify = «sometimes»: очікується yes або no"),
    ("[sip]\nsrtp = perhaps\n", "srtp = «perhaps»: очікується yes або no"),
    ("not an ini file\n", "файл налаштувань не читається"),
])
def test_bad_values_name_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / "desktop.ini", text)
    with pytest.raises(ConfigError, match=message) as info:
        load_config(path, environ={})
    assert str(path) in str(info.value)


def test_bad_env_value_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="KC1551_DESKTOP_LANGUAGE"):
        load_config(search_paths=(), environ={"KC1551_DESKTOP_LANGUAGE": "de"})


def test_missing_explicit_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="не знайдено"):
        load_config(tmp_path / "nope.ini", environ={})


def test_password_in_file_is_ignored(tmp_path: Path) -> None:
    path = write(tmp_path / "desktop.ini", "[sip]\nuser = op1\npassword = hunter2\n")
    cfg = load_config(path, environ={})
    assert cfg.sip.user == "op1"
    assert "hunter2" not in repr(cfg)


def test_save_then_load_round_trip(tmp_path: Path) -> None:
    cfg = AppConfig(api_url="https://api.example/", api_user="op7", data_dir=tmp_path / "data",
                    scripts_dir=tmp_path / "scripts", language="en", wrap_up_limit_s=15)
    cfg.sip.registrar = "sip:pbx:5060"
    cfg.sip.auto_answer_s = 2.5
    cfg.sip.transport = "tls"
    cfg.sip.tls_verify, cfg.sip.srtp = False, False
    cfg.sip.tls_ca_file = str(tmp_path / "ca" / "pbx-ca.pem")
    cfg.hotkeys["answer"] = "F5"
    cfg.audio.capture, cfg.audio.playback, cfg.audio.ring = "Гарнітура USB", "pulse", "Speakers"
    cfg.audio.echo_cancellation = False
    path = save_config(cfg, tmp_path / "out" / "desktop.ini")
    loaded = load_config(path, environ={})
    assert loaded.api_url == cfg.api_url
    assert loaded.api_user == "op7"
    assert loaded.sip == cfg.sip
    assert loaded.audio == cfg.audio
    assert loaded.hotkeys == cfg.hotkeys
    assert (loaded.language, loaded.wrap_up_limit_s) == ("en", 15)
    assert (loaded.data_dir, loaded.scripts_dir) == (cfg.data_dir, cfg.scripts_dir)
    assert "password" not in path.read_text(encoding="utf-8")


def test_tls_settings_default_to_verified_tls_with_srtp(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path / "desktop.ini", "[sip]\ntransport = tls\n"), environ={})
    assert (cfg.sip.transport, cfg.sip.tls_verify, cfg.sip.tls_ca_file, cfg.sip.srtp) == (
        "tls", True, "", True)


def test_tls_settings_from_file_and_environment(tmp_path: Path) -> None:
    path = write(tmp_path / "desktop.ini", """
[sip]
transport = tls
tls_verify = no   ; a lab PBX with a self-signed certificate
tls_ca_file = ~/pbx-ca.pem
srtp = off
""")
    cfg = load_config(path, environ={"HOME": str(tmp_path)})
    assert cfg.sip.tls_verify is False
    assert cfg.sip.srtp is False
    assert cfg.sip.tls_ca_file == str(Path("~/pbx-ca.pem").expanduser())
    env = {"KC1551_SIP_TLS_VERIFY": "yes", "KC1551_SIP_TLS_CA_FILE": "/etc/kc1551/pbx-ca.pem"}
    cfg = load_config(path, environ=env)
    assert (cfg.sip.tls_verify, cfg.sip.tls_ca_file) == (True, "/etc/kc1551/pbx-ca.pem")


def test_tls_settings_reach_the_phone() -> None:
    from operator_app.__main__ import _sip_config
    from operator_app.telephony.config import SipTransport

    cfg = AppConfig()
    cfg.sip.registrar, cfg.sip.user, cfg.sip.transport = "sip:pbx:5061", "op1001", "tls"
    cfg.sip.tls_verify, cfg.sip.tls_ca_file, cfg.sip.srtp = False, "/etc/kc1551/ca.pem", False
    sip = _sip_config(cfg, "secret")
    assert sip.transport is SipTransport.TLS
    assert (sip.tls_verify_server, sip.tls_ca_file, sip.srtp) == (
        False, "/etc/kc1551/ca.pem", False)
    cfg.sip = SipSettings(registrar="sip:pbx:5061", user="op1001", transport="tls")
    assert _sip_config(cfg, "secret").tls_verify_server is True  # unless IT says no


def test_command_line_overrides_are_validated() -> None:
    cfg = AppConfig()
    result = with_overrides(cfg, api_url="http://127.0.0.1:9000", language="en")
    assert (result.api_url, result.language) == ("http://127.0.0.1:9000", "en")
    assert cfg.api_url is None  # the original is untouched
    with pytest.raises(ConfigError, match="--language"):
        with_overrides(cfg, language="xx")
