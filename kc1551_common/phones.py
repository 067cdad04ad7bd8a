"""Ukrainian phone numbers to E.164 (+380XXXXXXXXX), through libphonenumber's data.

One rule set for the whole product: the API stores citizens' phones in this
form, the telephony engine turns SIP caller ids into it, and the desktop
formats what operators type. The city's own habits come first (a bare 7-digit
number is a Kyiv one, 044; the old "8 0XX" trunk prefix), then `phonenumbers`
decides whether the number can exist at all.
"""

from __future__ import annotations

import re

import phonenumbers

COUNTRY_CODE = "380"
REGION = "UA"
KYIV_AREA_CODE = "44"
_SEPARATORS = re.compile(r"[\s\-().\u00a0/]")


class InvalidPhoneError(ValueError):
    """Raised with a message an operator can read (Ukrainian)."""


def _with_city_defaults(digits: str, plus: bool, default_area_code: str) -> str:
    """The Kyiv short forms written out in full, as +380… text for the parser."""
    if plus:
        return "+" + digits
    if digits.startswith("00"):
        return "+" + digits[2:]
    if digits.startswith(COUNTRY_CODE):
        return "+" + digits
    if digits.startswith("80") and len(digits) == 11:  # the old "8 0XX …" trunk form
        return "+3" + digits
    if len(digits) == 7 and not digits.startswith("0"):  # a city number: Kyiv's 044
        return f"+{COUNTRY_CODE}{default_area_code}{digits}"
    return digits  # the national 0XX… form: the parser applies the region


def normalize_phone(raw: str, default_area_code: str = KYIV_AREA_CODE) -> str:
    """Return the E.164 form of a Ukrainian number or raise InvalidPhoneError.

    Accepts +380…, 380…, 00380…, the trunk form 0XX…, the old 8 0XX… form and
    a bare 7-digit city number (taken as the default area, Kyiv's 044); the
    number must be one libphonenumber knows can exist in Ukraine.
    """
    text = _SEPARATORS.sub("", raw or "")
    if not text:
        raise InvalidPhoneError("Номер телефону порожній")
    plus = text.startswith("+")
    digits = text[1:] if plus else text
    if not digits.isdigit():
        raise InvalidPhoneError(f"Номер телефону містить зайві символи: «{raw}»")
    candidate = _with_city_defaults(digits, plus, default_area_code)
    if candidate.startswith(f"+{COUNTRY_CODE}0"):
        # libphonenumber would quietly drop that trunk 0; in +380 form it is a typo
        raise InvalidPhoneError(f"Невірний номер телефону: «{raw}»")
    try:
        parsed = phonenumbers.parse(candidate, REGION)
    except phonenumbers.NumberParseException:
        raise InvalidPhoneError(f"Невірний номер телефону: «{raw}»") from None
    if parsed.country_code != int(COUNTRY_CODE):
        raise InvalidPhoneError(f"Номер не український (очікується +380…): «{raw}»")
    if not phonenumbers.is_valid_number(parsed):
        reason = phonenumbers.is_possible_number_with_reason(parsed)
        if reason in (phonenumbers.ValidationResult.TOO_SHORT,
                      phonenumbers.ValidationResult.TOO_LONG,
                      phonenumbers.ValidationResult.INVALID_LENGTH):
            raise InvalidPhoneError(f"Невірна довжина номера телефону: «{raw}»")
        raise InvalidPhoneError(f"Такого номера в Україні немає: «{raw}»")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def try_normalize_phone(raw: str | None) -> str | None:
    """The E.164 form, or None for anything that is not a Ukrainian number."""
    if raw is None:
        return None
    try:
        return normalize_phone(raw)
    except InvalidPhoneError:
        return None


def format_phone(e164: str) -> str:
    """Human form for the screen, grouped as libphonenumber groups it
    (+380 44 123 4567, +380 67 123 4567, +380 3212 34567)."""
    try:
        parsed = phonenumbers.parse(e164, REGION)
    except phonenumbers.NumberParseException:
        return e164
    if not phonenumbers.is_valid_number(parsed):
        return e164
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def mask_phone(e164: str) -> str:
    """Personal data in logs: keep the operator code and the last two digits."""
    if len(e164) < 6:
        return "***"
    return e164[:6] + "*" * (len(e164) - 8) + e164[-2:]
