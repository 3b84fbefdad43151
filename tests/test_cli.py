"""End-to-end tests of the ``rtkit`` command, run as real subprocesses the way a new user runs it: help and
version, a spoken portfolio question through the finance MCP server with its run folder checked against the
finance data and the token rules, reports and plots, the tool listing, ``rtkit serve`` driven by the official
SDK, secrets kept out of every output, and clear one-line errors for bad input."""

from __future__ import annotations

import csv
import json
import math
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import websockets
from helpers import (
    CONFIG_PREFIXES,
    FINANCE_TOOL_NAMES,
    clean_env,
    free_port,
    rtkit_cli,
    rtkit_command,
    slow_run,
    start_rtkit,
)
from openai import AsyncOpenAI
from sdk_types import validate_function_tool

import rtkit
from rtkit.audio import load_audio, write_wav
from rtkit.servers import finance

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SAMPLE = "data/portfolio_summary.wav"  # relative: the commands run from the repository root, as in the README
SECRET = "sk-test-SECRET-123"
FINANCE_TOOLS = set(FINANCE_TOOL_NAMES)
RUN_FILES = (
    "assistant.wav",
    "input.wav",
    "transcript.jsonl",
    "summary.json",
    "config.json",
    "turns.csv",
    "responses.csv",
    "tool_calls.csv",
    "events.csv",
)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


def wav_ms(path: Path) -> float:
    info = sf.info(str(path))
    return 1000.0 * info.frames / info.samplerate


def one_line_error(proc: subprocess.CompletedProcess) -> str:
    """The error a failed command printed: exactly one line on stderr, no traceback."""
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


# -- help and version --------------------------------------------------------------------------------------------
HELP_OPTIONS = {
    (): ("--version", "--verbose", "run", "serve", "tools", "report"),
    ("run",): (
        "--local",
        "--url",
        "--mcp",
        "--out",
        "--pace",
        "--labels",
        "--model",
        "--voice",
        "--text-only",
        "--prices",
    ),
    ("serve",): ("--host", "--port", "--api-key", "--max-session-seconds", "--no-speech"),
    ("tools",): ("--mcp", "--json"),
    ("report",): ("--plots", "runs"),
}


@pytest.mark.parametrize("command", list(HELP_OPTIONS), ids=lambda c: " ".join(c) or "rtkit")
def test_help_lists_every_option(command: tuple[str, ...]) -> None:
    proc = rtkit_cli(*command, "--help")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("usage: rtkit")
    for option in HELP_OPTIONS[command]:
        assert option in proc.stdout, f"{option} missing from 'rtkit {' '.join(command)} --help'"


def test_version() -> None:
    proc = rtkit_cli("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"rtkit {rtkit.__version__}"


def test_no_command_prints_help_and_exits_2() -> None:
    proc = rtkit_cli()
    assert proc.returncode == 2
    assert proc.stdout.startswith("usage: rtkit")
    for command in ("run", "serve", "tools", "report"):
        assert command in proc.stdout


# -- rtkit run ---------------------------------------------------------------------------------------------------
@dataclass
class Run:
    """One finished ``rtkit run`` subprocess and its run folder."""

    returncode: int
    stdout: str
    stderr: str
    out: Path


class StartedRuns:
    """The runs every test below needs, started together (they are independent, so they share the cores) and
    awaited when a test first asks for one."""

    def __init__(self, base: Path) -> None:
        secret_env = clean_env(CONFIG_PREFIXES, OPENAI_API_KEY=SECRET)
        specs = {
            "plain": ([], clean_env(CONFIG_PREFIXES)),
            "secret": (["--local"], secret_env),
            "secret_verbose": (["--local"], secret_env),
        }
        self.procs: dict[str, tuple[subprocess.Popen, Path]] = {}
        for name, (flags, env) in specs.items():
            out = base / name
            pre = ["-v"] if name == "secret_verbose" else []
            cmd = [*pre, "run", SAMPLE, "--mcp", "finance", "--out", str(out), "--pace", "fast", *flags]
            self.procs[name] = (start_rtkit(*cmd, env=env), out)
        self.done: dict[str, Run] = {}

    def get(self, name: str) -> Run:
        if name not in self.done:
            proc, out = self.procs[name]
            stdout, stderr = proc.communicate(timeout=100)
            self.done[name] = Run(proc.returncode, stdout, stderr, out)
        return self.done[name]

    def close(self) -> None:
        for proc, _ in self.procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.communicate()


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StartedRuns]:
    started = StartedRuns(tmp_path_factory.mktemp("runs"))
    yield started
    started.close()


