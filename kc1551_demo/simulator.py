"""Line simulator: citizens calling 1551 and the city network answering callbacks.

Real pjsua2 endpoints with a null audio device, in their own process (pjsua2
allows one Endpoint per process, and that one belongs to the operator engine).

    python -m kc1551_demo.simulator --registrar sip:127.0.0.1:PORT \
        --user trunk [--gateway-user gateway] \
        [--control | --calls N --interval S --talk-min S --talk-max S --target 1551] \
        [--voices DIR [--voice-pause S]] [--tone HZ] \
        [--transport udp|tcp|tls [--tls-ca FILE] [--no-tls-verify] [--srtp MODE]]

The passwords come from the environment: KC1551_SIP_PASSWORD (the --user's)
and KC1551_SIP_GATEWAY_PASSWORD (the gateway's), so that `ps` does not show
them; --password / --gateway-password override them for a human at a terminal.

It registers `trunk` (the caller side) and, when given, `gateway` (answers calls
to citizens' numbers after --answer-after seconds). Each call presents a
citizen's number as the From user, with a display name, P-Asserted-Identity
and X-Queue: 1551; a withheld call comes from `anonymous`.

With --voices (the demo passes resources/voices), the citizen speaks once the
call is answered: a WAV chosen by the problem of the caller's latest appeal in
the demo data (or by the call command's "problem"; a random one for a stranger),
said again after --voice-pause seconds while the call lasts ("speaking" and
"spoken" events). Without it the calls send the null device's silence, or the
--tone sine.

Over TLS the PBX's certificate is verified (against --tls-ca, else the system's
CAs) and calls use SRTP (mandatory unless --srtp says otherwise), as the
operator's phone does. Each call reports once how its sound travels: a "media"
event with the SDP profile ("RTP/SAVP" is SRTP), whether pjsua's SRTP
transport is active, and its crypto suite.

Control mode reads JSON commands on stdin (call, hangup, dtmf, transfer with
"to" - a blind REFER, as the test needs a transferor too -, record, quit) and both
modes print JSON events on stdout, each with "t" = time.time() of the moment
it happened. Random mode places N calls one after another (N=0: forever).
pjsua2 runs on the main thread only (threadCnt=0); stdin is read on a helper
thread that touches nothing but a queue.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gc
import json
import os
import queue
import random
import re
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import pjsua2 as pj
from kc1551_resources import resource_path

from operator_app.telephony.config import GATEWAY_PASSWORD_ENV, PASSWORD_ENV, SipConfig
from operator_app.telephony.tls import configure_tls, media_security

DEMO_DATA = resource_path("demo.json")
DEMO_VOICES = resource_path("voices")
VOICES_MANIFEST = "voices.json"  # [{file, problems: [code, ...], text, ...}]
_E164 = re.compile(r"\+380\d{9}")
_MOBILE_CODES = ("50", "63", "66", "67", "68", "73", "93", "95", "96", "97", "98", "99")
_SURNAMES = ("Петренко", "Коваленко", "Шевченко", "Бондаренко", "Ткаченко", "Кравчук",
             "Мельник", "Олійник", "Лисенко", "Савченко", "Гончаренко", "Руденко")
_RING_TIMEOUT_S = 30.0
_WITHHELD_SHARE = 0.1
# Most people who phone a city line have phoned before: the demo's pops should show it.
_KNOWN_CALLER_SHARE = 0.7
_HANGUP_WHILE_RINGING_SHARE = 0.1
_POLL_MS = 10
# a random-mode citizen finishes the sentence before hanging up, within this much
_SENTENCE_GRACE_S = 15.0
_GC_EVERY_S = 1.0


# The city's PSTN gateway offers G.711 (A-law, Europe's, then mu-law). pjsua would
# offer Speex first, whose stream to the simulated citizen broke up under CPU load
# (tones at twice full scale, others' voices smeared into it in the tests).
LINE_CODEC_PRIORITIES = (("PCMA/8000", 140), ("PCMU/8000", 139))


@dataclass(frozen=True, slots=True)
class CallerIdentity:
    number: str | None  # E.164, None when withheld
    display: str


def demo_numbers(path: Path = DEMO_DATA) -> list[str]:
    """Citizens' numbers from the demo data set, so screen pops find histories."""
    try:
        return sorted(set(_E164.findall(path.read_text("utf-8"))))
    except OSError:
        return []


