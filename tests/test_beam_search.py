"""Beam search, contextual biasing and the confidence gate of the recognizer's decoder (rtkit.local.speech.beam,
.biasing, .beam_gate), on a small decoder given as a table of next-token probabilities, and on Moonshine itself."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
import soxr
from spoken_tools import EXAMPLE_INSTRUCTIONS, EXAMPLE_TOOLS

from rtkit.audio import SAMPLE_RATE, load_audio
from rtkit.local.speech.asr import Call, Recognizer
from rtkit.local.speech.beam import Step, beam_hypotheses, beam_search, log_softmax
from rtkit.local.speech.beam_gate import (
    BEAM_VARIABLE,
    GATE,
    Confidence,
    beam_mode,
    confidence,
    gating,
    spare,
    unsure,
)
from rtkit.local.speech.biasing import TOKEN_BONUS, BiasState, Vocabulary, advance, finish
from rtkit.local.speech.engines import vocabulary
from rtkit.local.speech.tempo import TEMPOS, slowed, surest

HUMAN = Path(__file__).resolve().parent.parent / "data" / "human"
END = 0
PIECES = ["</s>", "\u2581North", "\u2581no", "tes", "\u2581for", "\u2581the", "\u2581a", "\u2581b", "c", "\u2581d"]
NORTH, NO, TES, FOR, THE, A, B, C, D = range(1, 10)


def table_decoder(
    table: dict[tuple[int, ...], dict[int, float]], utterances: int = 1
) -> tuple[np.ndarray, Step, list[int]]:
    """A decoder of ``utterances`` utterances whose next-token probabilities after each prefix are
    ``table[prefix]`` (the rest of the probability spread over the other tokens; END after any prefix not in the
    table, and almost never elsewhere unless the table says so). Returns the first
    log-probabilities, the step, and a record of how many rows each step ran."""
    rows: list[tuple[int, ...]] = [()] * utterances
    runs: list[int] = []

    def logp(prefix: tuple[int, ...]) -> np.ndarray:
        given = {END: 1e-6, **table.get(prefix, {END: 1.0})}  # ending only where the table says so
        rest = (1.0 - sum(given.values())) / (len(PIECES) - len(given))
        p = np.array([given.get(t, max(rest, 1e-9)) for t in range(len(PIECES))])
        return log_softmax(np.log(p))

    def step(parents: np.ndarray, tokens: np.ndarray) -> np.ndarray:
        rows[:] = [(*rows[p], int(t)) for p, t in zip(parents.tolist(), tokens.tolist(), strict=True)]
        runs.append(len(rows))
        return np.stack([logp(r) for r in rows])

    return np.stack([logp(()) for _ in rows]), step, runs


def search(
    table: dict[tuple[int, ...], dict[int, float]], width: int, words: tuple[str, ...] = (), **options: object
) -> list[int]:
    first, step, _ = table_decoder(table)
    vocab = Vocabulary.of(words) or None
    return beam_search(
        first, step, end=END, widths=[width], limits=[8], pieces=PIECES, vocabularies=[vocab], **options
    )[0]


# Greedy takes A (0.55) and then meets a coin toss; B (0.45) is followed by C for certain.
GARDEN_PATH = {(): {A: 0.55, B: 0.45}, (A,): {D: 0.55, THE: 0.45}, (B,): {C: 0.99}, (A, D): {END: 0.99}}


def test_width_one_is_greedy_and_a_wider_beam_finds_the_more_likely_sentence():
    assert search(GARDEN_PATH, 1) == [A, D]  # 0.55 × 0.55 × 0.99
    assert search(GARDEN_PATH, 4) == [B, C]  # 0.45 × 0.99 × END after any untabled prefix (1.0)


def test_an_utterance_ends_at_its_limit_and_allowed_tokens_are_the_only_ones_chosen():
    first, step, _ = table_decoder({(): {A: 0.9}, (A,): {A: 0.9}, (A, A): {A: 0.9}})
    assert beam_search(first, step, end=END, widths=[2], limits=[3]) == [[A, A, A]]
    first, step, _ = table_decoder(GARDEN_PATH)
    assert beam_search(first, step, end=END, widths=[4], limits=[8], allowed=np.array([END, A, D, THE])) == [[A, D]]


def test_exact_steps_run_that_many_decoder_steps_without_ending():
    first, step, runs = table_decoder({})
    out = beam_search(first, step, end=END, widths=[2], limits=[100], exact_steps=5)
    assert len(runs) == 4 and len(out[0]) == 5  # the first step's log-probabilities were given


def test_every_ending_of_the_beam_is_returned_best_first_the_best_as_the_search_finds_it():
    first, step, _ = table_decoder(GARDEN_PATH)
    found = beam_hypotheses(first, step, end=END, width=4, limit=8)
    assert found[0][0] == search(GARDEN_PATH, 4) == [B, C]
    assert [A, D] in [tokens for tokens, _ in found]  # the greedy sentence, nearly as likely, is among them
    assert [score for _, score in found] == sorted((score for _, score in found), reverse=True)
    # (0.45 × 0.99 × 1.0) per token and the end: the score is the log-probability over the tokens and the end
    assert found[0][1] == pytest.approx(np.log(0.45 * 0.99) / 3, abs=1e-3)


def test_several_utterances_are_searched_at_once_each_in_its_own_beam():
    both, step, _ = table_decoder(GARDEN_PATH, 2)
    assert beam_search(both, step, end=END, widths=[1, 3], limits=[8, 8]) == [[A, D], [B, C]]


def test_a_session_word_earns_a_bonus_per_token_and_gives_it_back_unless_completed():
    vocab = Vocabulary.of(["note", "search", "at"])  # "at" is too short to favour
    state, first = advance(vocab, BiasState(), "\u2581no")
    state, second = advance(vocab, state, "tes")  # the plural of a session word counts
    assert first == second == TOKEN_BONUS and finish(vocab, state) == 0.0
    _, after = advance(vocab, state, "\u2581for")  # the next word begins: "notes" keeps its bonus
    assert after == 0.0
    state, gained = advance(vocab, BiasState(), "\u2581no")
    state, lost = advance(vocab, state, "rth")  # turns away from every session word: the bonus is given back
    assert gained + lost == 0.0 and state.word is None
    state, _ = advance(vocab, BiasState(), "\u2581sea")
    assert finish(vocab, state) == -TOKEN_BONUS  # ended before completing "search"
    assert advance(vocab, BiasState(), "\u2581at")[1] == 0.0
    assert advance(vocab, BiasState(), "\u2581Note")[1] == TOKEN_BONUS  # case does not matter


# The sound leaves "North" (0.5) and "no·tes" (0.4 × 0.8) in doubt; "for" follows either.
DOUBT = {
    (): {NORTH: 0.5, NO: 0.4},
    (NO,): {TES: 0.8},
    (NORTH,): {FOR: 0.9},
    (NO, TES): {FOR: 0.9},
    (NORTH, FOR): {END: 0.9},
    (NO, TES, FOR): {END: 0.9},
}


def test_biasing_tips_a_doubtful_word_to_the_session_word_but_not_a_sure_one():
    assert search(DOUBT, 4) == [NORTH, FOR]
    assert search(DOUBT, 4, ("notes", "search")) == [NO, TES, FOR]
    sure = {**DOUBT, (): {NORTH: 0.9, NO: 0.05}}
    assert search(sure, 4, ("notes", "search")) == [NORTH, FOR]


def test_confidence_sums_up_the_tokens_chosen_and_the_gap_to_the_runner_up():
    sure = confidence([-0.1, -0.3, -0.2], [2.0, 0.5, 1.0], ended=True)
    assert sure == Confidence(mean=pytest.approx(-0.2), lowest=-0.3, margin=0.5, ended=True)
    assert confidence([], [], ended=True).mean == 0.0  # nothing decoded: nothing to decode again


def test_the_gate_sends_unsure_and_unended_transcripts_to_the_beam():
    assert unsure(Confidence(GATE - 0.01, -2.0, 0.1, True))
    assert not unsure(Confidence(GATE + 0.01, -2.0, 0.1, True))
    assert unsure(Confidence(-0.01, -0.02, 5.0, ended=False))  # ran out of tokens: a loop
    assert not unsure(Confidence(-0.5, -1.0, 0.1, True), gate=-1.0)


def test_the_decoding_mode_comes_from_the_environment_and_a_wrong_one_is_named(monkeypatch):
    monkeypatch.delenv(BEAM_VARIABLE, raising=False)
    assert beam_mode() == "spare"
    monkeypatch.setenv(BEAM_VARIABLE, " Gated ")
    assert beam_mode() == "gated" and beam_mode("all") == "all" and beam_mode("greedy") == "greedy"
    with pytest.raises(ValueError, match=f"{BEAM_VARIABLE}='wide': expected one of spare, greedy, gated, all"):
        beam_mode("wide")


def test_the_spare_decoding_gates_the_beam_only_for_an_utterance_nothing_else_waits_beside():
    assert spare(pending_audio_s=2.0, own_audio_s=2.0)  # its own speech is all that waits
    assert not spare(pending_audio_s=3.5, own_audio_s=2.0)  # another caller's 1.5 s waits too
    assert gating("spare", busy=False) and not gating("spare", busy=True)
    assert gating("gated", busy=True) and gating("gated", busy=False)  # gated beams under load as well
    assert not gating("greedy", busy=False) and not gating("all", busy=False)  # all beams before any gate


@contextmanager
def decoding(recognizer: Recognizer, mode: str, gate: float = GATE, tempos: tuple[float, ...] = ()) -> Iterator[None]:
    """``recognizer``'s Moonshine decoding set to ``mode``, ``gate`` and ``tempos`` (default: the original playback
    alone) for the block (the model is shared)."""
    moonshine = recognizer._moonshine
    assert moonshine is not None
    before = moonshine.mode, moonshine.gate, moonshine.tempos
    moonshine.mode, moonshine.gate, moonshine.tempos = mode, gate, tempos
    try:
        yield
    finally:
        moonshine.mode, moonshine.gate, moonshine.tempos = before


def test_the_gated_beam_decodes_again_only_what_the_greedy_pass_was_unsure_of(recognizer_for, portfolio_pcm):
    moonshine = recognizer_for("moonshine")
    transcriber = moonshine._moonshine
    with decoding(moonshine, "greedy"):
        greedy = moonshine.transcribe(portfolio_pcm)
    assert transcriber.confidences == [None]  # plain greedy decoding skips the scores
    transcriber.scoring = True
    try:
        with decoding(moonshine, "greedy"):
            assert moonshine.transcribe(portfolio_pcm) == greedy  # scoring does not change the transcript
    finally:
        transcriber.scoring = False
    sure = transcriber.confidences[0]
    assert sure is not None and sure.ended and sure.mean < 0 and transcriber.beamed == [False]
    with decoding(moonshine, "all"):
        beam = moonshine.transcribe(portfolio_pcm)
    with decoding(moonshine, "gated", gate=sure.mean - 0.01):  # surer than the gate: greedy kept
        assert moonshine.transcribe(portfolio_pcm) == greedy and transcriber.beamed == [False]
    with decoding(moonshine, "gated", gate=sure.mean + 0.01):  # less sure: the beam's transcript
        assert moonshine.transcribe(portfolio_pcm) == beam and transcriber.beamed == [True]
    assert transcriber.confidences[0] == sure  # the gate reads the greedy pass, whichever transcript is kept
    with decoding(moonshine, "all"):  # the server's light path stays greedy
        assert moonshine.transcribe(portfolio_pcm, light=True) == greedy and transcriber.beamed == [False]
    with decoding(moonshine, "spare", gate=sure.mean + 0.01):  # unsure: the beam while nothing else waits
        assert moonshine.transcribe(portfolio_pcm) == beam and transcriber.beamed == [True]
        assert moonshine.transcribe(portfolio_pcm, busy=True) == greedy and transcriber.beamed == [False]
        # a batch carries each utterance's flag: the busy one greedy, the one alone beamed
        heard = moonshine.transcribe_many([Call(portfolio_pcm, busy=True), Call(portfolio_pcm)])
        assert heard == [greedy, beam] and transcriber.beamed == [False, True]
    with decoding(moonshine, "spare", gate=sure.mean - 0.01):  # sure: greedy kept, nothing waiting or not
        assert moonshine.transcribe(portfolio_pcm) == greedy and transcriber.beamed == [False]


def test_the_decoder_scores_what_it_heard_above_another_sentence_and_lists_its_nearly_as_likely_ones(
    recognizer_for, portfolio_pcm
):
    moonshine = recognizer_for("moonshine")
    transcriber = moonshine.moonshine
    assert transcriber is not None
    audio = soxr.resample(portfolio_pcm, SAMPLE_RATE, 16000).astype(np.float32) / 32768.0
    with decoding(moonshine, "greedy"):
        heard = transcriber.transcribe(audio)
    found = transcriber.hypotheses(audio, 4)
    assert 1 < len(found) and heard.rstrip(".?") in {text.rstrip(".?") for text in found}
    said, other = transcriber.scores(audio, [heard, "What is my pocket money?"])
    assert said > other + 5
    assert transcriber.scores(audio, ["What is my \u2603?"])[0] < said  # any text is spelled, bytes at worst
    assert transcriber.hypotheses(audio[:100]) == [] and transcriber.scores(audio[:100], [heard]) == []


@pytest.mark.slow
def test_the_session_words_do_not_change_what_people_are_heard_saying(recognizer_for):
    # Ordinary English is not turned into tool words: the recordings of people come out of the beam the same with
    # the example servers' vocabulary as with none.
    moonshine = recognizer_for("moonshine")
    words = vocabulary(EXAMPLE_TOOLS, EXAMPLE_INSTRUCTIONS)
    labels = json.loads((HUMAN / "transcripts.json").read_text())
    with decoding(moonshine, "all"):
        for name in ("goforward.flac", "cards_002.flac", "librivox_0880.flac"):
            pcm = load_audio(HUMAN / name)
            assert moonshine.transcribe(pcm, words) == moonshine.transcribe(pcm), labels[name]["text"]


def test_an_unsure_transcript_is_heard_again_slower_and_the_surest_playback_kept(recognizer_for):
    moonshine = recognizer_for("moonshine")
    transcriber = moonshine._moonshine
    pcm = load_audio(HUMAN.parent / "spending_groceries.wav")  # "Show my spending on groceries."
    audio = soxr.resample(pcm.astype(np.float32) / 32768, SAMPLE_RATE, 16000)
    transcriber.scoring = True
    try:
        heard, sure = {}, {}
        with decoding(moonshine, "greedy"):
            for factor in (1.0, *TEMPOS):
                heard[factor] = transcriber.transcribe(slowed(audio, factor))
                sure[factor] = transcriber.confidences[0]
    finally:
        transcriber.scoring = False
    assert heard[1.0] != heard[1.08] == "Show my spending on groceries."
    assert sure[1.0] is not None and sure[1.08] is not None and sure[1.08].mean > sure[1.0].mean
    assert unsure(sure[1.0]) and not heard[1.16]  # 16 % slower, the decoder ends at once: sure of nothing
    with decoding(moonshine, "gated", tempos=TEMPOS):
        assert transcriber.transcribe(audio).rstrip(".") == "Show my spending on groceries"
        kept = transcriber.confidences[0]
        assert transcriber.played == [1.08] and transcriber.beamed == [True] and kept is not None
        assert kept.mean == pytest.approx(sure[1.08].mean, abs=1e-4)  # the playbacks run as a batch
        transcriber.transcribe(audio, spelled=True)  # a session that expects codes: as it came
        assert transcriber.played == [1.0] and transcriber.beamed == [True]
    with decoding(moonshine, "gated"):  # the beam alone, on the playback as it came
        assert "spending" not in transcriber.transcribe(audio) and transcriber.played == [1.0]
    with decoding(moonshine, "spare", tempos=TEMPOS):  # others waiting: greedy, as it came
        assert transcriber.transcribe(audio, busy=True) == heard[1.0] and transcriber.played == [1.0]
    with decoding(moonshine, "gated", gate=sure[1.0].mean - 0.01, tempos=TEMPOS):  # sure enough: as it came
        assert transcriber.transcribe(audio) == heard[1.0] and transcriber.played == [1.0]


def test_the_surest_playback_is_the_ended_one_of_highest_mean_and_the_first_on_a_tie():
    def sure(mean: float, ended: bool = True) -> Confidence:
        return Confidence(mean, mean, 1.0, ended)

    assert surest([sure(-0.4), sure(-0.2), sure(-0.3)], [9, 9, 8]) == 1
    assert surest([sure(-0.4), sure(-0.1, ended=False)], [9, 40]) == 0  # a decoder that looped loses to one that ended
    assert surest([sure(-0.2), sure(-0.2)], [5, 5]) == 0 and surest([None, sure(-0.9)], [0, 3]) == 1
    assert surest([], []) == 0
    # a playback that heard much less than the original is passed over, however sure: "" for a whole request
    assert surest([sure(-0.3), sure(-0.05), sure(-0.2)], [10, 0, 5]) == 2
    assert surest([sure(-0.3), sure(-0.05)], [10, 4]) == 0
    # an original that never ended sets no floor, but a slower playback that heard nothing never wins
    assert surest([sure(-0.3, ended=False), sure(-0.2)], [60, 3]) == 1
    assert surest([sure(-0.3, ended=False), sure(-0.05)], [60, 0]) == 0


def test_a_slower_playback_is_longer_and_lower_by_its_factor():
    audio = np.sin(np.linspace(0, 200 * np.pi, 16000)).astype(np.float32)
    assert np.array_equal(slowed(audio, 1.0), audio)
    longer = slowed(audio, 1.16)
    assert longer.dtype == np.float32 and abs(len(longer) - 18560) <= 2
    # the tone drops with the speed: its zero crossings are 16 % further apart
    crossings = np.count_nonzero(np.diff(np.signbit(longer[:16000])))
    assert abs(crossings - 200 / 1.16) <= 2
