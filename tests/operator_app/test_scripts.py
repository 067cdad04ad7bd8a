from __future__ import annotations

import json
from pathlib import Path

import pytest

from operator_app.scripts import BLANK, ScriptError, load_scripts

EXPECTED = {"greeting", "consultation", "appeal_registration", "closing", "feedback_callback"}


def test_builtin_scripts_load() -> None:
    scripts = load_scripts()
    assert set(scripts) >= EXPECTED
    assert "appeal_number" in scripts["closing"].placeholders
    assert "deadline" in scripts["closing"].placeholders


def test_render_fills_and_blanks_unknown_placeholders() -> None:
    closing = load_scripts()["closing"]
    lines = closing.render({"appeal_number": "1551-000042", "deadline": "25.11.2026",
                            "citizen_name": ""})
    text = "\n".join(lines)
    assert "1551-000042" in text
    assert "до 25.11.2026" in text
    assert "{" not in text
    assert f"Дякую за звернення, {BLANK}." in text  # empty value is a visible gap
    assert f"виконавцю: {BLANK}." in text  # missing value too


def test_override_dir_replaces_and_adds(tmp_path: Path) -> None:
    (tmp_path / "greeting.json").write_text(json.dumps(
        {"title": "Вітання 1520", "lines": ["Контакт-центр 1520, {operator_name}, {nonsense}."]},
        ensure_ascii=False), encoding="utf-8")
    (tmp_path / "sos.json").write_text(json.dumps(
        {"title": "SOS", "lines": ["Залишайтеся на лінії"]}), encoding="utf-8")
    scripts = load_scripts(tmp_path)
    assert scripts["greeting"].title == "Вітання 1520"
    assert scripts["greeting"].render({"operator_name": "Олена"}) == [
        f"Контакт-центр 1520, Олена, {BLANK}."]
    assert scripts["sos"].source == tmp_path / "sos.json"
    assert scripts["closing"].source.parent != tmp_path


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "помилка JSON у рядку 1"),
    ('["a"]', "очікується об'єкт"),
    ('{"title": "T", "lines": "one"}', "«lines» має бути списком"),
    ('{"title": "", "lines": []}', "«title» має бути непорожнім"),
    ('{"title": "T", "lines": ["{unclosed"]}', "рядок 1: незакрита"),
    ('{"title": "T", "lines": ["ok", "{a.b}"]}', "рядок 2: неприпустима назва"),
])
def test_broken_file_names_the_file(tmp_path: Path, content: str, message: str) -> None:
    broken = tmp_path / "closing.json"
    broken.write_text(content, encoding="utf-8")
    with pytest.raises(ScriptError, match=message) as info:
        load_scripts(tmp_path)
    assert str(broken) in str(info.value)
    assert info.value.path == broken
