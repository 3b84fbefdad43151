"""``rtkit doctor``: is this machine ready? One line per check, a fix for each failure, ``--json``.

Checks: the API key (whether one is set, never its value), the Realtime endpoint (connects and waits for
``session.created``; without a key, the embedded local server), each MCP server (starts and lists its tools,
timed), the local speech engines and the recognition worker, and the optional VAD scorers (missing ones are
warnings, not failures). The exit status is 1 when any check failed.
"""

from __future__ import annotations

import asyncio
import functools
import importlib.util
import json
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from rtkit.realtime import events as ev

DEFAULT_MCP = ("finance", "devtools")
MCP_START_TIMEOUT_S = 30.0
ENDPOINT_TIMEOUT_S = 15.0


@dataclass
class Check:
    """The outcome of one check."""

    name: str
    """What was checked, e.g. ``mcp finance``."""
    status: str
    """``ok``, ``warn`` (optional part missing) or ``fail``."""
    detail: str
    """What was found (never a secret)."""
    fix: str = ""
    """What to do about a failure or warning."""
    ms: float | None = None
    """How long the check took."""

    def line(self) -> str:
        took = f" ({self.ms:.0f} ms)" if self.ms is not None else ""
        fix = f" -- fix: {self.fix}" if self.fix and self.status != "ok" else ""
        return f"{self.status.upper():4}  {self.name}: {self.detail}{took}{fix}"


async def _timed(name: str, work: Callable[[], Awaitable[Check]]) -> Check:
    started = time.perf_counter()
    try:
        check = await work()
    except Exception as exc:  # a check that breaks is a failed check, never a crash of doctor
        check = Check(name, "fail", f"{type(exc).__name__}: {exc}", "run with -v for details")
    if check.ms is None:
        check.ms = (time.perf_counter() - started) * 1000
    return check


def check_key(config: Any) -> Check:
    if config.api_key:
        where = "AZURE_OPENAI_API_KEY" if config.azure_endpoint else "OPENAI_API_KEY"
        return Check("api key", "ok", f"set ({where}, {len(config.api_key)} characters; value not shown)")
    return Check("api key", "ok", "none set: the embedded local server is used (set OPENAI_API_KEY for OpenAI)")


async def check_endpoint(config: Any, url: str | None) -> Check:
    from rtkit.local.server.ensure import ensure_server
    from rtkit.realtime.client import RealtimeClient

    async with ensure_server(config, url, speech=False) as target_url:
        local = url is None and target_url is not None
        target = "local server (in-process)" if local else url or "the configured endpoint"
        return await _session_created(RealtimeClient(config, url=target_url), target)


async def _session_created(client: Any, target: str) -> Check:
    try:
        async with asyncio.timeout(ENDPOINT_TIMEOUT_S):
            async with client:
                event = await client.wait_for(ev.SESSION_CREATED, timeout=ENDPOINT_TIMEOUT_S)
    except TimeoutError:
        return Check(
            "endpoint", "fail", f"{target}: no session.created within {ENDPOINT_TIMEOUT_S:g} s",
            "check the URL and that the server speaks the GA Realtime protocol",
        )  # fmt: skip
    except ConnectionError as exc:
        fix = "check the API key" if "401" in str(exc) or "403" in str(exc) else "check the URL and the network"
        return Check("endpoint", "fail", str(exc), fix)
    model = (event.get("session") or {}).get("model")
    return Check("endpoint", "ok", f"{target} answered session.created (model {model})")


async def check_mcp(spec: str) -> Check:
    from rtkit.mcp.bridge import MCPRealtimeBridge

    name = f"mcp {spec}"
    started = time.perf_counter()
    try:
        async with MCPRealtimeBridge([spec], connect_timeout_s=MCP_START_TIMEOUT_S) as bridge:
            took = (time.perf_counter() - started) * 1000  # start-up and tools/list, not the shutdown
            tools = bridge.tools()
    except (ConnectionError, ValueError, TypeError) as exc:
        return Check(name, "fail", str(exc), _mcp_fix(str(exc), spec))
    shown = ", ".join(t["name"] for t in tools[:6]) + (", …" if len(tools) > 6 else "")
    return Check(name, "ok", f"started and listed {len(tools)} tools ({shown})", ms=took)


