"""Figures: built on Agg from a recorded run and from empty tables, readable (nothing hidden or squeezed), labelled
for fast runs, and shown inline by a real Jupyter kernel."""

from __future__ import annotations

import json
import warnings

import matplotlib

matplotlib.use("Agg")

import nbclient
import nbformat
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from recorded_run import Cfg, Result, recorded_run

from rtkit.metrics import plots
from rtkit.metrics.recorder import MetricsRecorder
from rtkit.metrics.report import format_summary, load_run, write_plots


def _recorder(pace: str | None = None) -> MetricsRecorder:
    r = MetricsRecorder(Cfg(), pace=pace, run_config={"model": "gpt-realtime"})
    r.add_speech_labels([(800.0, 1850.0)])
    for row in recorded_run():
        r.observe(*row)
    r.record_tool_call("call_1", "get_portfolio_summary", Result("{}", True, None, False, False, "fin", 14.0, 14.3))
    return r


def _barge_in_recorder() -> MetricsRecorder:
    """An answer of 3 s of audio, cut 0.5 s into playback by a second request (truncate sent, response cancelled)."""
    r = MetricsRecorder(Cfg())
    rows = [
        ("local", {"type": "rtkit.connect.start"}, 0.0, 0.0, 0.0),
        *[("sent", {"type": "input_audio_buffer.append"}, 0.1 * k, 100.0 * k, 0.0) for k in range(1, 21)],
        ("received", {"type": "input_audio_buffer.speech_started", "audio_start_ms": 200, "item_id": "u1"}, 0.3,
         300.0, 0.0),
        ("received", {"type": "input_audio_buffer.speech_stopped", "audio_end_ms": 900, "item_id": "u1"}, 1.0,
         1000.0, 0.0),
        ("received", {"type": "response.created", "response": {"id": "r1"}}, 1.05, 1100.0, 0.0),
        *[("received", {"type": "response.output_audio.delta", "response_id": "r1", "item_id": "a1", "delta": "x"},
           1.2 + 0.01 * k, 1200.0, 100.0 * (k + 1)) for k in range(30)],
        ("received", {"type": "input_audio_buffer.speech_started", "audio_start_ms": 1600, "item_id": "u2"}, 1.7,
         1700.0, 3000.0),
        ("sent", {"type": "conversation.item.truncate", "item_id": "a1", "audio_end_ms": 500}, 1.71, 1700.0, 3000.0),
        ("received", {"type": "response.done", "response": {"id": "r1", "status": "cancelled",
                                                            "status_details": {"reason": "turn_detected"}}},
         1.72, 1700.0, 3000.0),
    ]  # fmt: skip
    for d, e, t, in_ms, out_ms in rows:
        r.observe(d, e, t, 10, in_ms, out_ms)
    return r


def _texts(fig: Figure) -> str:
    parts = [fig.get_suptitle()] if hasattr(fig, "get_suptitle") else []
    for leg in fig.legends:
        parts += [t.get_text() for t in leg.get_texts()]
    for ax in fig.axes:
        parts += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        leg = ax.get_legend()
        if leg:
            parts += [t.get_text() for t in leg.get_texts()]
        parts += [t.get_text() for t in ax.get_yticklabels()] + [t.get_text() for t in ax.texts]
    return " | ".join(parts)


def test_turn_breakdown_keeps_every_turn_and_names_every_stage():
    r = _recorder()
    fig = plots.plot_turn_breakdown(r.turns_df(), r.responses_df())
    text = _texts(fig)
    ax = fig.axes[0]
    # every stage is in the legend with its median, the tiny "response start" included
    for label in ("endpointing", "response start", "model", "tool", "follow-up"):
        assert label in text
    assert "response start (→ response.created): median 250 ms" in text
    # both turns have a row: the voice turn with its stages adding up to 2050 ms, the text turn without audio
    assert [t.get_text() for t in ax.get_yticklabels()] == ["turn 0 (audio)", "turn 1 (text)"]
    ends = [p.get_x() + p.get_width() for p in ax.patches if abs(p.get_y() + p.get_height() / 2) < 1e-9]
    assert max(ends) == pytest.approx(2050.0)
    assert "2050 ms" in text and "no answer audio" in text
    # the bars use the axes: the longest reaches at least 70 % of the x range
    assert max(ends) / ax.get_xlim()[1] > 0.7
    assert ax.get_legend() is None and fig.legends  # the legend sits under the axes, not over the bars


