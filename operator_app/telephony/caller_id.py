"""SIP caller identity → E.164.

The PBX presents the citizen in P-Asserted-Identity (trusted) and From.
Display names, `tel:` and `sip:` URIs, `;user=phone` and the Ukrainian
national forms are all accepted; `anonymous`, `Privacy: id` and anything that
is not a Ukrainian phone number give None, so the screen pop says "withheld"
instead of searching for garbage. Pure Python, no pjsua2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kc1551_common.phones import try_normalize_phone

# RFC 3261 compact header names that callers may use.
_COMPACT_HEADERS = {"f": "From", "t": "To", "i": "Call-ID", "m": "Contact", "v": "Via"}
_NAME_ADDR = re.compile(
    r'^\s*(?:"(?P<quoted>(?:[^"\\]|\\.)*)"|(?P<token>[^<"]*?))\s*<(?P<uri>[^>]*)>'
)
_URI_USER = re.compile(r"^(?:sips?|tel):(?P<user>[^@;?>]*)", re.IGNORECASE)
_WITHHELD_USERS = {"anonymous", "restricted", "unknown", "unavailable", "private", ""}


@dataclass(frozen=True, slots=True)
class CallerId:
    number: str | None  # E.164, None when withheld or not a phone number
    display: str  # display name, else the raw user part
    uri: str


def parse_headers(whole_msg: str) -> dict[str, str]:
    """Header name → first value, names in canonical case, folded lines joined."""
    head = whole_msg.replace("\r\n", "\n").split("\n\n", 1)[0]
    lines = head.split("\n")[1:]  # the first line is the request/status line
    headers: dict[str, str] = {}
    last: str | None = None
    for line in lines:
        if line[:1] in (" ", "\t") and last is not None:
            headers[last] += " " + line.strip()
            continue
        name, sep, value = line.partition(":")
        if not sep:
            continue
        key = name.strip()
        key = _COMPACT_HEADERS.get(key.lower(), key)
        key = "-".join(part.capitalize() for part in key.split("-"))
        if key not in headers:
            headers[key] = value.strip()
            last = key
        else:
            last = None
    return headers


def split_name_addr(value: str) -> tuple[str, str]:
    """`"Name" <sip:u@h>;tag=x` → ("Name", "sip:u@h"); a bare URI has no name."""
    match = _NAME_ADDR.match(value)
    if match:
        quoted = match.group("quoted")
        display = quoted.replace('\\"', '"') if quoted is not None else match.group("token")
        return display.strip(), match.group("uri").strip()
    return "", value.split(";", 1)[0].strip()


def uri_user(uri: str) -> str:
    match = _URI_USER.match(uri.strip())
    return match.group("user") if match else ""


def _number_of(uri: str) -> str | None:
    user = uri_user(uri)
    if user.lower() in _WITHHELD_USERS:
        return None
    return try_normalize_phone(user)


def caller_id_from_headers(headers: dict[str, str]) -> CallerId:
    """P-Asserted-Identity first, then From; `Privacy: id` withholds the number."""
    from_display, from_uri = split_name_addr(headers.get("From", ""))
    withheld = "id" in {p.strip().lower() for p in headers.get("Privacy", "").split(";")}
    number: str | None = None
    display = from_display
    pai = headers.get("P-Asserted-Identity", "")
    for candidate in pai.split(",") if pai else ():
        pai_display, pai_uri = split_name_addr(candidate)
        number = _number_of(pai_uri)
        if number is not None:
            display = display or pai_display
            break
    if number is None:
        number = _number_of(from_uri)
    if withheld:
        number = None
    if not display:
        display = uri_user(from_uri)
    return CallerId(number=number, display=display, uri=from_uri)


def caller_id_from_uri(remote_uri: str) -> CallerId:
    """For outgoing calls and pjsua2's CallInfo.remoteUri (`"Name" <sip:...>`)."""
    return caller_id_from_headers({"From": remote_uri})


def extra_headers(headers: dict[str, str]) -> dict[str, str]:
    """Headers the desktop may show or store: X-* and the identity ones."""
    keep = {"P-Asserted-Identity", "Privacy", "Diversion", "History-Info", "Call-Info"}
    return {k: v for k, v in headers.items() if k.startswith("X-") or k in keep}
