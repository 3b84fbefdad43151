"""The local server's CPU per audio append on its Python path, in one process, robust to a busy machine.

The load generator's "server CPU µs/append" (bench/load_local_server.py) moves with the machine's load: a starved
server reads many appends per wake-up and spends less on each. Here the server's read path is driven directly: N
sessions connect over real sockets (handshake, ``session.update`` with ``create_response: false``, so only the input
path runs), then each round hands every server-side connection one 20 ms append frame through ``data_received``, as
the event loop does when a socket is readable, and lets the loop run once. What is measured is this process's CPU
time per append (websockets' frame parsing, message delivery, the append's decoding and VAD, and the VAD events the
turns of ``two_turns.wav`` send to the clients, which a task of this process reads and drops); the kernel's socket
reads and the loop's polling are left out (the same for every variant). Variants, interleaved rounds:

- ``rtkit``: ``LocalRealtimeServer`` as it is;
- ``recv() loop`` (anchor): websockets' own server connection with a handler that awaits each message from
  ``recv()`` and hands it to the same ``ConnectionState.handle`` (the server's path before it handled frames as read);
- ``read and drop (floor)``: a connection that drops every byte after the handshake (with ``--sockets``: the socket
  reads, the loop's dispatch and the sender's writes, which every variant pays).

    python bench/bench_append_path.py [--sessions 250] [--seconds 4] [--rounds 5] [--no-write]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import random
import statistics
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from _common import ROOT, append, header
from websockets.asyncio.server import ServerConnection
from websockets.asyncio.server import serve as ws_serve
from websockets.frames import Frame, Opcode
from websockets.protocol import State

from rtkit.audio import chunk_pcm, load_audio
from rtkit.local import LocalRealtimeServer
from rtkit.local.server.state import ConnectionState
from rtkit.local.speech.engines import SpeechEngines

CHUNK_MS = 20
HANDSHAKE = (
    b"GET /v1/realtime?model=gpt-realtime HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
)


def _frame(event: dict[str, Any]) -> bytes:
    return Frame(Opcode.TEXT, json.dumps(event).encode()).serialize(mask=True)


async def _drain(reader: asyncio.StreamReader) -> None:
    while await reader.read(1 << 16):
        pass


@asynccontextmanager
async def _rtkit_server() -> AsyncIterator[tuple[int, Callable[[], list[Any]]]]:
    async with LocalRealtimeServer(speech=False) as server:
        assert server._server is not None
        ws_server = server._server
        yield server.port, lambda: list(ws_server.connections)


@asynccontextmanager
async def _recv_loop_server() -> AsyncIterator[tuple[int, Callable[[], list[Any]]]]:
    speech = SpeechEngines(False)

    async def handler(connection: ServerConnection) -> None:
        async def emit(event: dict[str, Any]) -> None:
            await connection.send(json.dumps(event))

        state = ConnectionState(emit, model="gpt-realtime", max_session_seconds=3600, speech=speech)
        await state.start()
        try:
            async for message in connection:
                await state.handle(message)
        finally:
            await state.close()

    async with ws_serve(handler, "127.0.0.1", 0, max_queue=None, compression=None, max_size=2**24) as server:
        port = server.sockets[0].getsockname()[1]
        yield port, lambda: list(server.connections)


class _Dropping(ServerConnection):
    """Reads and drops every byte after the handshake: what the loop and the kernel cost alone."""

    def data_received(self, data: bytes) -> None:
        if self.protocol.state is not State.OPEN:
            super().data_received(data)


@asynccontextmanager
async def _dropping_server() -> AsyncIterator[tuple[int, Callable[[], list[Any]]]]:
    async def handler(connection: ServerConnection) -> None:
        await connection.wait_closed()

    async with ws_serve(handler, "127.0.0.1", 0, create_connection=_Dropping, compression=None) as server:
        port = server.sockets[0].getsockname()[1]
        yield port, lambda: list(server.connections)


VARIANTS = {
    "rtkit": _rtkit_server,
    "recv() loop": _recv_loop_server,
    "read and drop (floor)": _dropping_server,
}


async def measure(variant: str, sessions: int, seconds: float, frames: list[bytes], sockets: bool) -> float:
    """CPU µs per append over ``seconds`` of audio appended to each of ``sessions`` sessions: each round one frame per
    session, handed to the connections' ``data_received`` (or with ``sockets``, written to each client socket and
    read by the loop, one read per frame)."""
    update = _frame(
        {"type": "session.update", "session": {"type": "realtime", "audio": {"input": {"turn_detection": {
            "type": "server_vad", "create_response": False}}}}}
    )  # fmt: skip
    async with VARIANTS[variant]() as (port, connections):
        readers, writers = [], []
        for _ in range(sessions):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(HANDSHAKE)
            await reader.readuntil(b"\r\n\r\n")
            writer.write(update)
            readers.append(asyncio.ensure_future(_drain(reader)))
            writers.append(writer)
        await asyncio.sleep(0.5)  # every session created and updated
        conns = connections()
        assert len(conns) == sessions, (len(conns), sessions)
        rounds = int(seconds * 1000 / CHUNK_MS)
        start = time.process_time()
        for k in range(rounds):
            data = frames[k % len(frames)]
            if sockets:
                for writer in writers:
                    writer.write(data)
                await asyncio.sleep(0)  # the loop polls: every server socket is readable
                await asyncio.sleep(0)  # ... and has been read, one frame each
            else:
                for conn in conns:
                    conn.data_received(data)
                await asyncio.sleep(0)
        cpu = time.process_time() - start
        for writer in writers:
            writer.close()
        for task in readers:
            task.cancel()
        await asyncio.gather(*readers, return_exceptions=True)
    return cpu * 1e6 / (rounds * sessions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=250)
    parser.add_argument("--seconds", type=float, default=4.0, help="audio appended per session per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--sockets", action="store_true", help="send through the sockets (the sender's writes then count too)"
    )
    parser.add_argument("--no-write", action="store_true", help="print only; do not append to RESULTS.md")
    args = parser.parse_args()
    pcm = load_audio(ROOT / "data" / "two_turns.wav")
    frames = [
        _frame({"type": "input_audio_buffer.append", "audio": base64.b64encode(c).decode()})
        for c in chunk_pcm(pcm, CHUNK_MS)
    ]
    results: dict[str, list[float]] = {name: [] for name in VARIANTS}
    for _ in range(args.rounds):
        for name in random.sample(list(VARIANTS), len(VARIANTS)):
            results[name].append(asyncio.run(measure(name, args.sessions, args.seconds, frames, args.sockets)))
    anchor = statistics.median(results["recv() loop"])
    how = (
        "one frame per session per round written to the client sockets and read by the loop (the sender's writes, "
        "the kernel's reads and the loop's dispatch included)"
        if args.sockets
        else "one frame per session per round handed to the connections' `data_received` (socket reads and the "
        "loop's polling left out)"
    )
    lines = [
        header("bench_append_path", "websockets", "numpy"),
        "",
        f"{args.sessions} sessions × {args.seconds:g} s of `two_turns.wav` in 20 ms appends, {how}, in one process; "
        f"{args.rounds} interleaved rounds; CPU of the process (user + system) per append, median (min–max). Input "
        "path only (`create_response: false`).",
        "",
        "| server path | CPU µs/append | × recv() loop |",
        "|---|---:|---:|",
    ]
    for name, values in results.items():
        med = statistics.median(values)
        lines.append(f"| {name} | {med:.1f} ({min(values):.1f}–{max(values):.1f}) | {med / anchor:.2f} |")
    lines += ["", f"- load average after the run: {os.getloadavg()[0]:.1f}"]
    append("\n".join(lines), write=not args.no_write)


if __name__ == "__main__":
    main()
