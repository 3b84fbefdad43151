"""Speech the recognizer was not built for: requests for tools that appear nowhere else in the project, in five
espeak-ng voices and rates, and identifiers read out character by character, through the default engine (one
loaded recognizer for the run; the engines side by side: ``bench/bench_spoken_tools.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rtkit.local.speech.asr import default_engine
from rtkit.local.spoken_corpus import SpokenOutcome, Voices, identifier_filled, load_corpus, run_spoken_cases

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def voices() -> Voices:
    made = Voices()
    if not made.available:
        pytest.skip("espeak-ng is not installed")
    return made


@pytest.fixture(scope="module")
def new_tools(recognizer_for, voices) -> list[SpokenOutcome]:
    return run_spoken_cases(
        load_corpus(DATA / "spoken_new_tools.json"), voices, recognizer_for(default_engine()).transcribe
    )


@pytest.fixture(scope="module")
def identifiers(recognizer_for, voices) -> list[SpokenOutcome]:
    corpus = load_corpus(DATA / "spoken_identifiers.json")
    return run_spoken_cases(corpus, voices, recognizer_for(default_engine()).transcribe)


def test_corpora_are_new_and_said_in_several_voices():
    new, ids = load_corpus(DATA / "spoken_new_tools.json"), load_corpus(DATA / "spoken_identifiers.json")
    generic = load_corpus(DATA / "generic_tools.json")
    names = {t["name"] for t in new["tools"]} | {t["name"] for t in ids["tools"]}
    assert not names & {t["name"] for t in generic["tools"]}  # tools that appear nowhere else
    for corpus, least in ((new, 40), (ids, 20)):
        cases = [c for c in corpus["cases"] if c.get("spoken")]
        assert len(cases) >= least
        assert len({(c["voice"], c["rate"]) for c in cases}) >= 5


def test_new_tools_are_heard_word_for_word(new_tools):
    # Measured with the default engine (bench/bench_spoken_tools.py): see bench/RESULTS.md.
    errors, words = sum(o.errors for o in new_tools), sum(o.words for o in new_tools)
    assert errors / words <= 0.15, [(o.text, o.heard) for o in new_tools if o.errors]


def test_what_the_model_makes_of_the_typed_request_survives_speech(new_tools):
    # The right call for the spoken request wherever the typed text gets it: recognition loses (almost) no call.
    # (The share of right calls itself also depends on the stand-in model's argument filling.)
    typed = [o for o in new_tools if o.typed_right_call]
    assert typed, "the stand-in model gets no request of the corpus right even typed"
    kept = [o for o in typed if o.right_call]
    assert len(kept) >= 0.9 * len(typed), [(o.text, o.heard, o.called, o.arguments) for o in typed if not o.right_call]
    # Requests that call nothing stay so: no ordinary English is turned into a tool's words.
    chat = [o for o in new_tools if o.expected.get("name") is None]
    assert chat and all(o.called is None for o in chat), [(o.heard, o.called) for o in chat]


def test_spoken_identifiers_are_filled_exactly(identifiers):
    # The identifier's parameter holds exactly the characters said (which of two order tools was called is routing).
    filled = [o for o in identifiers if identifier_filled(o)]
    missed = [(o.text, o.heard, o.arguments) for o in identifiers if o not in filled]
    assert len(filled) >= 0.8 * len(identifiers), missed
