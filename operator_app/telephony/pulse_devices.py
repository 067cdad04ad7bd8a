"""PulseAudio's and PipeWire's devices, named for pjmedia's ALSA backend.

Through ALSA, a desktop's sound server shows as two devices, `default` and
`pulse`, both the server's default sink and source: the operator could not put
the ringtone on the speakers and the call on the headset. So each sink and
source (monitors left out) gets a named ALSA device of its own, written to a
private ALSA configuration that ALSA_CONFIG_PATH adds to the system's; ALSA
reloads it when it changes, so a headset plugged in later appears on the next
enumeration. Without `pactl` (no sound server) nothing changes.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

SYSTEM_ALSA_CONFIG = Path("/usr/share/alsa/alsa.conf")
_PACTL_TIMEOUT_S = 3.0


def default_config_path() -> Path:
    runtime = os.environ.get("XDG_RUNTIME_DIR") or str(Path.home() / ".cache")
    return Path(runtime) / "kc1551" / "alsa-pulse.conf"


def _pactl_list(kind: str) -> list[dict[str, object]]:
    pactl = shutil.which("pactl")
    if pactl is None:
        return []
    try:
        done = subprocess.run([pactl, "-f", "json", "list", kind], capture_output=True,
                              text=True, timeout=_PACTL_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return []
    if done.returncode != 0:
        return []
    try:
        items = json.loads(done.stdout)
    except ValueError:
        return []
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def pulse_alsa_config() -> str:
    """ALSA pcm definitions for the sound server's sinks (playback) and sources
    (capture); empty when there is no server to ask."""
    entries: list[str] = []
    taken: set[str] = {"default", "pulse", "null"}
    for kind, direction in (("sinks", "playback"), ("sources", "capture")):
        for item in _pactl_list(kind):
            name = str(item.get("name", ""))
            properties = item.get("properties")
            if not name or (isinstance(properties, dict)
                            and properties.get("device.class") == "monitor"):
                continue  # a sink's monitor is no microphone
            label = str(item.get("description") or name)
            unique, n = label, 2
            while unique in taken:
                unique, n = f"{label} ({n})", n + 1
            taken.add(unique)
            entries.append(
                f"pcm.{_quoted(unique)} {{\n"
                f"  type asym\n  {direction}.pcm {{ type pulse device {_quoted(name)} }}\n"
                f"  hint {{ show on description {_quoted(label)} }}\n}}\n")
    return "".join(entries)


def install(path: Path | None = None) -> bool:
    """Write the pcm definitions and point ALSA at them; True when there are any.

    Call before pjsua2 enumerates devices (Endpoint start, refreshDevs)."""
    if not SYSTEM_ALSA_CONFIG.exists():
        return False
    text = pulse_alsa_config()
    if not text:
        return False
    target = path or default_config_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            scratch = target.with_suffix(".tmp")
            scratch.write_text(text, encoding="utf-8")
            scratch.replace(target)  # ALSA never reads half a file
    except OSError as exc:
        log.info("sound server devices not named for ALSA: %s", exc)
        return False
    paths = os.environ.get("ALSA_CONFIG_PATH", str(SYSTEM_ALSA_CONFIG)).split(":")
    if str(target) not in paths:
        os.environ["ALSA_CONFIG_PATH"] = ":".join([*paths, str(target)])
    return True


class DeviceWatch:
    """Calls `on_change` (on its own thread) when the sound server adds or removes
    a sink or source: one `pactl subscribe`, idle until something happens."""

    def __init__(self, on_change: Callable[[], object]) -> None:
        self._on_change = on_change
        self._process: subprocess.Popen[str] | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> bool:
        pactl = shutil.which("pactl")
        if pactl is None:
            return False
        try:
            self._process = subprocess.Popen(
                [pactl, "subscribe"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                stdin=subprocess.DEVNULL, text=True)
        except OSError:
            return False
        self._thread = threading.Thread(target=self._read, name="sound-device-watch",
                                        daemon=True)
        self._thread.start()
        return True

    def _read(self) -> None:
        assert self._process is not None
        assert self._process.stdout is not None
        for line in self._process.stdout:
            # Event 'new' on sink #3 / Event 'remove' on source #7
            if ("'new'" in line or "'remove'" in line) and (
                    " on sink " in line or " on source " in line):
                self._on_change()

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(5)
            self._process = None
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None
