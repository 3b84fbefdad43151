"""Plots build on the Agg backend from a recorded run, and on empty tables, and save as PNG."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from test_metrics import Cfg, Result, recorded_run

from rtkit.metrics import plots
from rtkit.metrics.recorder import MetricsRecorder


def _recorder() -> MetricsRecorder:
    r = MetricsRecorder(Cfg())
    r.add_speech_labels([(800.0, 1850.0)])
    for row in recorded_run():
        r.observe(*row)
    r.record_tool_call("call_1", "get_portfolio_summary", Result("{}", True, None, False, False, "fin", 14.0, 14.3))
    return r


def _texts(fig: Figure) -> str:
    parts = []
    for ax in fig.axes:
        parts += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        leg = ax.get_legend()
        if leg:
            parts += [t.get_text() for t in leg.get_texts()]
        parts += [t.get_text() for t in ax.get_yticklabels()]
    return " | ".join(parts)


def test_figures_from_a_recorded_run(tmp_path):
    r = _recorder()
    fig = plots.plot_turn_breakdown(r.turns_df())
    text = _texts(fig)
    assert "Voice-to-voice" in text and "latency (ms)" in text and "endpointing" in text and "tool" in text
    # the stacked stages reach the voice-to-voice value of turn 0 (2050 ms)
    heights = [p.get_y() + p.get_height() for p in fig.axes[0].patches]
    assert max(heights) == np.float64(2050.0) or abs(max(heights) - 2050.0) < 1e-6
    assert "ttfb_ms (n=2)" in _texts(plots.plot_latency_percentiles(r.summary()))
    usage = plots.plot_cumulative_usage(r.responses_df())
    assert "cost (USD, cumulative)" in _texts(usage)
    assert "get_portfolio_summary (n=1)" in _texts(plots.plot_tool_latency(r.tool_calls_df()))
    pcm = (np.sin(np.arange(72000) / 10) * 8000).astype(np.int16)
    tl = plots.plot_timeline(r.events_df(), pcm=pcm, labels=[(800.0, 1850.0)])
    assert "speech_stopped.audio_end_ms" in _texts(tl) and "speech label" in _texts(tl)
    for i, f in enumerate((fig, usage, tl)):
        path = tmp_path / f"{i}.png"
        f.savefig(path)
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_empty_tables_give_a_labelled_empty_figure():
    r = MetricsRecorder()
    for fig in (
        plots.plot_turn_breakdown(r.turns_df()),
        plots.plot_latency_percentiles(r.summary()),
        plots.plot_cumulative_usage(r.responses_df()),
        plots.plot_tool_latency(r.tool_calls_df()),
        plots.plot_timeline(r.events_df()),
    ):
        assert isinstance(fig, Figure)
        assert any("no " in t.get_text() for ax in fig.axes for t in ax.texts)
    assert isinstance(plots.plot_turn_breakdown(pd.DataFrame()), Figure)