@dataclass(frozen=True, slots=True)
class Voice:
    path: Path  # 8 or 16 kHz mono 16-bit PCM WAV
    problems: tuple[str, ...]  # classifier codes it speaks about

    @property
    def name(self) -> str:
        return self.path.name


def load_voices(directory: Path) -> list[Voice]:
    """The sentences listed in DIR/voices.json; every listed file must be there."""
    entries = json.loads((directory / VOICES_MANIFEST).read_text("utf-8"))
    voices = [Voice(directory / str(entry["file"]),
                    tuple(str(code) for code in entry["problems"])) for entry in entries]
    missing = [voice.name for voice in voices if not voice.path.is_file()]
    if missing or not voices:
        raise ValueError(f"{directory}: no voices, or missing {', '.join(missing)}")
    return voices


def demo_problems(path: Path = DEMO_DATA) -> dict[str, list[str]]:
    """A demo citizen's number -> the problem codes of their appeals, latest first."""
    try:
        appeals = json.loads(path.read_text("utf-8")).get("appeals", [])
    except (OSError, ValueError):
        return {}
    problems: dict[str, list[str]] = {}
    for appeal in sorted(appeals, key=lambda appeal: appeal.get("days_ago", 0)):
        problems.setdefault(str(appeal["phone"]), []).append(str(appeal["problem_code"]))
    return problems


class VoiceBook:
    """Which sentence a caller says: their problem's, else a random one."""

    def __init__(self, voices: list[Voice], problems_by_number: dict[str, list[str]],
                 rng: random.Random) -> None:
        self.voices = voices
        self.by_problem = {code: voice for voice in voices for code in voice.problems}
        self.problems_by_number = problems_by_number
        self.rng = rng

    def choose(self, number: str | None, problem: str | None = None) -> Voice:
        codes = [problem] if problem else []
        codes += self.problems_by_number.get(number or "", [])
        for code in codes:
            if code in self.by_problem:
                return self.by_problem[code]
        return self.rng.choice(self.voices)


def random_caller(rng: random.Random, known: list[str]) -> CallerIdentity:
    if rng.random() < _WITHHELD_SHARE:
        return CallerIdentity(None, "")
    display = rng.choice(_SURNAMES)
    if known and rng.random() < _KNOWN_CALLER_SHARE:
        return CallerIdentity(rng.choice(known), display)
    if rng.random() < 0.7:
        number = f"+380{rng.choice(_MOBILE_CODES)}{rng.randrange(10**7):07d}"
    else:
        number = f"+38044{rng.randrange(2 * 10**6, 10**7):07d}"  # Kyiv landline
    return CallerIdentity(number, display)


class Emitter:
    """JSON lines on the real stdout; C-level chatter is sent to stderr instead."""

    def __init__(self) -> None:
        sys.stdout.flush()
        self._out: TextIO = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
        os.dup2(2, 1)  # pjsip prints to fd 1; keep the event stream clean

    def __call__(self, event: str, **fields: Any) -> None:
        record = {"event": event, "t": time.time(), **fields}
        self._out.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._out.flush()


class SimAccount(pj.Account):
    def __init__(self, sim: LineSimulator, name: str) -> None:
        super().__init__()
        self.sim = sim
        self.name = name
        self.registered = False

    def onRegState(self, prm: pj.OnRegStateParam) -> None:
        self.sim.on_registration(self, prm.code, prm.reason)

    def onIncomingCall(self, prm: pj.OnIncomingCallParam) -> None:
        self.sim.on_incoming(self, prm.callId)


class VoicePlayer(pj.AudioMediaPlayer):
    """One saying of a caller's sentence. pjmedia reports its end on its own event
    thread; onEof2 only queues the token for the pjsua2 thread."""

    def __init__(self, ended: queue.Queue[int], token: int) -> None:
        super().__init__()
        self.ended = ended
        self.token = token

    def onEof2(self) -> None:
        self.ended.put(self.token)


