"""`MetricsRecorder`: one event timeline for a Realtime session, and everything derived from it.

Register ``recorder.observe`` with a ``RealtimeClient``; it is called once per sent, received and local event as
``observe(direction, event, t, nbytes, in_ms, out_ms)``. Each call appends one row to a columnar timeline (monotonic
time, direction, interned type, session / item / response / call ids, frame size, input- and output-audio clock);
audio payloads are never kept, and only rare events keep a few extra primitive fields (VAD positions, usage, errors,
session settings; see :mod:`rtkit.metrics.event_fields`). Local lifecycle events use ``direction="local"`` and types
``rtkit.connect.start``, ``rtkit.connected``, ``rtkit.closed`` (``code``, ``reason``), ``rtkit.reconnect`` and
``rtkit.playback.start`` (``response_id``).

Latencies are defined in one table in :mod:`rtkit.metrics.latency` (start and end event of each, with the same names in
DataFrame columns, ``summary.json`` and plots). Costs come from :mod:`rtkit.metrics.pricing`. DataFrames, the run folder
and the summary are built by :mod:`rtkit.metrics.export`.

Monitoring covered: voice-to-voice, tool time, session start-up; tokens per session, cost per minute, function-call
frequency; session success rate, function-call error rate, reconnections; concurrent sessions, process memory and
CPU (psutil samples taken at most every ``sample_interval_s`` from ``observe``, or by :meth:`start_sampler`).
Alerts (a logging warning and an ``alerts_df`` row) fire when a latency exceeds ``latency_alert_ms``, a tool call
``tool_alert_ms``, or a turn's cost ``cost_alert_usd``.
"""

from __future__ import annotations

import logging
import math
import struct
import threading
import time
from array import array
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType, ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import psutil

from rtkit.metrics import pricing
from rtkit.metrics.event_fields import Extracted, extractor
from rtkit.metrics.pace import check_pace
from rtkit.metrics.timeline import Timeline
from rtkit.metrics.turns import Row, Turn, TurnTracker, call_metrics, labels_for, turn_metrics
from rtkit.realtime import events as ev

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger("rtkit.metrics")

DIRECTIONS = ("sent", "received", "local", "other")
_DIR_CODE = {"sent": 0, "received": 1, "local": 2}
ALERT_LATENCIES = (
    "voice_to_voice_ms",
    "voice_to_voice_played_ms",
    "ttfb_ms",
    "ttft_ms",
    "endpointing_ms",
    "transcription_ms",
)
"""Latencies checked against ``latency_alert_ms`` (``tool_ms`` is checked against ``tool_alert_ms``)."""
_LIFECYCLE = frozenset({ev.CONNECTED, ev.CLOSED})
"""Events that open or close a connection (counted across recorders for ``max_concurrent_sessions``)."""
_LATENCY_ENDS = frozenset({ev.AUDIO_DELTA, ev.TEXT_DELTA, ev.PLAYBACK_START, ev.TRANSCRIPTION_COMPLETED})
"""Events after which a latency alert is checked (a turn's metrics cost ~50 µs): those that end a latency;
``endpointing_ms``, which ends at ``speech_stopped``, is checked with the turn's first output or transcript."""
_ALERT_CHECKS = _LATENCY_ENDS | {ev.ITEM_CREATE, ev.RESPONSE_DONE, ev.SESSION_UPDATED}
"""Events after which :meth:`MetricsRecorder._check_alerts` can find something (the rest skip the call)."""
_NO_X: Mapping[str, Any] = MappingProxyType({})
"""The extra fields of a row that has none (shared, read-only: one fewer dict per event)."""

_OPEN_LOCK = threading.Lock()
_open_connections = 0  # connections open across every recorder in this process


def open_connections() -> int:
    """Connections currently open (between ``rtkit.connected`` and ``rtkit.closed``) in this process."""
    return _open_connections


