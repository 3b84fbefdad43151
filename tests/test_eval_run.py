"""The eval end to end: cases run as real sessions against the local server with MCP servers (and the mock MCP
server) as subprocesses, the run folder, ``rtkit report``, a comparison where one variant is known to be better, the
CI gate run twice, and ``rtkit run`` keeping a call's arguments."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from helpers import CONFIG_PREFIXES, clean_env, rtkit_cli, slow_run, start_rtkit

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


def test_resume_runs_only_the_cases_an_earlier_run_did_not_finish(
    typed_run: rtkit.eval.EvalRun, tmp_path: Path
) -> None:
    from rtkit.config import RealtimeConfig

    out = tmp_path / "run"
    shutil.copytree(typed_run.out, out)
    shutil.rmtree(out / "cases" / "hello__base")  # interrupted before this case was written
    resumed = rtkit.eval.run(
        typed_run.out.parent / "typed.yaml", out=out, resume=True, config=RealtimeConfig(), progress=False
    )
    cases = resumed.cases.set_index("case")
    assert not cases.loc["hello", "resumed"] and cases.drop(index="hello")["resumed"].all()
    assert resumed.summary["eval"]["resumed"] == 5
    cols = ["case", "check", "status", "expected", "got", "reason"]
    assert resumed.results[cols].equals(typed_run.results[cols])  # the resumed checks, as they were
    assert set(resumed.tables["tool_calls"]["case"]) == set(typed_run.tables["tool_calls"]["case"])


def test_eval_jobs_run_on_a_dask_local_cluster(tmp_path: Path) -> None:
    from rtkit.batch.job import worker_name
    from rtkit.config import RealtimeConfig

    weather = {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}
    cases = [
        {"id": "paris", "text": "What's the weather in Paris?", "functions": [weather],
         "mocks": [{"tool": "get_weather", "output": {"sky": "sunny"}}],
         "expect": {"calls": [{"name": "get_weather", "arguments": {"city": "Paris"}}],
                    "answer": {"contains": "sunny"}}},
        {"id": "hello", "text": "Hello, how are you?", "expect": {"no_call": True}},
    ]  # fmt: skip
    dataset = rtkit.eval.parse_dataset({"cases": cases})
    run = rtkit.eval.run(dataset, dask="local:1", config=RealtimeConfig(), out=tmp_path / "run", progress=False)
    assert run.summary["eval"]["executor"].startswith("dask.distributed, LocalCluster of 1 workers")
    assert run.results.set_index(["case", "check"])["status"].to_dict() == {
        ("paris", "call[0]"): "passed", ("paris", "answer[0]"): "passed", ("paris", "session"): "passed",
        ("hello", "no_call"): "passed", ("hello", "session"): "passed",
    }  # fmt: skip
    (worker,) = set(run.cases["worker"])
    assert worker != worker_name()  # graded in the worker process, the outcome shipped back
    assert (run.out / "cases" / "paris__base" / "outcome.json").is_file()


@slow_run
def test_a_variant_may_change_the_local_recognizer(tmp_path: Path, recognizer_for: Any) -> None:
    from rtkit.config import RealtimeConfig

    recognizer_for("pocketsphinx")
    dataset = rtkit.eval.parse_dataset({"cases": [{"id": "hello", "say": "Good morning, how are you today?"}]})
    variants = [rtkit.eval.Variant("base"), rtkit.eval.Variant("sphinx", {"recognizer": "pocketsphinx"})]
    run = rtkit.eval.run(  # the base server hears nothing (speech off); the variant gets a server of its own
        dataset, variants=variants, config=RealtimeConfig(), out=tmp_path / "run", speech=False, progress=False
    )
    heard = {o.variant: " ".join(e.text for e in o.observed.events if e.kind == "user") for o in run.outcomes}
    assert heard["base"] == ""
    assert heard["sphinx"] and heard["sphinx"].replace(" ", "").isalpha()  # PocketSphinx's style: no case, no
    assert heard["sphinx"] == heard["sphinx"].lower()  # punctuation (the default engine writes cased sentences)


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


@pytest.mark.slow
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
@slow_run
def test_the_gate_passes_against_its_baseline_and_fails_a_broken_tool(tmp_path: Path) -> None:
    def tool(name: str, **properties: str) -> dict[str, Any]:
        schema = {key: {"type": kind} for key, kind in properties.items()}
        return {"name": name, "description": name.replace("_", " "),
                "parameters": {"type": "object", "properties": schema}}  # fmt: skip

    functions = [tool("plan_budget", monthly_income="number"), tool("get_portfolio_summary")]
    mocks = [{"tool": "*", "output": {"ok": True}}]  # typed cases, tools answered in-process: no server to start
    incomes = [1500, 2500, 3200, 4000, 5100]  # five regressions and no improvement: p = 1/32 < 0.05
    cases = [
        {"id": f"budget-{x}", "text": f"Plan my budget for an income of {x} dollars.",
         "expect": {"calls": [{"name": "plan_budget", "arguments": {"monthly_income": {"approx": x, "tol": 1}}}]}}
        for x in incomes
    ]  # fmt: skip
    cases.append({"id": "portfolio", "text": "What is my portfolio summary?",
                  "expect": {"calls": ["get_portfolio_summary"]}})  # fmt: skip
    dataset = tmp_path / "budget.json"
    dataset.write_text(json.dumps({"cases": [{**c, "functions": functions, "mocks": mocks} for c in cases]}))
    broken = tmp_path / "broken.yaml"
    broken.write_text("tools: {plan_budget: {parameters: {type: object, properties: {}}}}\n")
    from rtkit.config import RealtimeConfig

    rtkit.eval.run(dataset, config=RealtimeConfig(), out=tmp_path / "base", progress=False)
    assert rtkit.eval.load_eval(tmp_path / "base").results["passed"].all()

    gate = ["--baseline", str(tmp_path / "base"), "--no-plots"]
    same = start_rtkit("eval", str(dataset), "--out", str(tmp_path / "same"), *gate, env=clean_env(CONFIG_PREFIXES))
    worse = start_rtkit("eval", str(dataset), "--variant", f"broken={broken}", "--out", str(tmp_path / "worse"), *gate,
                        env=clean_env(CONFIG_PREFIXES))  # fmt: skip
    same_out, same_err = same.communicate(timeout=90)
    assert same.returncode == 0, same_out + same_err
    assert "gate: passed" in same_out
    worse_out, worse_err = worse.communicate(timeout=90)
    assert worse.returncode == 1, worse_out + worse_err
    assert "gate: FAILED" in worse_out
    for x in incomes:
        assert (
            f"regressed: budget-{x} call[0]: call[0].arguments.monthly_income: expected {x} ± 1, got nothing"
            in worse_out
        )
    assert "regressed: portfolio" not in worse_out


def bfcl_head(folder: Path, n: int) -> tuple[Path, Path]:
    """The first ``n`` cases of the shared BFCL simple set and their answers, copied to ``folder`` (the test is
    skipped where the shared sets are not beside the repository)."""
    shared = Path(__file__).resolve().parents[3] / "shared" / "data" / "bfcl"
    questions, answers = shared / "BFCL_v4_simple_python.json", shared / "BFCL_v4_simple_python.answers.json"
    if not questions.is_file():
        pytest.skip(f"the shared BFCL sets are not at {shared}")
    q, a = folder / "q.json", folder / "a.json"
    q.write_text("".join(questions.read_text().splitlines(keepends=True)[:n]))
    a.write_text("".join(answers.read_text().splitlines(keepends=True)[:n]))
    return q, a


@pytest.mark.slow
def test_bfcl_cases_are_graded_by_bfcls_checker_and_the_last_line_gives_the_score(tmp_path: Path) -> None:
    from rtkit.eval import bfcl

    q, a = bfcl_head(tmp_path, 8)
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


def test_bfcl_runs_every_variant_and_a_variant_may_name_bfcls_dotted_functions(tmp_path: Path) -> None:
    from rtkit.config import RealtimeConfig
    from rtkit.eval import bfcl_cases, summary

    q, a = bfcl_head(tmp_path, 2)  # simple_python_1 offers math.factorial (a dot in its name)
    no_args = {"parameters": {"type": "object", "properties": {}}}
    variants = [
        rtkit.eval.Variant("base"),
        rtkit.eval.Variant("broken", {"tools": {"math.factorial": no_args, "math.factorial_typo": no_args}}),
    ]
    run = rtkit.eval.run(
        bfcl_cases.bfcl_dataset(q, a), variants=variants, config=RealtimeConfig(), out=tmp_path / "run", progress=False
    )
    graded = run.results[run.results["kind"] == "tool_call"].set_index(["case", "variant"])["reason"]
    assert graded[("simple_python_1", "base")] == ""
    assert graded[("simple_python_1", "broken")] == "number: required, expected one of [5], got nothing"
    assert graded[("simple_python_0", "broken")] == graded[("simple_python_0", "base")]  # not overridden
    assert run.summary["eval"]["unmatched_tool_overrides"] == {"broken": ["math.factorial_typo"]}
    ((_, right_base, n_base), (_, right_broken, n_broken)) = summary.call_accuracy(run.results)
    assert (n_base, n_broken) == (2, 2) and right_broken == right_base - 1


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
