"""Call scripts (what the operator says), kept as data the contact centre edits.

Each script is a JSON file ``{"title": ..., "lines": [...]}`` whose lines may
hold placeholders such as ``{operator_name}``, ``{citizen_name}``,
``{appeal_number}``, ``{deadline}``. The built-in scripts live next to this
module; a file with the same name in the configured scripts directory
replaces the built-in one, so wording changes need no new release.
"""

from __future__ import annotations

import json
import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BUILTIN_DIR = Path(__file__).resolve().parent
BLANK = "____"  # shown for a value the call does not have yet, so the gap is visible

_FORMATTER = string.Formatter()


class ScriptError(ValueError):
    """A script file that cannot be used; the message names the file (Ukrainian)."""

    code = "invalid_script"

    def __init__(self, path: Path, problem: str):
        super().__init__(f"Сценарій розмови {path}: {problem}")
        self.path = path


@dataclass(frozen=True, slots=True)
class CallScript:
    script_id: str  # the file name without .json, e.g. "greeting"
    title: str
    lines: tuple[str, ...]
    source: Path

    @property
    def placeholders(self) -> frozenset[str]:
        return frozenset(name for line in self.lines for _, name, _, _ in _FORMATTER.parse(line)
                         if name)

    def render(self, values: Mapping[str, object]) -> list[str]:
        """The lines with placeholders filled; missing or empty values show as ____."""
        return [_render_line(line, values) for line in self.lines]


def _render_line(line: str, values: Mapping[str, object]) -> str:
    parts: list[str] = []
    for literal, name, _spec, _conversion in _FORMATTER.parse(line):
        parts.append(literal)
        if name is None:
            continue
        value = values.get(name)
        parts.append(BLANK if value is None or value == "" else str(value))
    return "".join(parts)


def _parse(path: Path) -> CallScript:
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ScriptError(path, f"файл не в кодуванні UTF-8 ({exc.reason})") from exc
    except json.JSONDecodeError as exc:
        raise ScriptError(path, f"помилка JSON у рядку {exc.lineno}, позиція {exc.colno}: "
                                f"{exc.msg}") from exc
    except OSError as exc:
        raise ScriptError(path, f"файл не читається ({exc.strerror})") from exc
    if not isinstance(data, dict):
        raise ScriptError(path, "очікується об'єкт з полями «title» і «lines»")
    title, lines = data.get("title"), data.get("lines")
    if not isinstance(title, str) or not title.strip():
        raise ScriptError(path, "поле «title» має бути непорожнім рядком")
    if not isinstance(lines, list) or not all(isinstance(line, str) for line in lines):
        raise ScriptError(path, "поле «lines» має бути списком рядків")
    for number, line in enumerate(lines, start=1):
        try:
            placeholders = [name for _, name, _, _ in _FORMATTER.parse(line) if name is not None]
        except ValueError as exc:
            raise ScriptError(path, f"рядок {number}: незакрита фігурна дужка") from exc
        for name in placeholders:
            if not name.isidentifier():
                raise ScriptError(path, f"рядок {number}: неприпустима назва поля «{{{name}}}»")
    return CallScript(path.stem, title.strip(), tuple(lines), path)


def load_scripts(extra_dir: Path | None = None) -> dict[str, CallScript]:
    """Built-in scripts, with those in ``extra_dir`` (if any) taking precedence.

    Raises ScriptError naming the file when one is broken.
    """
    sources = {path.stem: path for path in sorted(BUILTIN_DIR.glob("*.json"))}
    if extra_dir is not None and extra_dir.is_dir():
        sources.update({path.stem: path for path in sorted(extra_dir.glob("*.json"))})
    return {script_id: _parse(path) for script_id, path in sources.items()}
