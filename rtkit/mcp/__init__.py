"""MCP servers as Realtime tools: the bridge, schema conversion and server specs."""

from rtkit.mcp.bridge import MCPRealtimeBridge, realtime_tools

__all__ = ["MCPRealtimeBridge", "realtime_tools"]
