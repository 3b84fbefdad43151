"""Shared fixtures: a running local Realtime server on a free port, a raw websocket client for protocol tests,
sample speech, the speech engines and the finance MCP server (each loaded once per run), and the strict SDK-type
validator for server events. Plain helper functions are in ``helpers.py``.

Async tests and fixtures share one event loop for the whole run (``asyncio_default_*_loop_scope`` in
pyproject.toml), so a fixture started once, like the MCP bridge, serves every test.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import websockets
from helpers import DATA
from sdk_types import validate_server_event

from rtkit.audio import SAMPLE_RATE, load_audio
from rtkit.config import MCPConfig
from rtkit.local import FaultConfig, LocalRealtimeServer
from rtkit.local.speech.asr import Recognizer
from rtkit.local.speech.engines import SpeechEngines
from rtkit.local.speech.tts import Synthesizer
from rtkit.mcp.bridge import MCPRealtimeBridge


@pytest.fixture
async def local_server() -> AsyncIterator[LocalRealtimeServer]:
    """A local server without speech engines (silence out, empty transcripts): fast protocol tests."""
    async with LocalRealtimeServer(speech=False) as server:
        yield server


@pytest.fixture(scope="session")
async def speech_engines() -> SpeechEngines:
    """The process's speech engines (espeak-ng, and the default recognizer in its worker pool), loaded once
    before the first test that speaks: every local server of the process shares them, and a test's first turn
    does not wait for a model to load. Request it (or ``speech_server``) in any test that starts a server with
    speech."""
    engines = SpeechEngines()
    await engines.load()
    # two utterances at once: the pool starts its second worker now rather than in the middle of a timed turn
    quiet = np.zeros(SAMPLE_RATE // 4, dtype=np.int16)
    await asyncio.gather(engines.transcribe(quiet), engines.transcribe(quiet))
    return engines


@pytest.fixture
async def speech_server(speech_engines: SpeechEngines) -> AsyncIterator[LocalRealtimeServer]:
    """A local server with speech synthesis and recognition (the engines already loaded)."""
    async with LocalRealtimeServer(speech=True) as server:
        yield server


@pytest.fixture
def make_server() -> Callable[..., LocalRealtimeServer]:
    """Factory for servers with custom settings (auth, faults, expiry); use as ``async with
    make_server(...)``."""

    def make(**kwargs: Any) -> LocalRealtimeServer:
        kwargs.setdefault("speech", False)
        if isinstance(kwargs.get("faults"), dict):
            kwargs["faults"] = FaultConfig(**kwargs["faults"])
        return LocalRealtimeServer(**kwargs)

    return make


@pytest.fixture
def validate_server() -> Callable[[dict[str, Any]], Any]:
    """Strict validator: the event must parse as the SDK's RealtimeServerEvent with no undeclared fields."""
    return validate_server_event


