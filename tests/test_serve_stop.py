"""``rtkit serve`` and the in-process server stop when told, whatever they were doing: SIGTERM after a few hundred
sessions, a notebook kernel that exits with the server still running, and sessions that send no audio never queue
work for the recognition workers (which is what used to hold the exit up)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from process_faults import ROOT, TOOLS, env, sigterm_under_load

from rtkit.local import LocalRealtimeServer
from rtkit.local.speech.recognition_pool import RecognizerPool

EXIT_DEADLINE_S = 5.0  # an exit deadline is a behaviour (a process manager kills after it), not a speed figure


@pytest.mark.timeout(300)
def test_sigterm_after_hundreds_of_sessions_stops_serve_within_the_deadline() -> None:
    stopped = sigterm_under_load(sessions=240, open_at_signal=3)
    assert stopped.exit_s < EXIT_DEADLINE_S, stopped.stderr
    assert stopped.returncode == 0, stopped.stderr
    assert stopped.open_closed_with == [1001, 1001, 1001]  # open sessions are told the server is going away
    assert "Traceback" not in stopped.stderr


KERNEL = textwrap.dedent(
    """
    import asyncio, threading, sys
    sys.path.insert(0, {tests!r})
    from process_faults import text_session
    from rtkit.local import LocalRealtimeServer

    loop = asyncio.new_event_loop()  # the kernel's loop, in its own thread as in ipykernel
    threading.Thread(target=loop.run_forever, daemon=True).start()

    async def sessions():
        server = await LocalRealtimeServer(speech=True).start()  # never stopped: the kernel goes away
        await server.speech.load()
        for _ in range(120):
            await text_session(server.url)
        return server.total_sessions

    print(asyncio.run_coroutine_threadsafe(sessions(), loop).result(), flush=True)
    """
)


@pytest.mark.timeout(300)
def test_a_kernel_that_exits_with_the_in_process_server_running_exits_at_once(tmp_path: Path) -> None:
    script = tmp_path / "kernel.py"
    script.write_text(KERNEL.format(tests=str(Path(__file__).parent)))
    proc = subprocess.Popen(
        [sys.executable, str(script)], cwd=ROOT, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()  # the sessions ran; the main thread now ends, as a kernel shutting down
    t0 = time.monotonic()
    try:
        proc.wait(timeout=EXIT_DEADLINE_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail(f"the process did not exit within {EXIT_DEADLINE_S} s: {proc.communicate()[1][-2000:]}")
    assert line.strip() == "120", proc.stderr.read() if proc.stderr else ""
    assert time.monotonic() - t0 < EXIT_DEADLINE_S


async def test_sessions_that_send_no_audio_cost_the_recognition_workers_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import json

    import websockets

    calls: list[str] = []
    for name in ("transcribe", "warm"):
        real = getattr(RecognizerPool, name)

        def spy(self, *args, _real=real, _name=name, **kwargs):  # counts, then does the real work
            calls.append(_name)
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(RecognizerPool, name, spy)
    async with LocalRealtimeServer(speech=True) as server:
        await server.speech.load()  # the workers are ready: anything queued for them would run
        for _ in range(5):
            async with websockets.connect(server.url) as ws:
                await ws.recv()
                tools = [dict(t, description=f"{t['description']} for this session") for t in TOOLS]
                session = {"type": "realtime", "output_modalities": ["text"], "tools": tools}
                await ws.send(json.dumps({"type": "session.update", "session": session}))
                assert json.loads(await ws.recv())["type"] == "session.updated"
    assert calls == []
