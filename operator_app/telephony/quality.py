"""Voice quality estimate: ITU-T G.107 E-model, simplified.

R = 93.2 - Id - Ie_eff (no advantage factor, default Is), with
Ie_eff = Ie + (95 - Ie) * Ppl / (Ppl + Bpl) for random loss, Id from the
mouth-to-ear delay (Cole & Rosenbluth's fit of G.107), and MOS from R by the
G.107 Annex B mapping. Pure Python: the engine feeds it RTCP figures.
"""

from __future__ import annotations

from dataclasses import dataclass

R_DEFAULT = 93.2
MOS_MIN = 1.0
MOS_MAX = 4.5
_DELAY_KNEE_MS = 177.3  # above this, delay hurts conversation much faster
# Jitter buffer keeps about two jitter spans of audio; one frame is 20 ms.
_JITTER_BUFFER_FACTOR = 2.0
_FRAME_MS = 20.0


@dataclass(frozen=True, slots=True)
class CodecImpairment:
    ie: float  # equipment impairment at zero loss (G.113 Appendix I)
    bpl: float  # packet-loss robustness (with the codec's loss concealment)


# pjmedia conceals loss for every codec it ships, so the PLC figures apply.
CODEC_IMPAIRMENTS: dict[str, CodecImpairment] = {
    "pcmu": CodecImpairment(0.0, 25.1),
    "pcma": CodecImpairment(0.0, 25.1),
    "g722": CodecImpairment(0.0, 25.1),
    "g729": CodecImpairment(11.0, 19.0),
    "gsm": CodecImpairment(20.0, 10.0),
    "ilbc": CodecImpairment(10.0, 32.0),
    "speex": CodecImpairment(11.0, 20.0),
    "opus": CodecImpairment(0.0, 30.0),
}
_UNKNOWN_CODEC = CodecImpairment(0.0, 25.1)


def codec_impairment(codec_name: str) -> CodecImpairment:
    """Look up by the pjmedia name ("PCMU", "speex/16000", "opus/48000/2")."""
    base = codec_name.split("/", 1)[0].strip().lower()
    return CODEC_IMPAIRMENTS.get(base, _UNKNOWN_CODEC)


def delay_impairment(one_way_delay_ms: float) -> float:
    d = max(0.0, one_way_delay_ms)
    id_ = 0.024 * d
    if d > _DELAY_KNEE_MS:
        id_ += 0.11 * (d - _DELAY_KNEE_MS)
    return id_


def effective_equipment_impairment(codec: CodecImpairment, loss_pct: float) -> float:
    ppl = min(max(loss_pct, 0.0), 100.0)
    return codec.ie + (95.0 - codec.ie) * ppl / (ppl + codec.bpl)


def r_factor(one_way_delay_ms: float, loss_pct: float, codec: CodecImpairment) -> float:
    return R_DEFAULT - delay_impairment(one_way_delay_ms) - effective_equipment_impairment(
        codec, loss_pct
    )


def mos_from_r(r: float) -> float:
    if r <= 0:
        return MOS_MIN
    if r >= 100:
        return MOS_MAX
    mos = 1.0 + 0.035 * r + r * (r - 60.0) * (100.0 - r) * 7e-6
    return round(min(max(mos, MOS_MIN), MOS_MAX), 2)


def one_way_delay_ms(rtt_ms: float, jitter_ms: float) -> float:
    """Mouth-to-ear estimate: half the network RTT, the jitter buffer, one frame."""
    return max(rtt_ms, 0.0) / 2.0 + _JITTER_BUFFER_FACTOR * max(jitter_ms, 0.0) + _FRAME_MS


def estimate_mos(rtt_ms: float, jitter_ms: float, loss_pct: float, codec_name: str) -> float:
    codec = codec_impairment(codec_name)
    return mos_from_r(r_factor(one_way_delay_ms(rtt_ms, jitter_ms), loss_pct, codec))
