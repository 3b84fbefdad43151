"""Test MCP server that can freeze its own event loop (a hung server, unlike a slow tool) and report its pid."""

from __future__ import annotations

import os
import time
from typing import Any

from mcp.server.mcpserver import MCPServer

server = MCPServer("hang", log_level="WARNING")


@server.tool()
async def freeze(seconds: float) -> dict[str, Any]:
    """Block the server's event loop (no ping is answered meanwhile)."""
    time.sleep(seconds)  # noqa: ASYNC251 -- blocking the loop is the point
    return {"froze": seconds}


@server.tool()
def whoami() -> dict[str, Any]:
    """The server's process id."""
    return {"pid": os.getpid()}


if __name__ == "__main__":
    server.run()
