"""Run folders: load them, print their summary, compare several, write their plots.

A run folder (written by ``MetricsRecorder.save`` / ``rtkit run --out DIR``) holds ``<table>.csv``
(and ``.parquet``) for the tables of :mod:`~rtkit.metrics.export`, ``summary.json`` and ``config.json``
(the redacted run config, its ``config_hash`` and the speech labels).
Optionally ``input.wav`` (the user audio) for the timeline plot.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from rtkit.metrics.export import TABLES
from rtkit.metrics.latency import LATENCIES
from rtkit.metrics.pace import FAST_NOTE

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@dataclass
class Run:
    """A loaded run folder."""

    path: Path
    """The folder."""
    summary: dict[str, Any]
    """``summary.json``: latency percentiles and totals."""
    config: dict[str, Any] | None = None
    """The run's config without secrets (None when the run had none)."""
    config_hash: str | None = None
    """Hash of the config, to join and compare runs."""
    labels: list[tuple[float, float]] = field(default_factory=list)
    """Speech labels used for the run (input-audio clock, ms)."""
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    """DataFrames by name: events, turns, responses, tool_calls, sessions, alerts, resources."""
    pace: str | None = None
    """How the input audio was streamed (``realtime``, ``fast``, ``live``; None when the run did not say)."""

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)


def read_table(folder: Path, name: str) -> pd.DataFrame:
    """``<name>.parquet`` of a run folder (when pyarrow reads it), else ``<name>.csv``; empty when neither is there."""
    pq, csv = folder / f"{name}.parquet", folder / f"{name}.csv"
    if pq.exists():
        try:
            return pd.read_parquet(pq)
        except ImportError:  # no pyarrow: fall back to the CSV
            pass
    if csv.exists() and csv.stat().st_size:
        try:
            return pd.read_csv(csv)
        except pd.errors.EmptyDataError:
            pass
    return pd.DataFrame()


def load_run(run_dir: str | Path) -> Run:
    """Load a run folder; raises FileNotFoundError naming the folder when it is not a run folder."""
    folder = Path(run_dir)
    summary_path = folder / "summary.json"
    if not summary_path.is_file():
        raise FileNotFoundError(f"{folder} is not a run folder: summary.json is missing")
    summary = json.loads(summary_path.read_text())
    cfg_path = folder / "config.json"
    cfg = json.loads(cfg_path.read_text()) if cfg_path.is_file() else {}
    labels = [(float(s), float(e)) for s, e, *_ in cfg.get("labels") or []]
    tables = {name: read_table(folder, name) for name in TABLES}
    run_hash = cfg.get("config_hash", summary.get("config_hash"))
    return Run(folder, summary, cfg.get("config"), run_hash, labels, tables, cfg.get("pace", summary.get("pace")))


def _fmt(v: Any, unit: str = "") -> str:
    if v is None or (isinstance(v, float) and v != v):
        return "-"
    if unit == "$":
        return f"${v:.4f}"
    if isinstance(v, float):
        return f"{v:.1f}{unit}"
    return f"{v}{unit}"


def dollars(v: Any) -> str:
    """``$0.0123``, or ``-`` when the cost is unknown (a model with no price)."""
    return _fmt(v, "$")


def format_summary(run: Run | Any) -> str:
    """Human-readable summary of a run (a :class:`Run`, or a recorder with ``summary()``)."""
    s = run.summary if isinstance(run, Run) else run.summary()
    where = f"run {run.path}" if isinstance(run, Run) else "recorder"
    lines = [
        f"{where}: model {s.get('model') or '-'}, config {s.get('config_hash') or '-'}, "
        f"pace {s.get('pace') or '-'}, prices of {s.get('pricing_version')}",
        f"  {s.get('sessions', 0)} session(s), {s.get('turns', 0)} turn(s), {s.get('responses', 0)} response(s), "
        f"{s.get('tool_calls', 0)} tool call(s), {s.get('events', 0)} events",
        *(
            [f"  {FAST_NOTE} (the audio went out faster than a microphone delivers it)"]
            if s.get("pace") == "fast"
            else []
        ),
        "",
        f"  {'latency':<26}{'p50':>9}{'p90':>9}{'p99':>9}{'mean':>9}{'n':>5}",
    ]
    for name in LATENCIES:
        p = (s.get("latency") or {}).get(name) or {}
        if p.get("n"):
            lines.append(
                f"  {name:<26}"
                + "".join(f"{_fmt(p.get(q)):>9}" for q in ("p50", "p90", "p99", "mean"))
                + f"{p['n']:>5}"
            )
    tok = s.get("tokens") or {}
    lines += [
        "",
        f"  tokens: {tok.get('input_tokens', 0)} in ({tok.get('cached_tokens', 0)} cached, "
        f"{tok.get('input_audio_tokens', 0)} audio), {tok.get('output_tokens', 0)} out "
        f"({tok.get('output_audio_tokens', 0)} audio); per session {_fmt(s.get('tokens_per_session'))}",
        f"  cost: {_fmt(s.get('cost_usd'), '$')} (transcription {_fmt(s.get('transcription_cost_usd'), '$')}) over "
        f"{_fmt(s.get('conversation_minutes'))} min = {_fmt(s.get('cost_per_min_usd'), '$')}/min",
        f"  tool calls/min {_fmt(s.get('tool_calls_per_min'))}, tool error rate {_fmt(s.get('tool_error_rate'))}, "
        f"session success rate {_fmt(s.get('session_success_rate'))}, reconnects {s.get('reconnects', 0)}, "
        f"errors {s.get('errors', 0)}",
        f"  max concurrent sessions {s.get('max_concurrent_sessions', 0)}, peak RSS {_fmt(s.get('peak_rss_mb'))} MiB, "
        f"CPU while audio flows {_fmt(s.get('mean_cpu_percent_audio'))} %",
        f"  alerts: {s.get('alerts', 0)}",
    ]
    alerts = run.tables.get("alerts") if isinstance(run, Run) else run.alerts_df()
    if alerts is not None and len(alerts):
        lines += [f"    - {m}" for m in alerts["message"].head(10)]
    calls = run.tables.get("tool_calls") if isinstance(run, Run) else run.tool_calls_df()
    if calls is not None and len(calls) and "arguments" in calls:
        lines += ["", "  tool calls (arguments as sent -> output):"]
        lines += [f"    {line}" for line in tool_call_lines(calls)]
    return "\n".join(lines)


