"""Faults a user causes from outside the process, run against the real ``rtkit`` command: SIGTERM to a busy
``rtkit serve``, Ctrl-C in the middle of ``rtkit batch``, a reused ``--out`` folder, an MCP server that writes
garbage to stdout. Each scenario returns what a user would look at; ``tests/fault_suite.py`` counts them as faults
survived and the regression tests assert on the details.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
CONFIG_PREFIXES = ("OPENAI_", "AZURE_OPENAI_", "REALTIME_", "MCP_", "METRICS_", "RTKIT_")


def env(**extra: str) -> dict[str, str]:
    """This environment without any rtkit or OpenAI setting (the local server, defaults), plus ``extra``."""
    out = {k: v for k, v in os.environ.items() if not k.startswith(CONFIG_PREFIXES)}
    out.update(PYTHONUNBUFFERED="1", **extra)
    return out


def rtkit(*args: str) -> subprocess.Popen[str]:
    """``rtkit ARGS`` as a user starts it in a terminal (Ctrl-C delivered as SIGINT), output captured."""
    return subprocess.Popen(
        [sys.executable, "-m", "rtkit.cli", *args],
        cwd=ROOT,
        env=env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # a shell runs background jobs with SIGINT ignored, and children inherit that: restore Ctrl-C
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- SIGTERM to a busy rtkit serve ----------------------------------------------------------------------------------
@dataclass
class Stopped:
    """How ``rtkit serve`` ended after SIGTERM."""

    sessions: int
    """Short text sessions answered before the signal."""
    exit_s: float
    """Seconds from SIGTERM to the process's exit (inf: it had to be killed)."""
    returncode: int | None
    stderr: str
    open_closed_with: list[int | None] = field(default_factory=list)
    """Close code seen by each session still open at the signal."""


def _wait_healthy(proc: subprocess.Popen[str], port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"rtkit serve exited with {proc.returncode}: {proc.communicate()[1]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/realtime", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise RuntimeError("rtkit serve did not answer /health/realtime")


TOOLS = [
    {
        "type": "function",
        "name": "get_portfolio_summary",
        "description": "Summarise the portfolio: total value and unrealized gain",
        "parameters": {"type": "object", "properties": {}},
    },
    {
        "type": "function",
        "name": "spending_by_category",
        "description": "Spending in one category for a month",
        "parameters": {"type": "object", "properties": {"category": {"type": "string"}}},
    },
]
"""A session's tools, as an agent sends them in ``session.update`` (their words steer the recognizer)."""


async def text_session(url: str, keep_open: bool = False) -> object:
    """One short text session over a raw websocket: a typed question, its answer; with ``keep_open``, the
    connection is returned open (and mid-answer) instead of closed."""
    import websockets

    ws = await websockets.connect(url, max_size=None)
    await ws.recv()  # session.created
    text_only = {"type": "realtime", "output_modalities": ["text"], "tools": TOOLS}
    await ws.send(json.dumps({"type": "session.update", "session": text_only}))
    item = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "What is my portfolio?"}]}
    await ws.send(json.dumps({"type": "conversation.item.create", "item": item}))
    await ws.send(json.dumps({"type": "response.create"}))
    if keep_open:
        return ws
    while json.loads(await ws.recv())["type"] != "response.done":
        pass
    await ws.close()
    return None


async def _closed_with(ws: object) -> int | None:
    from websockets.exceptions import ConnectionClosed

    try:
        while True:
            await ws.recv()  # type: ignore[attr-defined]
    except ConnectionClosed as exc:
        return exc.rcvd.code if exc.rcvd else None


def sigterm_under_load(sessions: int = 240, open_at_signal: int = 3, speech: bool = True) -> Stopped:
    """Start ``rtkit serve``, run ``sessions`` short text sessions one after another (speech engines on, as a
    user runs it), leave ``open_at_signal`` sessions open mid-answer, send SIGTERM and time the exit."""
    port = free_port()
    proc = rtkit("serve", "--port", str(port), *(() if speech else ("--no-speech",)))
    url = f"ws://127.0.0.1:{port}/v1/realtime?model=gpt-realtime"
    try:
        _wait_healthy(proc, port)

        async def load() -> tuple[float, list[int | None]]:
            for _ in range(sessions):
                await text_session(url)
            held = [await text_session(url, keep_open=True) for _ in range(open_at_signal)]
            closing = [asyncio.ensure_future(_closed_with(ws)) for ws in held]
            t0 = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            codes = list(await asyncio.wait_for(asyncio.gather(*closing), 10))
            return t0, codes

        t0, codes = asyncio.run(load())
        try:
            _, stderr = proc.communicate(timeout=20)
            exit_s = time.monotonic() - t0
        except subprocess.TimeoutExpired:
            proc.kill()
            _, stderr = proc.communicate()
            exit_s = float("inf")
        return Stopped(sessions, exit_s, proc.returncode, stderr, codes)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