class SimCall(pj.Call):
    def __init__(self, sim: LineSimulator, account: pj.Account, sim_id: str,
                 call_id: int = pj.PJSUA_INVALID_ID) -> None:
        super().__init__(account, call_id)
        self.sim = sim
        self.sim_id = sim_id
        self.rang = False
        self.remote_held = False
        self.media_reported = False
        self.connected_at: float | None = None
        self.voice: Voice | None = None
        self.player: VoicePlayer | None = None  # created and destroyed on the pjsua2 thread

    def onCallState(self, prm: pj.OnCallStateParam) -> None:
        self.sim.on_call_state(self)

    def onCallMediaState(self, prm: pj.OnCallMediaStateParam) -> None:
        self.sim.on_media_state(self)

    def onDtmfDigit(self, prm: pj.OnDtmfDigitParam) -> None:
        self.sim.emit("dtmf", call=self.sim_id, digit=prm.digit)

    def onCallTransferRequest(self, prm: pj.OnCallTransferRequestParam) -> None:
        prm.newCall = self.sim.on_transfer_request(self, prm.dstUri)


@dataclass(slots=True)
class RandomPlan:
    calls: int  # 0: forever
    interval_s: float
    talk_min_s: float
    talk_max_s: float
    target: str
    ring_timeout_s: float = _RING_TIMEOUT_S  # an unanswered citizen gives up after this


