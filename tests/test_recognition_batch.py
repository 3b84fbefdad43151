"""Recognition in batches: the pool's queue hands a free worker what waits, and a batch of utterances gives each the
transcript it gets alone."""

from __future__ import annotations

from collections import deque
from concurrent.futures import Future
from pathlib import Path

import numpy as np
import psutil
import pytest

from rtkit.audio import SAMPLE_RATE, load_audio
from rtkit.local.speech.asr import Call
from rtkit.local.speech.moonshine import CALIBRATION_ROWS, CALIBRATION_S, MASKED, encoder_bias
from rtkit.local.speech.recognition_pool import MAX_BATCH, RecognizerPool, _Waiting, take_batch

DATA = Path(__file__).resolve().parent.parent / "data"


def _waiting(n: int) -> list[_Waiting]:
    return [_Waiting(Future(), Call(np.full(10, i, dtype=np.int16)), 3) for i in range(n)]


def test_a_batch_is_the_front_of_the_queue_in_order_without_the_utterances_given_up() -> None:
    items = _waiting(MAX_BATCH + 4)
    items[1].out.cancel()  # a refused response gave up on it
    queue = deque(items)
    first = take_batch(queue)
    assert [int(w.call.pcm[0]) for w in first] == [0, *range(2, MAX_BATCH + 1)]
    assert len(first) == MAX_BATCH and len(queue) == 3
    assert [int(w.call.pcm[0]) for w in take_batch(queue, most=2)] == [MAX_BATCH + 1, MAX_BATCH + 2]
    assert len(take_batch(queue)) == 1 and take_batch(queue) == [] and not queue


def test_a_batch_holds_no_more_audio_than_its_limit_counting_each_row_as_long_as_the_longest() -> None:
    def call(seconds: float) -> _Waiting:
        return _Waiting(Future(), Call(np.zeros(round(seconds * SAMPLE_RATE), dtype=np.int16)), 3)

    queue = deque([call(2.0), call(3.0), call(9.0), call(40.0), call(1.0)])
    assert [len(w.call.pcm) / SAMPLE_RATE for w in take_batch(queue, audio_s=10.0)] == [2.0, 3.0]  # 3 × 9 s > 10
    assert [len(w.call.pcm) / SAMPLE_RATE for w in take_batch(queue, audio_s=10.0)] == [9.0]
    assert [len(w.call.pcm) / SAMPLE_RATE for w in take_batch(queue, audio_s=10.0)] == [40.0]  # alone, however long
    assert len(take_batch(queue, audio_s=10.0)) == 1 and not queue


def test_the_encoder_bias_masks_each_rows_padding_and_nothing_else() -> None:
    bias = encoder_bias([3, 5, 1])
    assert bias.shape == (3, 1, 1, 5) and bias.dtype == np.float32
    assert (bias[0, 0, 0] == [0, 0, 0, MASKED, MASKED]).all()
    assert (bias[1] == 0).all()
    assert (bias[2, 0, 0, 1:] == MASKED).all() and bias[2, 0, 0, 0] == 0
    # the padding's weight after a softmax is exactly zero, the row's own frames keep theirs
    scores = np.array([2.0, -1.0, 0.5, 9.0, 9.0], dtype=np.float32) + bias[0, 0, 0]
    weights = np.exp(scores - scores.max())
    assert (weights[3:] == 0).all() and (weights[:3] > 0).all()


@pytest.mark.slow
def test_a_batch_in_a_real_worker_gives_each_utterance_its_transcript_alone(recognizer_for) -> None:
    moonshine = recognizer_for("moonshine")
    two_turns = load_audio(DATA / "two_turns.wav")
    utterances = [load_audio(DATA / name) for name in ("portfolio_summary.wav", "git_log.wav", "budget_plan.wav")] + [
        two_turns[: 24 * 2600],
        two_turns[24 * 6900 :],
        np.zeros(24 * 50, dtype=np.int16),
    ]  # two cut, one too short
    alone = [moonshine.transcribe(pcm, busy=True) for pcm in utterances]  # as heard while others wait: greedy
    assert all(alone[:5]) and alone[5] == ""
    first = moonshine.transcribe(utterances[2])  # heard with nothing else waiting: the beam if it was unsure
    pool = RecognizerPool(1, engine="moonshine")
    try:
        batches: list[float] = []
        pool.measured = lambda audio_s, seconds, light: batches.append(audio_s)
        [pid] = pool.start().result(timeout=120)
        assert batches == [CALIBRATION_S * CALIBRATION_ROWS]  # the worker timed a typical batch as it loaded
        batches.clear()
        # a first utterance keeps the worker busy while the others queue (busy): they go to it as one batch
        futures = [pool.transcribe(utterances[2])] + [pool.transcribe(pcm, busy=True) for pcm in utterances]
        heard = [f.result(timeout=120) for f in futures]
    finally:
        pool.shutdown()
    assert heard == [first, *alone]
    # the lone utterance's batch says nothing of the speed under load; the busy ones went together
    assert 1 <= len(batches) < len(futures) - 1
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_DEAD
