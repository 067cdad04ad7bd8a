from __future__ import annotations

import pytest

from operator_app.agent_state import (
    NOT_READY_REASONS,
    AgentState,
    AgentStateMachine,
    StateChange,
    TransitionNotAllowedError,
)


class ManualClock:
    """Time the test moves by hand, so wrap-up expiry needs no waiting."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def machine(clock: ManualClock) -> AgentStateMachine:
    return AgentStateMachine(wrap_up_limit_s=30, clock=clock)


def test_starts_offline_and_rings_only_when_available(machine: AgentStateMachine) -> None:
    assert machine.state is AgentState.OFFLINE
    assert not machine.should_ring
    machine.go_available()
    assert machine.should_ring
    machine.go_not_ready("break")
    assert machine.state is AgentState.NOT_READY
    assert machine.reason == "break"
    assert not machine.should_ring


def test_reasons_are_ukrainian() -> None:
    assert NOT_READY_REASONS == {"break": "Перерва", "training": "Навчання",
                                 "technical": "Технічна проблема", "meeting": "Нарада",
                                 "callbacks": "Зворотні дзвінки"}


def test_values_match_the_api() -> None:
    assert [s.value for s in AgentState] == [
        "available", "not_ready", "on_call", "wrap_up", "offline"]


def test_call_then_wrap_up_expires_back_to_available(
        machine: AgentStateMachine, clock: ManualClock) -> None:
    changes: list[StateChange] = []
    machine.add_listener(changes.append)
    machine.go_available()
    machine.call_started("c1")
    assert machine.state is AgentState.ON_CALL
    assert not machine.should_ring
    clock.now += 100
    machine.call_ended("c1")
    assert machine.state is AgentState.WRAP_UP
    assert machine.wrap_up_deadline == clock.now + 30
    clock.now += 29
    machine.tick()
    assert machine.state is AgentState.WRAP_UP
    assert machine.wrap_up_remaining_s() == pytest.approx(1)
    clock.now += 1
    machine.tick()
    assert machine.state is AgentState.AVAILABLE
    assert [c.state for c in changes] == [AgentState.AVAILABLE, AgentState.ON_CALL,
                                          AgentState.WRAP_UP, AgentState.AVAILABLE]
    assert changes[2].previous is AgentState.ON_CALL


def test_operator_finishes_wrap_up_early(machine: AgentStateMachine) -> None:
    machine.go_available()
    machine.call_started()
    machine.call_ended()
    machine.finish_wrap_up()
    assert machine.state is AgentState.AVAILABLE
    assert machine.wrap_up_remaining_s() == 0
    with pytest.raises(TransitionNotAllowedError, match="вже завершено"):
        machine.finish_wrap_up()


def test_not_ready_during_call_applies_after_wrap_up(
        machine: AgentStateMachine, clock: ManualClock) -> None:
    machine.go_available()
    machine.call_started("c1")
    machine.go_not_ready("meeting")
    assert machine.state is AgentState.ON_CALL
    assert machine.pending_not_ready == "meeting"
    machine.call_ended("c1")
    assert machine.state is AgentState.WRAP_UP
    clock.now += 30
    machine.tick()
    assert machine.state is AgentState.NOT_READY
    assert machine.reason == "meeting"
    assert machine.pending_not_ready is None


def test_two_calls_wrap_up_after_the_last(machine: AgentStateMachine) -> None:
    machine.go_available()
    machine.call_started("citizen")
    machine.call_started("consultation")
    machine.call_ended("consultation")
    assert machine.state is AgentState.ON_CALL
    machine.call_ended("citizen")
    assert machine.state is AgentState.WRAP_UP


def test_outgoing_call_while_not_ready_returns_to_not_ready(
        machine: AgentStateMachine) -> None:
    machine.go_not_ready("technical")
    machine.call_started()
    machine.call_ended()
    machine.finish_wrap_up()
    assert machine.state is AgentState.NOT_READY
    assert machine.reason == "technical"


def test_forbidden_changes_have_ukrainian_messages(machine: AgentStateMachine) -> None:
    with pytest.raises(TransitionNotAllowedError, match="не в мережі"):
        machine.call_started()
    machine.go_available()
    machine.call_started()
    with pytest.raises(TransitionNotAllowedError, match="Розмова"):
        machine.go_offline()
    with pytest.raises(TransitionNotAllowedError, match="Невідома причина"):
        machine.go_not_ready("lunch-with-friends")
    assert machine.state is AgentState.ON_CALL
