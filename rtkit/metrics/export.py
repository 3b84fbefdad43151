"""DataFrames, summary and run folder of a :class:`~rtkit.metrics.MetricsRecorder`.

Units are in the column names: ``_s`` monotonic seconds (``time.monotonic()``), ``_ms`` milliseconds, ``_usd``
US dollars, ``_tokens`` token counts, ``_mb`` MiB. Latency columns are defined in :mod:`rtkit.metrics.latency`.

``events_df``: ``t_s``, ``t_ms`` (since the first event), ``direction`` (sent/received/local), ``type``,
``conn`` (connection index), ``session_id``, ``item_id``, ``response_id``, ``call_id``, ``frame_bytes`` (JSON
frame size), ``in_ms`` / ``out_ms`` (input- / output-audio clock after the event), ``audio_ms`` (audio carried by
an append or output audio delta), ``audio_start_ms`` / ``audio_end_ms`` (VAD events), ``detail`` (JSON of the
extra fields kept for rare events, else None).

``turns_df``: ``turn``, ``conn``, ``session_id``, ``kind`` (audio = server VAD, audio_manual, text, idle,
response), ``item_id``, ``transcript``, ``speech_start_ms`` / ``speech_end_ms`` (input-audio clock),
``speech_end_source`` (label, server_vad, server_audio_end, commit), anchor stamps ``*_t_s``, every latency of
:data:`rtkit.metrics.latency.LATENCIES` except ``session_init_ms``, ``stage_*_ms`` (voice-to-voice stages),
``responses``, ``tool_calls``, token totals, ``response_usd``, ``transcription_usd``, ``cost_usd``,
``cumulative_cost_usd``.

``responses_df``: ``response_id``, ``turn``, ``conn``, ``model``, ``status``, ``reason``, ``*_t_s`` stamps,
``ttft_ms``, ``response_ms``, ``output_audio_ms``, ``function_calls``, token counts by kind (cached tokens are a
part of input tokens), dollar costs by kind, ``cost_usd``, ``cumulative_cost_usd``.

``tool_calls_df``: ``call_id``, ``name``, ``turn``, ``conn``, ``response_id``, ``args_done_t_s``,
``output_sent_t_s``, ``followup_response_id``, ``tool_ms``, ``tool_roundtrip_ms``, ``mcp_ms`` (the MCP call
itself, from the recorded ToolResult), ``ok``, ``error``, ``timed_out``, ``cached``, ``server``,
``arguments_chars``, ``output_chars``, ``arguments`` (the JSON as sent) and ``output`` (cut to
``MetricsConfig.tool_output_chars``), both with credentials masked (:func:`rtkit.redact.redact`).

``sessions_df``: one row per connection: ids, model and VAD settings, lifecycle stamps, ``session_init_ms``,
``connect_ms``, ``duration_s`` (wall), ``audio_s`` (user audio streamed plus assistant audio received),
``conversation_min`` (the larger of the two, in minutes: what "per minute" divides by), ``close_code``,
``ok`` (initialised and closed normally or still open), ``errors``, ``reconnects``, counts, tokens,
``cost_usd``, ``cost_per_min_usd``, ``tool_calls_per_min``.

``alerts_df``: ``t_s``, ``kind`` (latency, tool, cost), ``metric``, ``value``, ``threshold``, ``turn``,
``response_id``, ``call_id``, ``message``. ``resources_df``: ``t_s``, ``rss_mb``, ``cpu_percent``,
``open_sessions``, ``in_ms``, ``out_ms``, ``audio_active``.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from rtkit.metrics import pricing
from rtkit.metrics.latency import LATENCIES, STAGES, ms_between, percentiles
from rtkit.metrics.timeline import Recording
from rtkit.metrics.turns import call_metrics, labels_for, turn_metrics
from rtkit.realtime import events as ev

TABLES = ("events", "turns", "responses", "tool_calls", "sessions", "alerts", "resources")
_TOKEN_KEYS = (
    "input_text_tokens", "input_audio_tokens", "input_image_tokens", "cached_text_tokens", "cached_audio_tokens",
    "cached_image_tokens", "cached_tokens", "output_text_tokens", "output_audio_tokens", "input_tokens",
    "output_tokens", "total_tokens",
)  # fmt: skip


def events_df(rec: Recording) -> pd.DataFrame:
    """One row per recorded event (columns in the module docstring)."""
    n = len(rec)
    tl = rec.timeline()
    t = tl.t.copy()
    in_ms = tl.in_ms.copy()
    out_ms = tl.out_ms.copy()
    conn = tl.conn.astype(np.int32)
    types = tl.type.astype(np.int32)
    ids = np.empty(len(rec.ids) + 1, dtype=object)
    ids[1:] = rec.ids
    ids[0] = None

    def id_col(col: np.ndarray) -> np.ndarray:
        return ids[col + 1]

    conn_sessions = np.array([c.session_id for c in rec.tracker.conns] or [None], dtype=object)
    d_in = in_ms - np.r_[0.0, in_ms[:-1]] if n else in_ms
    d_out = out_ms - np.r_[0.0, out_ms[:-1]] if n else out_ms
    codes = {name: i for i, name in enumerate(rec.types)}
    is_append = types == codes.get(ev.AUDIO_APPEND, -1)
    is_delta = types == codes.get(ev.AUDIO_DELTA, -1)
    audio_ms = np.where(
        is_append, np.where(d_in < 0, in_ms, d_in), np.where(is_delta, np.where(d_out < 0, out_ms, d_out), 0.0)
    )
    a_start = np.full(n, np.nan)
    a_end = np.full(n, np.nan)
    detail = np.full(n, None, dtype=object)
    for i, x in tl.extra.items():
        if "audio_start_ms" in x:
            a_start[i] = x["audio_start_ms"]
        if "audio_end_ms" in x:
            a_end[i] = x["audio_end_ms"]
        detail[i] = _redacted(json.dumps(x, default=str))
    return pd.DataFrame(
        {
            "t_s": t,
            "t_ms": (t - t[0]) * 1000.0 if n else t,
            "direction": pd.Categorical.from_codes(tl.direction, ["sent", "received", "local", "other"]),
            "type": pd.Categorical.from_codes(types, rec.types) if rec.types else pd.Categorical([]),
            "conn": conn,
            "session_id": conn_sessions[np.minimum(conn, len(conn_sessions) - 1)],
            "item_id": id_col(tl.item),
            "response_id": id_col(tl.resp),
            "call_id": id_col(tl.call),
            "frame_bytes": tl.nbytes.astype(np.int64),
            "in_ms": in_ms,
            "out_ms": out_ms,
            "audio_ms": audio_ms,
            "audio_start_ms": a_start,
            "audio_end_ms": a_end,
            "detail": detail,
        }
    )


def _response_rows(rec: Recording) -> list[dict[str, Any]]:
    rows, cumulative = [], 0.0
    for r in rec.tracker.responses.values():
        model = rec.model_for(r.conn)
        row: dict[str, Any] = {
            "response_id": r.id, "turn": r.turn, "conn": r.conn, "model": model, "status": r.status,
            "reason": r.reason, "created_t_s": r.t_created, "first_audio_t_s": r.t_first_audio,
            "first_text_t_s": r.t_first_text, "done_t_s": r.t_done,
            "ttft_ms": ms_between(r.t_created, r.t_first_delta), "response_ms": ms_between(r.t_created, r.t_done),
            "output_audio_ms": (
                r.out_ms_done - r.out_ms_created if r.out_ms_done is not None and r.out_ms_created is not None
                else None
            ),
            "function_calls": r.n_function_calls,
        }  # fmt: skip
        tokens = r.tokens or {}
        row.update({k: tokens.get(k, 0) if r.tokens else None for k in _TOKEN_KEYS})
        price = rec.price(model) if r.tokens else None
        costs = pricing.usage_cost(tokens, price) if price is not None else dict.fromkeys(pricing.USAGE_COST_KEYS)
        row.update(costs)
        cumulative += costs["cost_usd"] or 0.0
        row["cumulative_cost_usd"] = cumulative if r.tokens else None
        rows.append(row)
    return rows


def responses_df(rec: Recording) -> pd.DataFrame:
    """One row per response, in creation order (columns in the module docstring)."""
    return _numeric_units(pd.DataFrame(_response_rows(rec), columns=_RESPONSE_COLUMNS))


_RESPONSE_COLUMNS = [
    "response_id", "turn", "conn", "model", "status", "reason", "created_t_s", "first_audio_t_s", "first_text_t_s",
    "done_t_s", "ttft_ms", "response_ms", "output_audio_ms", "function_calls", *_TOKEN_KEYS,
    *pricing.USAGE_COST_KEYS, "cumulative_cost_usd",
]  # fmt: skip


def turns_df(rec: Recording) -> pd.DataFrame:
    """One row per turn (columns in the module docstring)."""
    tr = rec.tracker
    by_turn: dict[int, list[dict[str, Any]]] = {}
    for response in _response_rows(rec):
        by_turn.setdefault(response["turn"], []).append(response)
    rows, cumulative = [], 0.0
    for turn in tr.turns:
        if turn.superseded:
            continue
        m = turn_metrics(tr, turn, labels_for(rec.labels, turn.conn))
        resp = by_turn.get(turn.index, [])
        first = next((r for r in resp if r["created_t_s"] is not None), None)
        tp = rec.transcription_price(turn.transcription_model)
        t_usd = pricing.transcription_cost(turn.transcription_usage, tp) if tp else None
        # a response with tokens but no price makes the turn's cost unknown (NaN), not a partial sum
        unpriced = any(r["cost_usd"] is None and r["total_tokens"] for r in resp)
        r_usd = math.nan if unpriced else sum(r["cost_usd"] or 0.0 for r in resp)
        cumulative += r_usd + (t_usd or 0.0)
        row: dict[str, Any] = {
            "turn": turn.index, "conn": turn.conn,
            "session_id": tr.conns[turn.conn].session_id if turn.conn < len(tr.conns) else None,
            "kind": turn.kind, "item_id": turn.item_id, "transcript": turn.transcript,
            "start_t_s": turn.t_start, "speech_start_ms": turn.audio_start_ms,
            "speech_end_ms": m.pop("speech_end_ms"), "speech_end_source": m.pop("speech_end_source"),
            "speech_end_t_s": m.pop("speech_end_t_s"), "speech_stopped_t_s": turn.t_speech_stopped,
            "response_created_t_s": first["created_t_s"] if first else None,
            "first_audio_t_s": turn.t_first_audio, "first_text_t_s": turn.t_first_text, "played_t_s": turn.t_played,
            **m,
            "responses": len(resp), "tool_calls": len(turn.calls),
            "tool_names": ",".join(str(tr.calls[c].name or "?") for c in turn.calls if c in tr.calls),
        }  # fmt: skip
        for k in ("input_tokens", "output_tokens", "cached_tokens", "total_tokens"):
            row[k] = sum(r[k] or 0 for r in resp)
        row.update(
            response_usd=r_usd, transcription_usd=t_usd, cost_usd=r_usd + (t_usd or 0.0), cumulative_cost_usd=cumulative
        )
        rows.append(row)
    return _numeric_units(pd.DataFrame(rows) if rows else pd.DataFrame(columns=_EMPTY_TURN_COLUMNS))


_EMPTY_TURN_COLUMNS = [
    "turn", "conn", "session_id", "kind", "item_id", "transcript", "start_t_s", "speech_start_ms", "speech_end_ms",
    "speech_end_source", *(name for name in LATENCIES if name != "session_init_ms"),
    *(f"stage_{name}_ms" for name in STAGES), "responses", "tool_calls", "input_tokens", "output_tokens",
    "cached_tokens", "total_tokens", "response_usd", "transcription_usd", "cost_usd", "cumulative_cost_usd",
]  # fmt: skip
"""The main columns of an empty turns table, so its CSV has a header and reads back with ``pandas.read_csv``."""


def tool_calls_df(rec: Recording) -> pd.DataFrame:
    """One row per function call, from the wire and from ``record_tool_call`` (columns in the module docstring)."""
    tr = rec.tracker
    rows = []
    seen = set()
    for c in tr.calls.values():
        seen.add(c.call_id)
        res = rec.tool_results.get(c.call_id, {})
        rows.append(
            {
                "call_id": c.call_id, "name": c.name or res.get("name"), "turn": c.turn, "conn": c.conn,
                "response_id": c.response_id, "args_done_t_s": c.t_args_done, "output_sent_t_s": c.t_output_sent,
                "followup_response_id": c.followup_response, **call_metrics(c, tr.responses),
                **_result_cols(res), "arguments_chars": c.arguments_chars, "arguments": _redacted(c.arguments),
            }
        )  # fmt: skip
    for cid, res in rec.tool_results.items():
        if cid not in seen:
            rows.append({"call_id": cid, "name": res.get("name"), **_result_cols(res)})
    return _numeric_units(pd.DataFrame(rows, columns=_TOOL_COLUMNS))


_TOOL_COLUMNS = [
    "call_id", "name", "turn", "conn", "response_id", "args_done_t_s", "output_sent_t_s", "followup_response_id",
    "tool_ms", "tool_roundtrip_ms", "mcp_ms", "ok", "error", "timed_out", "cached", "server", "arguments_chars",
    "output_chars", "arguments", "output",
]  # fmt: skip


def _result_cols(res: Mapping[str, Any]) -> dict[str, Any]:
    keys = ("mcp_ms", "ok", "error", "timed_out", "cached", "server", "output_chars")
    return {**{k: res.get(k) for k in keys}, "output": _redacted(res.get("output"))}


def _redacted(text: Any) -> str | None:
    """Text kept in a run folder, with credentials masked like every log line."""
    from rtkit.redact import redact

    return redact(text) if isinstance(text, str) else None


def _conn_bounds(rec: Recording) -> dict[int, tuple[float, float, float]]:
    """Per connection: first and last event time (s), and the audio heard in ms (user input + assistant output)."""
    n = len(rec)
    if not n:
        return {}
    tl = rec.timeline()
    conn, t, in_ms, out_ms = tl.conn, tl.t, tl.in_ms, tl.out_ms
    out = {}
    for c in np.unique(conn):
        idx = np.flatnonzero(conn == c)
        heard = np.nanmax(in_ms[idx], initial=0.0) + np.nanmax(out_ms[idx], initial=0.0)
        out[int(c)] = (float(t[idx[0]]), float(t[idx[-1]]), float(heard))
    return out


def sessions_df(rec: Recording) -> pd.DataFrame:
    """One row per connection (columns in the module docstring)."""
    tr = rec.tracker
    bounds = _conn_bounds(rec)
    turns = turns_df(rec)
    calls = tool_calls_df(rec)
    rows = []
    for c in tr.conns:
        first, last, audio_ms = bounds.get(c.index, (None, None, 0.0))
        start = c.t_connect_start if c.t_connect_start is not None else first
        end = c.t_closed if c.t_closed is not None else last
        dur = (end - start) if start is not None and end is not None else None
        tsel = turns[turns["conn"] == c.index] if len(turns) else turns
        csel = calls[calls["conn"] == c.index] if len(calls) else calls
        cost = float(tsel["cost_usd"].sum(skipna=False)) if len(tsel) else 0.0  # NaN: a turn had no price
        # Conversation length: wall time, or the audio of both sides when that is longer (unpaced runs and
        # unplayed answers compress wall time, not the conversation).
        minutes = max(dur or 0.0, audio_ms / 1000.0) / 60.0 or None
        rows.append(
            {
                "conn": c.index, "session_id": c.session_id, "model": c.model or rec.model,
                "turn_detection": c.turn_detection, "silence_duration_ms": c.silence_ms,
                "transcription_model": c.transcription_model, "connect_start_t_s": c.t_connect_start,
                "connected_t_s": c.t_connected, "created_t_s": c.t_created, "updated_t_s": c.t_updated,
                "closed_t_s": c.t_closed, "start_t_s": start, "end_t_s": end, "duration_s": dur,
                "audio_s": audio_ms / 1000.0, "conversation_min": minutes,
                "session_init_ms": ms_between(c.t_connect_start, c.t_updated),
                "connect_ms": ms_between(c.t_connect_start, c.t_connected),
                "close_code": c.close_code, "close_reason": c.close_reason,
                "ok": (c.t_updated is not None or c.t_created is not None) and c.close_code in (None, 1000, 1001),
                "errors": c.errors, "error_codes": ",".join(c.error_codes), "reconnects": c.reconnects,
                "turns": len(tsel), "responses": int(tsel["responses"].sum()) if len(tsel) else 0,
                "tool_calls": len(csel), "tool_errors": int((csel["ok"] == False).sum()) if len(csel) else 0,  # noqa: E712
                "input_tokens": int(tsel["input_tokens"].sum()) if len(tsel) else 0,
                "output_tokens": int(tsel["output_tokens"].sum()) if len(tsel) else 0,
                "total_tokens": int(tsel["total_tokens"].sum()) if len(tsel) else 0,
                "transcription_usd": float(tsel["transcription_usd"].fillna(0).sum()) if len(tsel) else 0.0,
                "cost_usd": cost,
                "cost_per_min_usd": cost / minutes if minutes else None,
                "tool_calls_per_min": len(csel) / minutes if minutes else None,
            }
        )  # fmt: skip
    return _numeric_units(pd.DataFrame(rows) if rows else pd.DataFrame(columns=_EMPTY_SESSION_COLUMNS))


_EMPTY_SESSION_COLUMNS = [
    "conn", "session_id", "model", "turn_detection", "silence_duration_ms", "start_t_s", "end_t_s", "duration_s",
    "audio_s", "conversation_min", "session_init_ms", "connect_ms", "close_code", "ok", "errors", "reconnects",
    "turns", "responses", "tool_calls", "tool_errors", "total_tokens", "cost_usd",
]  # fmt: skip
"""The main columns of an empty sessions table (see ``_EMPTY_TURN_COLUMNS``)."""


def alerts_df(rec: Recording) -> pd.DataFrame:
    """One row per alert raised (columns in the module docstring)."""
    cols = ["t_s", "kind", "metric", "value", "threshold", "turn", "response_id", "call_id", "message"]
    return pd.DataFrame(rec.alerts, columns=cols)


def resources_df(rec: Recording) -> pd.DataFrame:
    """Memory and CPU samples; ``audio_active`` when audio moved since the previous sample."""
    df = pd.DataFrame(rec.samples, columns=["t_s", "rss_mb", "cpu_percent", "open_sessions", "in_ms", "out_ms"])
    moved = (df["in_ms"].diff().fillna(0) != 0) | (df["out_ms"].diff().fillna(0) != 0)
    df["audio_active"] = moved
    return df


def _num(v: Any) -> Any:
    if isinstance(v, np.integer | np.floating):
        v = v.item()
    return None if isinstance(v, float) and math.isnan(v) else v


def summary(rec: Recording, frames: Mapping[str, pd.DataFrame] | None = None) -> dict[str, Any]:
    """p50/p90/p99 (and mean, n) of each latency and the run's totals, as plain JSON-ready values.

    Turn-level latencies are pooled over turns; ``ttft_ms`` and ``response_ms`` over responses; ``tool_ms`` and
    ``tool_roundtrip_ms`` over calls; ``session_init_ms`` over connections.
    """
    f = dict(frames) if frames else {}
    builders = {"turns": turns_df, "responses": responses_df, "tool_calls": tool_calls_df}
    builders |= {"sessions": sessions_df, "resources": resources_df}
    for name, build in builders.items():
        if name not in f:
            f[name] = build(rec)
    model = rec.model_for(len(rec.tracker.conns) - 1) if rec.tracker.conns else rec.model
    return summarize(
        f,
        model=model,
        config_hash=run_hash(rec),
        events=len(rec),
        max_concurrent_sessions=rec.max_concurrent_sessions,
        alerts=len(rec.alerts),
        pace=rec.pace,
    )


def summarize(
    frames: Mapping[str, pd.DataFrame],
    *,
    model: str | None,
    config_hash: str | None,
    events: int,
    max_concurrent_sessions: int,
    alerts: int,
    pace: str | None = None,
) -> dict[str, Any]:
    """:func:`summary` from the tables alone (``turns``, ``responses``, ``tool_calls``, ``sessions``,
    ``resources``), e.g. of several runs concatenated."""
    turns, resp, calls = frames["turns"], frames["responses"], frames["tool_calls"]
    sess, res = frames["sessions"], frames["resources"]
    source = {"ttft_ms": resp, "response_ms": resp, "tool_ms": calls, "tool_roundtrip_ms": calls}
    source["session_init_ms"] = sess
    lat = {}
    for name in LATENCIES:
        df = source.get(name, turns)
        lat[name] = percentiles(df[name].tolist() if name in df else [])
    minutes = float(sess["conversation_min"].fillna(0).sum()) if len(sess) else 0.0
    cost = float(turns["cost_usd"].sum(skipna=False)) if len(turns) else 0.0  # NaN: a turn had no price
    tokens = {k: int(resp[k].fillna(0).sum()) if len(resp) else 0 for k in _TOKEN_KEYS}
    n_calls = len(calls)
    failed = int((calls["ok"] == False).sum()) if n_calls else 0  # noqa: E712
    audio = res[res["audio_active"]] if len(res) else res
    out = {
        "pricing_version": pricing.PRICING_VERSION,
        "model": model,
        "config_hash": config_hash,
        "events": events,
        "pace": pace,
        "sessions": len(sess),
        "turns": len(turns),
        "responses": len(resp),
        "tool_calls": n_calls,
        "latency": lat,
        "tokens": tokens,
        "tokens_per_session": tokens["total_tokens"] / len(sess) if len(sess) else None,
        "cost_usd": cost,
        "transcription_cost_usd": float(turns["transcription_usd"].fillna(0).sum()) if len(turns) else 0.0,
        "conversation_minutes": minutes,
        "cost_per_min_usd": cost / minutes if minutes else None,
        "tool_calls_per_min": n_calls / minutes if minutes else None,
        "tool_error_rate": failed / n_calls if n_calls and calls["ok"].notna().any() else None,
        "session_success_rate": float(sess["ok"].mean()) if len(sess) else None,
        "reconnects": int(sess["reconnects"].sum()) if len(sess) else 0,
        "errors": int(sess["errors"].sum()) if len(sess) else 0,
        # responses the server refused over capacity (the local server when recognition is over its limit)
        "rate_limited": int(sess["error_codes"].str.split(",").explode().eq("rate_limit_exceeded").sum())
        if len(sess)
        else 0,
        "max_concurrent_sessions": max_concurrent_sessions,
        **peak_memory(float(res["rss_mb"].max()) if len(res) else None),
        "mean_cpu_percent_audio": float(audio["cpu_percent"].mean()) if len(audio) else None,
        "alerts": alerts,
    }
    return json.loads(json.dumps(_no_nan(out), default=_num))


def _no_nan(v: Any) -> Any:
    """NaN (an unknown cost) as None, so ``summary.json`` is valid JSON with ``null`` where a value is unknown."""
    if isinstance(v, dict):
        return {k: _no_nan(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_no_nan(x) for x in v]
    return None if isinstance(v, float) and math.isnan(v) else v


def redacted_config(config: Any) -> dict[str, Any] | None:
    """The run's config as a dict without secrets (``to_dict(redact=True)`` or a dict with key fields removed)."""
    if config is None:
        return None
    if hasattr(config, "to_dict"):
        d = config.to_dict(redact=True)
    elif isinstance(config, Mapping):
        d = dict(config)
    else:
        raise TypeError(f"run config must have to_dict(redact=True) or be a dict, not {type(config).__name__}")
    return _strip_secrets(d)


