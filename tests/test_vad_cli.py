"""``rtkit vad`` as a user runs it: a real subprocess over the labelled folder."""

from __future__ import annotations

import json
from pathlib import Path

import soundfile as sf
from helpers import ROOT, rtkit_cli


def rtkit(*args: str):
    return rtkit_cli(*args, timeout=120)


def test_grid_json_has_a_row_per_setting_with_scores_and_segments():
    out = rtkit("vad", "data/vad", "--labels", "data/vad/labels.json", "--grid", "--scorer", "energy", "--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    rows = doc["settings"]
    assert doc["labelled"] and len(rows) == 5 * 2 * 5 + 1  # the grid plus the energy preset
    best = rows[0]
    assert {"scorer", "threshold", "prefix_padding_ms", "silence_duration_ms", "score", "early_cutoffs"} <= set(best)
    assert best["score"] == min(r["score"] for r in rows)
    seg = best["segments"]["ends_mid_utterance.wav"][-1]
    duration = json.loads((ROOT / "data" / "vad" / "labels.json").read_text())["ends_mid_utterance.wav"]["duration_ms"]
    assert seg["at_end"] is True and seg["end_ms"] == int(duration)
    assert best["segments"]["noise_only.wav"] == [] or all(not s["at_end"] for s in best["segments"]["noise_only.wav"])


def test_one_file_without_labels_prints_segments_only(tmp_path):
    wav = tmp_path / "x.wav"
    wav.write_bytes((ROOT / "data" / "vad" / "starts_with_speech.wav").read_bytes())
    out = rtkit("vad", str(wav), "--json")
    doc = json.loads(out.stdout)
    (row,) = doc["settings"]
    assert not doc["labelled"] and "score" not in row
    assert row["segments"]["x.wav"][0]["start_ms"] == 0
    text = rtkit("vad", str(wav), "--silence-ms", "500")
    assert "x.wav: 2 turn(s) 0-" in text.stdout and "scores" not in text.stdout


def test_bad_input_is_one_line():
    out = rtkit("vad", "no/such/dir")
    assert out.returncode == 1
    assert out.stderr.strip() == "rtkit vad: error: no/such/dir: no such file or folder"
    out = rtkit("vad", "data/vad", "--threshold", "1.5")
    assert out.stderr.strip().startswith("rtkit vad: error: threshold: 1.5 is out of range")


def test_a_folder_with_an_empty_file_reports_it_and_goes_on(tmp_path: Path, capsys) -> None:
    import shutil

    from rtkit.cli import main

    vad_data = Path(__file__).resolve().parent.parent / "data" / "vad"
    shutil.copy(vad_data / "card_number_clean.wav", tmp_path / "b_speech.wav")
    (tmp_path / "a_empty.wav").write_bytes(b"")
    sf.write(tmp_path / "c_speech.mp3", *sf.read(vad_data / "starts_with_speech.wav"))  # found in a folder too
    assert main(["vad", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert "b_speech.wav: 5 turn(s)" in out and "c_speech.mp3:" in out  # the files after it were run
    assert f"rtkit vad: skipped {tmp_path / 'a_empty.wav'}: file is empty" in err
