"""Python's cycle collector, run on the GUI thread only.

Automatic collection runs on whichever thread happens to allocate past the
threshold: the in-process API's worker threads, the background runner. A cycle
holding Qt wrappers freed there takes the process down (seen in the tests: a
segmentation fault while garbage-collecting in the API's worker thread, with a
closed window's widgets in the garbage). So automatic collection is switched
off and a timer on the GUI thread collects each generation as soon as Python
itself would have. The SIP engine still collects on its own thread when it lets
pjsua2 objects go.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_EVERY_MS = 250


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.collect_due)
        gc.disable()
        self._timer.start()

    def collect_due(self) -> None:
        """Collect the oldest generation whose count is over its threshold, if any."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        due = [g for g in range(3) if counts[g] > thresholds[g]]
        if due and due[0] == 0:  # older generations are only due after younger ones
            generation = 0
            while generation + 1 in due:
                generation += 1
            gc.collect(generation)

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()


def collect_on_gui_thread(parent: QObject) -> GuiThreadCollector:
    """Install the collector (once per parent, normally the QApplication)."""
    existing = parent.findChild(GuiThreadCollector)
    return existing if isinstance(existing, GuiThreadCollector) else GuiThreadCollector(parent)
