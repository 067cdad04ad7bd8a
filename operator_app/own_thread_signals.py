"""Signals emitted on their object's own (GUI) thread, whichever thread asks.

A PySide signal emitted on another thread reaches a plain Python callable (a
lambda, a bound method of a non-Qt object, a pytest-qt signal blocker) through a
queued event that does not keep the callable's object alive: freed before the
event is delivered, it is then called on freed memory (seen in the tests:
"'RequestFixtureDef' object has no attribute 'check_params_callback'", then a
segmentation fault). So the thread is crossed once, into the emitting QObject's
own slot (Qt drops the posted events of a receiver that is destroyed), and the
public signal is emitted there, reaching every receiver directly.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal, Slot


class OwnThreadSignals(QObject):
    """Base of a QObject whose public signals are asked for from other threads."""

    _crossing = Signal(str, object)  # the public signal's name, its arguments

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Auto connection: direct when asked on the object's own thread, queued
        # (to this object, not to the receivers) from any other.
        self._crossing.connect(self._emit_here)

    def emit_on_own_thread(self, signal_name: str, *args: Any) -> None:
        self._crossing.emit(signal_name, args)

    @Slot(str, object)
    def _emit_here(self, signal_name: str, args: tuple[Any, ...]) -> None:
        getattr(self, signal_name).emit(*args)
