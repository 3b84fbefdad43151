"""Figures of an eval run: pass rate by variant and check kind (and by tag) with Wilson interval bars, accuracy
against voice-to-voice latency per variant, and the most common failure reasons. Each returns a matplotlib figure."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from rtkit.eval.summary import pass_rates
from rtkit.metrics.report import save_figures

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from rtkit.eval.results import EvalRun


def _figure(width: float = 8.0, height: float = 4.0) -> tuple[Figure, Any]:
    from rtkit.metrics.inline import new_figure

    fig = new_figure((width, height))
    return fig, fig.add_subplot()


def plot_pass_rates(results: pd.DataFrame, by: str = "kind") -> Figure:
    """Grouped bars: pass rate per ``by`` (check kind, tag, perturbation) and variant, 95 % Wilson intervals."""
    rates = pass_rates(results, by)
    fig, ax = _figure(max(6.0, 0.9 * rates[by].nunique() + 3), 4.0)
    variants = list(dict.fromkeys(rates["variant"]))
    keys = list(dict.fromkeys(rates[by]))
    width = 0.8 / max(len(variants), 1)
    for i, v in enumerate(variants):
        r = rates[rates["variant"] == v].set_index(by).reindex(keys)
        x = np.arange(len(keys)) + (i - (len(variants) - 1) / 2) * width
        err = np.vstack([(r["rate"] - r["low"]).fillna(0), (r["high"] - r["rate"]).fillna(0)])
        ax.bar(x, r["rate"].fillna(0), width, yerr=err, capsize=3, label=v)
    ax.set_xticks(np.arange(len(keys)), keys, rotation=30, ha="right")
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("pass rate (95 % Wilson interval)")
    ax.set_title(f"pass rate by {by} and variant")
    if variants:
        ax.legend(fontsize=8)
    return fig


def plot_accuracy_latency(results: pd.DataFrame, cases: pd.DataFrame) -> Figure:
    """Per variant: share of cases passing against the median voice-to-voice latency (p10-p90 as bars)."""
    fig, ax = _figure(6.0, 4.0)
    whole = pass_rates(results, "case").set_index("variant")
    for v, g in cases.groupby("variant", sort=False):
        lat = pd.to_numeric(g["voice_to_voice_ms"], errors="coerce").dropna()
        if v not in whole.index:
            continue
        r = whole.loc[v]
        x = float(lat.median()) if len(lat) else np.nan
        xerr = np.array([[x - lat.quantile(0.1)], [lat.quantile(0.9) - x]]) if len(lat) else None
        yerr = np.array([[r["rate"] - r["low"]], [r["high"] - r["rate"]]])
        ax.errorbar([x], [r["rate"]], xerr=xerr, yerr=yerr, fmt="o", capsize=3, label=str(v))
    ax.set_xlabel("voice-to-voice latency, ms (median, p10-p90)")
    ax.set_ylabel("cases passing (95 % interval)")
    ax.set_ylim(0, 1.05)
    ax.set_title("accuracy against latency")
    ax.legend(fontsize=8)
    return fig


def failure_reason(reason: str) -> str:
    """A reason's category: its field with indexes and values dropped (``call.arguments.monthly_income``)."""
    field = reason.split(":", 1)[0]
    return re.sub(r"\[\d+\]", "", field).strip() or "?"


def plot_failure_reasons(results: pd.DataFrame, top: int = 12) -> Figure:
    """Horizontal bars: the most common failure reasons (by field), per variant."""
    failed = results[results["status"] == "failed"].assign(category=lambda d: d["reason"].map(failure_reason))
    counts = failed.groupby(["category", "variant"]).size().unstack(fill_value=0)
    counts = counts.loc[counts.sum(axis=1).sort_values(ascending=True).index[-top:]] if len(counts) else counts
    fig, ax = _figure(8.0, max(2.5, 0.35 * len(counts) + 1.5))
    if len(counts):
        counts.plot.barh(ax=ax, stacked=True)
    else:
        ax.text(0.5, 0.5, "no failures", ha="center", va="center", transform=ax.transAxes)
    ax.set_xlabel("failed checks")
    ax.set_title("failure reasons")
    return fig


def write_figures(run: EvalRun, out: Path | None = None) -> list[Path]:
    """Every figure as PNG into ``out`` (default ``<run>/plots``)."""
    folder = out or run.out / "plots"
    folder.mkdir(parents=True, exist_ok=True)
    figures = {
        "pass_rate_by_kind": plot_pass_rates(run.results, "kind"),
        "pass_rate_by_tag": plot_pass_rates(run.results, "tag"),
        "accuracy_vs_latency": plot_accuracy_latency(run.results, run.cases),
        "failure_reasons": plot_failure_reasons(run.results),
    }
    if run.results["perturbation"].astype(bool).any():
        figures["pass_rate_by_perturbation"] = plot_pass_rates(
            run.results[run.results["perturbation"].astype(bool)], "perturbation"
        )
    return save_figures(figures, folder, dpi=100)
