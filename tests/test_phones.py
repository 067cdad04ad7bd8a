import pytest

from kc1551_common.phones import (
    InvalidPhoneError,
    format_phone,
    mask_phone,
    normalize_phone,
    try_normalize_phone,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+380441234567", "+380441234567"),
        ("380671234567", "+380671234567"),
        ("00380671234567", "+380671234567"),
        ("0441234567", "+380441234567"),
        ("(044) 123-45-67", "+380441234567"),
        ("8 067 123 45 67", "+380671234567"),
        ("1234567", "+380441234567"),
        ("+38 (050) 123 45 67", "+380501234567"),
    ],
)
def test_ukrainian_forms_become_e164(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["", "1551", "+12025550123", "04412345678", "044-ABC-45-67",
                                 "+3800441234567", "0041234567",
                                 # nine digits, but no such operator or area code
                                 "+380111234567", "0121234567"])
def test_bad_numbers_are_refused_with_a_reason(raw: str) -> None:
    with pytest.raises(InvalidPhoneError) as err:
        normalize_phone(raw)
    assert str(err.value)
    assert try_normalize_phone(raw) is None


def test_format_and_mask() -> None:
    assert format_phone("+380441234567") == "+380 44 123 4567"
    assert format_phone("+380321234567") == "+380 3212 34567"  # Lviv oblast: a 4-digit code
    assert format_phone("not a number") == "not a number"
    assert mask_phone("+380441234567") == "+38044*****67"
