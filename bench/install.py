"""The desktop package: its size, install time, start-up and idle memory, against
the source checkout in the same run.

    sudo python bench/install.py [--runs 3] [--idle 5]

Builds (or takes from the cache) kc1551-desktop_*.deb with installer/build-deb.sh,
purges any installed copy, times `apt-get install -y ./deb` (silent, the API
URL preseeded in the environment), then starts the installed program and the
source checkout (`python -m operator_app` with this repository first on the
path) offscreen the same way, alternately:

- to the sign-in window: the process starts, loads the settings and Qt, and
  shows the sign-in window (the first run after the install is `cold`, the
  median of --runs later ones `warm`);
- to registered: `--smoke-test --registrar` against a private Kamailio (Qt
  with the sign-in window, a SIP endpoint with three transports, the outbox,
  the keyring, REGISTER answered), the whole process's time;
- idle RSS: the program --idle seconds after the sign-in window showed.

The package is purged again at the end.

Last line: one JSON object. Needs root (apt-get) and Kamailio.
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
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
TARGETS = {"cold_start_ratio": 1.5, "cold_start_s": 3.0, "deb_mb": 150.0}
INSTALLED_PYTHON = ["/opt/kc1551-desktop/bin/python3", "-I"]

# Shows the sign-in window instead of waiting for a user, prints when it is on
# screen, idles, prints the process's RSS, exits.
DRIVER = """
import sys, time
from operator_app.ui import login_dialog

def exec_(self):
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication
    self.show()
    QApplication.processEvents()
    print("SHOWN", time.time(), flush=True)
    loop = QEventLoop()
    QTimer.singleShot(int(float(sys.argv[1]) * 1000), loop.quit)
    loop.exec()
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            print("RSS", int(line.split()[1]) / 1024, flush=True)
    return 0

login_dialog.LoginDialog.exec = exec_
from operator_app.__main__ import main
main([])
"""


def user_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KC1551_")}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"),
               XDG_DATA_HOME=str(home / "data"), QT_QPA_PLATFORM="offscreen",
               KC1551_API_URL="http://127.0.0.1:9/")
    return env


def to_sign_in(python: list[str], env: dict[str, str], idle_s: float) -> tuple[float, float]:
    """Seconds from the process's start to the sign-in window, and the idle RSS (MB)."""
    started = time.time()
    result = subprocess.run([*python, "-c", DRIVER, str(idle_s)], env=env, cwd=REPO,
                            capture_output=True, text=True, check=False)
    shown = rss = None
    for line in result.stdout.splitlines():
        if line.startswith("SHOWN "):
            shown = float(line.split()[1])
        elif line.startswith("RSS "):
            rss = float(line.split()[1])
    if shown is None or rss is None:
        raise SystemExit(f"{python[0]}: the sign-in window never showed:\n{result.stderr[-3000:]}")
    return shown - started, rss


def to_registered(python: list[str], env: dict[str, str], pbx: object, user: str,
                  password: str) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [*python, "-m", "operator_app", "--smoke-test", "--registrar",
         pbx.registrar_uri, "--sip-user", user],  # type: ignore[attr-defined]
        env={**env, "KC1551_SIP_PASSWORD": password}, cwd=REPO, capture_output=True,
        text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{python[0]}: smoke test failed:\n{result.stderr[-3000:]}")
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--idle", type=float, default=5.0)
    args = parser.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("run as root: the bench installs the package")

    out = tempfile.mkdtemp(prefix="kc1551-bench-deb-")
    deb = Path(subprocess.run(["bash", str(REPO / "installer" / "build-deb.sh"), "--out", out,
                               "desktop"], check=True, capture_output=True,
                              text=True).stdout.strip())
    deb_mb = deb.stat().st_size / 1e6
    apt_env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "-y", "-q", "purge", "kc1551-desktop"], env=apt_env,
                   capture_output=True, check=False)
    started = time.perf_counter()
    subprocess.run(["apt-get", "-y", "-q", "install", str(deb)], check=True,
                   env={**apt_env, "KC1551_API_URL": "http://127.0.0.1:9/"},
                   capture_output=True, stdin=subprocess.DEVNULL)
    install_s = time.perf_counter() - started
    installed_kb = int(subprocess.run(["du", "-sk", "/opt/kc1551-desktop"], check=True,
                                      capture_output=True, text=True).stdout.split()[0])

    from kc1551_demo.local_pbx import LocalPbx

    source = [sys.executable]
    pbx = LocalPbx()
    users = {"op1001": "bench-1001", "op1002": "bench-1002"}
    pbx.start(users)
    results: dict[str, dict[str, list[float]]] = {
        name: {"sign_in": [], "rss": [], "registered": []} for name in ("installed", "source")}
    try:
        with tempfile.TemporaryDirectory() as home:
            for run in range(args.runs + 1):
                for name, python in (("installed", INSTALLED_PYTHON), ("source", source)):
                    env = user_env(Path(home) / f"{name}-{run}")
                    seconds, rss = to_sign_in(python, env, args.idle)
                    results[name]["sign_in"].append(seconds)
                    results[name]["rss"].append(rss)
                    results[name]["registered"].append(
                        to_registered(python, env, pbx, "op1001", users["op1001"]))
    finally:
        pbx.stop()
        subprocess.run(["apt-get", "-y", "-q", "purge", "kc1551-desktop"], env=apt_env,
                       capture_output=True, check=False)

    def figure(name: str, key: str, warm: bool = True) -> float:
        values = results[name][key]
        return round(statistics.median(values[1:]) if warm and len(values) > 1 else values[0], 3)

    cold = results["installed"]["sign_in"][0]
    cold_source = results["source"]["sign_in"][0]
    summary = {
        "deb_mb": round(deb_mb, 1),
        "installed_mb": round(installed_kb / 1024, 1),
        "install_s": round(install_s, 2),
        "cold_start_s": round(cold, 3),
        "cold_start_source_s": round(cold_source, 3),
        "cold_start_ratio": round(cold / cold_source, 2),
        "warm_start_s": figure("installed", "sign_in"),
        "warm_start_source_s": figure("source", "sign_in"),
        "registered_s": figure("installed", "registered"),
        "registered_source_s": figure("source", "registered"),
        "idle_rss_mb": figure("installed", "rss"),
        "idle_rss_source_mb": figure("source", "rss"),
        "runs": args.runs,
    }
    for key, value in summary.items():
        print(f"{key:>22}: {value}")
    met = (summary["cold_start_ratio"] <= TARGETS["cold_start_ratio"]
           and summary["cold_start_s"] <= TARGETS["cold_start_s"]
           and summary["deb_mb"] <= TARGETS["deb_mb"])
    print(f"targets {'met' if met else 'NOT met'}: {TARGETS}")
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
