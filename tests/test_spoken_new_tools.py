"""Speech the recognizer was not built for: requests for tools that appear nowhere else in the project, in five
espeak-ng voices and rates, and identifiers read out character by character, through the default engine (one
loaded recognizer for the run; the engines side by side: ``bench/bench_spoken_tools.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rtkit.local.speech.asr import default_engine
from rtkit.local.spoken_corpus import SpokenOutcome, Voices, identifier_filled, load_corpus, run_spoken_cases

DATA = Path(__file__).resolve().parent / "data"
# 70 utterances through Moonshine: about a minute and a half of one idle core, more on a busy machine.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def voices() -> Voices:
    made = Voices()
    if not made.available:
        pytest.skip("espeak-ng is not installed")
    return made


@pytest.fixture(scope="module")
def new_tools(recognizer_for, voices) -> list[SpokenOutcome]:
    recognizer = recognizer_for(default_engine())
    return run_spoken_cases(
        load_corpus(DATA / "spoken_new_tools.json"), voices, transcribe_many=recognizer.transcribe_many
    )


@pytest.fixture(scope="module")
def identifiers(recognizer_for, voices) -> list[SpokenOutcome]:
    corpus = load_corpus(DATA / "spoken_identifiers.json")
    return run_spoken_cases(corpus, voices, transcribe_many=recognizer_for(default_engine()).transcribe_many)


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
    # Measured with Moonshine, the default (bench/bench_spoken_tools.py; espeak-ng's output varies from call to
    # call): 12.9 % word errors with an unsure utterance heard again slower and decoded with the beam (15.8-16.3 %
    # with the beam alone, 23-25 % greedy), 1 % in espeak-ng's en-us voice and 29 % in its Scottish one; the
    # PocketSphinx-first engine this replaced made 38 %. The target is 15 %: a ceiling with room for
    # espeak-ng's variation, against regressions.
    errors, words = sum(o.errors for o in new_tools), sum(o.words for o in new_tools)
    assert errors / words <= 0.18, [(o.text, o.heard) for o in new_tools if o.errors]


def test_what_the_model_makes_of_the_typed_request_survives_speech(new_tools):
    # All 46 requests get the right call typed; spoken, Moonshine's transcripts keep it in 38 (31-33 with the beam
    # alone, before an unsure utterance was heard again slower) since the stand-in model reads what a recognizer
    # writes for ordinary speech (hyphenated numbers, clock times in words, a past-tense verb, points in words, an
    # amount asked "in Europe"; and words sounding like a number before a unit or a clock time's minutes, like a
    # tool's verb at the start, like another word of a tool's name, like "euro" between "from" and "to":
    # bench/RESULTS.md). Most of the rest the transcript no longer says ("Can write one hundred fifty dollars per
    # year"). A floor five below the measured figure (espeak-ng's output varies from call to call), against
    # regressions.
    typed = [o for o in new_tools if o.typed_right_call]
    assert typed, "the stand-in model gets no request of the corpus right even typed"
    kept = [o for o in typed if o.right_call]
    assert len(kept) >= 0.7 * len(typed), [(o.text, o.heard, o.called, o.arguments) for o in typed if not o.right_call]
    # Requests that call nothing stay so: no ordinary English is turned into a tool's words.
    chat = [o for o in new_tools if o.expected.get("name") is None]
    assert chat and all(o.called is None for o in chat), [(o.heard, o.called) for o in chat]


def test_spoken_identifiers_are_filled_exactly(identifiers):
    # The identifier's parameter holds exactly the characters said (which of two order tools was called is routing).
    # Typed, all 24 get their call with the identifier; spoken, Moonshine mishears single letters of espeak-ng's
    # voices ("E" as "B", "T" as "D", "C" as "Z") and garbles addresses ("example" as "anmempill"): 6-7 of 24
    # measured with the second pass over codes and the noun before a code weighed by the decoder ("order C", not
    # "Odyssey"; 3-7 before), 9-11 since misheard mail domains, "double" before a pause (W) and "number cube" (Q)
    # are read back, against the target of 80 % (bench/RESULTS.md; espeak-ng's output varies from call to
    # call). A floor below the measured range, against regressions.
    filled = [o for o in identifiers if identifier_filled(o)]
    missed = [(o.text, o.heard, o.arguments) for o in identifiers if o not in filled]
    assert len(filled) >= 7, missed
