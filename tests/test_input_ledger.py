"""The input-audio ledger, directly: streamed, confirmed and resent audio on the source's clock (no session)."""

from __future__ import annotations

import numpy as np

from rtkit import audio
from rtkit.session.conversation import Item
from rtkit.session.ledger import InputLedger, confirmable


def frame(ms: float, value: int = 0) -> np.ndarray:
    return np.full(audio.ms_to_samples(ms), value, dtype=np.int16)


def test_frames_advance_the_source_clock_and_start_where_the_last_ended() -> None:
    ledger = InputLedger()
    assert [ledger.append(frame(20)) for _ in range(3)] == [0.0, 20.0, 40.0]
    assert ledger.stream_ms == 60.0


def test_a_new_connection_hears_again_only_what_was_not_confirmed() -> None:
    ledger = InputLedger()
    for i in range(5):
        ledger.append(frame(100, value=i))
    assert ledger.resend_start() == 0.0  # nothing answered yet: everything is heard again
    ledger.confirm(250.0)  # the server answered speech ending inside the third frame
    assert ledger.resend_start() == 200.0
    resent = ledger.frames_from(ledger.resend_start())
    assert [int(f[0]) for f in resent] == [2, 3, 4]
    ledger.confirm(100.0)  # confirmation never moves back
    assert ledger.confirmed_ms == 250.0 and ledger.resend_start() == 200.0
    ledger.confirm(500.0)
    assert ledger.resend_start() == ledger.stream_ms == 500.0 and ledger.frames_from(0.0) == []


def test_memory_stays_bounded_to_the_resend_window() -> None:
    ledger = InputLedger(max_resend_ms=1000.0)
    for _ in range(100):
        ledger.append(frame(100))
    kept = ledger.frames_from(0.0)
    assert audio.samples_to_ms(sum(len(f) for f in kept)) <= 1100.0
    assert ledger.resend_start() >= ledger.stream_ms - 1100.0


def test_labels_are_placed_where_their_audio_starts() -> None:
    ledger = InputLedger()
    ledger.append(frame(300))
    spans, start = ledger.add_labels([(10, 120), (200.5, 400)])
    assert start == 300.0 and spans == [(10.0, 120.0), (200.5, 400.0)]
    assert ledger.labels == [(spans, start)]


def test_user_audio_confirms_once_answered_and_transcribed() -> None:
    item = Item("user_audio", item_id="a", audio_end_ms=900.0)
    assert confirmable(item, transcribing=False) is None  # not answered yet
    item.responded = True
    assert confirmable(item, transcribing=True) is None  # its transcript is still to come
    assert confirmable(item, transcribing=False) == 900.0
    item.text = "hello"
    assert confirmable(item, transcribing=True) == 900.0
    assert confirmable(Item("user_text", text="hi", responded=True), transcribing=False) is None


def test_the_first_unanswered_user_audio_is_found_beyond_the_confirmed_position() -> None:
    ledger = InputLedger()
    items = [
        Item("user_audio", item_id="a", audio_end_ms=500.0),
        Item("assistant", text="ok"),
        Item("user_audio", item_id="b", audio_end_ms=1500.0),
    ]
    assert ledger.unanswered(items) is items[0]
    ledger.confirm(500.0)
    assert ledger.unanswered(items) is items[2]
    ledger.confirm(2000.0)
    assert ledger.unanswered(items) is None
