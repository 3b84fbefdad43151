"""A code read out character by character, where the session has a parameter that takes one: the recognizer
decodes it once more choosing only among characters (Moonshine), and the session's slots say which parameters
take codes."""

from __future__ import annotations

import pytest
from helpers import function_tool

from rtkit.local.model.identifiers import spoken_identifier
from rtkit.local.speech.engines import vocabulary
from rtkit.local.speech.moonshine import spelled_run_start
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


ORDER_TOOL = function_tool(
    "cancel_order",
    "Cancel an order that has not shipped.",
    {"order_number": {"type": "string", "description": "Order number, e.g. A12345."}},
    ("order_number",),
)


def test_a_session_word_misheard_before_a_code_is_decoded_again_with_the_code(recognizer_for, synth):
    # In this voice the first pass hears "Cancel Odyssey, eight, zero, four, four, one": the word before the code
    # took its first character. The second pass decodes that word again from the session's words and the
    # characters, and the order number comes out whole.
    recognizer = recognizer_for("moonshine")
    pcm = Synthesizer(voice="en-gb-x-rp", rate=150).synthesize("Cancel order C, eight, zero, four, four, one.")
    words = vocabulary([ORDER_TOOL])
    heard = recognizer.transcribe(pcm, words, slots([ORDER_TOOL]))
    schema = ORDER_TOOL["parameters"]["properties"]["order_number"]
    found = spoken_identifier(heard, "order_number", schema)
    assert found is not None and found.value == "C80441", (recognizer.transcribe(pcm, words), heard)
