"""Server VAD: scorer, state machine timing, chunking independence, idle timeout, and equality with the
server."""

from __future__ import annotations

import base64

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rtkit import vad
from rtkit.audio import chunk_pcm, pad_silence
from rtkit.vad import lab

RATE = 24000


def tone(ms: int, amplitude: float = 0.3, freq: float = 220.0) -> np.ndarray:
    t = np.arange(ms * RATE // 1000) / RATE
    return (amplitude * 32767 * np.sin(2 * np.pi * freq * t)).astype(np.int16)


def silence(ms: int) -> np.ndarray:
    return np.zeros(ms * RATE // 1000, dtype=np.int16)


def signal(*parts: tuple[str, int]) -> np.ndarray:
    return np.concatenate([tone(ms) if kind == "speech" else silence(ms) for kind, ms in parts])


def test_energy_scorer_is_monotonic_in_loudness():
    scorer = vad.EnergyScorer()
    frames = np.stack([tone(20, a) for a in (0.0, 0.001, 0.01, 0.1, 0.9)])
    scores = scorer.score_frames(frames)
    assert scores[0] == 0.0
    assert list(scores) == sorted(scores)
    assert scores[-1] > 0.9 and 0.0 < scores[2] < 0.9


def test_turn_timestamps_follow_padding_and_silence():
    params = vad.VADParams(threshold=0.5, prefix_padding_ms=300, silence_duration_ms=200)
    events = lab.simulate(signal(("silence", 1000), ("speech", 800), ("silence", 600)), params)
    assert events == [
        vad.VADEvent("speech_started", audio_start_ms=1000 - 300),
        vad.VADEvent("speech_stopped", audio_end_ms=1000 + 800 + 200),
        vad.VADEvent("committed"),
    ]


def test_speech_at_the_very_start_and_past_the_end_is_reported():
    params = vad.VADParams(prefix_padding_ms=300, silence_duration_ms=200)
    # speech from the first sample: padding cannot reach before 0
    assert lab.simulate(signal(("speech", 700), ("silence", 400)), params) == [
        vad.VADEvent("speech_started", audio_start_ms=0),
        vad.VADEvent("speech_stopped", audio_end_ms=900),
        vad.VADEvent("committed"),
    ]
    # speech from the first sample to the last: one turn, closed by the end of the audio, nothing committed
    assert lab.simulate(signal(("speech", 1230)), params) == [
        vad.VADEvent("speech_started", audio_start_ms=0),
        vad.VADEvent("speech_stopped", audio_end_ms=1230, at_end=True),
    ]
    # speech starting 30 ms in and running out; a trailing gap shorter than the silence window stays open
    events = lab.simulate(signal(("silence", 30), ("speech", 500), ("silence", 100), ("speech", 300)), params)
    assert lab.turns(events) == [lab.Segment(0, 930, at_end=True)]
    assert lab.speech_segments(events) == [(0, 930)]
    # a second turn running out after a complete first one
    events = lab.simulate(signal(("speech", 400), ("silence", 500), ("speech", 260)), params)
    assert lab.turns(events) == [lab.Segment(0, 600), lab.Segment(600, 1160, at_end=True)]


def test_short_gaps_do_not_end_a_turn_but_long_ones_do():
    params = vad.VADParams(silence_duration_ms=300)
    audio = signal(
        ("speech", 500),
        ("silence", 200),
        ("speech", 500),
        ("silence", 400),
        ("speech", 300),
        ("silence", 400),
    )
    events = lab.simulate(audio, params)
    # the second onset (1600) minus 300 ms of padding would reach back into the first turn: clamped
    assert lab.speech_segments(events) == [(0, 1200 + 300), (1500, 1900 + 300)]
    assert events[3].audio_start_ms >= events[1].audio_end_ms


def test_clicks_shorter_than_start_ms_are_ignored_and_threshold_gates_quiet_sound():
    assert lab.simulate(signal(("silence", 500), ("speech", 40), ("silence", 500))) == []
    quiet = np.concatenate([silence(200), tone(600, amplitude=0.003), silence(600)])  # about -53 dBFS
    assert lab.simulate(quiet, vad.VADParams(threshold=0.5)) == []
    assert lab.speech_segments(lab.simulate(quiet, vad.VADParams(threshold=0.2))) == [(0, 1000)]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=3000), min_size=1, max_size=40))
def test_events_do_not_depend_on_chunking(sizes):
    audio = signal(("silence", 300), ("speech", 700), ("silence", 500), ("speech", 400), ("silence", 400))
    params = vad.VADParams(silence_duration_ms=250, prefix_padding_ms=100)
    expected = [e for e in lab.simulate(audio, params) if e.type != "committed"]
    detector = vad.VoiceActivityDetector(params)
    got, pos, i = [], 0, 0
    while pos < len(audio):
        n = sizes[i % len(sizes)]
        got += detector.feed(audio[pos : pos + n])
        pos, i = pos + n, i + 1
    assert got == expected
    assert len(expected) == 4