@pytest.fixture(scope="module")
def plain_run(runs: StartedRuns) -> Run:
    run = runs.get("plain")
    assert run.returncode == 0, run.stderr
    return run


def expected_total_value() -> float:
    """The portfolio's value as a user would check it: each position's quantity times its latest close."""
    data = finance.load(DATA / "finance")
    total = 0.0
    for position in data.positions:
        latest_date, latest_close = max(data.prices[position.symbol])
        total += position.quantity * latest_close
    return total


def assert_states_total_value(answer: str) -> None:
    """The answer names the total value, right to the precision it is spoken with (cents or whole dollars)."""
    stated = re.search(r"total value\D{0,20}\$(\d{1,3}(?:,\d{3})*)(\.\d+)?", answer)
    assert stated, f"no total value in the answer: {answer!r}"
    decimals = len(stated[2]) - 1 if stated[2] else 0
    value = float(stated[1].replace(",", "") + (stated[2] or ""))
    assert value == pytest.approx(expected_total_value(), abs=0.5 * 10**-decimals + 0.01), answer


def vad_ms(events: list[dict[str, str]], etype: str, field: str) -> float:
    rows = [e for e in events if e["direction"] == "received" and e["type"] == etype]
    assert len(rows) == 1, f"expected one {etype}, got {len(rows)}"
    return float(rows[0][field])


@slow_run
def test_run_prints_the_conversation(plain_run: Run) -> None:
    out = plain_run.stdout
    assert "local server (in-process)" in out.splitlines()[0]
    events = read_csv(plain_run.out / "events.csv")
    started = re.search(r"\[vad\] speech started at (\d+(?:\.\d+)?) ms", out)
    stopped = re.search(r"\[vad\] speech stopped at (\d+(?:\.\d+)?) ms", out)
    assert started and stopped, out
    assert float(started[1]) == vad_ms(events, "input_audio_buffer.speech_started", "audio_start_ms")
    assert float(stopped[1]) == vad_ms(events, "input_audio_buffer.speech_stopped", "audio_end_ms")
    assert float(started[1]) < float(stopped[1])

    user = re.search(r"^\s*user: (.*)$", out, re.M)
    assert user and "portfolio" in user[1].lower(), out

    assert re.search(r"\[tool\] get_portfolio_summary\(\{\}\) requested", out), out
    latency = re.search(r"\[tool\] get_portfolio_summary -> ok in (\d+\.\d) ms", out)
    assert latency, out
    (call,) = read_csv(plain_run.out / "tool_calls.csv")
    assert call["name"] == "get_portfolio_summary" and call["ok"] == "True"
    # The printed figure is the MCP call's duration; the recorder's tool_ms adds the bridge around it.
    assert float(call["mcp_ms"]) - 0.05 <= float(latency[1]) <= float(call["tool_ms"]) + 0.05

    answer = re.search(r"^\s*assistant: (.*)$", out, re.M)
    assert answer, out
    assert_states_total_value(answer[1])

    table = out.split("per-turn metrics (fast pace: latencies are not real-time):", 1)  # the run is --pace fast
    assert len(table) == 2, out
    header, row = table[1].strip().splitlines()[:2]
    for column in ("turn", "voice_to_voice_ms", "ttfb_ms", "tool_ms", "tool_calls", "cost_usd"):
        assert column in header.split()
    cells = dict(zip(header.split(), row.split(), strict=True))
    assert cells["turn"] == "0" and cells["tool_calls"] == "1"
    assert float(cells["voice_to_voice_ms"]) > 0
    assert f"run folder: {plain_run.out}" in out


