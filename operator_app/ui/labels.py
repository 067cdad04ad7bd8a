"""Words for the API's machine values (statuses, services), translatable.

Written out call by call so that pyside6-lupdate finds every source string.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("Labels", text)


def appeal_status(status: str) -> str:
    words = {
        "registered": QCoreApplication.translate("Labels", "Зареєстровано"),
        "in_work": QCoreApplication.translate("Labels", "В роботі"),
        "awaiting_verification": QCoreApplication.translate("Labels", "На перевірці"),
        "closed": QCoreApplication.translate("Labels", "Закрито"),
        "cancelled": QCoreApplication.translate("Labels", "Скасовано"),
    }
    return words.get(status, status)


def verification_outcome(outcome: str) -> str:
    words = {
        "confirmed": QCoreApplication.translate("Labels", "підтверджено"),
        "not_solved": QCoreApplication.translate("Labels", "не вирішено"),
        "no_answer": QCoreApplication.translate("Labels", "не відповідає"),
        "busy": QCoreApplication.translate("Labels", "зайнято"),
        "wrong_number": QCoreApplication.translate("Labels", "хибний номер"),
        "callback_scheduled": QCoreApplication.translate("Labels", "домовились передзвонити"),
        "lead_retry": QCoreApplication.translate("Labels", "старший зміни: ще раз"),
        "lead_rework": QCoreApplication.translate("Labels", "старший зміни: на доопрацювання"),
        "lead_close": QCoreApplication.translate("Labels", "старший зміни: закрито"),
        "lead_cancel": QCoreApplication.translate("Labels", "старший зміни: скасовано"),
    }
    return words.get(outcome, outcome)


def service_name(service: str) -> str:
    words = {
        "hot_water": QCoreApplication.translate("Labels", "Гаряча вода"),
        "cold_water": QCoreApplication.translate("Labels", "Холодна вода"),
        "heating": QCoreApplication.translate("Labels", "Опалення"),
        "electricity": QCoreApplication.translate("Labels", "Електропостачання"),
        "lift": QCoreApplication.translate("Labels", "Ліфт"),
    }
    return words.get(service, service)


def outage_kind(kind: str) -> str:
    if kind == "planned_works":
        return QCoreApplication.translate("Labels", "Планові роботи")
    return QCoreApplication.translate("Labels", "Аварійне відключення")


def short_time(iso: str | None) -> str:
    """'2026-11-23T10:00:00+02:00' -> '23.11.2026 10:00' in local time; '' for None."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%d.%m.%Y %H:%M")


def short_date(iso: str | None) -> str:
    """'2026-11-23T10:00:00+02:00' -> '23.11.2026' (local date); '' for None."""
    return short_time(iso)[:10]


def mm_ss(seconds: float) -> str:
    total = max(0, int(seconds))
    return f"{total // 60:02d}:{total % 60:02d}"
