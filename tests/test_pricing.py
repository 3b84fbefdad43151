"""Price table: every listed model, dated names, overrides, cached tokens, transcription."""

from __future__ import annotations

import pytest

from rtkit.metrics import pricing
from rtkit.metrics.pricing import Pricing, PricingError, TranscriptionPricing


@pytest.mark.parametrize(
    "model",
    [
        "gpt-realtime-2.1",
        "gpt-realtime-2.1-mini",
        "gpt-realtime-2",
        "gpt-realtime-1.5",
        "gpt-realtime",
        "gpt-realtime-mini",
        "gpt-4o-realtime-preview",
        "gpt-4o-mini-realtime-preview",
    ],
)
def test_every_listed_model_has_a_price(model):
    p = pricing.realtime_pricing(model)
    assert p.text_in > p.text_cached > 0 and p.audio_out > p.audio_in > 0


def test_dated_names_map_to_their_base():
    assert pricing.realtime_pricing("gpt-realtime-2025-08-28") == pricing.realtime_pricing("gpt-realtime")
    assert pricing.realtime_pricing("gpt-4o-realtime-preview-2024-12-17").text_in == 5.00
    assert pricing.base_model("gpt-realtime-mini-2025-10-06") == "gpt-realtime-mini"


def test_unknown_model_names_the_model_and_the_known_ones():
    with pytest.raises(PricingError) as err:
        pricing.realtime_pricing("gpt-voice-9")
    msg = str(err.value)
    assert "gpt-voice-9" in msg and "gpt-realtime-2.1-mini" in msg and "prices=" in msg
    with pytest.raises(PricingError, match="whisper-1"):
        pricing.transcription_pricing("my-asr")


def test_overrides_by_dict_and_object():
    own = Pricing(1, 0.1, 2, 3, 0.3, 4)
    assert pricing.realtime_pricing("gpt-voice-9", own) is own
    assert pricing.realtime_pricing("gpt-voice-9", {"gpt-voice-9": own}) is own
    p = pricing.realtime_pricing("gpt-realtime-2025-08-28", {"gpt-realtime": {"text_in": 1, "text_cached": 0.5,
                                 "text_out": 2, "audio_in": 3, "audio_cached": 1, "audio_out": 6}})  # fmt: skip
    assert p.text_in == 1 and p.image_in is None
    with pytest.raises(ValueError, match="unknown field 'txt_in'"):
        pricing.realtime_pricing("x", {"x": {"txt_in": 1}})
    t = pricing.transcription_pricing("my-asr", {"my-asr": TranscriptionPricing(per_minute=0.01)})
    assert pricing.transcription_cost({"type": "duration", "seconds": 30}, t) == pytest.approx(0.005)


def test_doc_example_usage_cached_not_double_counted():
    # realtime-protocol.md §6: 253 = in 132 (text 119, audio 13; cached 64 text) + out 121 (text 30, audio 91)
    usage = {
        "total_tokens": 253,
        "input_tokens": 132,
        "output_tokens": 121,
        "input_token_details": {
            "text_tokens": 119,
            "audio_tokens": 13,
            "cached_tokens": 64,
            "cached_tokens_details": {"text_tokens": 64, "audio_tokens": 0},
        },  # fmt: skip
        "output_token_details": {"text_tokens": 30, "audio_tokens": 91},
    }
    tok = pricing.usage_tokens(usage)
    assert tok["cached_text_tokens"] == 64 and tok["input_tokens"] == 132 and tok["total_tokens"] == 253
    c = pricing.usage_cost(tok, pricing.realtime_pricing("gpt-realtime-2.1"))
    # per 1M: text (119-64)*4.00 = 220, cached 64*0.40 = 25.6, audio 13*32.00 = 416,
    # out 30*24.00 + 91*64.00 = 720 + 5824; total 7205.6
    expected = (55 * 4.00 + 64 * 0.40 + 13 * 32.00 + 30 * 24.00 + 91 * 64.00) / 1e6
    assert c["cost_usd"] == pytest.approx(expected) and expected == pytest.approx(0.0072056)
    assert c["cached_input_usd"] == pytest.approx(64 * 0.40 / 1e6)


def test_cached_total_without_details_goes_to_text_then_audio():
    usage = {"input_token_details": {"text_tokens": 10, "audio_tokens": 100, "cached_tokens": 50}}
    tok = pricing.usage_tokens(usage)
    assert (tok["cached_text_tokens"], tok["cached_audio_tokens"]) == (10, 40)
    c = pricing.usage_cost(tok, pricing.realtime_pricing("gpt-realtime-mini"))
    assert c["cost_usd"] == pytest.approx((10 * 0.06 + 60 * 10.00 + 40 * 0.30) / 1e6)


def test_image_tokens_need_an_image_rate():
    tok = pricing.usage_tokens({"input_token_details": {"image_tokens": 1000, "cached_tokens": 0}})
    assert pricing.usage_cost(tok, pricing.realtime_pricing("gpt-realtime"))["input_image_usd"] == pytest.approx(
        1000 * 5.00 / 1e6
    )
    with pytest.raises(PricingError, match="image"):
        pricing.usage_cost(tok, pricing.realtime_pricing("gpt-realtime-mini"))


def test_transcription_costs():
    whisper = pricing.transcription_pricing("whisper-1")
    assert pricing.transcription_cost({"type": "duration", "seconds": 90}, whisper) == pytest.approx(0.009)
    rw = pricing.transcription_pricing("gpt-realtime-whisper")
    assert pricing.transcription_cost({"type": "duration", "seconds": 60}, rw) == pytest.approx(0.017)
    mini = pricing.transcription_pricing("gpt-4o-mini-transcribe")
    usage = {"type": "tokens", "input_tokens": 40, "output_tokens": 8,
             "input_token_details": {"text_tokens": 10, "audio_tokens": 30}}  # fmt: skip
    assert pricing.transcription_cost(usage, mini) == pytest.approx((30 * 3.00 + 10 * 1.25 + 8 * 5.00) / 1e6)
    assert pricing.transcription_cost({"type": "tokens", "input_tokens": 5}, whisper) is None
    assert pricing.transcription_cost(None, mini) is None
    assert pricing.PRICING_VERSION[:4].isdigit()
