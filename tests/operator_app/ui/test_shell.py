"""The window a sign-in opens follows the role; a user switches only to what the
role allows, never in the middle of a call."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kc1551_demo.embedded import ApiServerThread
from operator_app.config import AppConfig
from operator_app.ui.main_window import Workspace
from operator_app.ui.shell import BOARD, WORKLIST, WORKSPACE, DesktopShell
from operator_app.ui.worklist_window import WorklistWindow
from tests.operator_app.ui.conftest import new_phone, ringing_call, signed_in


@pytest.fixture
def shells(qtbot: Any, tmp_path: Path) -> Iterator[list[DesktopShell]]:
    made: list[DesktopShell] = []
    yield made
    for shell in made:
        for window in shell.windows.values():
            window.sessions.current_id = None
            window.close()
            window.runner.wait_done()


def shell_for(qtbot: Any, server: ApiServerThread, tmp_path: Path, username: str,
              made: list[DesktopShell]) -> tuple[DesktopShell, Any]:
    shell = DesktopShell(AppConfig(data_dir=tmp_path / username))
    made.append(shell)
    client, user = signed_in(server, username)
    window = shell.start(client, user)
    qtbot.addWidget(window)
    window.show()
    return shell, window


def window_menu_titles(window: Any) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def test_operator_gets_the_workspace_only(qtbot: Any, api_server: ApiServerThread,
                                          tmp_path: Path, shells: list[DesktopShell]) -> None:
    shell, window = shell_for(qtbot, api_server, tmp_path, "operator", shells)
    assert isinstance(window, Workspace)
    assert shell.allowed == (WORKSPACE,)
    assert "&Вікно" not in window_menu_titles(window)
    with pytest.raises(ValueError, match="may not open"):
        shell.show_window(WORKLIST)
    assert shell.current == WORKSPACE


def test_feedback_gets_the_worklist(qtbot: Any, api_server: ApiServerThread,
                                    tmp_path: Path, shells: list[DesktopShell]) -> None:
    shell, window = shell_for(qtbot, api_server, tmp_path, "feedback", shells)
    assert isinstance(window, WorklistWindow)
    assert shell.allowed == (WORKLIST,)
    assert WORKSPACE not in shell.windows
    with pytest.raises(ValueError, match="may not open"):
        shell.show_window(WORKSPACE)


def test_shift_lead_switches_between_workspace_and_worklist_but_not_during_a_call(
        qtbot: Any, api_server: ApiServerThread, tmp_path: Path,
        shells: list[DesktopShell]) -> None:
    shell, _board = shell_for(qtbot, api_server, tmp_path, "lead", shells)
    assert shell.current == BOARD  # a lead's first window is the live board
    window = shell.show_window(WORKSPACE)
    assert isinstance(window, Workspace)
    assert "&Вікно" in window_menu_titles(window)
    with qtbot.waitSignal(window.sig_pop_rendered, timeout=10000):
        window.on_ringing(ringing_call(new_phone()))
    assert shell.show_window(WORKLIST) is window  # refused: a call is on the line
    assert shell.current == WORKSPACE
    assert "дзвінок" in window.statusBar().currentMessage()

    window.sessions.current_id = None  # the call is gone
    window.go_ready()
    worklist = shell.show_window(WORKLIST)
    assert isinstance(worklist, WorklistWindow)
    assert shell.current == WORKLIST
    assert worklist.isVisible()
    assert not window.isVisible()
    # Away from the queue's window, the lead takes no queue calls.
    assert window.agent.state.value == "not_ready"
    assert window.agent.reason == "callbacks"
    assert shell.show_window(WORKSPACE) is window
    assert window.isVisible()


def test_central_settings_are_fetched_after_sign_in_kept_and_a_bad_answer_refused(
        qtbot: Any, api_server: ApiServerThread, tmp_path: Path,
        shells: list[DesktopShell]) -> None:
    from operator_app.config import AppConfig, load_config, load_provisioned

    admin, _ = signed_in(api_server, "admin")
    admin.request("PUT", "/provisioning/desktop/groups/hall-7",
                  json={"settings": {"desktop.wrap_up_limit_s": 50}})
    cfg = AppConfig(data_dir=tmp_path / "pc", group="hall-7")
    shell = DesktopShell(cfg)
    shells.append(shell)
    client, user = signed_in(api_server, "operator")
    with qtbot.waitSignal(shell.sig_provisioned, timeout=10000) as told:
        window = shell.start(client, user)
    qtbot.addWidget(window)
    assert "перезапуску" in told.args[0]
    assert load_provisioned(cfg.data_dir) == {"desktop.wrap_up_limit_s": "50"}
    # The next start applies the kept copy, whether or not the API answers then.
    machine = tmp_path / "desktop.ini"
    machine.write_text(f"[desktop]\ndata_dir = {cfg.data_dir}\n", encoding="utf-8")
    restarted = load_config(search_paths=(machine,), environ={})
    assert restarted.wrap_up_limit_s == 50
    assert restarted.origin_of("desktop.wrap_up_limit_s")[0] == "central provisioning"
    # A malformed answer is refused in words and the kept copy stays.
    with qtbot.waitSignal(shell.sig_provisioned, timeout=1000) as refused:
        shell._provisioned({"settings": {"sip.transport": "pigeon"}})
    assert refused.args[0].startswith("Централізовані налаштування відхилено")
    assert load_provisioned(cfg.data_dir) == {"desktop.wrap_up_limit_s": "50"}
    # The same settings again: nothing to say.
    with qtbot.waitSignal(shell.sig_provisioned, timeout=10000) as same:
        shell.fetch_provisioning()
    assert same.args[0] == ""


def test_an_upgrade_while_running_says_the_program_must_restart(
        qtbot: Any, api_server: ApiServerThread, tmp_path: Path,
        shells: list[DesktopShell]) -> None:
    stamp = tmp_path / "VERSION"
    stamp.write_text("0.1.0\n", encoding="utf-8")
    shell = DesktopShell(AppConfig(data_dir=tmp_path / "pc"), version_stamp=stamp)
    shells.append(shell)
    client, user = signed_in(api_server, "operator")
    window = shell.start(client, user)
    qtbot.addWidget(window)
    replacement = tmp_path / "VERSION.new"
    replacement.write_text("0.2.0\n", encoding="utf-8")
    with qtbot.waitSignal(shell.sig_updated, timeout=10000) as updated:
        replacement.replace(stamp)  # as dpkg installs a file: a new inode over the old
    assert updated.args[0] == "0.2.0"
    assert window.statusBar().currentMessage() == \
        "Програму оновлено до версії 0.2.0: перезапустіть її"
