"""The official `openai` SDK and the openai-agents `RealtimeRunner`, each with a tool of its own that the
samples do not use, complete a tool turn against the local server over a real socket."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from openai import AsyncOpenAI

WEATHER_TOOL = {
    "type": "function",
    "name": "get_weather",
    "description": "Get the current weather for a city.",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
}


def _weather(city: str) -> dict[str, Any]:
    return {"city": city, "temperature_c": 14, "conditions": "light rain"}


async def test_openai_sdk_weather_call_and_answer_from_its_output(local_server):
    client = AsyncOpenAI(api_key="test", base_url=local_server.base_url)
    async with client.realtime.connect(model="gpt-realtime") as conn:
        await conn.session.update(session={"type": "realtime", "output_modalities": ["text"], "tools": [WEATHER_TOOL]})
        await conn.conversation.item.create(
            item={
                "type": "message",
                "role": "user",
                "content": [{"type": "input_text", "text": "What's the weather in Paris right now?"}],
            }
        )
        await conn.response.create()
        done = await _response_done(conn)
        call = done["response"]["output"][0]
        assert call["type"] == "function_call" and call["name"] == "get_weather"
        assert json.loads(call["arguments"]) == {"city": "Paris"}

        output = _weather(**json.loads(call["arguments"]))
        await conn.conversation.item.create(
            item={"type": "function_call_output", "call_id": call["call_id"], "output": json.dumps(output)}
        )
        await conn.response.create()
        done = await _response_done(conn)
    text = " ".join(
        part.get("text") or ""
        for item in done["response"]["output"]
        if item["type"] == "message"
        for part in item["content"]
    )
    assert "14" in text and "light rain" in text, text


async def _response_done(conn: Any) -> dict[str, Any]:
    async def wait() -> dict[str, Any]:
        async for event in conn:
            assert event.type != "error", event
            if event.type == "response.done":
                return event.model_dump()
        raise AssertionError("connection closed before response.done")

    return await asyncio.wait_for(wait(), 30)


async def test_openai_agents_runner_with_its_own_weather_tool(local_server):
    from agents import function_tool
    from agents.realtime import RealtimeAgent, RealtimeRunner

    cities: list[str] = []

    @function_tool
    def get_weather(city: str) -> str:
        """Get the current weather for a city."""
        cities.append(city)
        return json.dumps(_weather(city))

    agent = RealtimeAgent(name="weather", instructions="You answer weather questions.", tools=[get_weather])
    session = await RealtimeRunner(agent).run(
        model_config={"url": local_server.url + "?model=gpt-realtime", "api_key": "test"}
    )
    errors: list[Any] = []
    history: list[Any] = []
    async with session:
        await session.send_message("Is it going to rain in Oslo today?")

        async def consume() -> None:
            tool_done = False
            async for event in session:
                if event.type == "error" or (event.type == "raw_model_event" and event.data.type == "error"):
                    errors.append(event)
                if event.type == "history_updated":
                    history[:] = event.history
                if event.type == "tool_end":
                    tool_done = True
                if tool_done and event.type == "agent_end":
                    return

        await asyncio.wait_for(consume(), 30)
    assert errors == []
    assert cities == ["Oslo"]
    spoken = [
        part.transcript
        for item in history
        if getattr(item, "role", None) == "assistant"
        for part in item.content
        if getattr(part, "transcript", None)
    ]
    assert any("14" in text and "light rain" in text for text in spoken), spoken
