"""The Debian packages, built by installer/build-deb.sh and installed on this machine.

Select with `pytest -m installer`. Needs root (apt-get, dpkg); the .debs are
built once per input hash (~/.cache/kc1551/debs), so a rerun installs at once.
Every package is purged again at the end, also after a failure.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.fixtures.servers import free_port, fresh_postgres_database

pytestmark = pytest.mark.installer

REPO = Path(__file__).resolve().parents[2]
BUILD = REPO / "installer" / "build-deb.sh"
ETC = Path("/etc/kc1551")
DESKTOP_INI = ETC / "desktop.ini"
MACHINE_FILE = ETC / "desktop.d" / "50-debconf.ini"
DESKTOP_ROOT = Path("/opt/kc1551-desktop")
API_ROOT = Path("/opt/kc1551-api")
PACKAGES = ("kc1551-desktop", "kc1551-api")


def run(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    check = kwargs.pop("check", True)
    result = subprocess.run(cmd, capture_output=True, text=True, check=False, **kwargs)
    if check and result.returncode:
        pytest.fail(f"{cmd} exited with {result.returncode}:\n{result.stdout[-2000:]}\n"
                    f"{result.stderr[-3000:]}")
    return result


def apt(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "DEBIAN_FRONTEND": "noninteractive", **(env or {})}
    # stdin closed: a prompt would fail the install instead of waiting.
    return run(["apt-get", "-y", "-q", *args], env=environ, stdin=subprocess.DEVNULL)


def purge_all() -> None:
    for package in PACKAGES:
        subprocess.run(["apt-get", "-y", "-q", "purge", package], capture_output=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"}, check=False)
    subprocess.run(["debconf-communicate"], input="PURGE\n", capture_output=True, text=True,
                   check=False)


def installed_version(package: str) -> str | None:
    result = run(["dpkg-query", "-W", "-f=${Status} ${Version}", package], check=False)
    parts = result.stdout.split()
    return parts[-1] if result.returncode == 0 and "installed" in parts[:3] else None


@pytest.fixture(scope="module")
def debs() -> Iterator[dict[str, Path]]:
    if os.geteuid() != 0:
        pytest.fail("the package tests install .debs: run them as root (./test.sh does)")
    for tool in ("dpkg-deb", "lintian", "desktop-file-validate", "appstreamcli",
                 "debconf-set-selections"):
        if run(["sh", "-c", f"command -v {tool}"], check=False).returncode:
            pytest.fail(f"{tool} is missing: ./test.sh installs it", pytrace=False)
    for package in PACKAGES:
        if installed_version(package):
            pytest.fail(f"{package} is installed already: these tests install and purge it")
    out = Path(os.environ.get("KC1551_TEST_DEB_DIR", "/tmp/kc1551-test-debs"))
    built = run(["bash", str(BUILD), "--out", str(out), "desktop", "api"]).stdout.split()
    v2 = run(["bash", str(BUILD), "--out", str(out), "--revision", "2", "desktop"]).stdout
    found = {"desktop": Path(built[0]), "api": Path(built[1]), "desktop2": Path(v2.strip())}
    try:
        yield found
    finally:
        purge_all()


def preseed(lines: str) -> None:
    run(["debconf-set-selections"], input=lines)


def user_env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KC1551_")}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_DATA_HOME=str(home / ".local" / "share"), QT_QPA_PLATFORM="offscreen")
    return env


def effective_config(env: dict[str, str]) -> dict[str, tuple[str, str]]:
    out = run(["kc1551-desktop", "--print-effective-config"], env=env).stdout
    found = {}
    for line in out.splitlines():
        key, _, rest = line.partition(" = ")
        value, _, origin = rest.partition("    # ")
        found[key] = (value.strip(), origin.strip())
    return found


def lintian_problems(deb: Path) -> list[str]:
    result = run(["lintian", "--fail-on", "none", str(deb)])
    return [line for line in result.stdout.splitlines() if line[:2] in ("E:", "W:")]


# ------------------------------------------------------------------- desktop
def test_desktop_silent_install_files_and_validators(debs: dict[str, Path]) -> None:
    deb = debs["desktop"]
    assert deb.name == "kc1551-desktop_0.1.0-1_amd64.deb"
    assert lintian_problems(deb) == []
    preseed("kc1551-desktop kc1551-desktop/sip_registrar string sip:pbx.preseed.example:5060\n"
            "kc1551-desktop kc1551-desktop/locked string api.url\n")
    apt("install", str(deb), env={"KC1551_API_URL": "https://api.env.example/",
                                  "KC1551_SIP_TRANSPORT": "tcp"})
    assert installed_version("kc1551-desktop") == "0.1.0-1"
    for path in ("/usr/bin/kc1551-desktop", "/usr/bin/kc1551-softphone",
                 "/usr/share/applications/ua.gov.kyivcity.kc1551.desktop",
                 "/usr/share/metainfo/ua.gov.kyivcity.kc1551.metainfo.xml",
                 "/usr/share/icons/hicolor/scalable/apps/ua.gov.kyivcity.kc1551.svg",
                 "/usr/share/man/man1/kc1551-desktop.1.gz",
                 "/usr/share/doc/kc1551-desktop/copyright", str(DESKTOP_INI),
                 str(DESKTOP_ROOT / "VERSION"), str(DESKTOP_ROOT / "bin" / "python3")):
        assert Path(path).exists(), path
    assert (DESKTOP_ROOT / "VERSION").read_text().strip() == "0.1.0-1"
    assert "/etc/kc1551/desktop.ini" in run(["dpkg-query", "-W", "-f=${Conffiles}",
                                             "kc1551-desktop"]).stdout
    assert list(DESKTOP_ROOT.rglob("__pycache__")), "postinst compiles the bytecode"
    run(["desktop-file-validate", "/usr/share/applications/ua.gov.kyivcity.kc1551.desktop"])
    run(["appstreamcli", "validate", "--no-net",
         "/usr/share/metainfo/ua.gov.kyivcity.kc1551.metainfo.xml"])
    machine = MACHINE_FILE.read_text()
    assert "url = https://api.env.example/" in machine
    assert "registrar = sip:pbx.preseed.example:5060" in machine
    assert "transport = tcp" in machine
    assert "locked = api.url" in machine
    # The desktop's environment has no server parts.
    imports = run([str(DESKTOP_ROOT / "bin" / "python3"), "-I", "-c",
                   "import importlib.util as u; print([m for m in ('fastapi', 'psycopg', "
                   "'server_api', 'kc1551_demo', 'pjsua2', 'PySide6') if u.find_spec(m)])"])
    assert imports.stdout.strip() == "['pjsua2', 'PySide6']"

    conffile_before = DESKTOP_INI.read_bytes()
    apt("install", "--reinstall", str(deb), env={"KC1551_API_URL": "https://api.env.example/",
                                                  "KC1551_SIP_TRANSPORT": "tcp"})
    assert MACHINE_FILE.read_text() == machine
    assert DESKTOP_INI.read_bytes() == conffile_before


def test_locked_keys_ignored_from_the_users_file(debs: dict[str, Path], tmp_path: Path) -> None:
    if not installed_version("kc1551-desktop"):
        apt("install", str(debs["desktop"]))
    # IT edits the conffile: locks the API and the queue.
    text = DESKTOP_INI.read_text(encoding="utf-8")
    for commented, value in ((";locked = api.url, sip.registrar, sip.transport",
                              "locked = api.url, sip.queue"),
                             (";url = https://api.1551.example/", "url = https://api.it.example/"),
                             (";queue = 1551", "queue = 2000")):
        assert commented in text
        text = text.replace(commented, value)
    DESKTOP_INI.write_text(text, encoding="utf-8")
    MACHINE_FILE.write_text("[sip]\nregistrar = sip:pbx.preseed.example:5060\n")
    env = user_env(tmp_path)
    user_file = Path(env["XDG_CONFIG_HOME"]) / "kc1551" / "desktop.ini"
    user_file.parent.mkdir(parents=True)
    user_file.write_text("[api]\nurl = https://api.user.example/\n[sip]\nqueue = 777\n"
                         "user = op1001\n[desktop]\nlanguage = en\n")
    env["KC1551_SIP_QUEUE"] = "888"
    config = effective_config(env)
    assert config["api.url"][0] == "https://api.it.example/"
    assert config["api.url"][1].startswith("locked by IT")
    assert config["sip.queue"][0] == "2000"
    assert config["sip.queue"][1].startswith("locked")
    assert config["sip.user"] == ("op1001", f"user ({user_file})")
    assert config["desktop.language"] == ("en", f"user ({user_file})")
    assert config["sip.registrar"] == ("sip:pbx.preseed.example:5060",
                                       f"machine ({MACHINE_FILE})")
    assert config["sip.transport"] == ("udp", "built-in")


def test_upgrade_keeps_outbox_drafts_and_conffile(debs: dict[str, Path], tmp_path: Path,
                                                  qtbot: Any) -> None:
    from operator_app.drafts import DraftStore
    from operator_app.outbox import Outbox
    from operator_app.update_watch import UpdateWatch, restart_message

    if installed_version("kc1551-desktop") != "0.1.0-1":
        apt("install", "--allow-downgrades", str(debs["desktop"]))
    env = user_env(tmp_path)
    data = Path(env["XDG_DATA_HOME"]) / "kc1551"
    outbox = Outbox(data / "outbox.sqlite3")
    outbox.submit("appeal", {"text": "немає гарячої води"})
    outbox.submit("consultation", {"text": "графік вивезення сміття"})
    DraftStore(data / "drafts").save("appeal-1", {"text": "чернетка"})
    it_edit = DESKTOP_INI.read_text() + "\n; IT's edit before the upgrade\n"
    DESKTOP_INI.write_text(it_edit)
    seen: list[str] = []
    watch = UpdateWatch(DESKTOP_ROOT / "VERSION", seen.append)
    assert watch.started_version == "0.1.0-1"

    apt("install", str(debs["desktop2"]))
    assert installed_version("kc1551-desktop") == "0.1.0-2"
    qtbot.waitUntil(lambda: seen == ["0.1.0-2"])
    assert restart_message(seen[0]) == "Програму оновлено до версії 0.1.0-2: перезапустіть її"
    watch.stop()
    assert DESKTOP_INI.read_text() == it_edit
    assert not Path(f"{DESKTOP_INI}.dpkg-dist").exists()
    after = Outbox(data / "outbox.sqlite3", release_held=False)
    assert after.pending_count() == 2
    assert DraftStore(data / "drafts").load("appeal-1") == {"text": "чернетка"}
    run(["kc1551-desktop", "--print-effective-config"], env=env)


def test_remove_keeps_etc_and_purge_removes_it(debs: dict[str, Path], tmp_path: Path) -> None:
    if not installed_version("kc1551-desktop"):
        apt("install", str(debs["desktop"]))
    home = tmp_path / "home"
    keep = home / ".local" / "share" / "kc1551" / "outbox.sqlite3"
    keep.parent.mkdir(parents=True)
    keep.write_bytes(b"users data")
    apt("remove", "kc1551-desktop")
    assert not DESKTOP_ROOT.exists()
    assert not Path("/usr/bin/kc1551-desktop").exists()
    assert DESKTOP_INI.is_file()
    assert MACHINE_FILE.is_file()
    apt("purge", "kc1551-desktop")
    assert not (ETC / "desktop.d").exists()
    assert not DESKTOP_INI.exists()
    if not installed_version("kc1551-api"):
        assert not ETC.exists()
    assert keep.read_bytes() == b"users data"
    assert "kc1551-desktop" not in run(["debconf-show", "kc1551-desktop"], check=False).stdout


def _smoke(env: dict[str, str], *args: str) -> list[dict[str, Any]]:
    result = run(["kc1551-desktop", "--smoke-test", *args], env=env, check=False)
    steps = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    return steps


@pytest.mark.sip
def test_smoke_test_of_the_installed_desktop(debs: dict[str, Path], pbx: Any,
                                             tmp_path: Path) -> None:
    if not installed_version("kc1551-desktop"):
        apt("install", str(debs["desktop"]))
    env = user_env(tmp_path)
    env["KC1551_SIP_PASSWORD"] = pbx.users["op1001"]
    steps = _smoke(env, "--registrar", pbx.registrar_uri, "--sip-user", "op1001")
    by_name = {step["step"]: step for step in steps}
    assert list(by_name) == ["config", "qt", "endpoint", "outbox", "keyring", "register", "done"]
    assert all(step["ok"] for step in steps)
    assert set(by_name["endpoint"]["transports"]) == {"udp", "tcp", "tls"}
    assert by_name["qt"]["platform"] == "offscreen"
    assert by_name["register"]["code"] == 200
    assert not (Path(env["XDG_DATA_HOME"]) / "kc1551" / "outbox.sqlite3").exists()
    if pbx.tls_port:
        env["KC1551_SIP_PASSWORD"] = pbx.users["op1002"]
        tls = _smoke(env, "--registrar", pbx.tls_registrar_uri, "--sip-user", "op1002",
                     "--transport", "tls", "--tls-ca", str(pbx.tls_ca))
        assert next(s for s in tls if s["step"] == "register")["transport"] == "tls"
    # A wrong password fails it, with the reason.
    env["KC1551_SIP_PASSWORD"] = "wrong"
    bad = run(["kc1551-desktop", "--smoke-test", "--registrar", pbx.registrar_uri,
               "--sip-user", "op1003", "--timeout", "30"], env=env, check=False)
    assert bad.returncode != 0
    assert "Traceback" in bad.stderr


# ----------------------------------------------------------------------- API
def _exec_start() -> str:
    unit = Path("/lib/systemd/system/kc1551-api.service").read_text()
    return next(line.split("=", 1)[1] for line in unit.splitlines()
                if line.startswith("ExecStart="))


def _start_api(env: dict[str, str]) -> subprocess.Popen[str]:
    # PID 1 is not systemd here: ExecStart's command as the unit's user.
    return subprocess.Popen([_exec_start()], env=env, user="kc1551", group="kc1551",
                            extra_groups=[], cwd="/var/lib/kc1551", stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def _wait_serving(process: subprocess.Popen[str], lines: list[str],
                  marks: tuple[str, ...] = ("Uvicorn running on",
                                            "Application startup complete")) -> None:
    """Until the server says it listens. One process logs "startup complete" before it
    binds; the workers of several bind first (their SO_REUSEPORT sockets)."""
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line)
        if any(mark in line for mark in marks):
            # The rest (access log) is drained, or a full pipe would stop the server.
            threading.Thread(target=lines.extend, args=(process.stdout,), daemon=True).start()
            return
    pytest.fail("the API exited before serving:\n" + "".join(lines[-40:]))


@pytest.mark.postgres
def test_api_package_restart_under_load_loses_no_answered_request(
        debs: dict[str, Path], postgres_url: str) -> None:
    deb = debs["api"]
    assert lintian_problems(deb) == []
    apt("install", str(deb))
    for path in ("/lib/systemd/system/kc1551-api.service", "/etc/kc1551/api.env",
                 "/opt/kc1551-api/libexec/serve", "/usr/share/doc/kc1551-api/copyright"):
        assert Path(path).exists(), path
    assert run(["getent", "passwd", "kc1551"]).stdout.startswith("kc1551:")
    unit = Path("/lib/systemd/system/kc1551-api.service").read_text()
    assert "User=kc1551" in unit
    assert "EnvironmentFile=/etc/kc1551/api.env" in unit
    imports = run([str(API_ROOT / "bin" / "python3"), "-I", "-c",
                   "import importlib.util as u; print([m for m in ('PySide6', 'pjsua2', "
                   "'operator_app', 'fastapi', 'psycopg') if u.find_spec(m)])"])
    assert imports.stdout.strip() == "['fastapi', 'psycopg']"

    port = free_port()
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": fresh_postgres_database(postgres_url),
           "KC1551_API_HOST": "127.0.0.1", "KC1551_API_PORT": str(port),
           "KC1551_API_WORKERS": "2", "XDG_DATA_HOME": "/var/lib/kc1551"}
    url = f"http://127.0.0.1:{port}/api/v1/health"
    answered: list[dict[str, Any]] = []
    failures: list[BaseException] = []
    stop = threading.Event()
    lock = threading.Condition()

    def wait_answers(count: int) -> None:
        with lock:
            assert lock.wait_for(lambda: len(answered) >= count or failures, 120), "no answers"

    def fire() -> None:
        session = requests.Session()
        while not stop.is_set():
            try:
                response = session.get(url, timeout=30)
            except requests.ConnectionError:
                session = requests.Session()  # refused or closed while restarting
                continue
            except BaseException as exc:
                with lock:
                    failures.append(exc)
                    lock.notify_all()
                continue
            with lock:
                answered.append({"status": response.status_code, "body": response.text})
                lock.notify_all()

    lines: list[str] = []
    first = _start_api(env)
    _wait_serving(first, lines)
    threads = [threading.Thread(target=fire, daemon=True) for _ in range(6)]
    try:
        for thread in threads:
            thread.start()
        wait_answers(200)  # under load before the restart
        first.send_signal(signal.SIGTERM)
        assert first.wait(60) == 0
        before_restart = len(answered)
        second = _start_api(env)
        _wait_serving(second, lines)
        wait_answers(before_restart + 200)
    finally:
        stop.set()
        for thread in threads:
            thread.join(60)
        for process in (first, locals().get("second")):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(60)
    assert failures == []
    assert answered
    for item in answered:
        assert item["status"] == 200, item
        body = json.loads(item["body"])
        assert body["status"] == "ok"
        assert body["database"] == "postgresql"

    apt("remove", "kc1551-api")
    assert Path("/etc/kc1551/api.env").exists()
    apt("purge", "kc1551-api")
    assert not Path("/etc/kc1551/api.env").exists()


# --------------------------------------------------------------------- split
def _part_venv(tmp_path: Path, part: str, extra: str) -> Path:
    wheels = tmp_path / "wheels"
    venv = tmp_path / "venv"
    run(["/usr/bin/python3.11", "-m", "venv", str(venv)])
    python = venv / "bin" / "python"
    src = tmp_path / "src"
    src.mkdir()
    files = run(["git", "-C", str(REPO), "ls-files", "-co", "--exclude-standard"]).stdout
    for name in files.splitlines():
        if (REPO / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            (src / name).write_bytes((REPO / name).read_bytes())
    run([str(python), "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(src)],
        env={**os.environ, "KC1551_PART": part})
    wheel = next(wheels.glob("kc1551-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        demo_only = [name for name in archive.namelist()
                     if name.startswith(("kc1551_demo/", "kc1551_resources/pbx/",
                                         "kc1551_resources/voices/"))
                     or name == "kc1551_resources/demo.json"]
    assert demo_only == [], f"the {part} wheel carries the demo's files: {demo_only[:5]}"
    run([str(python), "-m", "pip", "install", "-q", f"{wheel}[{extra}]"])
    return python


def test_server_part_alone_serves_health(tmp_path: Path) -> None:
    python = _part_venv(tmp_path, "server", "server")
    missing = run([str(python), "-I", "-c",
                   "import importlib.util as u; print([m for m in ('PySide6', 'pjsua2', "
                   "'operator_app', 'kc1551_demo') if u.find_spec(m)])"])
    assert missing.stdout.strip() == "[]"
    port = free_port()
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path),
           "XDG_DATA_HOME": str(tmp_path / "data")}
    server = subprocess.Popen([str(python), "-I", "-m", "server_api", "--port", str(port)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
    lines: list[str] = []
    try:
        _wait_serving(server, lines, ("Uvicorn running on",))
        body = requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=30).json()
        assert body["status"] == "ok"
        assert body["database"] == "sqlite"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(60)


def test_desktop_part_alone_prints_config_and_passes_smoke_test(tmp_path: Path) -> None:
    python = _part_venv(tmp_path, "desktop", "desktop")
    wheel = run(["bash", str(REPO / "installer" / "build-pjsua2.sh"), "/usr/bin/python3.11"])
    run([str(python), "-m", "pip", "install", "-q", "--no-deps", wheel.stdout.strip()])
    missing = run([str(python), "-I", "-c",
                   "import importlib.util as u; print([m for m in ('fastapi', 'psycopg', "
                   "'sqlalchemy', 'uvicorn', 'server_api', 'kc1551_demo') if u.find_spec(m)])"])
    assert missing.stdout.strip() == "[]"
    env = user_env(tmp_path)
    out = run([str(python), "-I", "-m", "operator_app", "--print-effective-config"],
              env=env).stdout
    assert "api.url = " in out
    assert "sip.transport = udp" in out
    smoke = run([str(python), "-I", "-m", "operator_app", "--smoke-test"], env=env,
                check=False)
    assert smoke.returncode == 0, smoke.stderr[-3000:]
    steps = [json.loads(line) for line in smoke.stdout.splitlines() if line.startswith("{")]
    assert [s["step"] for s in steps] == ["config", "qt", "endpoint", "outbox", "keyring",
                                          "done"]


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-v"]))
