"""matplotlib figures from the recorder's DataFrames (or a loaded run folder).

Each function takes DataFrames (or a summary dict) and returns a :class:`~rtkit.metrics.inline.InlineFigure`, built
without pyplot so it works on any backend, headless included (Agg). In Jupyter the figure shows itself when the
cell finishes (also after ``;`` or an assignment); elsewhere call ``fig.savefig(path)``. Latency names and stages
are those of :mod:`rtkit.metrics.latency`. ``pace="fast"`` (a run whose audio was streamed faster than real time)
adds "latencies are not real-time" to every latency figure.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import PurePath
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from rtkit.audio import SAMPLE_RATE
from rtkit.metrics.inline import new_figure
from rtkit.metrics.latency import LATENCIES, STAGES
from rtkit.metrics.pace import pace_note
from rtkit.realtime import events as ev

_STAGE_COLORS = dict(zip(STAGES, ("#4c72b0", "#8172b3", "#55a868", "#dd8452", "#c44e52"), strict=True))
_STAGE_LABELS = {
    "endpointing": "endpointing (speech end → speech_stopped)",
    "response_start": "response start (→ response.created)",
    "model": "model (→ first audio / tool call)",
    "tool": "tool (→ function output sent)",
    "followup": "follow-up (→ first audio)",
}


def _empty(fig: Figure, ax: Any, what: str) -> Figure:
    ax.text(0.5, 0.5, f"no {what} recorded", ha="center", va="center", transform=ax.transAxes, color="gray")
    ax.set_xticks([])
    ax.set_yticks([])
    return fig


def _ms(v: float) -> str:
    return f"{v:.1f} ms" if abs(v) < 10 else f"{v:.0f} ms"


def _col(df: pd.DataFrame, name: str) -> np.ndarray:
    """A column as floats, NaN when the table lacks it (run folders written by older versions)."""
    return df[name].to_numpy(dtype=float) if name in df else np.full(len(df), np.nan)


def _legend_below(fig: Figure, axes: Sequence[Any], ncols: int = 3) -> None:
    """One legend under the axes for every labelled artist (none when nothing is labelled)."""
    handles, labels = [], []
    for ax in axes:
        h, lab = ax.get_legend_handles_labels()
        handles += h
        labels += lab
    if handles:
        fig.legend(handles, labels, loc="outside lower center", ncols=ncols, fontsize=8, frameon=False)


def _cancelled_turns(responses: pd.DataFrame | None) -> dict[int, str]:
    """Turn index → why its first response was cut off (``turn_detected`` for barge-in)."""
    if responses is None or responses.empty or "status" not in responses:
        return {}
    cut = responses[responses["status"] == "cancelled"]
    return {int(t): str(r or "cancelled") for t, r in zip(cut["turn"], cut["reason"], strict=True) if pd.notna(t)}


def turn_labels(turns: pd.DataFrame) -> list[str]:
    """``turn N (kind)`` per row; with turns of several files (a batch), led by the file's name (its path when two
    files share a name), since every file's turns count from 0."""
    plain = [f"turn {t} ({k})" for t, k in zip(turns["turn"], turns["kind"], strict=True)]
    if "file" not in turns or turns["file"].nunique() < 2:
        return plain
    files = turns["file"].astype(str)
    names = files.map(lambda f: PurePath(f).name)
    shown = names if names.groupby(names).transform(lambda n: files[n.index].nunique()).eq(1).all() else files
    return [f"{f}: {label}" for f, label in zip(shown, plain, strict=True)]


