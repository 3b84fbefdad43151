"""Numbers for parameters named alike but for a qualifier ('own_speed', 'other_speed') and rates written out in
words ('meters per second squared'): the stand-in model, planned directly with a made-up tool."""

from __future__ import annotations

from datetime import date

from helpers import function_tool as tool
from helpers import planned_call

from rtkit.local.model.units import unit_in

NUMBER = {"type": "number"}
BOATS = tool(
    "closing_time",
    "Time until two boats meet.",
    {"own_speed": {**NUMBER, "description": "Speed of our own boat in meters per second."},
     "own_deceleration": {**NUMBER, "description": "Deceleration of our own boat in meters per second squared."},
     "other_speed": {**NUMBER, "description": "Speed of the other boat in meters per second."},
     "other_deceleration": {**NUMBER, "description": "Deceleration of the other boat in meters per second squared."},
     "gap": {**NUMBER, "description": "Distance between the boats in meters."}},
    ("own_speed", "own_deceleration", "other_speed", "other_deceleration", "gap"),
)  # fmt: skip
EXPECTED = {"own_speed": 12, "own_deceleration": 3, "other_speed": 8, "other_deceleration": 1, "gap": 40}


def test_a_rate_written_in_words_is_its_own_unit_not_the_length_before_per() -> None:
    found = unit_in("Deceleration of the boat in meters per second squared.")
    assert found is not None and found.dimension == "acceleration"
    speed = unit_in("Speed of the boat in metres per second.")
    assert speed is not None and speed.dimension == "speed"


def test_rates_spelled_out_go_to_the_parameter_measuring_them() -> None:
    text = (
        "When do we reach the boat ahead if our boat moves at 12 meters per second and slows by 3 meters per "
        "second squared, while the other boat moves at 8 meters per second and slows by 1 meter per second "
        "squared, with a gap of 40 meters?"
    )
    assert planned_call(text, BOATS, today=date(2026, 3, 12)) == ("closing_time", EXPECTED)


def test_a_number_goes_to_the_qualifier_said_last_before_it() -> None:
    text = (
        "When do we reach the boat ahead if our boat moves at 12 m/s, decelerating at 3 m/s^2, and the other "
        "boat moves at 8 m/s with deceleration of 1 m/s^2, given a gap of 40 meters?"
    )
    assert planned_call(text, BOATS, today=date(2026, 3, 12)) == ("closing_time", EXPECTED)
