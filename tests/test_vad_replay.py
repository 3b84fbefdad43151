"""Replay through a real session against the local server: the server's turns equal the simulation's."""

from __future__ import annotations

from pathlib import Path

from rtkit import vad
from rtkit.vad import lab
from rtkit.vad.lab.replay import replay, server_turns

DATA = Path(__file__).resolve().parent.parent / "data" / "vad"


async def test_replay_matches_the_simulation_for_energy_settings():
    recs = [r for r in lab.load_recordings(DATA) if r.name in {"starts_with_speech.wav", "ends_mid_utterance.wav"}]
    settings = [lab.PRESETS["server_vad default"], lab.Setting("energy", vad.VADParams(silence_duration_ms=900))]
    table = await replay(recs, settings)
    assert table["files"].tolist() == [2, 2]
    assert table["files_identical"].tolist() == [2, 2], table
    assert (table["server_score"] == table["sim_score"]).all()
    assert table["server_early_cutoffs"][0] > table["server_early_cutoffs"][1]  # the short window cuts people off


def test_server_turns_close_an_open_turn_at_the_end():
    events = [
        {"type": "input_audio_buffer.speech_started", "audio_start_ms": 1200},
        {"type": "input_audio_buffer.speech_stopped", "audio_end_ms": 2500},
        {"type": "input_audio_buffer.speech_started", "audio_start_ms": 3000},
    ]
    assert server_turns(events, 1000, 4000) == [lab.Segment(200, 1500), lab.Segment(2000, 4000, at_end=True)]