def plot_turn_breakdown(
    turns: pd.DataFrame, responses: pd.DataFrame | None = None, *, pace: str | None = None
) -> Figure:
    """Per-turn voice-to-voice latency as stacked stages (one bar per turn), with the played latency when known.

    Turns without answer audio (cut off by barge-in, or text only) keep their row, showing the stages they reached
    and why they have no voice-to-voice value; pass ``responses`` to name cancelled responses.
    """
    n = 0 if turns is None or turns.empty or "voice_to_voice_ms" not in turns else len(turns)
    fig = new_figure((10, 2.6 + 0.45 * max(n, 1)))
    ax = fig.add_subplot()
    ax.set_title("Voice-to-voice latency per turn, by stage" + pace_note(pace))
    if not n:
        return _empty(fig, ax, "turns")
    df = turns.reset_index(drop=True)
    y = np.arange(n)
    cancelled = _cancelled_turns(responses)
    stages = {s: _col(df, f"stage_{s}_ms") for s in STAGES}
    # A turn with no audio answer has no stages; show how long its user waited for speech_stopped and response start.
    v2v = _col(df, "voice_to_voice_ms")
    no_v2v = np.isnan(v2v)
    stages["endpointing"] = np.where(no_v2v, _col(df, "endpointing_ms"), stages["endpointing"])
    started = (_col(df, "response_created_t_s") - _col(df, "speech_stopped_t_s")) * 1000.0
    stages["response_start"] = np.where(no_v2v, started, stages["response_start"])
    left = np.zeros(n)
    for s in STAGES:
        vals = np.nan_to_num(stages[s])
        known = stages[s][~np.isnan(stages[s])]
        label = f"{_STAGE_LABELS[s]}: median {_ms(float(np.median(known)))}" if len(known) else _STAGE_LABELS[s]
        ax.barh(y, vals, left=left, color=_STAGE_COLORS[s], label=label, height=0.55)
        left += vals
    ax.scatter(v2v, y, marker="|", s=500, color="black", label="voice_to_voice_ms", zorder=3)
    if "voice_to_voice_played_ms" in df and df["voice_to_voice_played_ms"].notna().any():
        ax.scatter(df["voice_to_voice_played_ms"], y, marker="D", s=30, color="black",
                   label="voice_to_voice_played_ms", zorder=3)  # fmt: skip
    right = float(np.nanmax(np.r_[left, v2v, 1.0]))
    for i in range(n):
        turn = int(df.at[i, "turn"])
        if not no_v2v[i]:
            text = _ms(v2v[i])
        elif turn in cancelled:
            why = "barge-in" if cancelled[turn] == "turn_detected" else cancelled[turn]
            text = f"cancelled ({why}): no answer audio"
        else:
            text = "no answer audio"
        ax.text(left[i] + right * 0.01, i, text, va="center", fontsize=8)
    ax.set_yticks(y, turn_labels(df))
    ax.invert_yaxis()
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0, right * 1.3)
    ax.set_xlabel("latency (ms)")
    ax.grid(axis="x", alpha=0.3)
    _legend_below(fig, [ax], ncols=2)
    return fig


def plot_latency_percentiles(summary: Mapping[str, Any], *, pace: str | None = None) -> Figure:
    """p50 / p90 / p99 of every latency that has values (from ``summary()`` or a run's summary.json)."""
    lat = summary.get("latency", summary)
    pace = pace or summary.get("pace")
    names = [n for n in LATENCIES if isinstance(lat.get(n), Mapping) and lat[n].get("n")]
    fig = new_figure((10, 1.6 + 0.42 * max(len(names), 2)))
    ax = fig.add_subplot()
    ax.set_title("Latency percentiles" + pace_note(pace))
    if not names:
        return _empty(fig, ax, "latencies")
    y = np.arange(len(names))
    h = 0.27
    top = 1.0
    for i, (q, color) in enumerate((("p50", "#4c72b0"), ("p90", "#dd8452"), ("p99", "#c44e52"))):
        vals = np.array([lat[n].get(q) or 0.0 for n in names], dtype=float)
        bars = ax.barh(y + (i - 1) * h, vals, height=h, label=q, color=color)
        ax.bar_label(bars, labels=[_ms(v) for v in vals], fontsize=7, padding=2)
        top = max(top, float(vals.max()))
    ax.set_yticks(y, [f"{n} (n={lat[n]['n']})" for n in names])
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.18)
    ax.set_xlabel("latency (ms)")
    ax.legend(loc="lower right")
    ax.grid(axis="x", alpha=0.3)
    return fig


