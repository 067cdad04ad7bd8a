from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication, QDialogButtonBox

from operator_app.ui.app import install_translator, qt_translator
from operator_app.ui.softphone import SoftphonePanel
from operator_app.ui.state_bar import AgentStateBar


def test_english_translation_loads_and_ukrainian_is_the_source(qtbot: Any) -> None:
    app = QApplication.instance()
    assert app is not None
    ukrainian = SoftphonePanel()
    qtbot.addWidget(ukrainian)
    assert ukrainian.answer_button.text() == "Відповісти"
    translator = install_translator(app, "en")
    assert translator is not None
    try:
        english = SoftphonePanel()
        qtbot.addWidget(english)
        assert english.answer_button.text() == "Answer"
        bar = AgentStateBar({"break": "Перерва"})
        qtbot.addWidget(bar)
        bar.show_state("not_ready", "break")
        assert bar.state_label.text() == "Not ready: Break"
    finally:
        app.removeTranslator(translator)


def test_sip_warning_is_translated(qtbot: Any) -> None:
    app = QApplication.instance()
    assert app is not None
    translator = install_translator(app, "en")
    assert translator is not None
    try:
        bar = AgentStateBar({"break": "Перерва"})
        qtbot.addWidget(bar)
        bar.set_sip_registered(False)
        assert bar.sip_warning_label.text() == "SIP not registered: calls will not arrive"
    finally:
        app.removeTranslator(translator)


def test_qt_own_buttons_speak_ukrainian(qtbot: Any) -> None:
    """A dialog's standard Save / Cancel come from Qt's own translation."""
    app = QApplication.instance()
    assert app is not None
    translator = qt_translator(app, "uk")
    assert translator is not None
    app.installTranslator(translator)
    try:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                               | QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        save = box.button(QDialogButtonBox.StandardButton.Save)
        cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
        assert save.text().replace("&", "") == "Зберегти"
        assert cancel.text().replace("&", "") == "Скасувати"
    finally:
        app.removeTranslator(translator)
