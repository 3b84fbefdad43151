"""matplotlib figures from the recorder's DataFrames (or a loaded run folder).

Each function takes DataFrames (or a summary dict) and returns a :class:`matplotlib.figure.Figure` built without
pyplot, so it works on any backend, headless included (Agg). Latency names and stages are those of
:mod:`rtkit.metrics.latency`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from rtkit.metrics.latency import LATENCIES, STAGES

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


def plot_turn_breakdown(turns: pd.DataFrame) -> Figure:
    """Per-turn voice-to-voice latency as stacked stages, with ttfb and the played latency marked."""
    fig = Figure(figsize=(9, 4.5), layout="constrained")
    ax = fig.add_subplot()
    ax.set_title("Voice-to-voice latency per turn, by stage")
    if turns is None or turns.empty or "voice_to_voice_ms" not in turns or turns["voice_to_voice_ms"].isna().all():
        return _empty(fig, ax, "voice-to-voice turns")
    df = turns[turns["voice_to_voice_ms"].notna()]
    x = np.arange(len(df))
    bottom = np.zeros(len(df))
    for s in STAGES:
        vals = df[f"stage_{s}_ms"].fillna(0).to_numpy(dtype=float)
        if vals.any():
            ax.bar(x, vals, bottom=bottom, color=_STAGE_COLORS[s], label=_STAGE_LABELS[s], width=0.6)
            bottom += vals
    ax.scatter(x, df["voice_to_voice_ms"], marker="_", s=600, color="black", label="voice_to_voice_ms", zorder=3)
    if "voice_to_voice_played_ms" in df and df["voice_to_voice_played_ms"].notna().any():
        ax.scatter(x, df["voice_to_voice_played_ms"], marker="v", color="black", label="voice_to_voice_played_ms")
    ax.set_xticks(x, [f"{t}\n{k}" for t, k in zip(df["turn"], df["kind"], strict=True)])
    ax.set_xlim(-0.8, max(len(df), 5) - 0.2)  # keep bars narrow when there are few turns
    ax.set_xlabel("turn")
    ax.set_ylabel("latency (ms)")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.grid(axis="y", alpha=0.3)
    return fig


def plot_latency_percentiles(summary: Mapping[str, Any]) -> Figure:
    """p50 / p90 / p99 of every latency that has values (from ``summary()`` or a run's summary.json)."""
    lat = summary.get("latency", summary)
    names = [n for n in LATENCIES if isinstance(lat.get(n), Mapping) and lat[n].get("n")]
    fig = Figure(figsize=(9, 4.5), layout="constrained")
    ax = fig.add_subplot()
    ax.set_title("Latency percentiles")
    if not names:
        return _empty(fig, ax, "latencies")
    y = np.arange(len(names))
    h = 0.27
    for i, (q, color) in enumerate((("p50", "#4c72b0"), ("p90", "#dd8452"), ("p99", "#c44e52"))):
        vals = [lat[n].get(q) or 0.0 for n in names]
        ax.barh(y + (i - 1) * h, vals, height=h, label=q, color=color)
    ax.set_yticks(y, [f"{n} (n={lat[n]['n']})" for n in names])
    ax.invert_yaxis()
    ax.set_xlabel("latency (ms)")
    ax.legend(loc="lower right")
    ax.grid(axis="x", alpha=0.3)
    return fig


def plot_cumulative_usage(responses: pd.DataFrame) -> Figure:
    """Cumulative input / output tokens and cumulative cost across the session (x: seconds since the first
    response)."""
    fig = Figure(figsize=(9, 4.5), layout="constrained")
    ax = fig.add_subplot()
    ax.set_title("Cumulative tokens and cost")
    if responses is None or responses.empty or responses["done_t_s"].notna().sum() == 0:
        return _empty(fig, ax, "responses")
    df = responses[responses["done_t_s"].notna()].sort_values("done_t_s")
    t = df["done_t_s"] - df["created_t_s"].min()
    for col, color in (("input_tokens", "#4c72b0"), ("output_tokens", "#55a868"), ("cached_tokens", "#8172b3")):
        ax.step(t, df[col].fillna(0).cumsum(), where="post", color=color, label=col.replace("_", " "))
    ax.set_xlabel("time since first response (s)")
    ax.set_ylabel("tokens (cumulative)")
    ax.grid(alpha=0.3)
    ax2 = ax.twinx()
    ax2.step(t, df["cost_usd"].fillna(0).cumsum(), where="post", color="#c44e52", linewidth=2, label="cost (USD)")
    ax2.set_ylabel("cost (USD, cumulative)")
    ax2.set_ylim(bottom=0)
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, loc="upper left")
    return fig