def plot_run_comparison(
    summaries: Mapping[str, Mapping[str, Any]],
    latencies: Sequence[str] = ("voice_to_voice_ms", "endpointing_ms", "ttfb_ms", "tool_ms"),
) -> Figure:
    """p50 of some latencies for several runs side by side (whiskers to p90); ``summaries``: run label → summary.

    A fast run's label gets "(fast: not real-time)".
    """
    names = [n for n in latencies if any(((s.get("latency") or {}).get(n) or {}).get("n") for s in summaries.values())]
    fig = new_figure((10, 1.8 + 0.35 * max(len(names), 1) * max(len(summaries), 1)))
    ax = fig.add_subplot()
    ax.set_title("Latency by run: p50, whisker to p90")
    if not names:
        return _empty(fig, ax, "latencies")
    h = 0.8 / len(summaries)
    colors = ("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c")
    y = np.arange(len(names))
    top = 1.0
    for i, (label, s) in enumerate(summaries.items()):
        lat = s.get("latency") or {}
        p50 = np.array([(lat.get(n) or {}).get("p50") or np.nan for n in names], dtype=float)
        p90 = np.array([(lat.get(n) or {}).get("p90") or np.nan for n in names], dtype=float)
        note = " (fast: not real-time)" if s.get("pace") == "fast" else ""
        pos = y - 0.4 + h * (i + 0.5)
        bars = ax.barh(pos, np.nan_to_num(p50), height=h * 0.9, color=colors[i % len(colors)], label=label + note)
        ax.errorbar(p90, pos, xerr=[np.nan_to_num(p90 - p50), np.zeros(len(names))], fmt="none", ecolor="black",
                    elinewidth=0.8, capsize=2)  # fmt: skip
        ax.bar_label(bars, labels=["" if np.isnan(v) else _ms(v) for v in p50], fontsize=7, padding=2)
        top = max(top, float(np.nanmax(np.r_[p50, p90, 0.0])))
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.2)
    ax.set_xlabel("latency (ms)")
    ax.grid(axis="x", alpha=0.3)
    _legend_below(fig, [ax], ncols=min(len(summaries), 3))
    return fig


def plot_cumulative_usage(responses: pd.DataFrame) -> Figure:
    """Cumulative tokens (uncached input, cached input, output, stacked) and cumulative cost across the session.

    The x axis starts at the first ``response.created`` (0 s); each step is a ``response.done``.
    """
    fig = new_figure((11, 4.2))
    ax, ax_c = fig.subplots(1, 2, width_ratios=(3, 2))
    fig.suptitle("Cumulative tokens and cost")
    if responses is None or responses.empty or responses["done_t_s"].notna().sum() == 0:
        _empty(fig, ax_c, "responses")
        return _empty(fig, ax, "responses")
    df = responses[responses["done_t_s"].notna()].sort_values("done_t_s")
    done = (df["done_t_s"] - df["created_t_s"].min()).to_numpy(dtype=float)
    end = done[-1] * 1.04 + 0.05  # the last step gets a visible width
    t = np.r_[0.0, done, end]

    def cum(col: str) -> np.ndarray:
        c = df[col].fillna(0).cumsum().to_numpy(dtype=float)
        return np.r_[0.0, c, c[-1]]

    cached = cum("cached_tokens")
    bands = {
        "input, not cached": cum("input_tokens") - cached,
        "input, cached": cached,
        "output": cum("output_tokens"),
    }
    ax.stackplot(t, *bands.values(), labels=[f"{k}: {v[-1]:,.0f}" for k, v in bands.items()], step="post",
                 colors=("#4c72b0", "#a5b4d8", "#55a868"), alpha=0.9)  # fmt: skip
    ax.set_xlabel("time since first response.created (s)")
    ax.set_ylabel("tokens (cumulative)")
    ax.set_title("tokens", fontsize=10)
    ax.set_xlim(0, end)
    ax.legend(loc="upper left", fontsize=8)
    ax.grid(alpha=0.3)
    cost = cum("cost_usd")
    ax_c.step(t, cost, where="post", color="#c44e52", linewidth=2)
    ax_c.plot(t[1:-1], cost[1:-1], "o", color="#c44e52", markersize=4)
    ax_c.set_title(f"cost (USD): ${cost[-1]:.4f} over {len(df)} responses", fontsize=10)
    ax_c.set_xlabel("time since first response.created (s)")
    ax_c.set_ylabel("USD (cumulative)")
    ax_c.set_xlim(0, end)
    ax_c.set_ylim(0, cost[-1] * 1.15 or 1e-6)
    ax_c.grid(alpha=0.3)
    return fig


