"""What the engine needs to know to register an operator."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

# SIP passwords for the helper processes (the line simulator, the console
# softphone) travel in their environment, which other users cannot read, not on
# the command line, which `ps` shows everyone. --password still works for a human.
PASSWORD_ENV = "KC1551_SIP_PASSWORD"
GATEWAY_PASSWORD_ENV = "KC1551_SIP_GATEWAY_PASSWORD"


class SipTransport(enum.StrEnum):
    UDP = "udp"
    TCP = "tcp"
    TLS = "tls"


@dataclass(frozen=True, slots=True)
class SipConfig:
    registrar: str  # "sip:pbx.example:5060"
    user: str  # operator's SIP user (op1001), also the digest auth user
    password: str = field(repr=False)
    transport: SipTransport = SipTransport.UDP
    proxy: str = ""  # outbound proxy URI, empty = send straight to the registrar
    realm: str = "*"  # "*" answers any realm the PBX asks for
    domain: str = ""  # AoR domain; empty = the registrar's host
    expires_s: int = 300
    queue_aor: str = "1551"  # the ring group an operator joins when ready
    ready: bool = False  # join the queue at start
    local_port: int = 0  # 0 = any free port
    auto_answer_s: float | None = None
    # pjsip retries a failed registration after 300 s by default: far too late.
    retry_interval_s: int = 2
    keepalive_s: float = 2.0  # OPTIONS to the PBX, to notice it is gone / back
    keepalive_timeout_s: float = 1.5
    stats_interval_s: float = 2.0
    # The system's default sound devices unless told; the null device opens
    # none (tests, servers, the simulated line).
    null_audio: bool = False
    capture_device: str = ""  # a name from audio_devices(); empty = system default
    playback_device: str = ""
    ring_device: str = ""  # where the ringtone sounds; empty = the playback device
    echo_cancellation: bool = True  # pjmedia's (Speex) canceller on the sound device
    noise_suppression: bool = True
    # TLS: the PBX's certificate must chain to a trusted CA and name the host the
    # phone connects to; off only as IT's explicit choice (a lab PBX, self-signed).
    tls_verify_server: bool = True
    tls_ca_file: str = ""  # PEM CA bundle to trust; empty = the system's CA store
    srtp: bool = True  # over TLS, calls are refused without SRTP (SDES keys ride in TLS)
    user_agent: str = "kc1551-operator"

    @property
    def registrar_hostport(self) -> tuple[str, int]:
        """Host and port of the registrar URI (5060, or 5061 for TLS, when absent)."""
        rest = self.registrar.split(":", 1)[1] if ":" in self.registrar else self.registrar
        rest = rest.split(";", 1)[0].split("@")[-1]
        host, _, port = rest.partition(":")
        default = 5061 if self.transport is SipTransport.TLS else 5060
        return host, int(port) if port else default

    @property
    def aor_domain(self) -> str:
        return self.domain or self.registrar_hostport[0]