def _strip_secrets(v: Any) -> Any:
    if isinstance(v, Mapping):
        secret = ("api_key", "apikey", "secret", "authorization", "password", "token")
        return {k: _strip_secrets(x) for k, x in v.items() if not any(s in str(k).lower() for s in secret)
                or str(k).lower().endswith("_tokens")}  # fmt: skip
    if isinstance(v, list | tuple):
        return [_strip_secrets(x) for x in v]
    return v


def config_hash(config: Any, pace: str | None = None) -> str | None:
    """Short stable hash of the run's settings (``config.config_hash()`` when it has one) and its pace."""
    if config is None:
        return None
    if hasattr(config, "config_hash"):
        base = str(config.config_hash())
    else:
        d = redacted_config(config) or {}
        for k in ("base_url", "azure_endpoint", "metrics"):
            d.pop(k, None)
        base = hashlib.sha256(json.dumps(d, sort_keys=True, default=str).encode()).hexdigest()[:12]
    return base if pace is None else hashlib.sha256(f"{base}|pace={pace}".encode()).hexdigest()[:12]


def run_hash(rec: Recording) -> str | None:
    """The config hash, extended by how the run was made (pace, endpoint, MCP servers) when that is known.

    The endpoint enters without its port: the in-process server listens on a random one, and a port never
    changes what a server does. Output paths never enter."""
    info = dict(getattr(rec, "run_info", None) or {})
    return run_info_hash(rec.run_config, info.pop("pace", getattr(rec, "pace", None)), info)


