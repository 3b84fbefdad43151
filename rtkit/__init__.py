"""rtkit: a notebook kit for OpenAI Realtime (GA) speech-to-speech agents with MCP tools.

One concept a package, in layers; a package imports only those below it (``tests/test_layers.py`` checks the rules
for the wire, the local server, the VAD detector and the metrics exports)::

    widgets, cli              the top: notebooks and the command
    batch, eval, vad.lab      many sessions, graded runs, the VAD lab
    session, metrics, mcp     a conversation over connections; its timeline; MCP tools
    realtime                  the wire: events, protocol, endpoints, client
    audio, config, tools      the base: audio facts, settings, the tool contract

    local                     the local Realtime server (server, model, speech) beside them; it reaches only
                              realtime, audio and the VAD detector (rtkit.vad)

Public names load on first use from their modules (the table below); the README's "How it fits together" maps
every concept to its module.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

# Public names load on first use, so `import rtkit` (and the `rtkit` command) start fast.
_EXPORTS = {
    "ArraySource": "session.sources",
    "AudioError": "audio",
    "AudioSource": "session.sources",
    "BatchResult": "batch.runner",
    "ConfigError": "config",
    "Conversation": "session.conversation",
    "DaskExecutor": "batch.dask_executor",
    "DatasetError": "eval",
    "Endpoint": "realtime.endpoints",
    "EnergyScorer": "vad",
    "EvalRun": "eval",
    "EstimatedPlayback": "session.playback",
    "FaultConfig": "local",
    "FileSource": "session.sources",
    "LATENCIES": "metrics.latency",
    "LiveAudioSource": "session.sources",
    "LocalExecutor": "batch.executors",
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
    "RealtimeSessionManager": "session.manager",
    "ReconnectConfig": "config",
    "RecognizerPool": "local.speech.recognition_pool",
    "RenewalConfig": "config",
    "ReportedPlayback": "session.playback",
    "SAMPLE_RATE": "audio",
    "Script": "local",
    "ScriptError": "local",
    "SemanticVAD": "config",
    "ServerVAD": "config",
    "SessionError": "session.core",
    "SessionResult": "session.core",
    "SessionStore": "session.store",
    "ToolCallRecord": "session.conversation",
    "ToolFunction": "tools",
    "ToolProvider": "tools",
    "ToolResult": "tools",
    "TranscriptLine": "session.conversation",
    "TranscriptionPricing": "metrics.pricing",
    "VADEvent": "vad",
    "VADParams": "vad",
    "VirtualClock": "session.clock",
    "VoiceActivityDetector": "vad",
    "chunk_pcm": "audio",
    "compare_runs": "metrics.report",
    "decode_audio": "audio",
    "encode_audio": "audio",
    "ensure_server": "local",
    "format_summary": "metrics.report",
    "load_audio": "audio",
    "load_run": "metrics.report",
    "pad_silence": "audio",
    "realtime_tools": "mcp.bridge",
    "resolve_endpoint": "realtime.endpoints",
    "run_session": "eval",
    "save_run": "metrics.run_folder",
    "simulate": "vad.lab",
    "stream_chunks": "audio",
    "write_plots": "metrics.report",
    "write_wav": "audio",
}


def __getattr__(name: str) -> Any:
    from rtkit.exports import load

    return load(__name__, _EXPORTS, name)


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "ArraySource",
    "AudioError",
    "AudioSource",
    "BatchResult",
    "ConfigError",
    "Conversation",
    "DaskExecutor",
    "DatasetError",
    "Endpoint",
    "EnergyScorer",
    "EvalRun",
    "EstimatedPlayback",
    "FaultConfig",
    "FileSource",
    "LATENCIES",
    "LiveAudioSource",
    "LocalExecutor",
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
    "RealtimeSessionManager",
    "ReconnectConfig",
    "RecognizerPool",
    "RenewalConfig",
    "ReportedPlayback",
    "SAMPLE_RATE",
    "SemanticVAD",
    "ServerVAD",
    "SessionError",
    "SessionResult",
    "SessionStore",
    "ToolCallRecord",
    "ToolFunction",
    "ToolProvider",
    "ToolResult",
    "TranscriptLine",
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
    "ensure_server",
    "format_summary",
    "load_audio",
    "load_run",
    "pad_silence",
    "realtime_tools",
    "resolve_endpoint",
    "run_session",
    "save_run",
    "simulate",
    "stream_chunks",
    "write_plots",
    "write_wav",
]
