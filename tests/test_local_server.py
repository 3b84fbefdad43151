"""The local Realtime server over real sockets: errors, event order, VAD turns, barge-in, idle timeout, items,
out-of-band responses, usage, auth, health, expiry, faults. Plus the pure usage functions."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import math
import urllib.error
import urllib.request

import numpy as np
import pytest
import websockets
from helpers import append, silence, speech_span_ms, update, user
from websockets.exceptions import ConnectionClosed, InvalidStatus

from rtkit.audio import pad_silence, pcm_to_b64, to_pcm16, ulaw_encode
from rtkit.local.server import usage

PORTFOLIO_TOOL = {
    "type": "function",
    "name": "get_portfolio_summary",
    "description": "Summarise the user's investment portfolio: total value and allocation.",
    "parameters": {"type": "object", "properties": {}},
}


def collapse(types: list[str]) -> list[str]:
    """Event types with runs of the same delta type collapsed to one entry."""
    out: list[str] = []
    for t in types:
        if not (t.endswith(".delta") and out and out[-1] == t):
            out.append(t)
    return out


# -- errors --------------------------------------------------------------------------------------------------
BAD_EVENTS = [
    ("not json {", "invalid_json", None),
    ({"event_id": "e1"}, "invalid_event", "type"),
    ({"type": "session.create"}, "invalid_value", "type"),
    ({"type": "transcription_session.update", "session": {}}, "invalid_value", "type"),
    ({"type": "input_audio_buffer.commit", "foo": 1}, "unknown_parameter", "foo"),
    ({"type": "session.update"}, "missing_required_parameter", "session"),
    (
        {"type": "session.update", "session": {"instructions": "x"}},
        "missing_required_parameter",
        "session.type",
    ),
    (
        {"type": "session.update", "session": {"type": "realtime", "modalities": ["text"]}},
        "unknown_parameter",
        "session.modalities",
    ),
    (
        {"type": "session.update", "session": {"type": "realtime", "output_modalities": ["audio", "text"]}},
        "invalid_value",
        "session.output_modalities",
    ),
    (
        {"type": "session.update", "session": {"type": "realtime", "input_audio_format": "pcm16"}},
        "unknown_parameter",
        "session.input_audio_format",
    ),
    (
        {
            "type": "session.update",
            "session": {
                "type": "realtime",
                "audio": {"input": {"format": {"type": "audio/pcm", "rate": 16000}}},
            },
        },
        "invalid_value",
        "session.audio.input.format.rate",
    ),
    (
        {
            "type": "session.update",
            "session": {"type": "realtime", "audio": {"input": {"turn_detection": {}}}},
        },
        "missing_required_parameter",
        "session.audio.input.turn_detection.type",
    ),
    (
        {
            "type": "session.update",
            "session": {
                "type": "realtime",
                "audio": {"input": {"turn_detection": {"type": "server_vad", "threshold": 2}}},
            },
        },
        "invalid_value",
        "session.audio.input.turn_detection.threshold",
    ),
    (
        {"type": "session.update", "session": {"type": "realtime", "max_output_tokens": 5000}},
        "invalid_value",
        "session.max_output_tokens",
    ),
    ({"type": "session.update", "session": {"type": "transcription"}}, "invalid_value", "session.type"),
    (
        {"type": "session.update", "session": {"type": "realtime", "tools": [{"type": "function"}]}},
        "missing_required_parameter",
        "session.tools[0].name",
    ),
    ({"type": "input_audio_buffer.append"}, "missing_required_parameter", "audio"),
    ({"type": "input_audio_buffer.append", "audio": "!!not base64!!"}, "invalid_value", "audio"),
    ({"type": "input_audio_buffer.commit"}, "input_audio_buffer_commit_empty", None),
    ({"type": "conversation.item.create"}, "missing_required_parameter", "item"),
    (
        {
            "type": "conversation.item.create",
            "item": {"type": "message", "role": "user", "content": [{"type": "output_text", "text": "x"}]},
        },
        "invalid_value",
        "item.content[0].type",
    ),
    (
        {"type": "conversation.item.create", "item": user("hi"), "previous_item_id": "item_nope"},
        "invalid_value",
        "previous_item_id",
    ),
    ({"type": "conversation.item.retrieve", "item_id": "item_nope"}, "invalid_value", "item_id"),
    ({"type": "conversation.item.delete", "item_id": "item_nope"}, "invalid_value", "item_id"),
    (
        {"type": "conversation.item.truncate", "item_id": "item_nope"},
        "missing_required_parameter",
        "content_index",
    ),
    ({"type": "response.cancel"}, "response_cancel_not_active", None),
    (
        {"type": "response.create", "response": {"conversation": "other"}},
        "invalid_value",
        "response.conversation",
    ),
    (
        {"type": "response.create", "response": {"modalities": ["text"]}},
        "unknown_parameter",
        "response.modalities",
    ),
    (
        {"type": "response.create", "response": {"input": [{"type": "item_reference", "id": "item_nope"}]}},
        "invalid_value",
        "response.input[0].id",
    ),
    ({"type": "output_audio_buffer.clear"}, "invalid_value", "type"),
    (
        {"type": "session.update", "session": {"type": "realtime", "audio": {"output": {"voice": "bogus"}}}},
        "invalid_value",
        "session.audio.output.voice",
    ),
    (
        {"type": "response.create", "response": {"audio": {"output": {"voice": "Marin"}}}},
        "invalid_value",
        "response.audio.output.voice",
    ),
]


@pytest.mark.parametrize("bad,code,param", BAD_EVENTS, ids=[f"{i}-{c}" for i, (_, c, _) in enumerate(BAD_EVENTS)])
async def test_bad_input_gets_an_error_and_the_connection_stays_open(local_server, connect, bad, code, param):
    async with connect(local_server) as client:
        if isinstance(bad, dict):
            bad = {**bad, "event_id": "event_client_1"} if "event_id" not in bad else bad
        await client.send(bad)
        err = (await client.until("error"))["error"]
        assert (err["code"], err["param"]) == (code, param), err
        assert err["type"] == "invalid_request_error" and err["message"]
        if isinstance(bad, dict):
            assert err["event_id"] == bad["event_id"]
        # still open and serving
        session = (await update(client, instructions="still here"))["session"]
        assert session["instructions"] == "still here"


async def test_unknown_voices_are_rejected_with_the_supported_list(local_server, connect):
    async with connect(local_server) as client:
        bogus = {"type": "realtime", "audio": {"output": {"voice": "bogus"}}}
        await client.send({"type": "session.update", "session": bogus})
        err = (await client.until("error"))["error"]
        assert err["message"].startswith("Invalid value: 'bogus'. Supported values are: 'alloy', ")
        assert err["message"].endswith(", and 'cedar'.")
        session = (await update(client, audio={"output": {"voice": {"id": "voice_custom1"}}}))["session"]
        assert session["audio"]["output"]["voice"] == {"id": "voice_custom1"}
        assert client.types().count("session.updated") == 1  # the bogus update changed nothing


async def test_commit_empty_reports_the_buffered_ms(local_server, connect):
    async with connect(local_server) as client:
        await update(client, audio={"input": {"turn_detection": None}})
        await append(client, silence(50), chunk_ms=50)
        await client.send({"type": "input_audio_buffer.commit"})
        err = (await client.until("error"))["error"]
        assert err["code"] == "input_audio_buffer_commit_empty"
        assert "50.00ms" in err["message"]
        await append(client, silence(60), chunk_ms=60)  # 110 ms now: enough
        await client.send({"type": "input_audio_buffer.commit"})
        committed = await client.until("input_audio_buffer.committed")
        done = await client.until("conversation.item.done")
        assert done["item"]["id"] == committed["item_id"]
        assert done["item"]["content"] == [{"type": "input_audio", "transcript": None}]


# -- session -------------------------------------------------------------------------------------------------
async def test_session_created_defaults_and_partial_updates(local_server, connect):
    async with connect(local_server, path="/openai/v1/realtime?model=my-deployment") as client:
        created = client.events[-1]["session"]
        assert created["model"] == "my-deployment"
        assert created["id"].startswith("sess_") and created["object"] == "realtime.session"
        assert created["expires_at"] > 0
        assert created["audio"]["input"]["turn_detection"]["type"] == "server_vad"
        assert created["audio"]["output"]["format"] == {"type": "audio/pcm", "rate": 24000}
        s = (await update(client, instructions="Be brief."))["session"]
        assert s["instructions"] == "Be brief." and s["audio"] == created["audio"] and s["id"] == created["id"]
        s = (
            await update(
                client,
                audio={
                    "input": {"turn_detection": {"type": "server_vad", "silence_duration_ms": 500}},
                    "output": {"format": {"type": "audio/pcmu"}},
                },
            )
        )["session"]
        td = s["audio"]["input"]["turn_detection"]
        assert td["silence_duration_ms"] == 500 and td["threshold"] == 0.5 and td["create_response"] is True
        assert s["audio"]["output"] == {"format": {"type": "audio/pcmu"}, "voice": "marin", "speed": 1.0}
        assert s["instructions"] == "Be brief."
        s = (await update(client, audio={"input": {"turn_detection": None}}, tools=[PORTFOLIO_TOOL]))["session"]
        assert s["audio"]["input"]["turn_detection"] is None and s["tools"] == [PORTFOLIO_TOOL]


async def test_voice_cannot_change_after_audio_output(local_server, connect):
    async with connect(local_server) as client:
        await update(client, audio={"output": {"voice": "cedar"}})  # fine before any audio
        await client.send({"type": "conversation.item.create", "item": user("Hello there.")})
        await client.send({"type": "response.create"})
        await client.until("response.done")
        await client.send(
            {"type": "session.update", "session": {"type": "realtime", "audio": {"output": {"voice": "ash"}}}}
        )
        err = (await client.until("error"))["error"]
        assert err["param"] == "session.audio.output.voice"


# -- turns ---------------------------------------------------------------------------------------------------
VOICE_TURN = [
    "input_audio_buffer.speech_started",
    "input_audio_buffer.speech_stopped",
    "input_audio_buffer.committed",
    "conversation.item.added",
    "conversation.item.done",
    "response.created",
    "rate_limits.updated",
    "response.output_item.added",
    "conversation.item.added",
    "response.content_part.added",
    "response.output_audio.delta",
    "response.output_audio_transcript.delta",
    "response.output_audio.done",
    "response.output_audio_transcript.done",
    "response.content_part.done",
    "response.output_item.done",
    "conversation.item.done",
    "response.done",
]


async def test_voice_turn_event_order_and_ids(local_server, connect, portfolio_pcm):
    async with connect(local_server) as client:
        start = len(client.events)
        await append(client, pad_silence(np.concatenate([silence(400), portfolio_pcm]), 800))
        await client.until("response.done")
        events = client.events[start:]
        types = collapse(client.types(start))
        # audio and transcript deltas interleave; compare with runs merged
        merged = collapse([t for t in client.types(start) if t != "response.output_audio_transcript.delta"])
        expected = [t for t in VOICE_TURN if t != "response.output_audio_transcript.delta"]
        assert merged == expected
        assert "response.output_audio_transcript.delta" in types
        by = {}
        for e in events:
            by.setdefault(e["type"], []).append(e)
        started, stopped = (
            by["input_audio_buffer.speech_started"][0],
            by["input_audio_buffer.speech_stopped"][0],
        )
        assert started["item_id"] == stopped["item_id"] == by["input_audio_buffer.committed"][0]["item_id"]
        onset, end = speech_span_ms(portfolio_pcm)
        assert abs(started["audio_start_ms"] - (400 + onset - 300)) <= 20
        assert abs(stopped["audio_end_ms"] - (400 + end + 200)) <= 20
        response = by["response.done"][0]["response"]
        assert response["id"].startswith("resp_") and response["status"] == "completed"
        assert response["output"][0]["id"].startswith("item_")
        assert all(e["event_id"].startswith("event_") for e in events)
        assert by["conversation.item.added"][1]["previous_item_id"] == started["item_id"]
        # the audio deltas add up to the transcript's silence length (speech engines off: 70 ms per char)
        audio = b"".join(base64.b64decode(e["delta"]) for e in by["response.output_audio.delta"])
        transcript = by["response.output_audio_transcript.done"][0]["transcript"]
        assert transcript and len(audio) == 2 * round(len(transcript) * 70 * 24)
        assert "".join(e["delta"] for e in by["response.output_audio_transcript.delta"]).strip() == transcript
        assert all(len(base64.b64decode(e["delta"])) <= 200 * 48 for e in by["response.output_audio.delta"])


async def test_text_turn_with_function_call_then_answer(local_server, connect):
    async with connect(local_server) as client:
        await update(client, tools=[PORTFOLIO_TOOL], output_modalities=["text"])
        await client.send({"type": "conversation.item.create", "item": user("What is my portfolio summary?")})
        start = len(client.events)
        await client.send({"type": "response.create"})
        await client.until("response.done")
        assert collapse(client.types(start)) == [
            "conversation.item.added",
            "conversation.item.done",
            "response.created",
            "rate_limits.updated",
            "response.output_item.added",
            "conversation.item.added",
            "response.function_call_arguments.delta",
            "response.function_call_arguments.done",
            "response.output_item.done",
            "conversation.item.done",
            "response.done",
        ]
        done = client.events[-1]["response"]
        call = done["output"][0]
        assert call["type"] == "function_call" and call["name"] == "get_portfolio_summary"
        assert call["call_id"].startswith("call_") and json.loads(call["arguments"]) == {}
        output = {
            "type": "function_call_output",
            "call_id": call["call_id"],
            "output": '{"total_value": 12345.5}',
        }
        await client.send({"type": "conversation.item.create", "item": output})
        await client.until("conversation.item.done")
        start = len(client.events)
        await client.send({"type": "response.create"})
        await client.until("response.done")
        assert collapse(client.types(start)) == [
            "response.created",
            "rate_limits.updated",
            "response.output_item.added",
            "conversation.item.added",
            "response.content_part.added",
            "response.output_text.delta",
            "response.output_text.done",
            "response.content_part.done",
            "response.output_item.done",
            "conversation.item.done",
            "response.done",
        ]
        text = client.events[-1]["response"]["output"][0]["content"][0]["text"]
        assert "12,346" in text


async def test_conversation_allows_one_active_response(make_server, connect):
    async with make_server(faults={"delay_ms": 5}) as server, connect(server) as client:
        await client.send({"type": "conversation.item.create", "item": user("Tell me something.")})
        await client.send({"type": "response.create"})
        await client.send({"type": "response.create", "event_id": "event_second"})
        err = (await client.until("error"))["error"]
        assert err["code"] == "conversation_already_has_active_response" and err["event_id"] == "event_second"
        # the error names the first response, which the client has already seen created
        first = next(e for e in client.events if e["type"] == "response.created")["response"]["id"]
        assert first in err["message"] and client.types().index("response.created") < client.types().index("error")
        # an out-of-band response may run meanwhile
        await client.send(
            {"type": "response.create", "response": {"conversation": "none", "output_modalities": ["text"]}}
        )
        dones = [await client.until("response.done"), await client.until("response.done")]
        assert sorted(d["response"]["conversation_id"] is None for d in dones) == [False, True]


async def test_client_cancel_closes_every_open_part(make_server, connect):
    async with make_server(faults={"delay_ms": 3}) as server, connect(server) as client:
        text = "Please read me a long story about the sea and the ships that sail on it every day."
        await client.send({"type": "conversation.item.create", "item": user(text)})
        await client.send({"type": "response.create"})
        await client.until("response.output_audio.delta")
        await client.send({"type": "response.cancel"})
        start = len(client.events)
        done = (await client.until("response.done"))["response"]
        assert done["status"] == "cancelled"
        assert done["status_details"] == {
            "type": "cancelled",
            "reason": "client_cancelled",
            "error": None,
        } or (done["status_details"]["reason"] == "client_cancelled")
        tail = client.types(start)
        for closing in (
            "response.output_audio.done",
            "response.output_audio_transcript.done",
            "response.content_part.done",
            "response.output_item.done",
            "conversation.item.done",
        ):
            assert closing in tail
        assert done["output"][0]["status"] == "incomplete"
        await client.send({"type": "response.cancel"})
        assert (await client.until("error"))["error"]["code"] == "response_cancel_not_active"


async def test_barge_in_cancels_with_turn_detected(make_server, connect, portfolio_pcm):
    async with make_server(faults={"delay_ms": 3}) as server, connect(server) as client:
        long = "Tell me everything about my accounts, my budget, my savings and all of my plans for next year."
        await client.send({"type": "conversation.item.create", "item": user(long)})
        await client.send({"type": "response.create"})
        first = (await client.until("response.created"))["response"]["id"]
        await client.until("response.output_audio.delta")
        await append(client, pad_silence(portfolio_pcm, 600))
        start = len(client.events)
        cancelled = await client.until("response.done")
        assert cancelled["response"]["id"] == first
        assert cancelled["response"]["status"] == "cancelled"
        assert cancelled["response"]["status_details"]["reason"] == "turn_detected"
        started_at = client.types().index("input_audio_buffer.speech_started")
        assert started_at < client.events.index(cancelled)
        # the user's turn is then committed and answered
        nxt = await client.until("response.done", timeout=20)
        assert nxt["response"]["status"] == "completed" and nxt["response"]["id"] != first
        assert "input_audio_buffer.committed" in client.types(start)


async def test_idle_timeout_fires_after_response_audio(local_server, connect):
    async with connect(local_server) as client:
        td = {"type": "server_vad", "idle_timeout_ms": 5000}
        await update(client, audio={"input": {"turn_detection": td}})
        await client.send({"type": "conversation.item.create", "item": user("Hello.")})
        await client.send({"type": "response.create"})
        done = await client.until("response.done")
        out_ms = done["response"]["usage"]["output_token_details"]["audio_tokens"] * 50  # about the audio length
        await append(client, silence(out_ms + 5600))
        fired = await client.until("input_audio_buffer.timeout_triggered")
        assert 5000 <= fired["audio_end_ms"] - fired["audio_start_ms"] < 5020  # checked once per 20 ms frame
        assert abs(fired["audio_start_ms"] - out_ms) <= 50
        committed = await client.until("input_audio_buffer.committed")
        assert committed["item_id"] == fired["item_id"]
        assert (await client.until("response.done"))["response"]["status"] == "completed"


async def test_manual_turn_detection_needs_commit_and_response_create(local_server, connect, portfolio_pcm):
    async with connect(local_server) as client:
        await update(client, audio={"input": {"turn_detection": None}})
        start = len(client.events)
        await append(client, pad_silence(portfolio_pcm, 600))
        await client.send({"type": "input_audio_buffer.clear"})
        await client.until("input_audio_buffer.cleared")
        assert client.types(start) == ["input_audio_buffer.cleared"]  # no VAD events
        await append(client, portfolio_pcm)
        await client.send({"type": "input_audio_buffer.commit"})
        await client.until("conversation.item.done")
        await client.send({"type": "response.create"})
        assert (await client.until("response.done"))["response"]["status"] == "completed"


# -- items ---------------------------------------------------------------------------------------------------
async def test_item_create_retrieve_truncate_delete(local_server, connect):
    async with connect(local_server) as client:
        await update(client, audio={"input": {"turn_detection": None}})
        await client.send({"type": "conversation.item.create", "item": user("first", id="item_a")})
        assert (await client.until("conversation.item.added"))["previous_item_id"] is None
        await client.send({"type": "conversation.item.create", "item": user("second", id="item_b")})
        assert (await client.until("conversation.item.added"))["previous_item_id"] == "item_a"
        await client.send({"type": "conversation.item.create", "item": user("zero"), "previous_item_id": "root"})
        assert (await client.until("conversation.item.added"))["previous_item_id"] is None
        await client.send(
            {
                "type": "conversation.item.create",
                "item": user("between", id="item_m"),
                "previous_item_id": "item_a",
            }
        )
        assert (await client.until("conversation.item.added"))["previous_item_id"] == "item_a"
        await client.send({"type": "conversation.item.create", "item": user("dup", id="item_a")})
        assert (await client.until("error"))["error"]["param"] == "item.id"
        # user audio is kept and comes back on retrieve
        pcm = (np.sin(np.arange(4800) / 5) * 8000).astype(np.int16).tobytes()
        audio_item = {
            "type": "message",
            "role": "user",
            "content": [{"type": "input_audio", "audio": pcm_to_b64(pcm)}],
        }
        await client.send({"type": "conversation.item.create", "item": audio_item})
        added = await client.until("conversation.item.added")
        assert "audio" not in added["item"]["content"][0]
        await client.send({"type": "conversation.item.retrieve", "item_id": added["item"]["id"]})
        got = await client.until("conversation.item.retrieved")
        assert base64.b64decode(got["item"]["content"][0]["audio"]) == pcm
        # an assistant audio answer can be truncated, not beyond its length
        await client.send({"type": "response.create"})
        answer = (await client.until("response.done"))["response"]["output"][0]
        length_ms = answer["content"] and (await _retrieved_audio_ms(client, answer["id"]))
        await client.send(
            {
                "type": "conversation.item.truncate",
                "item_id": answer["id"],
                "content_index": 0,
                "audio_end_ms": 10**6,
            }
        )
        assert "already shorter" in (await client.until("error"))["error"]["message"]
        await client.send(
            {
                "type": "conversation.item.truncate",
                "item_id": answer["id"],
                "content_index": 0,
                "audio_end_ms": 300,
            }
        )
        truncated = await client.until("conversation.item.truncated")
        assert (truncated["item_id"], truncated["audio_end_ms"]) == (answer["id"], 300)
        assert length_ms > 300 and await _retrieved_audio_ms(client, answer["id"]) == 300
        await client.send(
            {"type": "conversation.item.truncate", "item_id": "item_a", "content_index": 0, "audio_end_ms": 0}
        )
        assert "Only model output audio" in (await client.until("error"))["error"]["message"]
        await client.send({"type": "conversation.item.delete", "item_id": "item_m"})
        assert (await client.until("conversation.item.deleted"))["item_id"] == "item_m"
        await client.send({"type": "conversation.item.retrieve", "item_id": "item_m"})
        assert (await client.until("error"))["error"]["code"] == "invalid_value"


async def _retrieved_audio_ms(client, item_id: str) -> float:
    await client.send({"type": "conversation.item.retrieve", "item_id": item_id})
    got = await client.until("conversation.item.retrieved")
    return len(base64.b64decode(got["item"]["content"][0]["audio"])) / 48


# -- responses: overrides, out-of-band, formats, limits ------------------------------------------------------
async def test_out_of_band_summary_and_input_lists(local_server, connect):
    async with connect(local_server) as client:
        await update(client, audio={"input": {"turn_detection": None}})
        for text in (
            "My budget for groceries is 400 dollars a month.",
            "I also save 250 dollars for travel.",
        ):
            await client.send({"type": "conversation.item.create", "item": user(text)})
            await client.send({"type": "response.create", "response": {"output_modalities": ["text"]}})
            await client.until("response.done")
        start = len(client.events)
        await client.send(
            {
                "type": "response.create",
                "response": {
                    "conversation": "none",
                    "instructions": "Summarize the conversation so far.",
                    "output_modalities": ["text"],
                    "metadata": {"purpose": "summary"},
                },
            }
        )
        done = (await client.until("response.done"))["response"]
        assert done["conversation_id"] is None and done["metadata"] == {"purpose": "summary"}
        summary = done["output"][0]["content"][0]["text"]
        assert "400" in summary and "250" in summary
        assert "conversation.item.added" not in client.types(start)
        # an explicit input list replaces the conversation as context
        await client.send(
            {
                "type": "response.create",
                "response": {
                    "conversation": "none",
                    "output_modalities": ["text"],
                    "input": [user("Hello there.")],
                },
            }
        )
        done = (await client.until("response.done"))["response"]
        assert "Hello there" in done["output"][0]["content"][0]["text"]
        # empty input: the context is empty, so far fewer input tokens than with the conversation
        await client.send(
            {
                "type": "response.create",
                "response": {"conversation": "none", "output_modalities": ["text"], "input": []},
            }
        )
        empty = (await client.until("response.done"))["response"]["usage"]["input_tokens"]
        await client.send(
            {"type": "response.create", "response": {"conversation": "none", "output_modalities": ["text"]}}
        )
        full = (await client.until("response.done"))["response"]["usage"]["input_tokens"]
        assert empty < full


async def test_response_overrides_do_not_change_the_session(local_server, connect):
    async with connect(local_server) as client:
        await client.send({"type": "conversation.item.create", "item": user("What is my portfolio summary?")})
        await client.send(
            {
                "type": "response.create",
                "response": {
                    "tools": [PORTFOLIO_TOOL],
                    "tool_choice": {"type": "function", "name": "get_portfolio_summary"},
                    "audio": {"output": {"format": {"type": "audio/pcma"}, "voice": "cedar"}},
                },
            }
        )
        created = (await client.until("response.created"))["response"]
        assert created["audio"]["output"] == {"format": {"type": "audio/pcma"}, "voice": "cedar"}
        assert created["status"] == "in_progress" and created["usage"] is None and created["output"] == []
        done = (await client.until("response.done"))["response"]
        assert done["output"][0]["name"] == "get_portfolio_summary"
        session = (await update(client))["session"]
        assert session["tools"] == [] and session["audio"]["output"]["voice"] == "marin"


@pytest.mark.parametrize("fmt,bytes_per_ms", [({"type": "audio/pcmu"}, 8), ({"type": "audio/pcm", "rate": 24000}, 48)])
async def test_output_audio_in_the_session_format(local_server, connect, fmt, bytes_per_ms):
    async with connect(local_server) as client:
        await update(client, audio={"output": {"format": fmt}})
        await client.send({"type": "conversation.item.create", "item": user("Hello.")})
        await client.send({"type": "response.create"})
        events = await client.collect_until("response.done")
        audio = b"".join(base64.b64decode(e["delta"]) for e in events if e["type"] == "response.output_audio.delta")
        transcript = next(e for e in events if e["type"] == "response.output_audio_transcript.done")["transcript"]
        assert abs(len(audio) / bytes_per_ms - len(transcript) * 70) < 2


async def test_g711_input_runs_vad_on_the_same_clock(local_server, connect, portfolio_pcm):
    async with connect(local_server) as client:
        await update(client, audio={"input": {"format": {"type": "audio/pcmu"}}})
        narrow = to_pcm16(np.concatenate([silence(500), portfolio_pcm, silence(800)]), 24000, 8000)
        data = ulaw_encode(narrow)
        for i in range(0, len(data), 800):  # 100 ms
            await client.send({"type": "input_audio_buffer.append", "audio": pcm_to_b64(data[i : i + 800])})
        started = await client.until("input_audio_buffer.speech_started")
        assert abs(started["audio_start_ms"] - (500 + speech_span_ms(portfolio_pcm)[0] - 300)) <= 40
        assert (await client.until("response.done"))["response"]["status"] == "completed"


async def test_max_output_tokens_gives_incomplete(local_server, connect):
    async with connect(local_server) as client:
        await client.send({"type": "conversation.item.create", "item": user("Tell me a long story please.")})
        await client.send(
            {"type": "response.create", "response": {"max_output_tokens": 3, "output_modalities": ["text"]}}
        )
        done = (await client.until("response.done"))["response"]
        assert done["status"] == "incomplete" and done["status_details"]["reason"] == "max_output_tokens"
        assert done["usage"]["output_tokens"] <= 3


# -- usage ---------------------------------------------------------------------------------------------------
async def test_usage_counts_resent_context_and_cache(local_server, connect, portfolio_pcm):
    async with connect(local_server) as client:
        await update(client, instructions="Answer briefly.", tools=[PORTFOLIO_TOOL])
        await append(client, pad_silence(np.concatenate([silence(400), portfolio_pcm]), 700))
        first_events = await client.collect_until("response.done")
        first = first_events[-1]["response"]
        await client.send({"type": "conversation.item.create", "item": user("And my holdings?")})
        await client.send({"type": "response.create"})
        second = (await client.until("response.done"))["response"]
    u1, u2 = first["usage"], second["usage"]
    for u in (u1, u2):
        assert u["total_tokens"] == u["input_tokens"] + u["output_tokens"]
        d = u["input_token_details"]
        assert d["text_tokens"] + d["audio_tokens"] + d["image_tokens"] == u["input_tokens"]
        assert set(d["cached_tokens_details"]) == {"text_tokens", "audio_tokens", "image_tokens"}
        assert u["output_tokens"] == sum(u["output_token_details"].values())
    stopped = next(e for e in first_events if e["type"] == "input_audio_buffer.speech_stopped")
    started = next(e for e in first_events if e["type"] == "input_audio_buffer.speech_started")
    turn_ms = stopped["audio_end_ms"] - started["audio_start_ms"]
    assert u1["input_token_details"]["audio_tokens"] == math.ceil(turn_ms / 100)
    assert u1["input_token_details"]["cached_tokens"] == 0
    # the second response re-sends everything: the first response's prefix is cached, its answer is new input
    assert u2["input_tokens"] > u1["input_tokens"]
    assert u2["input_token_details"]["cached_tokens"] == u1["input_tokens"]
    out = first["output"][0]
    if out["type"] == "function_call":
        assert u1["output_token_details"]["audio_tokens"] == 0


def test_usage_functions():
    assert usage.text_tokens("") == 0 and usage.text_tokens("abcd") == 1 and usage.text_tokens("abcde") == 2
    assert usage.user_audio_tokens(1000) == 10 and usage.assistant_audio_tokens(1000) == 20
    assert usage.user_audio_tokens(1050) == 11
    audio_item = {"id": "a", "type": "message", "role": "user", "content": [{"type": "input_audio"}]}
    text_item = {
        "id": "t",
        "type": "message",
        "role": "user",
        "content": [{"type": "input_text", "text": "x" * 40}],
    }
    assert usage.item_tokens(audio_item, 2000) == usage.Tokens(text=usage.ITEM_OVERHEAD_TOKENS, audio=20)
    assert usage.item_tokens(text_item).text == 10 + usage.ITEM_OVERHEAD_TOKENS
    first = usage.prompt_segments("be brief", [PORTFOLIO_TOOL], [(audio_item, 2000)])
    second = usage.prompt_segments("be brief", [PORTFOLIO_TOOL], [(audio_item, 2000), (text_item, 0)])
    cached = usage.cached_prefix(second, [first])
    assert cached == sum((s.tokens for s in first), usage.Tokens())
    changed = usage.prompt_segments("be verbose", [PORTFOLIO_TOOL], [(audio_item, 2000)])
    assert usage.cached_prefix(changed, [first]) == usage.Tokens()
    u = usage.response_usage(usage.Tokens(119, 13), usage.Tokens(64), usage.Tokens(30, 91))
    assert (u["total_tokens"], u["input_tokens"], u["output_tokens"]) == (253, 132, 121)
    assert u["input_token_details"]["cached_tokens"] == 64
    assert usage.transcription_usage("whisper-1", 2100, "hi") == {"type": "duration", "seconds": 3.0}
    t = usage.transcription_usage("gpt-4o-mini-transcribe", 2000, "what is my portfolio", prompt="")
    assert t["type"] == "tokens" and t["input_token_details"]["audio_tokens"] == 20 and t["output_tokens"] == 5


async def test_transcription_events_only_when_configured(speech_server, connect, portfolio_pcm):
    async with connect(speech_server) as client:
        await append(client, pad_silence(np.concatenate([silence(300), portfolio_pcm]), 600))
        events = await client.collect_until("response.done")
        assert not any("input_audio_transcription" in e["type"] for e in events)
        transcription = {"model": "whisper-1"}
        await update(client, audio={"input": {"transcription": transcription}}, tools=[PORTFOLIO_TOOL])
        await append(client, pad_silence(np.concatenate([silence(300), portfolio_pcm]), 600))
        completed = await client.until("conversation.item.input_audio_transcription.completed", timeout=30)
        assert completed["usage"]["type"] == "duration" and completed["usage"]["seconds"] >= 1
        assert completed["content_index"] == 0 and completed["item_id"].startswith("item_")
        if speech_server.speech.status["recognition"]:
            assert "portfolio" in completed["transcript"].lower()
        await client.until("response.done", timeout=30)


# -- handshake, health, limits, faults -----------------------------------------------------------------------
def _get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


async def test_health_route_and_unknown_paths(local_server):
    status, body = await asyncio.to_thread(_get, local_server.health_url)
    assert status == 200 and body["status"] == "ok" and body["sessions"] == 0
    status, _ = await asyncio.to_thread(_get, local_server.health_url.replace("/health/realtime", "/nope"))
    assert status == 404


async def test_api_key_is_checked_at_the_handshake(make_server, connect):
    async with make_server(api_key="sekret-key") as server:
        assert "sekret-key" not in repr(server)
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"api-key": "wrong"}):
            with pytest.raises(InvalidStatus) as info:
                async with connect(server, additional_headers=headers):
                    pass
            assert info.value.response.status_code == 401
        for headers in ({"Authorization": "Bearer sekret-key"}, {"api-key": "sekret-key"}):
            async with connect(server, additional_headers=headers) as client:
                assert client.events[0]["type"] == "session.created"
        status, body = await asyncio.to_thread(_get, server.health_url)
        assert status == 200 and body["auth"] is True


async def test_browser_key_subprotocol_is_accepted_and_realtime_selected(make_server):
    async with make_server(api_key="sekret-key") as server:
        offered = ["realtime", "openai-insecure-api-key.sekret-key"]
        async with websockets.connect(server.url, subprotocols=offered) as ws:
            assert ws.subprotocol == "realtime"
            assert json.loads(await ws.recv())["type"] == "session.created"
        with pytest.raises(InvalidStatus) as info:
            async with websockets.connect(server.url, subprotocols=["realtime", "openai-insecure-api-key.wrong"]):
                pass
        assert info.value.response.status_code == 401


async def test_beta_header_is_refused_with_4000(local_server):
    async with websockets.connect(local_server.url, additional_headers={"OpenAI-Beta": "realtime=v1"}) as ws:
        first = json.loads(await ws.recv())
        assert first["error"]["code"] == "beta_api_shape_disabled"
        with pytest.raises(ConnectionClosed):
            await ws.recv()
        assert ws.close_code == 4000


async def test_session_expiry_sends_error_and_closes_1001(make_server, connect):
    async with make_server(max_session_seconds=0.4) as server, connect(server) as client:
        assert client.events[0]["session"]["expires_at"] >= int(client.events[0]["session"]["expires_at"])
        err = (await client.until("error", timeout=5))["error"]
        assert err["code"] == "session_expired" and "maximum duration" in err["message"]
        with pytest.raises(ConnectionClosed):
            await client.recv(timeout=5)
        assert client.ws.close_code == 1001


async def test_fault_drop_after_events(make_server, connect):
    async with make_server(faults={"drop_after_events": 2}) as server, connect(server) as client:
        await client.send({"type": "session.update", "session": {"type": "realtime"}})
        await client.until("session.updated")
        with pytest.raises(ConnectionClosed):
            await client.recv(timeout=5)
        assert client.ws.close_code == 1006  # no close frame: an abnormal closure
        status, body = await asyncio.to_thread(_get, server.health_url)
        assert body["total_sessions"] == 1


async def test_fault_drop_mid_response(make_server, connect):
    async with make_server(faults={"drop_after_audio_deltas": 2}) as server, connect(server) as client:
        await client.send({"type": "conversation.item.create", "item": user("Tell me a long story please.")})
        await client.send({"type": "response.create"})
        with pytest.raises(ConnectionClosed):
            while True:
                await client.recv()
        assert client.types().count("response.output_audio.delta") == 2
        assert "response.done" not in client.types()


async def test_fault_injected_errors_and_delay(make_server, connect):
    faults = {"error_every_events": 3, "error_at_events": (1,), "delay_ms": 20}
    async with make_server(faults=faults) as server, connect(server) as client:
        loop = asyncio.get_running_loop()
        t0 = loop.time()
        for _ in range(3):
            await client.send({"type": "session.update", "session": {"type": "realtime"}})
        for _ in range(3):
            await client.until("session.updated")
        assert loop.time() - t0 >= 0.05
        errors = [e for e in client.events if e["type"] == "error"]
        # after event 1 (session.created) and after event 3
        assert len(errors) == 2 and all(e["error"]["type"] == "server_error" for e in errors)
        assert client.types()[:2] == ["session.created", "error"]


async def _text_turn_types(server, connect) -> list[str]:
    async with connect(server) as client:
        await client.send({"type": "conversation.item.create", "item": user("Hello there.")})
        await client.send({"type": "response.create"})
        await client.until("response.done")
        await asyncio.sleep(0.1)  # anything still held comes out
        return client.types()


async def test_fault_held_events_go_out_behind_the_next_one_or_late(make_server, connect):
    async with make_server() as server:
        produced = await _text_turn_types(server, connect)
    last = len(produced)  # nothing follows the last event: it goes out after hold_ms instead
    async with make_server(faults={"hold_events": (2, last)}) as server:
        received = await _text_turn_types(server, connect)
    swapped = [*produced[:1], produced[2], produced[1], *produced[3:]]
    assert received == swapped and produced[1] != produced[2]
    assert received[-1] == "response.done"


async def test_serve_runs_until_cancelled(capsys):
    import socket

    from rtkit.local import serve

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    task = asyncio.create_task(serve(port=port, speech=False, api_key="k"))
    url = f"http://127.0.0.1:{port}/health/realtime"
    for _ in range(100):
        try:
            status, body = await asyncio.to_thread(_get, url)
            break
        except OSError:
            await asyncio.sleep(0.05)
    assert status == 200 and body["auth"] is True
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert f"ws://127.0.0.1:{port}/v1/realtime" in capsys.readouterr().out


async def test_a_client_gone_during_its_handshake_logs_no_traceback(local_server, caplog) -> None:
    # A batch stopped with Ctrl-C while a session connects: websockets logged an error with a traceback.
    caplog.set_level(logging.INFO, logger="rtkit.local.websockets")
    reader, writer = await asyncio.open_connection(local_server.host, local_server.port)
    writer.write(b"GET /v1/realtime?model=gpt-realtime HTTP/1.1\r\nHost: localhost\r\n")  # no end of headers
    await writer.drain()
    writer.close()
    await writer.wait_closed()
    reader, writer = await asyncio.open_connection(local_server.host, local_server.port)
    writer.write(b"NOT HTTP AT ALL\r\n\r\n")  # a real fault: one warning line, still no traceback
    await writer.drain()
    await reader.read()
    writer.close()
    for _ in range(100):
        if any("opening handshake failed" in r.getMessage() for r in caplog.records):
            break
        await asyncio.sleep(0.01)
    failed = [r for r in caplog.records if r.getMessage().startswith("opening handshake failed")]
    assert [r.levelname for r in failed] == ["WARNING"], [r.getMessage() for r in failed]
    assert "InvalidMessage" in failed[0].getMessage() and not failed[0].exc_info
    assert "Traceback" not in caplog.text
