"""MetricsRecorder over a recorded run with hand-chosen monotonic stamps: every latency and cost by hand."""

from __future__ import annotations

import json
import logging
import math

import pandas as pd
import pytest
from recorded_run import Cfg, Result, recorded_run

from rtkit.metrics import latency, pricing
from rtkit.metrics.pricing import PricingError
from rtkit.metrics.recorder import MetricsRecorder


@pytest.fixture
def rec() -> MetricsRecorder:
    r = MetricsRecorder(Cfg(), run_config={"model": "gpt-realtime", "api_key": "sk-secret", "voice": "marin"})
    r.add_speech_labels([(800.0, 1850.0)])
    for row in recorded_run():
        r.observe(*row)
    r.record_tool_call("call_1", "get_portfolio_summary", Result('{"total": 1}', True, None, False, False,
                                                              "finance", 14.02, 14.35))  # fmt: skip
    return r


def close(a, b):
    return a is not None and not (isinstance(a, float) and math.isnan(a)) and abs(a - b) < 1e-6


def test_turn_latencies_match_their_defining_stamps(rec):
    turns = rec.turns_df()
    assert list(turns["kind"]) == ["audio", "text"]
    t0, t1 = turns.iloc[0], turns.iloc[1]
    # label end 1850 ms lies halfway between appends in_ms=1800 (t=12.7) and 1900 (t=12.8) -> 12.75 s
    assert t0["speech_end_source"] == "label"
    assert close(t0["speech_end_t_s"], 12.75)
    assert close(t0["voice_to_voice_ms"], (14.80 - 12.75) * 1000)  # first audio delta of resp_2
    assert close(t0["voice_to_voice_played_ms"], (14.95 - 12.75) * 1000)  # rtkit.playback.start
    assert close(t0["endpointing_ms"], (13.55 - 12.75) * 1000)  # speech_stopped received
    assert close(t0["endpointing_audio_ms"], 2450 - 1850)  # audio_end_ms - label end
    assert close(t0["ttfb_ms"], (14.80 - 13.55) * 1000)  # speech_stopped -> first audio delta
    assert close(t0["response_ms"], (14.05 - 13.80) * 1000)  # first response: created -> done
    assert pd.isna(t0["ttft_ms"])  # resp_1 only called a tool: no delta
    assert close(t0["tool_ms"], (14.40 - 14.00) * 1000)
    assert close(t0["tool_roundtrip_ms"], (14.80 - 14.00) * 1000)
    assert close(t0["transcription_ms"], (14.10 - 13.55) * 1000)
    assert t0["transcript"] == "What is my portfolio summary?"
    # stages add up to voice-to-voice
    stages = [t0[f"stage_{s}_ms"] for s in latency.STAGES]
    assert close(sum(stages), t0["voice_to_voice_ms"])
    assert close(t0["stage_endpointing_ms"], 800) and close(t0["stage_tool_ms"], 400)
    assert close(t0["stage_response_start_ms"], 250) and close(t0["stage_model_ms"], 200)
    assert close(t0["stage_followup_ms"], 400)
    # text turn: response.create sent -> first text delta; no voice
    assert close(t1["ttfb_ms"], (16.30 - 16.01) * 1000)
    assert close(t1["ttft_ms"], (16.30 - 16.10) * 1000)
    assert pd.isna(t1["voice_to_voice_ms"])


def test_without_labels_speech_end_is_audio_end_minus_silence(rec):
    rec.labels.clear()
    t0 = rec.turns_df().iloc[0]
    # 2450 - 500 (session.updated silence_duration_ms) = 1950 -> between in_ms 1900 (12.8) and 2000 (12.9)
    assert t0["speech_end_source"] == "server_vad"
    assert close(t0["speech_end_ms"], 1950)
    assert close(t0["voice_to_voice_ms"], (14.80 - 12.85) * 1000)
    assert pd.isna(t0["endpointing_audio_ms"])


def test_responses_tools_sessions(rec):
    resp = rec.responses_df().set_index("response_id")
    assert close(resp.loc["resp_2", "ttft_ms"], (14.80 - 14.50) * 1000)
    assert close(resp.loc["resp_2", "response_ms"], (15.50 - 14.50) * 1000)
    assert close(resp.loc["resp_2", "output_audio_ms"], 300)
    assert resp.loc["resp_1", "function_calls"] == 1
    calls = rec.tool_calls_df()
    c = calls.iloc[0]
    assert c["call_id"] == "call_1" and c["name"] == "get_portfolio_summary"
    assert close(c["tool_ms"], 400) and close(c["tool_roundtrip_ms"], 800)
    assert close(c["mcp_ms"], (14.35 - 14.02) * 1000) and c["server"] == "finance" and bool(c["ok"])
    assert c["followup_response_id"] == "resp_2"
    s = rec.sessions_df().iloc[0]
    assert s["session_id"] == "sess_1" and s["model"] == "gpt-realtime-2025-08-28"
    assert close(s["session_init_ms"], 250) and close(s["connect_ms"], 50)
    assert s["silence_duration_ms"] == 500 and bool(s["ok"]) and s["close_code"] == 1000
    assert s["turns"] == 2 and s["responses"] == 3 and s["tool_calls"] == 1


