from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rtkit.local.speech.asr import Recognizer
from rtkit.local.speech.tts import Synthesizer
from rtkit.local.spoken_corpus import load_corpus, run_spoken_cases

GENERIC = Path(__file__).resolve().parent / "data" / "generic_tools.json"

CORPUS = {
    "tools": [
        {
            "name": "get_portfolio_summary",
            "description": "Summarise the user's investment portfolio: total value and allocation.",
            "parameters": {"type": "object", "properties": {}},
        },
        {
            "name": "git_log",
            "description": "Show the recent commits of a repository.",
            "parameters": {"type": "object", "properties": {}},
        },
        {
            "name": "plan_budget",
            "description": "Plan a monthly budget for an income.",
            "parameters": {"type": "object", "properties": {"income": {"type": "number"}}},
        },
    ],
    "cases": [
        {
            "id": "p",
            "text": "What is my portfolio summary?",
            "expect": {"name": "get_portfolio_summary", "arguments": {}},
            "spoken": True,
        },
        {
            "id": "g",
            "text": "Show me the recent git log.",
            "tools": ["git_log", "get_portfolio_summary"],
            "expect": {"name": "git_log", "arguments": {}},
            "spoken": True,
        },
        {"id": "t", "text": "Plan my budget.", "expect": {"name": "plan_budget", "arguments": {}}, "spoken": False},
    ],
}


@pytest.fixture(scope="module", params=["moonshine", "pocketsphinx"])
def engines(request, synth, recognizer_for) -> tuple[Synthesizer, Recognizer]:
    return synth, recognizer_for(request.param)


def test_spoken_cases_are_synthesized_recognized_and_routed(engines, tmp_path):
    synth, recognizer = engines
    path = tmp_path / "corpus.json"
    path.write_text(json.dumps(CORPUS))
    seen_vocabularies: list[list[str]] = []

    def transcribe(pcm, words, slots):
        seen_vocabularies.append(list(words))
        return recognizer.transcribe(pcm, words, slots)

    outcomes = run_spoken_cases(load_corpus(path), synth.synthesize, transcribe)
    assert [o.case_id for o in outcomes] == ["p", "g"]  # the unspoken case is left out
    assert "portfolio" in seen_vocabularies[0] and "budget" in seen_vocabularies[0]
    assert "budget" not in seen_vocabularies[1]  # only the case's own tools
    portfolio, git = outcomes
    assert {"portfolio", "summary"} <= set(re.findall(r"[a-z]+", portfolio.heard.lower()))
    assert portfolio.right_call and portfolio.called == "get_portfolio_summary"
    assert git.right_tool == (git.called == "git_log")


def test_bad_corpus_is_named(tmp_path):
    path = tmp_path / "c.json"
    path.write_text('{"cases": []}')
    with pytest.raises(ValueError, match="no 'tools' list"):
        load_corpus(path)
    with pytest.raises(ValueError, match="cannot read the corpus"):
        load_corpus(tmp_path / "missing.json")


@pytest.mark.slow
@pytest.mark.skipif(not GENERIC.exists(), reason="the generic tool corpus is not in this tree")
def test_generic_corpus_spoken_cases_keep_their_measured_floor(engines):
    # Measured (bench/bench_spoken_tools.py, bench/bench_speech.py --engines; espeak-ng's output varies from call
    # to call): Moonshine, the default, 15-17 of the 20 spoken cases reach the right tool, 6-8 with the right
    # arguments (the former PocketSphinx-first combined engine 13-15 and 5); PocketSphinx with the session's
    # words 1-6 (four runs in one process gave 5, 6, 5, 3; whole-suite runs 1, 2 and 3): its floor says only that
    # it still reaches a tool from speech at all.
    synth, recognizer = engines
    floor = {"moonshine": 13, "pocketsphinx": 1}[recognizer.engine]
    outcomes = run_spoken_cases(load_corpus(GENERIC), synth.synthesize, transcribe_many=recognizer.transcribe_many)
    assert len(outcomes) == 20 and all(o.heard for o in outcomes)  # every spoken case was heard as something
    assert sum(o.right_tool for o in outcomes) >= floor, [(o.case_id, o.heard, o.called) for o in outcomes]
