"""A new user's first try: ``rtkit run`` of a spoken "What time is it in Tokyo?" with the registry's
``mcp-server-time`` (installed in a virtual environment of its own, run over stdio) against the local server calls
``get_current_time`` with the IANA zone ``Asia/Tokyo`` and speaks the time the server returns."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import soundfile as sf

from rtkit.audio import SAMPLE_RATE, pad_silence
from rtkit.local.model.responder import FunctionCallPlan, plan_response

REPO = Path(__file__).resolve().parent.parent
SAID = "What time is it in Tokyo?"


def _typed_call(command: str) -> FunctionCallPlan | None:
    """The stand-in model's call for the request typed, with the server's tools as ``rtkit tools`` lists them."""
    listed = subprocess.run(
        [sys.executable, "-m", "rtkit.cli", "tools", "--mcp", command, "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=True,
    )
    item = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": SAID}]}
    plan = plan_response([item], json.loads(listed.stdout), "")
    return plan if isinstance(plan, FunctionCallPlan) else None


def _clock_readings(start: dt.datetime, end: dt.datetime) -> set[str]:
    """Ways an answer may give Tokyo's time of day between ``start`` and ``end``: "17:05", "5:05"."""
    out = set()
    t = start.replace(second=0, microsecond=0)
    while t <= end:
        out |= {f"{t.hour:02d}:{t.minute:02d}", f"{(t.hour - 1) % 12 + 1}:{t.minute:02d}"}
        t += dt.timedelta(minutes=1)
    return out


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_spoken_time_request_with_the_registry_time_server(time_server_command, synth, tmp_path):
    typed = _typed_call(time_server_command)
    if typed is None or typed.name != "get_current_time" or json.loads(typed.arguments) != {"timezone": "Asia/Tokyo"}:
        # The typed side (places to IANA zones) is the stand-in model's argument filling; until it lands this test
        # can only show the speech side, so it is expected to fail rather than skipped silently.
        pytest.xfail(f"the stand-in model does not yet map the typed request to Asia/Tokyo: {typed}")
    wav = tmp_path / "tokyo.wav"
    sf.write(wav, pad_silence(synth.synthesize(SAID), 800), SAMPLE_RATE)
    tokyo = ZoneInfo("Asia/Tokyo")
    start = dt.datetime.now(tokyo)
    run = subprocess.run(
        [sys.executable, "-m", "rtkit.cli", "run", "--local", "--pace", "fast", "--mcp", time_server_command]
        + ["--out", str(tmp_path / "run"), str(wav)],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    end = dt.datetime.now(tokyo)
    assert run.returncode == 0, run.stdout + run.stderr
    requested = re.findall(r"\[tool\] (\w+)\((.*)\) requested", run.stdout)
    assert requested, run.stdout
    name, arguments = requested[0]
    assert name == "get_current_time" and json.loads(arguments) == {"timezone": "Asia/Tokyo"}, run.stdout
    lines = [json.loads(line) for line in (tmp_path / "run" / "transcript.jsonl").read_text().splitlines()]
    user = [x["text"] for x in lines if x["role"] == "user"]
    answer = " ".join(x["text"] for x in lines if x["role"] == "assistant")
    assert user and "tokyo" in user[0].lower(), lines
    # The answer says the time the server returned: Tokyo's time of day during the run.
    assert any(clock in answer for clock in _clock_readings(start, end)), (answer, start, end)
    spoken, rate = sf.read(tmp_path / "run" / "assistant.wav")
    assert len(spoken) > rate  # and it was spoken, not only written
