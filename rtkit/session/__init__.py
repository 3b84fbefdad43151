"""The session: a conversation that outlives its connection.

One concept a module:

- :mod:`.core` — :class:`RealtimeSession`, the event loop: opens each connection, handles server events through one
  table, waits for idle; :mod:`.user_input` — its input side (text turns, audio sources, resending);
- :mod:`.conversation` — what lasts: items, transcript, tool-call records, the assistant's audio;
- :mod:`.connection` — what dies with a socket: responses in flight, the input-audio offset, expiry;
- :mod:`.supervisor` — reconnect and renewal (the async code); :mod:`.recovery` — its pure decisions (backoff,
  renewal deadline, what a close or an error means, what a restored conversation is owed, the summary request);
- :mod:`.ledger` — the input-audio ledger: the user's audio on the source's clock, confirmed and resent (pure);
- :mod:`.calls` — response bookkeeping (:class:`~.calls.ResponseBook`, pure), ``response.create`` timing, and the
  function-call loop;
- :mod:`.sources` (audio sources: file, array, live), :mod:`.playback` (what the listener heard, for barge-in),
  :mod:`.record` (audio kept on disk), :mod:`.clock` (real or virtual time), :mod:`.result` (what a run produced);
- :mod:`.store` and :mod:`.manager` — conversations kept in SQLite per user, resumed across sessions.
"""

from rtkit.session.clock import Clock, MonotonicClock, VirtualClock
from rtkit.session.conversation import Conversation, ToolCallRecord, TranscriptLine
from rtkit.session.core import RealtimeSession, SessionError, SessionResult
from rtkit.session.playback import EstimatedPlayback, PlaybackTracker, ReportedPlayback
from rtkit.session.sources import ArraySource, AudioSource, FileSource, LiveAudioSource

__all__ = [
    "ArraySource",
    "AudioSource",
    "Clock",
    "Conversation",
    "EstimatedPlayback",
    "FileSource",
    "LiveAudioSource",
    "MonotonicClock",
    "PlaybackTracker",
    "RealtimeSession",
    "ReportedPlayback",
    "SessionError",
    "SessionResult",
    "ToolCallRecord",
    "TranscriptLine",
    "VirtualClock",
]
