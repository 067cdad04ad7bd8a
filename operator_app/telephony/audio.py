"""Sound: which devices, what is connected to what, and the tones that ring.

pjsua2 mixes everything in one conference bridge wired to one capture and one
playback device (the headset). The ringtone may go to a third device (the
speakers, as MicroSIP does): an `ExtraAudioDevice` opened when that device is
chosen and kept open, like the headset: closing an ALSA stream of the
PulseAudio plugin can stall the thread that closes it (seen in CI, on the
call's hang-up), and the next ring starts without opening a device.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any

import pjsua2 as pj

from operator_app.telephony import pulse_devices
from operator_app.telephony.config import SipConfig
from operator_app.telephony.models import AudioDevice
from operator_app.telephony.owner import claim_endpoint_slot, release_endpoint_slot

log = logging.getLogger(__name__)

# pjmedia's "the system's default device" ids (not exported by the SWIG binding)
DEFAULT_CAPTURE_DEVICE = -1
DEFAULT_PLAYBACK_DEVICE = -2
NO_SOUND_DEVICE = ("звукова карта не відкрилася (її немає на цьому комп'ютері або вона "
                   "зайнята): дзвінки без звуку")

# A double ring (E5 + G5, 0.4 s on, 0.2 s off, 0.4 s on, 2 s off): unlike any
# tone a PBX plays into a call, so it is never taken for the line.
RING_FREQUENCIES = (659, 784)
_RING_CADENCE_MS = ((400, 200), (400, 2000))
# Call waiting, as ETSI's: 425 Hz, two short beeps every 3 s, quiet in the ear.
WAITING_FREQUENCY = 425
_WAITING_CADENCE_MS = ((200, 200), (200, 3000))
_WAITING_VOLUME = 3000  # of 32767; the default tone volume is 12288
# How much sound the device buffers each way (pjsua's defaults are 100 / 140 ms).
SOUND_CAPTURE_LATENCY_MS = 20
SOUND_PLAYBACK_LATENCY_MS = 40
TEST_TONE_FREQUENCIES = (523, 659)  # C5 + E5, a pleasant chord
TEST_TONE_MS = 1200
_DEVICE_WATCH_S = 2.0  # how often a lost device is looked for while it is gone


def sound_devices(manager: Any, refresh: bool = True) -> list[tuple[int, AudioDevice]]:
    """(pjmedia index, device) of every device of an AudDevManager that can record
    or play; ALSA also lists its rate converters and plugins with no channels.
    Each sound server sink and source is a device of its own (`pulse_devices`).
    refresh=False: pjmedia's last enumeration (libInit made one)."""
    if refresh:
        pulse_devices.install()
        manager.refreshDevs()
    return [
        (index, AudioDevice(d.name, d.driver, int(d.inputCount), int(d.outputCount)))
        for index, d in enumerate(manager.enumDev2())
        if d.inputCount or d.outputCount
    ]


def list_sound_devices() -> list[AudioDevice]:
    """Every device that can record or play, as pjmedia's ALSA backend sees them.

    Makes and destroys its own Endpoint (pjsua2 allows one per process), so call
    it only where no Engine runs."""
    pulse_devices.install()  # before the first enumeration, in libInit
    claim_endpoint_slot()
    try:
        endpoint = pj.Endpoint()
        endpoint.libCreate()
        try:
            config = pj.EpConfig()
            config.uaConfig.threadCnt = 0
            config.logConfig.consoleLevel = 0
            config.logConfig.level = 0
            endpoint.libInit(config)
            return [device for _, device in sound_devices(endpoint.audDevManager())]
        finally:
            endpoint.libDestroy()
            del endpoint  # pjsua2 takes the next Endpoint only once this one is freed
    finally:
        release_endpoint_slot()


def _tone(frequencies: tuple[int, int], cadence: tuple[tuple[int, int], ...],
          volume: int = 0) -> tuple[Any, Any]:
    """A looping ToneGenerator and the descriptor vector it plays (kept alive)."""
    generator = pj.ToneGenerator()
    generator.createToneGenerator(16000, 1)
    tones = pj.ToneDescVector()
    for on_ms, off_ms in cadence:
        desc = pj.ToneDesc()
        desc.freq1, desc.freq2 = frequencies
        desc.on_msec, desc.off_msec = on_ms, off_ms
        desc.volume = volume
        tones.append(desc)
    return generator, tones


