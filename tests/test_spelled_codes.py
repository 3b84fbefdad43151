"""A code read out character by character, where the session has a parameter that takes one: the recognizer
decodes it once more choosing only among characters (Moonshine), and the session's slots say which parameters
take codes."""

from __future__ import annotations

import pytest
from helpers import function_tool

from rtkit.local.speech.moonshine import codes_in_capitals, spelled_run_begin, spelled_run_end, spelled_run_start
from rtkit.local.speech.slots import Slot, slots
from rtkit.local.speech.tts import Synthesizer

CODE_TOOL = function_tool(
    "check_booking",
    "Look up a booking by its confirmation code.",
    {
        "confirmation_code": {"type": "string", "description": "Confirmation code, e.g. XY792K."},
        "party": {"type": "string", "description": "Who travels."},
    },
    ("confirmation_code",),
)


def test_a_code_written_as_one_lower_case_word_is_put_in_capitals():
    assert codes_in_capitals("Look up confirmation code r2d28f.") == "Look up confirmation code R2D28F."
    assert codes_in_capitals("order a12345 and 2b4x") == "order A12345 and 2B4X"
    # numbers with a suffix, words, and codes already in capitals stay as written
    kept = "the 2nd train at 4pm, 5kg, the 1990s, mp3 files? no: MP3, Ab12"
    assert codes_in_capitals(kept) == kept.replace("mp3", "MP3")


def test_parameters_that_take_codes_are_spelled_slots():
    found = slots([CODE_TOOL])
    assert Slot("confirmation_code", (), spelled=True) in found
    assert not any(s.name == "party" for s in found)


@pytest.mark.parametrize(
    ("heard", "start"),
    [
        ("Look up confirmation code R to D to A to F.", 4),
        ("Email it to t k nine nine at example dot org", 3),
        ("Account four four zero one", 1),
        ("A murder double U-1-9-7-3-6 arrived.", 2),
        ("My postcode is B338DH", 3),
        ("Convert 26 miles to km", None),  # a number is no code
        ("What is 3 plus 4", None),
        ("I need a ride to the station", None),
        ("Book a table for two at eight", None),  # digit names among words
    ],
)
def test_where_a_transcript_begins_reading_out_a_code(heard, start):
    assert spelled_run_start(heard.split()) == start


def test_a_code_is_heard_as_characters_where_the_session_expects_codes(recognizer_for, synth):
    recognizer = recognizer_for("moonshine")
    pcm = synth.synthesize("Look up confirmation code R, two, D, two, eight, F.")
    plain = recognizer.transcribe(pcm)
    spelled = recognizer.transcribe(pcm, (), slots([CODE_TOOL]))
    characters = "".join(c for c in spelled.split("code", 1)[-1] if c.isalnum())
    assert characters.upper() == "R2D28F", (plain, spelled)
    assert spelled.startswith("Look up confirmation code")  # the words before the code are kept
    # the first pass alone hears words ("R to D to A to F"): the second pass is what spells it
    assert "".join(c for c in plain.split("code", 1)[-1] if c.isalnum()).upper() != "R2D28F", plain


@pytest.mark.parametrize(
    ("heard", "code"),
    [
        # words heard inside a code, between characters, belong to it
        ("Cancel Odyssey, eight, near route four, four, one.", "eight, near route four, four, one."),
        ("balance of a countdown before four, zero, one, Donald Salmon, three, two?", "four, zero, one, Donald "
         "Salmon, three, two?"),
        # words after it do not, nor do "a" and "I" after them count as characters
        ("Track order B, seven, seven, zero, nine, one shipped yesterday at two", "B, seven, seven, zero, nine, one"),
        ("Can I check order B, seven, seven, zero, nine, one. Is it a B", "B, seven, seven, zero, nine, one."),
        ("Where is my order A? One, two, three, four, five.", "A? One, two, three, four, five."),
        ("Look up post code Z R two six x page", "Z R two six x"),
    ],
)  # fmt: skip
def test_where_a_code_read_out_begins_and_ends(heard, code):
    words = heard.split()
    start = spelled_run_start(words)
    assert start is not None
    assert " ".join(words[spelled_run_begin(words, start) : spelled_run_end(words, start)]) == code


def test_the_noun_before_a_code_is_told_from_a_word_it_sounds_like(recognizer_for):
    # espeak-ng's RP voice says "order C" so that the first pass hears "Odyssey", and the request no longer names
    # an order; the decoder, asked, finds "order C" fits the sound almost as well.
    recognizer = recognizer_for("moonshine")
    voice = Synthesizer(voice="en-gb-x-rp", rate=150)
    if not voice.available:
        pytest.skip("espeak-ng cannot load")
    order = function_tool(
        "cancel_order", "Cancel an order.", {"order_number": {"type": "string", "description": "e.g. A12345"}}
    )
    # espeak-ng's samples differ a little from one call to the next: the noun must be found in most renderings
    heard_all = [
        recognizer.transcribe(
            voice.synthesize("Cancel order C, five, two, seven, seven, three."), (), slots([order, CODE_TOOL])
        )
        for _ in range(3)
    ]
    found = [h for h in heard_all if h.lower().startswith("cancel order c")]
    assert len(found) >= 2, heard_all
    heard = found[0]
    assert "seven" in heard.lower() or "7" in heard, heard  # the characters after it are still there
