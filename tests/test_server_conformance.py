"""The official clients work against the local server unchanged, and every server event it emits validates
strictly against the openai package's RealtimeServerEvent type (no fields the SDK does not declare)."""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

import numpy as np
from openai import AsyncOpenAI

from rtkit.audio import chunk_pcm, pad_silence

PORTFOLIO_TOOL = {
    "type": "function",
    "name": "get_portfolio_summary",
    "description": "Summarise the user's investment portfolio: total value and allocation.",
    "parameters": {"type": "object", "properties": {}},
}
PORTFOLIO = {"total_value": 12345.5, "currency": "USD"}


async def _until(conn: Any, seen: list[dict[str, Any]], validate: Any, type_: str) -> dict[str, Any]:
    """Read raw frames from the SDK connection, validating each, until one of ``type_`` arrives."""
    while True:
        event = json.loads(await asyncio.wait_for(conn.recv_bytes(), 30))
        validate(event)
        seen.append(event)
        if event["type"] == type_:
            return event


async def _answer_call(conn: Any, seen: list, validate: Any, response: dict[str, Any]) -> dict[str, Any]:
    call = response["output"][0]
    assert call["type"] == "function_call" and call["name"] == "get_portfolio_summary"
    await conn.conversation.item.create(
        item={"type": "function_call_output", "call_id": call["call_id"], "output": json.dumps(PORTFOLIO)}
    )
    await conn.response.create()
    return (await _until(conn, seen, validate, "response.done"))["response"]


async def test_openai_sdk_voice_turn_and_text_function_call(speech_server, portfolio_pcm, validate_server):
    client = AsyncOpenAI(api_key="test", base_url=speech_server.base_url)
    seen: list[dict[str, Any]] = []
    async with client.realtime.connect(model="gpt-realtime") as conn:
        await _until(conn, seen, validate_server, "session.created")
        await conn.session.update(
            session={
                "type": "realtime",
                "instructions": "You help with personal finance.",
                "tools": [PORTFOLIO_TOOL],
                "audio": {"input": {"transcription": {"model": "gpt-4o-mini-transcribe"}}},
            }
        )
        await _until(conn, seen, validate_server, "session.updated")

        # voice turn from the WAV, streamed unpaced; server VAD commits it and answers
        for chunk in chunk_pcm(pad_silence(portfolio_pcm, 500), 40):
            await conn.input_audio_buffer.append(audio=base64.b64encode(chunk).decode())
        first = (await _until(conn, seen, validate_server, "response.done"))["response"]
        if speech_server.speech.status["recognition"]:
            answer = await _answer_call(conn, seen, validate_server, first)
            assert "12,346" in answer["output"][0]["content"][0]["transcript"]
        types = [e["type"] for e in seen]
        assert "input_audio_buffer.speech_started" in types and "response.output_audio.delta" in types
        assert "conversation.item.input_audio_transcription.completed" in types

        # text turn with a function call
        await conn.conversation.item.create(
            item={
                "type": "message",
                "role": "user",
                "content": [{"type": "input_text", "text": "What is my portfolio summary?"}],
            }
        )
        await conn.response.create(response={"output_modalities": ["text"]})
        call_response = (await _until(conn, seen, validate_server, "response.done"))["response"]
        answer = await _answer_call(conn, seen, validate_server, call_response)
        assert answer["status"] == "completed"
        assert "12,346" in answer["output"][0]["content"][0]["transcript"]

        # error events validate too
        await conn.send({"type": "response.cancel", "event_id": "event_cancel"})
        err = await _until(conn, seen, validate_server, "error")
        assert err["error"]["code"] == "response_cancel_not_active"
    assert len({e["event_id"] for e in seen}) == len(seen)


async def test_openai_agents_realtime_runner_completes_a_tool_turn(local_server):
    from agents import function_tool
    from agents.realtime import RealtimeAgent, RealtimeRunner

    calls: list[str] = []

    @function_tool
    def get_portfolio_summary() -> str:
        """Summarise the user's investment portfolio: total value and allocation."""
        calls.append("get_portfolio_summary")
        return json.dumps(PORTFOLIO)

    agent = RealtimeAgent(name="finance", instructions="You help with personal finance.", tools=[get_portfolio_summary])
    runner = RealtimeRunner(agent)
    session = await runner.run(model_config={"url": local_server.url + "?model=gpt-realtime", "api_key": "test"})
    errors: list[Any] = []
    seen: list[str] = []
    history: list[Any] = []
    async with session:
        await session.send_message("What is my portfolio summary?")

        async def consume() -> None:
            tool_done = False
            async for event in session:
                seen.append(event.type)
                if event.type == "error":
                    errors.append(event.error)
                if event.type == "raw_model_event" and event.data.type == "error":
                    errors.append(event.data)
                if event.type == "history_updated":
                    history[:] = event.history
                if event.type == "tool_end":
                    tool_done = True
                if tool_done and event.type == "agent_end":
                    return

        await asyncio.wait_for(consume(), 30)
    assert errors == []
    assert calls == ["get_portfolio_summary"]
    assert "tool_start" in seen and "audio" in seen
    spoken = [
        part.transcript
        for item in history
        if getattr(item, "role", None) == "assistant"
        for part in item.content
        if getattr(part, "transcript", None)
    ]
    assert any("12,346" in text for text in spoken), spoken


def test_silence_length_matches_text_when_speech_is_off():
    """Anchor for the conformance runs above: speech=False output audio is 70 ms per character."""
    from rtkit.local.speech import silence_for

    assert len(silence_for("abcd")) == round(4 * 70 * 24) and silence_for("").dtype == np.int16
