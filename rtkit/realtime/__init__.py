"""The wire: :mod:`.events` (the event-name vocabulary), :mod:`.protocol` (pure event builders and readers),
:mod:`.endpoints` (URLs and headers for OpenAI, Azure, custom), :mod:`.client` (:class:`~.client.RealtimeClient`:
the websocket, stamps, handlers). It imports nothing above it (no session, metrics, MCP or local server)."""