def _mcp_fix(message: str, spec: str) -> str:
    if "no such command" in message:
        return "install the server or correct the command line (a built-in name, a command, or an http(s):// URL)"
    if "connection refused" in message or "cannot connect" in message or "cannot reach" in message:
        return f"start the MCP server at {spec} first, or correct the URL"
    if "no answer to initialize" in message:
        return "the command starts but does not speak MCP over stdio; check it is an MCP server"
    if "exit status" in message:
        return "run the command by hand to see why it exits"
    return "check the spec"


async def check_speech() -> list[Check]:
    from rtkit.local.speech.asr import ENGINE_VARIABLE, default_engine, engine_problem
    from rtkit.local.speech.worker import RecognizerWorker

    checks = [await _timed("speech synthesis", _check_synthesis)]
    try:
        engine = default_engine()
    except ValueError as exc:
        checks.append(Check("speech recognition", "fail", str(exc), f"unset {ENGINE_VARIABLE} or name an engine"))
        return checks
    package = {"moonshine": "moonshine-cpp", "pocketsphinx": "pocketsphinx"}.get(engine, "moonshine-cpp pocketsphinx")
    problem = engine_problem(engine)
    if problem is not None:
        fix = f"pip install {package} (its wheel carries the English model)"
        checks.append(Check("speech recognition", "fail", problem, fix))
        return checks
    worker = RecognizerWorker(engine=engine)
    started = time.perf_counter()
    try:
        pid = await asyncio.wrap_future(worker.start())
        checks.append(Check("recognition worker", "ok", f"{engine} loaded in worker process {pid}"))
    except Exception as exc:
        checks.append(Check("recognition worker", "fail", str(exc), f"reinstall {package}; run with -v"))
    checks[-1].ms = (time.perf_counter() - started) * 1000  # the load, not the shutdown below
    await asyncio.to_thread(worker.shutdown)
    return checks


async def _check_synthesis() -> Check:
    from rtkit.local.speech.tts import Synthesizer

    synth = await asyncio.to_thread(Synthesizer)
    if not synth.available:
        return Check("speech synthesis", "fail", "espeak-ng not available", "pip install espeakng-loader (a wheel)")
    from rtkit.audio import samples_to_ms

    seconds = samples_to_ms(len(await asyncio.to_thread(synth.synthesize, "ready"))) / 1000
    return Check("speech synthesis", "ok", f"espeak-ng speaks ({seconds:.1f} s for 'ready')")


OPTIONAL_SCORERS = {
    "webrtc": (("webrtcvad",), "pip install webrtcvad-wheels"),
    "ten": (("ten_vad",), "pip install ten-vad"),
    "silero": (("onnxruntime", "silero_vad"), "pip install onnxruntime && pip install --no-deps silero-vad"),
}
"""Optional VAD scorer → modules it needs, and how to install them."""


def check_scorers() -> list[Check]:
    out = [Check("vad energy", "ok", "built in (numpy)")]
    for name, (modules, fix) in OPTIONAL_SCORERS.items():
        missing = [m for m in modules if importlib.util.find_spec(m) is None]
        if missing:
            out.append(Check(f"vad {name}", "warn", f"optional scorer not installed ({', '.join(missing)})", fix))
        else:
            out.append(Check(f"vad {name}", "ok", "installed"))
    return out


async def run_checks(mcp: Sequence[str] = DEFAULT_MCP, url: str | None = None, speech: bool = True) -> list[Check]:
    """Every check, in the order they are printed."""
    from rtkit.config import RealtimeConfig

    config = RealtimeConfig.from_env()
    checks = [check_key(config)]
    checks.append(await _timed("endpoint", lambda: check_endpoint(config, url)))
    for spec in mcp:  # one at a time: each start-up time is that server's own, not the slowest of a crowd
        checks.append(await _timed(f"mcp {spec}", functools.partial(check_mcp, spec)))
    if speech:
        try:
            speech_checks = await check_speech()
        except Exception as exc:
            speech_checks = [Check("speech", "fail", f"{type(exc).__name__}: {exc}", "run with -v for details")]
        checks.extend(speech_checks)
    checks.extend(check_scorers())
    return checks


def main(mcp: Sequence[str], url: str | None, as_json: bool, speech: bool = True) -> int:
    """Run the checks and print them; 1 when any failed."""
    checks = asyncio.run(run_checks(mcp or DEFAULT_MCP, url, speech))
    failed = any(c.status == "fail" for c in checks)
    if as_json:
        print(json.dumps({"ok": not failed, "checks": [asdict(c) for c in checks]}, indent=2))
    else:
        for c in checks:
            print(c.line())
        print("all checks passed" if not failed else "some checks failed; see the fixes above")
    return 1 if failed else 0