def plot_tool_latency(tool_calls: pd.DataFrame) -> Figure:
    """Every call's ``tool_ms`` per tool (dots; a box once a tool has 5 calls), with the MCP call time
    (``mcp_ms``, crosses) when known."""
    names: list[str] = []
    if tool_calls is not None and not tool_calls.empty and tool_calls["tool_ms"].notna().any():
        names = sorted(tool_calls.loc[tool_calls["tool_ms"].notna(), "name"].fillna("?").unique())
    fig = new_figure((10, 2.4 + 0.5 * max(len(names), 1)))
    ax = fig.add_subplot()
    ax.set_title("Tool latency by tool")
    if not names:
        return _empty(fig, ax, "tool calls")
    df = tool_calls[tool_calls["tool_ms"].notna()].copy()
    df["name"] = df["name"].fillna("?")
    has_mcp = "mcp_ms" in df and df["mcp_ms"].notna().any()
    # calls recorded in a session run from the model's request to the output sent; direct calls are just the call
    what = "tool_ms: arguments.done → output sent" if "args_done_t_s" in df else "tool_ms: one call"
    top = 1.0
    for i, n in enumerate(names):
        rows = df[df["name"] == n]
        tool = rows["tool_ms"].to_numpy(dtype=float)
        if len(tool) >= 5:
            box: dict[str, Any] = {
                "positions": [i], "widths": 0.5, "showfliers": False, "medianprops": {"color": "#4c72b0"},
            }  # fmt: skip
            try:  # matplotlib >= 3.10
                ax.boxplot([tool], orientation="horizontal", **box)
            except TypeError:
                ax.boxplot([tool], vert=False, **box)
        ax.scatter(tool, np.full(len(tool), i - 0.1), color="#4c72b0", alpha=0.8, s=22, zorder=3,
                   label=what if i == 0 else None)  # fmt: skip
        med = f"median {_ms(float(np.median(tool)))}"
        if has_mcp:
            m = rows["mcp_ms"].dropna().to_numpy(dtype=float)
            ax.scatter(m, np.full(len(m), i + 0.1), marker="x", color="#dd8452", s=22, zorder=3,
                       label="mcp_ms: the MCP call inside it" if i == 0 else None)  # fmt: skip
            top = max(top, float(m.max(initial=0.0)))
        top = max(top, float(tool.max()))
        ax.annotate(med, (1.0, i), xycoords=("axes fraction", "data"), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=8)  # fmt: skip
    ax.set_yticks(range(len(names)), [f"{n} (n={int((df['name'] == n).sum())})" for n in names])
    ax.set_ylim(len(names) - 0.5, -0.5)
    ax.set_xlim(0, top * 1.1)
    ax.set_xlabel("latency (ms)")
    ax.grid(axis="x", alpha=0.3)
    _legend_below(fig, [ax], ncols=2)
    return fig


