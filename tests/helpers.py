"""Shared test helpers (plain functions; the fixtures are in ``conftest.py``): paths of the sample data, a new
user's environment, free ports, running the ``rtkit`` command, and conversation items built with
:mod:`rtkit.realtime.protocol` so the tests and the package agree on the wire format."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from rtkit.audio import SAMPLE_RATE
from rtkit.realtime import protocol

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SAMPLE = DATA / "portfolio_summary.wav"
"""The spoken request "What is my portfolio summary?"."""


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


def run_rtkit(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``python -m rtkit.cli ARGS`` with this interpreter, as a subprocess; output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "rtkit.cli", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


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


# -- conversation items ----------------------------------------------------------------------------------------
def user(text: str, audio: bool = False) -> dict[str, Any]:
    """A user message: typed text, or with ``audio`` a spoken one carrying its transcript."""
    return spoken(text) if audio else protocol.user_text_item(text)


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
