"""The one vocabulary of event names: GA server and client events, and rtkit's local timeline events.

The session, the recorder, the turn tracker, the plots, the CLI and the local server all use these names. Local
events (``rtkit.*``) never go on the wire: the client stamps them onto the same timeline as server events
(:meth:`rtkit.RealtimeClient.mark`), so observers such as the metrics recorder read them in order.
"""

from __future__ import annotations

# -- server events --------------------------------------------------------------------------------------------
SESSION_CREATED = "session.created"
SESSION_UPDATED = "session.updated"
ERROR = "error"
SPEECH_STARTED = "input_audio_buffer.speech_started"
SPEECH_STOPPED = "input_audio_buffer.speech_stopped"
AUDIO_COMMITTED = "input_audio_buffer.committed"
AUDIO_CLEARED = "input_audio_buffer.cleared"
TIMEOUT_TRIGGERED = "input_audio_buffer.timeout_triggered"
ITEM_ADDED = "conversation.item.added"
ITEM_DONE = "conversation.item.done"
ITEM_RETRIEVED = "conversation.item.retrieved"
ITEM_TRUNCATED = "conversation.item.truncated"
ITEM_DELETED = "conversation.item.deleted"
TRANSCRIPTION_DELTA = "conversation.item.input_audio_transcription.delta"
TRANSCRIPTION_COMPLETED = "conversation.item.input_audio_transcription.completed"
TRANSCRIPTION_FAILED = "conversation.item.input_audio_transcription.failed"
RESPONSE_CREATED = "response.created"
RESPONSE_DONE = "response.done"
OUTPUT_ITEM_ADDED = "response.output_item.added"
OUTPUT_ITEM_DONE = "response.output_item.done"
CONTENT_PART_ADDED = "response.content_part.added"
CONTENT_PART_DONE = "response.content_part.done"
AUDIO_DELTA = "response.output_audio.delta"
AUDIO_DONE = "response.output_audio.done"
AUDIO_TRANSCRIPT_DELTA = "response.output_audio_transcript.delta"
AUDIO_TRANSCRIPT_DONE = "response.output_audio_transcript.done"
TEXT_DELTA = "response.output_text.delta"
TEXT_DONE = "response.output_text.done"
FUNCTION_ARGS_DELTA = "response.function_call_arguments.delta"
FUNCTION_ARGS_DONE = "response.function_call_arguments.done"
RATE_LIMITS_UPDATED = "rate_limits.updated"
# WebRTC and SIP connections only; never sent on a plain websocket.
OUTPUT_AUDIO_BUFFER_STARTED = "output_audio_buffer.started"
OUTPUT_AUDIO_BUFFER_STOPPED = "output_audio_buffer.stopped"
OUTPUT_AUDIO_BUFFER_CLEARED = "output_audio_buffer.cleared"

#: Beta-era names some servers still emit, mapped to their GA names on receipt.
LEGACY_EVENT_NAMES: dict[str, str] = {
    "response.audio.delta": AUDIO_DELTA,
    "response.audio.done": AUDIO_DONE,
    "response.audio_transcript.delta": AUDIO_TRANSCRIPT_DELTA,
    "response.audio_transcript.done": AUDIO_TRANSCRIPT_DONE,
    "response.text.delta": TEXT_DELTA,
    "response.text.done": TEXT_DONE,
    "conversation.item.created": ITEM_ADDED,
}


# -- client events --------------------------------------------------------------------------------------------
SESSION_UPDATE = "session.update"
AUDIO_APPEND = "input_audio_buffer.append"
AUDIO_COMMIT = "input_audio_buffer.commit"
AUDIO_CLEAR = "input_audio_buffer.clear"
OUTPUT_AUDIO_BUFFER_CLEAR = "output_audio_buffer.clear"
"""WebRTC and SIP connections only; precede it with ``response.cancel``."""
ITEM_CREATE = "conversation.item.create"
ITEM_RETRIEVE = "conversation.item.retrieve"
ITEM_TRUNCATE = "conversation.item.truncate"
ITEM_DELETE = "conversation.item.delete"
RESPONSE_CREATE = "response.create"
RESPONSE_CANCEL = "response.cancel"

#: Every client event type of the GA protocol.
CLIENT_EVENTS = (
    SESSION_UPDATE,
    AUDIO_APPEND,
    AUDIO_COMMIT,
    AUDIO_CLEAR,
    OUTPUT_AUDIO_BUFFER_CLEAR,
    ITEM_CREATE,
    ITEM_RETRIEVE,
    ITEM_TRUNCATE,
    ITEM_DELETE,
    RESPONSE_CREATE,
    RESPONSE_CANCEL,
)

# -- local timeline events (``direction="local"``) ------------------------------------------------------------
LOCAL_PREFIX = "rtkit."
"""Every local event name starts with it, so no server event is mistaken for one."""
CONNECT_START = "rtkit.connect.start"
"""A connection attempt begins (``url``)."""
CONNECTED = "rtkit.connected"
"""The websocket is open."""
CONNECT_FAILED = "rtkit.connect.failed"
"""A connection attempt failed (``status``: HTTP status or None)."""
CLOSED = "rtkit.closed"
"""The websocket closed (``code``, ``reason``)."""
RECONNECT = "rtkit.reconnect"
"""The session reconnects after a drop (``attempt``, ``delay_s``, ``cause``)."""
REPLAY_START = "rtkit.replay.start"
"""The session starts restoring the conversation on a new connection (``items``)."""
REPLAY_END = "rtkit.replay.end"
"""Restoring ended; events after it are new conversation."""
RENEWAL = "rtkit.renewal"
"""The session renews its connection before the server's limit (``reason``, ``summary_chars``, ``previous``)."""
FALLBACK_TEXT = "rtkit.fallback.text"
"""Audio keeps failing: the session goes on in text (``reason``)."""
PLAYBACK_START = "rtkit.playback.start"
"""The first sample of an answer was played to the listener (``response_id``, ``item_id``)."""
AUDIO_DROPPED = "rtkit.audio.dropped"
"""A live audio source dropped frames because its buffer was full (``frames``)."""

LOCAL_EVENTS = (
    CONNECT_START,
    CONNECTED,
    CONNECT_FAILED,
    CLOSED,
    RECONNECT,
    REPLAY_START,
    REPLAY_END,
    RENEWAL,
    FALLBACK_TEXT,
    PLAYBACK_START,
    AUDIO_DROPPED,
)

# -- frames the client could not read, delivered as received events -------------------------------------------
INVALID_FRAME = "rtkit.invalid_frame"
"""A frame that is not a JSON object with a string ``type`` (``error``, ``size``)."""
UNTYPED = "rtkit.untyped"
"""A JSON object without a ``type``."""
