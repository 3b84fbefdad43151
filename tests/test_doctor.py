"""``rtkit doctor`` passes on this checkout and fails, naming a fix, for a missing MCP command and an
unreachable URL; the key is reported as set, never printed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import clean_env

KEY = "sk-doctor-" + "Hq4rT8yU1oP5" * 3


def doctor(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rtkit.cli", "doctor", *args],
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
        cwd=cwd,
    )


@pytest.mark.slow
def test_doctor_passes_here(tmp_path: Path) -> None:
    proc = doctor("--json", env=clean_env(), cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads(proc.stdout)
    by_name = {c["name"]: c for c in report["checks"]}
    assert report["ok"] and {"api key", "endpoint", "mcp finance", "mcp devtools"} <= set(by_name)
    assert "session.created" in by_name["endpoint"]["detail"]
    assert "7 tools" in by_name["mcp finance"]["detail"] and by_name["mcp finance"]["ms"] > 0
    assert by_name["speech synthesis"]["status"] == "ok" and by_name["recognition worker"]["status"] == "ok"
    assert all(c["status"] in ("ok", "warn") for c in report["checks"])
    # each check timed on its own: no two share a figure taken at one moment
    timed = [by_name[n]["ms"] for n in ("mcp finance", "mcp devtools", "speech synthesis", "recognition worker")]
    assert all(ms > 0 for ms in timed) and len({round(ms) for ms in timed}) == 4, timed  # as printed


def test_doctor_fails_with_a_fix_for_a_missing_command_and_an_unreachable_url(tmp_path: Path) -> None:
    env = {**clean_env(), "OPENAI_API_KEY": KEY}
    proc = doctor(
        "--no-speech", "--url", "ws://127.0.0.1:1/v1/realtime", "--mcp", "no-such-mcp-command",
        "--mcp", "http://127.0.0.1:1/mcp", env=env, cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 1
    lines = proc.stdout.strip().splitlines()
    assert KEY not in proc.stdout + proc.stderr
    key_line = next(line for line in lines if line.startswith("OK    api key"))
    assert "set (OPENAI_API_KEY" in key_line and "not shown" in key_line
    failed = {line[6:].split(": ", 1)[0]: line for line in lines if line.startswith("FAIL")}
    assert set(failed) == {"endpoint", "mcp no-such-mcp-command", "mcp http://127.0.0.1:1/mcp"}, lines
    assert (
        "no such command" in failed["mcp no-such-mcp-command"]
        and "fix: install the server" in failed["mcp no-such-mcp-command"]
    )
    assert (
        "connection refused" in failed["mcp http://127.0.0.1:1/mcp"]
        and "fix: start the MCP server" in failed["mcp http://127.0.0.1:1/mcp"]
    )
    assert "cannot connect" in failed["endpoint"] and "fix: check the URL" in failed["endpoint"]
    assert lines[-1] == "some checks failed; see the fixes above"
