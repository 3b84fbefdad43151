"""``RealtimeSession``: one conversation over a :class:`RealtimeClient`, with MCP tools and the function-call loop.

The session sends ``session.update`` with the bridge's tools, then watches the server's events: when a response
asks for a function, the tool runs at once (parallel calls of one response run concurrently, bounded by the
bridge); its output goes back as a ``function_call_output`` item, and once every call of that response has its
output and the response is done, exactly one ``response.create`` follows. A response cancelled by barge-in drops
its follow-up. Transcripts (user and assistant) and assistant audio are kept for the run's records.

With no API key and no URL, the session starts rtkit's local Realtime server in-process and talks to it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from rtkit import audio
from rtkit.config import RealtimeConfig
from rtkit.realtime import protocol
from rtkit.realtime.client import RealtimeClient
from rtkit.tools import ToolFunction, call_function, tool_failure

log = logging.getLogger("rtkit.session")


class SessionError(RuntimeError):
    """The session could not be set up (the message says which step failed and why)."""


@dataclass
class TranscriptLine:
    """One line of the conversation."""

    role: str
    """``user`` or ``assistant``."""
    text: str
    """What was said (the user's transcript, or the assistant's speech transcript / text)."""
    item_id: str | None = None
    """Conversation item the line belongs to."""
    t: float = 0.0
    """Monotonic time the line was complete."""


@dataclass
class ToolCallRecord:
    """A function call requested by the model and how it went."""

    call_id: str
    name: str
    arguments: str
    response_id: str | None
    output: str = ""
    ok: bool = False
    error: str | None = None
    timed_out: bool = False
    cached: bool = False
    server: str | None = None
    duration_ms: float = 0.0


@dataclass
class SessionResult:
    """What a run produced: transcript, tool calls, server errors, and the assistant's audio."""

    transcript: list[TranscriptLine] = field(default_factory=list)
    tool_calls: list[ToolCallRecord] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)
    """``response.done`` payloads (status, usage, output items)."""
    assistant_audio: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int16))
    """All assistant audio received, 24 kHz int16, in order."""


@dataclass
class _Pending:
    """Function calls of one response, and whether the response itself has finished."""

    tasks: dict[str, asyncio.Task[None]] = field(default_factory=dict)
    done: bool = False
    cancelled: bool = False
    followed_up: bool = False


