"""Recognition of real voices: recordings of people reading ordinary sentences come out as those sentences,
not as strings of tool words, while synthetic tool requests still come out in tool words (PocketSphinx's two
passes, and Moonshine)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from spoken_tools import EXAMPLE_INSTRUCTIONS, EXAMPLE_TOOLS

from rtkit.audio import SAMPLE_RATE, load_audio
from rtkit.local.speech.asr import Recognizer, default_engine
from rtkit.local.speech.engines import vocabulary

DATA = Path(__file__).resolve().parent.parent / "data"
HUMAN = DATA / "human"
WORDS = vocabulary(EXAMPLE_TOOLS, EXAMPLE_INSTRUCTIONS)


@pytest.fixture
def recognizer(recognizer_for) -> Recognizer:
    return recognizer_for("pocketsphinx")


def words_of(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


def matched(ref: list[str], hyp: list[str]) -> int:
    """Reference words found in order in the hypothesis (longest common subsequence)."""
    row = [0] * (len(hyp) + 1)
    for r in ref:
        prev = 0
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], prev + 1 if r == h else max(row[j], row[j - 1])
    return row[-1]


def test_human_recordings_are_listed_with_transcripts_and_licence():
    labels = json.loads((HUMAN / "transcripts.json").read_text())
    assert len(labels) == 11 and (HUMAN / "LICENSE").exists()
    assert "public domain" in (HUMAN / "README.md").read_text()
    for name, label in labels.items():
        pcm = load_audio(HUMAN / name)
        assert label["duration_ms"] == pytest.approx(1000 * len(pcm) / SAMPLE_RATE, abs=1)
        assert words_of(label["text"]) and label["source"].startswith("test/data/")


@pytest.mark.parametrize("name", ["goforward.flac", "cards_005.flac", "librivox_0880.flac"])
def test_ordinary_sentences_of_real_voices_are_heard_as_sentences(recognizer, name):
    ref = words_of(json.loads((HUMAN / "transcripts.json").read_text())[name]["text"])
    heard = recognizer.recognize(load_audio(HUMAN / name), WORDS)
    assert not heard.constrained  # the open-vocabulary pass fits the sound better
    kept, forced = matched(ref, words_of(heard.text)), matched(ref, words_of(heard.constrained_text))
    assert kept >= 0.6 * len(ref) and kept > forced


def test_synthetic_tool_requests_keep_the_constrained_pass(recognizer):
    heard = recognizer.recognize(load_audio(DATA / "portfolio_summary.wav"), WORDS)
    assert heard.constrained and {"portfolio", "summary"} <= set(heard.text.split())
    assert "summary" not in heard.open_text.split()  # what the open pass alone would have given


@pytest.mark.slow
def test_the_default_engine_hears_real_voices_and_synthetic_requests(recognizer_for):
    # Measured: Moonshine, the default, 91 of the 96 reference words of the eleven recordings, in order (word error
    # rate 5.2 %, bench/bench_spoken_tools.py); PocketSphinx with the session's words 70; the combined engine 82
    # (22.9 %): two card phrases hold none of the session's words for Moonshine, and PocketSphinx's session-
    # vocabulary pass, which fits them better, makes them tool words.
    default = recognizer_for(default_engine())
    labels = json.loads((HUMAN / "transcripts.json").read_text())
    found = total = 0
    for name, label in labels.items():
        ref = words_of(label["text"])
        found += matched(ref, words_of(default.transcribe(load_audio(HUMAN / name), WORDS)))
        total += len(ref)
    assert found >= 0.9 * total, (found, total)
    heard = words_of(default.transcribe(load_audio(DATA / "portfolio_summary.wav"), WORDS))
    assert {"portfolio", "summary"} <= set(heard), heard