class AudioRouter:
    """Owner-thread object: devices, call audio in the bridge, ring and waiting tones."""

    def __init__(self, emit_error: Callable[[str], None],
                 schedule: Callable[[float, Callable[[], None]], None],
                 on_devices_changed: Callable[[], None]) -> None:
        """on_devices_changed: the bridge's devices were replaced (lost, returned);
        the calls must be connected again."""
        self._emit_error = emit_error
        self._schedule = schedule
        self._on_devices_changed = on_devices_changed
        self._manager: Any = None
        self._by_name: dict[str, int] = {}  # last enumeration: name -> pjmedia index
        self._missing: tuple[str, ...] = ()  # wanted devices gone, watched for return
        self._null = True
        self.wanted = ("", "", "")  # capture, playback, ring: names, "" = default
        self._ring_tone: tuple[Any, Any] | None = None
        self._waiting_tone: tuple[Any, Any] | None = None
        self._ring_device: Any = None  # ExtraAudioDevice of a ring device of its own
        self._ring_index: int | None = None  # the pjmedia index it was opened on
        self._ringing = ""  # "", "ring" or "waiting"
        self._playing: tuple[Any, Any] | None = None  # (generator, where it plays)
        self._test_tone: tuple[Any, Any, Any] | None = None  # generator, tones, device
        self._meter: tuple[Any, Any] | None = None  # device, the port listening to it

    # ------------------------------------------------------------- lifecycle
    def open(self, endpoint: Any, config: SipConfig) -> None:
        self._manager = endpoint.audDevManager()
        self._null = config.null_audio
        if self._null:
            self._manager.setNullDev()
            return
        # The endpoint enumerated the devices a moment ago, in libInit.
        self.set_devices(config.capture_device, config.playback_device, config.ring_device,
                         refresh=False)

    def close(self) -> None:
        """Before libDestroy: tone generators and the extra devices are bridge ports."""
        self.stop_ringing()
        self._close_ring_device()
        self._stop_test_tone()
        self.stop_mic_meter()
        self._ring_tone = self._waiting_tone = None
        self._manager = None
        self._missing = ()

    # --------------------------------------------------------------- devices
    def devices(self, refresh: bool = True) -> list[AudioDevice]:
        found = sound_devices(self._manager, refresh)
        self._by_name = {device.name: index for index, device in found}
        return [device for _, device in found]

    def set_devices(self, capture: str, playback: str, ring: str = "",
                    refresh: bool = True) -> None:
        """Open the named devices; an empty or unknown name means the system's default."""
        manager = self._manager
        self.wanted = (capture, playback, ring)
        self.devices(refresh)
        by_name = self._by_name
        missing = [name for name in (capture, playback, ring) if name and name not in by_name]
        lost = f"Аудіопристрій «{missing[0]}» не знайдено" if missing else ""
        try:
            manager.setCaptureDev(by_name.get(capture, DEFAULT_CAPTURE_DEVICE))
            manager.setPlaybackDev(by_name.get(playback, DEFAULT_PLAYBACK_DEVICE))
        except pj.Error as exc:
            log.warning("sound device: %s", exc.info())
            manager.setNullDev()
            self._emit_error(f"{lost + ': ' if lost else ''}{NO_SOUND_DEVICE}")
            return
        self._null = False
        self._open_ring_device(ring, playback)
        if lost:
            self._emit_error(f"{lost}; звук іде через пристрої системи за замовчуванням")

    def _open_ring_device(self, ring: str, playback: str) -> None:
        """The ring device of its own, opened once; "" or the headset's name: none."""
        index = self._by_name.get(ring) if ring and ring != playback else None
        if index is not None and index == self._ring_index:
            return
        self._close_ring_device()
        if index is None:
            return
        device = pj.ExtraAudioDevice(index, DEFAULT_CAPTURE_DEVICE)
        try:
            device.open()
        except pj.Error as exc:
            log.warning("ring device: %s", exc.info())
            self._emit_error(f"Пристрій дзвінка «{ring}» не відкрився; дзвінок лунає "
                             "в навушниках")
            return
        self._ring_device, self._ring_index = device, index

    def _close_ring_device(self) -> None:
        if self._ring_device is None:
            return
        if self._playing is not None and self._playing[1] is self._ring_device:
            self.stop_ringing()
        with contextlib.suppress(pj.Error):
            self._ring_device.close()
        self._ring_device = self._ring_index = None

    def device_lost(self) -> None:
        """pjmedia's device error (a sound card gone under ALSA, the sound server
        died): go on through the system's defaults and say which device it was."""
        if self._manager is None:
            return
        capture, playback, _ = self.wanted
        names = {device.name for device in self.devices()}
        self._fall_back(playback or capture or "звуковий пристрій", names)

    def check_devices(self) -> None:
        """The sound server added or removed a device: is a chosen one gone, or back?

        A sound server moves our streams off a removed device by itself, without
        an error to pjmedia: without this check the operator would not know."""
        if self._manager is None or self._null:
            return
        names = {device.name for device in self.devices()}
        if self._missing:
            if all(name in names for name in self._missing):
                self._restore()
            return
        gone = [name for name in self.wanted if name and name not in names]
        if gone:
            self._fall_back(gone[0], names)

    def _fall_back(self, lost: str, names: set[str]) -> None:
        """Only when there are no default devices either, the null device."""
        manager = self._manager
        try:
            manager.setCaptureDev(DEFAULT_CAPTURE_DEVICE)
            manager.setPlaybackDev(DEFAULT_PLAYBACK_DEVICE)
            where = "дзвінок триває через пристрої системи за замовчуванням"
        except pj.Error:
            manager.setNullDev()
            where = "інших пристроїв немає: дзвінок триває без звуку"
        self._missing = tuple(name for name in self.wanted if name and name not in names)
        if self.wanted[2] in self._missing:
            self._close_ring_device()  # its stream failed with the device
        self._on_devices_changed()
        self._emit_error(f"Зник аудіопристрій «{lost}»: {where}")
        if self._missing:
            self._schedule(_DEVICE_WATCH_S, self._watch_return)

    def _watch_return(self) -> None:
        """Plain ALSA tells no one when a card returns: look for it now and then."""
        if self._manager is None or not self._missing:
            return
        names = {device.name for device in self.devices()}
        if all(name in names for name in self._missing):
            self._restore()
        else:
            self._schedule(_DEVICE_WATCH_S, self._watch_return)

    def _restore(self) -> None:
        back, self._missing = self._missing, ()
        self.set_devices(*self.wanted, refresh=False)  # enumerated by the caller
        self._on_devices_changed()
        self._emit_error(f"Аудіопристрій «{back[0]}» знову підключено: звук іде через нього")

    # ----------------------------------------------------------- call audio
    def connect(self, call_audio: Any, muted: bool) -> None:
        """Both directions of a call through the headset."""
        manager = self._manager
        try:
            # Microphone first: the connection that opens the sound device comes
            # first, and pjsua's lazily opened device otherwise missed the capture.
            self.set_capture(call_audio, muted)
            call_audio.startTransmit(manager.getPlaybackDevMedia())
        except pj.Error as exc:
            # The sound device did not open (none on this PC, or busy): say so once
            # and carry the call on the null device rather than drop it.
            log.warning("sound device did not open: %s", exc.info())
            manager.setNullDev()
            self.set_capture(call_audio, muted)
            call_audio.startTransmit(manager.getPlaybackDevMedia())
            self._emit_error(f"{NO_SOUND_DEVICE}; дзвінок триває")

    def set_capture(self, call_audio: Any, muted: bool) -> None:
        """Mute stops the microphone going into the call; the call is still heard."""
        capture = self._manager.getCaptureDevMedia()
        if muted:
            capture.stopTransmit(call_audio)
        else:
            capture.startTransmit(call_audio)

    def disconnect(self, call_audio: Any) -> None:
        """On hold neither side hears the other: the stream stays, the bridge opens."""
        manager = self._manager
        with contextlib.suppress(pj.Error):
            manager.getCaptureDevMedia().stopTransmit(call_audio)
            call_audio.stopTransmit(manager.getPlaybackDevMedia())

    # ---------------------------------------------------------------- tones
    @property
    def ringing(self) -> str:
        return self._ringing

    def ring(self, waiting: bool) -> None:
        """Ring on the ring device; during a call, the quiet waiting tone in the ear."""
        wanted = "waiting" if waiting else "ring"
        if self._null or self._manager is None or self._ringing == wanted:
            return
        self.stop_ringing()
        try:
            if waiting:
                self._waiting_tone = self._waiting_tone or _tone(
                    (WAITING_FREQUENCY, 0), _WAITING_CADENCE_MS, _WAITING_VOLUME)
                generator, tones = self._waiting_tone
                target = self._manager.getPlaybackDevMedia()
            else:
                self._ring_tone = self._ring_tone or _tone(RING_FREQUENCIES, _RING_CADENCE_MS)
                generator, tones = self._ring_tone
                target = self._ring_target()
            generator.play(tones, True)
            generator.startTransmit(target)
            self._playing = (generator, target)
        except pj.Error as exc:
            log.warning("ringtone: %s", exc.info())
            self._emit_error("Не вдалося відтворити сигнал дзвінка: пристрій дзвінка "
                             "не відкрився")
            return
        self._ringing = wanted

    def _ring_target(self) -> Any:
        if self._ring_device is not None:
            return self._ring_device
        _, playback, ring = self.wanted
        # One that did not open was reported when it was chosen.
        if ring and ring != playback and ring not in self._by_name:
            self._emit_error(f"Пристрій дзвінка «{ring}» не знайдено; дзвінок лунає "
                             "в навушниках")
        return self._manager.getPlaybackDevMedia()

    def stop_ringing(self) -> None:
        if self._playing is not None:
            generator, target = self._playing
            with contextlib.suppress(pj.Error):
                generator.stopTransmit(target)
                generator.stop()
            self._playing = None
        self._ringing = ""

    # ------------------------------------------------------ settings checks
    def _extra_device(self, playback: str, capture: str) -> Any:
        """A second device pair in the bridge, by name ("" = the system's default),
        for checking a device the operator picked but has not saved yet."""
        if any(name and name not in self._by_name for name in (playback, capture)):
            self.devices()  # plugged in since the settings listed the devices
        device = pj.ExtraAudioDevice(self._by_name.get(playback, DEFAULT_PLAYBACK_DEVICE),
                                     self._by_name.get(capture, DEFAULT_CAPTURE_DEVICE))
        device.open()
        return device

    def play_test_tone(self, device: str) -> None:
        """A short chord on `device`, so the operator hears where it plays."""
        if self._null or self._manager is None:
            self._emit_error("Звук вимкнено в налаштуваннях: тестовий сигнал не відтворити")
            return
        self._stop_test_tone()
        try:
            extra = self._extra_device(device, "")
            generator, tones = _tone(TEST_TONE_FREQUENCIES, ((TEST_TONE_MS, 0),))
            generator.play(tones, False)
            generator.startTransmit(extra)
        except pj.Error as exc:
            log.warning("test tone: %s", exc.info())
            self._emit_error(f"Пристрій «{device or 'типовий'}» не відкрився: "
                             "тестовий сигнал не відтворено")
            return
        self._test_tone = (generator, tones, extra)
        self._schedule(TEST_TONE_MS / 1000 + 0.3, self._stop_test_tone)

    def _stop_test_tone(self) -> None:
        if self._test_tone is not None:
            generator, _, extra = self._test_tone
            self._test_tone = None
            with contextlib.suppress(pj.Error):
                generator.stopTransmit(extra)
                extra.close()

    def start_mic_meter(self, device: str) -> None:
        """Open `device` for listening only: its level shows in the settings."""
        self.stop_mic_meter()
        if self._null or self._manager is None:
            return
        try:
            extra = self._extra_device("", device)
            sink = pj.AudioMediaPort()
            fmt = pj.MediaFormatAudio()
            fmt.type = pj.PJMEDIA_TYPE_AUDIO
            fmt.clockRate, fmt.channelCount, fmt.bitsPerSample = 16000, 1, 16
            fmt.frameTimeUsec = 20000
            sink.createPort("mic-meter", fmt)
            # The bridge measures what a port sends only while someone listens.
            extra.startTransmit(sink)
        except pj.Error as exc:
            log.warning("mic meter: %s", exc.info())
            self._emit_error(f"Мікрофон «{device or 'типовий'}» не відкрився")
            return
        self._meter = (extra, sink)

    def mic_level(self) -> float:
        """0..1: the metered microphone's last level (pjmedia's 0-255 scale)."""
        if self._meter is None:
            return 0.0
        with contextlib.suppress(pj.Error):
            return float(self._meter[0].getTxLevel()) / 255.0
        return 0.0

    def stop_mic_meter(self) -> None:
        if self._meter is not None:
            extra, sink = self._meter
            self._meter = None
            with contextlib.suppress(pj.Error):
                extra.stopTransmit(sink)
                extra.close()
            del sink
