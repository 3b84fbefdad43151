"""Batch runner: file discovery, rate limits in virtual time, and real batches through the local server with the
finance MCP server (local asyncio executor), including a failing file, resume, and the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
import soundfile as sf

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
    assert file_keys(found) == ["more__broken.wav", "more__spending_groceries.wav", "portfolio_summary.wav"]


def test_file_keys_are_unique_per_path_and_stable(tmp_path: Path) -> None:
    paths = [tmp_path / "p.wav", tmp_path / "p.flac", tmp_path / "a b.wav", tmp_path / "a_b.wav"]
    keys = file_keys(paths)
    assert keys[:2] == ["p.wav", "p.flac"]
    assert len(set(keys)) == 4 and all(k.startswith("a_b.wav-") for k in keys[2:])  # made safe, then hashed apart
    assert file_keys(list(reversed(paths))) == list(reversed(keys))  # the same name whatever the order


def test_a_folder_is_searched_for_the_formats_run_takes(tmp_path: Path) -> None:
    data, rate = sf.read(DATA / "portfolio_summary.wav")
    for name in ("a.wav", "b.flac", "c.ogg", "d.mp3", "e.MP3"):
        sf.write(tmp_path / name, data, rate)
    (tmp_path / "notes.txt").write_text("not audio")
    assert [p.name for p in find_audio([tmp_path])] == ["a.wav", "b.flac", "c.ogg", "d.mp3", "e.MP3"]


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
    assert list(files.index) == ["more__broken.wav", "more__spending_groceries.wav", "portfolio_summary.wav"]
    assert not files.loc["more__broken.wav", "ok"] and "broken.wav" in files.loc["more__broken.wav", "error"]
    good = files.drop(index="more__broken.wav")
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
    assert (out / "files" / "portfolio_summary.wav" / "summary.json").is_file()
    assert len(pd.read_csv(out / "files.csv")) == 3

    # resume: the two finished files are taken from the folder, only the broken one runs again
    again = run([corpus], config=LOCAL, mcp=["finance"], out=out, resume=True, pace=False, progress=False)
    rows = again.files.set_index("key")
    assert rows["resumed"].tolist() == [False, True, True]
    assert again.summary["batch"]["resumed"] == 2 and again.summary["batch"]["failed"] == 1
    pd.testing.assert_frame_equal(again.tables["turns"], result.tables["turns"], check_dtype=False)


def test_batch_keeps_apart_files_with_the_same_stem_in_two_formats(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(DATA / "portfolio_summary.wav", corpus / "p.wav")
    sf.write(corpus / "p.flac", *sf.read(DATA / "spending_groceries.wav"))
    out = tmp_path / "run"
    result = run([corpus], config=LOCAL, mcp=["finance"], concurrency=2, out=out, pace=False, progress=False)

    inputs = [str(corpus / "p.flac"), str(corpus / "p.wav")]
    files = pd.read_csv(out / "files.csv")
    assert sorted(files["file"]) == inputs and sorted(files["key"]) == ["p.flac", "p.wav"]
    assert files["ok"].all() and (files["turns"] == 1).all() and (files["tool_calls"] == 1).all()
    expected_tool = {inputs[0]: "spending_by_category", inputs[1]: "get_portfolio_summary"}
    for name in ("events", "turns", "responses", "tool_calls", "sessions"):
        merged = pd.read_csv(out / f"{name}.csv")
        assert sorted(set(merged["file"])) == inputs, name  # every file's rows, none twice
        for key, file in zip(files["key"], files["file"], strict=True):
            own = pd.read_csv(out / "files" / key / f"{name}.csv")
            assert (own["file"] == file).all(), (name, key)
            assert (merged["file"] == file).sum() == len(own), (name, key)
    calls = pd.read_csv(out / "tool_calls.csv")
    assert dict(zip(calls["file"], calls["name"], strict=True)) == expected_tool
    assert len(pd.read_csv(out / "sessions.csv")["session_id"].unique()) == 2
    assert result.summary["batch"]["ok"] == 2 and result.summary["sessions"] == 2

    from rtkit.metrics.report import write_plots

    pngs = {p.name for p in write_plots(out)}
    assert {"timeline_p.wav.png", "timeline_p.flac.png"} <= pngs and "timeline.png" not in pngs  # one per file

    again = run([corpus], config=LOCAL, mcp=["finance"], out=out, resume=True, pace=False, progress=False)
    assert again.files["resumed"].all() and sorted(again.files["key"]) == ["p.flac", "p.wav"]
    pd.testing.assert_frame_equal(again.tables["tool_calls"], result.tables["tool_calls"], check_dtype=False)


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


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_ctrl_c_mid_batch_keeps_what_is_done_marks_the_rest_and_resume_finishes(tmp_path: Path) -> None:
    from process_faults import batch_survived, ctrl_c_batch

    r = ctrl_c_batch(tmp_path)
    assert r.returncode == 130, r.stderr
    assert "interrupted: " in r.stderr and " of 4 files done; run again with --resume" in r.stderr
    assert "InvalidStateError" not in r.stderr and "Traceback" not in r.stderr
    assert sorted(r.files["file"]) == r.inputs  # every file listed once
    not_run = r.files[r.files["error"].fillna("").str.startswith("not run")]
    assert 1 <= len(r.files) - len(not_run) < 4 and not not_run["ok"].any()
    assert r.summary["batch"]["interrupted"] and r.summary["batch"]["not_run"] == len(not_run)
    assert main(["report", str(tmp_path / "batch")]) == 0  # a usable run folder
    assert batch_survived(r), (r.resumed, r.turns.groupby("file").size())
