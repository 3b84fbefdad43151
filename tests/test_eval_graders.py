"""The eval's pure parts: matchers' edge cases, dataset validation, graders, statistics, the comparison and the
gate, perturbations. No session runs here."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from rtkit.eval import graders, matchers, stats, summary
from rtkit.eval.cases import CallExpect, Expect
from rtkit.eval.dataset import DatasetError, load_dataset, parse_dataset
from rtkit.eval.matchers import MISSING, match
from rtkit.eval.observed import Event, Observed
from rtkit.eval.perturb import mix_noise, render, speech_span
from rtkit.eval.variants import Variant, apply_settings, load_variant

DATA = Path(__file__).resolve().parent.parent / "data"


# -- matchers ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("spec", "value", "passed"),
    [
        (4000, 4000.0, True),  # numbers by value
        (4000, "4000", False),  # a string is not a number under exact
        ({"approx": 4000, "tol": 1}, "4,000", True),  # ... but approx reads numeric strings
        ({"approx": 4000, "tol": 1}, "$4000.5", True),
        ({"approx": 4000, "tol": 1}, 4001.5, False),
        ({"approx": 4000}, True, False),  # a bool is no number
        (True, 1, False),
        ("groceries", "Groceries", False),  # exact is case-sensitive
        ({"eq": "groceries", "ignore_case": True}, "GROCERIES", True),
        ("café", "cafe\u0301", True),  # unicode: NFC-normalised before comparing
        ({"contains": "CAFÉ"}, "un cafe\u0301 noir", True),  # contains: case-insensitive by default
        ({"contains": "Paris", "ignore_case": False}, "paris", False),
        ({"not_contains": "portfolio"}, "Hello!", True),
        ({"regex": "^2025-0[1-4]$"}, "2025-03", True),
        ({"regex": "^2025-0[1-4]$"}, "2025-3", False),
        ({"regex": "4000"}, 4000, True),  # a number is searched as its text
        ({"one_of": ["bonds", {"regex": "^bond"}]}, "bond_funds", True),
        ({"one_of": ["bonds", "cash"]}, "stocks", False),
        ({"any": True}, None, True),
        ({"any": True}, MISSING, False),
        ({"absent": True}, MISSING, True),
        ({"absent": True}, None, True),
        ({"absent": True}, 0, False),
        ([1, 2], [1, 2], True),
        ([1, 2], [2, 1], False),  # lists in order
        ({"contains": "b"}, ["a", "b"], True),  # contains on a list: an item
        ({"a": {"b": {"approx": 1, "tol": 0.1}}}, {"a": {"b": 1.05, "c": 9}}, True),  # nested, extra keys allowed
        ({"eq": {"a": 1}}, {"a": 1, "b": 2}, False),  # eq on an object: no other keys
    ],
)
def test_matcher_edge_cases(spec: object, value: object, passed: bool) -> None:
    assert match(spec, value).passed is passed


def test_a_failed_match_names_the_field_the_expected_and_the_got() -> None:
    out = match(
        {"city": {"one_of": ["Paris", "Lyon"]}, "when": {"day": 3}}, {"city": "Rome", "when": {"day": 3}}, "arguments"
    )
    assert not out.passed
    assert out.reason == "arguments.city: expected one of 'Paris' | 'Lyon', got 'Rome'"
    nested = match({"when": {"day": 3}}, {"when": {"day": "3"}}, "arguments")
    assert nested.reason == "arguments.when.day: expected the number 3, got '3' (a string, not a number)"
    missing = match({"month": "2025-03"}, {}, "arguments")
    assert missing.reason == "arguments.month: expected '2025-03', got nothing"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"approx": "x"}, "expected a number"),
        ({"regex": "("}, "not a valid regular expression"),
        ({"one_of": []}, "non-empty list"),
        ({"contains": "a", "regex": "b"}, "one matcher per value"),
        ({"approx": 1, "tolerance": 2}, "unknown matcher option"),
        ({"any": "yes"}, "write any: true"),
    ],
)
def test_bad_matchers_are_refused(spec: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        matchers.check_spec(spec, "arguments.x")


# -- datasets ------------------------------------------------------------------------------------------------------
def _write(tmp_path: Path, text: str, name: str = "ds.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            "cases: [{id: a, text: hi, expect: {calls: [{name: f, arguments: {x: {approx: y}}}]}}]",
            "expect.calls[0].arguments.x.approx",
        ),
        ("cases: [{id: a, text: hi, expect: {latency: {voice_to_voice: 10}}}]", "expect.latency.voice_to_voice"),
        ("cases: [{id: a, text: hi, expect: {calls: [f], no_call: true}}]", "expect.no_call"),
        ("cases: [{id: a, audio: nowhere.wav}]", "audio"),
        ("cases: [{id: a, text: hi, tools: finance}]", "tools"),
        ("cases: [{id: a, text: hi, say: hi}]", "text"),
        ("cases: [{id: a, text: hi, colour: red}]", "colour"),
        ("cases: [{id: a, say: hi, perturb: {noise: no_such_noise}}]", "noise"),
        ("cases: [{id: a, say: hi, perturb: {voice: no_such_voice}}]", "perturb.voice"),
        ("cases: [{id: a, say: {text: hi, voice: no_such_voice}}]", "voice"),
        (
            f"cases: [{{id: a, audio: {DATA}/portfolio_summary.wav, perturb_grid: {{rate: [120]}}}}]",
            "perturb_grid.rate",
        ),
        ("cases: [{id: a, caller: [{say: hi, start: {after: never}}]}]", "caller[0].start"),
        ("cases: [{id: a, text: hi}, {id: a, text: ho}]", "id"),
    ],
)
def test_a_bad_dataset_names_the_file_the_case_and_the_field(tmp_path: Path, body: str, field: str) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(DatasetError) as err:
        load_dataset(path)
    message = str(err.value)
    assert message.startswith(f"dataset {path}, case 'a', field {field}"), message
    assert "\n" not in message


def test_dataset_formats_jsonl_and_csv(tmp_path: Path) -> None:
    jsonl = _write(tmp_path, json.dumps({"id": "a", "text": "hi", "expect": {"no_call": True}}) + "\n", "d.jsonl")
    assert load_dataset(jsonl).cases[0].expect.no_call
    csv = _write(
        tmp_path,
        "id,text,tools,tags,tool,arguments,answer_contains\n"
        'b,Plan my budget,,finance typed,plan_budget,"{""monthly_income"": {""approx"": 4000}}",$\n'
        "c,Hello,,,,,\n",
        "d.csv",
    )
    b, c = load_dataset(csv).cases
    assert b.tags == ("finance", "typed") and b.expect.calls == (
        CallExpect("plan_budget", {"monthly_income": {"approx": 4000}}),
    )
    assert b.expect.answer == ({"contains": "$"},)
    assert c.expect.no_call


def test_perturbation_grid_expands_one_case_per_cell() -> None:
    ds = parse_dataset(
        {
            "cases": [
                {
                    "id": "p",
                    "say": "hi",
                    "perturb_grid": {"noise": ["none", "babble_heavy"], "snr_db": [10, 0], "phone": ["none", "pcmu"]},
                }
            ]
        }
    )
    ids = [c.id for c in ds.cases]
    assert ids == [
        "p@clean", "p@phone=pcmu", "p@noise=babble_heavy,snr_db=10", "p@noise=babble_heavy,snr_db=10,phone=pcmu",
        "p@noise=babble_heavy,snr_db=0", "p@noise=babble_heavy,snr_db=0,phone=pcmu",
    ]  # fmt: skip
    assert all("grid" in c.tags for c in ds.cases)
    assert ds.select(ids=["p"]).cases == ds.cases


def test_a_dataset_at_real_time_pace_streams_every_single_input_case_in_real_time() -> None:
    ds = parse_dataset({"cases": [{"id": "a", "say": "hi"}, {"id": "b", "text": "hi", "pace": "fast"}]})
    assert [c.pace for c in ds.cases] == ["fast", "fast"]
    assert [c.pace for c in ds.at_pace("realtime").cases] == ["realtime", "realtime"]
    assert [c.pace for c in ds.cases] == ["fast", "fast"]  # a copy: the loaded dataset is unchanged
    with pytest.raises(ValueError, match="pace: expected fast or realtime"):
        ds.at_pace("slow")  # type: ignore[arg-type]


def test_the_shipped_dataset_is_valid_and_covers_what_it_promises() -> None:
    ds = load_dataset(Path(__file__).resolve().parent.parent / "data" / "evals" / "assistant.yaml")
    assert len(ds.cases) >= 30
    kinds = {c.input.kind for c in ds.cases if c.input is not None} | {t.input.kind for c in ds.cases for t in c.caller}
    assert kinds == {"text", "speech", "audio"}
    assert sum(c.expect.no_call for c in ds.cases) >= 3
    assert {"finance", "devtools"} <= set(ds.tags())
    assert sum(1 for c in ds.cases if c.caller and any(t.start.after == "barge_in" for t in c.caller)) == 2
    assert any("grid" in c.tags for c in ds.cases)
    used = set()

    def walk(spec: object) -> None:
        if matchers.is_matcher(spec):
            used.add(matchers._kind(spec))  # type: ignore[arg-type]
            for alt in spec.get("one_of", []):  # type: ignore[union-attr]
                walk(alt)
        elif isinstance(spec, dict):
            for v in spec.values():
                walk(v)
        else:
            used.add("literal")

    for c in ds.cases:
        for x in c.expect.calls or ():
            walk(dict(x.arguments or {}))
    assert {"literal", "eq", "one_of", "approx", "regex", "contains", "any", "absent"} <= used


# -- graders -------------------------------------------------------------------------------------------------------
def call(name: str, args: dict | str, turn: int = 0) -> Event:
    return Event("function_call", name=name, arguments=args if isinstance(args, str) else json.dumps(args), turn=turn)


def test_calls_in_order_as_a_set_only_and_first() -> None:
    calls = [call("a", {"x": 1}), call("b", {"y": "2"}), call("c", {})]
    ordered = Expect(calls=(CallExpect("b"), CallExpect("a")))
    rows = graders.grade_calls(ordered, calls)
    assert [r.status for r in rows] == ["passed", "failed"]
    assert "after the earlier expected calls" in rows[1].reason
    as_set = Expect(calls=(CallExpect("b"), CallExpect("a")), order="set")
    assert all(r.passed for r in graders.grade_calls(as_set, calls))
    only = Expect(calls=(CallExpect("a"), CallExpect("b")), only=True)
    last = graders.grade_calls(only, calls)[-1]
    assert last.check == "only" and not last.passed and "c({})" in last.reason
    first = Expect(calls=(CallExpect("b"),), order="first")
    (row,) = graders.grade_calls(first, calls)
    assert not row.passed and row.reason == "call.name: expected b, got 'a'"
    strict = Expect(calls=(CallExpect("a", {}, strict=True),))
    assert graders.grade_calls(strict, calls)[0].reason == "call[0].arguments: expected no other arguments, got x"


def test_no_call_and_a_pluggable_call_grader() -> None:
    assert graders.grade_calls(Expect(calls=(), no_call=True), [])[0].passed
    (row,) = graders.grade_calls(Expect(calls=(), no_call=True), [call("a", {})])
    assert row.kind == "no_call" and row.reason == "calls: expected no tool call, got a({})"

    def bfcl_like(name: str | None, args: dict) -> tuple[bool, str]:
        return (name == "f" and args.get("n") == 5, "wrong" if name else "got no call")

    graded = Expect(calls=(CallExpect(None),), order="first", call_grader=bfcl_like)
    assert graders.grade_calls(graded, [call("f", {"n": 5})])[0].passed
    assert graders.grade_calls(graded, [call("f", {"n": 4})])[0].reason == "wrong"
    assert graders.grade_calls(graded, [])[0].reason.endswith("got no call")


def test_a_wrong_expectation_fails_with_field_expected_and_got() -> None:
    expect = Expect(calls=(CallExpect("plan_budget", {"monthly_income": 5000}),))
    (row,) = graders.grade_calls(expect, [call("plan_budget", {"monthly_income": 4000})])
    assert row.status == "failed"
    assert row.reason == "call[0].arguments.monthly_income: expected 5000, got 4000"
    assert row.expected == "plan_budget({monthly_income: 5000})" and row.got == 'plan_budget({"monthly_income": 4000})'


def test_answers_latency_cost_and_turn_taking() -> None:
    run = Observed(
        events=[Event("message", text="Total value is $105,472 and gain is 35.2%.")],
        turns=[{"kind": "audio", "voice_to_voice_ms": 900.0}, {"kind": "audio", "voice_to_voice_ms": 1600.0}],
        cost_usd=0.02,
        labels=[(500.0, 2500.0)],
        vad_ends=[1200.0, 2550.0],
        silence_ms=600.0,
    )
    expect = Expect(
        answer=({"contains": "105,472"}, {"approx": 35.2, "tol": 0.05}, {"not_contains": "sorry"}, {"approx": 7}),
        latency=(("voice_to_voice_ms", 1500.0), ("ttfb_ms", 100.0)),
        cost_usd=0.01,
        turns=2,
        no_cut=True,
        end_of_turn_ms=700.0,
    )
    rows = {r.check: r for r in graders.grade_expect(expect, run)}
    assert [rows[f"answer[{i}]"].status for i in range(4)] == ["passed", "passed", "passed", "failed"]
    assert rows["latency:voice_to_voice_ms"].reason == "voice_to_voice_ms: expected <= 1500 ms, got 1600 ms"
    assert rows["latency:ttfb_ms"].status == "skipped"  # not measured is not passed
    assert rows["cost"].status == "failed" and rows["turns"].passed
    assert (
        rows["no_cut"].reason
        == "no_cut: expected no turn end inside an utterance, got turn ended at 1200 ms inside speech 500-2500 ms"
    )
    assert rows["end_of_turn"].passed and rows["end_of_turn"].got == "650 ms"


# -- statistics, comparison, gate ----------------------------------------------------------------------------------
def test_wilson_mcnemar_and_bootstrap() -> None:
    r = stats.wilson(8, 10)
    assert (round(r.low, 4), round(r.high, 4)) == (0.4902, 0.9433)  # the textbook Wilson interval for 8/10
    m = stats.mcnemar([True] * 6 + [False] * 4, [False] * 6 + [False] * 4)
    assert (m.a_only, m.b_only, m.discordant) == (6, 0, 6) and m.p_value == pytest.approx(2 / 64)
    assert stats.mcnemar([True, False], [True, False]).p_value == 1.0
    d = stats.paired_bootstrap([100, 200, 300, 400, 500, 600], [150, 260, 340, 460, 560, 640])
    assert d.significant and d.low > 0 and d.mean == pytest.approx(51.666, abs=0.01)
    same = stats.paired_bootstrap([1, 2, 3], [1, 2, 3])
    assert not same.significant


def _results(variant: str, passed: list[bool], kind: str = "tool_call") -> pd.DataFrame:
    return pd.DataFrame({
        "case": [f"c{i}" for i in range(len(passed))], "variant": variant, "check": "call[0]", "kind": kind,
        "status": ["passed" if p else "failed" for p in passed], "passed": passed, "expected": "", "got": "",
        "reason": ["" if p else "call[0].arguments.x: expected 1, got 2" for p in passed], "tags": "t",
        "perturbation": "",
    })  # fmt: skip


def test_compare_finds_the_better_variant_and_not_identical_ones() -> None:
    res = pd.concat([_results("a", [True] * 8), _results("b", [False] * 6 + [True] * 2), _results("c", [True] * 8)])
    cases = res[["case", "variant"]].drop_duplicates().assign(voice_to_voice_ms=np.nan, cost_usd=0.0)
    cmp = summary.compare(res, cases).set_index(["variant", "metric"])
    worse = cmp.loc[("b", "pass rate: tool_call")]
    assert worse["significant"] and worse["worse"] == 6 and worse["difference"] == pytest.approx(-0.75)
    same = cmp.loc[("c", "pass rate: tool_call")]
    assert not same["significant"] and same["discordant"] == 0


def test_gate_passes_against_itself_and_names_regressed_cases() -> None:
    base = _results("base", [True] * 8)
    assert summary.gate(base, base).ok
    broken = _results("base", [False] * 6 + [True] * 2)
    verdict = summary.gate(broken, base)
    assert not verdict.ok and verdict.regressed == [f"c{i}" for i in range(6)]
    assert any("regressed: c0 call[0]" in line for line in verdict.lines)
    one = _results("base", [False] + [True] * 7)
    assert summary.gate(one, base).ok  # one regression is no significant drop
    assert not summary.gate(one, None, fail_under=0.9).ok


# -- variants and perturbations ------------------------------------------------------------------------------------
def test_variants_merge_turn_detection_and_refuse_unknown_settings(tmp_path: Path) -> None:
    from rtkit.config import RealtimeConfig

    cfg = apply_settings(RealtimeConfig(), {"turn_detection": {"silence_duration_ms": 200}, "voice": "cedar"})
    assert cfg.turn_detection.silence_duration_ms == 200 and cfg.turn_detection.threshold == 0.5  # type: ignore[union-attr]
    assert cfg.voice == "cedar"
    path = _write(tmp_path, "colour: red\n", "v.yaml")
    with pytest.raises(ValueError, match=f"variant file {path}: colour: not a session setting"):
        load_variant(f"x={path}")
    v = Variant("t", {"tool_descriptions": {"f": "new"}, "tools": {"f": {"parameters": {}}}})
    assert v.tool_overrides() == {"f": {"parameters": {}, "description": "new"}}


def test_noise_is_mixed_at_the_asked_snr() -> None:
    rng = np.random.default_rng(1)
    speech = (rng.standard_normal(24000) * 3000).astype(np.int16)
    noise = (rng.standard_normal(48000) * 500).astype(np.int16)
    for snr in (20.0, 5.0, 0.0):
        mixed = mix_noise(speech, noise, snr, None, seed=3)
        added = mixed.astype(float) - speech
        measured = 10 * math.log10(np.mean(speech.astype(float) ** 2) / np.mean(added**2))
        assert measured == pytest.approx(snr, abs=0.1)


def _pitch_hz(pcm: np.ndarray) -> float:
    """Median fundamental frequency of the voiced 40 ms frames (autocorrelation peak in 60-400 Hz)."""
    f0 = []
    for i in range(0, len(pcm) - 960, 480):
        frame = pcm[i : i + 960].astype(float)
        if np.sqrt(np.mean(frame**2)) < 500:
            continue
        frame -= frame.mean()
        ac = np.correlate(frame, frame, "full")[959:]
        lo, hi = 24000 // 400, 24000 // 60
        f0.append(24000 / (lo + int(np.argmax(ac[lo:hi]))))
    return float(np.median(f0))


def test_rate_and_voice_perturbations_change_the_synthesised_speech() -> None:
    from rtkit.eval.cases import CaseInput, Perturbation

    said = CaseInput("speech", text="What is my portfolio summary?")  # 175 words per minute, en-us

    def spoken(p: Perturbation | None) -> tuple[np.ndarray, float]:
        pcm, ((start, end),) = render(said, p)
        return pcm[int(start * 24) : int(end * 24)], end - start

    base, base_ms = spoken(None)
    _, slow_ms = spoken(Perturbation(rate=120))
    _, fast_ms = spoken(Perturbation(rate=260))
    assert slow_ms / base_ms == pytest.approx(175 / 120, rel=0.2)  # the labels follow the new length
    assert fast_ms / base_ms == pytest.approx(175 / 260, rel=0.2)
    female, _ = spoken(Perturbation(voice="en-us+f3"))
    assert _pitch_hz(female) > 1.5 * _pitch_hz(base)


def test_a_run_synthesises_each_text_once_so_every_variant_hears_the_same_audio() -> None:
    from rtkit.eval.cases import CaseInput, Perturbation
    from rtkit.eval.perturb import speech_key, synthesize_all

    said = CaseInput("speech", text="What is my portfolio summary?")
    slow = Perturbation(rate=120)
    made = synthesize_all(
        [speech_key(said), speech_key(said, Perturbation(noise="babble_heavy")), speech_key(said, slow)]
    )
    assert sorted(made) == [(said.text, "en-us", 120), (said.text, "en-us", 175)]
    assert render(said, None, 0, made)[0].tobytes() == render(said, None, 1, made)[0].tobytes()
    assert render(said, slow, 0, made)[0].tobytes() == render(said, slow, 0, made)[0].tobytes()


def test_a_rate_grid_expands_a_spoken_case_and_labels_each_cell() -> None:
    ds = parse_dataset(
        {"cases": [{"id": "p", "say": "hi", "perturb_grid": {"rate": [120, 260], "voice": ["en-us+f3"]}}]}
    )
    assert [c.id for c in ds.cases] == ["p@rate=120,voice=en-us+f3", "p@rate=260,voice=en-us+f3"]
    assert [c.meta["perturbation"] for c in ds.cases] == ["rate=120,voice=en-us+f3", "rate=260,voice=en-us+f3"]


def test_rendered_speech_has_its_labels() -> None:
    from rtkit.eval.cases import CaseInput

    pcm, labels = render(CaseInput("speech", text="What is my portfolio summary?"))
    ((start, end),) = labels
    assert 300 <= start < end < len(pcm) / 24
    assert speech_span(pcm[: int(start * 24)]) is None or np.abs(pcm[: int(start * 24) - 24]).max() < 50


def test_the_readme_shows_the_example_test_that_the_suite_runs() -> None:
    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text()
    shown = readme.split("**From pytest.**", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    example = (root / "tests" / "test_eval_example.py").read_text()
    assert example.startswith(shown.rstrip() + "\n")
