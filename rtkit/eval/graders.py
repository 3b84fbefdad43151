"""Graders: pure functions from a case's expectations and what the run did (:class:`~rtkit.eval.observed.Observed`)
to check results, one :class:`Check` per expectation. No session, no network (the judge is in
:mod:`rtkit.eval.judge`); the pytest API (:mod:`rtkit.eval.expect`) uses the same call and answer graders.

Check kinds: ``tool_call`` (an expected call, or only the expected calls), ``no_call``, ``answer``, ``latency``,
``cost``, ``turn_taking`` (number of turns, no cut inside an utterance, end of turn), ``judge``, ``session`` (the
run finished without error).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from rtkit.eval import matchers
from rtkit.eval.cases import CallExpect, Case, Expect
from rtkit.eval.matchers import Outcome, describe
from rtkit.eval.observed import Event, Observed

Status = Literal["passed", "failed", "skipped"]
CUT_TOLERANCE_MS = 200.0
"""A turn ending this close to the labelled end of speech is not a cut (energy VAD hears a word's tail late)."""


@dataclass(frozen=True)
class Check:
    """One graded expectation: a row of the results table."""

    check: str
    """Name, unique within the case (``call[0]``, ``answer[1]``, ``latency:voice_to_voice_ms``, ``turn2.call[0]``)."""
    kind: str
    """``tool_call``, ``no_call``, ``answer``, ``latency``, ``cost``, ``turn_taking``, ``judge`` or ``session``."""
    status: Status
    expected: str
    got: str
    reason: str = ""
    """Why it failed or was skipped (names the field, what was expected and what it got)."""

    @property
    def passed(self) -> bool:
        return self.status == "passed"


def _row(check: str, kind: str, out: Outcome, expected: str, got: str) -> Check:
    return Check(check, kind, "passed" if out.passed else "failed", expected, got, out.reason)


# -- tool calls ----------------------------------------------------------------------------------------------------
def call_text(e: Event) -> str:
    return f"{e.name}({e.arguments or ''})"


def expected_call_text(x: CallExpect) -> str:
    args = "" if x.arguments is None else describe(dict(x.arguments))
    name = x.name if isinstance(x.name, str) else (describe(x.name) if x.name is not None else "*")
    return f"{name}({args})"


def name_matches(x: CallExpect, name: str | None) -> bool:
    if x.name is None:
        return True
    if isinstance(x.name, str):
        return name == x.name
    return matchers.match(dict(x.name), name, "name").passed


def grade_call(expect: CallExpect, call: Event, field: str = "call") -> Outcome:
    """One made call against one expected call: the name, then each argument's matcher (and with ``strict``, no
    argument the expectation does not list)."""
    if not name_matches(expect, call.name):
        return Outcome(False, f"{field}.name: expected {expected_call_text(expect).split('(')[0]}, got {call.name!r}")
    if expect.arguments is None:
        return matchers.PASS
    args = call.args()
    if args is None:
        return Outcome(False, f"{field}.arguments: expected a JSON object, got {matchers.show(call.arguments)}")
    out = matchers.match(dict(expect.arguments), args, f"{field}.arguments")
    if out.passed and expect.strict:
        extra = sorted(set(args) - set(expect.arguments))
        if extra:
            return Outcome(False, f"{field}.arguments: expected no other arguments, got {', '.join(extra)}")
    return out


def grade_calls(expect: Expect, calls: Sequence[Event], prefix: str = "") -> list[Check]:
    """The tool-call checks of one case or caller turn."""
    if expect.no_call:
        got = ", ".join(call_text(c) for c in calls) or "no call"
        out = matchers.PASS if not calls else Outcome(False, f"calls: expected no tool call, got {got}")
        return [_row(f"{prefix}no_call", "no_call", out, "no tool call", got)]
    if expect.calls is None:
        return []
    rows: list[Check] = []
    if expect.call_grader is not None or expect.order == "first":
        first = calls[0] if calls else None
        x = expect.calls[0] if expect.calls else CallExpect(None)
        got = call_text(first) if first else "no call"
        if expect.call_grader is not None:
            passed, reason = expect.call_grader(first.name if first else None, (first.args() or {}) if first else {})
            out = Outcome(passed, "" if passed else reason)
        elif first is None:
            out = Outcome(False, f"call: expected {expected_call_text(x)}, got no call")
        else:
            out = grade_call(x, first)
        return [_row(f"{prefix}call[0]", "tool_call", out, expected_call_text(x), got)]
    used: set[int] = set()
    cursor = 0
    for i, x in enumerate(expect.calls):
        pool = range(cursor, len(calls)) if expect.order == "ordered" else range(len(calls))
        hit = next((j for j in pool if j not in used and grade_call(x, calls[j]).passed), None)
        field = f"call[{i}]"
        if hit is not None:
            used.add(hit)
            cursor = hit + 1 if expect.order == "ordered" else cursor
            rows.append(
                _row(f"{prefix}{field}", "tool_call", matchers.PASS, expected_call_text(x), call_text(calls[hit]))
            )
            continue
        same = [j for j in pool if j not in used and x.name is not None and name_matches(x, calls[j].name)]
        if same:
            got = call_text(calls[same[0]])
            out = grade_call(x, calls[same[0]], field)
        else:
            made = ", ".join(c.name or "?" for c in calls) or "none"
            got = "no call" if not calls else ", ".join(call_text(c) for c in calls)
            where = " after the earlier expected calls" if expect.order == "ordered" and i and calls else ""
            wanted = expected_call_text(x).split("(")[0]
            out = Outcome(False, f"{field}.name: expected a call to {wanted}{where}, got calls: {made}")
        rows.append(_row(f"{prefix}{field}", "tool_call", out, expected_call_text(x), got))
    if expect.only:
        extra = [c for j, c in enumerate(calls) if j not in used]
        got = ", ".join(call_text(c) for c in extra) or "none"
        out = matchers.PASS if not extra else Outcome(False, f"calls: expected only the listed calls, got also {got}")
        rows.append(_row(f"{prefix}only", "tool_call", out, "no other calls", got))
    return rows


# -- answers -------------------------------------------------------------------------------------------------------
def grade_answer(spec: Any, text: str, field: str = "answer") -> Outcome:
    """An answer text against ``contains`` / ``not_contains`` / ``regex`` / ``approx`` (any number in the text)."""
    if matchers.is_matcher(spec) and "approx" in spec:
        for n in matchers.numbers_in(text):
            if matchers.match(spec, n, field).passed:
                return matchers.PASS
        return Outcome(False, f"{field}: expected a number {describe(spec)}, got {matchers.show(text)}")
    return matchers.match(spec, text, field)


def grade_answers(expect: Expect, text: str, prefix: str = "") -> list[Check]:
    rows = []
    for i, spec in enumerate(expect.answer):
        out = grade_answer(spec, text, f"{prefix}answer")
        rows.append(_row(f"{prefix}answer[{i}]", "answer", out, describe(spec), matchers.show(text, 200)))
    return rows


# -- latency, cost, turn-taking ------------------------------------------------------------------------------------
def _values(rows: Sequence[dict[str, Any]], key: str) -> list[float]:
    out = []
    for r in rows:
        try:
            v = float(r.get(key))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        if not math.isnan(v):
            out.append(v)
    return out


def grade_limits(expect: Expect, run: Observed, prefix: str = "") -> list[Check]:
    rows = []
    for name, limit in expect.latency:
        values = _values(run.turns, name)
        check = f"{prefix}latency:{name}"
        if not values:
            rows.append(
                Check(
                    check,
                    "latency",
                    "skipped",
                    f"<= {limit:g} ms",
                    "not measured",
                    f"{name}: not measured in this case",
                )
            )
            continue
        worst = max(values)
        out = Outcome(worst <= limit, "" if worst <= limit else f"{name}: expected <= {limit:g} ms, got {worst:.0f} ms")
        rows.append(_row(check, "latency", out, f"<= {limit:g} ms", f"{worst:.0f} ms"))
    if expect.cost_usd is not None:
        ok = run.cost_usd <= expect.cost_usd
        reason = "" if ok else f"cost_usd: expected <= ${expect.cost_usd:g}, got ${run.cost_usd:.4f}"
        rows.append(
            _row(f"{prefix}cost", "cost", Outcome(ok, reason), f"<= ${expect.cost_usd:g}", f"${run.cost_usd:.4f}")
        )
    return rows


def grade_turn_taking(expect: Expect, run: Observed, prefix: str = "") -> list[Check]:
    rows = []
    if expect.turns is not None:
        n = sum(1 for t in run.turns if t.get("kind") in ("audio", "audio_manual", "text"))
        reason = "" if n == expect.turns else f"turns: expected {expect.turns}, got {n}"
        rows.append(
            _row(f"{prefix}turns", "turn_taking", Outcome(n == expect.turns, reason), str(expect.turns), str(n))
        )
    if expect.no_cut:
        cuts = [(s, e, end) for s, e in run.labels for end in run.vad_ends if s < end < e - CUT_TOLERANCE_MS]
        got = "; ".join(f"turn ended at {end:.0f} ms inside speech {s:.0f}-{e:.0f} ms" for s, e, end in cuts)
        out = Outcome(not cuts, f"no_cut: expected no turn end inside an utterance, got {got}" if cuts else "")
        if not run.labels:
            rows.append(
                Check(
                    f"{prefix}no_cut",
                    "turn_taking",
                    "skipped",
                    "no cut",
                    "no labels",
                    "no_cut: the case has no speech labels",
                )
            )
        else:
            rows.append(_row(f"{prefix}no_cut", "turn_taking", out, "no turn end inside an utterance", got or "none"))
    if expect.end_of_turn_ms is not None:
        limit = expect.end_of_turn_ms
        delays = []
        for _, e in run.labels:
            after = [end for end in run.vad_ends if end >= e - CUT_TOLERANCE_MS]
            delays.append(min(after) + run.silence_ms - e if after else math.inf)
        worst = max(delays, default=math.nan)
        if not delays:
            rows.append(
                Check(
                    f"{prefix}end_of_turn",
                    "turn_taking",
                    "skipped",
                    f"<= {limit:g} ms",
                    "no labels",
                    "end_of_turn: the case has no speech labels",
                )
            )
        else:
            ok = worst <= limit
            got = "no turn end" if math.isinf(worst) else f"{worst:.0f} ms"
            reason = "" if ok else f"end_of_turn: expected within {limit:g} ms of the end of speech, got {got}"
            rows.append(_row(f"{prefix}end_of_turn", "turn_taking", Outcome(ok, reason), f"<= {limit:g} ms", got))
    return rows


# -- a whole case --------------------------------------------------------------------------------------------------
def grade_expect(expect: Expect, run: Observed, prefix: str = "") -> list[Check]:
    """Every check of one expectation block over one run (or one caller turn of it), judge aside."""
    return [
        *grade_calls(expect, run.calls(), prefix),
        *grade_answers(expect, run.answer(), prefix),
        *grade_limits(expect, run, prefix),
        *grade_turn_taking(expect, run, prefix),
    ]


def grade_case(case: Case, run: Observed) -> list[Check]:
    """All checks of a case: ``session`` first, then the case's expectations, then each caller turn's."""
    session = Check(
        "session",
        "session",
        "passed" if run.error is None else "failed",
        "the session ran to the end",
        "ok" if run.error is None else "error",
        "" if run.error is None else f"session: {run.error}",
    )
    rows = [session]
    if run.error is not None and not run.events:
        return rows  # nothing else can be graded; the failures would only repeat the error
    rows += grade_expect(case.expect, run)
    for k, turn in enumerate(case.caller):
        rows += grade_expect(turn.expect, run.for_turn(k), prefix=f"turn{k + 1}.")
    return rows
