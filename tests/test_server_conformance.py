"""The official clients work against the local server unchanged, and every server event it emits validates
strictly against the openai package's RealtimeServerEvent type (no fields the SDK does not declare)."""

from __future__ import annotations

import base64
import json
from typing import Any

import numpy as np
from openai import AsyncOpenAI
from sdk_clients import agent_tool_turn, until

from rtkit.audio import chunk_pcm, pad_silence

PORTFOLIO_TOOL = {
    "type": "function",
    "name": "get_portfolio_summary",
    "description": "Summarise the user's investment portfolio: total value and allocation.",
    "parameters": {"type": "object", "properties": {}},
}
PORTFOLIO = {"total_value": 12345.5, "currency": "USD"}


async def _answer_call(conn: Any, seen: list, validate: Any, response: dict[str, Any]) -> dict[str, Any]:
    call = response["output"][0]
    assert call["type"] == "function_call" and call["name"] == "get_portfolio_summary"
    await conn.conversation.item.create(
        item={"type": "function_call_output", "call_id": call["call_id"], "output": json.dumps(PORTFOLIO)}
    )
    await conn.response.create()
    return (await until(conn, "response.done", seen, validate))["response"]


async def test_openai_sdk_voice_turn_and_text_function_call(speech_server, portfolio_pcm, validate_server):
    client = AsyncOpenAI(api_key="test", base_url=speech_server.base_url)
    seen: list[dict[str, Any]] = []
    async with client.realtime.connect(model="gpt-realtime") as conn:
        await until(conn, "session.created", seen, validate_server)
        await conn.session.update(
            session={
                "type": "realtime",
                "instructions": "You help with personal finance.",
                "tools": [PORTFOLIO_TOOL],
                "audio": {"input": {"transcription": {"model": "gpt-4o-mini-transcribe"}}},
            }
        )
        await until(conn, "session.updated", seen, validate_server)

        # voice turn from the WAV, streamed unpaced; server VAD commits it and answers
        for chunk in chunk_pcm(pad_silence(portfolio_pcm, 500), 40):
            await conn.input_audio_buffer.append(audio=base64.b64encode(chunk).decode())
        first = (await until(conn, "response.done", seen, validate_server))["response"]
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
        call_response = (await until(conn, "response.done", seen, validate_server))["response"]
        answer = await _answer_call(conn, seen, validate_server, call_response)
        assert answer["status"] == "completed"
        assert "12,346" in answer["output"][0]["content"][0]["transcript"]

        # error events validate too
        await conn.send({"type": "response.cancel", "event_id": "event_cancel"})
        err = await until(conn, "error", seen, validate_server)
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
    async with session:
        turn = await agent_tool_turn(session, "What is my portfolio summary?")
    assert turn.errors == []
    assert calls == ["get_portfolio_summary"]
    assert "tool_start" in turn.types and "audio" in turn.types
    assert any("12,346" in text for text in turn.spoken), turn.spoken


def test_silence_length_matches_text_when_speech_is_off():
    """Anchor for the conformance runs above: speech=False output audio is 70 ms per character."""
    from rtkit.local.speech.engines import silence_for

    assert len(silence_for("abcd")) == round(4 * 70 * 24) and silence_for("").dtype == np.int16