# Timeline rows, top to bottom: (row label, direction, event type, colour).
_ROWS = (
    ("speech_started", "received", ev.SPEECH_STARTED, "#55a868"),
    ("speech_stopped", "received", ev.SPEECH_STOPPED, "#c44e52"),
    ("committed", "received", ev.AUDIO_COMMITTED, "#8172b3"),
    ("response.created", "received", ev.RESPONSE_CREATED, "#4c72b0"),
    ("function call", "received", ev.FUNCTION_ARGS_DONE, "#dd8452"),
    ("output sent", "sent", ev.ITEM_CREATE, "#da8bc3"),
    ("response.create sent", "sent", ev.RESPONSE_CREATE, "#8c8c8c"),
    ("response.done", "received", ev.RESPONSE_DONE, "#937860"),
    ("truncate sent", "sent", ev.ITEM_TRUNCATE, "#000000"),
)
_AUDIO_ROW = "assistant audio"


def _fast(app: pd.DataFrame, pace: str | None) -> bool:
    """Whether the input audio went out faster than real time (from ``pace``, else from the append stamps)."""
    if pace is not None:
        return pace == "fast"
    if len(app) < 2:
        return False
    audio_s = (app["in_ms"].iloc[-1] - app["in_ms"].iloc[0]) / 1000.0
    return audio_s > 1.5 * max(float(app["t_s"].iloc[-1] - app["t_s"].iloc[0]), 1e-3)


def _audio_to_time(app: pd.DataFrame, t0: float) -> Any:
    """Input-audio ms → seconds since ``t0``: each appended chunk plays from the moment it was sent."""
    end = app["in_ms"].to_numpy(dtype=float)
    dur = app["audio_ms"].to_numpy(dtype=float) if "audio_ms" in app else np.full(len(end), np.nan)
    start = np.where(np.isnan(dur), np.r_[0.0, end[:-1]], end - dur)
    sent = app["t_s"].to_numpy(dtype=float) - t0

    def x_of(ms: Any) -> Any:
        ms = np.asarray(ms, dtype=float)
        k = np.clip(np.searchsorted(end, ms, side="left"), 0, len(end) - 1)
        return sent[k] + (ms - start[k]) / 1000.0

    return x_of


def _response_status(done: pd.DataFrame) -> dict[str, str]:
    """response_id → status (and reason) from the ``detail`` of each ``response.done``."""
    out: dict[str, str] = {}
    for rid, detail in zip(done["response_id"], done.get("detail", pd.Series(None, index=done.index)), strict=True):
        d = json.loads(detail) if isinstance(detail, str) and detail else detail if isinstance(detail, dict) else {}
        out[str(rid)] = str(d.get("status") or "") + (f" ({d['reason']})" if d.get("reason") else "")
    return out


def _speech_strips(ax: Any, x_of: Any, labels: Sequence[tuple[float, float]], events: pd.DataFrame) -> None:
    """Labelled speech and the server VAD's speech as two bands under the waveform (input-audio clock)."""
    spans = [(x_of(s), x_of(e) - x_of(s)) for s, e in labels]
    if spans:
        ax.broken_barh(spans, (-1.32, 0.14), color="#55a868", label="speech label (true speech)")
    starts = events.loc[events["type"] == ev.SPEECH_STARTED, "audio_start_ms"].dropna().to_numpy()
    stops = events.loc[events["type"] == ev.SPEECH_STOPPED, "audio_end_ms"].dropna().to_numpy()
    vad = [(x_of(s), x_of(e) - x_of(s)) for s, e in zip(starts, stops, strict=False)]
    if vad:
        ax.broken_barh(vad, (-1.52, 0.14), color="#dd8452", label="server VAD: audio_start_ms → audio_end_ms")
    for k, e in enumerate(stops):
        ax.axvline(x_of(e), color="#c44e52", ls="--", lw=1, label="speech_stopped.audio_end_ms" if k == 0 else None)


