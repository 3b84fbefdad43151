"""Audio records on disk: appends after a read still land at the end, and WAV export is block by block."""

from __future__ import annotations

import gc
import warnings

import numpy as np
import soundfile as sf

from rtkit.session.record import AudioRecord


def test_appends_reads_and_appends_after_a_read_keep_every_sample_in_order(tmp_path):
    record = AudioRecord()
    frames = [np.full(480, i, dtype=np.int16) for i in range(100)]
    for frame in frames[:50]:
        record.append(frame)
    assert np.array_equal(record.read(), np.concatenate(frames[:50]))
    for frame in frames[50:]:
        record.append(frame.tobytes())  # bytes too
    whole = np.concatenate(frames)
    assert record.samples == len(whole) and record.duration_ms == len(whole) / 24
    assert np.array_equal(record.read(), whole)
    path = record.write_wav(tmp_path / "out.wav", block_samples=1000)  # blocks that do not divide the record
    record.append(frames[0])  # a write after an export goes at the end, not over the start
    data, rate = sf.read(path, dtype="int16")
    assert rate == 24000 and np.array_equal(data, whole)
    assert np.array_equal(record.read(), np.concatenate([whole, frames[0]]))
    record.close()


def test_a_record_left_to_the_collector_closes_its_file_without_a_warning():
    record = AudioRecord()
    record.append(np.zeros(480, dtype=np.int16))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        del record
        gc.collect()
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]
    closed = AudioRecord()
    closed.close()
    closed.close()  # twice is harmless