class LineSimulator:
    def __init__(self, args: argparse.Namespace, emit: Callable[..., None],
                 voices: list[Voice] | None = None) -> None:
        self.args = args
        self.emit = emit
        self.rng = random.Random(args.seed)
        self.known_numbers = demo_numbers()
        self.commands: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.calls: dict[str, SimCall] = {}
        self.finished: list[SimCall] = []  # released on the next loop turn, after callbacks
        self.timers: list[tuple[float, Callable[[], None]]] = []
        self.running = True
        self.ready_sent = False
        self._next_id = 0
        self.endpoint = pj.Endpoint()
        self.accounts: list[SimAccount] = []
        self.tone: pj.ToneGenerator | None = None
        self.recorder: pj.AudioMediaRecorder | None = None
        # a separate generator: --seed gives the same callers with or without voices
        self.voices = (VoiceBook(voices, demo_problems(), random.Random(args.seed))
                       if voices else None)
        self.voice_ends: queue.Queue[int] = queue.Queue()
        self.speakers: dict[int, SimCall] = {}  # player token -> its call
        self._next_token = 0
        self.transport_suffix = "" if args.transport == "udp" else f";transport={args.transport}"
        self.domain = args.domain or _host_of(args.registrar)

    # -- set-up -------------------------------------------------------------
    def start(self) -> None:
        config = pj.EpConfig()
        config.uaConfig.threadCnt = 0
        config.uaConfig.mainThreadOnly = False
        config.uaConfig.maxCalls = 32
        config.uaConfig.userAgent = "kc1551-line-simulator"
        config.logConfig.level = self.args.log_level
        config.logConfig.consoleLevel = self.args.log_level
        config.medConfig.noVad = True
        config.medConfig.clockRate = 8000
        config.medConfig.sndClockRate = 8000
        self.endpoint.libCreate()
        self.endpoint.libInit(config)
        for codec_id, priority in LINE_CODEC_PRIORITIES:
            self.endpoint.codecSetPriority(codec_id, priority)
        transport = pj.TransportConfig()
        transport.port = 0
        transport.boundAddress = "127.0.0.1"
        kind = {"udp": pj.PJSIP_TRANSPORT_UDP, "tcp": pj.PJSIP_TRANSPORT_TCP,
                "tls": pj.PJSIP_TRANSPORT_TLS}[self.args.transport]
        if self.args.transport == "tls":
            configure_tls(transport.tlsConfig, SipConfig(
                registrar=self.args.registrar, user=self.args.user, password="",
                tls_verify_server=self.args.tls_verify, tls_ca_file=self.args.tls_ca or ""))
        self.endpoint.transportCreate(kind, transport)
        self.endpoint.libStart()
        self.endpoint.audDevManager().setNullDev()
        self._create_audio_probes()
        self.trunk = self._account(self.args.user, self.args.password, self.args.user)
        self.gateway = (
            self._account(self.args.gateway_user, self.args.gateway_password,
                          self.args.gateway_user)
            if self.args.gateway_user else None)
        # calls leave from this unregistered account, whose From we rewrite per call
        self.caller = self._account(self.args.user, self.args.password, None)

    def _create_audio_probes(self) -> None:
        """--tone: a continuous sine each call sends (with the `record` command, this
        lets tests check the operator's real sound path end to end; the simulator
        itself stays on the null device)."""
        if self.args.tone:
            self.tone = pj.ToneGenerator()
            self.tone.createToneGenerator(8000, 1)
            desc = pj.ToneDesc()
            desc.freq1, desc.freq2 = int(self.args.tone), 0
            desc.on_msec, desc.off_msec, desc.volume = 10000, 0, 0
            tones = pj.ToneDescVector()
            tones.append(desc)
            self.tone.play(tones, True)

    def _account(self, user: str, password: str, register_as: str | None) -> SimAccount:
        account = SimAccount(self, register_as or "caller")
        account.create(self._account_config(user, password,
                                            f"sip:{register_as or user}@{self.domain}",
                                            register=register_as is not None))
        self.accounts.append(account)
        return account

    def _account_config(self, user: str, password: str, id_uri: str,
                        register: bool) -> pj.AccountConfig:
        config = pj.AccountConfig()
        config.idUri = id_uri
        if register:
            config.regConfig.registrarUri = self.args.registrar + self.transport_suffix
            config.regConfig.timeoutSec = 300
            config.regConfig.retryIntervalSec = 5
        else:
            config.regConfig.registrarUri = ""
            config.regConfig.registerOnAdd = False
        config.sipConfig.proxies.append(f"{self.args.registrar};lr{self.transport_suffix}")
        config.sipConfig.authCreds.append(pj.AuthCredInfo("digest", "*", user, 0, password))
        config.mediaConfig.transportConfig.boundAddress = "127.0.0.1"
        srtp = self.args.srtp or ("mandatory" if self.args.transport == "tls" else "off")
        if srtp != "off":
            config.mediaConfig.srtpUse = (pj.PJMEDIA_SRTP_MANDATORY if srtp == "mandatory"
                                          else pj.PJMEDIA_SRTP_OPTIONAL)
            # SDES keys only over TLS, as the operator's phone asks
            config.mediaConfig.srtpSecureSignaling = 1 if self.args.transport == "tls" else 0
        return config

    # -- pjsua2 callbacks (main thread) -------------------------------------
    def on_registration(self, account: SimAccount, code: int, reason: str) -> None:
        if 200 <= code < 300:
            account.registered = True
            self.emit("registered", account=account.name)
            waiting = [acc for acc in (self.trunk, self.gateway) if acc is not None]
            if not self.ready_sent and all(acc.registered for acc in waiting):
                self.ready_sent = True
                self.emit("ready")
        else:
            account.registered = False
            self.emit("error", message=f"registration of {account.name} failed: {code} {reason}",
                      code=code, account=account.name)

    def on_incoming(self, account: SimAccount, pj_call_id: int) -> None:
        call = SimCall(self, account, self._new_id(), pj_call_id)
        self.calls[call.sim_id] = call
        info = call.getInfo()
        self.emit("incoming", call=call.sim_id, to=account.name, **{"from": info.remoteUri})
        self._answer(call, 180)
        self.after(self.args.answer_after, lambda: self._answer(call, 200))

    def on_call_state(self, call: SimCall) -> None:
        info = call.getInfo()
        if info.state == pj.PJSIP_INV_STATE_EARLY and not call.rang:
            call.rang = True
            if info.role == pj.PJSIP_ROLE_UAC:
                self.emit("ringing", call=call.sim_id, code=info.lastStatusCode)
        elif info.state == pj.PJSIP_INV_STATE_CONFIRMED and call.connected_at is None:
            call.connected_at = time.time()
            self.emit("connected", call=call.sim_id)
            self.speak(call)  # the operator has answered: the citizen starts talking
        elif info.state == pj.PJSIP_INV_STATE_DISCONNECTED:
            self.emit("ended", call=call.sim_id, code=info.lastStatusCode,
                      reason=info.lastReason)
            self.calls.pop(call.sim_id, None)
            self._silence(call)
            self.finished.append(call)

    def on_media_state(self, call: SimCall) -> None:
        info = call.getInfo()
        for index, media in enumerate(info.media):
            if media.type != pj.PJMEDIA_TYPE_AUDIO:
                continue
            held = media.status == pj.PJSUA_CALL_MEDIA_REMOTE_HOLD
            if held != call.remote_held:
                call.remote_held = held
                self.emit("remote_hold" if held else "remote_unhold", call=call.sim_id)
            if media.status == pj.PJSUA_CALL_MEDIA_ACTIVE and not call.media_reported:
                call.media_reported = True
                try:
                    security = media_security(call, index)
                except pj.Error as error:
                    self.emit("error", call=call.sim_id, message=f"media: {error.info()}")
                else:
                    self.emit("media", call=call.sim_id, proto=security.proto,
                              srtp=security.srtp_active, crypto=security.crypto_suite)
            if media.status == pj.PJSUA_CALL_MEDIA_ACTIVE:
                # the null device's silence keeps RTP flowing for the far end's stats
                audio = call.getAudioMedia(index)
                source = self.tone or self.endpoint.audDevManager().getCaptureDevMedia()
                source.startTransmit(audio)
                audio.startTransmit(self.endpoint.audDevManager().getPlaybackDevMedia())
                if call.player is not None:
                    call.player.startTransmit(audio)
                if self.recorder is not None:
                    audio.startTransmit(self.recorder)

    def on_transfer_request(self, call: SimCall, destination: str) -> SimCall:
        new_call = SimCall(self, self.caller, self._new_id())
        new_call.voice = call.voice  # tells the next operator the same problem
        self.calls[new_call.sim_id] = new_call
        self.emit("transfer_request", call=call.sim_id, to=destination,
                  new_call=new_call.sim_id)
        self.emit("calling", call=new_call.sim_id, to=destination, transferred_from=call.sim_id)
        return new_call

    # -- commands -----------------------------------------------------------
    def place_call(self, to: str, number: str | None, display: str,
                   headers: dict[str, str] | None = None, problem: str | None = None) -> str:
        # only the From of calls made from now on changes; calls in progress keep theirs
        self.caller.modify(self._account_config(self.args.user, self.args.password,
                                                self._from_uri(number, display),
                                                register=False))
        call = SimCall(self, self.caller, self._new_id())
        target = self._sip_uri(to)
        param = pj.CallOpParam(True)
        all_headers = {"X-Queue": "1551", **(headers or {})}
        if number:
            all_headers["P-Asserted-Identity"] = f"<sip:{number}@{self.domain}>"
        else:
            all_headers["Privacy"] = "id"
        for name, value in all_headers.items():
            header = pj.SipHeader()
            header.hName, header.hValue = name, value
            param.txOption.headers.append(header)
        self.calls[call.sim_id] = call
        voice: dict[str, str] = {}
        if self.voices is not None:
            call.voice = self.voices.choose(number, problem)
            voice["voice"] = call.voice.name
        self.emit("calling", call=call.sim_id, to=target, **voice)
        try:
            call.makeCall(target, param)
        except pj.Error as error:
            self.calls.pop(call.sim_id, None)
            self.emit("error", call=call.sim_id, message=f"call failed: {error.info()}")
        return call.sim_id

    def hangup(self, sim_id: str | None) -> None:
        call = self._find(sim_id)
        if call is not None:
            with contextlib.suppress(pj.Error):
                call.hangup(pj.CallOpParam(True))

    def speak(self, call: SimCall) -> None:
        """The caller's sentence into the call, from its start (a new player each time)."""
        if call.voice is None or call.sim_id not in self.calls:
            return
        self._silence(call)
        self._next_token += 1
        player = VoicePlayer(self.voice_ends, self._next_token)
        try:
            player.createPlayer(str(call.voice.path), pj.PJMEDIA_FILE_NO_LOOP)
        except pj.Error as error:
            self.emit("error", call=call.sim_id, message=f"voice: {error.info()}")
            return
        call.player = player
        self.speakers[player.token] = call
        for audio in self._active_audio(call):
            player.startTransmit(audio)
        self.emit("speaking", call=call.sim_id, voice=call.voice.name)

    def _silence(self, call: SimCall) -> None:
        if call.player is not None:
            self.speakers.pop(call.player.token, None)
            call.player = None  # destroyed here, on the pjsua2 thread

    def _run_voice_ends(self) -> None:
        while True:
            try:
                token = self.voice_ends.get_nowait()
            except queue.Empty:
                return
            call = self.speakers.get(token)
            if call is None or call.voice is None:
                continue  # a player already destroyed
            self._silence(call)
            self.emit("spoken", call=call.sim_id, voice=call.voice.name)
            self.after(self.args.voice_pause, functools.partial(self.speak, call))

    def _active_audio(self, call: SimCall) -> list[pj.AudioMedia]:
        info = call.getInfo()
        return [call.getAudioMedia(index) for index, media in enumerate(info.media)
                if media.type == pj.PJMEDIA_TYPE_AUDIO
                and media.status == pj.PJSUA_CALL_MEDIA_ACTIVE]

    def record_to(self, path: str) -> None:
        """What the calls hear goes to a new WAV from now on (empty: stop recording);
        the previous file is finished, so a test can read each phase on its own."""
        self.recorder = None  # destroyed here: its WAV header is written
        if path:
            recorder = pj.AudioMediaRecorder()
            recorder.createRecorder(path)
            for call in self.calls.values():
                info = call.getInfo()
                for index, media in enumerate(info.media):
                    if media.type == pj.PJMEDIA_TYPE_AUDIO and media.status in (
                            pj.PJSUA_CALL_MEDIA_ACTIVE, pj.PJSUA_CALL_MEDIA_REMOTE_HOLD):
                        call.getAudioMedia(index).startTransmit(recorder)
            self.recorder = recorder
        self.emit("recording", path=path)

    def handle(self, command: dict[str, Any]) -> None:
        name = command.get("cmd")
        if name == "call":
            withheld = bool(command.get("withheld"))
            number = None if withheld else command.get("from_number")
            if number is None and not withheld:
                identity = random_caller(self.rng, self.known_numbers)
                number, display = identity.number, identity.display
            else:
                display = "" if withheld else str(command.get("display", ""))
            problem = command.get("problem")
            self.place_call(str(command.get("to", self.args.target)), number, display,
                            problem=str(problem) if problem else None)
        elif name == "hangup":
            self.hangup(command.get("call"))
        elif name == "dtmf":
            call = self._find(command.get("call"))
            if call is not None:
                try:
                    call.dialDtmf(str(command.get("digits", "")))
                except pj.Error as error:
                    self.emit("error", call=call.sim_id, message=f"dtmf: {error.info()}")
        elif name == "transfer":
            call = self._find(command.get("call"))
            if call is not None:
                try:
                    call.xfer(self._sip_uri(str(command.get("to", ""))), pj.CallOpParam(True))
                except pj.Error as error:
                    self.emit("error", call=call.sim_id, message=f"transfer: {error.info()}")
        elif name == "record":
            self.record_to(str(command.get("path", "")))
        elif name == "quit":
            self.running = False
        else:
            self.emit("error", message=f"unknown command: {name!r}")

    # -- loop ---------------------------------------------------------------
    def after(self, delay_s: float, action: Callable[[], None]) -> None:
        self.timers.append((time.monotonic() + delay_s, action))

    def run(self, plan: RandomPlan | None) -> None:
        threading.Thread(target=self._read_stdin, args=(plan is None,), daemon=True,
                         name="stdin").start()
        gc.disable()  # collect on this thread only: pjsua2 objects must die here
        last_gc = time.monotonic()
        random_calls = self._random_calls(plan) if plan else None
        while self.running:
            self.endpoint.libHandleEvents(_POLL_MS)
            self.finished.clear()
            self._run_voice_ends()
            self._run_due_timers()
            self._run_commands()
            if random_calls is not None and next(random_calls, "done") == "done":
                self.emit("done")
                self.running = False
            if time.monotonic() - last_gc > _GC_EVERY_S:
                gc.collect()
                last_gc = time.monotonic()
        self.shutdown()

    def shutdown(self) -> None:
        for sim_id in list(self.calls):
            self.hangup(sim_id)
        deadline = time.monotonic() + 2.0
        while self.calls and time.monotonic() < deadline:
            self.endpoint.libHandleEvents(_POLL_MS)
        self._release_calls()
        for account in self.accounts:
            with contextlib.suppress(pj.Error):
                account.shutdown()
        self.accounts.clear()
        # the recorder writes its WAV header when it is destroyed: before libDestroy
        self.tone = self.recorder = None
        self.endpoint.libDestroy()

    def _release_calls(self) -> None:
        """Drops every reference to a call and a player (here, so no local variable
        keeps one): a pjsua2 Call destroyed after libDestroy aborts the process."""
        for call in [*self.calls.values(), *self.speakers.values()]:
            self._silence(call)  # players go before libDestroy too
        self.calls.clear()
        self.speakers.clear()
        self.finished.clear()
        self.timers.clear()  # answer and repeat timers hold their calls

    def _random_calls(self, plan: RandomPlan) -> Any:
        """A generator stepped once per loop turn: yields while work remains."""
        while not self.ready_sent:
            yield "waiting"
        placed = 0
        while plan.calls == 0 or placed < plan.calls:
            placed += 1
            identity = random_caller(self.rng, self.known_numbers)
            sim_id = self.place_call(plan.target, identity.number, identity.display)
            start = time.monotonic()
            give_up_at = start + (
                self.rng.uniform(1.0, 3.0)
                if self.rng.random() < _HANGUP_WHILE_RINGING_SHARE else plan.ring_timeout_s)
            while sim_id in self.calls and self.calls[sim_id].connected_at is None:
                if time.monotonic() >= give_up_at:
                    self.hangup(sim_id)
                    break
                yield "ringing"
            if sim_id in self.calls:
                hang_up_at = time.monotonic() + self.rng.uniform(plan.talk_min_s, plan.talk_max_s)
                while sim_id in self.calls and (time.monotonic() < hang_up_at
                                                or self._mid_sentence(sim_id, hang_up_at)):
                    yield "talking"
                self.hangup(sim_id)
            while sim_id in self.calls:
                yield "ending"
            next_at = time.monotonic() + plan.interval_s
            while time.monotonic() < next_at:
                yield "pause"

    def _mid_sentence(self, sim_id: str, hang_up_at: float) -> bool:
        """A citizen does not hang up mid-sentence: the first one starts on answer."""
        call = self.calls.get(sim_id)
        return (call is not None and call.player is not None
                and time.monotonic() < hang_up_at + _SENTENCE_GRACE_S)

    def _run_due_timers(self) -> None:
        now = time.monotonic()
        due = [timer for timer in self.timers if timer[0] <= now]
        if due:
            self.timers = [timer for timer in self.timers if timer[0] > now]
            for _, action in due:
                action()

    def _run_commands(self) -> None:
        while True:
            try:
                command = self.commands.get_nowait()
            except queue.Empty:
                return
            if command is None:
                self.running = False
                return
            self.handle(command)

    def _read_stdin(self, quit_on_eof: bool) -> None:
        for line in sys.stdin:
            text = line.strip()
            if not text:
                continue
            try:
                command = json.loads(text)
            except json.JSONDecodeError:
                self.emit("error", message=f"not JSON: {text[:80]}")
                continue
            if isinstance(command, dict):
                self.commands.put(command)
            else:
                self.emit("error", message="a command must be a JSON object")
        if quit_on_eof:
            self.commands.put(None)  # the driver has gone

    # -- helpers ------------------------------------------------------------
    def _answer(self, call: SimCall, code: int) -> None:
        if call.sim_id not in self.calls:
            return  # the caller gave up before we answered
        param = pj.CallOpParam(True)
        param.statusCode = code
        with contextlib.suppress(pj.Error):
            call.answer(param)

    def _find(self, sim_id: str | None) -> SimCall | None:
        if sim_id is None:
            return next(reversed(self.calls.values()), None)
        call = self.calls.get(sim_id)
        if call is None:
            self.emit("error", call=sim_id, message=f"no such call: {sim_id}")
        return call

    def _sip_uri(self, target: str) -> str:
        return target if target.startswith(("sip:", "sips:")) else f"sip:{target}@{self.domain}"

    def _from_uri(self, number: str | None, display: str) -> str:
        if number is None:
            return '"Anonymous" <sip:anonymous@anonymous.invalid>'
        quoted = display.replace('"', "")
        return f'"{quoted}" <sip:{number}@{self.domain}>' if quoted else (
            f"sip:{number}@{self.domain}")

    def _new_id(self) -> str:
        self._next_id += 1
        return f"c{self._next_id}"