class RealtimeSession:
    """One conversation: session set-up, tools, function-call loop, barge-in truncation, records.

    >>> async with RealtimeSession(bridge=bridge, recorder=recorder) as session:
    ...     result = await session.run_file("data/portfolio_summary.wav")
    """

    def __init__(
        self,
        config: RealtimeConfig | None = None,
        *,
        bridge: Any | None = None,
        recorder: Any | None = None,
        url: str | None = None,
        local_server: Any | None = None,
        setup_timeout: float = 15.0,
    ) -> None:
        self.config = config or RealtimeConfig()
        self.bridge = bridge
        self.recorder = recorder
        self._url = url
        self._server = local_server
        self._owns_server = False
        self._setup_timeout = setup_timeout
        self._functions: dict[str, tuple[dict[str, Any], ToolFunction]] = {}
        self.client: RealtimeClient | None = None
        self.result = SessionResult()
        self._pending: dict[str, _Pending] = {}
        self._active: set[str] = set()
        self._audio: list[bytes] = []
        self._input: list[np.ndarray] = []
        self._playing: dict[str, Any] | None = None  # item being "played": id, first-delta time, ms received
        self.realtime_playback = True
        """Treat assistant audio as played in real time (for barge-in truncation); ``run_file`` sets it to ``pace``."""
        self._last_event = time.monotonic()
        self._awaiting: list[str] = []  # event_ids of response.create sent, not yet answered
        self._loop_task: asyncio.Task[None] | None = None

    # -- tools -------------------------------------------------------------------------------------------------
    def add_function(
        self, name: str, fn: ToolFunction, description: str = "", parameters: dict[str, Any] | None = None
    ) -> None:
        """Offer a Python function as a tool (alongside MCP tools); it gets the parsed arguments."""
        tool = {
            "type": "function",
            "name": name,
            "description": description,
            "parameters": parameters or {"type": "object", "properties": {}},
        }
        self._functions[name] = (tool, fn)

    def tools(self) -> list[dict[str, Any]]:
        """The function tools sent in ``session.update``."""
        tools = list(self.bridge.tools()) if self.bridge is not None else []
        return tools + [tool for tool, _ in self._functions.values()]

    # -- lifecycle ---------------------------------------------------------------------------------------------
    async def __aenter__(self) -> RealtimeSession:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def start(self) -> None:
        url = self._url
        if url is None and self.config.uses_local_server:
            if self._server is None:
                from rtkit.local import LocalRealtimeServer

                self._server = LocalRealtimeServer()
                self._owns_server = True
                await self._server.__aenter__()
            url = self._server.url
        self.client = RealtimeClient(self.config, url=url, buffer_events=True)
        if self.recorder is not None:
            self.client.add_observer(self.recorder.observe)
        try:
            await self.client.connect()
            created = await self.client.wait_for(protocol.SESSION_CREATED, timeout=self._setup_timeout)
            log.info("session %s created", (created.get("session") or {}).get("id"))
            self._loop_task = asyncio.create_task(self._event_loop())
            sent = await self.client.send(self.config.to_session_update(tools=self.tools()))
            await self._await_ack(sent, protocol.SESSION_UPDATED)
        except BaseException:
            await self.close()
            raise

    async def _await_ack(self, sent: dict[str, Any], ack_type: str) -> dict[str, Any]:
        """Wait for ``ack_type``, or raise if the server answers the sent event with an error."""
        assert self.client is not None
        ack = asyncio.ensure_future(self.client.wait_for(ack_type, timeout=self._setup_timeout))
        err = asyncio.ensure_future(
            self.client.wait_for(
                protocol.ERROR,
                lambda e: (e.get("error") or {}).get("event_id") == sent["event_id"],
                timeout=self._setup_timeout,
            )
        )
        done, pending = await asyncio.wait({ack, err}, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        first = done.pop()
        if first is err:
            if err.exception() is None:
                raise SessionError(f"{sent['type']} rejected: {protocol.error_message(err.result())}")
        elif first.exception() is None:
            return first.result()
        raise SessionError(f"no {ack_type} from {self.client.url} within {self._setup_timeout} s")

    async def close(self) -> None:
        for pending in self._pending.values():
            for task in pending.tasks.values():
                task.cancel()
        if self.client is not None:
            await self.client.close()
        if self._loop_task is not None:
            await asyncio.gather(self._loop_task, return_exceptions=True)
            self._loop_task = None
        if self._audio:
            self.result.assistant_audio = np.frombuffer(b"".join(self._audio), dtype="<i2").copy()
        if self._owns_server and self._server is not None:
            await self._server.__aexit__(None, None, None)
            self._server = None

    # -- event loop --------------------------------------------------------------------------------------------
    async def _event_loop(self) -> None:
        assert self.client is not None
        async for event in self.client:
            self._last_event = time.monotonic()
            try:
                self._handle(event)
            except Exception:  # a bad event must not stop the loop (and lose the rest of the run)
                log.exception("failed to handle %s", event.get("type"))

    def _handle(self, event: dict[str, Any]) -> None:
        etype = event["type"]
        if etype == protocol.RESPONSE_CREATED:
            rid = event["response"]["id"]
            self._active.add(rid)
            if self._awaiting:
                self._awaiting.pop(0)
        elif etype == protocol.FUNCTION_ARGS_DONE:
            self._start_call(event)
        elif etype == protocol.RESPONSE_DONE:
            self._response_done(event["response"])
        elif etype == protocol.AUDIO_DELTA:
            self._on_audio_delta(event)
        elif etype == protocol.SPEECH_STARTED:
            self._barge_in()
        elif etype == protocol.TRANSCRIPTION_COMPLETED:
            self._line("user", event.get("transcript", ""), event.get("item_id"))
        elif etype == protocol.AUDIO_TRANSCRIPT_DONE:
            self._line("assistant", event.get("transcript", ""), event.get("item_id"))
        elif etype == protocol.TEXT_DONE:
            self._line("assistant", event.get("text", ""), event.get("item_id"))
        elif etype == protocol.ERROR:
            self.result.errors.append(event)
            failed = (event.get("error") or {}).get("event_id")
            if failed in self._awaiting:  # that response.create was refused: no response will come
                self._awaiting.remove(failed)

    def _line(self, role: str, text: str, item_id: str | None) -> None:
        self.result.transcript.append(TranscriptLine(role, text, item_id, time.monotonic()))

    def _on_audio_delta(self, event: dict[str, Any]) -> None:
        pcm = protocol.decode_audio_delta(event)
        if self.config.output_format != "audio/pcm":  # G.711 on the wire: keep 24 kHz PCM16 like the rest
            pcm = audio.decode_audio(pcm, self._output_format()).astype("<i2", copy=False).tobytes()
        self._audio.append(pcm)
        item_id = event.get("item_id")
        if self._playing is None or self._playing["item_id"] != item_id:
            self._playing = {"item_id": item_id, "t0": time.monotonic(), "ms": 0.0}
        self._playing["ms"] += len(pcm) / 48.0

    def _output_format(self) -> dict[str, Any]:
        return {"type": self.config.output_format, "rate": 24000}

    def _barge_in(self) -> None:
        """The user spoke over the assistant: truncate its item at the ms a real-time player would have played.

        Playback is assumed to start with the item's first audio delta and run in real time, so it can still be
        going on after ``response.done``. With unpaced input (``realtime_playback`` off) there is no such clock
        and nothing is truncated.
        """
        playing, self._playing = self._playing, None
        if playing is None or not self.realtime_playback or self.client is None:
            return
        played = min((time.monotonic() - playing["t0"]) * 1000.0, playing["ms"])
        if played < playing["ms"]:
            self._spawn(self.client.truncate_item(playing["item_id"], int(played)))

    def _spawn(self, coro: Awaitable[Any]) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(coro)
        task.add_done_callback(_log_task_error)
        return task

    # -- function-call loop ------------------------------------------------------------------------------------
    def _start_call(self, event: dict[str, Any]) -> None:
        rid = event.get("response_id") or ""
        pending = self._pending.setdefault(rid, _Pending())
        call_id = event["call_id"]
        if call_id in pending.tasks:  # the same call announced twice: run it once
            return
        record = ToolCallRecord(call_id, event.get("name", ""), event.get("arguments", ""), rid)
        self.result.tool_calls.append(record)
        pending.tasks[call_id] = asyncio.create_task(self._run_call(record, pending))

    async def _run_call(self, record: ToolCallRecord, pending: _Pending) -> None:
        assert self.client is not None
        result = await self._call_tool(record.name, record.arguments)
        for name in ("output", "ok", "error", "timed_out", "cached", "server"):
            setattr(record, name, getattr(result, name))
        record.duration_ms = (result.ended - result.started) * 1000.0
        if pending.cancelled:
            return
        await self.client.send_function_output(record.call_id, record.output)
        if self.recorder is not None:
            self.recorder.record_tool_call(record.call_id, record.name, result)
        await self._maybe_follow_up(pending, record.call_id)

    async def _call_tool(self, name: str, arguments: str) -> Any:
        if name in self._functions:
            return await call_function(name, self._functions[name][1], arguments)
        if self.bridge is None:
            return tool_failure(name, "unknown_tool", f"no tool named {name!r} in this session", time.monotonic())
        return await self.bridge.call(name, arguments)

    async def _maybe_follow_up(self, pending: _Pending, finished_call: str | None = None) -> None:
        """Send the one ``response.create`` once the response is done and all its calls have outputs."""
        if not pending.done or pending.cancelled or self.client is None:
            return
        if any(not t.done() for cid, t in pending.tasks.items() if cid != finished_call):
            return
        if pending.followed_up:
            return
        pending.followed_up = True
        await self._create_response()

    def _response_done(self, response: dict[str, Any]) -> None:
        rid = response.get("id", "")
        self._active.discard(rid)
        self.result.responses.append(response)
        pending = self._pending.get(rid)
        if pending is not None:
            pending.done = True
            if response.get("status") == "cancelled":
                pending.cancelled = True
                for task in pending.tasks.values():
                    task.cancel()
            elif all(t.done() for t in pending.tasks.values()):
                self._spawn(self._maybe_follow_up(pending))

    # -- convenience for notebooks and the CLI -----------------------------------------------------------------
    async def _create_response(self) -> None:
        assert self.client is not None
        self._awaiting.append((await self.client.create_response())["event_id"])

    def is_idle(self) -> bool:
        """No response active or requested, and every function call of a finished response answered."""
        if self._active or self._awaiting:
            return False
        return all(p.cancelled or p.followed_up or not p.tasks for p in self._pending.values())

    async def wait_idle(self, quiet_s: float = 0.4, timeout: float = 60.0) -> None:
        """Wait until the session is idle and the server has been quiet for ``quiet_s`` (VAD may still fire)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            closed = self._loop_task is None or self._loop_task.done()
            if closed or (self.is_idle() and time.monotonic() - self._last_event >= quiet_s):
                return
            await asyncio.sleep(0.01)
        raise TimeoutError(f"session still busy after {timeout} s ({len(self._active)} active responses)")

    async def send_text(self, text: str, timeout: float = 60.0) -> SessionResult:
        """Send a user text turn, let the model answer (and call tools), and return the records."""
        assert self.client is not None, "use 'async with RealtimeSession(...)'"
        self._line("user", text, None)
        await self.client.create_item(protocol.user_text_item(text))
        await self._create_response()
        await self.wait_idle(quiet_s=0.0, timeout=timeout)
        return self.result

    async def stream_audio(self, pcm: np.ndarray, pace: bool = True, chunk_ms: float = 20) -> float:
        """Append audio (24 kHz int16) in chunks; returns the input-clock position (ms) where it started."""
        assert self.client is not None, "use 'async with RealtimeSession(...)'"
        start_ms = self.client.in_ms
        self._input.append(pcm)
        fmt = {"type": self.config.input_format, "rate": 24000}
        async for chunk in audio.stream_chunks(pcm, chunk_ms=chunk_ms, pace=pace):
            data = chunk if self.config.input_format == "audio/pcm" else audio.encode_audio(chunk, fmt)
            await self.client.append_audio(data)
        return start_ms

    async def run_file(
        self,
        path: str | Path,
        pace: bool = True,
        labels: Sequence[tuple[float, float]] | None = None,
        trailing_silence_ms: float = 1500,
        timeout: float = 120.0,
    ) -> SessionResult:
        """Stream a WAV/FLAC/OGG file as the user's voice and wait until every turn it causes is answered.

        ``labels`` are the true speech spans in the file (ms); they let the recorder measure voice-to-voice
        latency from the real end of speech. ``pace=False`` streams as fast as the socket allows.
        """
        pcm = audio.pad_silence(audio.load_audio(path), trailing_silence_ms)
        self.realtime_playback = pace
        start_ms = await self.stream_audio(pcm, pace=pace)
        if labels and self.recorder is not None:
            self.recorder.add_speech_labels(list(labels), offset_ms=start_ms)
        if self.config.turn_detection is None:
            assert self.client is not None
            await self.client.commit_audio()
            await self._create_response()
        await self.wait_idle(timeout=timeout)
        return self.result

    def assistant_audio(self) -> np.ndarray:
        """The assistant's audio so far (24 kHz int16)."""
        return np.frombuffer(b"".join(self._audio), dtype="<i2").copy()

    def input_audio(self) -> np.ndarray:
        """Everything streamed as the user's voice so far (24 kHz int16), on the input-audio clock."""
        return np.concatenate(self._input) if self._input else np.zeros(0, dtype=np.int16)

    def save_audio(self, path: str | Path) -> Path:
        """Write the assistant's audio so far to a WAV file."""
        return audio.write_wav(path, self.assistant_audio())


def _log_task_error(task: asyncio.Task[Any]) -> None:
    with contextlib.suppress(asyncio.CancelledError):
        if task.exception() is not None:
            log.error("session task failed", exc_info=task.exception())
