"""Shared test helpers (plain functions; the fixtures are in ``conftest.py``): paths of the sample data, a new
user's environment, free ports, running the ``rtkit`` command, and conversation items built with
:mod:`rtkit.realtime.protocol` so the tests and the package agree on the wire format."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from rtkit.audio import SAMPLE_RATE, chunk_pcm, pcm_to_b64
from rtkit.local.model.responder import FunctionCallPlan, plan_response
from rtkit.realtime import protocol
from rtkit.vad import EnergyScorer

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SAMPLE = DATA / "portfolio_summary.wav"
"""The spoken request "What is my portfolio summary?"."""
FINANCE_TOOL_NAMES = (
    "get_portfolio_summary",
    "get_holdings",
    "list_transactions",
    "categorize_transactions",
    "spending_by_category",
    "plan_budget",
    "suggest_rebalancing",
)
"""The tools of the ``finance`` MCP server."""


# -- the machine -----------------------------------------------------------------------------------------------
def clean_env(prefixes: tuple[str, ...] = ("OPENAI_", "AZURE_"), **extra: str) -> dict[str, str]:
    """This process's environment without the variables starting with ``prefixes`` (by default those that would
    point rtkit at OpenAI or Azure), plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    env.update(extra)
    return env


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- the rtkit command ---------------------------------------------------------------------------------------------
CONFIG_PREFIXES = ("OPENAI_", "AZURE_OPENAI_", "REALTIME_", "MCP_", "METRICS_")
"""Variables that would point the command at OpenAI/Azure or change its settings: a new user's shell has none."""


def rtkit_command() -> list[str]:
    """The installed ``rtkit`` script of this interpreter's environment, else ``python -m rtkit.cli``."""
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    script = shutil.which("rtkit", path=search)
    return [script] if script else [sys.executable, "-m", "rtkit.cli"]


def rtkit_cli(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None, timeout: float = 90
) -> subprocess.CompletedProcess[str]:
    """``rtkit ARGS`` run to the end as a new user runs it (from the repository root, none of the
    ``CONFIG_PREFIXES`` variables unless ``env`` says otherwise); output captured as text."""
    return subprocess.run(
        [*rtkit_command(), *args],
        cwd=cwd,
        env=env or clean_env(CONFIG_PREFIXES),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start_rtkit(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """``rtkit ARGS`` started in the background like :func:`rtkit_cli`, its output piped."""
    return subprocess.Popen(
        [*rtkit_command(), *args],
        cwd=ROOT,
        env=env or clean_env(CONFIG_PREFIXES),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def slow_run(test: Callable[..., Any]) -> Callable[..., Any]:
    """Marks a test that runs the command with speech and MCP servers: slow, with a roomier time limit (the first
    user of a module's shared runs waits for them)."""
    return pytest.mark.slow(pytest.mark.timeout(180)(test))


# -- sample data -----------------------------------------------------------------------------------------------
@cache
def _labels() -> dict[str, Any]:
    return dict(json.loads((DATA / "labels.json").read_text()))


def spans(name: str) -> list[tuple[float, float]]:
    """The labelled speech spans (start, end in ms) of the sample ``data/NAME``."""
    return [(s["start_ms"], s["end_ms"]) for s in _labels()[name]["segments"]]


def silence(ms: int) -> np.ndarray:
    """``ms`` of digital silence as 24 kHz PCM16."""
    return np.zeros(ms * SAMPLE_RATE // 1000, dtype=np.int16)


def speech_span_ms(pcm: np.ndarray) -> tuple[int, int]:
    """First and last 20 ms frame the energy scorer counts as speech (the sample WAVs have silence around it)."""
    frame = SAMPLE_RATE // 50
    n = len(pcm) // frame
    loud = np.flatnonzero(EnergyScorer().score_frames(pcm[: n * frame].reshape(n, frame)) >= 0.5)
    return int(loud[0]) * 20, int(loud[-1] + 1) * 20


# -- a raw connection (conftest's ``connect``) -------------------------------------------------------------------
async def update(client: Any, **session: Any) -> dict[str, Any]:
    """Send ``session.update`` (a realtime session with ``session``'s fields); returns ``session.updated``."""
    await client.send(protocol.session_update({"type": "realtime", **session}))
    return dict(await client.until("session.updated"))


async def append(client: Any, pcm: np.ndarray, chunk_ms: int = 100) -> None:
    """Send ``pcm`` as ``input_audio_buffer.append`` events of ``chunk_ms`` each."""
    for chunk in chunk_pcm(pcm, chunk_ms):
        await client.send(protocol.input_audio_buffer_append(pcm_to_b64(chunk)))


# -- conversation items ----------------------------------------------------------------------------------------
def user(text: str, audio: bool = False, **extra: Any) -> dict[str, Any]:
    """A user message: typed text, or with ``audio`` a spoken one carrying its transcript; ``extra`` fields (an
    ``id``) added."""
    return {**(spoken(text) if audio else protocol.user_text_item(text)), **extra}


def spoken(transcript: str) -> dict[str, Any]:
    """A user audio message as the server keeps it once transcribed (the transcript, no audio)."""
    return {"type": "message", "role": "user", "content": [{"type": "input_audio", "transcript": transcript}]}


def assistant(text: str, audio: bool = False) -> dict[str, Any]:
    """An assistant message: text, or with ``audio`` a spoken answer carrying its transcript."""
    if not audio:
        return protocol.assistant_text_item(text)
    return {"type": "message", "role": "assistant", "content": [{"type": "output_audio", "transcript": text}]}


def call(call_id: str, name: str, arguments: dict[str, Any] | str = "{}") -> dict[str, Any]:
    """A ``function_call`` item; ``arguments`` as JSON text or as a dict to serialise."""
    text = arguments if isinstance(arguments, str) else json.dumps(arguments)
    return {"type": "function_call", "call_id": call_id, "name": name, "arguments": text}


def output(call_id: str, value: object) -> dict[str, Any]:
    """A ``function_call_output`` item; ``value`` as text or any JSON value to serialise."""
    return protocol.function_call_output_item(call_id, value if isinstance(value, str) else json.dumps(value))


# -- tools for the stand-in model ------------------------------------------------------------------------------
def function_tool(
    name: str, description: str, properties: dict[str, Any] | None = None, required: Sequence[str] = ()
) -> dict[str, Any]:
    """A function tool as a session lists it: ``properties`` (JSON schemas by name), of which ``required``."""
    return {
        "type": "function",
        "name": name,
        "description": description,
        "parameters": {"type": "object", "properties": properties or {}, "required": list(required)},
    }


def heard_call(text: str, *tools: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The function the stand-in model calls for the spoken request whose transcript is ``text`` (a user message
    with an ``input_audio`` part, as the local server keeps recognized speech), and its arguments."""
    item = {"type": "message", "role": "user", "content": [{"type": "input_audio", "transcript": text}]}
    plan = plan_response([item], list(tools))
    assert isinstance(plan, FunctionCallPlan), plan
    return plan.name, json.loads(plan.arguments)


def planned_call(text: str, *tools: dict[str, Any], today: date | None = None) -> tuple[str, dict[str, Any]]:
    """The function the stand-in model calls for the typed request ``text`` among ``tools``, and its arguments
    (the test fails if it answers with a message instead)."""
    plan = plan_response([protocol.user_text_item(text)], list(tools), today=today)
    assert isinstance(plan, FunctionCallPlan), plan
    return plan.name, json.loads(plan.arguments)
