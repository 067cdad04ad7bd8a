"""SIP over TLS: which certificate authorities the phone trusts, a refused PBX
certificate in words an operator or IT can act on, and whether a call's sound
is encrypted (SRTP).

pjsip checks the PBX's certificate itself when verification is on: the chain
against the CA list (`TlsConfig.CaListFile`; pjsip loads no system store on
its own, so the system bundle is named here) and the name against the host
the phone connects to (SubjectAltName DNS/IP, else the CN). A refused
certificate closes the connection; `Endpoint.onTransportState` then carries
the verification flags (`TlsInfo.verifyStatus`), and the registration fails
with 503 "SSL certificate verification error (PJSIP_TLS_ECERTVERIF)" a moment
later. `certificate_failure` turns the flags into the registration's reason.
"""

from __future__ import annotations

import os
import re
import ssl
from dataclasses import dataclass
from typing import Any

import pjsua2 as pj

from operator_app.telephony.config import SipConfig

# Where distributions keep the system's CA bundle (PEM), first match wins.
SYSTEM_CA_BUNDLES = (
    "/etc/ssl/certs/ca-certificates.crt",  # Debian, Ubuntu, Astra, Alt
    "/etc/pki/tls/certs/ca-bundle.crt",  # Fedora, RHEL, RED OS
    "/etc/ssl/ca-bundle.pem",  # openSUSE
    "/etc/ssl/cert.pem",  # Alpine, BSDs
)
TLS_VERIFY_FAILED = 171173  # PJSIP_TLS_ECERTVERIF: pjsip refused the server's certificate
_VERIFY_FAILED_TAG = "PJSIP_TLS_ECERTVERIF"
_ALL_FLAGS = 0xFFFFFFFF

CA_HINT = "перевірте налаштування TLS (файл CA)"
NAME_HINT = "перевірте адресу АТС у налаштуваннях: вона має бути такою, як у сертифікаті"
RENEW_HINT = "сертифікат АТС треба замінити (зверніться до адміністратора АТС)"


def system_ca_bundle() -> str:
    """The system's CA bundle file, or "" when none is found."""
    candidates = [ssl.get_default_verify_paths().cafile or "", *SYSTEM_CA_BUNDLES]
    return next((path for path in candidates if path and os.path.isfile(path)), "")


def ca_list_file(config: SipConfig) -> str:
    """The CA file to trust: the configured one (it must be readable), else the system's."""
    if not config.tls_ca_file:
        return system_ca_bundle()
    path = os.path.expanduser(config.tls_ca_file)
    if not os.path.isfile(path):
        raise ValueError(f"файл сертифіката центру сертифікації (CA) не знайдено: {path}")
    if not os.access(path, os.R_OK):
        raise ValueError(f"файл сертифіката центру сертифікації (CA) не читається: {path}")
    return path


TLS_HANDSHAKE_TIMEOUT_MS = 5000


def configure_tls(tls_config: Any, config: SipConfig) -> None:
    """Fill a pjsua2 TlsConfig: TLS 1.2 or newer, the CA list, verification of the PBX."""
    tls_config.CaListFile = ca_list_file(config)
    # proto wins over method when set; TLS 1.0/1.1 are refused.
    tls_config.proto = pj.PJ_SSL_SOCK_PROTO_TLS1_2 | pj.PJ_SSL_SOCK_PROTO_TLS1_3
    # On: a certificate that fails the chain or the name check closes the connection.
    tls_config.verifyServer = config.tls_verify_server
    # A port that accepts TCP but speaks no TLS would hold the handshake (and the
    # registration) for the transaction's 32 s.
    tls_config.msecTimeout = TLS_HANDSHAKE_TIMEOUT_MS


# ------------------------------------------------------------ a refused certificate
@dataclass(frozen=True, slots=True)
class CertificateCheck:
    """What pjsip found about the PBX's certificate (from TlsInfo)."""

    verify_status: int  # PJ_SSL_CERT_E* flags; 0 = passed
    subject: str = ""  # the certificate's CN
    issuer: str = ""  # its issuer's CN
    names: tuple[str, ...] = ()  # SubjectAltName entries
    messages: tuple[str, ...] = ()  # pjsip's own English words, for the log

    @classmethod
    def from_tls_info(cls, info: Any) -> CertificateCheck:
        cert = info.remoteCertInfo
        return cls(
            verify_status=int(info.verifyStatus) & _ALL_FLAGS,
            subject=str(cert.subjectCn),
            issuer=str(cert.issuerCn),
            names=tuple(str(entry.name) for entry in cert.subjectAltName),
            messages=tuple(str(message) for message in info.verifyMsgs),
        )

    @property
    def self_signed(self) -> bool:
        return bool(self.subject) and self.subject == self.issuer


def _flag(name: str) -> int:
    return int(getattr(pj, name)) & _ALL_FLAGS