def test_costs_are_tokens_times_prices(rec):
    resp = rec.responses_df().set_index("response_id")
    # gpt-realtime (dated name): text 4.00 / cached 0.40 / out 16.00, audio 32.00 / 0.40 / 64.00 per 1M
    c1 = (550 * 4.00 + 150 * 32.00 + (250 + 50) * 0.40 + 40 * 16.00) / 1e6  # = 0.00776
    c2 = (100 * 4.00 + 100 * 32.00 + (800 + 200) * 0.40 + 100 * 16.00 + 400 * 64.00) / 1e6  # = 0.0312
    c3 = (2000 * 4.00 + 50 * 16.00) / 1e6  # = 0.0088
    assert close(c1, 0.00776) and close(c2, 0.0312) and close(c3, 0.0088)
    assert close(resp.loc["resp_1", "cost_usd"], c1)
    assert close(resp.loc["resp_1", "cached_input_usd"], 300 * 0.40 / 1e6)
    assert close(resp.loc["resp_2", "output_audio_usd"], 400 * 64.00 / 1e6)
    assert close(resp.loc["resp_3", "cost_usd"], c3)
    assert close(resp.loc["resp_3", "cumulative_cost_usd"], c1 + c2 + c3)
    turns = rec.turns_df()
    transcription = (30 * 3.00 + 10 * 5.00) / 1e6  # gpt-4o-mini-transcribe: audio in 3.00, text out 5.00
    assert close(turns.iloc[0]["transcription_usd"], transcription)
    assert close(turns.iloc[0]["cost_usd"], c1 + c2 + transcription)
    assert close(turns.iloc[1]["cost_usd"], c3)
    s = rec.sessions_df().iloc[0]
    total = c1 + c2 + c3 + transcription
    assert close(s["cost_usd"], total)
    assert close(s["cost_per_min_usd"], total / (7.0 / 60.0))  # connect.start 10.0 -> closed 17.0
    assert s["total_tokens"] == 1040 + 1700 + 2050


def test_alerts_fire_once_and_log(rec, caplog):
    alerts = rec.alerts_df()
    got = {(a.kind, a.metric, a.turn) for a in alerts.itertuples()}
    assert ("latency", "voice_to_voice_ms", 0) in got  # 2050 ms > 1000
    assert ("latency", "voice_to_voice_played_ms", 0) in got
    assert ("latency", "ttfb_ms", 0) in got  # 1250 ms
    assert ("cost", "turn_cost_usd", 0) in got  # 0.03914 > 0.03
    assert ("cost", "turn_cost_usd", 1) not in got  # 0.0088
    assert not any(m == "tool_ms" for _, m, _ in got)  # 400 ms < 2000
    assert len(alerts) == len(got)
    caplog.set_level(logging.WARNING, logger="rtkit.metrics")
    r = MetricsRecorder(Cfg(tool_alert_ms=300.0))
    for row in recorded_run():
        r.observe(*row)
    assert any("tool_ms" in rec.message for rec in caplog.records)
    assert ("tool", "tool_ms") in {(a.kind, a.metric) for a in r.alerts_df().itertuples()}


def test_events_timeline_keeps_sizes_not_audio(rec):
    ev = rec.events_df()
    assert len(ev) == len(recorded_run())
    appends = ev[ev["type"] == "input_audio_buffer.append"]
    assert len(appends) == 30 and (appends["audio_ms"] == 100).all() and (appends["direction"] == "sent").all()
    assert "AAAA" not in ev.to_csv()
    deltas = ev[ev["type"] == "response.output_audio.delta"]
    assert list(deltas["audio_ms"]) == [100, 100, 100] and set(deltas["response_id"]) == {"resp_2"}
    stop = ev[ev["type"] == "input_audio_buffer.speech_stopped"].iloc[0]
    assert stop["audio_end_ms"] == 2450 and stop["item_id"] == "item_u1" and stop["session_id"] == "sess_1"
    assert set(ev[ev["direction"] == "local"]["type"]) == {
        "rtkit.connect.start", "rtkit.connected", "rtkit.playback.start", "rtkit.closed"
    }  # fmt: skip


def test_malformed_events_are_kept():
    r = MetricsRecorder()
    r.observe("received", {"type": "response.done", "response": None}, 1.0, 10, 0.0, 0.0)
    r.observe("received", {"no_type": 1}, 1.1, 5, 0.0, 0.0)
    r.observe("received", ["not", "a", "dict"], 1.2, 5, 0.0, 0.0)
    r.observe("received", {"type": "response.output_audio.delta"}, 1.3, 5, None, "bad")
    r.observe("received", {"type": "input_audio_buffer.speech_stopped", "audio_end_ms": "x"}, 1.4, -3, 0.0, 0.0)
    r.observe("received", {"type": "response.output_text.delta", "response_id": ["x"], "item_id": 7}, 1.5, 9, 0, 0)
    ev = r.events_df()
    assert list(ev["type"]) == [
        "response.done", "<no type>", "<not an object>", "response.output_audio.delta",
        "input_audio_buffer.speech_stopped", "response.output_text.delta",
    ]  # fmt: skip
    assert ev["response_id"].iloc[-1] == "['x']" and ev["item_id"].iloc[-1] == "7"
    assert ev["frame_bytes"].iloc[4] == 0 and math.isnan(ev["in_ms"].iloc[3])
    r.turns_df(), r.responses_df(), r.sessions_df(), r.summary()  # derived tables still build


