"""RealtimeClient against a scripted websocket peer on a real loopback socket."""

from __future__ import annotations

import asyncio
import base64
import json
import logging

import pytest
from websockets.asyncio.server import serve

from rtkit import RealtimeClient, RealtimeConfig, RealtimeConnectionError

KEY = "sk-client-test-secret"


class Peer:
    """A websocket server that records what it receives and sends a script of frames."""

    def __init__(self, script: list[str | dict]):
        self.script = script
        self.received: list[dict] = []
        self.headers: dict[str, str] = {}
        self.got_n = asyncio.Event()
        self.expect = 0

    async def handler(self, ws):
        self.headers = dict(ws.request.headers.raw_items())
        for frame in self.script:
            await ws.send(frame if isinstance(frame, str) else json.dumps(frame))
        async for raw in ws:
            self.received.append(json.loads(raw))
            if len(self.received) >= self.expect:
                self.got_n.set()


async def start(peer: Peer, **kw):
    server = await serve(peer.handler, "127.0.0.1", 0, **kw)
    port = server.sockets[0].getsockname()[1]
    return server, f"ws://127.0.0.1:{port}/v1/realtime"


def pcm_b64(ms: int) -> str:
    return base64.b64encode(b"\x00\x01" * (24 * ms)).decode()


async def test_headers_event_ids_stamps_and_legacy_names():
    script = [
        {"type": "session.created", "event_id": "e1", "session": {"type": "realtime"}},
        {"type": "response.audio.delta", "event_id": "e2", "delta": pcm_b64(250)},  # legacy name
        {"type": "response.output_audio.delta", "event_id": "e3", "delta": pcm_b64(50)},
        {"type": "some.future_event", "event_id": "e4", "x": 1},
        "this is not json",
        {"type": "error", "event_id": "e5", "error": {"type": "invalid_request_error", "code": "bad", "message": "m"}},
    ]
    peer = Peer(script)
    peer.expect = 3
    server, url = await start(peer)
    seen: list[tuple] = []
    errors: list[dict] = []
    async with server:
        client = RealtimeClient(url=url, api_key=KEY)
        client.add_observer(lambda d, e, t, n, i, o: seen.append((d, e["type"], t, n, i, o)))
        client.on("error", errors.append)
        async with client:
            types = []
            async for ev in client:
                types.append(ev["type"])
                if ev["type"] == "error":
                    break
            await client.append_audio(b"\x00\x00" * 2400)  # 100 ms
            await client.append_audio(pcm_b64(40))
            sent = await client.commit_audio()
            await asyncio.wait_for(peer.got_n.wait(), 5)
        assert client.close_code == 1000
    assert peer.headers["Authorization"] == f"Bearer {KEY}"
    assert not any(k.lower() == "openai-beta" for k in peer.headers)
    assert peer.headers["User-Agent"].startswith("rtkit/")
    assert types == [
        "session.created",
        "response.output_audio.delta",
        "response.output_audio.delta",
        "some.future_event",
        "rtkit.invalid_frame",
        "error",
    ]
    assert all(ev["event_id"].startswith("event_") for ev in peer.received)
    assert sent["event_id"] == peer.received[-1]["event_id"]
    assert [e["error"]["code"] for e in errors] == ["bad"] and client.errors == errors
    # clocks: 250 + 50 ms of output received, 100 + 40 ms of input appended
    recv_deltas = [s for s in seen if s[1] == "response.output_audio.delta"]
    assert [round(s[5]) for s in recv_deltas] == [250, 300]
    appends = [s for s in seen if s[0] == "sent" and s[1] == "input_audio_buffer.append"]
    assert [round(s[4]) for s in appends] == [100, 140]
    times = [s[2] for s in seen]
    assert times == sorted(times)
    assert [s[1] for s in seen if s[0] == "local"] == ["rtkit.connect.start", "rtkit.connected", "rtkit.closed"]
    assert all(s[3] > 0 for s in seen if s[0] != "local")


async def test_g711_input_clock_counts_8_bytes_per_ms():
    peer = Peer([])
    peer.expect = 2
    server, url = await start(peer)
    async with server:
        cfg = RealtimeConfig(input_format="audio/pcmu")
        async with RealtimeClient(cfg, url=url) as client:
            await client.update_session(cfg)
            await client.append_audio(b"\xff" * 800)
            await asyncio.wait_for(peer.got_n.wait(), 5)
            assert client.in_ms == pytest.approx(100)
    assert peer.received[0]["session"]["audio"]["input"]["format"] == {"type": "audio/pcmu"}


async def test_async_handlers_and_wait_for():
    peer = Peer([{"type": "session.created", "event_id": "e", "session": {}}, {"type": "x.y", "event_id": "f"}])
    server, url = await start(peer)
    got = asyncio.Event()

    async def on_any(ev):
        await asyncio.sleep(0)
        if ev["type"] == "x.y":
            got.set()

    async with server:
        client = RealtimeClient(url=url, buffer_events=False)
        client.on("*", on_any)
        waiter = asyncio.ensure_future(client.wait_for("x.y"))
        async with client:
            ev = await asyncio.wait_for(waiter, 5)
            await asyncio.wait_for(got.wait(), 5)
    assert ev["type"] == "x.y"


async def test_refused_handshake_is_clear_and_hides_the_key(caplog):
    def deny(connection, request):
        return connection.respond(401, "Unauthorized\n")

    peer = Peer([])
    server, url = await start(peer, process_request=deny)
    caplog.set_level(logging.DEBUG)
    async with server:
        client = RealtimeClient(url=url, api_key=KEY)
        with pytest.raises(RealtimeConnectionError, match="HTTP 401.*API key") as err:
            await client.connect()
    client_logs = [r.getMessage() for r in caplog.records if not r.name.startswith("websockets.server")]
    assert any("Authorization: Bearer ***" in m for m in client_logs)  # the handshake was logged, redacted
    assert KEY not in str(err.value) and KEY not in repr(client) and not any(KEY in m for m in client_logs)


async def test_unreachable_server_and_send_before_connect():
    client = RealtimeClient(url="ws://127.0.0.1:9/v1/realtime", open_timeout=2)
    with pytest.raises(RealtimeConnectionError, match="cannot connect"):
        await client.connect()
    with pytest.raises(RealtimeConnectionError, match="not connected"):
        await client.commit_audio()


async def test_local_server_debug_logs_never_show_the_key(caplog):
    from rtkit.local import LocalRealtimeServer

    caplog.set_level(logging.DEBUG)
    async with LocalRealtimeServer(api_key=KEY, speech=False) as srv:
        async with RealtimeClient(url=srv.url, api_key=KEY) as client:
            await client.wait_for("session.created", timeout=5)
        with pytest.raises(RealtimeConnectionError, match="HTTP 401"):
            await RealtimeClient(url=srv.url, api_key=KEY + "-wrong").connect()
    messages = [r.getMessage() for r in caplog.records]
    assert any("Authorization: Bearer ***" in m for m in messages)
    assert not any(KEY in m for m in messages)
