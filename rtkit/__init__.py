"""rtkit: a notebook kit for OpenAI Realtime (GA) speech-to-speech agents with MCP tools."""

from __future__ import annotations

__version__ = "0.1.0"

# Public names load on first use, so `import rtkit` (and the `rtkit` command) start fast.
_EXPORTS = {
    "AudioError": "audio",
    "ConfigError": "config",
    "Endpoint": "endpoints",
    "LATENCIES": "latency",
    "MCPConfig": "config",
    "MCPRealtimeBridge": "mcp_bridge",
    "MetricsConfig": "config",
    "MetricsRecorder": "metrics",
    "PRICING_VERSION": "pricing",
    "Pricing": "pricing",
    "PricingError": "pricing",
    "RealtimeClient": "client",
    "RealtimeConfig": "config",
    "RealtimeConnectionError": "client",
    "RealtimeSession": "session",
    "RenewalConfig": "config",
    "SemanticVAD": "config",
    "ServerVAD": "config",
    "SessionError": "session",
    "SessionResult": "session",
    "ToolResult": "tools",
    "TranscriptionPricing": "pricing",
    "compare_runs": "report",
    "format_summary": "report",
    "load_audio": "audio",
    "load_run": "report",
    "realtime_tools": "mcp_bridge",
    "resolve_endpoint": "endpoints",
    "write_plots": "report",
    "write_wav": "audio",
}


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'rtkit' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "LATENCIES",
    "PRICING_VERSION",
    "AudioError",
    "ConfigError",
    "Endpoint",
    "MCPConfig",
    "MCPRealtimeBridge",
    "MetricsConfig",
    "MetricsRecorder",
    "Pricing",
    "PricingError",
    "RealtimeClient",
    "RealtimeConfig",
    "RealtimeConnectionError",
    "RealtimeSession",
    "RenewalConfig",
    "SemanticVAD",
    "ServerVAD",
    "SessionError",
    "SessionResult",
    "ToolResult",
    "TranscriptionPricing",
    "__version__",
    "compare_runs",
    "format_summary",
    "load_run",
    "load_audio",
    "realtime_tools",
    "resolve_endpoint",
    "write_plots",
    "write_wav",
]
