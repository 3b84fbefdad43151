"""Run folders: save, load, summarise, compare, plot."""

from __future__ import annotations

import json

import pytest
from recorded_run import Cfg, recorded_run

from rtkit.metrics import report
from rtkit.metrics.recorder import MetricsRecorder


def _save(tmp_path, name, silence_ms, labels=True):
    cfg = {"model": "gpt-realtime", "api_key": "sk-do-not-keep", "turn_detection": {"silence_duration_ms": silence_ms}}
    r = MetricsRecorder(Cfg(), run_config=cfg)
    if labels:
        r.add_speech_labels([(800.0, 1850.0)])
    for row in recorded_run():
        r.observe(*row)
    return r.save(tmp_path / name)


def test_load_and_format_summary(tmp_path):
    run = report.load_run(_save(tmp_path, "a", 500))
    assert run.config["turn_detection"]["silence_duration_ms"] == 500 and "api_key" not in run.config
    assert run.labels == [(800.0, 1850.0)]
    assert len(run.turns) == 2 and run.turns["voice_to_voice_ms"].iloc[0] == pytest.approx(2050.0)
    text = report.format_summary(run)
    assert "voice_to_voice_ms" in text and "2050.0" in text and "session_init_ms" in text
    assert "$0.0479" in text  # 0.00776 + 0.0312 + 0.0088 + transcription 0.00014
    assert "sk-do-not-keep" not in text and "sk-do-not-keep" not in (run.path / "config.json").read_text()


def test_compare_runs_shows_differing_settings(tmp_path):
    a, b = _save(tmp_path, "a", 500), _save(tmp_path, "b", 800, labels=False)
    df = report.compare_runs([a, b])
    assert list(df["config.turn_detection.silence_duration_ms"]) == [500, 800]
    assert df["config_hash"].nunique() == 2
    assert df["voice_to_voice_ms_p50"].iloc[0] == pytest.approx(2050.0)
    assert df["voice_to_voice_ms_p50"].iloc[1] == pytest.approx(1950.0)  # no labels: 2450 - 500 ms silence -> 12.85 s
    assert "config.model" not in df and df["model"].iloc[0] == "gpt-realtime-2025-08-28"


def test_write_plots(tmp_path):
    paths = report.write_plots(_save(tmp_path, "a", 500))
    assert {p.name for p in paths} == {
        "turn_latency_breakdown.png", "latency_percentiles.png", "cumulative_usage.png", "tool_latency.png",
        "timeline.png",
    }  # fmt: skip
    assert all(p.stat().st_size > 5000 for p in paths)


def test_not_a_run_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="summary.json"):
        report.load_run(tmp_path)
    (tmp_path / "summary.json").write_text(json.dumps({"latency": {}}))
    run = report.load_run(tmp_path)  # tables missing: empty frames, summary still prints
    assert run.turns.empty and "0 turn(s)" in report.format_summary(run)


async def test_save_run_writes_a_complete_folder_from_a_notebook_session(tmp_path, local_server):
    """The library writes what ``rtkit run --out`` writes: tables, summary, config, both audio tracks, transcript."""
    import numpy as np
    import soundfile as sf

    from rtkit import RealtimeConfig, RealtimeSession, save_run

    config = RealtimeConfig(model="gpt-realtime")
    recorder = MetricsRecorder(config)
    async with RealtimeSession(config, recorder=recorder, url=local_server.url) as session:
        await session.send_text("Hello there")
        await session.stream_audio(np.zeros(4800, dtype=np.int16), pace=False)
    out = save_run(tmp_path / "nb", recorder, session)
    for name in ("summary.json", "config.json", "turns.csv", "events.csv", "input.wav", "assistant.wav"):
        assert (out / name).is_file(), name
    assert sf.info(str(out / "input.wav")).frames == 4800
    assert sf.info(str(out / "assistant.wav")).frames == session.conversation.assistant_record.samples > 0
    lines = [json.loads(x) for x in (out / "transcript.jsonl").read_text().splitlines()]
    assert [x["role"] for x in lines][:2] == ["user", "assistant"] and lines[0]["text"] == "Hello there"
    run = report.load_run(out)
    assert len(run.turns) >= 1 and run.config["model"] == "gpt-realtime"
