"""rtkit: a notebook kit for OpenAI Realtime (GA) speech-to-speech agents with MCP tools."""

from __future__ import annotations

__version__ = "0.1.0"

# Public names load on first use, so `import rtkit` (and the `rtkit` command) start fast.
_EXPORTS = {
    "AudioError": "audio",
    "ConfigError": "config",
    "Endpoint": "realtime.endpoints",
    "EnergyScorer": "vad.core",
    "FaultConfig": "local",
    "LATENCIES": "metrics.latency",
    "LocalRealtimeServer": "local",
    "MCPConfig": "config",
    "MCPRealtimeBridge": "mcp.bridge",
    "MetricsConfig": "config",
    "MetricsRecorder": "metrics.recorder",
    "PRICING_VERSION": "metrics.pricing",
    "Pricing": "metrics.pricing",
    "PricingError": "metrics.pricing",
    "RealtimeClient": "realtime.client",
    "RealtimeConfig": "config",
    "RealtimeConnectionError": "realtime.client",
    "RealtimeSession": "session.core",
    "RecognizerPool": "local.recognition_pool",
    "RenewalConfig": "config",
    "SAMPLE_RATE": "audio",
    "SemanticVAD": "config",
    "ServerVAD": "config",
    "SessionError": "session.core",
    "SessionResult": "session.core",
    "ToolFunction": "tools",
    "ToolResult": "tools",
    "TranscriptionPricing": "metrics.pricing",
    "VADEvent": "vad.core",
    "VADParams": "vad.core",
    "VoiceActivityDetector": "vad.core",
    "chunk_pcm": "audio",
    "compare_runs": "metrics.report",
    "decode_audio": "audio",
    "encode_audio": "audio",
    "format_summary": "metrics.report",
    "load_audio": "audio",
    "load_run": "metrics.report",
    "pad_silence": "audio",
    "realtime_tools": "mcp.bridge",
    "resolve_endpoint": "realtime.endpoints",
    "simulate": "vad.core",
    "stream_chunks": "audio",
    "write_plots": "metrics.report",
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
    "AudioError",
    "ConfigError",
    "Endpoint",
    "EnergyScorer",
    "FaultConfig",
    "LATENCIES",
    "LocalRealtimeServer",
    "MCPConfig",
    "MCPRealtimeBridge",
    "MetricsConfig",
    "MetricsRecorder",
    "PRICING_VERSION",
    "Pricing",
    "PricingError",
    "RealtimeClient",
    "RealtimeConfig",
    "RealtimeConnectionError",
    "RealtimeSession",
    "RenewalConfig",
    "SAMPLE_RATE",
    "SemanticVAD",
    "ServerVAD",
    "SessionError",
    "SessionResult",
    "ToolFunction",
    "ToolResult",
    "TranscriptionPricing",
    "VADEvent",
    "VADParams",
    "VoiceActivityDetector",
    "__version__",
    "chunk_pcm",
    "compare_runs",
    "decode_audio",
    "encode_audio",
    "format_summary",
    "load_audio",
    "load_run",
    "pad_silence",
    "realtime_tools",
    "resolve_endpoint",
    "simulate",
    "stream_chunks",
    "write_plots",
    "write_wav",
]
