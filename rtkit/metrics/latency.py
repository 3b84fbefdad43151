"""Latency definitions and the pure maths behind them.

Every latency is the difference of two client-side monotonic stamps (``time.monotonic()`` when an event was sent
or its frame arrived), in milliseconds. Positions on the input-audio clock (ms of audio appended in the connection)
are turned into monotonic time through the send times of the audio: linear interpolation between the
``input_audio_buffer.append`` events by their ``in_ms`` (clamped to the first and last append).

The *true end of speech* of a turn is taken from the speech labels when given
(``MetricsRecorder.add_speech_labels``: the labelled segment overlapping the turn whose end is nearest the
server's estimate), else from the server: ``speech_stopped.audio_end_ms`` minus the session's
``turn_detection.silence_duration_ms``; for a manual turn, the input-audio position at ``input_audio_buffer.commit``.

All events are received ones unless marked *sent* or *local*.

| name | start | end |
|---|---|---|
| `voice_to_voice_ms` | speech end (1) | first `response.output_audio.delta` of the turn |
| `voice_to_voice_played_ms` | speech end (1) | *local* `rtkit.playback.start` (first output sample played) |
| `endpointing_ms` | speech end (1) | `input_audio_buffer.speech_stopped` |
| `endpointing_audio_ms` | labelled speech end (input-audio clock) | `speech_stopped.audio_end_ms` (input-audio clock) |
| `ttfb_ms` | `speech_stopped` (2) | first output delta (3) of the turn |
| `ttft_ms` | `response.created` | first output delta (3) of that response |
| `response_ms` | `response.created` | `response.done` |
| `tool_ms` | `response.function_call_arguments.done` | *sent* `conversation.item.create` of the call's output |
| `tool_roundtrip_ms` | `response.function_call_arguments.done` | first output delta (3) of the follow-up response |
| `transcription_ms` | `speech_stopped` (manual: `committed`) | `input_audio_transcription.completed` of the item |
| `session_init_ms` | *local* `rtkit.connect.start` | first `session.updated` |

(1) true end of user speech (below), mapped to monotonic time. (2) *sent* `response.create` for manual and text
turns, `input_audio_buffer.timeout_triggered` for idle turns. (3) `response.output_audio.delta`, or
`response.output_text.delta` when there is no audio.

Per turn, ``ttft_ms`` and ``response_ms`` are those of the turn's first response, ``tool_ms`` runs from the turn's
first ``arguments.done`` to its last ``function_call_output`` sent, and ``tool_roundtrip_ms`` is that of its first
call. A turn is one user input (VAD speech ``speech_started`` … ``committed``, a manual commit, a user
``conversation.item.create`` or an idle ``timeout_triggered``) with all the responses it leads to, tool follow-ups
included; a ``response.create`` sent with no user input pending starts a turn of its own (kind ``response``).

Stages of ``voice_to_voice_ms`` (:func:`v2v_stages`, they add up to it): ``endpointing`` (speech end →
``speech_stopped``), ``response_start`` (→ first ``response.created``), ``model`` (→ first audio delta, or → first
``arguments.done`` when a tool runs before any audio), ``tool`` (→ last ``function_call_output`` sent),
``followup`` (→ first audio delta).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence

LATENCIES: tuple[str, ...] = (
    "voice_to_voice_ms",
    "voice_to_voice_played_ms",
    "endpointing_ms",
    "endpointing_audio_ms",
    "ttfb_ms",
    "ttft_ms",
    "response_ms",
    "tool_ms",
    "tool_roundtrip_ms",
    "transcription_ms",
    "session_init_ms",
)
"""Every latency name, as used in DataFrame columns, summary keys and plots."""

STAGES: tuple[str, ...] = ("endpointing", "response_start", "model", "tool", "followup")
"""Stages of voice-to-voice latency, in order (columns ``stage_<name>_ms``)."""


def ms_between(start: float | None, end: float | None) -> float | None:
    """``(end - start)`` in ms for two monotonic stamps in seconds, or None when either is missing."""
    if start is None or end is None:
        return None
    return (end - start) * 1000.0


def audio_to_monotonic(points_ms: Sequence[float], points_t: Sequence[float], audio_ms: float) -> float | None:
    """Monotonic time (s) at which input-audio position ``audio_ms`` was sent.

    ``points_ms[i]`` is the input-audio clock at the end of the i-th append and ``points_t[i]`` its send time;
    positions between two appends are interpolated linearly, positions outside are clamped to the first or last
    append. None when there are no appends.
    """
    n = len(points_ms)
    if n == 0 or audio_ms is None or (isinstance(audio_ms, float) and math.isnan(audio_ms)):
        return None
    if audio_ms <= points_ms[0]:
        return points_t[0]
    if audio_ms >= points_ms[-1]:
        return points_t[-1]
    i = bisect.bisect_left(points_ms, audio_ms)  # points_ms[i-1] < audio_ms <= points_ms[i]
    a_ms, b_ms = points_ms[i - 1], points_ms[i]
    a_t, b_t = points_t[i - 1], points_t[i]
    if b_ms == a_ms:
        return b_t
    return a_t + (b_t - a_t) * (audio_ms - a_ms) / (b_ms - a_ms)


def match_label(
    labels: Sequence[tuple[float, float]], span_start_ms: float | None, span_end_ms: float, estimate_ms: float
) -> tuple[float, float] | None:
    """The labelled speech segment ``(start_ms, end_ms)`` of a turn: among segments overlapping
    ``[span_start_ms, span_end_ms]`` on the input-audio clock, the one whose end is nearest ``estimate_ms``."""
    lo = -math.inf if span_start_ms is None else span_start_ms
    best, best_d = None, math.inf
    for start, end in labels:
        if start < span_end_ms and end > lo:
            d = abs(end - estimate_ms)
            if d < best_d:
                best, best_d = (start, end), d
    return best


def speech_end(
    labels: Sequence[tuple[float, float]],
    audio_start_ms: float | None,
    audio_end_ms: float | None,
    silence_ms: float | None,
    commit_ms: float | None = None,
) -> tuple[float | None, str | None]:
    """True end of user speech on the input-audio clock and where it came from.

    VAD turn (``audio_end_ms`` given): the matching label's end (source ``"label"``), else ``audio_end_ms -
    silence_ms`` (``"server_vad"``), or ``audio_end_ms`` when the silence window is unknown
    (``"server_audio_end"``). Manual turn (``commit_ms``): matching label, else the commit position
    (``"commit"``). ``(None, None)`` when neither is known.
    """
    if audio_end_ms is not None:
        estimate = audio_end_ms - (silence_ms or 0.0)
        hit = match_label(labels, audio_start_ms, audio_end_ms, estimate) if labels else None
        if hit is not None:
            return hit[1], "label"
        return (estimate, "server_vad") if silence_ms is not None else (audio_end_ms, "server_audio_end")
    if commit_ms is not None:
        hit = match_label(labels, audio_start_ms, commit_ms, commit_ms) if labels else None
        if hit is not None:
            return hit[1], "label"
        return commit_ms, "commit"
    return None, None


def v2v_stages(
    speech_end_t: float | None,
    speech_stopped_t: float | None,
    response_created_t: float | None,
    first_args_done_t: float | None,
    last_output_sent_t: float | None,
    first_audio_t: float | None,
) -> dict[str, float | None]:
    """Split voice-to-voice latency into consecutive stages (ms) that add up to it.

    Each stage runs from the previous available anchor to its own anchor; a missing anchor gives a None stage and
    the next stage starts from the last anchor present. The tool anchors count only when the tool ran before the
    first audio. All None when either end is missing.
    """
    out: dict[str, float | None] = dict.fromkeys(STAGES)
    if speech_end_t is None or first_audio_t is None:
        return out
    tool_first = first_args_done_t is not None and first_args_done_t < first_audio_t
    anchors = [
        ("endpointing", speech_stopped_t),
        ("response_start", response_created_t),
        ("model", first_args_done_t if tool_first else first_audio_t),
        ("tool", last_output_sent_t if tool_first else None),
        ("followup", first_audio_t if tool_first else None),
    ]
    prev = speech_end_t
    for name, t in anchors:
        if t is None or t < prev or t > first_audio_t:
            continue
        out[name] = (t - prev) * 1000.0
        prev = t
    return out


def percentiles(values: Sequence[float | None], qs: Sequence[float] = (50, 90, 99)) -> dict[str, float | None]:
    """``{"p50": …, "p90": …, "p99": …, "mean": …, "n": …}`` of the non-missing values (linear interpolation)."""
    vals = sorted(float(v) for v in values if v is not None and not math.isnan(float(v)))
    out: dict[str, float | None] = {}
    for q in qs:
        if not vals:
            out[f"p{q:g}"] = None
            continue
        pos = (len(vals) - 1) * q / 100.0
        lo = math.floor(pos)
        hi = min(lo + 1, len(vals) - 1)
        out[f"p{q:g}"] = vals[lo] + (vals[hi] - vals[lo]) * (pos - lo)
    out["mean"] = sum(vals) / len(vals) if vals else None
    out["n"] = len(vals)
    return out