@slow_run
def test_run_folder_matches_the_audio(plain_run: Run) -> None:
    for name in RUN_FILES:
        path = plain_run.out / name
        assert path.is_file() and path.stat().st_size > 0, name

    responses = read_csv(plain_run.out / "responses.csv")
    assert responses and all(r["status"] == "completed" for r in responses)
    # Assistant audio is billed at 20 tokens/s (one per started 50 ms of each response's audio).
    audio_responses = [r for r in responses if int(r["output_audio_tokens"]) > 0]
    assert audio_responses
    out_tokens = sum(int(r["output_audio_tokens"]) for r in responses)
    assert out_tokens == pytest.approx(wav_ms(plain_run.out / "assistant.wav") / 50, abs=2 * len(audio_responses))

    # User audio at 10 tokens/s: the committed item spans speech start (with its prefix padding) to speech stop.
    events = read_csv(plain_run.out / "events.csv")
    start = vad_ms(events, "input_audio_buffer.speech_started", "audio_start_ms")
    stop = vad_ms(events, "input_audio_buffer.speech_stopped", "audio_end_ms")
    committed_tokens = math.ceil((stop - start) / 100)
    for r in responses:  # every response re-reads the one user audio item
        assert abs(int(r["input_audio_tokens"]) - committed_tokens) <= 1, r

    # input.wav is everything streamed as the user's voice: the input clock of the last append.
    appended = max(float(e["in_ms"]) for e in events if e["type"] == "input_audio_buffer.append")
    assert wav_ms(plain_run.out / "input.wav") == pytest.approx(appended, abs=1)
    labels = json.loads((DATA / "labels.json").read_text())["portfolio_summary.wav"]
    assert appended >= labels["duration_ms"]

    transcript = [json.loads(line) for line in (plain_run.out / "transcript.jsonl").read_text().splitlines()]
    assert [t["role"] for t in transcript] == ["user", "assistant"]
    assert_states_total_value(transcript[1]["text"])
    summary = json.loads((plain_run.out / "summary.json").read_text())
    assert summary["turns"] == 1 and summary["tool_calls"] == 1 and summary["responses"] == len(responses)


@slow_run
def test_run_keeps_each_calls_arguments_and_output(plain_run: Run) -> None:
    (call,) = read_csv(plain_run.out / "tool_calls.csv")
    assert call["name"] == "get_portfolio_summary" and call["arguments"] == "{}"
    assert json.loads(call["output"])["total_value"] == pytest.approx(expected_total_value(), abs=0.01)


# -- rtkit report ------------------------------------------------------------------------------------------------
@slow_run
def test_report_with_plots(plain_run: Run) -> None:
    proc = rtkit_cli("report", str(plain_run.out), "--plots")
    assert proc.returncode == 0, proc.stderr
    assert f"== {plain_run.out}" in proc.stdout
    assert "get_portfolio_summary({}) -> {" in proc.stdout  # the call with its arguments and output
    assert re.search(r"^\s*latency\s+p50\s+p90\s+p99\s+mean\s+n$", proc.stdout, re.M), proc.stdout
    assert re.search(r"^\s*voice_to_voice_ms\s+\d", proc.stdout, re.M)
    assert (
        "pace fast" in proc.stdout
        and "fast pace: latencies are not real-time (the audio went out faster" in proc.stdout
    )
    written = [Path(line.split("wrote ", 1)[1]) for line in proc.stdout.splitlines() if "  wrote " in line]
    assert written
    for png in written:
        assert png.parent == plain_run.out / "plots"
        data = png.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 1000, png
        assert data.endswith(b"IEND\xaeB`\x82"), f"{png} is truncated"


@slow_run
def test_report_compares_runs(plain_run: Run, runs: StartedRuns) -> None:
    other = runs.get("secret")
    assert other.returncode == 0, other.stderr
    proc = rtkit_cli("report", str(plain_run.out), str(other.out))
    assert proc.returncode == 0, proc.stderr
    assert "comparison:" in proc.stdout
    comparison = proc.stdout.split("comparison:", 1)[1]
    assert "voice_to_voice_ms_p50" in comparison
    rows = [line for line in comparison.splitlines() if line.startswith(str(plain_run.out.parent))]
    assert {line.split()[0] for line in rows} == {str(plain_run.out), str(other.out)}


