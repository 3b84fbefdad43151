"""The local server's websocket connection: each client message is handled as its frame is parsed.

websockets' own connection puts every data frame in a queue and wakes the handler coroutine, which awaits ``recv()``
for it: a future, a task step and the queue's bookkeeping per message. At hundreds of sessions appending audio every
20 ms that wake-up costs more than handling the append itself. Here the frames go to an :class:`Inbox` instead,
which hands a complete message to the :class:`MessageHandler` at once when nothing of the connection is still
running, so an append that only buffers audio and steps the VAD ends inside the read callback. Whatever must wait
(sending events, a response) comes back as an awaitable; the connection's handler coroutine (:meth:`Inbox.run`)
awaits it, and messages that arrive meanwhile queue behind it: messages are still handled one at a time, in order.

Outgoing frames are combined: the first frame a connection sends in a pass of the event loop is written at once (a
VAD event is not held back), the ones after it in the same pass go out together in one write when the pass is over.
A response sends ~30 events in a burst (18 audio deltas of 13 KB for a short answer), and on loopback each write costs
the sender ~20 µs in the kernel whatever its size; combined, a turn takes 3-4 writes.

The rest of the websocket protocol (handshake, control frames, close, limits, keepalive) stays websockets'.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable
from typing import Any, Protocol

from websockets.asyncio.server import ServerConnection
from websockets.frames import CloseCode, Frame, Opcode
from websockets.protocol import Event, State
from websockets.protocol import Protocol as WebsocketProtocol
from websockets.streams import StreamReader

try:
    from websockets.speedups import apply_mask
except ImportError:  # pragma: no cover - websockets built without its C extension
    from websockets.utils import apply_mask

_Item = tuple[bytes, bool] | Awaitable[None]
"""A queued message (payload, is text) or the rest of one already begun."""


class MessageHandler(Protocol):
    """Handles one connection's client messages, in order."""

    def handle_now(self, payload: bytes, text: bool) -> Awaitable[None] | None:
        """Handle one message (a text frame's UTF-8 bytes, or a binary frame) as far as it goes without waiting;
        returns what remains to be awaited before the next message, or None when it is done. Raises
        UnicodeDecodeError when a text message is not UTF-8."""
        ...


class Inbox:
    """One connection's client messages, handled one at a time in arrival order: at once when the connection is
    idle (no message waiting, none running), else queued for :meth:`run`."""

    def __init__(self, connection: ServerConnection) -> None:
        self._connection = connection
        self._handler: MessageHandler | None = None  # None until run(): messages queue
        self._queue: deque[_Item] = deque()
        self._busy = False
        self._waiter: asyncio.Future[None] | None = None
        self._closed = False

    def put(self, payload: bytes, text: bool) -> None:
        """A complete message arrived (called from the connection's read callback)."""
        if self._handler is None or self._busy or self._queue:
            self._queue.append((payload, text))
        else:
            try:
                rest = self._handler.handle_now(payload, text)
            except UnicodeDecodeError as exc:
                rest = self._fail_utf8(exc)
            except Exception as exc:  # a failure ends the connection from run(), as a failed handler would
                rest = _raise(exc)
            if rest is None:
                return
            self._queue.append(rest)
        self._wake()

    def close(self) -> None:
        """The connection is closed: :meth:`run` ends once the queued messages are handled."""
        self._closed = True
        self._wake()

    async def run(self, handler: MessageHandler) -> None:
        """Handle the messages with ``handler`` until the connection closes; raises the connection's
        ConnectionClosed then, as ``recv()`` does, or whatever handling a message raised."""
        self._handler = handler
        queue = self._queue
        try:
            while True:
                self._busy = False
                if not queue:
                    if self._closed:
                        await self._closed_exc()
                    self._waiter = asyncio.get_running_loop().create_future()
                    await self._waiter
                    continue
                self._busy = True
                item = queue.popleft()
                if isinstance(item, tuple):
                    try:
                        rest = handler.handle_now(*item)
                    except UnicodeDecodeError as exc:
                        await self._fail_utf8(exc)
                        continue
                    if rest is None:
                        continue
                    item = rest
                await item
        finally:
            self._busy = True  # nothing is handled after the handler has ended
            for item in queue:
                if asyncio.iscoroutine(item):
                    item.close()  # begun but never to be awaited
            queue.clear()

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    async def _fail_utf8(self, exc: UnicodeDecodeError) -> None:
        """A text message that is not UTF-8 fails the connection with 1007, as websockets' ``recv()`` does."""
        connection = self._connection
        async with connection.send_context():
            connection.protocol.fail(CloseCode.INVALID_DATA, f"{exc.reason} at position {exc.start}")
        await self._closed_exc()

    async def _closed_exc(self) -> None:
        connection = self._connection
        await asyncio.shield(connection.connection_lost_waiter)
        raise connection.protocol.close_exc from connection.recv_exc


