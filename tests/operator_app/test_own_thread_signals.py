"""Signals asked for on another thread are emitted on the object's own thread, in
order, and never reach a receiver that let go of them before delivery."""

from __future__ import annotations

import gc
import threading
from typing import Any

from PySide6.QtCore import Signal
from pytestqt.qtbot import QtBot

from operator_app.own_thread_signals import OwnThreadSignals

COUNT = 500


class Feed(OwnThreadSignals):
    sig_value = Signal(int)
    sig_done = Signal()


class Receiver:
    """A plain Python object (not a QObject), as pytest-qt's signal blockers are."""

    def __init__(self) -> None:
        self.got: list[int] = []

    def take(self, value: int) -> None:
        self.got.append(value)


def emit_from_another_thread(feed: Feed, count: int) -> None:
    def run() -> None:
        for n in range(count):
            feed.emit_on_own_thread("sig_value", n)
        feed.emit_on_own_thread("sig_done")

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()


def test_values_arrive_on_the_gui_thread_in_order(qtbot: QtBot) -> None:
    feed = Feed()
    seen: list[tuple[int, threading.Thread]] = []
    feed.sig_value.connect(lambda value: seen.append((value, threading.current_thread())))
    with qtbot.waitSignal(feed.sig_done, timeout=5_000):
        emit_from_another_thread(feed, COUNT)
    assert [value for value, _ in seen] == list(range(COUNT))
    assert {thread for _, thread in seen} == {threading.main_thread()}


def test_a_receiver_that_let_go_before_delivery_is_never_called(qtbot: QtBot) -> None:
    feed = Feed()
    receiver = Receiver()
    feed.sig_value.connect(receiver.take)
    emit_from_another_thread(feed, COUNT)  # all still waiting to cross
    feed.sig_value.disconnect(receiver.take)
    got = receiver.got
    del receiver
    gc.collect()
    others: list[Any] = [Receiver() for _ in range(COUNT)]  # reuse the freed memory
    with qtbot.waitSignal(feed.sig_done, timeout=5_000):
        pass
    assert got == []
    assert all(other.got == [] for other in others)
