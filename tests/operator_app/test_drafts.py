from __future__ import annotations

import os
from pathlib import Path

import pytest

from operator_app.drafts import DraftStore

FIELDS = {"problem_code": "3.18", "building_id": 7, "description": "Немає гарячої води з ранку",
          "flat": "12"}


def test_save_load_discard(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    assert store.load("appeal") is None
    store.save("appeal", FIELDS)
    # A new store on the same directory is what the app sees after a crash.
    restored = DraftStore(tmp_path / "drafts")
    assert restored.load("appeal") == FIELDS
    assert restored.form_ids() == ["appeal"]
    assert restored.saved_at("appeal") is not None
    restored.discard("appeal")
    assert restored.load("appeal") is None
    restored.discard("appeal")  # discarding twice is harmless


def test_drafts_are_private(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.save("appeal", FIELDS)
    (path,) = tmp_path.glob("*.json")
    assert path.stat().st_mode & 0o777 == 0o600


def test_failed_write_keeps_previous_version(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.save("appeal", FIELDS)
    with pytest.raises(TypeError):
        store.save("appeal", {"bad": object()})  # cannot be serialised: nothing is written
    assert store.load("appeal") == FIELDS
    assert [p.name for p in tmp_path.iterdir()] == ["appeal.json"]  # no temp files left


def test_crash_before_rename_leaves_old_draft(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    store = DraftStore(tmp_path)
    store.save("appeal", FIELDS)

    def crash(src: str, dst: str) -> None:
        raise OSError("power cut")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="power cut"):
        store.save("appeal", {**FIELDS, "description": "нове"})
    monkeypatch.undo()
    assert store.load("appeal") == FIELDS


def test_unreadable_draft_is_kept_aside(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    (tmp_path / "appeal.json").write_text("{truncated", encoding="utf-8")
    assert store.load("appeal") is None
    kept = list(tmp_path.glob("appeal.unreadable-*"))
    assert len(kept) == 1
    assert kept[0].read_text(encoding="utf-8") == "{truncated"


def test_form_ids_with_unsafe_characters_do_not_collide(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.save("appeal/call:1", {"a": 1})
    store.save("appeal_call_1", {"a": 2})
    assert store.load("appeal/call:1") == {"a": 1}
    assert store.load("appeal_call_1") == {"a": 2}
    assert sorted(store.form_ids()) == ["appeal/call:1", "appeal_call_1"]