def plot_tool_latency(tool_calls: pd.DataFrame) -> Figure:
    """Distribution of ``tool_ms`` per tool (box and points), with the MCP call time (``mcp_ms``) when known."""
    fig = Figure(figsize=(9, 4.5), layout="constrained")
    ax = fig.add_subplot()
    ax.set_title("Tool latency by tool")
    if tool_calls is None or tool_calls.empty or tool_calls["tool_ms"].notna().sum() == 0:
        return _empty(fig, ax, "tool calls")
    df = tool_calls[tool_calls["tool_ms"].notna()].copy()
    df["name"] = df["name"].fillna("?")
    names = sorted(df["name"].unique())
    data = [df.loc[df["name"] == n, "tool_ms"].to_numpy(dtype=float) for n in names]
    try:  # matplotlib >= 3.10
        ax.boxplot(data, orientation="horizontal", widths=0.5, showfliers=False)
    except TypeError:
        ax.boxplot(data, vert=False, widths=0.5, showfliers=False)
    for i, vals in enumerate(data, start=1):
        ax.scatter(vals, np.full(len(vals), i), color="#4c72b0", alpha=0.7, s=18, zorder=3)
    if "mcp_ms" in df and df["mcp_ms"].notna().any():
        for i, n in enumerate(names, start=1):
            m = df.loc[df["name"] == n, "mcp_ms"].dropna().to_numpy(dtype=float)
            ax.scatter(m, np.full(len(m), i + 0.2), marker="x", color="#dd8452", s=18, zorder=3)
        ax.scatter([], [], marker="x", color="#dd8452", label="mcp_ms (MCP call)")
    ax.scatter([], [], color="#4c72b0", label="tool_ms (arguments.done → output sent)")
    ax.set_yticks(range(1, len(names) + 1), [f"{n} (n={len(d)})" for n, d in zip(names, data, strict=True)])
    ax.set_xlabel("latency (ms)")
    top = max(np.nanmax(df["tool_ms"]), np.nanmax(df["mcp_ms"]) if df["mcp_ms"].notna().any() else 0.0)
    ax.set_xlim(0, top * 1.15 + 1.0)
    ax.legend(loc="lower right", fontsize=8)
    ax.grid(axis="x", alpha=0.3)
    return fig


_MARKS = (  # (lane, type, colour, label)
    ("VAD", "input_audio_buffer.speech_started", "#55a868", "speech_started"),
    ("VAD", "input_audio_buffer.speech_stopped", "#c44e52", "speech_stopped"),
    ("VAD", "input_audio_buffer.committed", "#8172b3", "committed"),
    ("response", "response.created", "#4c72b0", "response.created"),
    ("response", "response.function_call_arguments.done", "#dd8452", "function call"),
    ("response", "response.done", "#937860", "response.done"),
    ("client", "conversation.item.create", "#da8bc3", "item sent"),
    ("client", "response.create", "#8c8c8c", "response.create sent"),
    ("client", "rtkit.playback.start", "#000000", "playback start"),
)


