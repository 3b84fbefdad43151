"""A mock MCP server built from function schemas: ``python -m rtkit.eval.mock_server SPEC.json`` serves the tools
of the spec over stdio and answers each call from its fixtures (:func:`rtkit.eval.mocks.fixture_result`); a call
no fixture fits gets an error result saying so.

``SPEC.json``: ``{"name": ..., "tools": [{"name", "description", "parameters"}], "mcp": [server specs], "mcp_config":
{...}, "fixtures": [{"tool", "when", "output", "error"}]}`` (written by :func:`rtkit.eval.mocks.write_server_spec`).
The schemas of the live servers named by ``mcp`` are listed once when the mock server starts (then those servers
stop), so an eval lists them while its other cases run rather than before any of them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import anyio
import mcp_types as types
from mcp.server.lowlevel import Server
from mcp.server.stdio import stdio_server

from rtkit.eval.mocks import fixture_result, fixtures_from_json


async def listed(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The spec's inline tools, then those of its live servers (as the bridge offers them)."""
    tools = list(spec.get("tools", []))
    if spec.get("mcp"):
        from rtkit.config import MCPConfig
        from rtkit.mcp.bridge import MCPRealtimeBridge

        async with MCPRealtimeBridge(list(spec["mcp"]), MCPConfig(**spec.get("mcp_config", {}))) as bridge:
            tools += bridge.tools()
    return tools


def build(spec: dict[str, Any], listed_tools: list[dict[str, Any]] | None = None) -> Server[Any]:
    tools = [
        types.Tool(
            name=t["name"],
            description=t.get("description") or "",
            input_schema=t.get("parameters") or {"type": "object", "properties": {}},
        )
        for t in (spec.get("tools", []) if listed_tools is None else listed_tools)
    ]
    names = {t.name for t in tools}
    fixtures = fixtures_from_json(spec.get("fixtures", []))

    async def list_tools(ctx: Any, params: Any) -> types.ListToolsResult:
        return types.ListToolsResult(tools=tools)

    async def call_tool(ctx: Any, params: types.CallToolRequestParams) -> types.CallToolResult:
        if params.name not in names:
            text, ok = f"unknown tool {params.name!r}", False
        else:
            ok, text = fixture_result(fixtures, params.name, params.arguments or {})
        return types.CallToolResult(content=[types.TextContent(type="text", text=text)], is_error=not ok)

    return Server(spec.get("name") or "mock", on_list_tools=list_tools, on_call_tool=call_tool)


async def serve(spec: dict[str, Any]) -> None:
    server = build(spec, await listed(spec))
    async with stdio_server() as (read, write):
        await server.run(read, write, server.create_initialization_options())


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not Path(args[0]).is_file():
        print("usage: python -m rtkit.eval.mock_server SPEC.json", file=sys.stderr)
        return 2
    anyio.run(serve, json.loads(Path(args[0]).read_text()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