# -- rtkit tools -------------------------------------------------------------------------------------------------
@slow_run
def test_tools_json_is_what_the_model_sees() -> None:
    proc = rtkit_cli("tools", "--mcp", "finance", "--json")
    assert proc.returncode == 0, proc.stderr
    tools = json.loads(proc.stdout)
    assert isinstance(tools, list)
    for tool in tools:
        validate_function_tool(tool)
        assert tool["type"] == "function" and tool["description"]
    assert sorted(t["name"] for t in tools) == sorted(FINANCE_TOOLS)


@slow_run
def test_tools_human_readable() -> None:
    proc = rtkit_cli("tools", "--mcp", "finance")
    assert proc.returncode == 0, proc.stderr
    with pytest.raises(json.JSONDecodeError):
        json.loads(proc.stdout)
    signatures = re.findall(r"^(\w+)\((.*)\)$", proc.stdout, re.M)
    assert {name for name, _ in signatures} == FINANCE_TOOLS
    assert dict(signatures)["plan_budget"] == "monthly_income"
    # Each signature is followed by its indented description.
    lines = proc.stdout.splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^\w+\(", line):
            assert lines[i + 1].startswith("    ") and lines[i + 1].strip()


# -- rtkit serve -------------------------------------------------------------------------------------------------
@dataclass
class Served:
    proc: subprocess.Popen
    port: int

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def stop(self) -> tuple[int, str, str]:
        """Terminate as a process manager would (SIGTERM); returns (exit code, stdout, stderr)."""
        self.proc.terminate()
        stdout, stderr = self.proc.communicate(timeout=15)
        return self.proc.returncode, stdout, stderr


@pytest.fixture
def serve() -> Iterator:
    started: list[Served] = []

    def start(*args: str) -> Served:
        port = free_port()
        proc = start_rtkit("serve", "--port", str(port), "--no-speech", *args)
        served = Served(proc, port)
        started.append(served)
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                pytest.fail(f"rtkit serve exited with {proc.returncode}: {proc.communicate()[1]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/realtime", timeout=2) as r:
                    if r.status == 200:
                        return served
            except (urllib.error.URLError, ConnectionError):
                pass
            if time.monotonic() > deadline:
                pytest.fail("rtkit serve did not answer /health/realtime within 30 s")
            time.sleep(0.1)

    yield start
    for served in started:
        if served.proc.poll() is None:
            served.proc.kill()
            served.proc.communicate()


async def one_text_turn(base_url: str, api_key: str) -> dict:
    """One typed question through the official SDK; returns the ``response.done`` event as a dict."""
    client = AsyncOpenAI(api_key=api_key, base_url=base_url)
    async with client.realtime.connect(model="gpt-realtime-2.1") as conn:
        await conn.session.update(session={"type": "realtime", "output_modalities": ["text"]})
        await conn.conversation.item.create(
            item={
                "type": "message",
                "role": "user",
                "content": [{"type": "input_text", "text": "What is my portfolio summary?"}],
            }
        )
        await conn.response.create()
        async for event in conn:
            if event.type == "error":
                pytest.fail(f"server error: {event.error}")
            if event.type == "response.done":
                return event.model_dump()
    pytest.fail("connection closed before response.done")


def assistant_text(done: dict) -> str:
    assert done["response"]["status"] == "completed", done
    texts = [
        part.get("text") or part.get("transcript") or ""
        for item in done["response"]["output"]
        if item["type"] == "message"
        for part in item["content"]
    ]
    return " ".join(texts)


@slow_run
async def test_serve_answers_the_official_sdk(serve) -> None:
    served = serve()
    done = await one_text_turn(served.base_url, "x")
    assert assistant_text(done).strip()
    code, stdout, stderr = served.stop()
    assert code == 0, stderr
    assert "Traceback" not in stderr
    assert f"ws://127.0.0.1:{served.port}/v1/realtime" in stdout
    assert f"OPENAI_BASE_URL={served.base_url}" in stdout


@slow_run
async def test_serve_with_api_key_refuses_the_wrong_key(serve) -> None:
    served = serve("--api-key", "K-right")
    with pytest.raises(websockets.exceptions.InvalidStatus) as refused:
        await one_text_turn(served.base_url, "K-wrong")
    assert refused.value.response.status_code == 401
    done = await one_text_turn(served.base_url, "K-right")
    assert assistant_text(done).strip()
    code, _, stderr = served.stop()
    assert code == 0, stderr
    assert "K-right" not in stderr


# -- secrets -----------------------------------------------------------------------------------------------------
@slow_run
@pytest.mark.parametrize("name", ["secret", "secret_verbose"])
def test_api_key_appears_in_no_output(runs: StartedRuns, name: str) -> None:
    run = runs.get(name)
    assert run.returncode == 0, run.stderr
    assert "local server (in-process)" in run.stdout.splitlines()[0]  # --local wins over the key
    if name == "secret_verbose":
        assert "INFO " in run.stderr  # -v really logged
    assert SECRET not in run.stdout and SECRET not in run.stderr
    files = [p for p in run.out.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= set(RUN_FILES)
    for path in files:
        assert SECRET.encode() not in path.read_bytes(), f"API key written to {path}"


# -- bad input ---------------------------------------------------------------------------------------------------
def test_missing_audio_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.wav"
    proc = rtkit_cli("run", str(missing), "--pace", "fast")
    assert proc.returncode == 1
    error = one_line_error(proc)
    assert str(missing) in error and "does not exist" in error


@slow_run
def test_text_file_named_wav(tmp_path: Path) -> None:
    fake = tmp_path / "notes.wav"
    fake.write_text("these are meeting notes, not audio\n")
    proc = rtkit_cli("run", str(fake), "--pace", "fast")
    assert proc.returncode == 1
    error = one_line_error(proc)
    assert str(fake) in error and "audio" in error


@slow_run
def test_unknown_mcp_server_name() -> None:
    proc = rtkit_cli("run", SAMPLE, "--mcp", "finanse", "--pace", "fast")
    assert proc.returncode == 1
    error = one_line_error(proc)
    assert "'finanse'" in error and "MCP" in error


def test_bad_option_value_is_an_argparse_error() -> None:
    proc = rtkit_cli("run", SAMPLE, "--pace", "slow")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert "--pace" in last and "'slow'" in last


def test_missing_run_folder(tmp_path: Path) -> None:
    proc = rtkit_cli("report", str(tmp_path / "no-run"))
    assert proc.returncode == 1
    assert str(tmp_path / "no-run") in one_line_error(proc)


# -- runs that end early, and runs across the server's session limit -------------------------------------------------
@slow_run
def test_a_run_across_the_servers_session_limit_renews_and_keeps_every_turn(tmp_path: Path) -> None:
    # two requests with the pause a user leaves for the answer; the 10-second limit falls in that pause
    pause = np.zeros(5 * 24_000, dtype=np.int16)
    first, second = (load_audio(ROOT / "data" / f) for f in ("portfolio_summary.wav", "budget_plan.wav"))
    wav = write_wav(tmp_path / "two_requests.wav", np.concatenate([first, pause, second]))
    port = free_port()
    server = start_rtkit("serve", "--port", str(port), "--max-session-seconds", "10")  # with speech
    served = Served(server, port)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/realtime", timeout=2):
                break
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    url = f"ws://127.0.0.1:{port}/v1/realtime?model=gpt-realtime"
    out = tmp_path / "run"
    proc = rtkit_cli("run", str(wav), "--url", url, "--mcp", "finance", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    served.stop()
    assert "[renewal]" in proc.stdout
    starts = [float(ms) for ms in re.findall(r"\[vad\] speech started at (\d+) ms", proc.stdout)]
    assert starts[-1] == pytest.approx(len(first) / 24 + 5000 + 200, abs=300)  # the file's time, after renewal
    turns = [row for row in read_csv(out / "turns.csv") if row["kind"] != "out_of_band"]
    assert [row["tool_calls"] for row in turns] == ["1", "1"]
    assert len({row["conn"] for row in turns}) == 2  # the second turn ran on a renewed connection
    cfg = json.loads((out / "config.json").read_text())
    assert cfg["config"]["model"] == "gpt-realtime"  # the URL's model, so its price
    assert cfg["run"] == {"pace": "realtime", "endpoint": f"127.0.0.1:{served.port}/v1/realtime", "mcp": ["finance"]}
    responses = read_csv(out / "responses.csv")
    assert all(float(r["cost_usd"]) > 0 for r in responses if r["status"] == "completed")


@slow_run
def test_ctrl_c_keeps_the_run_folder_and_exits_130(tmp_path: Path) -> None:
    out = tmp_path / "run"
    proc = subprocess.Popen(
        [*rtkit_command(), "run", "data/two_turns.wav", "--mcp", "finance", "--out", str(out)],
        cwd=ROOT,
        env=clean_env(CONFIG_PREFIXES, PYTHONUNBUFFERED="1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # a shell runs background jobs with SIGINT ignored, and children inherit that: restore Ctrl-C
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    seen = ""
    assert proc.stdout is not None
    while "speech started" not in seen and time.monotonic() < deadline:  # interrupt mid-conversation
        seen += proc.stdout.readline()
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "ended early" in stdout
    events = read_csv(out / "events.csv")
    assert any(e["type"] == "input_audio_buffer.speech_started" for e in events)  # what happened is kept
    assert (out / "transcript.jsonl").exists() and (out / "config.json").exists()


@slow_run
def test_a_server_that_goes_away_for_good_ends_the_run_with_an_error_and_keeps_the_folder(
    serve, tmp_path: Path
) -> None:
    served = serve()
    out = tmp_path / "run"
    url = f"ws://127.0.0.1:{served.port}/v1/realtime"
    env = clean_env(CONFIG_PREFIXES, PYTHONUNBUFFERED="1")
    proc = start_rtkit("run", "data/two_turns.wav", "--url", url, "--mcp", "finance", "--out", str(out), env=env)
    assert proc.stdout is not None
    seen, deadline = "", time.monotonic() + 60
    while "assistant:" not in seen and time.monotonic() < deadline:
        seen += proc.stdout.readline()
    served.proc.kill()  # the server dies mid-run and never comes back
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert stderr.strip().splitlines()[-1].startswith("rtkit run: error: connection lost")
    assert "3 reconnect attempts failed" in stderr and stderr.count("reconnect attempt ") == 3
    assert "ended early" in stdout and (out / "turns.csv").exists()
    roles = {json.loads(x)["role"] for x in (out / "transcript.jsonl").read_text().splitlines()}
    assert {"user", "assistant"} <= roles


@slow_run
def test_prices_file_prices_a_model_rtkit_does_not_know(tmp_path: Path) -> None:
    prices = tmp_path / "prices.toml"
    prices.write_text(
        "[gpt-house-model]\ntext_in = 1.0\ntext_cached = 0.1\ntext_out = 2.0\naudio_in = 10.0\n"
        "audio_cached = 1.0\naudio_out = 20.0\n"
    )
    out = tmp_path / "run"
    args = ("run", SAMPLE, "--pace", "fast", "--model", "gpt-house-model", "--out", str(out))
    priced = rtkit_cli(*args, "--prices", str(prices))
    assert priced.returncode == 0, priced.stderr
    assert all(float(r["cost_usd"]) > 0 for r in read_csv(out / "responses.csv"))
    unpriced = rtkit_cli(*args[:-1], str(tmp_path / "run2"))
    assert unpriced.returncode == 0, unpriced.stderr
    assert "no price for Realtime model 'gpt-house-model'" in unpriced.stderr
    assert all(r["cost_usd"] in ("", "nan") for r in read_csv(tmp_path / "run2" / "responses.csv"))