def plot_timeline(
    events: pd.DataFrame,
    pcm: np.ndarray | None = None,
    rate: int = SAMPLE_RATE,
    labels: Sequence[tuple[float, float]] | None = None,
    conn: int = 0,
    offset_ms: float = 0.0,
    *,
    pace: str | None = None,
) -> Figure:
    """Event timeline of one connection, under the input waveform.

    Top: the input audio (``pcm``, int16 or float, starting at ``offset_ms`` on the input-audio clock), the
    labelled speech (``labels``) and the server VAD's speech (``audio_start_ms`` → ``audio_end_ms``) as bands.
    Bottom: one row per event kind where it arrived or was sent, and the assistant audio of each response as it
    would be heard in real time from its first delta (hatched: the part cut by a barge-in truncation; red: a
    cancelled response). When the audio was streamed in real time both panels share the time axis; when it was
    streamed fast (``pace="fast"``, or detected from the append stamps) the waveform keeps its own audio clock.
    """
    fig = new_figure((11, 6.5))
    ax_w, ax_e = fig.subplots(2, 1, height_ratios=(1.6, 2))
    timeline = events[events["conn"] == conn] if events is not None and "conn" in events else events
    fig.suptitle("Event timeline under the input waveform" + pace_note(pace))
    if timeline is None or timeline.empty:
        _empty(fig, ax_e, "events")
        return _empty(fig, ax_w, "events")
    t0 = float(timeline["t_s"].iloc[0])
    app = timeline[timeline["type"] == ev.AUDIO_APPEND]
    fast = _fast(app, pace)
    pts_ms, pts_t = app["in_ms"].to_numpy(dtype=float), app["t_s"].to_numpy(dtype=float) - t0
    if fast or not len(pts_ms):

        def x_of(ms: Any) -> Any:
            return np.asarray(ms, dtype=float) / 1000.0

        ax_w.set_xlabel("input audio clock (s)")
    else:
        x_of = _audio_to_time(app, t0)
        ax_w.sharex(ax_e)
    if pcm is not None and len(pcm):
        y = np.asarray(pcm, dtype=float)
        y = y / (np.abs(y).max() or 1.0)
        bins = min(len(y), 3000)
        edges = np.linspace(0, len(y), bins + 1).astype(int)
        lo, hi = np.minimum.reduceat(y, edges[:-1]), np.maximum.reduceat(y, edges[:-1])
        x = x_of(offset_ms + edges[:-1] / rate * 1000.0)
        lo[1:][np.diff(x) > 0.1] = np.nan  # no audio was sent in between: leave a gap
        ax_w.fill_between(x, lo, hi, color="#4c72b0", alpha=0.6,
                          linewidth=0, label="input audio (peak-normalised)")  # fmt: skip
    _speech_strips(ax_w, x_of, labels or (), timeline)
    ax_w.set_ylim(-1.6, 1.05)
    ax_w.set_yticks([])
    ax_w.set_title("input audio" + (" on its own clock: streamed faster than real time" if fast else ""),
                   fontsize=10)  # fmt: skip
    rows = [r[0] for r in _ROWS] + [_AUDIO_ROW]
    if fast and len(pts_t):
        ax_e.axvspan(
            pts_t[0],
            pts_t[-1],
            color="#4c72b0",
            alpha=0.12,
            label=f"input audio sent ({pts_ms[-1] / 1000:.1f} s of audio in {pts_t[-1] - pts_t[0]:.2f} s)",
        )
    for i, (_, direction, etype, color) in enumerate(_ROWS):
        sel = timeline[(timeline["type"] == etype) & (timeline["direction"] == direction)]
        if etype == ev.ITEM_CREATE:  # the function outputs the client sends
            sel = sel[sel["call_id"].notna() & (sel["call_id"].astype(str) != "")]
        ax_e.scatter(sel["t_s"] - t0, np.full(len(sel), i), color=color, marker="|", s=220, linewidths=2)
    _assistant_audio(ax_e, timeline, t0, rows.index(_AUDIO_ROW))
    ax_e.set_yticks(range(len(rows)), rows, fontsize=8)
    ax_e.set_ylim(len(rows) - 0.4, -0.6)
    ax_e.set_xlabel("time since connection start (s, monotonic)")
    ax_e.grid(axis="x", alpha=0.3)
    ax_e.set_xlim(left=0)
    _legend_below(fig, [ax_w, ax_e])
    return fig


