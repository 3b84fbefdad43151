"""What ``rtkit run`` records, as a user would check it: text-only runs, runs that record nothing, identical runs
compared by hash, reused and unwritable output folders, unknown models' prices."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from rtkit.audio import load_audio, write_wav
from rtkit.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "portfolio_summary.wav"


@pytest.fixture(autouse=True)
def _local(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)


def test_text_only_sends_the_spoken_request_and_records_a_text_answer(tmp_path: Path, capsys) -> None:
    out = tmp_path / "run"
    code = main(["run", str(SAMPLE), "--mcp", "finance", "--text-only", "--pace", "fast", "--out", str(out)])
    text = capsys.readouterr().out
    assert code == 0, text
    assert "user: what is my portfolio summary" in text.lower() and "get_portfolio_summary" in text
    turns = pd.read_csv(out / "turns.csv")
    assert turns["kind"].tolist() == ["audio"] and turns["tool_calls"].tolist() == [1]
    answer = [json.loads(x) for x in (out / "transcript.jsonl").read_text().splitlines()]
    assert [x["role"] for x in answer] == ["user", "assistant"] and "Portfolio summary" in answer[1]["text"]
    assert (out / "input.wav").is_file() and not (out / "assistant.wav").exists()  # audio in, text out


def test_a_run_that_records_no_turn_from_sound_fails_and_says_so(tmp_path: Path, capsys) -> None:
    quiet = write_wav(tmp_path / "quiet.wav", (load_audio(SAMPLE) * 0.01).astype(np.int16))  # -55 dBFS at most
    code = main(["run", str(quiet), "--pace", "fast", "--text-only"])
    captured = capsys.readouterr()
    assert code == 1
    assert "no turn was recorded, yet the input holds sound" in captured.err
    silent = write_wav(tmp_path / "silent.wav", np.zeros(24_000, dtype=np.int16))
    assert main(["run", str(silent), "--pace", "fast", "--text-only"]) == 0  # silence: nothing to answer
    assert "no turns recorded" in capsys.readouterr().out


def _hash(folder: Path) -> str:
    cfg, summary = (json.loads((folder / name).read_text()) for name in ("config.json", "summary.json"))
    assert cfg["config_hash"] == summary["config_hash"]
    return str(cfg["config_hash"])


def test_identical_runs_share_a_config_hash_and_a_changed_setting_does_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    args = ["--mcp", "finance", "--pace", "fast", "--local", "--out"]
    for name in ("a", "b"):  # each run's in-process server listens on a port of its own
        assert main(["run", str(SAMPLE), *args, str(tmp_path / name)]) == 0
    ports = {json.loads((tmp_path / n / "config.json").read_text())["run"]["endpoint"] for n in ("a", "b")}
    assert len(ports) == 2
    assert _hash(tmp_path / "a") == _hash(tmp_path / "b")
    # a batch of the same settings is the same experiment
    assert main(["batch", str(SAMPLE), *args, str(tmp_path / "batch"), "--no-progress"]) == 0
    assert _hash(tmp_path / "batch") == _hash(tmp_path / "a")
    summary = json.loads((tmp_path / "batch" / "summary.json").read_text())
    assert summary["pace"] == "fast"
    assert "fast pace" in capsys.readouterr().out  # the report's caveat
    monkeypatch.setenv("REALTIME_VAD_SILENCE_MS", "800")
    assert main(["run", str(SAMPLE), *args, str(tmp_path / "c")]) == 0
    assert _hash(tmp_path / "c") != _hash(tmp_path / "a")


def test_a_reused_out_folder_is_refused_unless_overwritten_and_then_holds_one_run(tmp_path: Path, capsys) -> None:
    out = tmp_path / "run"
    assert main(["run", str(SAMPLE), "--pace", "fast", "--out", str(out)]) == 0
    assert (out / "assistant.wav").is_file()
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    capsys.readouterr()

    text_run = ["run", str(SAMPLE), "--pace", "fast", "--text-only", "--out", str(out)]
    assert main(text_run) == 1
    err = capsys.readouterr().err
    assert f"run folder {out} is not empty" in err and "--overwrite" in err
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before  # the good run is untouched

    assert main([*text_run, "--overwrite"]) == 0
    assert not (out / "assistant.wav").exists()  # nothing of the earlier run is left to mix with this one
    assert len(pd.read_csv(out / "turns.csv")) == 1 and (out / "input.wav").is_file()

    # the same rule for batches (unless resumed) and for the Python API
    assert main(["batch", str(SAMPLE), "--pace", "fast", "--out", str(out), "--no-progress"]) == 1
    assert "is not empty" in capsys.readouterr().err
    from rtkit import MetricsRecorder

    with pytest.raises(ValueError, match="is not empty"):
        MetricsRecorder().save(out)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "mine.txt").write_text("not a run")
    with pytest.raises(ValueError, match="not a run's"):  # never empties a folder that holds no run
        MetricsRecorder().save(tmp_path / "notes", overwrite=True)
    assert (tmp_path / "notes" / "mine.txt").is_file()


def test_an_out_folder_that_cannot_be_written_fails_before_the_run(tmp_path: Path, capsys) -> None:
    assert main(["run", str(SAMPLE), "--pace", "fast", "--out", "/proc/nope"]) == 1
    captured = capsys.readouterr()
    assert "run folder /proc/nope cannot be written" in captured.err
    assert ">>" not in captured.out and "per-turn" not in captured.out  # nothing was run
    assert main(["batch", str(SAMPLE), "--pace", "fast", "--out", "/proc/nope", "--no-progress"]) == 1
    assert "cannot be written" in capsys.readouterr().err


def test_a_model_with_no_price_costs_nan_and_the_hint_names_the_prices_option(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    out = tmp_path / "run"
    assert main(["run", str(SAMPLE), "--pace", "fast", "--model", "gpt-foo", "--out", str(out)]) == 0
    warnings = [r.getMessage() for r in caplog.records if "gpt-foo" in r.getMessage()]
    assert len(warnings) == 1 and "--prices FILE" in warnings[0] and "prices={" not in warnings[0]
    turns = pd.read_csv(out / "turns.csv")
    assert len(turns) == 1 and turns["cost_usd"].isna().all() and turns["response_usd"].isna().all()
    assert turns["transcription_usd"].gt(0).all()  # the transcription model has a price: still shown
    summary = json.loads((out / "summary.json").read_text())  # strict JSON: null, not NaN
    assert summary["cost_usd"] is None and summary["cost_per_min_usd"] is None
    assert pd.read_csv(out / "sessions.csv")["cost_usd"].isna().all()
