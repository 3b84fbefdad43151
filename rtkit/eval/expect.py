"""The same checks from pytest: run one voice (or typed) turn against the local server, then assert on what the
assistant did, event by event, with the eval matchers and graders::

    result = await rtkit.eval.run_session(say="Plan my budget for an income of 4000 dollars.", mcp=["finance"])
    result.expect.next_event().is_function_call(name="plan_budget", arguments={"monthly_income": {"approx": 4000}})
    result.expect.next_event().is_message(contains="4,000")
    result.expect.no_more_events()

Events are the assistant's function calls (with their outputs) and messages, in order. A failed assertion raises
``AssertionError`` naming the field, what was expected and what it got, and lists the events around the mismatch.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rtkit.eval import graders
from rtkit.eval.dataset import CallExpect
from rtkit.eval.observed import Event, Observed


class EventAssert:
    """One event, to assert what it is."""

    def __init__(self, expect: RunExpect, index: int) -> None:
        self._expect = expect
        self.index = index
        self.event = expect.events[index] if index < len(expect.events) else None

    def _fail(self, what: str, reason: str) -> None:
        raise AssertionError(f"{what}: {reason}\n{self._expect.around(self.index)}")

    def _of_kind(self, kind: str, what: str) -> Event:
        if self.event is None:
            self._fail(what, "got no more events")
        assert self.event is not None
        if self.event.kind != kind:
            self._fail(what, f"got {self.event}")
        return self.event

    def is_function_call(self, name: str | None = None, arguments: Mapping[str, Any] | None = None) -> EventAssert:
        """The event is a call of ``name`` whose arguments meet ``arguments`` (matchers, as in a dataset)."""
        what = f"event {self.index}: expected a function call{' to ' + name if name else ''}"
        event = self._of_kind("function_call", what)
        out = graders.grade_call(CallExpect(name, arguments), event)
        if not out.passed:
            self._fail(what, out.reason)
        return self

    def is_message(self, contains: str | None = None, **answer: Any) -> EventAssert:
        """The event is an assistant message; ``contains``, ``not_contains``, ``regex`` or ``approx`` (+ ``tol``)
        check its text, as a dataset's answer expectations do."""
        what = f"event {self.index}: expected an assistant message"
        event = self._of_kind("message", what)
        specs = ([{"contains": contains}] if contains is not None else []) + _answer_specs(answer)
        for spec in specs:
            out = graders.grade_answer(spec, event.text, "message")
            if not out.passed:
                self._fail(what, out.reason)
        return self

    def output(self, **answer: Any) -> EventAssert:
        """The call's output meets ``contains`` / ``regex`` / ... (the tool's JSON as text)."""
        for spec in _answer_specs(answer):
            out = graders.grade_answer(spec, (self.event.output if self.event else None) or "", "output")
            if not out.passed:
                self._fail(f"event {self.index}: output", out.reason)
        return self


def _answer_specs(answer: Mapping[str, Any]) -> list[dict[str, Any]]:
    tol = answer.get("tol")
    out = []
    for k, v in answer.items():
        if k == "tol":
            continue
        out.append({k: v, **({"tol": tol} if k == "approx" and tol is not None else {})})
    return out


