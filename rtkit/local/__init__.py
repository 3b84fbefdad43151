"""rtkit's local Realtime server: speaks the GA Realtime protocol over a real websocket, with server VAD, a
rule-based responder standing in for the model, local speech synthesis and recognition, fault
injection, and scripted responses for deterministic tests."""

from __future__ import annotations

from .faults import FaultConfig
from .script import Script, ScriptError
from .server import LocalRealtimeServer, serve

__all__ = ["FaultConfig", "LocalRealtimeServer", "Script", "ScriptError", "serve"]