def run_info_hash(config: Any, pace: str | None, info: Mapping[str, Any]) -> str | None:
    """:func:`config_hash` of ``config`` and ``pace``, extended by the rest of the run info (``endpoint``
    without its port, ``mcp``)."""
    base = config_hash(config, pace)
    info = dict(info)
    if isinstance(info.get("endpoint"), str):
        info["endpoint"] = _without_port(info["endpoint"])
    if not info:
        return base
    blob = json.dumps({"config": base, "run": info}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:12]


def _without_port(endpoint: str) -> str:
    """``host:port/path`` → ``host/path`` (IPv6 hosts in brackets keep their colons)."""
    host, slash, path = endpoint.partition("/")
    if host.startswith("["):
        host = host[: host.index("]") + 1] if "]" in host else host
    else:
        host = host.split(":", 1)[0]
    return host + slash + path


def frames(rec: Recording) -> dict[str, pd.DataFrame]:
    """Every table of the recorder by name (see :data:`TABLES`)."""
    return {
        "events": events_df(rec), "turns": turns_df(rec), "responses": responses_df(rec),
        "tool_calls": tool_calls_df(rec), "sessions": sessions_df(rec), "alerts": alerts_df(rec),
        "resources": resources_df(rec),
    }  # fmt: skip


def save(rec: Recording, run_dir: str | Path, overwrite: bool = False) -> Path:
    """Write ``<name>.csv`` (and ``<name>.parquet`` with pyarrow) for every table, ``summary.json`` and
    ``config.json`` (``{"config": redacted config, "config_hash": …}``) into ``run_dir``, which must be new or
    empty (``overwrite`` empties a folder holding an earlier run first; see :mod:`rtkit.metrics.run_folder`)."""
    from rtkit.metrics.run_folder import prepare  # that module writes whole run folders through this one

    out = prepare(run_dir, overwrite=overwrite)
    tables = frames(rec)
    write_tables(out, tables)
    (out / "summary.json").write_text(json.dumps(summary(rec, tables), indent=2))
    cfg: dict[str, Any] = {"config": redacted_config(rec.run_config), "pace": rec.pace, "config_hash": run_hash(rec)}
    if rec.run_info:
        cfg["run"] = dict(rec.run_info)
    cfg["labels"] = [list(x) for x in rec.labels]
    (out / "config.json").write_text(json.dumps(cfg, indent=2, default=str))
    return out


