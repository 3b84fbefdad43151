"""The eval end to end: cases run as real sessions against the local server with MCP servers (and the mock MCP
server) as subprocesses, the run folder, ``rtkit report``, a comparison where one variant is known to be better, the
CI gate run twice, and ``rtkit run`` keeping a call's arguments."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from test_cli import clean_env, rtkit_cli, slow

import rtkit.eval
from rtkit.audio import write_wav
from rtkit.eval.perturb import synthesize

TYPED = """
name: typed
toolsets:
  finance: {mcp: [finance]}
  weather:
    functions:
      - {name: get_weather, description: Current weather for a city.,
         parameters: {type: object, properties: {city: {type: string}}, required: [city]}}
    mocks: [{tool: get_weather, when: {city: {regex: "(?i)paris"}}, output: {temp_c: 18, sky: sunny}}]
defaults: {tools: finance}
cases:
  - id: portfolio
    tags: [finance]
    text: What is my portfolio summary?
    expect: {calls: [{name: get_portfolio_summary, arguments: {}}], answer: {contains: "$105,472"}}
  - id: budget-wrong
    tags: [finance]
    text: Plan my budget for an income of 4000 dollars.
    expect: {calls: [{name: plan_budget, arguments: {monthly_income: 5000}}]}
  - id: fixed-output
    tags: [finance, mock]
    text: How much did I spend on groceries?
    mocks: [{tool: spending_by_category, output: {category: groceries, total: 1234.5}}]
    expect: {calls: [spending_by_category], answer: {approx: 1234.5, tol: 1}}
  - id: weather-paris
    tools: weather
    text: What's the weather in Paris?
    expect: {calls: [{name: get_weather, arguments: {city: Paris}}], answer: {contains: sunny}}
  - id: weather-rome
    tools: weather
    text: What's the weather in Rome?
    expect: {calls: [get_weather], judge: The answer says the weather is unknown.}
  - id: hello
    text: Hello, how are you?
    expect: {no_call: true}
