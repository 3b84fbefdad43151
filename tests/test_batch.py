"""Batch runner: file discovery, rate limits in virtual time, and real batches through the local server with the
finance MCP server (local asyncio executor), including a failing file, resume, and the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from rtkit.batch import Backoff, BatchPlan, RateGate, run
from rtkit.batch.files import file_keys, find_audio
from rtkit.batch.folder import peak_sessions
from rtkit.batch.job import FileOutcome
from rtkit.batch.ratelimit import is_rate_limit_error
from rtkit.cli import main
from rtkit.config import RealtimeConfig

DATA = Path(__file__).resolve().parent.parent / "data"
LOCAL = RealtimeConfig(api_key=None)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Two short labelled recordings and a broken file in a nested folder."""
    folder = tmp_path / "corpus"
    (folder / "more").mkdir(parents=True)
    shutil.copy(DATA / "portfolio_summary.wav", folder / "portfolio_summary.wav")
    shutil.copy(DATA / "spending_groceries.wav", folder / "more" / "spending_groceries.wav")
    shutil.copy(DATA / "labels.json", folder / "labels.json")
    shutil.copy(DATA / "labels.json", folder / "more" / "labels.json")
    (folder / "more" / "broken.wav").write_bytes(b"RIFF not really a wave file")
    return folder


# -- files ---------------------------------------------------------------------------------------------------------
def test_find_audio_expands_folders_and_globs_once(corpus: Path) -> None:
    found = find_audio([corpus, str(corpus / "*.wav")])
    assert [p.name for p in found] == ["broken.wav", "spending_groceries.wav", "portfolio_summary.wav"]
    assert file_keys(found) == ["more__broken", "more__spending_groceries", "portfolio_summary"]


def test_find_audio_names_the_input_that_matches_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="audio input .*nope does not exist"):
        find_audio([tmp_path / "nope"])
    with pytest.raises(FileNotFoundError, match="no audio files"):
        find_audio([tmp_path])


# -- rate limits ---------------------------------------------------------------------------------------------------
class VirtualTime:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


async def test_rate_gate_holds_new_sessions_until_an_empty_bucket_resets() -> None:
    vt = VirtualTime()
    gate = RateGate(clock=vt.clock, sleep=vt.sleep)
    await gate.wait()
    assert vt.slept == []
    buckets = [
        {"name": "requests", "limit": 100, "remaining": 3, "reset_seconds": 5.0},
        {"name": "tokens", "limit": 1000, "remaining": 0, "reset_seconds": 12.5},
    ]
    gate.observe("received", {"type": "rate_limits.updated", "rate_limits": buckets}, 0, 0, 0, 0)
    gate.observe("sent", {"type": "rate_limits.updated", "rate_limits": buckets}, 0, 0, 0, 0)  # not from the server
    await gate.wait()
    assert vt.slept == [12.5] and vt.now == 112.5
    gate.hold(1.0)
    gate.hold(0.5)  # a shorter hold never shortens the one in force
    await gate.wait()
    assert vt.slept == [12.5, 1.0] and gate.held_s == 13.5


def test_backoff_doubles_up_to_the_cap_with_full_jitter() -> None:
    b = Backoff(base_s=1.0, cap_s=5.0, max_attempts=4)
    assert [b.delay(n, 0.999999) for n in (1, 2, 3, 4)] == pytest.approx([1.0, 2.0, 4.0, 5.0], rel=1e-5)
    assert b.delay(3, 0.0) == 0.0 and b.delay(2, 0.5) == 1.0
    limited = {"type": "invalid_request_error", "code": "rate_limit_exceeded"}
    assert is_rate_limit_error({"type": "error", "error": limited})
    assert not is_rate_limit_error({"type": "error", "error": {"type": "server_error", "code": "server_error"}})


def test_peak_sessions_counts_overlaps_within_each_worker() -> None:
    def outcome(worker: str, spans: list[tuple[float, float]]) -> FileOutcome:
        sess = pd.DataFrame({"start_t_s": [s for s, _ in spans], "end_t_s": [e for _, e in spans]})
        return FileOutcome("f", "k", True, worker=worker, tables={"sessions": sess})

    a = outcome("a", [(0, 10), (5, 15), (10, 20)])  # at most 2 at once (one ends as the next starts)
    b = outcome("b", [(0, 1)])  # another process: its clock is not comparable, its peak adds
    assert peak_sessions([a, b]) == 3


