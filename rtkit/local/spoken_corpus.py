"""Spoken tool requests: how often the local server's speech path calls the right tool with the right
arguments.

A corpus file has the shape ``{"tools": [...], "cases": [{"id", "text", "tools", "expect": {"name",
"arguments"}, "spoken"}]}``; each case marked ``spoken: true`` is synthesized (espeak-ng), recognized with
the vocabulary of its tools (the server's two-pass recognizer) and routed by the rule-based responder, just as
a voice turn of a session with those tools would be. ``tools`` of a case names the corpus tools the session
has (all of them when absent).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rtkit.local.model.responder import FunctionCallPlan, plan_response
from rtkit.local.speech.engines import vocabulary
from rtkit.local.speech.slots import Slot, slots

__all__ = ["SpokenOutcome", "load_corpus", "run_spoken_cases"]


@dataclass(frozen=True)
class SpokenOutcome:
    """What the speech path made of one spoken case."""

    case_id: str
    """The case's ``id``."""
    text: str
    """What was said."""
    heard: str
    """The transcript."""
    expected: dict[str, Any]
    """The expected call: ``{"name", "arguments"}``."""
    called: str | None
    """Name of the tool called (None: a message instead of a call)."""
    arguments: dict[str, Any] | None
    """Arguments of the call."""

    @property
    def right_tool(self) -> bool:
        """The expected tool was called."""
        return self.called == self.expected.get("name")

    @property
    def right_call(self) -> bool:
        """The expected tool was called with the expected arguments."""
        return self.right_tool and (self.arguments or {}) == (self.expected.get("arguments") or {})


def load_corpus(path: str | Path) -> dict[str, Any]:
    """The corpus at ``path``; ValueError naming the problem when it is not of the documented shape."""
    try:
        corpus = json.loads(Path(path).read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"cannot read the corpus {path}: {exc}") from exc
    if not isinstance(corpus, dict) or not isinstance(corpus.get("tools"), list):
        raise ValueError(f"corpus {path} has no 'tools' list")
    if not isinstance(corpus.get("cases"), list):
        raise ValueError(f"corpus {path} has no 'cases' list")
    return corpus


def _session_tools(corpus: dict[str, Any], case: dict[str, Any]) -> list[dict[str, Any]]:
    by_name = {t.get("name"): t for t in corpus["tools"] if isinstance(t, dict)}
    names = case.get("tools") or list(by_name)
    return [by_name[n] for n in names if n in by_name]


def run_spoken_cases(
    corpus: dict[str, Any],
    synthesize: Callable[[str], np.ndarray],
    transcribe: Callable[[np.ndarray, Sequence[str], Sequence[Slot]], str],
    instructions: str = "",
) -> list[SpokenOutcome]:
    """Synthesize, recognize and route every ``spoken`` case of ``corpus``."""
    out = []
    for case in corpus["cases"]:
        if not case.get("spoken"):
            continue
        tools = [{"type": "function", **t} for t in _session_tools(corpus, case)]
        heard = transcribe(synthesize(case["text"]), vocabulary(tools, instructions), slots(tools))
        item = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": heard}]}
        plan = plan_response([item], tools, instructions)
        called = plan.name if isinstance(plan, FunctionCallPlan) else None
        arguments = json.loads(plan.arguments) if isinstance(plan, FunctionCallPlan) else None
        out.append(SpokenOutcome(str(case.get("id")), case["text"], heard, case.get("expect") or {}, called, arguments))
    return out
