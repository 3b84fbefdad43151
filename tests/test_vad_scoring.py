"""Scoring turns against labels, the presets, the search and its Pareto view."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from rtkit import vad
from rtkit.vad import lab
from rtkit.vad.lab import Segment

DATA = Path(__file__).resolve().parent.parent / "data" / "vad"


def test_scores_by_hand():
    labels = [(1000.0, 2000.0), (4000.0, 6000.0)]
    turns = [
        Segment(700, 2300),  # covers the first utterance, ends 300 ms after it
        Segment(3000, 3300),  # no speech in it: a false start
        Segment(3700, 5000),  # ends inside the second utterance: a cut-off
        Segment(5000, 6500),  # closes the second utterance 500 ms late
    ]
    s = lab.score_turns([(turns, labels)])
    assert (s.utterances, s.turns, s.false_starts, s.early_cutoffs, s.merged, s.missed_ends) == (2, 4, 1, 1, 0, 0)
    assert s.missed_ms == 0 and s.speech_ms == 3000
    assert (s.eot_delay_p50_ms, s.eot_delay_p90_ms) == (400.0, pytest.approx(480.0))
    assert s.turns_per_utterance == 1.5
    w = lab.ScoreWeights()
    assert s.score == pytest.approx(w.false_start * 0.5 + w.cutoff * 0.5 + w.delay * 0.48)
    heavy = lab.score_turns([(turns, labels)], lab.ScoreWeights(false_start=10.0))
    assert heavy.score == pytest.approx(s.score + 9.0 * 0.5)


def test_missed_merged_and_audio_end():
    labels = [(1000.0, 2000.0), (2500.0, 3500.0), (5000.0, 6000.0)]
    # one turn hears the first two requests as one; the third runs to the end of the audio
    turns = [Segment(1200, 3800), Segment(4800, 6000, at_end=True)]
    s = lab.score_turns([(turns, labels)])
    assert s.missed_ms == 200 and s.missed_share == pytest.approx(200 / 3000)
    assert (s.merged, s.early_cutoffs, s.false_starts) == (1, 0, 0)
    assert s.missed_ends == 1  # the first utterance's end is inside the merged turn, nothing closes it
    # a turn closed by the end of the audio long after an utterance ended does not count as closing it
    s = lab.score_turns([([Segment(900, 9000, at_end=True)], [(1000.0, 2000.0)])])
    assert s.missed_ends == 1 and math.isnan(s.eot_delay_p90_ms)


def test_noise_only_counts_false_starts():
    s = lab.score_turns([([Segment(0, 500), Segment(900, 1500)], [])])
    assert (s.false_starts, s.utterances) == (2, 0)


@pytest.fixture(scope="module")
def recordings():
    return lab.load_recordings(DATA)


def test_simulation_from_cached_scores_equals_simulate(recordings):
    setting = lab.Setting("energy", vad.VADParams(threshold=0.4, silence_duration_ms=500))
    cache = lab.FrameScoreCache()
    for rec in recordings:
        direct = lab.turns(lab.simulate(rec.pcm, setting.params))
        assert lab.search.detect(rec, setting, cache) == direct
    patient = vad.VADParams(silence_duration_ms=1000)  # longer than the pauses inside the cut-off turn
    ends = {r.name: lab.turns(lab.simulate(r.pcm, patient))[-1] for r in recordings if r.segments}
    assert ends["ends_mid_utterance.wav"].at_end
    assert not ends["card_number_clean.wav"].at_end
    assert lab.turns(lab.simulate(recordings[0].pcm))  # every recording with speech yields turns


def test_search_ranks_and_beats_the_presets(recordings):
    settings = lab.grid(["energy"], silence_ms=(200, 600, 1000))
    df = lab.evaluate(recordings, settings)
    assert len(df) == len(settings) and df["score"].is_monotonic_increasing
    assert set(df["segments"][0]) == {r.name for r in recordings}
    table = lab.compare_with_presets(recordings, settings)
    assert sorted(table["setting"].tolist()[1:]) == sorted(lab.PRESETS)
    default = table.set_index("setting").loc["server_vad default"]
    assert table["score"][0] < default["score"]
    front = lab.pareto(df)
    assert len(front) >= 1
    for _, row in front.iterrows():
        better = df[(df.eot_delay_p90_ms < row.eot_delay_p90_ms) & (df.early_cutoffs < row.early_cutoffs)]
        assert better.empty


def test_random_settings_are_reproducible():
    a = lab.random_settings(20, ["energy", "silero"], seed=3)
    assert a == lab.random_settings(20, ["energy", "silero"], seed=3)
    assert all(0.2 <= s.params.threshold <= 0.9 and 100 <= s.params.silence_duration_ms <= 1200 for s in a)


def test_labels_are_checked(tmp_path):
    (tmp_path / "labels.json").write_text('{"a.wav": {"segments": [{"start_ms": 5}]}}')
    with pytest.raises(ValueError, match="'a.wav' needs segments with start_ms and end_ms"):
        lab.load_labels(tmp_path / "labels.json")
    (tmp_path / "labels.json").write_text('{"a.wav": {"segments": [{"start_ms": 5, "end_ms": 1}]}}')
    with pytest.raises(ValueError, match="start_ms 5.0 after end_ms 1.0"):
        lab.load_labels(tmp_path / "labels.json")
    with pytest.raises(ValueError, match="no audio files"):
        lab.load_recordings(tmp_path)


def test_presets_follow_the_anchors_defaults():
    p = lab.PRESETS
    assert p["server_vad default"].params.turn_detection() == {
        "type": "server_vad",
        "threshold": 0.5,
        "prefix_padding_ms": 300,
        "silence_duration_ms": 200,
    }
    assert (p["pipecat silero"].params.threshold, p["pipecat silero"].params.silence_duration_ms) == (0.7, 800)
    lk = p["livekit silero"].params
    assert (lk.threshold, lk.silence_duration_ms, lk.prefix_padding_ms, lk.start_ms) == (0.5, 550, 500, 50)
    assert np.isfinite(vad.EnergyScorer().threshold_dbfs(p["server_vad default"].params.threshold))
