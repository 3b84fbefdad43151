"""Load test: N concurrent paced sessions against the local Realtime server for a set time (loopback only).

The server runs in its own process (``LocalRealtimeServer``, speech engines on or off); this process holds N
websocket sessions, each streaming a WAV in real time in 20 ms appends (looped) with server VAD, reading every
event. Starts are spread over the first second. Reported:

- VAD-event lag: ``input_audio_buffer.speech_stopped`` received − the moment the append that carried its
  ``audio_end_ms`` was sent (the earliest the server could have decided), p50/p99/max over every stop;
- with speech on, end of speech to first audio: ``speech_stopped`` received → the next response's first
  ``response.output_audio.delta``;
- errors (``error`` events, failed or dropped connections);
- server CPU (its process and its children: the recognition worker) and RSS, idle and under load, per session;
- how late this process sent its appends (p99), and how late its own event loop ran (a 5 ms ticker's lateness,
  p99) with its garbage-collection pauses, so a lag that comes from an overloaded generator shows as such.

With ``--workers N`` the server is ``rtkit serve --workers N`` (N processes on one port); with
``--recognition-limit S`` a turn whose recognition would take longer than S behind others' speech is refused
(``rate_limit_exceeded``): each turn then ends answered (first audio), refused, cancelled by the caller's next
utterance before any audio, or still waiting when the run ends. The recognition processes' largest resident memory is
reported too.

Bounded: at most 500 sessions and 120 s. Loopback only: the server binds 127.0.0.1.

    python bench/load_local_server.py --sessions 100 --seconds 15 [--speech] [--workers 2] [--recognition-limit 3]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import gc
import heapq
import json
import multiprocessing as mp
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
import websockets
from _common import ROOT, pct
from websockets.frames import Frame, Opcode

from rtkit.audio import chunk_pcm, load_audio

MAX_SESSIONS = 500
MAX_SECONDS = 120.0
CHUNK_MS = 20


def serve(speech: bool, conn: Any, limit_s: float | None = None) -> None:
    """The server process."""
    from rtkit.local import LocalRealtimeServer
    from rtkit.local.server.local_server import freeze_start_up_heap

    async def main() -> None:
        loop = asyncio.get_running_loop()
        stop = loop.create_future()

        def wait_for_stop() -> None:  # the parent says when; the server then closes with its speech worker
            conn.recv()
            loop.call_soon_threadsafe(stop.set_result, None)

        server = LocalRealtimeServer(host="127.0.0.1", speech=speech, recognition_limit_s=limit_s)
        async with server:
            await server.speech.load()
            freeze_start_up_heap()  # as rtkit serve does
            conn.send(server.url)
            threading.Thread(target=wait_for_stop, daemon=True).start()
            await stop

    profile = os.environ.get("RTKIT_BENCH_PROFILE")  # a path: the server process's cProfile stats go there
    if not profile:
        asyncio.run(main())  # as rtkit serve runs it
        return
    import cProfile

    with cProfile.Profile() as prof:
        asyncio.run(main())
    prof.dump_stats(profile)


@dataclass
class SessionStats:
    lags_ms: list[float] = field(default_factory=list)
    to_audio_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    late_ms: list[float] = field(default_factory=list)
    appends: int = 0
    transcripts: int = 0
    refused: int = 0
    cancelled: int = 0
    waiting: int = 0  # turns with no outcome when the run ended


@dataclass
class _Stream:
    """One session's appends, as the pacer sends them."""

    transport: asyncio.WriteTransport
    count: int  # appends to send
    sent_at: list[float]  # monotonic send time of append k (covers audio up to (k + 1) * 20 ms)
    stats: SessionStats
    done: asyncio.Future[None]
    k: int = 0