def _shift_open(delta: int) -> int:
    global _open_connections
    with _OPEN_LOCK:
        _open_connections = max(_open_connections + delta, 0)
        return _open_connections


class MetricsRecorder:
    """Columnar event timeline plus turn, response, tool, session, alert and resource tables.

    ``config``: a ``MetricsConfig``-like object (``enabled``, ``latency_alert_ms``, ``tool_alert_ms``,
    ``cost_alert_usd``), default when None; a whole ``RealtimeConfig`` is accepted too (its ``metrics`` are used,
    and it becomes the run config). ``model``: Realtime model to price when the session does not say.
    ``prices``: price overrides (``{model: Pricing | dict}`` or one ``Pricing``). ``run_config``: the run's
    config (an object with ``to_dict(redact=True)`` or a plain dict) saved with the run. ``pace``: how the input
    audio is streamed (``realtime``, ``fast`` or ``live``, see :mod:`rtkit.metrics.pace`), saved in ``config.json``
    and part of the config hash. ``price_hint``: how to add a missing price, said with the warning (default: the
    ``prices`` argument).
    """

    def __init__(
        self,
        config: Any = None,
        *,
        model: str | None = None,
        prices: pricing.Overrides = None,
        run_config: Any = None,
        sample_interval_s: float = 1.0,
        pace: str | None = None,
        price_hint: str | None = None,
    ) -> None:
        self.price_hint = price_hint
        """How to add a missing price, in the caller's terms (the CLI's ``--prices FILE``); None: the Python
        ``prices=`` argument."""
        if config is not None and hasattr(config, "metrics") and hasattr(config, "model"):  # a whole RealtimeConfig
            run_config = config if run_config is None else run_config
            config = config.metrics
        self.enabled: bool = bool(getattr(config, "enabled", True))
        self.latency_alert_ms = float(getattr(config, "latency_alert_ms", 1000.0))
        self.tool_alert_ms = float(getattr(config, "tool_alert_ms", 2000.0))
        self.cost_alert_usd = float(getattr(config, "cost_alert_usd", 0.50))
        self.tool_output_chars = int(getattr(config, "tool_output_chars", 2000))
        self.prices = prices
        self.run_config = run_config
        self.pace = check_pace(pace)
        if model is None and run_config is not None:
            model = getattr(run_config, "model", None) or (
                run_config.get("model") if isinstance(run_config, Mapping) else None
            )
        self.model = model
        self.run_info: dict[str, Any] = {}
        """How the run was made (``endpoint`` host and path, ``pace``): saved in ``config.json``, hashed with the
        config, so runs made differently never share a config hash."""
        self._bad_models: set[str] = set()
        if self.pace is not None:
            self.run_info["pace"] = self.pace
        if model is not None:
            self.price(model)  # an unknown model is said once, up front; its costs are NaN
        # timeline columns
        self._columns: tuple[array[Any], ...] = tuple(array(code) for code in _COLUMN_CODES)
        (self._t, self._dir, self._type, self._nbytes, self._in, self._out,
         self._conn, self._item, self._resp, self._call) = self._columns  # fmt: skip
        # Rows wait here packed (one struct call per event) and go into the columns in blocks, split by numpy:
        # a tuple per row cost twice as much, moving the tuples into the columns (array.extend) most of it.
        self._buf = bytearray()
        self._flushed = 0  # rows already in the columns
        self._extra: dict[int, dict[str, Any]] = {}
        self.types: list[str] = []
        self._plans: dict[str, _Plan] = {}  # per event type: its code and what observe does with it
        self.ids: list[str] = []
        self._id_code: dict[str, int] = {}
        self._cur_conn = 0
        # derived state
        self.tracker = TurnTracker()
        self.labels: list[tuple[float, float, int | None]] = []
        self.alerts: list[dict[str, Any]] = []
        self._alerted: set[tuple] = set()
        self._tool_results: dict[str, dict[str, Any]] = {}
        self._response_costs: dict[str, tuple[dict[str, int], pricing.Pricing, float]] = {}
        # resources
        self.samples: list[tuple[float, float, float, int, float, float]] = []
        self.sample_interval_s = sample_interval_s
        self._next_sample = -math.inf
        self._proc = psutil.Process()
        self._open = False
        self.max_concurrent_sessions = 0
        self._sampler: threading.Thread | None = None
        self._stop = threading.Event()

    def __len__(self) -> int:
        return self._flushed + len(self._buf) // _ROW_SIZE

    # -- recording ------------------------------------------------------------------------------------------
    def observe(self, direction: str, event: Any, t: float, nbytes: int, in_ms: float, out_ms: float) -> None:
        """Record one event (the client observer signature). Never raises; never stores audio payloads."""
        if not self.enabled:
            return
        get = event.get if event.__class__ is dict else getattr(event, "get", None)
        etype = get("type") if get is not None else None
        if etype.__class__ is not str:
            etype = "<no type>" if get is not None else "<not an object>"
        plan = self._plans.get(etype)
        if plan is None:
            plan = self._new_type(etype, direction)
        code, special, handler, first_seen, checks = plan
        item = resp = call = x = None
        if special is not None:
            try:
                item, resp, call, x = special(event, direction)
            except Exception as exc:  # malformed event: keep the row with what it has
                x = {"malformed": repr(exc)[:200]}
        elif get is not None:
            item = get("item_id")
            resp = get("response_id")
            call = get("call_id")
        if t.__class__ is not float or in_ms.__class__ is not float or out_ms.__class__ is not float:
            t, in_ms, out_ms = _f(t), _f(in_ms), _f(out_ms)  # a caller's bad value becomes NaN
        idc = self._id_code
        try:  # ids seen before (nearly every event's): one lookup each
            a = -1 if item is None else idc[item]
            b = -1 if resp is None else idc[resp]
            c = -1 if call is None else idc[call]
        except (KeyError, TypeError):
            item, resp, call, a, b, c = self._new_ids(item, resp, call)
        if x:
            self._extra[self._flushed + len(self._buf) // _ROW_SIZE] = x  # keyed by the row's index
        # the tracker reads only a response's first output delta: the rest skip it
        if handler is not None and (first_seen is None or resp not in first_seen):
            try:
                turn = handler(Row(direction, etype, t, in_ms, out_ms, item, resp, call, x or _NO_X))
                if checks:
                    if etype in _LIFECYCLE:
                        self._lifecycle(etype, t)
                    if turn is not None or etype == ev.SESSION_UPDATED:
                        self._check_alerts(turn, t, etype)
                conns = self.tracker.conns
                self._cur_conn = len(conns) - 1 if conns else 0
            except Exception:  # metrics must never break the client
                log.exception("metrics: could not interpret %s event", etype)
        buf = self._buf
        d = _DIR_CODE.get(direction, 3)
        try:
            buf += _pack_row(t, d, code, nbytes, in_ms, out_ms, self._cur_conn, a, b, c)
        except struct.error:  # a caller's frame size that is not a byte count
            buf += _pack_row(t, d, code, _byte_count(nbytes), in_ms, out_ms, self._cur_conn, a, b, c)
        if len(buf) >= _BLOCK_BYTES:
            self._flush()
        if t >= self._next_sample:
            self._next_sample = t + self.sample_interval_s
            self._sample(t, in_ms, out_ms)

    __call__ = observe

    def _new_type(self, etype: str, direction: str) -> _Plan:
        code = len(self.types)
        self.types.append(etype)
        local = direction == "local" or etype.startswith(ev.LOCAL_PREFIX)
        tracker = self.tracker
        first = {ev.AUDIO_DELTA: tracker.first_audio, ev.TEXT_DELTA: tracker.first_text}.get(etype)
        checks = etype in _ALERT_CHECKS or etype in _LIFECYCLE
        plan = self._plans[etype] = _Plan(code, extractor(etype, local), tracker.handler(etype), first, checks)
        return plan

    def _new_ids(self, item: Any, resp: Any, call: Any) -> tuple[Any, Any, Any, int, int, int]:
        """The ids of an event and their codes, new ones added in order; unhashable ones (a malformed event) are
        kept as their repr."""
        idc = self._id_code
        try:
            a = -1 if item is None else (idc[item] if item in idc else self._id(item))
            b = -1 if resp is None else (idc[resp] if resp in idc else self._id(resp))
            c = -1 if call is None else (idc[call] if call in idc else self._id(call))
        except TypeError:
            item, resp, call = (None if v is None else repr(v) for v in (item, resp, call))
            a, b, c = (-1 if v is None else self._id(v) for v in (item, resp, call))
        return item, resp, call, a, b, c

    def _id(self, value: Any) -> int:
        try:
            code = self._id_code.get(value)
        except TypeError:  # unhashable id in a malformed event
            value, code = repr(value), None
        if code is None:
            code = self._id_code[value] = len(self.ids)
            self.ids.append(value if value.__class__ is str else str(value))
        return code

    def _flush(self) -> None:
        """Move the waiting rows into the columns."""
        buf, self._buf = self._buf, bytearray()
        if not buf:
            return
        block = np.frombuffer(buf, dtype=_ROW_DTYPE)
        self._flushed += len(block)
        for column, name in zip(self._columns, _ROW_FIELDS, strict=True):
            column.frombytes(block[name].tobytes())

    def add_speech_labels(
        self, segments_ms: Sequence[tuple[float, float]], offset_ms: float = 0.0, conn: int | None = None
    ) -> None:
        """True speech spans ``(start_ms, end_ms)`` of the input audio (e.g. from ``data/labels.json``).

        ``offset_ms``: where the labelled audio starts on the input-audio clock; ``conn``: the connection whose
        clock they are on (None = every connection). Labels can be added before or after recording.
        """
        for seg in segments_ms:
            start, end = (seg["start_ms"], seg["end_ms"]) if isinstance(seg, Mapping) else seg
            if not end >= start:
                raise ValueError(f"speech label ({start}, {end}): end_ms must not be before start_ms")
            self.labels.append((float(start) + offset_ms, float(end) + offset_ms, conn))

    def record_tool_call(self, call_id: str, name: str, result: Any) -> None:
        """Outcome of a tool call (a ``ToolResult``-like object or dict: output, ok, error, timed_out, cached,
        server, started, ended)."""
        get = result.get if isinstance(result, Mapping) else lambda k, d=None: getattr(result, k, d)
        output = get("output")
        started, ended = get("started"), get("ended")
        self._tool_results[str(call_id)] = {
            "name": name,
            "ok": bool(get("ok", True)),
            "error": get("error"),
            "timed_out": bool(get("timed_out", False)),
            "cached": bool(get("cached", False)),
            "server": get("server"),
            "started_t_s": started,
            "ended_t_s": ended,
            "mcp_ms": (ended - started) * 1000.0 if started is not None and ended is not None else None,
            "output_chars": len(output) if isinstance(output, str) else None,
            "output": output[: self.tool_output_chars] if isinstance(output, str) else None,
        }
        mcp_ms = self._tool_results[str(call_id)]["mcp_ms"]
        if mcp_ms is not None and mcp_ms > self.tool_alert_ms:
            call = self.tracker.calls.get(str(call_id))
            self._alert(ended, "tool", "mcp_ms", mcp_ms, self.tool_alert_ms, call.turn if call else None, None, call_id)

    # -- lifecycle and resources --------------------------------------------------------------------------------
    def _lifecycle(self, etype: str, t: float) -> None:
        if etype == ev.CONNECTED and not self._open:
            self._open = True
            self.max_concurrent_sessions = max(self.max_concurrent_sessions, _shift_open(+1))
        elif etype == ev.CLOSED and self._open:
            self._open = False
            _shift_open(-1)

    def _sample(self, t: float, in_ms: float, out_ms: float) -> None:
        try:
            rss = self._proc.memory_info().rss / 2**20
            cpu = self._proc.cpu_percent(None)
        except Exception:  # psutil can fail in sandboxes; resources are optional
            return
        self.max_concurrent_sessions = max(self.max_concurrent_sessions, _open_connections)
        self.samples.append((t, rss, cpu, _open_connections, _f(in_ms), _f(out_ms)))

    def start_sampler(self, interval_s: float = 0.5) -> None:
        """Sample memory and CPU from a background thread every ``interval_s`` (in addition to ``observe``)."""
        if self._sampler is not None:
            return
        self._stop.clear()

        def run() -> None:
            while not self._stop.wait(interval_s):
                buf = self._buf
                last = _ROW.unpack_from(buf, len(buf) - _ROW_SIZE) if len(buf) >= _ROW_SIZE else None
                if last is not None:
                    in_ms, out_ms = last[4], last[5]
                else:
                    i = len(self._in) - 1
                    in_ms, out_ms = (self._in[i], self._out[i]) if i >= 0 else (0.0, 0.0)
                self._sample(time.monotonic(), in_ms, out_ms)

        self._sampler = threading.Thread(target=run, name="rtkit-metrics-sampler", daemon=True)
        self._sampler.start()

    def stop_sampler(self) -> None:
        """Stop the background sampler, if running."""
        if self._sampler is not None:
            self._stop.set()
            self._sampler.join(timeout=5)
            self._sampler = None

    # -- pricing and alerts -----------------------------------------------------------------------------------
    def set_run_info(self, **info: Any) -> None:
        """Record how the run is made: ``endpoint`` (``host[:port]/path``, never a key), ``pace``
        (``realtime``, ``fast`` or ``live``), anything else that changes what the figures mean."""
        if info.get("pace") is not None:
            self.pace = check_pace(info["pace"])
        self.run_info.update({k: v for k, v in info.items() if v is not None})

    def model_for(self, conn: int) -> str | None:
        """Realtime model of a connection: as the server reported it, else as configured."""
        c = self.tracker.conns[conn] if conn < len(self.tracker.conns) else None
        return (c.model if c else None) or self.model

    def price(self, model: str | None) -> pricing.Pricing | None:
        """Price of a model, or None (logged once) when it is unknown."""
        return self._lookup(pricing.realtime_pricing, model)

    def transcription_price(self, model: str | None) -> pricing.TranscriptionPricing | None:
        """Price of a transcription model, or None (logged once) when it is unknown."""
        return self._lookup(pricing.transcription_pricing, model)

    def _lookup(self, table: Any, model: str | None) -> Any:
        if not model:
            return None
        try:
            return table(model, self.prices)
        except pricing.PricingError as exc:
            if model not in self._bad_models:
                self._bad_models.add(model)
                log.warning("metrics: %s", f"{exc.problem}; {self.price_hint}" if self.price_hint else exc)
            return None

    def turn_cost(self, turn_index: int) -> float:
        """Dollar cost so far of one turn: its responses plus its input transcription."""
        turn = self.tracker.turns[turn_index]
        total = 0.0
        known = self._response_costs
        for rid in turn.responses:
            r = self.tracker.responses.get(rid)
            if r is None or not r.tokens:
                continue
            p = self.price(self.model_for(r.conn))
            if p is not None:
                # a response's cost is asked again with each later event of its turn: reuse it while its token
                # counts and its price are the same objects (both are replaced, never changed in place)
                hit = known.get(rid)
                if hit is not None and hit[0] is r.tokens and hit[1] is p:
                    total += hit[2]
                    continue
                cost = pricing.usage_cost(r.tokens, p)["cost_usd"]
                known[rid] = (r.tokens, p, cost)
                total += cost
        tp = self.transcription_price(turn.transcription_model)
        if tp is not None:
            total += pricing.transcription_cost(turn.transcription_usage, tp) or 0.0
        return total

    def _alert(
        self,
        t: float | None,
        kind: str,
        metric: str,
        value: float,
        threshold: float,
        turn: int | None,
        response_id: str | None,
        call_id: str | None,
    ) -> None:
        key = (kind, metric, turn, call_id)
        if key in self._alerted:
            return
        self._alerted.add(key)
        unit = "$" if kind == "cost" else ""
        msg = (
            f"{metric}={unit}{value:.3f} exceeds {unit}{threshold:g}"
            if kind == "cost"
            else f"{metric}={value:.0f} ms exceeds {threshold:g} ms"
        )
        where = f" (turn {turn}{', call ' + str(call_id) if call_id else ''})" if turn is not None else ""
        log.warning("rtkit alert: %s%s", msg, where)
        self.alerts.append(
            {
                "t_s": t,
                "kind": kind,
                "metric": metric,
                "value": value,
                "threshold": threshold,
                "turn": turn,
                "response_id": response_id,
                "call_id": call_id,
                "message": msg + where,
            }
        )

    def _check_alerts(self, turn: Turn | None, t: float, etype: str) -> None:
        if turn is None:
            c = self.tracker.conn
            v = (t - c.t_connect_start) * 1000.0 if c.t_connect_start is not None and c.t_updated == t else None
            if v is not None and v > self.latency_alert_ms:
                self._alert(t, "latency", "session_init_ms", v, self.latency_alert_ms, None, None, None)
            return
        if etype in _LATENCY_ENDS:
            labels = labels_for(self.labels, turn.conn)
            m = turn_metrics(self.tracker, turn, labels, stages=False)  # alerts read no stage
            for name in ALERT_LATENCIES:
                v = m.get(name)
                if v is not None and v > self.latency_alert_ms:
                    self._alert(t, "latency", name, v, self.latency_alert_ms, turn.index, None, None)
        if etype == ev.ITEM_CREATE:
            for cid in turn.calls:
                v = call_metrics(self.tracker.calls[cid], self.tracker.responses)["tool_ms"]
                if v is not None and v > self.tool_alert_ms:
                    self._alert(t, "tool", "tool_ms", v, self.tool_alert_ms, turn.index, None, cid)
        if etype in (ev.RESPONSE_DONE, ev.TRANSCRIPTION_COMPLETED):
            cost = self.turn_cost(turn.index)
            if cost > self.cost_alert_usd:
                self._alert(t, "cost", "turn_cost_usd", cost, self.cost_alert_usd, turn.index, None, None)

    # -- read access for exports -------------------------------------------------------------------------------
    def timeline(self) -> Timeline:
        """The timeline's columns as numpy views (no copies): what the exporters read."""
        self._flush()
        n = len(self)
        return Timeline(
            t=np.frombuffer(self._t, dtype=np.float64, count=n),
            direction=np.frombuffer(self._dir, dtype=np.int8, count=n),
            type=np.frombuffer(self._type, dtype=np.uint16, count=n),
            nbytes=np.frombuffer(self._nbytes, dtype=np.uint32, count=n),
            in_ms=np.frombuffer(self._in, dtype=np.float64, count=n),
            out_ms=np.frombuffer(self._out, dtype=np.float64, count=n),
            conn=np.frombuffer(self._conn, dtype=np.uint16, count=n),
            item=np.frombuffer(self._item, dtype=np.int32, count=n),
            resp=np.frombuffer(self._resp, dtype=np.int32, count=n),
            call=np.frombuffer(self._call, dtype=np.int32, count=n),
            extra=self._extra,
        )

    @property
    def tool_results(self) -> Mapping[str, dict[str, Any]]:
        """Outcome of each tool call by call id (as given to :meth:`record_tool_call`)."""
        return self._tool_results

    # -- export (see rtkit.metrics.export; pandas loads on the first export) --------------------------------------
    def events_df(self) -> pd.DataFrame:
        """One row per event; see :func:`rtkit.metrics.export.events_df`."""
        return _export().events_df(self)

    def turns_df(self) -> pd.DataFrame:
        """One row per turn; see :func:`rtkit.metrics.export.turns_df`."""
        return _export().turns_df(self)

    def responses_df(self) -> pd.DataFrame:
        """One row per response; see :func:`rtkit.metrics.export.responses_df`."""
        return _export().responses_df(self)

    def tool_calls_df(self) -> pd.DataFrame:
        """One row per function call; see :func:`rtkit.metrics.export.tool_calls_df`."""
        return _export().tool_calls_df(self)

    def sessions_df(self) -> pd.DataFrame:
        """One row per connection; see :func:`rtkit.metrics.export.sessions_df`."""
        return _export().sessions_df(self)

    def alerts_df(self) -> pd.DataFrame:
        """One row per alert; see :func:`rtkit.metrics.export.alerts_df`."""
        return _export().alerts_df(self)

    def resources_df(self) -> pd.DataFrame:
        """One row per memory/CPU sample; see :func:`rtkit.metrics.export.resources_df`."""
        return _export().resources_df(self)

    def summary(self) -> dict[str, Any]:
        """Percentiles of each latency and the run's totals; see :func:`rtkit.metrics.export.summary`."""
        return _export().summary(self)

    def save(self, run_dir: str | Path, overwrite: bool = False) -> Path:
        """Write the run folder (CSV, Parquet when pyarrow is installed, summary.json, config.json). The folder
        must be new or empty; ``overwrite=True`` empties one that holds an earlier run first."""
        from rtkit.metrics import export

        return export.save(self, run_dir, overwrite=overwrite)


def _f(v: Any, default: float = math.nan) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return default


def _byte_count(v: Any) -> int:
    return min(max(int(_f(v, 0.0)), 0), 2**32 - 1)


class _Plan(NamedTuple):
    """What :meth:`MetricsRecorder.observe` does with every event of one type, decided when the type is first seen."""

    code: int
    """The type's index in ``MetricsRecorder.types`` (the timeline's type column)."""
    extract: Callable[[Mapping[str, Any], str], Extracted] | None
    """Reads ids and extra fields from the payload (rare types); None: the generic ids only."""
    handler: Callable[[Row], Turn | None] | None
    """The turn tracker's handler for the type, or None when the tracker ignores it."""
    first_seen: set[Any] | None
    """Output deltas: the responses whose first delta of this kind the tracker has had (later ones skip it)."""
    checks: bool
    """Whether the type can open or close a connection or end a latency, tool or cost alert."""


_BLOCK_ROWS = 256
"""Rows kept packed before they go into the columns."""
_COLUMN_CODES = "dbHIddHiii"
"""Type codes of the timeline's columns: t, direction, type, nbytes, in_ms, out_ms, conn, item, resp, call."""
_ROW = struct.Struct("=" + _COLUMN_CODES)
_pack_row = _ROW.pack
_ROW_SIZE = _ROW.size
_ROW_FIELDS = tuple(f"c{i}" for i in range(len(_COLUMN_CODES)))
_ROW_DTYPE = np.dtype([(name, "=" + code) for name, code in zip(_ROW_FIELDS, _COLUMN_CODES, strict=True)])
"""One packed row as numpy reads it (the same fields in the same order, no padding)."""
_BLOCK_BYTES = _BLOCK_ROWS * _ROW_SIZE


def _export() -> ModuleType:
    from rtkit.metrics import export  # here: pandas loads on the first export, not with the recorder

    return export