class RunExpect:
    """A cursor over a run's events."""

    def __init__(self, events: Sequence[Event]) -> None:
        self.events = list(events)
        self.cursor = 0

    def next_event(self) -> EventAssert:
        """The next event (assert on it with ``is_function_call`` / ``is_message``)."""
        ev = EventAssert(self, self.cursor)
        self.cursor += 1
        return ev

    def skip_next(self, count: int = 1) -> RunExpect:
        self.cursor += count
        return self

    def no_more_events(self) -> None:
        if self.cursor < len(self.events):
            raise AssertionError(
                f"expected no more events, got {len(self.events) - self.cursor} more\n{self.around(self.cursor)}"
            )

    def contains_function_call(self, name: str | None = None, arguments: Mapping[str, Any] | None = None) -> Event:
        """Some event (anywhere) is such a call; returns it."""
        expect = CallExpect(name, arguments)
        reasons = []
        for e in self.events:
            if e.kind == "function_call":
                out = graders.grade_call(expect, e)
                if out.passed:
                    return e
                reasons.append(out.reason)
        raise AssertionError(
            f"expected a function call {graders.expected_call_text(expect)}: "
            f"{'; '.join(reasons) or 'got no function call'}\n{self.around(0, width=len(self.events))}"
        )

    def around(self, index: int, width: int = 2) -> str:
        """The events near ``index``, the one at it marked."""
        if not self.events:
            return "events: none"
        lo, hi = max(0, index - width), min(len(self.events), index + width + 1)
        lines = ["events:"]
        if lo:
            lines.append("  ...")
        for i in range(lo, hi):
            lines.append(f"  {'>' if i == index else ' '} [{i}] {self.events[i]}")
        if index >= len(self.events):
            lines.append(f"  > [{index}] (no event)")
        if hi < len(self.events):
            lines.append("  ...")
        return "\n".join(lines)


@dataclass
class SessionRun:
    """What :func:`run_session` returns."""

    observed: Observed
    checks: list[graders.Check] = field(default_factory=list)
    """The checks of the case's expectations, if any were given."""

    @property
    def events(self) -> list[Event]:
        return [e for e in self.observed.events if e.kind != "user"]

    @property
    def transcript(self) -> str:
        """What the server heard (the user's transcript, or the typed text)."""
        return " ".join(e.text for e in self.observed.events if e.kind == "user")

    @property
    def expect(self) -> RunExpect:
        """A fresh cursor over the assistant's events."""
        if self.observed.error is not None:
            raise AssertionError(f"the session failed: {self.observed.error}")
        return RunExpect(self.events)


async def run_session(
    *,
    text: str | None = None,
    say: str | None = None,
    audio: str | Path | None = None,
    mcp: Sequence[str] = (),
    functions: Sequence[Mapping[str, Any]] = (),
    mocks: Sequence[Mapping[str, Any]] = (),
    expect: Mapping[str, Any] | None = None,
    config: Any = None,
    url: str | None = None,
    settings: Mapping[str, Any] | None = None,
    voice: str = "en-us",
    rate: int = 175,
    timeout_s: float = 60.0,
) -> SessionRun:
    """One turn (typed ``text``, synthesised ``say`` or an ``audio`` file) in a fresh session with the given tools
    (MCP specs, or inline ``functions`` answered from ``mocks``), graded by ``expect`` when given (a dataset
    case's ``expect`` block). With no key and no ``url`` the session runs against a local server started here."""
    from rtkit.batch.job import BatchPlan, Runtime
    from rtkit.config import RealtimeConfig
    from rtkit.eval.dataset import parse_dataset
    from rtkit.eval.runner import tool_specs
    from rtkit.eval.solver import make_jobs, solve
    from rtkit.eval.variants import Variant

    case: dict[str, Any] = {"id": "session", "tools": "tools", "expect": dict(expect or {})}
    for key, value in (("text", text), ("say", say), ("audio", str(audio) if audio else None)):
        if value is not None:
            case[key] = value
    if say is not None:
        case.update(voice=voice, rate=rate)
    if settings:
        case["settings"] = dict(settings)
    toolset: dict[str, Any] = {"mcp": list(mcp)}
    if functions:
        toolset.update(functions=list(functions), mocks=list(mocks))
    dataset = parse_dataset({"toolsets": {"tools": toolset}, "cases": [case]})
    config = config or RealtimeConfig.from_env()
    with tempfile.TemporaryDirectory(prefix="rtkit-eval-") as tmp:
        specs = tool_specs(dataset, Path(tmp), config)
        (job,) = make_jobs(dataset.cases, [Variant("base")], config, specs, timeout_s)
        plan = BatchPlan(config=config, url=url, pace=False, speech=dataset.cases[0].spoken, timeout_s=timeout_s)
        async with Runtime(plan) as runtime:
            outcome = await solve(job, runtime)
    checks = [c for c in outcome.checks if c.check != "session"] if expect else []
    return SessionRun(outcome.observed, checks)
