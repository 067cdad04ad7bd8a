"""The screenshot script (what a person sees, state by state) keeps working."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage

from kc1551_demo import screenshots

STATES = ["01_idle", "02_ringing_pop", "03_appeal_repeat_warning", "04_consultation_article",
          "05_sip_not_registered", "06_not_ready_reasons", "07_not_ready_chosen",
          "08_field_error", "09_appeal_registered", "10_missed_call",
          "11_address_suggestions", "12_worklist_claimed"]


@pytest.mark.parametrize("language", ["uk", "en"])
def test_every_state_is_saved_at_the_asked_size(qapp: Any, tmp_path: Path,
                                                 language: str) -> None:
    assert screenshots.main([str(tmp_path), "--language", language]) == 0
    saved = sorted(path.stem for path in tmp_path.glob("*.png"))
    assert saved == STATES
    for name in STATES:
        image = QImage(str(tmp_path / f"{name}.png"))
        assert (image.width(), image.height()) == (1440, 900), name
        # not a blank grab: a real window has many colours
        colours = {image.pixel(x, y) for x in range(0, 1440, 37) for y in range(0, 900, 29)}
        assert len(colours) > 5, name
