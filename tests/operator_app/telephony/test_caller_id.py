import pytest

from operator_app.telephony.caller_id import (
    caller_id_from_headers,
    caller_id_from_uri,
    extra_headers,
    parse_headers,
    split_name_addr,
)

INVITE = (
    "INVITE sip:1551@10.0.0.5:5062 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1\r\n"
    'f: "Петренко Олена" <sip:0671234567@pbx.kyiv;user=phone>;tag=abc\r\n'
    "To: <sip:1551@pbx.kyiv>\r\n"
    "P-Asserted-Identity: <tel:+380441234567>,\r\n"
    " <sip:+380441234567@pbx.kyiv>\r\n"
    "x-queue: 1551\r\n"
    "Content-Length: 0\r\n"
    "\r\n"
)


def test_parse_headers_canonicalises_compact_and_case_and_folds_lines() -> None:
    headers = parse_headers(INVITE)
    assert headers["From"].startswith('"Петренко Олена"')
    assert headers["X-Queue"] == "1551"
    assert headers["P-Asserted-Identity"] == "<tel:+380441234567>, <sip:+380441234567@pbx.kyiv>"
    assert "INVITE sip" not in "".join(headers)


def test_pai_wins_over_from_and_display_comes_from_from() -> None:
    caller = caller_id_from_headers(parse_headers(INVITE))
    assert caller.number == "+380441234567"
    assert caller.display == "Петренко Олена"
    assert caller.uri == "sip:0671234567@pbx.kyiv;user=phone"


@pytest.mark.parametrize(
    ("from_value", "number"),
    [
        ("<sip:+380671234567@h>", "+380671234567"),
        ("sip:380671234567@h", "+380671234567"),
        ('"X" <sip:0441234567@h;user=phone>;tag=1', "+380441234567"),
        ("<sip:2345678@h>", "+380442345678"),  # a bare Kyiv city number
        ("<tel:+380 67 123-45-67>", "+380671234567"),
        ('"Anonymous" <sip:anonymous@anonymous.invalid>;tag=9', None),
        ("<sip:op1002@h>", None),  # an operator, not a phone number
        ("<sip:+12025550123@h>", None),  # not Ukrainian
        ("", None),
    ],
)
def test_from_forms(from_value: str, number: str | None) -> None:
    assert caller_id_from_headers({"From": from_value}).number == number


def test_privacy_id_withholds_even_an_asserted_number() -> None:
    caller = caller_id_from_headers(
        {"From": "<sip:+380671234567@h>", "P-Asserted-Identity": "<sip:+380671234567@h>",
         "Privacy": "id; critical"}
    )
    assert caller.number is None


def test_display_falls_back_to_user_part() -> None:
    assert caller_id_from_uri("<sip:+380671234567@h>").display == "+380671234567"


def test_split_name_addr_handles_escaped_quotes_and_bare_uri() -> None:
    assert split_name_addr('"A \\"B\\"" <sip:u@h>') == ('A "B"', "sip:u@h")
    assert split_name_addr("sip:u@h;tag=1") == ("", "sip:u@h")


def test_extra_headers_keeps_x_and_identity_headers_only() -> None:
    kept = extra_headers(parse_headers(INVITE))
    assert set(kept) == {"X-Queue", "P-Asserted-Identity"}