def write_tables(out: Path, tables: Mapping[str, pd.DataFrame]) -> None:
    """``<name>.csv`` for every table, and ``<name>.parquet`` when pyarrow is installed."""
    try:
        import pyarrow  # noqa: F401

        parquet = True
    except ImportError:
        parquet = False
    for name, df in tables.items():
        df.to_csv(out / f"{name}.csv", index=False)
        if parquet:
            df.to_parquet(out / f"{name}.parquet", index=False)


def peak_memory(sampled_mb: float | None) -> dict[str, Any]:
    """Peak resident memory: this process's true peak (the kernel's ``ru_maxrss``, which sampling can miss),
    the largest finished child's, and what live children (MCP servers, speech worker) hold now."""
    out: dict[str, Any] = {"peak_rss_mb": sampled_mb, "peak_rss_of": "this process (sampled)"}
    try:
        import resource

        self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        out["peak_rss_mb"] = max(self_mb, sampled_mb or 0.0)
        out["peak_rss_of"] = "this process, since it started (ru_maxrss)"
        out["children_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 or None
    except (ImportError, OSError):
        pass
    try:
        import psutil

        live = psutil.Process().children(recursive=True)
        out["children_rss_mb"] = sum(_rss(c) for c in live) / 2**20
        out["children_live"] = len(live)
    except ImportError:
        pass
    return out


def _rss(proc: Any) -> int:
    try:
        return int(proc.memory_info().rss)
    except Exception:  # the child exited meanwhile
        return 0


def _numeric_units(df: pd.DataFrame) -> pd.DataFrame:
    """Columns with a unit suffix are float, with NaN (not None) where a value is missing."""
    for col in df.columns:
        if col.endswith(("_ms", "_usd", "_s", "_min")) and df[col].dtype == object:
            df[col] = pd.to_numeric(df[col], errors="coerce").astype(float)
    return df
