"""Call scripts beside the call, switching with the call's stage."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QTextBrowser, QVBoxLayout, QWidget

from operator_app.ui import labels


class ScriptsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Сценарій розмови"))
        layout = QVBoxLayout(self)
        self.chooser = QComboBox()
        self.chooser.setAccessibleName(self.tr("Обрати сценарій"))
        self.text_view = QTextBrowser()
        self.text_view.setAccessibleName(self.tr("Текст сценарію"))
        layout.addWidget(self.chooser)
        layout.addWidget(self.text_view, 1)
        self._scripts: dict[str, Any] = {}
        self._values: dict[str, str] = {}
        self.chooser.currentIndexChanged.connect(lambda _i: self._render())

    def set_scripts(self, scripts: dict[str, Any]) -> None:
        """`scripts`: name -> CallScript (core's load_scripts)."""
        self._scripts = scripts
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for name, script in scripts.items():
            self.chooser.addItem(str(getattr(script, "title", name)), name)
        self.chooser.blockSignals(False)
        self._render()

    def update_values(self, **values: Any) -> None:
        self._values.update({k: str(v) for k, v in values.items() if v not in (None, "")})
        self._render()

    def reset_values(self, **values: Any) -> None:
        self._values = {}
        self.update_values(**values)

    def show_appeal(self, appeal: dict[str, Any]) -> None:
        """The registered appeal's values for the closing script: number, deadline and
        executor (the API's `executor` object, or a brief's `executor_name`)."""
        executor = appeal.get("executor") or {}
        self.update_values(appeal_number=appeal.get("number"),
                           deadline=labels.short_date(appeal.get("deadline")),
                           executor_name=executor.get("name") or appeal.get("executor_name"))

    def set_stage(self, name: str) -> None:
        index = self.chooser.findData(name)
        if index >= 0:
            self.chooser.setCurrentIndex(index)

    def current_stage(self) -> str | None:
        data = self.chooser.currentData()
        return str(data) if data is not None else None

    def rendered_text(self) -> str:
        return self.text_view.toPlainText()

    def _render(self) -> None:
        script = self._scripts.get(self.current_stage() or "")
        if script is None:
            self.text_view.setPlainText(self.tr("Сценарії не завантажено."))
            return
        lines = script.render(self._values)
        self.text_view.setHtml("".join(f"<p>{line}</p>" for line in lines))
