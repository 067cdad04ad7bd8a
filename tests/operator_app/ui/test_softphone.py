from pytestqt.qtbot import QtBot

from operator_app.telephony.models import RegistrationState, RegistrationStatus
from operator_app.ui.softphone import SoftphonePanel


def test_leaving_the_queue_is_not_shown_as_an_error(qtbot: QtBot) -> None:
    panel = SoftphonePanel()
    qtbot.addWidget(panel)
    panel.set_registration(RegistrationState("operator", RegistrationStatus.REGISTERED, 200))
    panel.set_registration(RegistrationState("queue", RegistrationStatus.REGISTERED, 200))
    assert "у черзі 1551" in panel.registration_label.text()

    panel.set_registration(RegistrationState("queue", RegistrationStatus.UNREGISTERED, 200))
    assert "поза чергою" in panel.registration_label.text()
    assert "помилка" not in panel.registration_label.text()

    panel.set_registration(
        RegistrationState("operator", RegistrationStatus.FAILED, 403, "Невірний пароль"))
    assert "403" in panel.registration_label.text()
    assert "Невірний пароль" in panel.registration_label.text()
