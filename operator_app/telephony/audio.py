"""The machine's sound devices, outside a running engine (console `--list-audio`)."""

from __future__ import annotations

from typing import Any

import pjsua2 as pj

from operator_app.telephony.models import AudioDevice


def sound_devices(manager: Any) -> list[tuple[int, AudioDevice]]:
    """(pjmedia index, device) of every device of an AudDevManager that can record
    or play; ALSA also lists its rate converters and plugins with no channels."""
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
