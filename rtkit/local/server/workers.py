"""``rtkit serve --workers N``: N local server processes on one port.

One server process holds a few hundred silent sessions before its event loop falls behind (``bench/bench_capacity.py``);
more cores take more. The parent reserves the port with ``SO_REUSEPORT`` and starts N fresh interpreters, each a
:class:`~rtkit.local.server.local_server.LocalRealtimeServer` listening on that port with ``SO_REUSEPORT``: the
kernel spreads new connections over them, and a connection (a session) stays with the process that accepted it, so
its state, expiry and recognition never cross processes. ``GET /health/realtime`` is answered by whichever process
the request reaches (its ``pid`` says which). Each process gets an equal share of the cores for its recognition
workers. The API key reaches the workers through their environment, never their command line.

SIGTERM or Ctrl-C in the parent stops every worker (each closes its sessions); a worker that exits on its own stops
the others, and the command exits with its status.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from types import FrameType

from rtkit.local.speech.recognition_pool import machine_cores

__all__ = ["ServeOptions", "serve_workers"]

KEY_VARIABLE = "RTKIT_SERVE_API_KEY"
STOP_GRACE_S = 5.0
"""How long workers get to close their sessions after SIGTERM before they are killed."""
_WORKER_CODE = "from rtkit.local.server.workers import _worker_main; _worker_main()"


@dataclass(frozen=True)
class ServeOptions:
    """What every worker process is started with (the API key travels apart, in the environment)."""

    host: str = "127.0.0.1"
    """Address to bind."""
    port: int = 8765
    """Port every worker listens on (0: the parent picks a free one)."""
    max_session_seconds: float = 3600
    """Session expiry."""
    speech: bool = True
    """Speech synthesis and recognition."""
    script: str | None = None
    """Path of a script of expected turns."""
    recognizer: str | None = None
    """Recognition engine (None: the default)."""
    recognition_limit_s: float | None = None
    """Longest a response may wait for recognition behind others' speech before it is refused."""
    recognition_workers: int | None = None
    """Recognition processes per server process."""


def reserve_port(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` with ``SO_REUSEPORT`` and not listening: it keeps the port for the workers
    (a port of 0 becomes a free one) without taking any of their connections."""
    if not hasattr(socket, "SO_REUSEPORT"):
        raise OSError("--workers needs SO_REUSEPORT, which this platform does not have")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def serve_workers(workers: int, options: ServeOptions, api_key: str | None = None) -> int:
    """Run ``workers`` server processes on one port until SIGTERM or Ctrl-C; returns the exit status."""
    if workers < 1:
        raise ValueError(f"workers: {workers} is invalid; expected 1 or more")
    reserved = reserve_port(options.host, options.port)
    port = int(reserved.getsockname()[1])
    share = max(1, machine_cores() // workers)
    opts = replace(options, port=port, recognition_workers=options.recognition_workers or share)
    env = dict(os.environ)
    env.pop(KEY_VARIABLE, None)
    if api_key:
        env[KEY_VARIABLE] = api_key
    package_root = str(Path(__file__).resolve().parents[3])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    procs: list[subprocess.Popen[bytes]] = []
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        if stopping:  # a second signal: at once
            for p in procs:
                with contextlib.suppress(OSError):
                    p.kill()
            return
        stopping = True
        for p in procs:
            with contextlib.suppress(OSError):
                p.send_signal(signal.SIGTERM)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        for i in range(workers):
            spec = json.dumps({**asdict(opts), "index": i, "of": workers})
            procs.append(subprocess.Popen([sys.executable, "-c", _WORKER_CODE, spec], env=env, stdout=subprocess.PIPE))
        for p in procs:
            assert p.stdout is not None
            if not p.stdout.readline():  # "ready": the worker listens
                stop(signal.SIGTERM, None)
                break
        else:
            host = f"[{opts.host}]" if ":" in opts.host else opts.host
            print(
                f"rtkit local Realtime server on ws://{host}:{port}/v1/realtime in {workers} processes "
                f"(pids {', '.join(str(p.pid) for p in procs)}; OPENAI_BASE_URL=http://{host}:{port}/v1)",
                flush=True,
            )
        status = _wait(procs, lambda: stopping)
        if not stopping:  # a worker stopped on its own: stop the rest
            stop(signal.SIGTERM, None)
        deadline = time.monotonic() + STOP_GRACE_S
        for p in procs:
            try:
                p.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        return status
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        reserved.close()


def _wait(procs: list[subprocess.Popen[bytes]], stopping: Callable[[], bool]) -> int:
    """Wait until one worker exits (its status) or a stop is asked for (0)."""
    while True:
        for p in procs:
            code = p.poll()
            if code is not None:
                return 0 if code in (0, -signal.SIGTERM) else code
        if stopping():
            return 0
        time.sleep(0.2)


def _worker_main() -> None:
    """One worker process: a server on the shared port until SIGTERM; says ``ready`` on stdout once listening."""
    import asyncio

    from rtkit.local.model.script import Script
    from rtkit.local.server.local_server import LocalRealtimeServer, freeze_start_up_heap

    spec = json.loads(sys.argv[1])
    spec.pop("index"), spec.pop("of")
    opts = ServeOptions(**spec)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which stops the workers

    async def run() -> None:
        server = LocalRealtimeServer(
            opts.host,
            opts.port,
            os.environ.get(KEY_VARIABLE) or None,
            opts.max_session_seconds,
            opts.speech,
            script=Script.load(opts.script) if opts.script else None,
            recognizer=opts.recognizer,
            recognition_limit_s=opts.recognition_limit_s,
            reuse_port=True,
            recognition_workers=opts.recognition_workers,
        )
        stopped = asyncio.get_running_loop().create_future()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopped.set_result, None)
        async with server:
            freeze_start_up_heap()
            print("ready", flush=True)
            await stopped

    asyncio.run(run())
