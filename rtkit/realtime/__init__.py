"""The wire: event names, pure event builders and readers, endpoints, and the websocket client."""