class RawClient:
    """A plain websocket client that records every server event (and validates each one strictly)."""

    def __init__(self, ws: Any, validate: bool = True) -> None:
        self.ws = ws
        self.validate = validate
        self.events: list[dict[str, Any]] = []

    async def send(self, event: dict[str, Any] | str) -> None:
        await self.ws.send(event if isinstance(event, str) else json.dumps(event))

    async def recv(self, timeout: float = 10.0) -> dict[str, Any]:
        event = json.loads(await asyncio.wait_for(self.ws.recv(), timeout))
        if self.validate:
            validate_server_event(event)
        self.events.append(event)
        return event

    async def until(self, type_: str, timeout: float = 10.0, **match: Any) -> dict[str, Any]:
        """Receive until an event of ``type_`` (whose fields equal ``match``) arrives; returns it."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            event = await self.recv(max(0.01, deadline - loop.time()))
            if event["type"] == type_ and all(event.get(k) == v for k, v in match.items()):
                return event

    async def collect_until(self, type_: str, timeout: float = 10.0) -> list[dict[str, Any]]:
        """Events received from now up to and including the next ``type_``."""
        start = len(self.events)
        await self.until(type_, timeout)
        return self.events[start:]

    def types(self, start: int = 0) -> list[str]:
        return [e["type"] for e in self.events[start:]]


@pytest.fixture
def connect() -> Callable[..., Any]:
    """``async with connect(server) as client:`` opens a raw connection and reads ``session.created``."""

    class _Connect:
        def __init__(self, server: LocalRealtimeServer, path: str = "", validate: bool = True, **kwargs: Any):
            self.url = server.url.rsplit("/v1/realtime", 1)[0] + (path or "/v1/realtime?model=gpt-realtime")
            self.kwargs = kwargs
            self.validate = validate

        async def __aenter__(self) -> RawClient:
            self.ws = await websockets.connect(self.url, max_size=None, **self.kwargs)
            client = RawClient(self.ws, self.validate)
            await client.until("session.created")
            return client

        async def __aexit__(self, *exc: object) -> None:
            await self.ws.close()

    return _Connect


@pytest.fixture(scope="session")
def portfolio_pcm() -> np.ndarray:
    """The request "What is my portfolio summary?" as 24 kHz PCM16, from ``data/portfolio_summary.wav``."""
    return load_audio(DATA / "portfolio_summary.wav")


@pytest.fixture(scope="session")
def recognizer_for() -> Callable[[str], Recognizer]:
    """``recognizer_for(engine)``: one loaded Recognizer per engine for the whole run (the test is skipped when
    that engine's wheel is not installed)."""
    loaded: dict[str, Recognizer] = {}

    def get(engine: str) -> Recognizer:
        if engine not in loaded:
            loaded[engine] = Recognizer(engine=engine)
        if not loaded[engine].available:
            pytest.skip(f"the {engine} recognizer cannot load: {loaded[engine].problem}")
        return loaded[engine]

    return get


@pytest.fixture(scope="session")
def synth() -> Synthesizer:
    """One espeak-ng Synthesizer (default voice) for the whole run (the test is skipped without the engine)."""
    synthesizer = Synthesizer()
    if not synthesizer.available:
        pytest.skip("espeak-ng cannot load")
    return synthesizer


@pytest.fixture(scope="session")
async def mcp_bridges() -> AsyncIterator[Callable[..., Awaitable[MCPRealtimeBridge]]]:
    """``await mcp_bridges("finance", ...)``: one connected MCPRealtimeBridge (default MCPConfig) per list of
    servers for the whole run; their server subprocesses start on first use and stop at the end."""
    opened: dict[tuple[str, ...], MCPRealtimeBridge] = {}
    async with AsyncExitStack() as stack:

        async def get(*specs: str) -> MCPRealtimeBridge:
            if specs not in opened:
                opened[specs] = await stack.enter_async_context(MCPRealtimeBridge(list(specs), MCPConfig()))
            return opened[specs]

        yield get


async def _fresh(bridge: MCPRealtimeBridge) -> MCPRealtimeBridge:
    await bridge.refresh_tools()  # lists the tools again and empties the result cache: as a new bridge starts
    return bridge


@pytest.fixture
async def bridge(mcp_bridges: Callable[..., Awaitable[MCPRealtimeBridge]]) -> MCPRealtimeBridge:
    """The finance MCP server behind the run's shared bridge, with an empty result cache."""
    return await _fresh(await mcp_bridges("finance"))


@pytest.fixture
async def tools_bridge(mcp_bridges: Callable[..., Awaitable[MCPRealtimeBridge]]) -> MCPRealtimeBridge:
    """The finance and devtools MCP servers behind the run's shared bridge, with an empty result cache."""
    return await _fresh(await mcp_bridges("finance", "devtools"))


TIME_SERVER_PACKAGE = "mcp-server-time"


@pytest.fixture(scope="session")
def time_server_command() -> str:
    """The registry's ``mcp-server-time``, installed into a virtual environment of its own under the test cache
    (``$RTKIT_TEST_CACHE``, default ``~/.cache/rtkit-tests``; built once, reused by later runs): its stdio command
    with the local time zone fixed to Europe/London. Skipped when the package index cannot be reached."""
    home = Path(os.environ.get("RTKIT_TEST_CACHE") or Path.home() / ".cache" / "rtkit-tests") / "mcp-server-time"
    done = home / ".installed"  # written last: a half-built environment is built again
    home.parent.mkdir(parents=True, exist_ok=True)
    with open(home.parent / "mcp-server-time.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other xdist worker, or another run, may be building it right now
        if not done.exists():
            shutil.rmtree(home, ignore_errors=True)
            subprocess.run([sys.executable, "-m", "venv", str(home)], check=True, capture_output=True)
            pip = subprocess.run(
                [str(home / "bin" / "python"), "-m", "pip", "install", "-q", TIME_SERVER_PACKAGE],
                capture_output=True,
                text=True,
                env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
                timeout=600,
            )
            if pip.returncode != 0:
                pytest.skip(f"cannot install {TIME_SERVER_PACKAGE} from the package index: {pip.stderr.strip()[-300:]}")
            done.write_text(TIME_SERVER_PACKAGE + "\n")
    return f"{home / 'bin' / 'mcp-server-time'} --local-timezone Europe/London"