def test_a_turn_cut_by_barge_in_is_shown_with_its_cause():
    r = _barge_in_recorder()
    turns, responses = r.turns_df(), r.responses_df()
    assert turns["voice_to_voice_ms"].notna().any()
    fig = plots.plot_turn_breakdown(turns, responses)
    assert len(fig.axes[0].get_yticklabels()) == len(turns)
    timeline = plots.plot_timeline(r.events_df())
    text = _texts(timeline)
    assert "cut by barge-in (truncated)" in text and "cancelled response" in text
    # the cut part starts where the truncate was sent: 1.71 s after the connection start
    hatched = [p for p in timeline.axes[1].collections if p.get_hatch()]
    assert hatched and hatched[0].get_paths()[0].vertices[:, 0].min() == pytest.approx(1.71)


def test_fast_run_waveform_keeps_its_audio_clock_and_says_latencies_are_not_real_time():
    r = _barge_in_recorder()
    ev = r.events_df()
    pcm = (np.sin(np.arange(48000) / 10) * 8000).astype(np.int16)  # 2 s of audio
    real = plots.plot_timeline(ev, pcm=pcm)  # appended at real-time pace: one shared time axis
    assert real.axes[0].get_xlim() == real.axes[1].get_xlim()
    assert "not real-time" not in _texts(real)
    fast_ev = ev.copy()
    app = fast_ev["type"] == "input_audio_buffer.append"
    fast_ev.loc[app, "t_s"] = np.linspace(0.1, 0.19, app.sum())  # 2 s of audio sent in 0.09 s
    fast = plots.plot_timeline(fast_ev, pcm=pcm)  # detected from the append stamps
    lo, hi = fast.axes[0].get_xlim()
    assert lo <= 0.0 and 2.0 <= hi < 2.5  # the waveform spans its 2 s, not the 0.09 s it took to send
    assert "input audio clock" in _texts(fast) and "2.0 s of audio in 0.09 s" in _texts(fast)
    summary = plots.plot_latency_percentiles({**r.summary(), "pace": "fast"})
    for fig in (plots.plot_timeline(ev, pcm=pcm, pace="fast"), plots.plot_turn_breakdown(r.turns_df(), pace="fast"),
                summary):  # fmt: skip
        assert "fast pace: latencies are not real-time" in _texts(fig)


def test_cumulative_usage_starts_at_zero_and_shows_every_token_kind():
    r = _recorder()
    resp = r.responses_df()
    fig = plots.plot_cumulative_usage(resp)
    ax_tokens, ax_cost = fig.axes
    assert ax_tokens.get_xlim()[0] == 0.0 and ax_cost.get_xlim()[0] == 0.0
    text = _texts(fig)
    cached = int(resp["cached_tokens"].sum())
    uncached = int(resp["input_tokens"].sum()) - cached
    assert f"input, not cached: {uncached:,}" in text and f"input, cached: {cached:,}" in text
    assert f"output: {int(resp['output_tokens'].sum()):,}" in text
    # stacked bands: the top of the stack is every input and output token, so no band hides another
    top = max(p.get_paths()[0].vertices[:, 1].max() for p in ax_tokens.collections)
    assert top == pytest.approx(resp["input_tokens"].sum() + resp["output_tokens"].sum())
    assert f"${resp['cost_usd'].sum():.4f}" in ax_cost.get_title()


def test_tool_latency_has_no_box_for_few_calls_and_a_legend_off_the_data():
    calls = pd.DataFrame({"name": ["a"] * 6 + ["b"], "tool_ms": [10.0, 12, 11, 13, 30, 12, 5.0],
                          "mcp_ms": [9.0, 11, 10, 12, 29, 11, 4.0], "args_done_t_s": 1.0})  # fmt: skip
    fig = plots.plot_tool_latency(calls)
    ax = fig.axes[0]
    text = _texts(fig)
    assert "a (n=6)" in text and "b (n=1)" in text
    assert "tool_ms: arguments.done → output sent" in text and "mcp_ms: the MCP call inside it" in text
    assert ax.get_legend() is None and fig.legends
    direct = _texts(plots.plot_tool_latency(calls.drop(columns=["args_done_t_s", "mcp_ms"])))
    assert "tool_ms: one call" in direct and "mcp_ms" not in direct  # calls made outside a session
    # only tool "a" (6 calls) gets a box: its lines all lie on row 0
    ys = {round(float(y), 3) for line in ax.lines for y in line.get_ydata()}
    assert ys and all(abs(y) <= 0.3 for y in ys)


