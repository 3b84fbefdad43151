"""Fuzzing with hypothesis: random and malformed input to every edge that takes outside data. Nothing may crash;
every refusal is a clear error of the documented kind."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from websockets.asyncio.client import connect

from rtkit import audio
from rtkit.config import RealtimeConfig
from rtkit.mcp.bridge import MCPRealtimeBridge
from rtkit.mcp.schema import function_tool, to_realtime_parameters
from rtkit.metrics.recorder import MetricsRecorder
from rtkit.realtime import protocol
from rtkit.realtime.client import RealtimeClient, _parse_frame
from rtkit.vad import VADParams
from rtkit.vad.lab import simulate

FAST = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
KNOWN_TYPES = [
    "session.created", "session.updated", "error", "input_audio_buffer.speech_started",
    "input_audio_buffer.speech_stopped", "input_audio_buffer.committed", "conversation.item.added",
    "conversation.item.done", "conversation.item.input_audio_transcription.completed", "response.created",
    "response.output_item.added", "response.output_audio.delta", "response.output_audio_transcript.delta",
    "response.output_audio_transcript.done", "response.output_text.delta", "response.function_call_arguments.done",
    "response.done", "rate_limits.updated", "response.audio.delta", "no.such.event",
]  # fmt: skip
FIELDS = [
    "session", "response", "item", "delta", "transcript", "item_id", "response_id", "call_id", "name", "arguments",
    "audio_start_ms", "audio_end_ms", "error", "usage", "output_index", "content_index", "event_id",
]  # fmt: skip
server_events = st.builds(
    lambda t, fields: {"type": t, **fields},
    st.sampled_from(KNOWN_TYPES) | st.text(max_size=12),
    st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=6),
)
frames = (
    server_events.map(json.dumps)
    | json_values.map(json.dumps)
    | st.text(max_size=200)
    | st.binary(max_size=200)
    | st.builds(lambda n: json.dumps({"type": "response.output_audio.delta", "delta": "A" * n}), st.integers(0, 10**5))
)


# -- the client's event handling -------------------------------------------------------------------------------
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(frames, min_size=1, max_size=8))
def test_client_and_recorder_survive_any_frames(batch: list[str | bytes]) -> None:
    client = RealtimeClient(RealtimeConfig(), url="ws://127.0.0.1:9/v1/realtime")
    client._queue = asyncio.Queue()
    recorder = MetricsRecorder(RealtimeConfig())
    client.add_observer(recorder.observe)
    for raw in batch:
        event = _parse_frame(raw)
        assert isinstance(event, dict) and isinstance(event.get("type"), str)
        client._dispatch(event, time.monotonic(), len(raw))
    for table in ("events_df", "turns_df", "responses_df", "tool_calls_df", "sessions_df"):
        getattr(recorder, table)()  # derived tables build from whatever arrived


# -- the local server over a real socket -----------------------------------------------------------------------
client_events = st.builds(
    lambda t, fields: {"type": t, **fields},
    st.sampled_from(
        ["session.update", "input_audio_buffer.append", "input_audio_buffer.commit", "input_audio_buffer.clear",
         "conversation.item.create", "conversation.item.truncate", "conversation.item.delete",
         "conversation.item.retrieve", "response.create", "response.cancel", "output_audio_buffer.clear",
         "nonsense.event"]
    ) | st.text(max_size=10),
    st.dictionaries(st.sampled_from(["session", "audio", "item", "response", "item_id", "response_id",
                                     "audio_end_ms", "content_index", "event_id", "previous_item_id"]),
                    json_values, max_size=4),
)  # fmt: skip
client_frames = (
    client_events.map(json.dumps)
    | json_values.map(json.dumps)
    | st.text(max_size=100)
    | st.binary(max_size=100)
    | st.integers(0, 10**6).map(lambda n: json.dumps({"type": "conversation.item.create", "item": {"x": "y" * n}}))
)


@pytest.fixture(scope="module")
def local_server():
    from rtkit.local.server.local_server import LocalRealtimeServer

    loop = asyncio.new_event_loop()
    server = LocalRealtimeServer(speech=False)
    loop.run_until_complete(server.start())
    try:
        yield loop, server
    finally:
        loop.run_until_complete(server.stop())
        loop.close()


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(client_frames, min_size=1, max_size=12))
def test_local_server_answers_bad_frames_with_errors_and_keeps_serving(local_server, batch) -> None:
    loop, server = local_server

    async def go() -> None:
        async with connect(server.url, max_size=None) as ws:
            created = json.loads(await ws.recv())
            assert created["type"] == "session.created"
            for raw in batch:
                await ws.send(raw)
            # the connection still works: a well-formed update is answered
            await ws.send(json.dumps({"type": "session.update", "session": {"type": "realtime"}, "event_id": "ok"}))
            async with asyncio.timeout(20):
                while True:
                    event = json.loads(await ws.recv())
                    if event["type"] == "error":
                        assert event["error"]["message"] and event["error"]["type"]
                    if event["type"] == "session.updated":
                        break

    loop.run_until_complete(go())


# -- audio: the VAD and the readers ----------------------------------------------------------------------------
@FAST
@given(
    st.binary(max_size=24_000),
    st.integers(50, 2000),
    st.floats(0.0, 1.0),
    st.integers(0, 1000),
)
def test_vad_takes_any_pcm(raw: bytes, silence_ms: int, threshold: float, prefix_ms: int) -> None:
    pcm = np.frombuffer(raw[: len(raw) // 2 * 2], dtype=np.int16)
    params = VADParams(threshold=threshold, silence_duration_ms=silence_ms, prefix_padding_ms=prefix_ms)
    events = simulate(pcm, params)
    starts = [e for e in events if e.type.endswith("speech_started")]
    stops = [e for e in events if e.type.endswith("speech_stopped")]
    assert len(stops) <= len(starts) <= len(stops) + 1


@FAST
@given(st.binary(max_size=4096), st.sampled_from([".wav", ".flac", ".ogg", ".mp3", ""]))
def test_audio_reader_refuses_garbage_clearly(tmp_path_factory, data: bytes, suffix: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(data)
    try:
        pcm = audio.load_audio(path)
    except audio.AudioError as exc:
        assert str(path) in str(exc)
    else:
        assert pcm.dtype == np.int16 and pcm.ndim == 1


@FAST
@given(st.binary(min_size=0, max_size=3000))
def test_wav_header_with_random_body(tmp_path_factory, body: bytes) -> None:
    sample = (Path(__file__).resolve().parent.parent / "data" / "portfolio_summary.wav").read_bytes()
    path = tmp_path_factory.mktemp("fuzz") / "cut.wav"
    path.write_bytes(sample[:44] + body)  # a real header promising 3 s, then anything
    try:
        pcm = audio.load_audio(path)
    except audio.AudioError as exc:
        assert str(path) in str(exc)
    else:
        assert len(pcm) <= len(body) // 2 + 1


@FAST
@given(st.text(max_size=300))
def test_base64_audio_decoding(text: str) -> None:
    try:
        pcm = audio.b64_to_pcm(text)
    except (ValueError, audio.AudioError):
        return
    assert pcm.dtype == np.int16
    assert protocol.b64_decoded_len(base64.b64encode(pcm.tobytes()).decode()) == pcm.nbytes


# -- MCP schemas -----------------------------------------------------------------------------------------------
schemas = st.recursive(
    st.fixed_dictionaries(
        {},
        optional={
            "type": st.sampled_from(["object", "string", "integer", "number", "array", "boolean", "null"])
            | st.lists(st.sampled_from(["string", "null"]), max_size=2)
            | json_scalars,
            "description": json_scalars,
            "$ref": st.sampled_from(["#/$defs/A", "#/definitions/B", "#", "#/nope", "http://x"]) | json_scalars,
            "enum": st.lists(json_scalars, max_size=3) | json_scalars,
            "required": st.lists(st.text(max_size=5), max_size=3) | json_scalars,
        },
    ),
    lambda inner: st.fixed_dictionaries(
        {},
        optional={
            "type": st.just("object"),
            "properties": st.dictionaries(st.text(max_size=8), inner, max_size=4) | json_scalars,
            "items": inner | json_scalars,
            "anyOf": st.lists(inner, max_size=3) | json_scalars,
            "$defs": st.dictionaries(st.sampled_from(["A", "B"]), inner, max_size=2) | json_scalars,
            "definitions": st.dictionaries(st.sampled_from(["A", "B"]), inner, max_size=2),
            "additionalProperties": inner | st.booleans(),
        },
    ),
    max_leaves=15,
)


@FAST
@given(schemas | json_values)
def test_schema_converter_gives_an_object_or_a_clear_error(schema: Any) -> None:
    try:
        params = to_realtime_parameters(schema)
        tool = function_tool("t", {"name": "t", "description": None, "inputSchema": schema})
    except (ValueError, TypeError) as exc:
        assert str(exc)
        return
    assert params["type"] == "object" and isinstance(params["properties"], dict)
    json.dumps(params)  # serialisable for session.update
    assert tool["parameters"] == params and tool["description"] == "Tool t."


# -- tool arguments to the example servers ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def servers():
    loop = asyncio.new_event_loop()
    root = Path(__file__).resolve().parent.parent
    bridge = MCPRealtimeBridge(["finance", f"devtools --root {root / 'data'}"])
    loop.run_until_complete(bridge.connect())
    try:
        yield loop, bridge
    finally:
        loop.run_until_complete(bridge.close())
        loop.close()


TOOLS = [
    "get_portfolio_summary", "get_holdings", "list_transactions", "categorize_transactions", "spending_by_category",
    "plan_budget", "suggest_rebalancing", "analyze_code", "project_tree", "search_text", "git_status", "git_log",
    "read_file_lines",
]  # fmt: skip
ARG_NAMES = [
    "month", "category", "limit", "monthly_income", "risk_profile", "threshold_pct", "path", "top", "query",
    "regex", "glob", "max_results", "start", "end", "max_depth", "max_entries", "case_sensitive", "bogus",
]  # fmt: skip


@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.sampled_from(TOOLS),
    st.dictionaries(st.sampled_from(ARG_NAMES), json_values | st.text(max_size=30), max_size=4) | st.text(max_size=40),
)
def test_example_servers_take_any_arguments(servers, tool: str, args: Any) -> None:
    loop, bridge = servers
    assert tool in bridge.tool_map
    arguments = args if isinstance(args, str) else json.dumps(args)
    result = loop.run_until_complete(bridge.call(tool, arguments))
    body = json.loads(result.output)
    if not result.ok:
        assert result.error in ("invalid_arguments", "tool_error", "mcp_error"), result.output
        assert body["message"] and body["error"] == result.error
        assert "Traceback" not in body["message"]
