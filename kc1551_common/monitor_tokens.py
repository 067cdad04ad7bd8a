"""A shift lead's permission to listen to one operator's call, as a token.

The API signs it; the operator's desktop checks it while the lead's INVITE waits
(operator_app/telephony/monitor.py), with no network. Each operator's desktop is
given only its own key, derived from the API's secret and the operator's API
username, so a desktop's key lets it sign tokens for nobody's calls but its own.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from typing import Protocol

DEFAULT_TOKEN_TTL_S = 60.0  # a token starts a session; the session may last longer


def operator_key(secret: bytes, username: str) -> bytes:
    """The key one operator's desktop verifies with (and the API signs for it)."""
    return hmac.new(secret, b"kc1551-monitor\n" + username.encode(), hashlib.sha256).digest()


class TokenClaims(Protocol):
    """What the desktop knows of a request: who calls, whom, with which token."""

    @property
    def lead(self) -> str: ...  # the SIP user the INVITE comes from

    @property
    def operator(self) -> str: ...  # this desktop's own SIP user

    @property
    def token(self) -> str: ...


class MonitorTokens:
    """HMAC-SHA256 tokens naming the lead's and the operator's SIP users and an
    expiry; `verify` serves as the engine's monitor verifier."""

    def __init__(self, key: bytes, ttl_s: float = DEFAULT_TOKEN_TTL_S) -> None:
        if not key:
            raise ValueError("an empty key signs nothing")
        self._key = key
        self.ttl_s = ttl_s

    def _sign(self, payload: bytes) -> str:
        return hmac.new(self._key, payload, hashlib.sha256).hexdigest()

    def issue(self, lead: str, operator: str, now: float | None = None) -> str:
        expires = int((time.time() if now is None else now) + self.ttl_s)
        payload = f"{lead}\n{operator}\n{expires}".encode()
        return base64.urlsafe_b64encode(payload).decode().rstrip("=") + "." + self._sign(payload)

    def verify(self, request: TokenClaims) -> bool:
        encoded, _, signature = request.token.partition(".")
        try:
            payload = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        except ValueError:
            return False
        if not hmac.compare_digest(self._sign(payload), signature):
            return False
        fields = payload.decode(errors="replace").split("\n")
        if len(fields) != 3:
            return False
        lead, operator, expires = fields
        return (lead == request.lead and operator == request.operator
                and expires.isdigit() and int(expires) >= time.time())
