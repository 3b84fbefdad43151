"""rtkit's local Realtime server: speaks the GA Realtime protocol over a real websocket, so everything runs offline.

Three parts, each a package, plus the text utilities they share:

- :mod:`rtkit.local.server` — the protocol: connection state, events, session config, conversation, usage,
  expiry, fault injection, the websocket server (:class:`LocalRealtimeServer`), and :func:`ensure_server` (no API
  key and no URL: start one).
- :mod:`rtkit.local.model` — the rule-based stand-in for a model: routing a request to a tool, filling its
  arguments from the schema, phrasing tool outputs, recall, scripted responses. Pure logic: it imports neither
  speech nor the server.
- :mod:`rtkit.local.speech` — speech engines (espeak-ng out; pocketsphinx and Moonshine in), recognition
  workers and their pool. It does not import the model.
- :mod:`rtkit.local.text` — words, stems, synonyms, place names: what the model and the recognizer both read.

The server sits above model and speech and wires them together; ``tests/test_layers.py`` enforces the rules.
"""

from __future__ import annotations

from typing import Any

from rtkit.exports import load

_EXPORTS = {
    "FaultConfig": "rtkit.local.server.faults",
    "LocalRealtimeServer": "rtkit.local.server.local_server",
    "Script": "rtkit.local.model.script",
    "ensure_server": "rtkit.local.server.ensure",
    "ScriptError": "rtkit.local.model.script",
    "serve": "rtkit.local.server.local_server",
}


def __getattr__(name: str) -> Any:
    # Loaded on first use, so importing rtkit.local.model does not start the server's imports.
    return load(__name__, _EXPORTS, name)


__all__ = ["FaultConfig", "LocalRealtimeServer", "Script", "ScriptError", "ensure_server", "serve"]
