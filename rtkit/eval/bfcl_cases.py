"""BFCL cases as eval cases: each question is a typed-text case with its functions inline and one expectation, the
first call, graded by BFCL's AST-checker semantics (:func:`rtkit.eval.bfcl.grade_call`). The loading and the
checker live in :mod:`rtkit.eval.bfcl`; this module only maps its cases onto the dataset model."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from rtkit.eval.dataset import CallExpect, Case, CaseInput, Dataset, Expect, ToolSet


def _grade(bfcl_case: Any, name: str | None, arguments: dict[str, Any]) -> tuple[bool, str]:
    from rtkit.eval import bfcl

    return bfcl.grade_call(bfcl_case, name, arguments)


def to_case(bfcl_case: Any) -> Case:
    """One BFCL case (:class:`rtkit.eval.bfcl.BfclCase`) as a typed case with its tools inline; a case whose
    answers accept no call (irrelevance) expects no call."""
    grader = functools.partial(_grade, bfcl_case)
    expect = (
        Expect(calls=(CallExpect(None),), order="first", call_grader=grader)
        if bfcl_case.ground_truth
        else Expect(calls=(), no_call=True)
    )
    return Case(
        id=bfcl_case.id,
        input=CaseInput("text", text=bfcl_case.text),
        tools=ToolSet("bfcl"),
        expect=expect,
        tags=("bfcl", bfcl_case.id.rsplit("_", 1)[0]),
        functions=tuple(bfcl_case.tools),
        aliases=dict(bfcl_case.names),
        meta={"bfcl": bfcl_case.id},
    )


def bfcl_dataset(questions: str | Path, answers: str | Path | None = None) -> Dataset:
    """The cases of a BFCL question file (and its answers file)."""
    from rtkit.eval import bfcl

    cases = [to_case(c) for c in bfcl.load_bfcl(questions, answers)]
    return Dataset(Path(questions), Path(questions).stem, cases, {"bfcl": ToolSet("bfcl")})
