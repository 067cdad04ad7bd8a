"""The TLS settings given to pjsip, and a refused certificate's flags in words.

The flags themselves come from pjsip against a real Kamailio in
test_engine_transports.py; here the ones the test PBX cannot produce
(an expired or revoked certificate, several at once).
"""

from __future__ import annotations

from pathlib import Path

import pjsua2 as pj
import pytest

from operator_app.telephony.config import SipConfig, SipTransport
from operator_app.telephony.tls import (
    CA_HINT,
    RENEW_HINT,
    CertificateCheck,
    ca_list_file,
    certificate_failure,
    configure_tls,
    is_verify_failure,
    system_ca_bundle,
    uri_host,
)


def config(**overrides: object) -> SipConfig:
    return SipConfig(registrar="sip:pbx.example:5061", user="op1001", password="x",
                     transport=SipTransport.TLS, **overrides)  # type: ignore[arg-type]


def test_configured_ca_file_is_used_and_verification_is_on(tmp_path: Path) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n", "ascii")
    tls = pj.TlsConfig()
    configure_tls(tls, config(tls_ca_file=str(ca)))
    assert tls.CaListFile == str(ca)
    assert tls.verifyServer is True
    assert tls.proto == pj.PJ_SSL_SOCK_PROTO_TLS1_2 | pj.PJ_SSL_SOCK_PROTO_TLS1_3


def test_without_a_ca_file_the_system_store_is_trusted() -> None:
    bundle = system_ca_bundle()
    assert bundle, "no system CA bundle found on this machine"
    assert ca_list_file(config()) == bundle


def test_a_missing_ca_file_is_named() -> None:
    with pytest.raises(ValueError, match=r"\(CA\) не знайдено: /nowhere/ca\.pem"):
        ca_list_file(config(tls_ca_file="/nowhere/ca.pem"))


def test_expired_certificate() -> None:
    check = CertificateCheck(int(pj.PJ_SSL_CERT_EVALIDITY_PERIOD), "pbx.example", "City CA")
    assert certificate_failure(check, "pbx.example") == (
        "Сертифікат АТС не пройшов перевірку: строк дії сертифіката минув або ще не настав "
        f"(перевірте також дату й час на комп'ютері) — {RENEW_HINT}")


def test_several_problems_are_all_named_once_each_hint() -> None:
    status = (pj.PJ_SSL_CERT_EUNTRUSTED | pj.PJ_SSL_CERT_EIDENTITY_NOT_MATCH
              | pj.PJ_SSL_CERT_EISSUER_NOT_FOUND | pj.PJ_SSL_CERT_ECRL_FAILURE)
    check = CertificateCheck(status & 0xFFFFFFFF, "old.example", "Old CA",
                             names=("old.example", "10.0.0.9"))
    reason = certificate_failure(check, "pbx.example")
    assert "не підписаний довіреним центром сертифікації (видавець «Old CA»)" in reason
    assert "ім'я в сертифікаті (old.example, 10.0.0.9) не збігається з адресою АТС " \
           "«pbx.example»" in reason
    assert "не вдалося перевірити список відкликаних сертифікатів" in reason
    assert reason.count(CA_HINT) == 1


def test_unknown_flag_and_no_details_still_say_what_to_check() -> None:
    unknown = CertificateCheck(int(pj.PJ_SSL_CERT_EUNKNOWN) & 0xFFFFFFFF)
    assert certificate_failure(unknown, "pbx") == (
        f"Сертифікат АТС не пройшов перевірку: невідома помилка перевірки — {CA_HINT}")
    assert certificate_failure(None, "pbx") == (
        f"Сертифікат АТС не пройшов перевірку — {CA_HINT}")


def test_registration_reason_of_a_refused_certificate_is_recognised() -> None:
    assert is_verify_failure("SSL certificate verification error (PJSIP_TLS_ECERTVERIF)")
    assert not is_verify_failure("Connection refused")


@pytest.mark.parametrize(("uri", "host"), [
    ("sip:pbx.example:5061;transport=tls;lr", "pbx.example"),
    ("<sips:proxy@10.1.2.3>", "10.1.2.3"),
    ("sip:[2001:db8::1]:5061", "2001:db8::1"),
])
def test_uri_host(uri: str, host: str) -> None:
    assert uri_host(uri) == host
