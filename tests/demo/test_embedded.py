"""The embedded demo stack: real API, real Kamailio, torn down without leftovers."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from kc1551_demo.embedded import PBX_FAILED, EmbeddedStack
from operator_app.api_client import ApiClient, ApiUnavailable


def process_alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def group_members(pgid: int) -> list[int]:
    members = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.getpgid(int(entry)) == pgid and process_alive(int(entry)):
                    members.append(int(entry))
            except OSError:
                continue
    return members


@pytest.mark.sip
def test_stack_serves_api_pbx_and_line_then_leaves_nothing() -> None:
    stack = EmbeddedStack(call_interval_s=0.2)
    endpoints = stack.start()
    try:
        assert endpoints.notice == ""
        client = ApiClient(endpoints.api_url)
        assert client.health()["database"] == "sqlite"
        assert client.login(endpoints.username, endpoints.password)["user"]["role"] == "operator"
        assert client.classifier()  # demo data is there
        assert endpoints.sip_config is not None
        assert stack.pbx is not None
        assert endpoints.sip_config.registrar == stack.pbx.registrar_uri
        assert endpoints.sip_config.queue_aor == "1551"
        assert stack.pbx.options_ok()
        pbx_pid = stack.pbx.pid
        assert pbx_pid is not None
        # start() returned after the simulator said "ready"; its first call to 1551
        # crosses Kamailio, which has no operator bound yet: 480.
        simulator = stack.simulator
        assert simulator is not None
        assert any(event["event"] == "ready" for event in simulator.events)
        ended = simulator.wait_for("ended", timeout=15)
        assert ended["code"] == 480
        simulator_pid = simulator.pid
        # Its SIP passwords are not on its command line, which ps shows everyone.
        cmdline = Path(f"/proc/{simulator_pid}/cmdline").read_bytes().decode()
        assert "kc1551_demo.simulator" in cmdline
        assert stack.sip_passwords
        assert not any(password in cmdline for password in stack.sip_passwords.values())
        assert "--password" not in cmdline
        data_dir = stack.data_dir
        assert data_dir is not None
        assert data_dir.exists()
    finally:
        stack.stop()
    assert group_members(pbx_pid) == []
    assert not process_alive(simulator_pid)
    assert not data_dir.exists()
    with pytest.raises(ApiUnavailable):
        ApiClient(endpoints.api_url, timeout=1).health()
    stack.stop()  # stopping twice is harmless


def test_broken_pbx_leaves_api_running_with_a_notice(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # Kamailio cannot load its modules from an empty directory and exits at once.
    monkeypatch.setenv("KAMAILIO_MODULES", str(tmp_path))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    with EmbeddedStack(data_dir=tmp_path / "demo") as endpoints:
        assert endpoints.sip_config is None
        assert endpoints.notice == PBX_FAILED
        assert ApiClient(endpoints.api_url).health()["status"] == "ok"
        assert list((tmp_path / "tmp").glob("kc1551-pbx-*")) == []  # nothing left behind
    assert (tmp_path / "demo" / "demo-api.sqlite3").exists()  # a given data dir is kept


def test_simulator_passwords_are_in_its_environment_not_its_command_line(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # token_urlsafe() can start with "-": the demo's line once failed to start; and a
    # command line is visible to every user in ps (issue 13).
    from kc1551_demo.embedded import SIP_GATEWAY, SIP_TRUNK, simulator_command, simulator_env
    from kc1551_demo.simulator import parse_args

    passwords = {SIP_TRUNK: "-Xq7_trunk", SIP_GATEWAY: "--gw-secret"}
    command = simulator_command("sip:127.0.0.1:5060", 8.0)
    assert not any("-Xq7_trunk" in part or "--gw-secret" in part for part in command)
    assert not any(part.startswith("--password") for part in command)
    for name, value in simulator_env(passwords).items():
        monkeypatch.setenv(name, value)
    args = parse_args(command[3:])  # after: python -m kc1551_demo.simulator
    assert args.password == "-Xq7_trunk"
    assert args.gateway_password == "--gw-secret"
    # A human may still type it.
    assert parse_args(["--registrar", "sip:h", "--user", "u", "--password=x"]).password == "x"


def test_demo_citizens_talk_30_to_90_s_and_call_again_soon(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 13: the demo's callers hung up within seconds and rang every ~38 s."""
    from kc1551_demo.embedded import simulator_command
    from kc1551_demo.simulator import parse_args
    from operator_app.telephony.config import PASSWORD_ENV

    monkeypatch.setenv(PASSWORD_ENV, "x")
    stack = EmbeddedStack()
    args = parse_args(simulator_command("sip:127.0.0.1:5060", stack.call_interval_s)[3:])
    assert (args.talk_min, args.talk_max) == (30.0, 90.0)
    assert args.interval <= 5.0
    assert args.ring_timeout + args.interval < 38.0
    assert args.calls == 0  # without end
    # The simulator's own defaults stay short (tests, benchmarks).
    plain = parse_args(["--registrar", "sip:h", "--user", "u"])
    assert (plain.talk_min, plain.talk_max, plain.ring_timeout) == (2.0, 10.0, 30.0)
