"""Noticing that the package was upgraded under the running desktop.

The Debian package installs a version stamp (``/opt/kc1551-desktop/VERSION``,
``STAMP_PATH``) and replaces it on every upgrade (dpkg writes a new file and
renames it over the old one, so the watched inode goes away). The running
program's modules on disk are then another version than the ones it loaded:
it must say so and ask for a restart.

    watch = UpdateWatch(STAMP_PATH, lambda version: window.statusBar().showMessage(
        restart_message(version)))

`StampCheck` is the Qt-free part (read, compare, report each new version
once); `UpdateWatch` drives it from a QFileSystemWatcher on the stamp and its
folder, re-adding the file after each replacement.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject

log = logging.getLogger(__name__)

STAMP_PATH = Path("/opt/kc1551-desktop/VERSION")


def restart_message(version: str) -> str:
    return f"Програму оновлено до версії {version}: перезапустіть її"


def read_stamp(path: Path) -> str | None:
    """The version in the stamp, or None while it is absent or being replaced."""
    try:
        text = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text or None


class StampCheck:
    """Remembers the version the program started with; `check()` calls
    `on_updated(new)` once for each version seen after it."""

    def __init__(self, stamp_path: Path, on_updated: Callable[[str], None]) -> None:
        self.stamp_path = Path(stamp_path)
        self._on_updated = on_updated
        self.started_version = read_stamp(self.stamp_path)
        self._reported = self.started_version

    @property
    def updated_to(self) -> str | None:
        """The newest version seen that differs from the one running, if any."""
        return self._reported if self._reported != self.started_version else None

    def check(self) -> str | None:
        """Read the stamp now; the new version when it changed since the last report."""
        current = read_stamp(self.stamp_path)
        if current is None or current == self._reported:
            return None
        self._reported = current
        log.info("package upgraded under the running program: %s -> %s",
                 self.started_version, current)
        self._on_updated(current)
        return current


class UpdateWatch(QObject):
    """Calls `on_updated(version)` (on the GUI thread) when the stamp changes."""

    def __init__(self, stamp_path: Path, on_updated: Callable[[str], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._check = StampCheck(stamp_path, on_updated)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._changed)
        self._watcher.directoryChanged.connect(self._changed)
        self._arm()

    @property
    def started_version(self) -> str | None:
        return self._check.started_version

    @property
    def updated_to(self) -> str | None:
        return self._check.updated_to

    def _arm(self) -> None:
        """Watch the file (its content) and its folder (a rename over it, or the file
        appearing again); a replaced file drops out of the watch list: add it back."""
        stamp = self._check.stamp_path
        watched = set(self._watcher.files()) | set(self._watcher.directories())
        for path in (stamp.parent, stamp):
            if str(path) not in watched and path.exists():
                self._watcher.addPath(str(path))

    def _changed(self, _path: str) -> None:
        self._arm()
        self._check.check()

    def check_now(self) -> str | None:
        """Check at once (e.g. when the window gets focus)."""
        self._arm()
        return self._check.check()

    def stop(self) -> None:
        paths = [*self._watcher.files(), *self._watcher.directories()]
        if paths:
            self._watcher.removePaths(paths)