# The flags whose words need nothing of the certificate itself.
_PLAIN_PROBLEMS = (
    ("PJ_SSL_CERT_EVALIDITY_PERIOD", "строк дії сертифіката минув або ще не настав "
     "(перевірте також дату й час на комп'ютері)", RENEW_HINT),
    ("PJ_SSL_CERT_EREVOKED", "сертифікат відкликано", RENEW_HINT),
    ("PJ_SSL_CERT_EINVALID_PURPOSE", "сертифікат не призначений для сервера TLS", RENEW_HINT),
    ("PJ_SSL_CERT_EISSUER_MISMATCH", "підпис сертифіката не відповідає його видавцю", CA_HINT),
    ("PJ_SSL_CERT_EINVALID_FORMAT", "сертифікат пошкоджений або має неправильний формат",
     RENEW_HINT),
    ("PJ_SSL_CERT_ECRL_FAILURE", "не вдалося перевірити список відкликаних сертифікатів",
     CA_HINT),
    ("PJ_SSL_CERT_ECHAIN_TOO_LONG", "ланцюжок сертифікатів задовгий", RENEW_HINT),
    ("PJ_SSL_CERT_EWEAK_SIGNATURE", "сертифікат підписаний застарілим (слабким) алгоритмом",
     RENEW_HINT),
)


def certificate_problems(check: CertificateCheck, host: str) -> list[tuple[str, str]]:
    """(what is wrong, what to do) for each flag pjsip raised, in Ukrainian."""
    status = check.verify_status
    found: list[tuple[str, str]] = []
    if status & (_flag("PJ_SSL_CERT_EUNTRUSTED") | _flag("PJ_SSL_CERT_EISSUER_NOT_FOUND")):
        if check.self_signed:
            found.append(("сертифікат самопідписаний, його не видав довірений центр "
                          "сертифікації", CA_HINT))
        else:
            issuer = f" (видавець «{check.issuer}»)" if check.issuer else ""
            found.append((f"сертифікат не підписаний довіреним центром сертифікації{issuer}",
                          CA_HINT))
    if status & _flag("PJ_SSL_CERT_EIDENTITY_NOT_MATCH"):
        names = ", ".join(check.names) or check.subject or "—"
        found.append((f"ім'я в сертифікаті ({names}) не збігається з адресою АТС «{host}»",
                      NAME_HINT))
    for name, words, hint in _PLAIN_PROBLEMS:
        if status & _flag(name):
            found.append((words, hint))
    if not found:
        found.append(("невідома помилка перевірки", CA_HINT))
    return found


def certificate_failure(check: CertificateCheck | None, host: str) -> str:
    """The registration's reason when the PBX's certificate was refused."""
    if check is None:
        return f"Сертифікат АТС не пройшов перевірку — {CA_HINT}"
    problems = certificate_problems(check, host)
    hints = list(dict.fromkeys(hint for _, hint in problems))
    return (f"Сертифікат АТС не пройшов перевірку: {'; '.join(what for what, _ in problems)}"
            f" — {'; '.join(hints)}")


def is_verify_failure(reason: str) -> bool:
    """A registration (or request) failed because pjsip refused the certificate."""
    return _VERIFY_FAILED_TAG in reason


def uri_host(uri: str) -> str:
    """The host part of a SIP URI (what pjsip checks the certificate's name against)."""
    rest = re.sub(r"^sips?:", "", uri.strip().strip("<>")).split(";", 1)[0].split("@")[-1]
    if rest.startswith("["):
        return rest[1:].split("]", 1)[0]
    return rest.split(":", 1)[0]


# ------------------------------------------------------------------ SRTP in a call
@dataclass(frozen=True, slots=True)
class MediaSecurity:
    """How a call's sound travels, read from pjsua's own media transport."""

    proto: str  # the SDP transport the stream was negotiated with: "RTP/SAVP", "RTP/AVP"
    srtp_active: bool  # the SRTP transport encrypts and decrypts this stream
    crypto_suite: str = ""  # e.g. AES_CM_128_HMAC_SHA1_80

    @property
    def encrypted(self) -> bool:
        return self.srtp_active and self.proto.startswith(("RTP/SAVP", "UDP/TLS"))


_PROTO_NAMES = {
    "PJMEDIA_TP_PROTO_RTP_AVP": "RTP/AVP",
    "PJMEDIA_TP_PROTO_RTP_SAVP": "RTP/SAVP",
    "PJMEDIA_TP_PROTO_RTP_AVPF": "RTP/AVPF",
    "PJMEDIA_TP_PROTO_RTP_SAVPF": "RTP/SAVPF",
    "PJMEDIA_TP_PROTO_DTLS_SRTP": "UDP/TLS/RTP/SAVP",
    "PJMEDIA_TP_PROTO_DTLS_SRTPF": "UDP/TLS/RTP/SAVPF",
}
_SRTP_LINE = re.compile(r"SRTP status: (Active|Not active) Crypto-suite: (\S*)")


def media_security(call: Any, index: int) -> MediaSecurity:
    """The audio stream `index` of a pjsua2 Call: its SDP profile and, from pjsua's
    call dump (the SRTP transport's own state), whether SRTP is active. On the
    thread that owns the call."""
    proto = int(call.getStreamInfo(index).proto)
    name = next((text for const, text in _PROTO_NAMES.items()
                 if int(getattr(pj, const, -1)) == proto), f"proto {proto}")
    found = _SRTP_LINE.search(call.dump(True, ""))
    if found is None:
        return MediaSecurity(name, False)
    return MediaSecurity(name, found.group(1) == "Active", found.group(2))
