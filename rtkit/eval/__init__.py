"""Graded experiments: cases (a dataset) → a session run per case and variant (the solver) → checks (pure graders)
→ pass rates with intervals and paired comparisons (metrics); imports of public function-calling sets (BFCL).
See ``rtkit eval --help`` and ``data/evals/README.md``. Names load on first use (``rtkit.eval.bfcl`` stays light)."""

from __future__ import annotations

from typing import Any

from rtkit.exports import load

_EXPORTS = {
    "Case": "cases",
    "Check": "graders",
    "Dataset": "cases",
    "DatasetError": "dataset",
    "EvalRun": "results",
    "RunExpect": "expect",
    "SessionRun": "expect",
    "Variant": "variants",
    "arun": "runner",
    "compare": "summary",
    "gate": "summary",
    "grade_case": "graders",
    "load_dataset": "dataset",
    "load_eval": "results",
    "load_variant": "variants",
    "match": "matchers",
    "parse_dataset": "dataset",
    "pass_rates": "summary",
    "run": "runner",
    "run_session": "expect",
}


def __getattr__(name: str) -> Any:
    return load(__name__, _EXPORTS, name)


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = sorted(_EXPORTS)
