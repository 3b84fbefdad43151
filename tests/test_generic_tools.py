"""The rule-based responder on tools the samples do not use: routing and arguments for a corpus of requests."""

from __future__ import annotations

import json

import pytest
from generic_cases import corpus_today, judge, load_corpus

from rtkit.local.model.responder import FunctionCallPlan, plan_response

CORPUS = load_corpus()
TOOLS = {t["name"]: t for t in CORPUS["tools"]}
# Floors sit a little under the shares reached (see bench/RESULTS.md), so a regression fails the test.
TUNED_FLOOR = 0.95
HELD_OUT_FLOOR = 0.83


def _plan(case: dict):
    item = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": case["text"]}]}
    plan = plan_response([item], [TOOLS[n] for n in case["tools"]], today=corpus_today(CORPUS))
    if isinstance(plan, FunctionCallPlan):
        return judge(case, TOOLS, plan.name, json.loads(plan.arguments))
    return judge(case, TOOLS, None, None)


def _report(label: str, cases: list[dict]) -> tuple[float, float]:
    verdicts = [_plan(c) for c in cases]
    routed = sum(v.routed for v in verdicts) / len(verdicts)
    filled = sum(v.filled for v in verdicts) / len(verdicts)
    print(f"\n{label}: {len(verdicts)} cases, routed {routed:.0%}, routed and filled {filled:.0%}")
    for v, c in zip(verdicts, cases, strict=True):
        if not v.filled:
            print(f"  MISS {v.case_id}: {c['text']!r} -> {v.got}; expected {c['expect']}")
    return routed, filled


def test_corpus_shape() -> None:
    cases = CORPUS["cases"]
    assert len({c["id"] for c in cases}) == len(cases)
    assert len(cases) >= 60 and len(TOOLS) >= 20
    assert sum(c["spoken"] for c in cases) >= 20
    for c in cases:
        assert c["expect"]["name"] in c["tools"] and len(c["tools"]) >= 4, c["id"]
        assert set(c["expect"]["arguments"]) <= set(TOOLS[c["expect"]["name"]]["parameters"]["properties"]), c["id"]


def test_generic_text_cases_are_routed_and_filled() -> None:
    routed, filled = _report("tuned", [c for c in CORPUS["cases"] if not c.get("held_out")])
    assert filled >= TUNED_FLOOR


def test_held_out_cases() -> None:
    routed, filled = _report("held out", [c for c in CORPUS["cases"] if c.get("held_out")])
    assert filled >= HELD_OUT_FLOOR


@pytest.mark.parametrize("case", [c for c in CORPUS["cases"] if c["spoken"]], ids=lambda c: c["id"])
def test_spoken_subset_is_plain_words(case: dict) -> None:
    # The spoken subset is synthesised and recognised, so it must read aloud as written.
    assert not any(ch in case["text"] for ch in '"@/`'), case["text"]