"""


@pytest.fixture(scope="module")
def typed_run(tmp_path_factory: pytest.TempPathFactory) -> rtkit.eval.EvalRun:
    folder = tmp_path_factory.mktemp("eval")
    (folder / "typed.yaml").write_text(TYPED)
    from rtkit.config import RealtimeConfig

    return rtkit.eval.run(folder / "typed.yaml", out=folder / "run", config=RealtimeConfig(), progress=False)


def test_a_typed_dataset_is_graded_row_by_row(typed_run: rtkit.eval.EvalRun) -> None:
    res = typed_run.results.set_index(["case", "check"])
    assert res.loc[("portfolio", "call[0]"), "status"] == "passed"
    assert res.loc[("portfolio", "answer[0]"), "status"] == "passed"
    wrong = res.loc[("budget-wrong", "call[0]")]
    assert wrong["status"] == "failed"
    assert wrong["reason"] == "call[0].arguments.monthly_income: expected 5000, got 4000"
    assert (wrong["expected"], wrong["got"]) == (
        "plan_budget({monthly_income: 5000})",
        'plan_budget({"monthly_income":4000})',
    )
    assert res.loc[("fixed-output", "answer[0]"), "status"] == "passed"  # the case's own fixture answered
    assert res.loc[("weather-paris", "answer[0]"), "status"] == "passed"  # the mock MCP server's fixture
    assert res.loc[("hello", "no_call"), "status"] == "passed"
    assert res.loc[("weather-rome", "judge"), "status"] == "skipped"  # offline: never passed
    assert set(typed_run.results["variant"]) == {"base"}


def test_a_call_no_fixture_answers_is_an_error_recorded_as_such(typed_run: rtkit.eval.EvalRun) -> None:
    calls = typed_run.tables["tool_calls"].set_index("case")
    rome = calls.loc["weather-rome"]
    assert not bool(rome["ok"]) and "no fixed output for get_weather" in rome["output"]
    assert json.loads(rome["arguments"]) == {"city": "Rome"}
    assert calls.loc["fixed-output", "server"] == "mock"


def test_the_run_folder(typed_run: rtkit.eval.EvalRun) -> None:
    out = typed_run.out
    for name in (
        "results.csv",
        "cases.csv",
        "summary.json",
        "config.json",
        "turns.csv",
        "tool_calls.csv",
        "events.csv",
    ):
        assert (out / name).is_file(), name
    with open(out / "tool_calls.csv") as f:
        rows = list(csv.DictReader(f))
    assert {"case", "variant", "arguments", "output"} <= set(rows[0])
    assert len(list((out / "events").glob("*.jsonl"))) == 6
    block = json.loads((out / "summary.json").read_text())["eval"]
    by_kind = {r["kind"]: r for r in block["by_kind"]}
    assert by_kind["tool_call"]["passed"] == 4 and by_kind["tool_call"]["n"] == 5
    assert 0 < by_kind["tool_call"]["low"] < 0.8 < by_kind["tool_call"]["high"] <= 1
    loaded = rtkit.eval.load_eval(out)
    assert loaded.results[["case", "check", "passed"]].equals(typed_run.results[["case", "check", "passed"]])
    from rtkit.eval.figures import write_figures

    for png in write_figures(loaded):
        assert png.read_bytes().startswith(b"\x89PNG")


def test_rtkit_report_prints_an_eval_folder_again(typed_run: rtkit.eval.EvalRun) -> None:
    proc = rtkit_cli("report", str(typed_run.out))
    assert proc.returncode == 0, proc.stderr
    assert "pass rate by check kind" in proc.stdout
    assert "budget-wrong [base] call[0]: call[0].arguments.monthly_income: expected 5000, got 4000" in proc.stdout
    assert "get_weather" in proc.stdout  # the tool-call lines of the run summary


# -- variants: one known to be better -------------------------------------------------------------------------------
def spelled_numbers(folder: Path, n: int = 6) -> Path:
    """``n`` recordings of digit groups with 450 ms pauses inside one utterance, labelled as one span each."""
    labels = {}
    gap = np.zeros(int(0.45 * 24000), dtype=np.int16)
    for i in range(n):
        groups = [synthesize(" ".join("four one two five seven"[j::3].split()[:2]) or "nine") for j in range(3)]
        parts = [np.zeros(7200, dtype=np.int16)]
        for g in groups:
            parts += [g, gap]
        pcm = np.concatenate(parts[:-1])
        write_wav(folder / f"card_{i}.wav", pcm)
        labels[f"card_{i}.wav"] = {"segments": [{"start_ms": 300.0, "end_ms": len(pcm) / 24}]}
    (folder / "labels.json").write_text(json.dumps(labels))
    cases = [{"id": f"card-{i}", "audio": f"card_{i}.wav", "expect": {"no_cut": True}} for i in range(n)]
    path = folder / "cards.json"
    path.write_text(json.dumps({"cases": cases}))
    return path


def test_a_silence_window_that_cuts_spelled_numbers_is_found_worse(tmp_path: Path) -> None:
    from rtkit.config import RealtimeConfig

    dataset = spelled_numbers(tmp_path)
    variants = [
        rtkit.eval.Variant("patient", {"turn_detection": {"silence_duration_ms": 900}}),
        rtkit.eval.Variant("hasty", {"turn_detection": {"silence_duration_ms": 200}}),
        rtkit.eval.Variant("patient_again", {"turn_detection": {"silence_duration_ms": 900}}),
    ]
    run = rtkit.eval.run(
        dataset, variants=variants, config=RealtimeConfig(), out=tmp_path / "run", speech=False, progress=False
    )
    cmp = rtkit.eval.compare(run.results, run.cases).set_index(["variant", "metric"])
    hasty = cmp.loc[("hasty", "pass rate: turn_taking")]
    assert hasty["significant"] and hasty["difference"] < 0  # worse, and the test says so
    assert (hasty["worse"], hasty["better"], hasty["n"]) == (6, 0, 6)
    same = cmp.loc[("patient_again", "pass rate: turn_taking")]
    assert not same["significant"] and same["discordant"] == 0
    assert run.results[run.results["variant"] == "patient"]["passed"].all()


# -- the gate --------------------------------------------------------------------------------------------------------
@slow
def test_the_gate_passes_against_its_baseline_and_fails_a_broken_tool(tmp_path: Path) -> None:
    incomes = [1500, 2500, 3200, 4000, 5100, 6400]
    cases = [
        {"id": f"budget-{x}", "text": f"Plan my budget for an income of {x} dollars.", "tools": "finance",
         "expect": {"calls": [{"name": "plan_budget", "arguments": {"monthly_income": {"approx": x, "tol": 1}}}]}}
        for x in incomes
    ]  # fmt: skip
    cases.append({"id": "portfolio", "text": "What is my portfolio summary?", "tools": "finance",
                  "expect": {"calls": ["get_portfolio_summary"]}})  # fmt: skip
    dataset = tmp_path / "budget.json"
    dataset.write_text(json.dumps({"toolsets": {"finance": {"mcp": ["finance"]}}, "cases": cases}))
    broken = tmp_path / "broken.yaml"
    broken.write_text("tools: {plan_budget: {parameters: {type: object, properties: {}}}}\n")
    from rtkit.config import RealtimeConfig

    rtkit.eval.run(dataset, config=RealtimeConfig(), out=tmp_path / "base", progress=False)

    same = rtkit_cli("eval", str(dataset), "--out", str(tmp_path / "same"), "--baseline", str(tmp_path / "base"),
                     "--no-plots", env=clean_env())  # fmt: skip
    assert same.returncode == 0, same.stdout + same.stderr
    assert "gate: passed" in same.stdout

    worse = rtkit_cli("eval", str(dataset), "--variant", f"broken={broken}", "--out", str(tmp_path / "worse"),
                      "--baseline", str(tmp_path / "base"), "--no-plots", env=clean_env())  # fmt: skip
    assert worse.returncode == 1, worse.stdout + worse.stderr
    assert "gate: FAILED" in worse.stdout
    for x in incomes:
        assert (
            f"regressed: budget-{x} call[0]: call[0].arguments.monthly_income: expected {x} ± 1, got nothing"
            in worse.stdout
        )
    assert "regressed: portfolio" not in worse.stdout


@slow
def test_rtkit_run_keeps_the_call_arguments(tmp_path: Path) -> None:
    out = tmp_path / "run"
    proc = rtkit_cli("run", "data/portfolio_summary.wav", "--mcp", "finance", "--out", str(out), "--pace", "fast")
    assert proc.returncode == 0, proc.stderr
    with open(out / "tool_calls.csv") as f:
        (call,) = list(csv.DictReader(f))
    assert call["name"] == "get_portfolio_summary" and call["arguments"] == "{}"
    assert json.loads(call["output"])["total_value"] > 0
    report = rtkit_cli("report", str(out))
    assert "get_portfolio_summary({}) -> {" in report.stdout


def test_bfcl_cases_are_graded_by_bfcls_checker_and_the_last_line_gives_the_score(tmp_path: Path) -> None:
    from rtkit.eval import bfcl

    shared = Path(__file__).resolve().parents[3] / "shared" / "data" / "bfcl"
    questions, answers = shared / "BFCL_v4_simple_python.json", shared / "BFCL_v4_simple_python.answers.json"
    if not questions.is_file():
        pytest.skip(f"the shared BFCL sets are not at {shared}")
    q, a = tmp_path / "q.json", tmp_path / "a.json"
    q.write_text("".join(questions.read_text().splitlines(keepends=True)[:8]))
    a.write_text("".join(answers.read_text().splitlines(keepends=True)[:8]))
    proc = rtkit_cli("eval", "--bfcl", str(q), str(a), "--out", str(tmp_path / "run"), "--no-plots")
    assert proc.returncode == 0, proc.stderr
    last = proc.stdout.strip().splitlines()[-1]
    run = rtkit.eval.load_eval(tmp_path / "run")
    import pandas as pd

    tool_calls = pd.read_csv(tmp_path / "run" / "tool_calls.csv")  # each case's calls: grade them again directly
    right = 0
    for case in bfcl.load_bfcl(q, a):
        made = tool_calls[tool_calls["case"] == case.id]
        name, args = (made.iloc[0]["name"], json.loads(made.iloc[0]["arguments"])) if len(made) else (None, {})
        ok, _ = bfcl.grade_call(case, name, args)
        right += ok
        graded = run.results[(run.results["case"] == case.id) & run.results["kind"].isin(["tool_call", "no_call"])]
        assert graded["passed"].tolist() == [ok]
    assert last == f"{right}/8 ({100 * right / 8:.1f} %)"


def test_a_bad_dataset_stops_the_command_before_anything_runs(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("cases: [{id: a, text: hi, expect: {calls: [{name: f, arguments: {x: {regex: '('}}}]}}]\n")
    proc = rtkit_cli("eval", str(bad), "--out", str(tmp_path / "run"))
    assert proc.returncode == 1
    assert proc.stderr.strip() == (
        f"rtkit eval: error: dataset {bad}, case 'a', field expect.calls[0].arguments.x.regex: '(' is not a valid "
        "regular expression (missing ), unterminated subpattern at position 0)"
    )
    assert not (tmp_path / "run").exists()