async def _raise(exc: Exception) -> None:
    raise exc


def _at_frame_boundary(protocol: WebsocketProtocol) -> bool:
    """True when websockets' parser waits for the next frame with nothing buffered: the innermost generator it
    delegates to is ``StreamReader.at_eof``. Any other state (mid-frame, or a websockets that parses otherwise)
    reads False, which only keeps the frames on websockets' parser."""
    inner: Any = protocol.parser
    while inner.gi_yieldfrom is not None:
        inner = inner.gi_yieldfrom
    return inner is not protocol.parser and inner.gi_code is _AT_EOF


_AT_EOF = StreamReader.at_eof.__code__

_FIN_TEXT = 0x81  # first header byte of a whole text frame: FIN, no RSV bits, opcode 1
_MASKED = 0x80


class RealtimeConnection(ServerConnection):
    """websockets' server connection with data frames going to an :class:`Inbox` (``self.inbox``) instead of
    ``recv()``'s queue: read the messages with ``await connection.inbox.run(handler)``, not ``recv()``.

    Whole masked text frames that arrive while websockets' parser is between frames are cut out of the received
    bytes here (what websockets' parser checks of such a frame is checked the same way: FIN, no RSV bits, masked,
    within the size limits; a read that ends inside one keeps its start for the next read); every other byte goes
    to websockets' protocol, which then owns the stream until its parser is between frames again."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inbox = Inbox(self)
        self._fragments: list[Frame] = []
        self._between_frames = False  # websockets' parser waits for a frame header with nothing buffered
        self._partial = b""  # the start of a whole text frame whose rest has not arrived yet
        self._burst: list[bytes] | None = None  # frames held until this pass of the loop ends (None: none written)
        sizes = (self.protocol.max_message_size, self.protocol.max_fragment_size)
        self._max_frame = min((size for size in sizes if size is not None), default=1 << 62)

    def data_received(self, data: bytes) -> None:
        if self._partial:  # the start of a whole text frame that the previous read cut
            data, self._partial = self._partial + data, b""
        if not self._between_frames or self._fragments or self.protocol.state is not State.OPEN:
            self._to_protocol(data)
            return
        pos, end, put, limit = 0, len(data), self.inbox.put, self._max_frame
        while pos < end and data[pos] == _FIN_TEXT:
            head = pos + 2
            if head > end:
                self._partial = data[pos:]
                return
            length = data[pos + 1] ^ _MASKED
            if length > 126:  # not masked, or 64 KiB or more: websockets' parser
                break
            if length == 126:
                if head + 2 > end:
                    self._partial = data[pos:]
                    return
                length, head = (data[head] << 8) | data[head + 1], head + 2
            if length > limit:
                break
            stop = head + 4 + length
            if stop > end:  # kept until the rest arrives: websockets' parser stays between frames
                self._partial = data[pos:]
                return
            put(apply_mask(data[head + 4 : stop], data[head : head + 4]), True)
            pos = stop
        if pos < end:
            self._to_protocol(data[pos:] if pos else data)

    def _to_protocol(self, data: bytes) -> None:
        self._between_frames = False
        super().data_received(data)
        self._between_frames = self.protocol.state is State.OPEN and _at_frame_boundary(self.protocol)

    def process_event(self, event: Event) -> None:
        if self.request is None or not isinstance(event, Frame):
            super().process_event(event)  # the handshake request
            return
        opcode = event.opcode
        if opcode is Opcode.TEXT or opcode is Opcode.BINARY or opcode is Opcode.CONT:
            if event.fin and not self._fragments:
                self.inbox.put(bytes(event.data), opcode is Opcode.TEXT)
                return
            self._fragments.append(event)  # the protocol checked the sequence: first TEXT/BINARY, then CONT
            if event.fin:
                frames, self._fragments = self._fragments, []
                self.inbox.put(b"".join(f.data for f in frames), frames[0].opcode is Opcode.TEXT)
            return
        super().process_event(event)  # control frames (pong acknowledgements)

    def send_data(self) -> None:
        if self.protocol.state is not State.OPEN:  # handshake or closing: in order, at once, as websockets does
            self.flush()
            super().send_data()
            return
        data = self.protocol.data_to_send()  # while open: frames only (the end of the stream comes with closing)
        if not data:
            return
        if self._burst is not None:
            self._burst.extend(data)
            return
        self.transport.write(data[0] if len(data) == 1 else b"".join(data))
        self._burst = []
        self.loop.call_soon(self.flush)

    def flush(self) -> None:
        """Write the frames held since the first one of this pass of the loop."""
        burst, self._burst = self._burst, None
        if burst and not self.transport.is_closing():
            self.transport.write(b"".join(burst))

    def connection_lost(self, exc: Exception | None) -> None:
        self._burst = None
        super().connection_lost(exc)
        self.inbox.close()
