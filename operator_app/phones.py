"""Ukrainian phone numbers to E.164 (+380XXXXXXXXX).

One rule set for the whole product: the API stores citizens' phones in this
form, the telephony engine turns SIP caller ids into it, and the desktop
formats what operators type. Pure Python, no Qt.
"""

from __future__ import annotations

import re

COUNTRY_CODE = "380"
KYIV_AREA_CODE = "44"
_NATIONAL_DIGITS = 9  # after +380: operator/area code + subscriber number
_SEPARATORS = re.compile(r"[\s\-().\u00a0/]")


class InvalidPhoneError(ValueError):
    """Raised with a message an operator can read (Ukrainian)."""


def normalize_phone(raw: str, default_area_code: str = KYIV_AREA_CODE) -> str:
    """Return the E.164 form of a Ukrainian number or raise InvalidPhoneError.

    Accepts +380…, 380…, 00380…, the trunk form 0XX…, the old 8 0XX… form and
    a bare 7-digit city number (taken as the default area, Kyiv's 044).
    """
    text = _SEPARATORS.sub("", raw or "")
    if not text:
        raise InvalidPhoneError("Номер телефону порожній")
    plus = text.startswith("+")
    digits = text[1:] if plus else text
    if not digits.isdigit():
        raise InvalidPhoneError(f"Номер телефону містить зайві символи: «{raw}»")
    if plus:
        if not digits.startswith(COUNTRY_CODE):
            raise InvalidPhoneError(f"Номер не український (очікується +380…): «{raw}»")
        national = digits[len(COUNTRY_CODE):]
    elif digits.startswith("00" + COUNTRY_CODE):
        national = digits[2 + len(COUNTRY_CODE):]
    elif digits.startswith(COUNTRY_CODE):
        national = digits[len(COUNTRY_CODE):]
    elif digits.startswith("80") and len(digits) == 11:
        national = digits[2:]
    elif digits.startswith("0") and len(digits) == 10:
        national = digits[1:]
    elif len(digits) == 7 and not digits.startswith("0"):
        national = default_area_code + digits
    else:
        raise InvalidPhoneError(f"Невірна довжина номера телефону: «{raw}»")
    if len(national) != _NATIONAL_DIGITS or national.startswith("0"):
        raise InvalidPhoneError(f"Невірний номер телефону: «{raw}»")
    return f"+{COUNTRY_CODE}{national}"


def try_normalize_phone(raw: str | None) -> str | None:
    """The E.164 form, or None for anything that is not a Ukrainian number."""
    if raw is None:
        return None
    try:
        return normalize_phone(raw)
    except InvalidPhoneError:
        return None


def format_phone(e164: str) -> str:
    """Human form for the screen: +380 44 123 45 67 (mobile: +380 67 123 45 67)."""
    if not (e164.startswith("+380") and len(e164) == 13):
        return e164
    n = e164[4:]
    return f"+380 {n[:2]} {n[2:5]} {n[5:7]} {n[7:]}"


def mask_phone(e164: str) -> str:
    """Personal data in logs: keep the operator code and the last two digits."""
    if len(e164) < 6:
        return "***"
    return e164[:6] + "*" * (len(e164) - 8) + e164[-2:]
