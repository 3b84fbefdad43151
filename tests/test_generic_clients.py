"""The official `openai` SDK and the openai-agents `RealtimeRunner`, each with a tool of its own that the
samples do not use, complete a tool turn against the local server over a real socket."""

from __future__ import annotations

import json
from typing import Any

from openai import AsyncOpenAI
from sdk_clients import agent_tool_turn, until

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
    seen: list[dict[str, Any]] = []
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
        done = await until(conn, "response.done", seen)
        call = done["response"]["output"][0]
        assert call["type"] == "function_call" and call["name"] == "get_weather"
        assert json.loads(call["arguments"]) == {"city": "Paris"}

        output = _weather(**json.loads(call["arguments"]))
        await conn.conversation.item.create(
            item={"type": "function_call_output", "call_id": call["call_id"], "output": json.dumps(output)}
        )
        await conn.response.create()
        done = await until(conn, "response.done", seen)
    text = " ".join(
        part.get("text") or ""
        for item in done["response"]["output"]
        if item["type"] == "message"
        for part in item["content"]
    )
    assert "14" in text and "light rain" in text, text
    assert [e for e in seen if e["type"] == "error"] == []


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
    async with session:
        turn = await agent_tool_turn(session, "Is it going to rain in Oslo today?")
    assert turn.errors == []
    assert cities == ["Oslo"]
    assert any("14" in text and "light rain" in text for text in turn.spoken), turn.spoken
