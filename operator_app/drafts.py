"""Drafts of forms being typed, so a crash or a dropped call loses nothing.

One JSON file per form in the drafts directory, each replaced atomically: a
crash mid-write leaves the previous version. The UI saves (debounced) on
every edit and discards the draft once the form is submitted.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from pathlib import Path
from typing import Any

from operator_app.atomic_file import write_atomic

log = logging.getLogger(__name__)

_SAFE_ID = re.compile(r"[^A-Za-z0-9_.-]")


class DraftStore:
    def __init__(self, path: Path):
        self.path = Path(path)

    def _file(self, form_id: str) -> Path:
        if not form_id:
            raise ValueError("form_id is empty")
        safe = _SAFE_ID.sub("_", form_id)
        if safe != form_id:
            # Two ids that differ only in unsafe characters must not share a file.
            safe += "-" + hashlib.sha1(form_id.encode()).hexdigest()[:8]
        return self.path / f"{safe}.json"

    def save(self, form_id: str, fields: dict[str, Any]) -> None:
        record = {"form_id": form_id, "saved_at": time.time(), "fields": fields}
        data = json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8")
        write_atomic(self._file(form_id), data)

    def load(self, form_id: str) -> dict[str, Any] | None:
        """The saved fields, or None when there is no (readable) draft."""
        path = self._file(form_id)
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            fields = record["fields"]
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            # Keep the unreadable file for a person to look at, never delete it.
            kept = path.with_suffix(f".unreadable-{int(time.time())}")
            path.replace(kept)
            log.warning("draft %s unreadable (%s), kept as %s", path.name, exc, kept.name)
            return None
        return fields if isinstance(fields, dict) else None

    def saved_at(self, form_id: str) -> float | None:
        try:
            return float(json.loads(self._file(form_id).read_text(encoding="utf-8"))["saved_at"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def form_ids(self) -> list[str]:
        """Forms with a draft, e.g. to offer restoring them after a crash."""
        ids = []
        for path in sorted(self.path.glob("*.json")):
            try:
                ids.append(str(json.loads(path.read_text(encoding="utf-8"))["form_id"]))
            except (OSError, ValueError, KeyError, TypeError):
                continue
        return ids

    def discard(self, form_id: str) -> None:
        self._file(form_id).unlink(missing_ok=True)
