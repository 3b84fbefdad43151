"""The local server's websocket connection (rtkit.local.server.connection): client messages are handled as their
frames are read, whole text frames cut out of the byte stream by the server itself when websockets' parser is between
frames. Whatever way the bytes arrive (cut inside a header, inside a payload, many frames in one read), the server
answers as it does to frames sent one by one; anything but a whole masked text frame stays websockets' to check."""

from __future__ import annotations

import asyncio
import json
import random
from typing import Any

import numpy as np
import pytest
from helpers import silence
from websockets.exceptions import ConnectionClosed
from websockets.frames import Frame, Opcode

from rtkit.audio import chunk_pcm, pcm_to_b64


def _appends(pcm: np.ndarray) -> list[str]:
    """20 ms appends, written the ways clients write them: json.dumps' spaces, compact with an event_id (rtkit's
    client), and once with the fields in another order (parsed in full)."""
    out = []
    for i, chunk in enumerate(chunk_pcm(pcm, 20)):
        audio = pcm_to_b64(chunk)
        if i % 3 == 0:
            out.append(json.dumps({"type": "input_audio_buffer.append", "audio": audio}))
        elif i % 3 == 1:
            event = {"type": "input_audio_buffer.append", "audio": audio, "event_id": f"evt_{i}"}
            out.append(json.dumps(event, separators=(",", ":")))
        else:
            out.append(json.dumps({"audio": audio, "type": "input_audio_buffer.append"}))
    return out


def _messages(speech_pcm: np.ndarray) -> list[str]:
    """Two turns of audio with bad messages among the appends (each must get its own error, in its place) and one
    append over 64 KiB."""
    audio = _appends(np.concatenate([silence(300), speech_pcm, silence(900), speech_pcm, silence(900)]))
    bad = [
        '{"type": "input_audio_buffer.append", "audio": "not base64!"}',  # the usual spelling, bad audio
        '{"type":"input_audio_buffer.append","audio":"AAAA"}',  # base64 of an odd number of bytes
        '{"type": "input_audio_buffer.append", "audio": "AAA=", "extra": 1}',  # an unknown field
        '{"type": "input_audio_buffer.append", "audio": "AAA="',  # not JSON
        '{"type":"input_audio_buffer.append","audio":"AAA=","event_id":"e\\"1"}',  # an escaped id: one sample
    ]
    for i, message in enumerate(bad):
        audio.insert(10 + 7 * i, message)
    big = json.dumps({"type": "input_audio_buffer.append", "audio": pcm_to_b64(silence(1500))})  # a 64-bit length
    audio.insert(5, big)
    return audio


def _summary(events: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """What must not depend on how the bytes arrived (ids are new each run)."""
    keys = ("audio_start_ms", "audio_end_ms")
    return [
        (e["type"], *(e.get(k) for k in keys), (e.get("error") or {}).get("code"), (e.get("error") or {}).get("param"))
        for e in events
        if e["type"].startswith(("input_audio_buffer.", "error"))
    ]


async def _run(server: Any, connect: Any, messages: list[str], cut: random.Random | None) -> list[tuple[Any, ...]]:
    """Send ``messages`` (whole frames one by one, or with ``cut`` as one byte stream cut at random places, some
    messages split into a fragmented frame), then read until the second turn's response is done."""
    async with connect(server, validate=False) as client:
        if cut is None:
            for message in messages:
                await client.send(message)
        else:
            stream = bytearray()
            for i, message in enumerate(messages):
                data = message.encode()
                if i % 17 == 5:  # a fragmented message: text frame then continuation frames
                    parts = [data[:7], data[7:400], data[400:]]
                    stream += Frame(Opcode.TEXT, parts[0], fin=False).serialize(mask=True)
                    stream += Frame(Opcode.CONT, parts[1], fin=False).serialize(mask=True)
                    stream += Frame(Opcode.CONT, parts[2]).serialize(mask=True)
                else:
                    stream += Frame(Opcode.TEXT, data).serialize(mask=True)
            pos = 0
            while pos < len(stream):
                step = cut.choice([1, 3, 7, 50, 1337, 1400, 4000, 9000])
                client.ws.transport.write(bytes(stream[pos : pos + step]))
                pos += step
                await asyncio.sleep(0.001 if cut.random() < 0.3 else 0)
        await client.until("response.done")
        await client.until("response.done")
        return _summary(client.events)


@pytest.mark.parametrize("seed", [1, 2])
async def test_byte_stream_cut_anywhere_gets_the_answers_of_frames_sent_one_by_one(
    local_server, connect, portfolio_pcm, seed
):
    messages = _messages(portfolio_pcm[: len(portfolio_pcm) // 2])
    expected = await _run(local_server, connect, messages, None)
    assert [t for t, *_ in expected].count("input_audio_buffer.speech_stopped") == 2
    assert [(code, param) for t, _, _, code, param in expected if t == "error"] == [
        ("invalid_value", "audio"),
        ("invalid_value", "audio"),
        ("unknown_parameter", "extra"),
        ("invalid_json", None),
    ]
    assert await _run(local_server, connect, messages, random.Random(seed)) == expected


async def test_text_that_is_not_utf8_closes_the_connection_with_1007(local_server, connect):
    async with connect(local_server, validate=False) as client:
        await client.send('{"type": "input_audio_buffer.append", "audio": "AAAA"}')
        client.ws.transport.write(Frame(Opcode.TEXT, b'{"type": "\xff\xfe"}').serialize(mask=True))
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                await client.recv()
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1007


async def test_binary_frames_and_pings_still_go_through_websockets(local_server, connect):
    async with connect(local_server, validate=False) as client:
        await client.ws.send(b"\x00\x01")
        error = await client.until("error")
        assert error["error"]["code"] == "invalid_event" and "Binary" in error["error"]["message"]
        latency = await asyncio.wait_for(await client.ws.ping(), 5)
        assert latency >= 0
        await client.send('{"type": "input_audio_buffer.clear"}')
        await client.until("input_audio_buffer.cleared")


async def test_a_response_goes_out_in_a_few_writes_whole_and_in_order(local_server, connect):
    """Frames sent in one pass of the event loop are combined into one write after the first: a response's ~20
    events take a few writes, and the client still gets every event, in the service's order."""
    async with connect(local_server) as client:
        here = client.ws.transport.get_extra_info("sockname")
        server_side = next(c for c in local_server._server.connections if c.remote_address == here)
        transport, writes = server_side.transport, []
        write = transport.write
        transport.write = lambda data: (writes.append(len(data)), write(data))  # counts, and still writes
        try:
            item = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "hello there"}]}
            await client.send({"type": "conversation.item.create", "item": item})
            await client.until("conversation.item.done")
            writes.clear()
            await client.send({"type": "response.create"})
            events = await client.collect_until("response.done")
        finally:
            transport.write = write
    types = [e["type"] for e in events]
    assert types[0] == "response.created" and types[-1] == "response.done"
    deltas = [e for e in events if e["type"] == "response.output_audio.delta"]
    assert deltas and types.index("response.output_audio.done") > types.index("response.output_audio.delta")
    assert len(writes) <= 6 < len(events)