# -- real batches --------------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_batch_runs_each_file_in_its_own_session_and_reports_a_bad_file(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    result = run([corpus], config=LOCAL, mcp=["finance"], concurrency=3, out=out, pace=False, progress=False)

    files = result.files.set_index("key")
    assert list(files.index) == ["more__broken", "more__spending_groceries", "portfolio_summary"]
    assert not files.loc["more__broken", "ok"] and "broken.wav" in files.loc["more__broken", "error"]
    good = files.drop(index="more__broken")
    assert good["ok"].all() and (good["turns"] == 1).all() and (good["tool_calls"] == 1).all()
    assert good["cost_usd"].gt(0).all()

    calls = result.tables["tool_calls"].set_index("file")
    assert calls.loc[str(corpus / "portfolio_summary.wav"), "name"] == "get_portfolio_summary"
    assert calls.loc[str(corpus / "more" / "spending_groceries.wav"), "name"] == "spending_by_category"
    assert set(result.tables["sessions"]["file"]) == set(good["file"])  # one session per file that ran
    assert result.tables["sessions"]["session_id"].nunique() == 2

    summary = json.loads((out / "summary.json").read_text())
    assert summary["turns"] == 2 and summary["tool_calls"] == 2 and summary["sessions"] == 2
    assert summary["latency"]["voice_to_voice_ms"]["n"] == 2  # from the labels beside each file
    assert summary["batch"]["failed"] == 1 and summary["batch"]["failures"][0]["file"].endswith("broken.wav")
    assert summary["cost_usd"] == pytest.approx(good["cost_usd"].sum())
    assert (out / "files" / "portfolio_summary" / "summary.json").is_file()
    assert len(pd.read_csv(out / "files.csv")) == 3

    # resume: the two finished files are taken from the folder, only the broken one runs again
    again = run([corpus], config=LOCAL, mcp=["finance"], out=out, resume=True, pace=False, progress=False)
    rows = again.files.set_index("key")
    assert rows["resumed"].tolist() == [False, True, True]
    assert again.summary["batch"]["resumed"] == 2 and again.summary["batch"]["failed"] == 1
    pd.testing.assert_frame_equal(again.tables["turns"], result.tables["turns"], check_dtype=False)


def test_batch_backs_off_and_gives_up_on_rate_limit_errors(make_server, tmp_path: Path) -> None:
    import asyncio

    from rtkit.batch import arun

    async def go():
        faults = {"error_at_events": (1,), "error_code": "rate_limit_exceeded"}
        async with make_server(faults=faults) as server:
            return await arun(
                [DATA / "portfolio_summary.wav"],
                config=LOCAL,
                url=server.url,
                out=tmp_path / "rl",
                pace=False,
                progress=False,
                backoff=Backoff(base_s=0.05, max_attempts=3),
            )

    result = asyncio.run(go())
    row = result.files.iloc[0]
    assert not row["ok"] and row["attempts"] == 3 and "rate_limit_exceeded" in row["error"]


def test_batch_command_prints_the_files_and_the_summary(tmp_path: Path, capsys) -> None:
    out = tmp_path / "cli"
    code = main(["batch", str(DATA / "portfolio_summary.wav"), "--local", "--pace", "fast", "--out", str(out)])
    text = capsys.readouterr().out
    assert code == 0, text
    assert "portfolio_summary.wav" in text and "1/1 files ok" in text and "voice_to_voice_ms" in text
    assert (out / "turns.csv").is_file() and main(["report", str(out)]) == 0


def test_batch_command_names_a_missing_input(tmp_path: Path, capsys) -> None:
    assert main(["batch", str(tmp_path / "missing")]) == 1
    assert capsys.readouterr().err.strip().endswith("does not exist")


def test_plan_is_picklable_for_workers() -> None:
    import pickle

    plan = BatchPlan(config=LOCAL, mcp=("finance",))
    assert pickle.loads(pickle.dumps(plan)) == plan