def test_idle_timeout_counts_silence_after_a_turn():
    params = vad.VADParams(silence_duration_ms=200, idle_timeout_ms=5000)
    events = lab.simulate(signal(("speech", 500), ("silence", 6000)), params)
    assert [e.type for e in events] == [
        "speech_started",
        "speech_stopped",
        "committed",
        "timeout_triggered",
        "committed",
    ]
    assert events[1].audio_end_ms == 700
    assert (events[3].audio_start_ms, events[3].audio_end_ms) == (700, 5700)


def test_speech_disarms_idle_and_arm_idle_moves_later():
    det = vad.VoiceActivityDetector(vad.VADParams(idle_timeout_ms=5000))
    det.arm_idle(0)
    det.arm_idle(2000)
    det.arm_idle(1000)  # earlier: ignored
    events = det.feed(silence(6900))
    assert events == []
    assert [e.type for e in det.feed(silence(200))] == ["timeout_triggered"]
    assert det.feed(silence(10000)) == []  # fires once per arming


def test_params_from_turn_detection():
    assert vad.VADParams.from_turn_detection(None) is None
    p = vad.VADParams.from_turn_detection({"type": "server_vad", "threshold": 0.7, "silence_duration_ms": 500})
    assert (p.threshold, p.silence_duration_ms, p.prefix_padding_ms) == (0.7, 500, 300)
    high = vad.VADParams.from_turn_detection({"type": "semantic_vad", "eagerness": "high"})
    low = vad.VADParams.from_turn_detection({"type": "semantic_vad", "eagerness": "low"})
    assert high.silence_duration_ms < low.silence_duration_ms
    with pytest.raises(ValueError, match="threshold"):
        vad.VADParams(threshold=1.5)
    with pytest.raises(ValueError, match="turn_detection.type"):
        vad.VADParams.from_turn_detection({"type": "magic"})


def test_custom_scorer_plugs_in():
    class Oracle:
        frame_ms = 30

        def score_frames(self, frames):
            return (np.abs(frames).max(axis=1) > 1000).astype(float)

    events = lab.simulate(signal(("silence", 600), ("speech", 600), ("silence", 600)), scorer=Oracle())
    assert lab.speech_segments(events) == [(600 - 300, 1200 + 210)]  # 30 ms frames: 210 ms of silence


async def test_offline_simulation_matches_the_server(local_server, connect, portfolio_pcm):
    """The same audio and settings give the same VAD events offline and over a socket."""
    td = {"type": "server_vad", "threshold": 0.5, "prefix_padding_ms": 200, "silence_duration_ms": 400}
    audio = np.concatenate(
        [silence(700), portfolio_pcm, silence(900), portfolio_pcm[: len(portfolio_pcm) // 2], silence(800)]
    )
    td_server = {**td, "create_response": False, "idle_timeout_ms": 5000}
    audio = pad_silence(audio, 5600)
    expected = lab.simulate(audio, vad.VADParams.from_turn_detection(td_server))
    assert len(expected) >= 5
    async with connect(local_server) as client:
        await client.send(
            {
                "type": "session.update",
                "session": {"type": "realtime", "audio": {"input": {"turn_detection": td_server}}},
            }
        )
        await client.until("session.updated")
        for chunk in chunk_pcm(audio, 37):
            await client.send({"type": "input_audio_buffer.append", "audio": base64.b64encode(chunk).decode()})
        await client.until("input_audio_buffer.timeout_triggered")
        await client.until("input_audio_buffer.committed")
    names = {
        "input_audio_buffer.speech_started": "speech_started",
        "input_audio_buffer.speech_stopped": "speech_stopped",
        "input_audio_buffer.timeout_triggered": "timeout_triggered",
        "input_audio_buffer.committed": "committed",
    }
    got = [
        vad.VADEvent(names[e["type"]], e.get("audio_start_ms"), e.get("audio_end_ms"))
        for e in client.events
        if e["type"] in names
    ]
    assert got == expected


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.booleans(), max_size=300),
    st.integers(0, 200),
    st.integers(0, 800),
    st.integers(0, 500),
    st.sampled_from([10, 16, 20, 30, 32]),
    st.integers(1, 50),
)
def test_run_by_run_stepping_equals_frame_by_frame(flags, start_ms, silence_ms, prefix_ms, frame_ms, split):
    """Without an idle timer the detector steps over whole runs of speech or silence; it must agree with the
    frame-by-frame machine exactly, however the scores arrive."""

    class Grid:
        def __init__(self):
            self.frame_ms = frame_ms

    params = vad.VADParams(start_ms=start_ms, silence_duration_ms=silence_ms, prefix_padding_ms=prefix_ms)
    scores = np.array(flags, dtype=float)
    by_frame = vad.VoiceActivityDetector(params, Grid())
    expected: list = []
    for f in flags:
        by_frame._step(f, expected)
    by_run = vad.VoiceActivityDetector(params, Grid())
    got = by_run.feed_scores(scores[:split]) + by_run.feed_scores(scores[split:])
    assert got == expected
    assert (by_run._state, by_run._run, by_run._pos) == (by_frame._state, by_frame._run, by_frame._pos)
    assert by_run.finish() == by_frame.finish()