def _host_of(uri: str) -> str:
    return uri.removeprefix("sip:").removeprefix("sips:").split(";")[0].rsplit(":", 1)[0]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m kc1551_demo.simulator",
                                     description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--registrar", required=True, help="sip:HOST:PORT of the PBX")
    parser.add_argument("--user", required=True, help="caller-side account (trunk)")
    parser.add_argument("--password", default=os.environ.get(PASSWORD_ENV),
                        help=f"the --user's SIP password (default: ${PASSWORD_ENV}; "
                             "a command line is visible to every user in ps)")
    parser.add_argument("--gateway-user", help="account that answers calls to citizens")
    parser.add_argument("--gateway-password", default=os.environ.get(GATEWAY_PASSWORD_ENV, ""),
                        help=f"the gateway's SIP password (default: ${GATEWAY_PASSWORD_ENV})")
    parser.add_argument("--answer-after", type=float, default=0.3,
                        help="seconds the gateway rings before answering")
    parser.add_argument("--domain", help="SIP domain (default: the registrar's host)")
    parser.add_argument("--transport", choices=("udp", "tcp", "tls"), default="udp")
    parser.add_argument("--tls-ca", help="TLS: PEM file of the CA that signed the PBX's "
                                         "certificate (default: the system's CAs)")
    parser.add_argument("--no-tls-verify", dest="tls_verify", action="store_false",
                        help="TLS: accept any PBX certificate")
    parser.add_argument("--srtp", choices=("off", "optional", "mandatory"), default=None,
                        help="SRTP for the calls' sound (default: mandatory over TLS, else off)")
    parser.add_argument("--control", action="store_true", help="JSON commands on stdin")
    parser.add_argument("--calls", type=int, default=0, help="random mode: calls, 0 = forever")
    parser.add_argument("--interval", type=float, default=1.0, help="pause between calls, s")
    parser.add_argument("--talk-min", type=float, default=2.0,
                        help="random mode: shortest talk once answered, s")
    parser.add_argument("--talk-max", type=float, default=10.0,
                        help="random mode: longest talk once answered, s")
    parser.add_argument("--ring-timeout", type=float, default=_RING_TIMEOUT_S,
                        help="random mode: an unanswered caller hangs up after this, s")
    parser.add_argument("--target", default="1551")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--log-level", type=int, default=0, help="pjsip log level to stderr")
    parser.add_argument("--tone", type=float, default=0.0,
                        help="send a continuous sine of this frequency (Hz) on every call")
    parser.add_argument("--voices", type=Path, default=None,
                        help="folder with voices.json and WAVs: callers speak their problem "
                             f"(the demo's: {DEMO_VOICES})")
    parser.add_argument("--voice-pause", type=float, default=3.0,
                        help="seconds before a caller says the sentence again")
    args = parser.parse_args(argv)
    if args.password is None:
        parser.error(f"the SIP password is missing: set {PASSWORD_ENV} (or --password)")
    if args.talk_max < args.talk_min:
        parser.error("--talk-max must not be less than --talk-min")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    emit = Emitter()
    try:
        voices = load_voices(args.voices) if args.voices else None
    except (OSError, ValueError, KeyError, TypeError) as error:
        emit("error", message=f"cannot load the voices: {error!r}")
        return 2
    simulator = LineSimulator(args, emit, voices)
    try:
        simulator.start()
    except pj.Error as error:
        emit("error", message=f"cannot start pjsua2: {error.info()}")
        return 2
    except ValueError as error:  # an unreadable --tls-ca
        emit("error", message=f"cannot start pjsua2: {error}")
        return 2
    plan = None if args.control else RandomPlan(args.calls, args.interval, args.talk_min,
                                                args.talk_max, args.target, args.ring_timeout)
    try:
        simulator.run(plan)
    except KeyboardInterrupt:
        simulator.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