def test_empty_run_draws_labelled_empty_figures_without_warnings():
    r = MetricsRecorder()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figs = (
            plots.plot_turn_breakdown(r.turns_df()),
            plots.plot_latency_percentiles(r.summary()),
            plots.plot_cumulative_usage(r.responses_df()),
            plots.plot_tool_latency(r.tool_calls_df()),
            plots.plot_timeline(r.events_df()),
            plots.plot_run_comparison({"a": r.summary()}),
            plots.plot_turn_breakdown(pd.DataFrame()),
        )
        for fig in figs:
            assert isinstance(fig, Figure)
            assert any("no " in t.get_text() for ax in fig.axes for t in ax.texts)
            fig.canvas.draw()


def test_pace_is_saved_hashed_and_shown(tmp_path):
    fast, real = _recorder("fast"), _recorder("realtime")
    assert fast.summary()["config_hash"] != real.summary()["config_hash"]
    assert MetricsRecorder(Cfg(), run_config={"model": "gpt-realtime"}).summary()["config_hash"] not in (
        fast.summary()["config_hash"],
        real.summary()["config_hash"],
    )
    with pytest.raises(ValueError, match="pace 'slow' is not one of realtime, fast, live"):
        MetricsRecorder(pace="slow")
    run = load_run(fast.save(tmp_path / "fast"))
    assert json.loads((tmp_path / "fast" / "config.json").read_text())["pace"] == "fast"
    assert run.pace == "fast"
    text = format_summary(run)
    assert "pace fast" in text and "fast pace: latencies are not real-time (the audio went out faster" in text
    assert "not real-time" not in format_summary(load_run(real.save(tmp_path / "real")))
    paths = write_plots(run.path)
    assert {p.name for p in paths} >= {"timeline.png", "turn_latency_breakdown.png", "cumulative_usage.png"}
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in paths)


def test_run_comparison_labels_fast_runs():
    fast, real = _recorder("fast").summary(), _recorder("realtime").summary()
    text = _texts(plots.plot_run_comparison({"unpaced": fast, "real time": real}))
    assert "unpaced (fast: not real-time)" in text and "real time" in text and "voice_to_voice_ms" in text


def test_figures_show_inline_in_a_jupyter_kernel_once_each():
    """In a real kernel a figure shows whether the cell ends with it, with ``;`` or assigns it; never twice."""
    cells = [
        "import pandas as pd\nfrom rtkit.metrics import plots\n"
        "calls = pd.DataFrame({'name': ['a'], 'tool_ms': [3.0], 'mcp_ms': [2.0]})",
        "plots.plot_tool_latency(calls)",
        "plots.plot_tool_latency(calls);",
        "fig = plots.plot_tool_latency(calls)\nprint('saved', fig.get_size_inches()[0])",
        "from IPython.display import display\ndisplay(fig)\nfig",
        "%matplotlib inline\nplots.plot_tool_latency(calls)",
        "x = 1",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nbclient.NotebookClient(nb, kernel_name="python3", timeout=60).execute()
    images = [sum("image/png" in o.get("data", {}) for o in c.outputs) for c in nb.cells]
    assert images == [0, 1, 1, 1, 2, 1, 0]


def test_turns_of_a_batch_are_labelled_by_file() -> None:
    from rtkit.metrics.plots import plot_turn_breakdown, turn_labels

    turns = pd.DataFrame(
        {
            "file": ["in/p.wav", "in/p.flac", "in/q.wav", "other/q.wav"],
            "turn": [0, 0, 0, 0],
            "kind": ["audio"] * 4,
            "voice_to_voice_ms": [900.0, 1100.0, 1000.0, 1200.0],
        }
    )
    assert turn_labels(turns[:2]) == ["p.wav: turn 0 (audio)", "p.flac: turn 0 (audio)"]
    # two files share a name: their paths tell them apart
    assert turn_labels(turns)[2:] == ["in/q.wav: turn 0 (audio)", "other/q.wav: turn 0 (audio)"]
    assert turn_labels(turns[:1]) == ["turn 0 (audio)"]  # one file: nothing to tell apart
    fig = plot_turn_breakdown(turns[:2])
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == turn_labels(turns[:2])