def plot_timeline(
    events: pd.DataFrame,
    pcm: np.ndarray | None = None,
    rate: int = 24000,
    labels: Sequence[tuple[float, float]] | None = None,
    conn: int = 0,
    offset_ms: float = 0.0,
) -> Figure:
    """Event timeline of one connection over the input waveform.

    The waveform (``pcm``: the input audio, int16 or float, starting at ``offset_ms`` on the input-audio clock)
    is placed on the monotonic time axis through the send times of the appends; VAD events are marked where they
    arrived, and ``speech_stopped.audio_end_ms`` (dashed) where that audio was sent; ``labels`` are shaded;
    first output audio deltas are marked per response.
    """
    fig = Figure(figsize=(11, 5), layout="constrained")
    ax_w, ax_e = fig.subplots(2, 1, sharex=True, height_ratios=(2, 1.3))
    fig.suptitle("Event timeline over the input waveform")
    ev = events[events["conn"] == conn] if events is not None and "conn" in events else events
    if ev is None or ev.empty:
        return _empty(fig, ax_w, "events")
    t0 = float(ev["t_s"].iloc[0])
    app = ev[ev["type"] == "input_audio_buffer.append"]
    pts_ms, pts_t = app["in_ms"].to_numpy(dtype=float), app["t_s"].to_numpy(dtype=float) - t0

    def at(ms: Any) -> Any:
        return np.interp(ms, pts_ms, pts_t) if len(pts_ms) else np.full(np.shape(ms), np.nan)

    if pcm is not None and len(pcm) and len(pts_ms):
        y = np.asarray(pcm, dtype=float)
        y = y / 32768.0 if np.issubdtype(np.asarray(pcm).dtype, np.integer) else y
        bins = min(len(y), 4000)
        edges = np.linspace(0, len(y), bins + 1).astype(int)
        lo = np.minimum.reduceat(y, edges[:-1])
        hi = np.maximum.reduceat(y, edges[:-1])
        x = at(offset_ms + edges[:-1] / rate * 1000.0)
        ax_w.fill_between(x, lo, hi, color="#4c72b0", alpha=0.6, linewidth=0, label="input audio")
    for i, (s, e) in enumerate(labels or ()):
        ax_w.axvspan(at(s), at(e), color="#55a868", alpha=0.15, label="speech label" if i == 0 else None)
    for k, row in enumerate(ev[ev["type"] == "input_audio_buffer.speech_stopped"].itertuples()):
        if not np.isnan(row.audio_end_ms):
            ax_w.axvline(at(row.audio_end_ms), color="#c44e52", ls="--", lw=1,
                         label="speech_stopped.audio_end_ms" if k == 0 else None)  # fmt: skip
    for lane, etype, color, label in _MARKS:
        if lane == "VAD":
            for k, t in enumerate(ev.loc[ev["type"] == etype, "t_s"] - t0):
                ax_w.axvline(t, color=color, lw=1, alpha=0.8, label=label if k == 0 else None)
    ax_w.set_ylabel("amplitude")
    ax_w.set_ylim(-1.05, 1.05)
    ax_w.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    lanes = ["VAD", "response", "client", "output audio"]
    for lane, etype, color, label in _MARKS:
        ts = ev.loc[ev["type"] == etype, "t_s"] - t0
        if len(ts):
            ax_e.scatter(ts, np.full(len(ts), lanes.index(lane)), color=color, marker="|", s=300, label=label)
    deltas = ev[ev["type"] == "response.output_audio.delta"]
    if len(deltas):
        ax_e.scatter(deltas["t_s"] - t0, np.full(len(deltas), 3), color="#c44e52", s=4, alpha=0.4,
                     label="output audio delta")  # fmt: skip
    ax_e.set_yticks(range(len(lanes)), lanes)
    ax_e.set_ylim(-0.6, len(lanes) - 0.4)
    ax_e.set_xlabel("time since connection start (s, monotonic)")
    ax_e.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    ax_e.grid(axis="x", alpha=0.3)
    return fig
