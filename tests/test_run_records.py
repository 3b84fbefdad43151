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
