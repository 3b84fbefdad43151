"""A widely used MCP server nobody here wrote: `mcp-server-time`, run as a subprocess over stdio through
MCPRealtimeBridge, with typed requests through the official openai SDK against the local Realtime server.

"What time is it in Tokyo?" must call get_current_time with the IANA zone Asia/Tokyo (not convert_time), and the
answer must say the time the server returned.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from openai import AsyncOpenAI
from sdk_clients import until

from rtkit.local.server.local_server import LocalRealtimeServer
from rtkit.mcp.bridge import MCPRealtimeBridge

pytest.importorskip("mcp_server_time", reason="mcp-server-time is a dev dependency (pip install mcp-server-time)")
pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def local_server() -> AsyncIterator[LocalRealtimeServer]:
    """The local server on this module's event loop (the bridge's subprocess lives there too)."""
    async with LocalRealtimeServer(speech=False) as server:
        yield server


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def time_bridge() -> AsyncIterator[MCPRealtimeBridge]:
    async with MCPRealtimeBridge([f"{sys.executable} -m mcp_server_time --local-timezone Europe/Berlin"]) as bridge:
        yield bridge


async def typed_turn(server_url: str, bridge: MCPRealtimeBridge, text: str) -> tuple[dict[str, Any], str, str]:
    """One typed request: the call the local server makes, the tool's output, and the answer phrased from it."""
    client = AsyncOpenAI(api_key="test", base_url=server_url)
    async with client.realtime.connect(model="gpt-realtime") as conn:
        await conn.session.update(session={"type": "realtime", "output_modalities": ["text"], "tools": bridge.tools()})
        await conn.conversation.item.create(
            item={"type": "message", "role": "user", "content": [{"type": "input_text", "text": text}]}
        )
        await conn.response.create()
        done = await until(conn, "response.done")
        call = done["response"]["output"][0]
        assert call["type"] == "function_call", done["response"]["output"]
        result = await bridge.call(call["name"], call["arguments"])
        assert result.ok, result.error
        output = result.output if isinstance(result.output, str) else json.dumps(result.output)
        await conn.conversation.item.create(
            item={"type": "function_call_output", "call_id": call["call_id"], "output": output}
        )
        await conn.response.create()
        done = await until(conn, "response.done")
    answer = " ".join(
        part.get("text") or ""
        for item in done["response"]["output"]
        if item["type"] == "message"
        for part in item["content"]
    )
    return call, output, answer


def spoken_clock(iso: str) -> str:
    """'2026-12-05T08:47:04+09:00' → '8:47 AM', as the answer should say it."""
    hour, minute = int(iso[11:13]), iso[14:16]
    return f"{hour % 12 or 12}:{minute} {'AM' if hour < 12 else 'PM'}"


@pytest.mark.parametrize(
    ("text", "zone"),
    [("What time is it in Tokyo?", "Asia/Tokyo"), ("What's the current time in Tel Aviv, Israel?", "Asia/Jerusalem")],
)
async def test_current_time_in_a_city_calls_get_current_time_with_its_zone(
    local_server: Any, time_bridge: MCPRealtimeBridge, text: str, zone: str
) -> None:
    call, output, answer = await typed_turn(local_server.base_url, time_bridge, text)
    assert call["name"] == "get_current_time"
    assert json.loads(call["arguments"]) == {"timezone": zone}
    returned = json.loads(output)
    assert returned["timezone"] == zone
    assert spoken_clock(returned["datetime"]) in answer, answer
    assert not re.search(r"\d{4}-\d{2}-\d{2}T", answer), answer  # said as a time, not as an ISO string


async def test_converting_a_time_between_cities_calls_convert_time(
    local_server: Any, time_bridge: MCPRealtimeBridge
) -> None:
    call, output, _ = await typed_turn(
        local_server.base_url, time_bridge, "Convert 9:30 from London time to New York time"
    )
    assert call["name"] == "convert_time"
    assert json.loads(call["arguments"]) == {
        "source_timezone": "Europe/London",
        "time": "09:30",
        "target_timezone": "America/New_York",
    }
    assert json.loads(output)["target"]["timezone"] == "America/New_York"
