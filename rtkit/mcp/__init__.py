"""MCP servers as Realtime tools: :mod:`.bridge` (:class:`MCPRealtimeBridge`: connections, calls, timeouts,
restarts), :mod:`.schema` (MCP input schemas as Realtime function parameters), :mod:`.specs` (server specs: a
built-in name, a command line or a URL), :mod:`.startup` (diagnosing a server that fails to start)."""

from rtkit.mcp.bridge import MCPRealtimeBridge, realtime_tools

__all__ = ["MCPRealtimeBridge", "realtime_tools"]
