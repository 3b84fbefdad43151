"""The judge hook: a rubric grader that asks a text model whether an answer meets the rubric. It needs an API key;
without one (offline, the local server) every judge check is reported as *skipped*, never as passed."""

from __future__ import annotations

import asyncio
from typing import Any

from rtkit.eval.cases import Case
from rtkit.eval.graders import Check
from rtkit.eval.observed import Observed

JUDGE_MODEL = "gpt-4.1-mini"
PROMPT = (
    "You grade a voice assistant's answer against a rubric. Reply with PASS or FAIL on the first line, then one "
    "sentence saying why.\n\nRubric: {rubric}\n\nUser said: {user}\n\nAssistant answered: {answer}"
)


def _rubrics(case: Case) -> list[tuple[str, str | None, int | None]]:
    out: list[tuple[str, str | None, int | None]] = [("judge", case.expect.judge, None)]
    out += [(f"turn{k + 1}.judge", t.expect.judge, k) for k, t in enumerate(case.caller)]
    return [(name, r, k) for name, r, k in out if r]


def verdict(reply: str) -> tuple[bool, str]:
    """``(passed, reason)`` from the judge's reply (PASS/FAIL on its first line)."""
    first, _, rest = reply.strip().partition("\n")
    return first.strip().upper().startswith("PASS"), (rest.strip() or first.strip())


async def grade(case: Case, run: Observed, config: Any) -> list[Check]:
    """The case's judge checks: skipped without an API key, else the model's verdict."""
    rubrics = _rubrics(case)
    if not rubrics:
        return []
    key = getattr(config, "api_key", None)
    rows = []
    for name, rubric, turn in rubrics:
        part = run if turn is None else run.for_turn(turn)
        answer = part.answer()
        if not key:
            rows.append(Check(name, "judge", "skipped", rubric or "", answer[:200], "judge: no API key (offline)"))
            continue
        user = " ".join(e.text for e in part.events if e.kind == "user")
        try:
            reply = await asyncio.to_thread(_ask, key, PROMPT.format(rubric=rubric, user=user, answer=answer))
            passed, reason = verdict(reply)
            rows.append(Check(name, "judge", "passed" if passed else "failed", rubric or "", answer[:200],
                              "" if passed else f"judge: {reason}"))  # fmt: skip
        except Exception as exc:  # the judge could not answer: not a pass
            rows.append(
                Check(name, "judge", "skipped", rubric or "", answer[:200], f"judge: {type(exc).__name__}: {exc}")
            )
    return rows


def _ask(key: str, prompt: str) -> str:
    from openai import OpenAI

    client = OpenAI(api_key=key)
    reply = client.chat.completions.create(model=JUDGE_MODEL, messages=[{"role": "user", "content": prompt}])
    return reply.choices[0].message.content or ""