def test_summary_and_save(rec, tmp_path):
    out = rec.save(tmp_path / "run")
    summary = json.loads((out / "summary.json").read_text())
    v2v = summary["latency"]["voice_to_voice_ms"]
    assert v2v["n"] == 1 and close(v2v["p50"], 2050)
    assert close(summary["latency"]["session_init_ms"]["p50"], 250)
    assert close(summary["latency"]["tool_ms"]["p99"], 400)
    assert summary["tool_calls"] == 1 and summary["tool_error_rate"] == 0.0
    assert summary["session_success_rate"] == 1.0
    cfg = json.loads((out / "config.json").read_text())
    assert "api_key" not in cfg["config"] and "sk-secret" not in (out / "config.json").read_text()
    assert cfg["config_hash"] == summary["config_hash"] and len(cfg["config_hash"]) == 12
    for name in ("events", "turns", "responses", "tool_calls", "sessions", "alerts"):
        assert (out / f"{name}.csv").exists() and (out / f"{name}.parquet").exists()
    assert len(pd.read_parquet(out / "events.parquet")) == len(rec)


def test_unknown_model_warns_once_naming_the_known_ones_and_costs_nan(caplog):
    caplog.set_level(logging.WARNING, logger="rtkit.metrics")
    rec = MetricsRecorder(model="gpt-imaginary")
    assert rec.price("gpt-imaginary") is None
    warnings = [r.getMessage() for r in caplog.records if "gpt-imaginary" in r.getMessage()]
    assert len(warnings) == 1 and "known models: gpt-realtime-2.1" in warnings[0]
    with pytest.raises(PricingError):
        pricing.realtime_pricing("gpt-imaginary")


def test_run_info_is_saved_and_changes_the_config_hash(tmp_path):
    from rtkit import RealtimeConfig

    hashes = []
    for pace in ("realtime", "fast"):
        rec = MetricsRecorder(RealtimeConfig())
        rec.set_run_info(endpoint="127.0.0.1:8765/v1/realtime", pace=pace)
        cfg = json.loads((rec.save(tmp_path / pace) / "config.json").read_text())
        assert cfg["run"] == {"endpoint": "127.0.0.1:8765/v1/realtime", "pace": pace}
        hashes.append(cfg["config_hash"])
    assert hashes[0] != hashes[1]


def test_reconnect_starts_a_new_connection_and_counts():
    r = MetricsRecorder(model="gpt-realtime-mini")
    seq = [
        ("local", {"type": "rtkit.connect.start"}, 1.0),
        ("received", {"type": "session.created", "session": {"id": "s1"}}, 1.2),
        ("local", {"type": "rtkit.reconnect", "reason": "dropped"}, 2.0),
        ("local", {"type": "rtkit.closed", "code": 1006}, 2.0),
        ("local", {"type": "rtkit.connect.start"}, 2.5),
        ("received", {"type": "session.created", "session": {"id": "s2"}}, 2.6),
        ("received", {"type": "session.updated", "session": {"id": "s2"}}, 2.9),
    ]
    for d, e, t in seq:
        r.observe(d, e, t, 10, 0.0, 0.0)
    s = r.sessions_df()
    assert list(s["session_id"]) == ["s1", "s2"] and list(s["reconnects"]) == [1, 0]
    assert list(s["ok"]) == [False, True] and close(s["session_init_ms"].iloc[1], 400)
    assert r.summary()["reconnects"] == 1 and r.summary()["session_success_rate"] == 0.5


def test_pure_mapping_and_stages():
    pts_ms, pts_t = [100.0, 200.0, 300.0], [1.0, 1.5, 1.6]
    assert latency.audio_to_monotonic(pts_ms, pts_t, 150.0) == 1.25
    assert latency.audio_to_monotonic(pts_ms, pts_t, 50.0) == 1.0  # clamped to the first append
    assert latency.audio_to_monotonic(pts_ms, pts_t, 999.0) == 1.6
    assert latency.audio_to_monotonic([], [], 10.0) is None
    st = latency.v2v_stages(1.0, 1.5, 1.6, None, None, 2.0)
    assert close(st["endpointing"], 500) and close(st["response_start"], 100) and close(st["model"], 400)
    assert st["tool"] is None and st["followup"] is None
    p = latency.percentiles([1, 2, 3, 4, None, float("nan")])
    assert p["p50"] == 2.5 and p["n"] == 4 and close(p["p90"], 3.7)


def test_disabled_recorder_records_nothing():
    r = MetricsRecorder(Cfg(enabled=False))
    r.observe("sent", {"type": "input_audio_buffer.append", "audio": "AA"}, 1.0, 10, 20.0, 0.0)
    assert len(r) == 0 and r.events_df().empty
