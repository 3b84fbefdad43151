"""Graded experiments: cases (a dataset) → a session run per case and variant (the solver) → checks (pure graders)
→ pass rates with intervals and paired comparisons (metrics). See ``rtkit eval --help`` and ``data/evals/``."""

from rtkit.eval.dataset import Case, Dataset, DatasetError, load_dataset, parse_dataset
from rtkit.eval.expect import RunExpect, SessionRun, run_session
from rtkit.eval.graders import Check, grade_case
from rtkit.eval.matchers import match
from rtkit.eval.results import EvalRun, load_eval
from rtkit.eval.runner import arun, run
from rtkit.eval.summary import compare, gate, pass_rates
from rtkit.eval.variants import Variant, load_variant

__all__ = [
    "Case",
    "Check",
    "Dataset",
    "DatasetError",
    "EvalRun",
    "RunExpect",
    "SessionRun",
    "Variant",
    "arun",
    "compare",
    "gate",
    "grade_case",
    "load_dataset",
    "load_eval",
    "load_variant",
    "match",
    "parse_dataset",
    "pass_rates",
    "run",
    "run_session",
]
