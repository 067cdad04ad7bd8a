"""The operator's availability, as a small state machine with no Qt in it.

The UI feeds it call events and button presses, listens for changes (to
repaint the state bar, tell the API and call ``Phone.set_ready``) and calls
``tick()`` from a timer so that wrap-up ends on its own when time is up.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable
from dataclasses import dataclass


class AgentState(enum.StrEnum):
    # Values are the API's (PUT /api/v1/agents/me/state).
    AVAILABLE = "available"
    NOT_READY = "not_ready"
    ON_CALL = "on_call"
    WRAP_UP = "wrap_up"
    OFFLINE = "offline"


NOT_READY_REASONS: dict[str, str] = {
    "break": "Перерва",
    "training": "Навчання",
    "technical": "Технічна проблема",
    "meeting": "Нарада",
    "callbacks": "Зворотні дзвінки",  # a lead or feedback worker on the worklist
}


class TransitionNotAllowedError(ValueError):
    """A change the operator cannot make now; the message is for them (Ukrainian)."""

    code = "transition_not_allowed"


@dataclass(frozen=True, slots=True)
class StateChange:
    state: AgentState
    reason: str | None  # a NOT_READY_REASONS key, only with NOT_READY
    previous: AgentState
    since: float  # clock() of the change
    wrap_up_deadline: float | None  # clock() when wrap-up ends on its own


Listener = Callable[[StateChange], None]

# Manual changes the operator may ask for from each state; call events
# (call_started / call_ended / wrap-up expiry) have their own rules below.
_MANUAL: dict[AgentState, frozenset[AgentState]] = {
    AgentState.OFFLINE: frozenset({AgentState.AVAILABLE, AgentState.NOT_READY}),
    AgentState.AVAILABLE: frozenset({AgentState.NOT_READY, AgentState.OFFLINE}),
    AgentState.NOT_READY: frozenset({AgentState.AVAILABLE, AgentState.NOT_READY,
                                     AgentState.OFFLINE}),
    AgentState.WRAP_UP: frozenset({AgentState.AVAILABLE, AgentState.NOT_READY,
                                   AgentState.OFFLINE}),
    AgentState.ON_CALL: frozenset(),
}

_STATE_NAMES_UK: dict[AgentState, str] = {
    AgentState.AVAILABLE: "Готовий",
    AgentState.NOT_READY: "Не готовий",
    AgentState.ON_CALL: "Розмова",
    AgentState.WRAP_UP: "Обробка після дзвінка",
    AgentState.OFFLINE: "Не в мережі",
}


def state_name_uk(state: AgentState) -> str:
    return _STATE_NAMES_UK[state]


class AgentStateMachine:
    """Availability of one operator; single-threaded (the GUI thread drives it)."""

    def __init__(self, wrap_up_limit_s: float = 30, clock: Callable[[], float] = time.monotonic):
        self._wrap_up_limit_s = wrap_up_limit_s
        self._clock = clock
        self._state = AgentState.OFFLINE
        self._reason: str | None = None
        self._since = clock()
        self._wrap_up_deadline: float | None = None
        self._active_calls: set[str] = set()
        # Not-ready asked for during a call or wrap-up: applied once wrap-up is over.
        self._pending_not_ready: str | None = None
        self._listeners: list[Listener] = []

    # -- reading -------------------------------------------------------------
    @property
    def state(self) -> AgentState:
        return self._state

    @property
    def reason(self) -> str | None:
        return self._reason

    @property
    def since(self) -> float:
        return self._since

    @property
    def should_ring(self) -> bool:
        """Whether the PBX may ring this operator (pass to ``Phone.set_ready``)."""
        return self._state is AgentState.AVAILABLE

    @property
    def pending_not_ready(self) -> str | None:
        return self._pending_not_ready

    @property
    def wrap_up_deadline(self) -> float | None:
        return self._wrap_up_deadline

    @property
    def wrap_up_limit_s(self) -> float:
        return self._wrap_up_limit_s

    @wrap_up_limit_s.setter
    def wrap_up_limit_s(self, value: float) -> None:
        self._wrap_up_limit_s = value

    def wrap_up_remaining_s(self) -> float:
        """Seconds of wrap-up left (0 outside wrap-up), for the countdown."""
        if self._wrap_up_deadline is None:
            return 0.0
        return max(0.0, self._wrap_up_deadline - self._clock())

    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        self._listeners.remove(listener)

    # -- operator's requests ---------------------------------------------------
    def go_available(self) -> None:
        self._request(AgentState.AVAILABLE, None)

    def go_not_ready(self, reason: str) -> None:
        if reason not in NOT_READY_REASONS:
            raise TransitionNotAllowedError(f"Невідома причина «{reason}»: оберіть одну зі списку")
        if self._state is AgentState.ON_CALL or self._state is AgentState.WRAP_UP:
            # The call and its wrap-up are finished first.
            self._pending_not_ready = reason
            return
        self._request(AgentState.NOT_READY, reason)

    def go_offline(self) -> None:
        self._request(AgentState.OFFLINE, None)

    def finish_wrap_up(self) -> None:
        """The operator is done with the call's paperwork before the limit."""
        if self._state is not AgentState.WRAP_UP:
            raise TransitionNotAllowedError("Обробку після дзвінка вже завершено")
        self._leave_wrap_up()

    # -- call events -----------------------------------------------------------
    def call_started(self, call_id: str = "") -> None:
        if self._state is AgentState.OFFLINE:
            raise TransitionNotAllowedError("Оператор не в мережі: дзвінки недоступні")
        if self._state is AgentState.NOT_READY and self._pending_not_ready is None:
            # An outgoing call made while not ready returns to not ready afterwards.
            self._pending_not_ready = self._reason
        self._active_calls.add(call_id)
        if self._state is not AgentState.ON_CALL:
            self._change(AgentState.ON_CALL, None)

    def call_ended(self, call_id: str = "") -> None:
        self._active_calls.discard(call_id)
        if self._state is AgentState.ON_CALL and not self._active_calls:
            self._change(AgentState.WRAP_UP, None,
                         wrap_up_deadline=self._clock() + self._wrap_up_limit_s)

    def tick(self) -> None:
        """Ends wrap-up when its time is up; call it from a timer."""
        if (self._state is AgentState.WRAP_UP and self._wrap_up_deadline is not None
                and self._clock() >= self._wrap_up_deadline):
            self._leave_wrap_up()

    # -- internals -------------------------------------------------------------
    def _leave_wrap_up(self) -> None:
        pending, self._pending_not_ready = self._pending_not_ready, None
        if pending is not None:
            self._change(AgentState.NOT_READY, pending)
        else:
            self._change(AgentState.AVAILABLE, None)

    def _request(self, target: AgentState, reason: str | None) -> None:
        if target not in _MANUAL[self._state]:
            raise TransitionNotAllowedError(
                f"Не можна перейти зі стану «{state_name_uk(self._state)}» "
                f"у стан «{state_name_uk(target)}»")
        self._pending_not_ready = None
        self._change(target, reason)

    def _change(self, state: AgentState, reason: str | None,
                wrap_up_deadline: float | None = None) -> None:
        previous = self._state
        self._state, self._reason = state, reason
        self._since = self._clock()
        self._wrap_up_deadline = wrap_up_deadline
        change = StateChange(state, reason, previous, self._since, wrap_up_deadline)
        for listener in list(self._listeners):
            listener(change)
