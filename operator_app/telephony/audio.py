"""The machine's sound devices, outside a running engine (console `--list-audio`)."""

from __future__ import annotations

import pjsua2 as pj

from operator_app.telephony.models import AudioDevice


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
        return [
            AudioDevice(d.name, d.driver, int(d.inputCount), int(d.outputCount))
            for d in endpoint.audDevManager().enumDev2()
            if d.inputCount or d.outputCount
        ]
    finally:
        endpoint.libDestroy()
