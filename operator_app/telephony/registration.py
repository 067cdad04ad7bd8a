"""The operator's two bindings at the PBX, and the watch that keeps them true.

The operator account registers the operator's own AoR (direct calls, the
feedback department's callbacks); the queue account binds the operator to the
1551 ring group only while the operator is ready. The keep-alive watch
(`keepalive.py`) notices a PBX that is gone, back, or restarted unnoticed, and
this module re-registers both.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any

import pjsua2 as pj

from operator_app.telephony.config import SipConfig, SipTransport
from operator_app.telephony.keepalive import KeepAlive
from operator_app.telephony.models import RegistrationState, RegistrationStatus
from operator_app.telephony.owner import OwnerLoop
from operator_app.telephony.tls import (
    TLS_VERIFY_FAILED,
    CertificateCheck,
    certificate_failure,
    is_verify_failure,
    uri_host,
)

log = logging.getLogger(__name__)

OPERATOR_ACCOUNT = "operator"
QUEUE_ACCOUNT = "queue"
_UNREGISTER_WAIT_S = 1.0
PJ_EINVALIDOP = 70013  # pj_errno.h: PJ_ERRNO_START_STATUS + 13


def registration_reason(code: int, pj_reason: str = "") -> str:
    """The registrar's answer in words an operator or IT can act on."""
    if 200 <= code < 300:
        return "Зареєстровано"
    if code in (401, 403, 407):
        return f"Невірний логін або пароль оператора (SIP {code})"
    if code == 404:
        return "Такого користувача немає на АТС (SIP 404)"
    if code in (408, 502, 503, 504) or code == 0 or code >= 700:
        return f"АТС недоступна: немає відповіді або немає зв'язку (SIP {code})"
    return f"АТС відхилила реєстрацію: {pj_reason or 'невідома причина'} (SIP {code})"


def ready_failure(ready: bool) -> str:
    """set_ready's failure for the operator: no pjsip codes, what happened and what to do."""
    if ready:
        return ("Не вдалося стати в чергу 1551: АТС не прийняла запит. "
                "Дзвінки з черги не надходитимуть; спробуйте «Готовий» ще раз")
    return ("Не вдалося вийти з черги 1551: АТС не прийняла запит. "
            "Дзвінки з черги ще можуть надходити; спробуйте ще раз")


def uri_params(transport: SipTransport) -> str:
    return "" if transport is SipTransport.UDP else f";transport={transport.value}"


class PjAccount(pj.Account):
    """pjsua2's callbacks of one account, handed to their owners."""

    def __init__(self, owner: Registrations, name: str) -> None:
        super().__init__()
        self._owner = owner
        self.name = name

    def onRegStarted(self, prm: Any) -> None:
        OwnerLoop.guarded(self._owner.on_reg_started, self, bool(prm.renew))

    def onRegState(self, prm: Any) -> None:
        OwnerLoop.guarded(self._owner.on_reg_state, self, int(prm.code), str(prm.reason),
                          int(prm.expiration))

    def onIncomingCall(self, prm: Any) -> None:
        OwnerLoop.guarded(self._owner.on_incoming_call, self, prm)

    def onSendRequest(self, prm: Any) -> None:
        keepalive = self._owner.keepalive
        if keepalive is not None:
            OwnerLoop.guarded(keepalive.on_response, prm)


