"""Frame scorers: the energy scorer's dBFS mapping, and the model scorers on real (synthesized) speech."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from rtkit import vad
from rtkit.audio import load_audio
from rtkit.vad import scorers

DATA = Path(__file__).resolve().parent.parent / "data" / "vad"
RATE = 24000


def tone_at(dbfs: float, ms: int = 20) -> np.ndarray:
    t = np.arange(ms * RATE // 1000) / RATE
    amplitude = 10 ** (dbfs / 20) * np.sqrt(2)  # a sine's RMS is its amplitude / sqrt(2)
    return np.round(amplitude * 32767 * np.sin(2 * np.pi * 440 * t)).astype(np.int16)


def test_energy_threshold_maps_to_dbfs():
    scorer = vad.EnergyScorer()
    assert scorer.threshold_dbfs(0.5) == -40.0
    assert scorer.threshold_dbfs(0.0) == -70.0 and scorer.threshold_dbfs(1.0) == -10.0
    for level in (-60.0, -40.0, -25.0):
        score = scorer.score_frames(tone_at(level)[None, :])[0]
        assert scorer.threshold_dbfs(score) == pytest.approx(level, abs=0.05)


def test_energy_scorer_matches_the_plain_formula():
    rng = np.random.default_rng(1)
    frames = rng.integers(-20000, 20000, size=(50, 480)).astype(np.int16)
    x = frames.astype(np.float64) / 32768.0
    plain = np.clip((20 * np.log10(np.sqrt((x * x).mean(axis=1)) + 1e-10) + 70) / 60, 0, 1)
    np.testing.assert_allclose(vad.EnergyScorer().score_frames(frames), plain, atol=1e-6)


def _speech_and_noise() -> tuple[np.ndarray, list[tuple[float, float]], np.ndarray]:
    labels = json.loads((DATA / "labels.json").read_text())
    name = "card_number_clean.wav"
    segs = [(s["start_ms"], s["end_ms"]) for s in labels[name]["segments"]]
    return load_audio(DATA / name), segs, load_audio(DATA / "noise_only.wav")


@pytest.mark.parametrize("name", ["webrtc", "ten", "silero"])
def test_model_scorers_tell_speech_from_noise(name):
    try:
        scorer = vad.make_scorer(name)
    except vad.ScorerUnavailable as exc:
        pytest.skip(str(exc))
    speech, segs, noise = _speech_and_noise()
    scores = vad.score_audio(speech, scorer)
    assert len(scores) == len(speech) // (scorer.frame_ms * 24)
    assert 0.0 <= scores.min() and scores.max() <= 1.0
    t = np.arange(len(scores)) * scorer.frame_ms
    inside = np.zeros(len(scores), bool)
    for start, end in segs:
        inside |= (t >= start) & (t < end)
    assert scores[inside].mean() > scores[~inside].mean() + 0.3
    assert vad.score_audio(noise, scorer).mean() < scores[inside].mean() - 0.2  # WebRTC VAD is fooled by hum
    # a fresh stream gives the same scores again: state is reset between recordings
    np.testing.assert_allclose(vad.score_audio(speech, scorer), scores, atol=1e-6)


def test_a_missing_package_names_the_pip_command():
    with pytest.raises(vad.ScorerUnavailable, match="pip install some-vad-wheel"):
        scorers._require("rtkit_no_such_module", "pip install some-vad-wheel")
    with pytest.raises(ValueError, match="scorer: 'magic' is unknown"):
        vad.make_scorer("magic")
    with pytest.raises(ValueError, match="frame_ms"):
        vad.SileroScorer(frame_ms=20)


def test_silero_runs_from_the_wheels_onnx_file_without_torch():
    try:
        path = scorers.silero_model_path()
    except vad.ScorerUnavailable as exc:
        pytest.skip(str(exc))
    assert path.name == "silero_vad.onnx" and "silero_vad" in path.parts
    import sys

    assert "torch" not in sys.modules