def tool_call_lines(calls: pd.DataFrame, limit: int = 20, output_chars: int = 100) -> list[str]:
    """``name(arguments) -> output`` per call (the first ``limit``), outputs cut to ``output_chars``."""

    def text(v: Any) -> str:
        return "" if v is None or (isinstance(v, float) and v != v) else str(v)

    lines = []
    for row in calls.head(limit).itertuples(index=False):
        out = text(getattr(row, "output", None)).replace("\n", " ")
        out = out if len(out) <= output_chars else out[: output_chars - 1] + "…"
        lines.append(f"{text(row.name) or '?'}({text(row.arguments)}) -> {out or '-'}")
    if len(calls) > limit:
        lines.append(f"... and {len(calls) - limit} more")
    return lines


def _flatten(d: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, Mapping):
            out.update(_flatten(v, key + "."))
        elif isinstance(v, str | int | float | bool) or v is None:
            out[key] = v
    return out


def compare_runs(run_dirs: Iterable[str | Path]) -> pd.DataFrame:
    """One row per run: the config settings that differ between the runs, latency p50/p90 and totals."""
    runs = [r if isinstance(r, Run) else load_run(r) for r in run_dirs]
    flat = [_flatten({k: v for k, v in (r.config or {}).items() if k != "instructions"}) for r in runs]
    keys = sorted({k for f in flat for k in f})
    varying = [k for k in keys if len({json.dumps(f.get(k)) for f in flat}) > 1]
    rows = []
    for r, f in zip(runs, flat, strict=True):
        s = r.summary
        row: dict[str, Any] = {
            "run": str(r.path),
            "config_hash": r.config_hash,
            "model": s.get("model"),
            "pace": r.pace,
        }
        row.update({f"config.{k}": f.get(k) for k in varying if k != "model"})
        for name in LATENCIES:
            p = (s.get("latency") or {}).get(name) or {}
            if p.get("n"):
                row[f"{name}_p50"] = p.get("p50")
                row[f"{name}_p90"] = p.get("p90")
        for k in ("turns", "tool_calls", "cost_usd", "cost_per_min_usd", "tool_error_rate", "session_success_rate"):
            row[k] = s.get(k)
        rows.append(row)
    return pd.DataFrame(rows).set_index("run")


def write_plots(run_dir: str | Path, out_dir: str | Path | None = None) -> list[Path]:
    """Write the run's figures as PNG into ``out_dir`` (default ``<run_dir>/plots``); returns the paths."""
    from rtkit.metrics import plots

    run = load_run(run_dir)
    out = Path(out_dir) if out_dir is not None else run.path / "plots"
    out.mkdir(parents=True, exist_ok=True)
    pcm = None
    wav = run.path / "input.wav"
    if wav.is_file():
        import soundfile as sf

        pcm, _ = sf.read(wav, dtype="int16", always_2d=False)
    figures = {
        "turn_latency_breakdown": plots.plot_turn_breakdown(run.turns, run.responses, pace=run.pace),
        "latency_percentiles": plots.plot_latency_percentiles(run.summary, pace=run.pace),
        "cumulative_usage": plots.plot_cumulative_usage(run.responses),
        "tool_latency": plots.plot_tool_latency(run.tool_calls),
    }
    files = _batch_files(run)
    if files is None:
        figures["timeline"] = plots.plot_timeline(run.events, pcm=pcm, labels=run.labels, pace=run.pace)
    else:  # a batch: every file's session starts its own clocks, so one timeline per file
        events = run.events
        for file, key in files:
            audio = _file_audio(run.path, file)
            fig = plots.plot_timeline(events[events["file"] == file], pcm=audio, pace=run.pace)
            fig.suptitle(f"{file}: {fig.get_suptitle()[0].lower()}{fig.get_suptitle()[1:]}")
            figures[f"timeline_{key}"] = fig
    return save_figures(figures, out, dpi=110)


def save_figures(figures: Mapping[str, Figure], out: Path, dpi: int = 110) -> list[Path]:
    """Each figure as ``<out>/<name>.png``; returns the paths."""
    paths = []
    for name, fig in figures.items():
        path = out / f"{name}.png"
        fig.savefig(path, dpi=dpi)
        paths.append(path)
    return paths


def _file_audio(folder: Path, file: str) -> Any:
    """A batch file's audio as it was streamed (its path as given, from the run's folder or where the batch ran),
    or None when it is no longer there."""
    from rtkit.audio import AudioError, load_audio

    for path in (Path(file), folder.parent / file):
        if path.is_file():
            try:
                return load_audio(path)
            except AudioError:
                return None
    return None


def _batch_files(run: Run) -> list[tuple[str, str]] | None:
    """(file, key) of each file of a batch run folder that has events, or None for a run of one session."""
    listing = run.path / "files.csv"
    events = run.events
    if not listing.is_file() or "file" not in events:
        return None
    rows = pd.read_csv(listing, usecols=["file", "key"])
    with_events = set(events["file"].astype(str))
    return [(str(f), str(k)) for f, k in zip(rows["file"], rows["key"], strict=True) if str(f) in with_events]