class Pacer:
    """Sends every session's appends on time from one task, so the generator costs as little as it can per append:
    the append frames are framed and masked once (fixed mask keys: the server unmasks whatever key a frame names),
    and each due append is one ``transport.write`` of those bytes. A heap orders the sessions by their next due
    time; each pass sends what is due, then sleeps until the next one. An append sent more than 1 ms after it was
    due counts as late."""

    def __init__(self, frames: list[bytes]) -> None:
        self.frames = frames
        self._heap: list[tuple[float, int, _Stream]] = []
        self._ids = 0
        self._wake: asyncio.Future[None] | None = None

    def add(self, stream: _Stream) -> None:
        """Start a session's appends now."""
        self._ids += 1
        heapq.heappush(self._heap, (time.monotonic(), self._ids, stream))
        if self._wake is not None and not self._wake.done():
            self._wake.set_result(None)

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        heap, frames, period, mono = self._heap, self.frames, CHUNK_MS / 1000, time.monotonic
        while True:
            now = mono()
            while heap and heap[0][0] <= now:
                due, i, s = heapq.heappop(heap)
                if s.transport.is_closing():  # the server closed it: the reader records why
                    s.done.done() or s.done.set_result(None)
                    continue
                sent = mono()
                if sent - due > 0.001:
                    s.stats.late_ms.append((sent - due) * 1000)
                s.sent_at.append(sent)
                s.transport.write(frames[s.k % len(frames)])
                s.k += 1
                if s.k < s.count:
                    heapq.heappush(heap, (due + period, i, s))
                elif not s.done.done():
                    s.done.set_result(None)
            self._wake = loop.create_future()
            timer = loop.call_later(heap[0][0] - mono() if heap else 3600.0, _wake, self._wake)
            await self._wake
            timer.cancel()


class LoopWatch:
    """How late this process's event loop runs: a ticker that sleeps :data:`TICK_S` and records by how much each
    wake-up came late (the same delay a received event waits before its reader runs), and the process's garbage
    collection pauses (``gc.callbacks``)."""

    TICK_S = 0.005

    def __init__(self) -> None:
        self.late_ms: list[float] = []
        self.gc_ms: list[float] = []
        self._gc_start = 0.0

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_start = time.perf_counter()
        else:
            self.gc_ms.append((time.perf_counter() - self._gc_start) * 1000)

    async def run(self) -> None:
        gc.callbacks.append(self._on_gc)
        try:
            mono = time.monotonic
            while True:
                due = mono() + self.TICK_S
                await asyncio.sleep(self.TICK_S)
                self.late_ms.append(max(0.0, mono() - due) * 1000)
        finally:
            gc.callbacks.remove(self._on_gc)


