"""rtkit: a notebook kit for OpenAI Realtime (GA) speech-to-speech agents with MCP tools."""

from __future__ import annotations

__version__ = "0.1.0"

from .client import RealtimeClient, RealtimeConnectionError  # noqa: E402
from .config import (  # noqa: E402
    ConfigError,
    MCPConfig,
    MetricsConfig,
    RealtimeConfig,
    RenewalConfig,
    SemanticVAD,
    ServerVAD,
)
from .endpoints import Endpoint, resolve_endpoint  # noqa: E402

__all__ = [
    "ConfigError",
    "Endpoint",
    "MCPConfig",
    "MetricsConfig",
    "RealtimeClient",
    "RealtimeConfig",
    "RealtimeConnectionError",
    "RenewalConfig",
    "SemanticVAD",
    "ServerVAD",
    "__version__",
    "resolve_endpoint",
]
