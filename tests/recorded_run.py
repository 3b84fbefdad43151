"""A recorded two-turn session with hand-chosen monotonic stamps (a voice turn with a tool call, then a text turn),
and stand-ins for the metrics config and a tool result: the input of the metrics, plot and report tests, whose
every latency and cost is worked out by hand in ``test_metrics.py``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Cfg:
    """Stands in for rtkit.config.MetricsConfig (same attributes)."""

    enabled: bool = True
    latency_alert_ms: float = 1000.0
    tool_alert_ms: float = 2000.0
    cost_alert_usd: float = 0.03


@dataclass
class Result:
    """ToolResult fields."""

    output: str
    ok: bool
    error: str | None
    timed_out: bool
    cached: bool
    server: str | None
    started: float
    ended: float


U1 = {  # function-call response
    "total_tokens": 1040,
    "input_tokens": 1000,
    "output_tokens": 40,
    "input_token_details": {
        "text_tokens": 800,
        "audio_tokens": 200,
        "image_tokens": 0,
        "cached_tokens": 300,
        "cached_tokens_details": {"text_tokens": 250, "audio_tokens": 50, "image_tokens": 0},
    },
    "output_token_details": {"text_tokens": 40, "audio_tokens": 0},
}
U2 = {  # spoken follow-up
    "total_tokens": 1700,
    "input_tokens": 1200,
    "output_tokens": 500,
    "input_token_details": {
        "text_tokens": 900,
        "audio_tokens": 300,
        "cached_tokens": 1000,
        "cached_tokens_details": {"text_tokens": 800, "audio_tokens": 200},
    },
    "output_token_details": {"text_tokens": 100, "audio_tokens": 400},
}
U3 = {  # text turn, no cached details
    "input_tokens": 2000,
    "output_tokens": 50,
    "input_token_details": {"text_tokens": 2000, "audio_tokens": 0, "cached_tokens": 0},
    "output_token_details": {"text_tokens": 50, "audio_tokens": 0},
}
T_USAGE = {
    "type": "tokens",
    "input_tokens": 30,
    "output_tokens": 10,
    "total_tokens": 40,
    "input_token_details": {"text_tokens": 0, "audio_tokens": 30},
}
SESSION = {
    "type": "realtime",
    "model": "gpt-realtime-2025-08-28",
    "audio": {
        "input": {
            "turn_detection": {"type": "server_vad", "silence_duration_ms": 500},
            "transcription": {"model": "gpt-4o-mini-transcribe"},
        }
    },
}


def recorded_run() -> list[tuple]:
    """(direction, event, t, nbytes, in_ms, out_ms) of a two-turn session: a voice turn with a tool call, then
    a text turn. Appends are 100 ms chunks sent every 100 ms from t=11.0 s (in_ms 100 at 11.0 … 3000 at 13.9)."""
    ev: list[tuple] = []
    clock = [0.0]  # input-audio clock: advanced only by appends, as the client does

    def add(d, e, t, in_ms=None, out_ms=0.0, nbytes=100):
        if in_ms is not None:
            clock[0] = in_ms
        ev.append((d, e, t, nbytes, clock[0], out_ms))

    add("local", {"type": "rtkit.connect.start"}, 10.000, 0.0)
    add("local", {"type": "rtkit.connected"}, 10.050, 0.0)
    add("received", {"type": "session.created", "session": {"id": "sess_1", "model": "gpt-realtime"}}, 10.100, 0.0)
    add("sent", {"type": "session.update", "session": SESSION}, 10.110, 0.0)
    add("received", {"type": "session.updated", "session": {**SESSION, "id": "sess_1"}}, 10.250, 0.0)
    stream = [(11.0 + 0.1 * (k - 1), 100.0 * k) for k in range(1, 31)]
    vad = [
        ("received", {"type": "input_audio_buffer.speech_started", "audio_start_ms": 500, "item_id": "item_u1"}, 11.50),
        ("received", {"type": "input_audio_buffer.speech_stopped", "audio_end_ms": 2450, "item_id": "item_u1"}, 13.55),
        ("received", {"type": "input_audio_buffer.committed", "item_id": "item_u1"}, 13.70),
    ]
    merged = sorted(
        [("sent", {"type": "input_audio_buffer.append", "audio": "AAAA" * 10}, t, ms) for t, ms in stream]
        + [(d, e, t, None) for d, e, t in vad],
        key=lambda r: r[2],
    )
    for d, e, t, ms in merged:
        add(d, e, t, ms)
    fc = {"type": "function_call", "call_id": "call_1", "name": "get_portfolio_summary"}
    add("received", {"type": "response.created", "response": {"id": "resp_1", "status": "in_progress"}}, 13.80)
    add("received", {"type": "response.function_call_arguments.done", "response_id": "resp_1", "item_id": "fc_1",
                     "call_id": "call_1", "name": "get_portfolio_summary", "arguments": "{}"}, 14.00)  # fmt: skip
    done1 = {"id": "resp_1", "status": "completed", "output": [fc], "usage": U1}
    add("received", {"type": "response.done", "response": done1}, 14.05)
    transcribed = {"type": "conversation.item.input_audio_transcription.completed", "item_id": "item_u1",
                   "content_index": 0, "transcript": "What is my portfolio summary?", "usage": T_USAGE}  # fmt: skip
    add("received", transcribed, 14.10)
    output = {"type": "function_call_output", "call_id": "call_1", "output": '{"total": 1}'}
    add("sent", {"type": "conversation.item.create", "item": output}, 14.40)
    add("sent", {"type": "response.create"}, 14.41)
    add("received", {"type": "response.created", "response": {"id": "resp_2"}}, 14.50)
    for i, t in enumerate((14.80, 14.85, 14.90)):
        delta = {"type": "response.output_audio.delta", "response_id": "resp_2", "item_id": "msg_2", "delta": "x" * 64}
        add("received", delta, t, out_ms=100.0 * (i + 1))
    add("local", {"type": "rtkit.playback.start", "response_id": "resp_2"}, 14.95, out_ms=300.0)
    add("received", {"type": "response.done", "response": {"id": "resp_2", "status": "completed", "usage": U2}},
        15.50, out_ms=300.0)  # fmt: skip
    user_text = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "and groceries?"}]}
    add("sent", {"type": "conversation.item.create", "item": user_text}, 16.00, out_ms=300.0)
    add("sent", {"type": "response.create"}, 16.01, out_ms=300.0)
    add("received", {"type": "response.created", "response": {"id": "resp_3"}}, 16.10, out_ms=300.0)
    add("received", {"type": "response.output_text.delta", "response_id": "resp_3", "delta": "You"}, 16.30,
        out_ms=300.0)  # fmt: skip
    add("received", {"type": "response.done", "response": {"id": "resp_3", "status": "completed", "usage": U3}},
        16.40, out_ms=300.0)  # fmt: skip
    add("local", {"type": "rtkit.closed", "code": 1000, "reason": "bye"}, 17.00, out_ms=300.0)
    return ev
