"""``rtkit serve --workers N``: N server processes share one port; each session is served by one of them."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path
from urllib.request import urlopen

import pytest
import websockets

ROOT = Path(__file__).resolve().parent.parent


def _health(url: str) -> dict:
    with urlopen(url, timeout=10) as response:
        return json.loads(response.read())


async def _text_turn(url: str) -> str:
    async with websockets.connect(url + "?model=gpt-realtime", max_size=None) as ws:
        session = {"type": "realtime", "output_modalities": ["text"]}
        await ws.send(json.dumps({"type": "session.update", "session": session}))
        item = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "hello"}]}
        await ws.send(json.dumps({"type": "conversation.item.create", "item": item}))
        await ws.send(json.dumps({"type": "response.create"}))
        while (event := json.loads(await asyncio.wait_for(ws.recv(), 30)))["type"] != "response.done":
            pass
        await ws.close()
        return str(event["response"]["status"])


async def _sessions(url: str, n: int) -> list[str]:
    return list(await asyncio.gather(*(_text_turn(url) for _ in range(n))))


@pytest.mark.skipif(not hasattr(__import__("socket"), "SO_REUSEPORT"), reason="no SO_REUSEPORT here")
def test_two_workers_serve_sessions_on_one_port_and_stop_on_sigterm() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    command = [sys.executable, "-m", "rtkit.cli", "serve", "--workers", "2", "--port", "0", "--no-speech"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        match = re.search(r"ws://127\.0\.0\.1:(\d+)/v1/realtime in 2 processes \(pids (\d+), (\d+);", line.decode())
        assert match, line
        port, pids = int(match.group(1)), {int(match.group(2)), int(match.group(3))}
        url = f"ws://127.0.0.1:{port}/v1/realtime"
        statuses = asyncio.run(_sessions(url, 12))
        assert statuses == ["completed"] * 12

        # connections land on both processes; each answers its own health
        answered: dict[int, int] = {}
        for _ in range(60):
            health = _health(f"http://127.0.0.1:{port}/health/realtime")
            assert health["status"] == "ok"
            answered[health["pid"]] = health["total_sessions"]
            if set(answered) == pids:
                break
        assert set(answered) == pids
        assert sum(answered.values()) == 12 and all(n > 0 for n in answered.values())  # every session in one of them

        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
        for pid in pids:  # the workers are gone too
            with pytest.raises(ProcessLookupError):
                os.kill(pid, 0)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