# -- Ctrl-C in the middle of a batch ----------------------------------------------------------------------------------
@dataclass
class Interrupted:
    """An ``rtkit batch`` stopped by Ctrl-C after some files finished, then resumed."""

    returncode: int | None
    stderr: str
    files: pd.DataFrame
    """``files.csv`` as the interrupted batch left it."""
    summary: dict[str, object]
    resumed_returncode: int | None
    resumed: pd.DataFrame
    """``files.csv`` after ``--resume``."""
    turns: pd.DataFrame
    """``turns.csv`` after ``--resume``."""
    inputs: list[str]


def corpus(folder: Path, copies: int = 4) -> list[str]:
    """``copies`` spoken requests (two of one stem in two formats), as a user's folder of recordings."""
    import soundfile as sf

    folder.mkdir(parents=True, exist_ok=True)
    sources = ["portfolio_summary.wav", "spending_groceries.wav"]
    made = []
    for i in range(copies):
        data, rate = sf.read(DATA / sources[i % 2])
        name = folder / (f"req{i // 2}.wav" if i % 2 == 0 else f"req{i // 2}.flac")
        sf.write(name, data, rate)
        made.append(str(name))
    return sorted(made)


def ctrl_c_batch(tmp: Path, copies: int = 4) -> Interrupted:
    """``rtkit batch`` over a folder, one file at a time; Ctrl-C once the first file is written; then
    ``--resume``."""
    inputs = corpus(tmp / "corpus", copies)
    out = tmp / "batch"
    args = ["batch", str(tmp / "corpus"), "--mcp", "finance", "--pace", "fast", "--concurrency", "1", "--no-progress"]
    proc = rtkit(*args, "--out", str(out))
    deadline = time.monotonic() + 120
    while not list(out.glob("files/*/outcome.json")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    files = pd.read_csv(out / "files.csv") if (out / "files.csv").is_file() else pd.DataFrame()
    summary = json.loads((out / "summary.json").read_text()) if (out / "summary.json").is_file() else {}
    again = rtkit(*args, "--out", str(out), "--resume")
    again.communicate(timeout=180)
    resumed = pd.read_csv(out / "files.csv")
    return Interrupted(
        proc.returncode, stderr, files, summary, again.returncode, resumed, pd.read_csv(out / "turns.csv"), inputs
    )


def batch_survived(r: Interrupted) -> bool:
    """Nothing lost, nothing twice: every file listed once when interrupted and done once after resuming."""
    return (
        r.returncode == 130
        and "files done; run again with --resume" in r.stderr
        and sorted(r.files["file"]) == r.inputs
        and r.resumed_returncode == 0
        and sorted(r.resumed["file"]) == r.inputs
        and bool(r.resumed["ok"].all())
        and r.turns.groupby("file").size().to_dict() == dict.fromkeys(r.inputs, 1)
    )


# -- a reused --out folder -----------------------------------------------------------------------------------------
def reused_out(tmp: Path) -> bool:
    """A run into a folder holding an earlier run is refused and leaves it untouched; ``--overwrite`` leaves only
    the new run."""
    out = tmp / "run"
    sample = str(DATA / "portfolio_summary.wav")
    first = subprocess.run(
        [sys.executable, "-m", "rtkit.cli", "run", sample, "--pace", "fast", "--out", str(out)],
        cwd=ROOT, env=env(), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()} if out.is_dir() else {}
    again = [sys.executable, "-m", "rtkit.cli", "run", sample, "--pace", "fast", "--text-only", "--out", str(out)]
    refused = subprocess.run(again, cwd=ROOT, env=env(), capture_output=True, text=True, timeout=120)
    untouched = {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before
    replaced = subprocess.run([*again, "--overwrite"], cwd=ROOT, env=env(), capture_output=True, text=True, timeout=120)
    return (
        first.returncode == 0
        and "assistant.wav" in before
        and refused.returncode == 1
        and "is not empty" in refused.stderr
        and untouched
        and replaced.returncode == 0
        and not (out / "assistant.wav").exists()
        and len(pd.read_csv(out / "turns.csv")) == 1
    )


# -- an MCP server that writes garbage to stdout ------------------------------------------------------------------
GARBAGE_SERVER = """\
import sys
print("Starting my server v1.0 ...", flush=True)  # a log line on stdout, where JSON-RPC belongs
sys.stdin.read()
"""


def garbage_server(folder: Path) -> str:
    """An MCP server command whose first output line on stdout is not JSON-RPC."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "chatty_server.py"
    script.write_text(GARBAGE_SERVER)
    return f"{sys.executable} {script}"


async def garbage_stdout(folder: Path) -> tuple[float, str]:
    """Open a bridge to a server that prints a log line on stdout; returns (seconds until it failed, error)."""
    from rtkit import MCPRealtimeBridge

    spec = garbage_server(folder)
    t0 = time.monotonic()
    try:
        async with MCPRealtimeBridge([spec]):
            pass
    except Exception as exc:
        return time.monotonic() - t0, str(exc)
    return time.monotonic() - t0, ""


def cleanup(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
