"""The batch's run folder: one sub-folder per file as it finishes, then the merged tables and the summary.

``<out>/files/<key>/`` is a run folder of one file (tables, ``summary.json``, ``outcome.json``), written as soon as
the file finishes, so a stopped batch keeps what it did and ``resume`` skips it. ``<out>/`` itself is a run folder
over every file (each table with a ``file`` column, read by ``rtkit report``) plus ``files.csv`` (one row per file:
ok, error, attempts, turns, tool calls, cost) and a ``batch`` block in ``summary.json``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from rtkit.batch.job import BatchPlan, FileOutcome
from rtkit.metrics import export
from rtkit.metrics.report import load_run
from rtkit.realtime.endpoints import endpoint_label, resolve_endpoint


def file_dir(out: Path, key: str) -> Path:
    return out / "files" / key


def run_info(plan: BatchPlan) -> dict[str, Any]:
    """How the batch's sessions are made, as ``rtkit run`` records it: the endpoint (``host/path``) and the MCP
    servers (the pace is hashed on its own)."""
    if plan.url is not None:
        url = plan.url
    elif plan.config.uses_local_server:
        url = "ws://127.0.0.1/v1/realtime"  # a local server per process, on a port of its own
    else:
        c = plan.config
        where = {"base_url": c.base_url, "azure_endpoint": c.azure_endpoint, "azure_deployment": c.azure_deployment}
        url = resolve_endpoint(c.model, c.api_key, **where).url
    return {"endpoint": endpoint_label(url), "mcp": list(plan.mcp)}


def config_hash(plan: BatchPlan) -> str | None:
    """The batch's config hash, as ``rtkit run`` computes it for the same settings."""
    return export.run_info_hash(plan.config, plan.pace_name, run_info(plan))


def _summary(tables: Mapping[str, pd.DataFrame], plan: BatchPlan, max_sessions: int) -> dict[str, Any]:
    return export.summarize(
        tables,
        model=plan.config.model,
        config_hash=config_hash(plan),
        events=len(tables["events"]),
        max_concurrent_sessions=max_sessions,
        alerts=len(tables["alerts"]),
        pace=plan.pace_name,
    )


def _write_run(folder: Path, tables: Mapping[str, pd.DataFrame], summary: dict[str, Any], plan: BatchPlan) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    export.write_tables(folder, tables)
    (folder / "summary.json").write_text(json.dumps(summary, indent=2, default=export._num))
    cfg = {"config": export.redacted_config(plan.config), "pace": plan.pace_name, "config_hash": config_hash(plan)}
    cfg["run"] = {**run_info(plan), "pace": plan.pace_name}
    (folder / "config.json").write_text(json.dumps(cfg, indent=2, default=str))


def write_file(out: Path, outcome: FileOutcome, plan: BatchPlan) -> None:
    """The file's own run folder and its outcome."""
    folder = file_dir(out, outcome.key)
    if outcome.tables:
        _write_run(folder, outcome.tables, _summary(outcome.tables, plan, 1), plan)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "outcome.json").write_text(json.dumps(outcome.row(), indent=2, default=export._num))


def finished(out: Path, keys: Sequence[str], expected_hash: str | None = None) -> dict[str, FileOutcome]:
    """Outcomes of files an earlier run of ``out`` finished without error (their tables loaded), by key.

    With ``expected_hash``, a finished file run with other settings (another config hash: pace, model, VAD, MCP
    servers, ...) is a ValueError: resuming would mix two experiments in one folder."""
    done = {}
    for key in keys:
        path = file_dir(out, key) / "outcome.json"
        if not path.is_file():
            continue
        row = json.loads(path.read_text())
        if not row.get("ok"):
            continue
        cfg = path.with_name("config.json")
        earlier = json.loads(cfg.read_text()).get("config_hash") if cfg.is_file() else None
        if expected_hash is not None and earlier is not None and earlier != expected_hash:
            raise ValueError(
                f"resume: {out} was run with other settings (config {earlier}, now {expected_hash}); "
                "resume with the same settings, or choose another folder"
            )
        row["resumed"] = True
        done[key] = FileOutcome(**row, tables=dict(load_run(path.parent).tables))
    return done


def merged_tables(outcomes: Sequence[FileOutcome], keys: Sequence[str] = ("file",)) -> dict[str, pd.DataFrame]:
    """Every table of every outcome, concatenated (each row keeps its ``keys`` columns, which an empty table has)."""
    out = {}
    for name in export.TABLES:
        parts = [o.tables[name] for o in outcomes if name in o.tables and len(o.tables[name])]
        out[name] = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(keys))
    return out


def peak_sessions(outcomes: Sequence[FileOutcome]) -> int:
    """Most sessions open at once: overlaps of session spans within each worker process (whose monotonic stamps
    compare), summed over workers."""
    spans: dict[str, list[tuple[float, int]]] = {}
    for o in outcomes:
        sess = o.tables.get("sessions")
        if sess is None or not len(sess) or o.resumed:
            continue
        for start, end in zip(sess["start_t_s"], sess["end_t_s"], strict=True):
            if pd.notna(start) and pd.notna(end):
                spans.setdefault(o.worker, []).extend([(float(start), 1), (float(end), -1)])
    total = 0
    for marks in spans.values():
        level = peak = 0
        for _, step in sorted(marks):
            level += step
            peak = max(peak, level)
        total += peak
    return total


def write_batch(
    out: Path,
    outcomes: Sequence[FileOutcome],
    plan: BatchPlan,
    batch: dict[str, Any],
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame, dict[str, Any]]:
    """Write the merged run folder; returns its tables, the ``files`` table and the summary."""
    tables = merged_tables(outcomes)
    files = pd.DataFrame([o.row() for o in outcomes])
    summary = _summary(tables, plan, peak_sessions(outcomes))
    summary["batch"] = batch
    _write_run(out, tables, summary, plan)
    files.to_csv(out / "files.csv", index=False)
    return tables, files, summary
