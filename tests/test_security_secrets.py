"""The API key appears nowhere in a whole run's outputs; ``rtkit serve`` takes its key from the environment and
warns when exposed without one."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from helpers import clean_env

from rtkit.config import RealtimeConfig
from rtkit.exposure import client_host, exposure_warning, is_loopback, serve_key

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "data" / "portfolio_summary.wav"
KEY = "sk-test-" + "Zq7xW3vN9pL2" * 3


def start_server(*args: str, env: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "rtkit.cli", "-v", "serve", "--port", "0", "--no-speech", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert "rtkit local Realtime server on ws://" in line, line + (proc.stderr.read() if proc.poll() else "")
    url = line.split(" on ", 1)[1].split(" ", 1)[0]
    return proc, url


def stop(proc: subprocess.Popen[str]) -> tuple[str, str]:
    proc.terminate()
    out, err = proc.communicate(timeout=30)
    return out, err


@pytest.mark.slow
def test_key_never_appears_in_a_whole_runs_outputs(tmp_path: Path) -> None:
    env = clean_env(("OPENAI_", "AZURE_", "RTKIT_"))
    server, url = start_server(env={**env, "RTKIT_SERVE_API_KEY": KEY})
    try:
        assert KEY not in " ".join(psutil.Process(server.pid).cmdline())  # not visible in ps
        out = tmp_path / "run"
        run = subprocess.run(
            [sys.executable, "-m", "rtkit.cli", "-v", "run", str(SAMPLE), "--url", url, "--mcp", "finance"]
            + ["--out", str(out), "--pace", "fast"],
            env={**env, "OPENAI_API_KEY": KEY},
            capture_output=True,
            text=True,
            timeout=300,
        )
        wrong = subprocess.run(
            [sys.executable, "-m", "rtkit.cli", "-v", "run", str(SAMPLE), "--url", url, "--pace", "fast"],
            env={**env, "OPENAI_API_KEY": KEY[:-4] + "XXXX"},
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        served_out, served_err = stop(server)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "get_portfolio_summary" in run.stdout and "INFO" in run.stderr  # -v logs were on
    assert wrong.returncode != 0 and "401" in wrong.stderr + wrong.stdout
    report = subprocess.run(
        [sys.executable, "-m", "rtkit.cli", "-v", "report", str(out), "--plots"], capture_output=True, text=True
    )
    assert report.returncode == 0, report.stderr
    texts = [run.stdout, run.stderr, wrong.stdout, wrong.stderr, served_out, served_err, report.stdout, report.stderr]
    assert not [i for i, text in enumerate(texts) if KEY in text or KEY[:-4] in text]
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) > 8 and any(p.suffix == ".png" for p in files)
    assert not [p.name for p in files if KEY.encode() in p.read_bytes()]


def test_config_repr_and_errors_hide_the_key() -> None:
    config = RealtimeConfig(api_key=KEY)
    assert KEY not in repr(config) and KEY not in str(config)
    from rtkit.metrics.export import redacted_config

    assert KEY not in str(redacted_config(config))


def test_serve_reads_its_key_from_the_environment_and_warns_when_exposed() -> None:
    assert serve_key(None, {"RTKIT_SERVE_API_KEY": "k"}) == "k" and serve_key("flag", {}) == "flag"
    assert serve_key(None, {}) is None
    assert exposure_warning("0.0.0.0", None) and "RTKIT_SERVE_API_KEY" in exposure_warning("0.0.0.0", None)
    assert exposure_warning("192.168.1.5", None) and exposure_warning("::", None)
    assert exposure_warning("0.0.0.0", "k") is None and exposure_warning("127.0.0.1", None) is None
    assert is_loopback("localhost") and is_loopback("::1") and not is_loopback("example.com")
    assert client_host("0.0.0.0") == "127.0.0.1" and client_host("::") == "::1"
    assert client_host("10.0.0.2") == "10.0.0.2"


@pytest.mark.timeout(60)
def test_wildcard_bind_without_key_warns_and_prints_a_usable_url() -> None:
    server, url = start_server("--host", "0.0.0.0", env=clean_env(("OPENAI_", "AZURE_", "RTKIT_")))
    try:
        assert url.startswith("ws://127.0.0.1:")
        import urllib.request

        health = url.replace("ws://", "http://").replace("/v1/realtime", "/health/realtime")
        deadline = time.monotonic() + 10
        while True:
            try:
                with urllib.request.urlopen(health, timeout=5) as response:
                    assert response.status == 200
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
    finally:
        _, err = stop(server)
    assert "warning: serving on 0.0.0.0 without a key" in err
