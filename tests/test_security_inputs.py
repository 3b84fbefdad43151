"""Bad input found early and named: audio, labels and output folder checked before any server starts; a file
cut short is read with a warning; empty tables read back; summary memory is the true peak."""

from __future__ import annotations

import json
import logging
import shlex
import sys
from pathlib import Path

import pandas as pd
import pytest
from helpers import SAMPLE, rtkit_cli

from rtkit import audio
from rtkit.config import RealtimeConfig
from rtkit.metrics.recorder import MetricsRecorder
from rtkit.preflight import InputError, check_run, labels_for, read_labels


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"", "is empty (0 bytes)"), (b"this is a text file, not audio\n" * 10, "is not audio libsndfile can read")],
)
def test_bad_audio_is_refused_before_any_server_starts(tmp_path: Path, content: bytes, words: str) -> None:
    bad = tmp_path / "bad.wav"
    bad.write_bytes(content)
    marker = tmp_path / "server-started"
    server = f"{shlex.quote(sys.executable)} -c 'import pathlib; pathlib.Path({str(marker)!r}).touch()'"
    proc = rtkit_cli("run", str(bad), "--mcp", server, "--pace", "fast", cwd=tmp_path, timeout=120)
    assert proc.returncode == 1 and not marker.exists()
    [line] = proc.stderr.strip().splitlines()
    assert str(bad) in line and words in line


def test_labels_errors_name_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"a.wav": {segments: []}}')
    with pytest.raises(InputError, match=rf"labels file {broken} is not valid JSON: .* line 1"):
        read_labels(broken)
    listed = tmp_path / "list.json"
    listed.write_text("[1, 2]")
    with pytest.raises(InputError, match=rf"labels file {listed} holds a JSON list"):
        read_labels(listed)
    bad_seg = tmp_path / "seg.json"
    bad_seg.write_text('{"a.wav": {"segments": [{"start_ms": "x"}]}}')
    with pytest.raises(InputError, match="entry 'a.wav': segment 0 needs numeric"):
        read_labels(bad_seg)
    with pytest.raises(InputError, match="does not exist"):
        check_run([SAMPLE], tmp_path / "missing.json")


def test_labels_json_of_another_shape_beside_the_audio_is_skipped(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    wav = tmp_path / "speech.wav"
    wav.write_bytes(SAMPLE.read_bytes())
    (tmp_path / "labels.json").write_text('[{"file": "speech.wav"}]')
    with caplog.at_level(logging.WARNING, logger="rtkit.preflight"):
        assert labels_for(wav, None) is None
    assert "labels.json holds a JSON list" in caplog.text and "running without labels" in caplog.text
    assert labels_for(SAMPLE, None) == [(500.0, 2230.0)]  # the real labels beside the samples still work


def test_output_folder_checked(tmp_path: Path) -> None:
    a_file = tmp_path / "file"
    a_file.write_text("x")
    with pytest.raises(InputError, match="exists and is not a folder"):
        check_run([SAMPLE], None, a_file)
    with pytest.raises(InputError, match="is not a folder"):
        check_run([SAMPLE], None, a_file / "run")
    check_run([SAMPLE], None, tmp_path / "new" / "run")  # can be made


def test_truncated_wav_warns_how_much_was_read(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    data = SAMPLE.read_bytes()
    cut = tmp_path / "cut.wav"
    cut.write_bytes(data[: len(data) // 2])
    with caplog.at_level(logging.WARNING, logger="rtkit.audio"):
        pcm = audio.load_audio(cut)
    full = audio.load_audio(SAMPLE)
    assert 0.4 < len(pcm) / len(full) < 0.6
    assert "cut short" in caplog.text and "3.23 s" in caplog.text and "(50%)" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="rtkit.audio"):
        audio.load_audio(SAMPLE)
    assert not caplog.text


def test_empty_tables_read_back_and_peak_memory_is_true(tmp_path: Path) -> None:
    rec = MetricsRecorder(RealtimeConfig())
    rec.save(tmp_path)
    for name in ("turns", "sessions", "events", "tool_calls", "responses", "alerts", "resources"):
        df = pd.read_csv(tmp_path / f"{name}.csv")
        assert df.empty and len(df.columns) > 3, name
    assert "voice_to_voice_ms" in pd.read_csv(tmp_path / "turns.csv").columns
    ballast = bytearray(200 * 2**20)  # 200 MiB touched and freed: sampling would miss it, ru_maxrss does not
    ballast[::4096] = b"x" * len(ballast[::4096])
    del ballast
    rec.save(tmp_path, overwrite=True)
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["peak_rss_mb"] >= 200 and "ru_maxrss" in summary["peak_rss_of"]
    assert "children_rss_mb" in summary
