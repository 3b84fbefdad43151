"""An eval's run folder, laid out like OpenAI's realtime eval harnesses' (``results.csv``, ``summary.json``,
``plots/``, ``events/<case>.jsonl``) and like an rtkit run folder (the recorder tables, read by ``rtkit report``):

- ``results.csv`` / ``.parquet``: one row per case, variant and check (``kind``, ``status``, ``passed``,
  ``expected``, ``got``, ``reason``, ``tags``, ``perturbation``);
- ``cases.csv`` / ``.parquet``: one row per case and variant (passed, error, checks, worst latencies, cost, tool
  calls, wall time);
- ``summary.json``: the run totals (as any run folder) and an ``eval`` block (pass rates with intervals, latency,
  cost, the comparison);
- ``events.csv``, ``turns.csv``, ``tool_calls.csv``, ...: the recorder tables of every case, with ``case`` and
  ``variant`` columns;
- ``events/<case>__<variant>.jsonl``: each case's event stream;
- ``audio/<case>__<variant>/``: ``input.wav`` and ``assistant.wav`` of each failing case;
- ``cases/<case>__<variant>/``: each case as it finished (``--resume`` skips these);
- ``plots/``: the figures (:mod:`rtkit.eval.figures`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from rtkit import audio
from rtkit.eval.graders import Check
from rtkit.eval.observed import Event, Observed
from rtkit.eval.solver import EvalOutcome
from rtkit.metrics import export

RESULT_COLUMNS = ["case", "variant", "check", "kind", "status", "passed", "expected", "got", "reason", "tags",
                  "perturbation"]  # fmt: skip
CASE_COLUMNS = ["case", "variant", "passed", "ok", "error", "checks", "failed", "skipped", "tool_calls", "turns",
                "voice_to_voice_ms", "ttfb_ms", "response_ms", "cost_usd", "wall_s", "tags", "perturbation", "worker",
                "resumed"]  # fmt: skip


@dataclass
class EvalRun:
    """A finished (or loaded) eval run."""

    out: Path
    results: pd.DataFrame
    """One row per case, variant and check."""
    cases: pd.DataFrame
    """One row per case and variant."""
    summary: dict[str, Any]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    """The recorder tables of every case (``case`` and ``variant`` columns)."""
    outcomes: list[EvalOutcome] = field(default_factory=list, repr=False)

    @property
    def failures(self) -> pd.DataFrame:
        """The failed checks."""
        return self.results[self.results["status"] == "failed"]

    @property
    def variants(self) -> list[str]:
        return list(dict.fromkeys(self.cases["variant"])) if len(self.cases) else []


def result_rows(outcome: EvalOutcome, tags: Sequence[str], perturbation: str) -> list[dict[str, Any]]:
    return [
        {
            "case": outcome.case,
            "variant": outcome.variant,
            "check": c.check,
            "kind": c.kind,
            "status": c.status,
            "passed": c.status == "passed",
            "expected": c.expected,
            "got": c.got,
            "reason": c.reason,
            "tags": " ".join(tags),
            "perturbation": perturbation,
        }  # fmt: skip
        for c in outcome.checks
    ]


def _worst(df: pd.DataFrame | None, col: str) -> float:
    if df is None or col not in df or not len(df):
        return math.nan
    v = pd.to_numeric(df[col], errors="coerce").dropna()
    return float(v.max()) if len(v) else math.nan


def case_row(outcome: EvalOutcome, tags: Sequence[str], perturbation: str) -> dict[str, Any]:
    turns = outcome.tables.get("turns")
    return {
        "case": outcome.case, "variant": outcome.variant, "passed": outcome.passed, "ok": outcome.ok,
        "error": outcome.error, "checks": len(outcome.checks),
        "failed": sum(c.status == "failed" for c in outcome.checks),
        "skipped": sum(c.status == "skipped" for c in outcome.checks), "tool_calls": outcome.tool_calls,
        "turns": outcome.turns, "voice_to_voice_ms": _worst(turns, "voice_to_voice_ms"),
        "ttfb_ms": _worst(turns, "ttfb_ms"), "response_ms": _worst(turns, "response_ms"),
        "cost_usd": outcome.cost_usd, "wall_s": outcome.wall_s, "tags": " ".join(tags),
        "perturbation": perturbation, "worker": outcome.worker, "resumed": outcome.resumed,
    }  # fmt: skip


def _tables(out: Path, tables: Mapping[str, pd.DataFrame]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    export.write_tables(out, tables)


def write_case(out: Path, outcome: EvalOutcome) -> None:
    """A finished case's own folder (tables, checks, events) and, when it failed, its audio."""
    folder = out / "cases" / outcome.key
    _tables(folder, {k: v for k, v in outcome.tables.items() if len(v)})
    record = {
        **outcome.row(),
        "case": outcome.case,
        "variant": outcome.variant,
        "checks": [c.__dict__ for c in outcome.checks],
        "overridden": outcome.overridden,
        "observed": outcome.observed.to_dict(),
    }
    (folder / "outcome.json").write_text(json.dumps(record, indent=2, default=export._num))
    events = outcome.tables.get("events")
    (out / "events").mkdir(parents=True, exist_ok=True)
    with open(out / "events" / f"{outcome.key}.jsonl", "w") as f:
        for row in [] if events is None else events.to_dict("records"):
            f.write(json.dumps(row, default=export._num) + "\n")
    if outcome.input_audio is not None or outcome.assistant_audio is not None:
        folder = out / "audio" / outcome.key
        folder.mkdir(parents=True, exist_ok=True)
        for name, pcm in (("input.wav", outcome.input_audio), ("assistant.wav", outcome.assistant_audio)):
            if pcm is not None and len(pcm):
                audio.write_wav(folder / name, pcm)