class Registrations:
    """Owner-thread object: creates the accounts, tracks and restores their state."""

    def __init__(self, loop: OwnerLoop, *,
                 on_state: Callable[[RegistrationState], None],
                 on_rtt: Callable[[float], None],
                 on_incoming_call: Callable[[PjAccount, Any], None],
                 on_ip_change: Callable[[], None],
                 emit_error: Callable[[str], None]) -> None:
        self._loop = loop
        self._on_state = on_state
        self._on_rtt = on_rtt
        self.on_incoming_call = on_incoming_call
        self._on_ip_change = on_ip_change
        self._emit_error = emit_error
        self._config: SipConfig | None = None
        self.accounts: dict[str, PjAccount] = {}
        self.status: dict[str, RegistrationStatus] = {}
        self.keepalive: KeepAlive | None = None
        self.ready = False
        # A REGISTER (or un-REGISTER) of the queue account is in flight: pjsip refuses
        # another one until it completes (PJSIP_EBUSY), so set_ready waits for it.
        self._queue_in_flight = False
        self._queue_last_renew: bool | None = None  # what that last transaction asked
        # The words for the PBX's refused TLS certificate, while the refusal stands.
        self.tls_failure: str | None = None

    def start(self, config: SipConfig, transport_id: int) -> None:
        self._config = config
        self.ready = config.ready
        self._add(OPERATOR_ACCOUNT, config.user, True, transport_id)
        self._add(QUEUE_ACCOUNT, config.queue_aor, config.ready, transport_id)
        self.keepalive = KeepAlive(
            config, self._loop, on_rtt=self._on_rtt, on_lost=self._pbx_lost,
            on_back=self._reregister, on_binding_missing=self._binding_missing,
            on_address_changed=self._on_ip_change)
        self.keepalive.start(self.accounts[OPERATOR_ACCOUNT])

    def _add(self, name: str, user: str, register: bool, transport_id: int) -> None:
        assert self._config is not None
        cfg = self._config
        params = uri_params(cfg.transport)
        acc_cfg = pj.AccountConfig()
        acc_cfg.idUri = f"sip:{user}@{cfg.aor_domain}"
        acc_cfg.regConfig.registrarUri = cfg.registrar + params
        acc_cfg.regConfig.registerOnAdd = register
        acc_cfg.regConfig.timeoutSec = cfg.expires_s
        acc_cfg.regConfig.retryIntervalSec = cfg.retry_interval_s
        acc_cfg.regConfig.firstRetryIntervalSec = 1
        acc_cfg.regConfig.randomRetryIntervalSec = 0
        acc_cfg.regConfig.unregWaitMsec = 1000
        # A call must survive a registration hiccup: the PBX may be back in seconds.
        acc_cfg.regConfig.dropCallsOnFail = False
        if cfg.proxy:
            acc_cfg.sipConfig.proxies.append(cfg.proxy + params)
        acc_cfg.sipConfig.transportId = transport_id
        # Digest auth user is always the operator, also for the 1551 queue binding.
        acc_cfg.sipConfig.authCreds.append(
            pj.AuthCredInfo("digest", cfg.realm, cfg.user, 0, cfg.password))
        # The PBX sits on the contact centre's LAN: no NAT rewriting, which would
        # add a second REGISTER round and re-registrations of its own.
        acc_cfg.natConfig.contactRewriteUse = 0
        acc_cfg.natConfig.viaRewriteUse = 0
        acc_cfg.natConfig.sdpNatRewriteUse = 0
        acc_cfg.natConfig.udpKaIntervalSec = 0  # the OPTIONS keep-alive does it
        acc_cfg.mediaConfig.transportConfig.boundAddress = ""
        if cfg.transport is SipTransport.TLS and cfg.srtp:
            # Calls carry citizens' personal data: no clear RTP over a TLS line.
            acc_cfg.mediaConfig.srtpUse = pj.PJMEDIA_SRTP_MANDATORY
            acc_cfg.mediaConfig.srtpSecureSignaling = 1
        account = PjAccount(self, name)
        self.status[name] = RegistrationStatus.UNREGISTERED
        account.create(acc_cfg)
        self.accounts[name] = account

    # ------------------------------------------------------------------ state
    def _set(self, name: str, status: RegistrationStatus, code: int, reason: str,
             expires: int = 0) -> None:
        self.status[name] = status
        self._on_state(RegistrationState(name, status, code, reason, expires))

    def on_reg_started(self, account: PjAccount, renew: bool) -> None:
        if account.name == QUEUE_ACCOUNT:
            self._queue_in_flight = True
            self._queue_last_renew = renew
        if renew and self.status.get(account.name) is not RegistrationStatus.REGISTERED:
            self._set(account.name, RegistrationStatus.REGISTERING, 0, "Реєстрація…")

    def on_reg_state(self, account: PjAccount, code: int, reason: str, expires: int) -> None:
        self._report_reg_state(account, code, reason, expires)
        if account.name == QUEUE_ACCOUNT:
            self._queue_in_flight = False
            self._apply_ready()  # the operator may have changed their mind meanwhile

    def _report_reg_state(self, account: PjAccount, code: int, reason: str,
                          expires: int) -> None:
        if 200 <= code < 300:
            if expires > 0:
                self._set(account.name, RegistrationStatus.REGISTERED, code,
                          registration_reason(code), expires)
            else:
                self._set(account.name, RegistrationStatus.UNREGISTERED, code,
                          "Реєстрацію знято")
            return
        if self._config is not None and self._config.transport is SipTransport.TLS and (
                is_verify_failure(reason) or self.tls_failure is not None):
            self._set(account.name, RegistrationStatus.FAILED, code,
                      self.tls_failure or certificate_failure(None, self._tls_host()))
            return
        self._set(account.name, RegistrationStatus.FAILED, code,
                  registration_reason(code, reason))

    def on_transport_state(self, prm: Any) -> None:
        """Endpoint.onTransportState: remember why pjsip refused the PBX's certificate
        (the registration fails a moment later with a bare 503); forget it once a TLS
        connection stands or one is lost for another reason."""
        if not str(prm.type).upper().startswith("TLS"):
            return
        if prm.state == pj.PJSIP_TP_STATE_CONNECTED:
            self.tls_failure = None
        elif prm.state == pj.PJSIP_TP_STATE_DISCONNECTED:
            if int(prm.lastError) != TLS_VERIFY_FAILED:
                self.tls_failure = None  # lost for another reason (refused, reset): say that
                return
            check = CertificateCheck.from_tls_info(prm.tlsInfo)
            self.tls_failure = certificate_failure(check, self._tls_host())
            log.warning("PBX TLS certificate refused (subject %r, issuer %r): %s",
                        check.subject, check.issuer, "; ".join(check.messages))

    def _tls_host(self) -> str:
        """The host pjsip checks the certificate's name against: where the phone connects."""
        if self._config is None:
            return ""
        if self._config.proxy:
            return uri_host(self._config.proxy)
        return self._config.registrar_hostport[0]

    def registered(self, name: str) -> bool:
        return self.status.get(name) is RegistrationStatus.REGISTERED

    # ------------------------------------------------------------ the watch
    def _pbx_lost(self) -> None:
        # With a refused certificate the probes fail too: keep saying why.
        self._set(OPERATOR_ACCOUNT, RegistrationStatus.FAILED, 408,
                  self.tls_failure or registration_reason(408))

    def _binding_missing(self) -> None:
        if self.registered(OPERATOR_ACCOUNT):
            log.info("the PBX lost our binding (restarted?): registering again")
            self._reregister()

    def _reregister(self) -> None:
        for name, account in self.accounts.items():
            if name == QUEUE_ACCOUNT and not self.ready:
                continue
            try:
                account.setRegistration(True)
            except pj.Error as exc:
                log.info("re-register %s: %s", name, exc.reason)

    def set_ready(self, ready: bool) -> None:
        """Bind to (or leave) the 1551 ring group. The desktop calls this on every
        state change (on call, wrap-up, ready...), so asking for the state the queue
        is already in or on its way to is a no-op: pjsip refuses a second
        un-REGISTER (PJ_EINVALIDOP) and one while a REGISTER is in flight
        (PJSIP_EBUSY). A change asked for during a transaction follows when it ends."""
        self.ready = ready
        self._apply_ready()

    def _apply_ready(self) -> None:
        account = self.accounts.get(QUEUE_ACCOUNT)
        if account is None or self._queue_in_flight:
            return  # on_reg_state calls again when the transaction ends
        status = self.status.get(QUEUE_ACCOUNT)
        if self.ready:
            if status in (RegistrationStatus.REGISTERED, RegistrationStatus.REGISTERING):
                return  # bound, or pjsip is binding it (first REGISTER, retry)
        elif status is RegistrationStatus.UNREGISTERED or (
                status is RegistrationStatus.FAILED and self._queue_last_renew is False):
            return  # not bound (a failed un-REGISTER leaves nothing to undo)
        try:
            account.setRegistration(self.ready)
        except pj.Error as exc:
            self._queue_in_flight = False
            log.warning("queue setRegistration(%s): %s", self.ready, exc.info())
            if not self.ready and exc.status == PJ_EINVALIDOP:
                return  # pjsip: "currently not registered", which is what we want
            self._emit_error(ready_failure(self.ready))
            return
        self._queue_in_flight = True
        self._queue_last_renew = self.ready

    # -------------------------------------------------------------- shutdown
    def unregister_all(self, pump: Callable[[int], None]) -> None:
        """Unregister explicitly so the listener hears it (Account.shutdown is silent)."""
        if self.keepalive is not None:
            self.keepalive.stop()
        pending = [name for name in self.status if self.registered(name)]
        for name in pending:
            with contextlib.suppress(pj.Error):
                self.accounts[name].setRegistration(False)
        deadline = time.monotonic() + _UNREGISTER_WAIT_S
        while time.monotonic() < deadline and any(self.registered(n) for n in pending):
            pump(20)

    def release(self) -> None:
        """Drop every Account before libDestroy, here on the owner thread."""
        if self.keepalive is not None:
            self.keepalive.stop()
            self.keepalive = None
        for account in self.accounts.values():
            with contextlib.suppress(pj.Error):
                account.shutdown()
        self.accounts.clear()