def _assistant_audio(ax: Any, events: pd.DataFrame, t0: float, row: int) -> None:
    """Per response, its audio as heard in real time from the first delta, cut where a truncate was sent."""
    deltas = events[events["type"] == ev.AUDIO_DELTA]
    status = _response_status(events[events["type"] == ev.RESPONSE_DONE])
    truncs = events[(events["type"] == ev.ITEM_TRUNCATE) & (events["direction"] == "sent")]
    shown: set[str] = set()
    for k, (rid, d) in enumerate(deltas.groupby("response_id", sort=False, observed=True)):
        lane = (row - 0.38, 0.36) if k % 2 == 0 else (row + 0.02, 0.36)  # alternate so overlapping answers show
        start = float(d["t_s"].iloc[0]) - t0
        chunk = float(d["audio_ms"].iloc[0]) if "audio_ms" in d and pd.notna(d["audio_ms"].iloc[0]) else 0.0
        dur = (float(d["out_ms"].max()) - float(d["out_ms"].min()) + chunk) / 1000.0
        cut = truncs[truncs["item_id"].isin(set(d["item_id"]))]
        heard = min(dur, float(cut["t_s"].iloc[0]) - t0 - start) if len(cut) else dur
        failed = status.get(str(rid), "").startswith(("cancelled", "incomplete", "failed"))
        kind = "cancelled response" if failed else "assistant audio, as heard in real time"
        ax.broken_barh([(start, heard)], lane, color="#c44e52" if failed else "#55a868", alpha=0.7,
                       label=None if kind in shown else kind)  # fmt: skip
        shown.add(kind)
        if heard < dur:
            ax.broken_barh([(start + heard, dur - heard)], lane, facecolor="none", edgecolor="#555555",
                           hatch="///", label=None if "cut" in shown else "cut by barge-in (truncated)")  # fmt: skip
            shown.add("cut")
    # a response cancelled before any audio still gets a mark where it ended
    for rid, st in status.items():
        if st.startswith("cancelled") and rid not in set(deltas["response_id"].astype(str)):
            t = events.loc[(events["type"] == ev.RESPONSE_DONE) & (events["response_id"].astype(str) == rid), "t_s"]
            ax.scatter(t - t0, np.full(len(t), row), marker="x", color="#c44e52", s=50,
                       label=None if "cx" in shown else f"response {st} before any audio")  # fmt: skip
            shown.add("cx")


def plot_transport_latency(latency: pd.DataFrame, *, source: str = "") -> Figure:
    """Latency a microphone transport adds between the page and the kernel (``MicrophoneWidget.latency_df()``):
    one row per transport, each onset a dot, the median a bar."""
    fig = new_figure((8, 2.6))
    ax = fig.add_subplot()
    ax.set_title("Added latency per transport, page → kernel" + (f" ({source})" if source else ""))
    if latency is None or latency.empty:
        return _empty(fig, ax, "onsets")
    transports = sorted(latency["transport"].unique())
    for i, t in enumerate(transports):
        ms = latency.loc[latency["transport"] == t, "added_ms"].to_numpy(dtype=float)
        ax.barh(i, float(np.median(ms)), height=0.5, color="#4c72b0", alpha=0.35)
        ax.scatter(ms, np.full(len(ms), i), color="#4c72b0", zorder=3, s=18)
        ax.text(float(np.median(ms)), i + 0.32, f"median {_ms(float(np.median(ms)))} (n={len(ms)})", fontsize=8)
    ax.set_yticks(range(len(transports)), transports)
    ax.set_ylim(len(transports) - 0.4, -0.6)
    ax.set_xlabel("added latency (ms)")
    ax.grid(axis="x", alpha=0.3)
    return fig