def _wake(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def frame_appends(frames: list[str]) -> list[bytes]:
    """Each append event as a masked websocket text frame, ready to write to a client socket."""
    return [Frame(Opcode.TEXT, f.encode()).serialize(mask=True) for f in frames]


class EventReader(asyncio.Protocol):
    """One session's server events read straight from its socket once the handshake is done (the transport's
    protocol is swapped from websockets' client to this): server frames are unmasked, so a frame is its header and
    payload; ``on_event(head, now)`` gets each text message's first bytes (the whole message up to
    :data:`WHOLE_BYTES`; audio deltas are skipped past without being decoded), stamped with the monotonic time its
    bytes were read. Pings are answered, a close frame is echoed. websockets' client parses every frame through
    generators and UTF-8-decodes every 13 KB audio delta, on the same loop that sends the appends and stamps the
    events; this costs the generator's loop a few µs per event instead."""

    WHOLE_BYTES = 4096

    def __init__(self, transport: asyncio.Transport, on_event: Callable[[bytes, float], None]) -> None:
        self.transport = transport
        self.on_event = on_event
        self.closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.close_code: int | None = None  # from the server's close frame
        self.error: str | None = None  # a frame this reader does not expect
        self._buf = bytearray()

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        buf = self._buf
        buf += data
        pos, size = 0, len(buf)
        while size - pos >= 2:
            first, n = buf[pos], buf[pos + 1]
            head = pos + 2
            if n >= 126:
                width = 2 if n == 126 else 8
                if size - head < width:
                    break
                n, head = int.from_bytes(buf[head : head + width], "big"), head + width
            end = head + n
            if end > size:
                break
            opcode = first & 0x0F
            if opcode == Opcode.TEXT.value and first & 0x80:
                self.on_event(bytes(buf[head : head + min(n, self.WHOLE_BYTES)]), now)
            elif opcode == Opcode.PING.value:
                self.transport.write(Frame(Opcode.PONG, bytes(buf[head:end])).serialize(mask=True))
            elif opcode == Opcode.CLOSE.value:
                self.close_code = int.from_bytes(buf[head : head + 2], "big") if n >= 2 else 1005
                self._close()
            elif self.error is None:
                self.error = f"unexpected frame (first byte {first:#x})"
            pos = end
        del buf[:pos]

    def finish(self) -> None:
        """Close the session: a close frame (1000), then the socket once the server answers (see :meth:`wait`)."""
        if not self.transport.is_closing():
            self.transport.write(Frame(Opcode.CLOSE, (1000).to_bytes(2, "big")).serialize(mask=True))

    async def wait(self, timeout: float) -> None:
        """Until the socket is closed, ``timeout`` at most (then it is aborted)."""
        try:
            await asyncio.wait_for(asyncio.shield(self.closed), timeout)
        except TimeoutError:
            self.transport.abort()

    def _close(self) -> None:
        if not self.transport.is_closing():
            payload = (self.close_code or 1000).to_bytes(2, "big")
            self.transport.write(Frame(Opcode.CLOSE, payload).serialize(mask=True))
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        if exc is not None and self.error is None:
            self.error = f"{type(exc).__name__}: {exc}"
        if not self.closed.done():
            self.closed.set_result(None)


async def one_session(url: str, pacer: Pacer, seconds: float, speech: bool, delay: float) -> SessionStats:
    stats = SessionStats()
    await asyncio.sleep(delay)
    sent_at: list[float] = []  # monotonic send time of append k (covers audio up to (k + 1) * 20 ms)
    stopped: list[float | None] = [None]  # when the turn waiting for an outcome stopped

    def on_event(head: bytes, now: float) -> None:
        kind = head[:80]
        if b"speech_stopped" in kind:
            end_ms = json.loads(head)["audio_end_ms"]
            k = max(0, -(-end_ms // CHUNK_MS) - 1)  # the append whose end reaches audio_end_ms
            if k < len(sent_at):
                stats.lags_ms.append((now - sent_at[k]) * 1000)
            if stopped[0] is not None:  # the previous turn got nothing at all
                stats.cancelled += 1
            stopped[0] = now
        elif stopped[0] is not None and b"output_audio.delta" in kind:
            stats.to_audio_ms.append((now - stopped[0]) * 1000)
            stopped[0] = None
        elif stopped[0] is not None and b"response.done" in kind and b'"cancelled"' in head[:400]:
            stats.cancelled += 1  # the caller's next words cut the answer before its audio
            stopped[0] = None
        elif b"transcription.completed" in kind:
            stats.transcripts += 1
        elif b'"type":"error"' in head[:40].replace(b" ", b""):
            code = json.loads(head)["error"].get("code") or "error"
            if code == "rate_limit_exceeded":
                stats.refused += 1
                stopped[0] = None
            else:
                stats.errors.append(code)

    try:
        # no keepalive: once the session streams, its socket is read by an EventReader, not by websockets
        ws = await websockets.connect(url + "?model=gpt-realtime", max_size=None, compression=None, ping_interval=None)
    except (OSError, websockets.WebSocketException, TimeoutError) as exc:
        stats.errors.append(f"{type(exc).__name__}: {exc}")
        return stats
    try:
        transcription = {"model": "gpt-4o-mini-transcribe"} if speech else None
        update = {"type": "realtime", "audio": {"input": {"transcription": transcription}}}
        await ws.send(json.dumps({"type": "session.update", "session": update}))
        while json.loads(await ws.recv())["type"] != "session.updated":
            pass
    except (OSError, websockets.WebSocketException, TimeoutError) as exc:
        stats.errors.append(f"{type(exc).__name__}: {exc}")
        ws.transport.abort()
        return stats
    # the server sends nothing more until audio arrives, so websockets holds no unread bytes of this socket
    reader = EventReader(ws.transport, on_event)
    ws.transport.set_protocol(reader)
    count = int(seconds * 1000 / CHUNK_MS)
    done = asyncio.get_running_loop().create_future()
    pacer.add(_Stream(ws.transport, count, sent_at, stats, done))
    await done
    stats.appends = len(sent_at)
    await asyncio.sleep(1.0)  # let the last turn's VAD events arrive
    if reader.closed.done() and reader.close_code not in (1000, 1001):
        stats.errors.append(f"closed by the server ({reader.close_code})")
    reader.finish()
    await reader.wait(5.0)
    if reader.error is not None:
        stats.errors.append(reader.error)
    stats.waiting += stopped[0] is not None
    return stats


def tcp_retransmits() -> int | None:
    """TCP segments the kernel has retransmitted so far, machine-wide (Linux's ``/proc/net/snmp``; None elsewhere).
    On loopback a retransmission means an ACK came later than the 200 ms minimum retransmission timeout (the
    receiving side starved of CPU); the socket then sends at a crawl until ACKs catch up, which a lag tail of
    200 ms and more shows."""
    try:
        rows = [line.split() for line in Path("/proc/net/snmp").read_text().splitlines() if line.startswith("Tcp:")]
        return int(rows[1][rows[0].index("RetransSegs")])
    except (OSError, ValueError, IndexError):
        return None


class Sampler:
    """CPU and RSS of the server processes and of their children (the recognition workers), every 0.5 s."""

    def __init__(self, pids: list[int]) -> None:
        self.procs = [psutil.Process(pid) for pid in pids]
        self.cpu: list[float] = []
        self.child_cpu: list[float] = []
        self.rss_mb: list[float] = []
        self.child_rss_mb: list[float] = []  # the largest recognition worker
        self._children: dict[int, psutil.Process] = {}

    def cpu_each(self) -> list[float]:
        """CPU seconds (user + system) each server process has used so far."""
        return [sum(p.cpu_times()[:2]) for p in self.procs]

    def wakeups(self) -> int:
        """Times the server processes have gone to sleep waiting (voluntary context switches) so far."""
        return sum(p.num_ctx_switches().voluntary for p in self.procs)

    def sessions_each(self) -> list[int]:
        """Established TCP connections each server process holds (its sessions)."""
        return [sum(c.status == psutil.CONN_ESTABLISHED for c in p.net_connections("tcp")) for p in self.procs]

    def rss(self) -> float:
        return sum(p.memory_info().rss for p in self.procs) / 2**20

    async def run(self) -> None:
        for p in self.procs:
            p.cpu_percent()
        while True:
            await asyncio.sleep(0.5)
            self.cpu.append(sum(p.cpu_percent() for p in self.procs))
            total, largest = 0.0, 0.0
            for child in (c for p in self.procs for c in p.children(recursive=True)):
                known = self._children.setdefault(child.pid, child)
                try:
                    total += known.cpu_percent()
                    largest = max(largest, known.memory_info().rss / 2**20)
                except psutil.NoSuchProcess:
                    pass
            self.child_cpu.append(total)
            self.child_rss_mb.append(largest)
            self.rss_mb.append(self.rss())


async def drive(url: str, pids: list[int], sessions: int, seconds: float, speech: bool, wav: Path) -> dict[str, Any]:
    pcm = load_audio(wav)
    pacer = Pacer(
        frame_appends(
            [
                json.dumps({"type": "input_audio_buffer.append", "audio": base64.b64encode(c).decode()})
                for c in chunk_pcm(pcm, CHUNK_MS)
            ]
        )
    )
    gc.collect()
    gc.freeze()  # as the server does: this process's start-up objects are never walked by a full collection
    pacing = asyncio.create_task(pacer.run())
    watch = LoopWatch()
    watching = asyncio.create_task(watch.run())
    sampler = Sampler(pids)
    idle_rss = sampler.rss()
    sampling = asyncio.create_task(sampler.run())
    cpu0, own_cpu0, wakeups0 = sampler.cpu_each(), time.process_time(), sampler.wakeups()
    retransmits0 = tcp_retransmits()

    async def count_sessions() -> list[int]:  # halfway, when every session is streaming
        await asyncio.sleep(1.5 + seconds / 2)
        return await asyncio.to_thread(sampler.sessions_each)

    counting = asyncio.create_task(count_sessions()) if len(pids) > 1 else None
    results = await asyncio.gather(
        *(one_session(url, pacer, seconds, speech, random.random()) for _ in range(sessions))
    )
    pacing.cancel()
    cpu_each = [b - a for a, b in zip(cpu0, sampler.cpu_each(), strict=True)]
    server_cpu, own_cpu, wakeups = sum(cpu_each), time.process_time() - own_cpu0, sampler.wakeups() - wakeups0
    retransmits1 = tcp_retransmits()
    sessions_each = await counting if counting is not None else [sessions]
    appends = sum(r.appends for r in results)
    sampling.cancel()
    watching.cancel()
    await asyncio.gather(pacing, return_exceptions=True)
    await asyncio.gather(watching, return_exceptions=True)
    await asyncio.gather(sampling, return_exceptions=True)
    lags = [x for r in results for x in r.lags_ms]
    to_audio = [x for r in results for x in r.to_audio_ms]
    late = [x for r in results for x in r.late_ms]
    errors = [e for r in results for e in r.errors]
    transcripts = sum(r.transcripts for r in results)
    answered = len(to_audio)
    refused = sum(r.refused for r in results)
    cancelled = sum(r.cancelled for r in results)
    waiting = sum(r.waiting for r in results)
    recognition_cpu = sum(sampler.child_cpu) / len(sampler.child_cpu) if sampler.child_cpu else 0.0
    busy = sampler.cpu[2:-2] or sampler.cpu  # leave out the ramp-up and the tail
    peak = max(sampler.rss_mb, default=idle_rss)
    return {
        "sessions": sessions,
        "seconds": seconds,
        "speech": speech,
        "vad_events": len(lags),
        "lag_p50_ms": pct(lags, 50),
        "lag_p99_ms": pct(lags, 99),
        "lag_max_ms": max(lags, default=float("nan")),
        "to_audio_p50_ms": pct(to_audio, 50),
        "to_audio_p99_ms": pct(to_audio, 99),
        "answered": answered,
        "answered_3s": sum(x <= 3000 for x in to_audio),
        "refused": refused,
        "cancelled": cancelled,
        "waiting": waiting,
        "errors": len(errors),
        "error_kinds": sorted(set(errors))[:3],
        "appends": appends,
        # CPU per append over the whole run (handshakes and VAD events included): robust to the machine's load
        "server_cpu_us_per_append": server_cpu * 1e6 / max(1, appends),
        # a starved server handles many appends per wake-up and spends less per append: compare CPU at like ratios
        "appends_per_wakeup": appends / max(1, wakeups),
        "sessions_per_process": sessions_each,
        "cpu_s_per_process": [round(c, 2) for c in cpu_each],
        "generator_cpu_us_per_append": own_cpu * 1e6 / max(1, appends),
        "server_cpu_pct": sum(busy) / len(busy) if busy else float("nan"),
        "recognition_cpu_pct": recognition_cpu,
        "transcripts": transcripts,
        # utterances recognised per second, per core the recognition processes kept busy
        "utterances_per_core_s": transcripts / seconds / (recognition_cpu / 100) if recognition_cpu > 1 else None,
        "recognition_rss_mb": max(sampler.child_rss_mb, default=0.0),
        "idle_rss_mb": idle_rss,
        "peak_rss_mb": peak,
        "rss_per_session_kib": (peak - idle_rss) * 1024 / sessions,
        "send_late_p99_ms": pct(late, 99) if late else 0.0,
        "tcp_retransmits": None if retransmits0 is None or retransmits1 is None else retransmits1 - retransmits0,
        "loop_late_p99_ms": pct(watch.late_ms, 99),
        "loop_late_max_ms": max(watch.late_ms, default=float("nan")),
        "generator_gc_pauses": len(watch.gc_ms),
        "generator_gc_max_ms": max(watch.gc_ms, default=0.0),
        "late_sends_pct": 100.0 * len(late) / max(1, sessions * int(seconds * 1000 / CHUNK_MS)),
    }


def run_load(
    sessions: int,
    seconds: float,
    speech: bool,
    wav: Path | None = None,
    workers: int = 1,
    limit_s: float | None = None,
) -> dict[str, Any]:
    """Start a server (``workers`` processes), hold ``sessions`` paced sessions for ``seconds``, stop the server;
    the figures."""
    if not 1 <= sessions <= MAX_SESSIONS:
        raise ValueError(f"sessions: {sessions} is out of range; expected 1..{MAX_SESSIONS}")
    if not 0 < seconds <= MAX_SECONDS:
        raise ValueError(f"seconds: {seconds} is out of range; expected 0..{MAX_SECONDS:g}")
    wav = wav or ROOT / "data" / "two_turns.wav"
    if workers > 1:
        return _run_workers(sessions, seconds, speech, wav, workers, limit_s)
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=serve, args=(speech, child, limit_s), daemon=True)
    proc.start()
    try:
        if not parent.poll(60):
            raise RuntimeError("the local server process did not start within 60 s")
        url = parent.recv()
        assert proc.pid is not None
        result = _run_generator(drive(url, [proc.pid], sessions, seconds, speech, wav))
    finally:
        parent.send("stop")
        proc.join(15)
        if proc.is_alive():
            proc.terminate()
            proc.join()
    return {**result, "workers": 1, "limit_s": limit_s}


def _run_workers(
    sessions: int, seconds: float, speech: bool, wav: Path, workers: int, limit_s: float | None
) -> dict[str, Any]:
    """The same load against ``rtkit serve --workers N`` in a process of its own."""
    command = [sys.executable, "-m", "rtkit.cli", "serve", "--workers", str(workers), "--port", "0"]
    command += ["--recognition-limit", "off" if limit_s is None else str(limit_s)]
    command += [] if speech else ["--no-speech"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, env=env, cwd=ROOT)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().decode()
        found = re.search(r"(ws://\S+/v1/realtime) in \d+ processes \(pids ([\d, ]+);", line)
        if found is None:
            raise RuntimeError(f"rtkit serve --workers did not start: {line!r}")
        pids = [int(p) for p in found.group(2).split(",")]
        if speech:
            time.sleep(10)  # the workers load their engines after they listen
        result = _run_generator(drive(found.group(1), pids, sessions, seconds, speech, wav))
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return {**result, "workers": workers, "limit_s": limit_s}


def _run_generator(main: Any) -> dict[str, Any]:
    """Run the generator (``RTKIT_BENCH_PROFILE_GENERATOR``: under cProfile, stats to that path)."""
    run = asyncio.run
    profile = os.environ.get("RTKIT_BENCH_PROFILE_GENERATOR")  # a path: this process's cProfile stats go there
    if not profile:
        return run(main)
    import cProfile

    with cProfile.Profile() as prof:
        result = run(main)
    prof.dump_stats(profile)
    return result


def format_row(r: dict[str, Any]) -> str:
    limit = "-" if r.get("limit_s") is None else f"{r['limit_s']:g} s"
    speech = "on" if r["speech"] else "off"
    return (
        f"| {r['sessions']} | {r.get('workers', 1)} | {speech} | {limit} | {r['vad_events']} | {r['lag_p50_ms']:.1f} "
        f"| {r['lag_p99_ms']:.1f} | {r['lag_max_ms']:.1f} | {r['to_audio_p50_ms']:.0f} / {r['to_audio_p99_ms']:.0f} "
        f"| {r['answered']} ({r['answered_3s']}) | {r['refused']} | {r['cancelled']} | {r['waiting']} | {r['errors']} "
        f"| {r['server_cpu_pct']:.0f} | {r['server_cpu_us_per_append']:.0f} | {r['recognition_cpu_pct']:.0f} "
        f"| {r['recognition_rss_mb']:.0f} "
        f"| {r['rss_per_session_kib']:.0f} | {r['send_late_p99_ms']:.1f} |"
    )


TABLE_HEAD = (
    "| sessions | processes | speech | limit | VAD stops | lag p50 ms | lag p99 ms | lag max ms "
    "| stop→audio p50 / p99 ms | answered (≤ 3 s) | refused | cut by next words | waiting at end | errors "
    "| server CPU % | server CPU µs/append | recognition CPU % | recognition worker RSS MB | RSS/session KiB "
    "| generator late p99 ms |\n"
    "|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50, help=f"concurrent sessions (1..{MAX_SESSIONS})")
    parser.add_argument("--seconds", type=float, default=15.0, help=f"streaming time per session (≤ {MAX_SECONDS:g})")
    parser.add_argument("--speech", action="store_true", help="speech synthesis and recognition on")
    parser.add_argument("--workers", type=int, default=1, help="server processes on the port (rtkit serve --workers)")
    parser.add_argument("--recognition-limit", type=float, default=None, help="refuse turns over this wait (s)")
    parser.add_argument("--wav", type=Path, default=ROOT / "data" / "two_turns.wav")
    args = parser.parse_args()
    result = run_load(args.sessions, args.seconds, args.speech, args.wav, args.workers, args.recognition_limit)
    print(TABLE_HEAD)
    print(format_row(result))
    print(
        f"load average {os.getloadavg()[0]:.1f}; generator CPU {result['generator_cpu_us_per_append']:.0f} µs/append; "
        f"{result['appends']} appends, {result['appends_per_wakeup']:.1f} per server wake-up"
    )
    print(
        f"generator loop late p99 {result['loop_late_p99_ms']:.1f} ms (max {result['loop_late_max_ms']:.1f}); "
        f"its GC pauses {result['generator_gc_pauses']}, longest {result['generator_gc_max_ms']:.1f} ms; "
        f"TCP segments retransmitted (machine-wide) {result['tcp_retransmits']}"
    )
    if result["workers"] > 1:
        print(f"sessions per process {result['sessions_per_process']}, CPU s per process {result['cpu_s_per_process']}")
    if result["errors"]:
        print(f"errors: {', '.join(result['error_kinds'])}")


if __name__ == "__main__":
    main()
