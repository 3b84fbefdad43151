"""The bridge against servers that hang, never answer, cannot start or are not there: one clear line each, and
a hung server restarted so the next call works."""

from __future__ import annotations

import gc
import json
import logging
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from rtkit.config import MCPConfig
from rtkit.mcp.bridge import MCPRealtimeBridge

SERVERS = Path(__file__).resolve().parent / "mcp_servers"
HANG = f"{shlex.quote(sys.executable)} {shlex.quote(str(SERVERS / 'hang_server.py'))}"
PY = shlex.quote(sys.executable)


async def test_hung_server_is_restarted_and_the_error_says_so() -> None:
    async with MCPRealtimeBridge([HANG], MCPConfig(tool_timeout_ms=800)) as bridge:
        before = json.loads((await bridge.call("whoami", "{}")).output)["pid"]
        hung = await bridge.call("freeze", '{"seconds": 60}')
        body = json.loads(hung.output)
        assert not hung.ok and hung.timed_out and body["timeout"] is True and body["server_restarted"] is True
        assert "did not answer a health check" in body["message"] and "restarted" in body["message"]
        after = await bridge.call("whoami", "{}")  # within the normal timeout: the restart is already under way
        assert after.ok and json.loads(after.output)["pid"] != before
        assert bridge.server_starts()["hang_server"] == 2


async def test_slow_tool_on_a_responsive_server_is_not_restarted() -> None:
    ops = f"{PY} {shlex.quote(str(SERVERS / 'ops_server.py'))}"
    async with MCPRealtimeBridge([ops], MCPConfig(tool_timeout_ms=300)) as bridge:
        slow = await bridge.call("sleep", '{"ms": 3000}')
        assert slow.timed_out and "server_restarted" not in json.loads(slow.output)
        assert bridge.server_starts()["ops_server"] == 1


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("http://127.0.0.1:1/mcp", "connection refused at http://127.0.0.1:1/mcp"),
        (
            f"{PY} -c 'import sys; sys.stderr.write(\"config file missing\\n\"); sys.exit(3)'",
            "exited with exit status 3 before answering initialize; last stderr: config file missing",
        ),
        (f"{PY} -c 'import sys; sys.exit(3)'", "exit status 3 before answering initialize (no stderr output)"),
        ("no-such-mcp-server-here --flag", "no such command"),
        ("devtools --root /no/such/folder", "exit status 2 before answering initialize; last stderr: devtools server"),
    ],
)
async def test_start_up_errors_are_one_clear_line(spec: str, expected: str) -> None:
    with pytest.raises(ConnectionError) as caught:
        async with MCPRealtimeBridge([spec]):
            pass
    message = str(caught.value)
    assert expected in message and "\n" not in message and "TaskGroup" not in message, message


async def test_server_that_never_answers_times_out_cleanly(caplog: pytest.LogCaptureFixture) -> None:
    silent = f"{PY} -c 'import time; time.sleep(60)'"
    with caplog.at_level(logging.ERROR, logger="asyncio"):
        with pytest.raises(ConnectionError, match=r"no answer to initialize within 1.5 s"):
            async with MCPRealtimeBridge([silent], connect_timeout_s=1.5):
                pass
        gc.collect()
    assert not [r for r in caplog.records if "never retrieved" in r.getMessage()]


def test_cli_start_up_error_is_one_line_without_asyncio_noise() -> None:
    spec = f"{PY} -c 'import sys; sys.exit(3)'"
    proc = subprocess.run(
        [sys.executable, "-m", "rtkit.cli", "tools", "--mcp", spec], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "exit status 3" in lines[0], proc.stderr
