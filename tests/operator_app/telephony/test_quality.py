import pytest

from operator_app.telephony.quality import (
    MOS_MAX,
    MOS_MIN,
    codec_impairment,
    delay_impairment,
    effective_equipment_impairment,
    estimate_mos,
    mos_from_r,
    one_way_delay_ms,
    r_factor,
)


def test_perfect_g711_line_scores_toll_quality() -> None:
    mos = estimate_mos(rtt_ms=0.0, jitter_ms=0.0, loss_pct=0.0, codec_name="PCMU/8000")
    assert 4.3 <= mos <= MOS_MAX


def test_r_93_2_maps_to_g107_reference_mos() -> None:
    # G.107 Annex B: R = 93.2 (default, no impairments) gives MOS ≈ 4.41.
    assert mos_from_r(93.2) == pytest.approx(4.41, abs=0.01)


@pytest.mark.parametrize(("r", "mos"), [(-5.0, MOS_MIN), (0.0, MOS_MIN), (100.0, MOS_MAX)])
def test_mos_is_clamped(r: float, mos: float) -> None:
    assert mos_from_r(r) == mos


def test_loss_lowers_mos_monotonically() -> None:
    scores = [estimate_mos(40.0, 5.0, loss, "PCMA") for loss in (0.0, 1.0, 5.0, 20.0)]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > scores[-1]


def test_delay_above_knee_hurts_more() -> None:
    below = delay_impairment(177.3) - delay_impairment(100.0)
    above = delay_impairment(254.6) - delay_impairment(177.3)
    assert above > 3 * below


def test_effective_impairment_uses_codec_robustness() -> None:
    g711 = codec_impairment("PCMU")
    assert effective_equipment_impairment(g711, 0.0) == 0.0
    # Ie_eff = 0 + 95 * 5 / (5 + 25.1)
    assert effective_equipment_impairment(g711, 5.0) == pytest.approx(95 * 5 / 30.1)


def test_unknown_codec_falls_back_to_g711_figures() -> None:
    assert codec_impairment("l16/44100") == codec_impairment("pcma")


def test_low_bitrate_codec_scores_lower_than_g711() -> None:
    gsm = r_factor(50.0, 0.0, codec_impairment("GSM"))
    assert gsm < r_factor(50.0, 0.0, codec_impairment("PCMU"))


def test_one_way_delay_counts_half_rtt_jitter_buffer_and_frame() -> None:
    assert one_way_delay_ms(100.0, 10.0) == pytest.approx(50.0 + 20.0 + 20.0)
