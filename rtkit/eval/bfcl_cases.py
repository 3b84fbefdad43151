"""BFCL cases as eval cases: each question is a typed-text case with its functions inline and one expectation, the
first call, graded by BFCL's AST-checker semantics (:func:`rtkit.eval.bfcl.grade_call`). The loading and the
checker live in :mod:`rtkit.eval.bfcl`; this module only maps its cases onto the dataset model."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from rtkit.eval.dataset import CallExpect, Case, CaseInput, Dataset, Expect, ToolSet


def _grade(bfcl_case: Any, name: str, arguments: dict[str, Any]) -> tuple[bool, str]:
    from rtkit.eval import bfcl

    return bfcl.grade_call(name, arguments, bfcl_case)


def _field(obj: Any, *names: str, default: Any = None) -> Any:
    for n in names:
        if isinstance(obj, dict) and n in obj:
            return obj[n]
        if hasattr(obj, n):
            return getattr(obj, n)
    return default


def to_case(bfcl_case: Any) -> Case:
    """One BFCL case as a typed case with inline functions; no expected call when the case has no answer."""
    cid = str(_field(bfcl_case, "id", "case_id"))
    text = _field(bfcl_case, "text", "question", "prompt")
    if isinstance(text, list):  # BFCL's raw turns: [[{"role", "content"}, ...]]
        flat = [m for turn in text for m in (turn if isinstance(turn, list) else [turn])]
        text = " ".join(str(m.get("content", "")) for m in flat if m.get("role") == "user")
    functions = tuple(_field(bfcl_case, "functions", "tools", default=()) or ())
    expects_call = bool(_field(bfcl_case, "expects_call", default=_field(bfcl_case, "answers", "ground_truth")))
    grader = functools.partial(_grade, bfcl_case)
    expect = (
        Expect(calls=(CallExpect(None),), order="first", call_grader=grader)
        if expects_call
        else Expect(calls=(), no_call=True)
    )
    category = cid.rsplit("_", 1)[0]
    return Case(
        id=cid,
        input=CaseInput("text", text=str(text)),
        tools=ToolSet("bfcl"),
        expect=expect,
        tags=("bfcl", category),
        functions=functions,
        meta={"bfcl": bfcl_case},
    )


def bfcl_dataset(questions: str | Path, answers: str | Path | None = None) -> Dataset:
    """The cases of a BFCL question file (and its answers file)."""
    from rtkit.eval import bfcl

    cases = [to_case(c) for c in bfcl.load_bfcl(questions, answers)]
    return Dataset(Path(questions), Path(questions).stem, cases, {"bfcl": ToolSet("bfcl")})
