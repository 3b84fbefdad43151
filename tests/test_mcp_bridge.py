"""MCPRealtimeBridge against real MCP server subprocesses (finance, devtools and the test servers)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from sdk_types import FUNCTION_TOOL, extras

from rtkit.config import MCPConfig
from rtkit.mcp.bridge import MCPRealtimeBridge, ToolResult, parse_arguments, realtime_tools
from rtkit.mcp.schema import KEPT_KEYWORDS, NAME_PATTERN

SERVERS = Path(__file__).parent / "mcp_servers"
SCHEMA = f"{sys.executable} {SERVERS / 'schema_server.py'}"
OPS = f"{sys.executable} {SERVERS / 'ops_server.py'}"
TIMEOUT_MS = 500


@pytest.fixture(scope="module")
async def bridge() -> AsyncIterator[MCPRealtimeBridge]:
    """This module's bridge under test (it overrides the shared finance one): every kind of server, short
    timeouts, a concurrency limit of two."""
    config = MCPConfig(tool_timeout_ms=TIMEOUT_MS, max_concurrent_calls=2, enable_caching=True)
    async with MCPRealtimeBridge(["finance", "devtools", SCHEMA, OPS], config) as b:
        yield b


def payload(result: ToolResult) -> dict:
    assert isinstance(result.output, str)
    return json.loads(result.output)


def all_keywords(schema: object) -> set[str]:
    found: set[str] = set()
    if isinstance(schema, dict):
        for key, value in schema.items():
            found.add(key)
            subs = value.values() if key == "properties" else [value]
            for sub in subs:
                found |= all_keywords(sub)
    elif isinstance(schema, list):
        for item in schema:
            found |= all_keywords(item)
    return found


async def test_every_tool_is_a_valid_realtime_function_tool(bridge: MCPRealtimeBridge) -> None:
    tools = bridge.tools()
    names = [t["name"] for t in tools]
    assert len(names) == len(set(names))
    for tool in tools:
        model = FUNCTION_TOOL.validate_python(tool)
        assert not extras(model), tool["name"]
        assert set(tool) == {"type", "name", "description", "parameters"}
        assert NAME_PATTERN.match(tool["name"])
        assert tool["description"].strip()
        assert tool["parameters"]["type"] == "object"
        assert all_keywords(tool["parameters"]) <= KEPT_KEYWORDS, tool["name"]
        assert "$ref" not in json.dumps(tool)
    for fixed in ("get_portfolio_summary", "list_transactions", "plan_budget", "analyze_code", "git_log"):
        assert fixed in names


async def test_collision_prefixes_and_maps_back(bridge: MCPRealtimeBridge) -> None:
    names = {t["name"] for t in bridge.tools()}
    assert "get_holdings" not in names
    assert {"finance__get_holdings", "schema_server__get_holdings"} <= names
    assert bridge.tool_map["finance__get_holdings"] == ("finance", "get_holdings")
    assert bridge.tool_map["lookup_user"] == ("schema_server", "lookup.user")
    fin = await bridge.call("finance__get_holdings", "{}")
    other = await bridge.call("schema_server__get_holdings", '{"account": "kids"}')
    assert fin.ok and fin.server == "finance" and len(payload(fin)["holdings"]) == 10
    assert other.ok and other.server == "schema_server" and payload(other) == {"account": "kids", "holdings": []}
    renamed = await bridge.call("lookup_user", '{"user_id": 7}')
    assert payload(renamed) == {"user_id": 7}


async def test_converted_nested_schema_round_trips(bridge: MCPRealtimeBridge) -> None:
    tool = next(t for t in bridge.tools() if t["name"] == "create_order")
    order = tool["parameters"]["properties"]["order"]
    assert order["properties"]["priority"]["enum"] == ["low", "normal", "high"]
    assert set(order["properties"]["ship_to"]["properties"]) == {"street", "city", "postcode"}
    assert "meta" in order["properties"]  # a field named meta survives
    args = {"order": {"customer": "Ann", "priority": "high", "ship_to": {"street": "1 Main", "city": "Oslo"}}}
    result = await bridge.call("create_order", json.dumps(args))
    assert result.ok, result.output
    assert payload(result) == {"customer": "Ann", "priority": "high", "quantity": 1, "city": "Oslo"}
    bad = await bridge.call("create_order", '{"order": {"customer": "Ann"}}')
    assert not bad.ok and bad.error == "tool_error" and "ship_to" in payload(bad)["message"]


async def test_timeout_returns_json_error_and_server_stays_usable(bridge: MCPRealtimeBridge) -> None:
    result = await bridge.call("sleep", json.dumps({"ms": TIMEOUT_MS * 4}))
    assert result.timed_out and not result.ok and result.error == "timeout"
    body = payload(result)
    assert body["timeout"] is True and body["tool"] == "sleep" and body["error"] == "timeout"
    assert result.ended - result.started >= TIMEOUT_MS / 1000 * 0.9
    after = await bridge.call("echo", '{"text": "still here"}')
    assert after.ok and payload(after)["text"] == "still here"


async def test_concurrency_limit_seen_by_the_server(bridge: MCPRealtimeBridge) -> None:
    for _ in range(100):  # wait until sleeps of earlier tests (a timed-out one) are over on the server
        if payload(await bridge.call("stats", '{"reset": true}'))["in_flight"] == 0:
            break
        await asyncio.sleep(0.05)
    results = await asyncio.gather(*(bridge.call("sleep", '{"ms": 150}') for _ in range(5)))
    assert all(r.ok for r in results)
    seen = payload(await bridge.call("stats", "{}"))
    assert seen["max_in_flight"] == 2


async def test_read_only_results_are_cached(bridge: MCPRealtimeBridge) -> None:
    before = payload(await bridge.call("stats", "{}"))["counter"]
    first = await bridge.call("count", '{"key": "k1"}')
    second = await bridge.call("count", '{ "key" : "k1" }')
    assert first.ok and not first.cached and second.cached and second.output == first.output
    third = await bridge.call("count", '{"key": "k2"}')
    assert not third.cached
    assert payload(await bridge.call("stats", "{}"))["counter"] == before + 2
    # stats is not read-only: never cached even with identical arguments
    assert not (await bridge.call("stats", "{}")).cached


async def test_errors_for_unknown_tools_and_bad_arguments(bridge: MCPRealtimeBridge) -> None:
    unknown = await bridge.call("transfer_money", "{}")
    assert not unknown.ok and unknown.error == "unknown_tool" and unknown.server is None
    assert payload(unknown)["tool"] == "transfer_money" and "get_portfolio_summary" in payload(unknown)["message"]
    for bad in ('{"text": ', "[1, 2]", '"text"'):
        result = await bridge.call("echo", bad)
        assert not result.ok and result.error == "invalid_arguments"
        assert payload(result)["error"] == "invalid_arguments"
    empty = await bridge.call("get_portfolio_summary", "")
    assert empty.ok and payload(empty)["positions"] == 10
    failed = await bridge.call("fail", '{"message": "disk on fire"}')
    assert failed.error == "tool_error" and "disk on fire" in payload(failed)["message"]


async def test_realtime_tools_helper_matches_bridge() -> None:
    tools = await realtime_tools([SCHEMA])
    assert [t["name"] for t in tools] == [
        "create_order",
        "get_holdings",
        "lookup_user",
        tools[3]["name"],
    ]
    assert len(tools[3]["name"]) == 64
    json.dumps(tools)  # the --json output is plain JSON


async def test_crash_mid_call_then_restart_on_next_call() -> None:
    async with MCPRealtimeBridge([OPS], SimpleNamespace(tool_timeout_ms=5000)) as b:
        pid = payload(await b.call("stats", "{}"))["pid"]
        crashed = await b.call("crash", '{"delay_ms": 50}')
        assert not crashed.ok and crashed.error == "server_died" and not crashed.timed_out
        assert payload(crashed)["tool"] == "crash"
        again = await b.call("echo", '{"text": "back"}')
        assert again.ok and payload(again)["text"] == "back"
        new_pid = payload(again)["pid"]
        assert new_pid != pid and b.server_starts() == {"ops_server": 2}
        # a server killed while idle is noticed before the next call, which succeeds
        os.kill(new_pid, signal.SIGKILL)
        await asyncio.sleep(0.3)
        third = await b.call("echo", '{"text": "again"}')
        assert third.ok and payload(third)["pid"] not in (pid, new_pid)


async def test_allow_and_deny_lists() -> None:
    config = MCPConfig(allow_tools=["get_*", "list_transactions"], deny_tools=["get_holdings"])
    async with MCPRealtimeBridge(["finance"], config) as b:
        assert sorted(t["name"] for t in b.tools()) == ["get_portfolio_summary", "list_transactions"]
        denied = await b.call("get_holdings", "{}")
        assert denied.error == "tool_not_allowed" and "allow/deny" in payload(denied)["message"]
        outside = await b.call("plan_budget", "{}")
        assert outside.error == "tool_not_allowed"
        assert (await b.call("list_transactions", '{"limit": 2}')).ok


async def test_caching_off_calls_every_time() -> None:
    async with MCPRealtimeBridge([OPS], MCPConfig(enable_caching=False)) as b:
        first, second = await b.call("count", "{}"), await b.call("count", "{}")
        assert not first.cached and not second.cached
        assert payload(second)["counter"] == payload(first)["counter"] + 1


async def test_server_that_cannot_start_is_named() -> None:
    spec = f"{sys.executable} -c 'import sys; sys.exit(3)'"
    with pytest.raises(ConnectionError, match="could not start MCP server"):
        async with MCPRealtimeBridge([spec]):
            pass


async def test_not_connected_bridge() -> None:
    b = MCPRealtimeBridge(["finance"])
    with pytest.raises(RuntimeError, match="not connected"):
        b.tools()
    result = await b.call("get_holdings", "{}")
    assert not result.ok and result.error == "server_unavailable" and payload(result)["tool"] == "get_holdings"
    with pytest.raises(ValueError, match="empty"):
        MCPRealtimeBridge([""])


async def test_parse_arguments() -> None:
    assert parse_arguments(None) == {} and parse_arguments("  ") == {}
    assert parse_arguments({"a": 1}) == {"a": 1}
    with pytest.raises(ValueError, match=r"not valid JSON \(Expecting property name .* at position 1\)"):
        parse_arguments("{")
    with pytest.raises(ValueError, match="not valid JSON .*digits"):
        parse_arguments('{"n": ' + "1" * 5000 + "}")
    with pytest.raises(ValueError, match="JSON object"):
        parse_arguments("3")


async def test_a_server_that_prints_to_stdout_is_named_at_once_without_tracebacks(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    from process_faults import garbage_stdout

    elapsed, error = await garbage_stdout(tmp_path)
    assert error.endswith("server wrote something that is not JSON-RPC to stdout: Starting my server v1.0 ...")
    assert elapsed < 15  # said at once, not after the 30 s wait for initialize
    printed = capfd.readouterr().err + caplog.text
    assert "Traceback" not in printed and "ValidationError" not in printed