def load_case(out: Path, key: str) -> EvalOutcome | None:
    """A case an earlier run of ``out`` finished (for ``--resume``), or None."""
    folder = out / "cases" / key
    path = folder / "outcome.json"
    if not path.is_file():
        return None
    rec = json.loads(path.read_text())
    if not rec.get("ok"):
        return None
    tables = {}
    for name in export.TABLES:
        csv = folder / f"{name}.csv"
        if csv.is_file() and csv.stat().st_size:
            tables[name] = pd.read_csv(csv)
    obs = rec.get("observed") or {}
    observed = Observed(
        [Event(**e) for e in obs.get("events", [])], cost_usd=obs.get("cost_usd", 0.0), error=obs.get("error")
    )
    keys = ("file", "key", "ok", "error", "attempts", "wall_s", "turns", "tool_calls", "cost_usd", "worker")
    return EvalOutcome(
        **{k: rec.get(k) for k in keys},
        resumed=True,
        tables=tables,
        case=rec["case"],
        variant=rec["variant"],
        checks=[Check(**c) for c in rec.get("checks", [])],
        overridden=list(rec.get("overridden") or []),
        observed=observed,
    )


def write_run(
    out: Path,
    outcomes: Sequence[EvalOutcome],
    meta: Mapping[str, tuple[Sequence[str], str]],
    info: Mapping[str, Any],
    config: Any,
    alpha: float = 0.05,
) -> EvalRun:
    """The merged folder. ``meta``: by case id, its tags and perturbation label; ``info``: dataset, variants, wall
    time, executor (the ``eval`` block's header)."""
    from rtkit.eval import summary as summ

    results = pd.DataFrame(
        [r for o in outcomes for r in result_rows(o, *meta.get(o.case, ((), "")))], columns=RESULT_COLUMNS
    )
    cases = pd.DataFrame([case_row(o, *meta.get(o.case, ((), ""))) for o in outcomes], columns=CASE_COLUMNS)
    tables = {}
    for name in export.TABLES:
        parts = [o.tables[name] for o in outcomes if name in o.tables and len(o.tables[name])]
        tables[name] = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["case", "variant"])
    out.mkdir(parents=True, exist_ok=True)
    export.write_tables(out, {**tables, "results": results, "cases": cases})
    total = export.summarize(
        tables,
        model=getattr(config, "model", None),
        config_hash=export.config_hash(config),
        events=len(tables["events"]),
        max_concurrent_sessions=0,
        alerts=len(tables["alerts"]),
    )
    total["eval"] = {**info, **summ.summarize(results, cases, alpha)}
    (out / "summary.json").write_text(json.dumps(total, indent=2, default=export._num))
    cfg = {"config": export.redacted_config(config), "config_hash": export.config_hash(config), "eval": dict(info)}
    (out / "config.json").write_text(json.dumps(cfg, indent=2, default=str))
    return EvalRun(out, results, cases, total, tables, list(outcomes))


def is_eval_folder(path: Path) -> bool:
    return (path / "results.csv").is_file() and (path / "summary.json").is_file()


def load_eval(path: str | Path) -> EvalRun:
    """An eval run folder read back (``rtkit report``, ``--baseline``)."""
    p = Path(path)
    if not is_eval_folder(p):
        raise FileNotFoundError(f"{p} is not an eval run folder: results.csv or summary.json is missing")

    def read(name: str) -> pd.DataFrame:
        pq, csv = p / f"{name}.parquet", p / f"{name}.csv"
        try:
            return pd.read_parquet(pq) if pq.is_file() else pd.read_csv(csv)
        except ImportError:
            return pd.read_csv(csv)

    results = read("results")
    for col in ("tags", "perturbation", "reason", "expected", "got"):
        results[col] = results[col].fillna("").astype(str)
    results["passed"] = results["passed"].astype(bool)
    cases = read("cases")
    return EvalRun(p, results, cases, json.loads((p / "summary.json").read_text()))
