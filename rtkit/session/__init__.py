"""The session: a conversation that outlives its connection, audio sources, playback, the function-call loop."""

from rtkit.session.core import RealtimeSession, SessionError, SessionResult

__all__ = ["RealtimeSession", "SessionError", "SessionResult"]
