"""rtkit: a notebook kit for OpenAI Realtime (GA) speech-to-speech agents with MCP tools."""

from __future__ import annotations

__version__ = "0.1.0"

# Public names load on first use, so `import rtkit` (and the `rtkit` command) start fast.
_EXPORTS = {
    "ArraySource": "session.sources",
    "AudioError": "audio",
    "AudioSource": "session.sources",
    "ConfigError": "config",
    "Conversation": "session.conversation",
    "Endpoint": "realtime.endpoints",
    "EnergyScorer": "vad.core",
    "EstimatedPlayback": "session.playback",
    "FaultConfig": "local",
    "FileSource": "session.sources",
    "LATENCIES": "metrics.latency",
    "LiveAudioSource": "session.sources",
    "LocalRealtimeServer": "local",
    "MCPConfig": "config",
    "MCPRealtimeBridge": "mcp.bridge",
    "MetricsConfig": "config",
    "MetricsRecorder": "metrics.recorder",
    "MicrophoneWidget": "widgets.microphone",
    "PRICING_VERSION": "metrics.pricing",
    "PlaybackTracker": "session.playback",
    "Pricing": "metrics.pricing",
    "PricingError": "metrics.pricing",
    "RealtimeClient": "realtime.client",
    "RealtimeConfig": "config",
    "RealtimeConnectionError": "realtime.client",
    "RealtimeSession": "session.core",
    "ReconnectConfig": "config",
    "RenewalConfig": "config",
    "ReportedPlayback": "session.playback",
    "SAMPLE_RATE": "audio",
    "SemanticVAD": "config",
    "ServerVAD": "config",
    "SessionError": "session.core",
    "SessionResult": "session.core",
    "ToolFunction": "tools",
    "ToolProvider": "tools",
    "ToolResult": "tools",
    "TranscriptionPricing": "metrics.pricing",
    "VADEvent": "vad.core",
    "VADParams": "vad.core",
    "VirtualClock": "session.clock",
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
    "ArraySource",
    "AudioError",
    "AudioSource",
    "ConfigError",
    "Conversation",
    "Endpoint",
    "EnergyScorer",
    "EstimatedPlayback",
    "FaultConfig",
    "FileSource",
    "LATENCIES",
    "LiveAudioSource",
    "LocalRealtimeServer",
    "MCPConfig",
    "MCPRealtimeBridge",
    "MetricsConfig",
    "MetricsRecorder",
    "MicrophoneWidget",
    "PRICING_VERSION",
    "PlaybackTracker",
    "Pricing",
    "PricingError",
    "RealtimeClient",
    "RealtimeConfig",
    "RealtimeConnectionError",
    "RealtimeSession",
    "ReconnectConfig",
    "RenewalConfig",
    "ReportedPlayback",
    "SAMPLE_RATE",
    "SemanticVAD",
    "ServerVAD",
    "SessionError",
    "SessionResult",
    "ToolFunction",
    "ToolProvider",
    "ToolResult",
    "TranscriptionPricing",
    "VADEvent",
    "VADParams",
    "VirtualClock",
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
