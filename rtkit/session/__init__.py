"""The session: a conversation that outlives its connection, audio sources, playback, the function-call loop."""

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
