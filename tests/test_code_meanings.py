"""Numbers a parameter's description gives for names, when the description leaves its verb out after the first
('1 corresponds to Lisbon, 2 to Porto'): the number of the name the request says."""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

TUTORS = tool(
    "find_tutors",
    "Lists tutors by subject and town.",
    {
        "subject_code": {"type": "integer", "description": "The subject. '7' refers to chemistry, '8' to biology."},
        "town_id": {"type": "integer", "description": "The town. 1 corresponds to Lisbon, 2 to Porto, and 3 to Faro."},
        "min_stars": {"type": "number", "description": "Lowest review score to list."},
    },
    ("subject_code",),
)


def test_codes_given_with_the_verb_left_out_after_the_first() -> None:
    name, args = planned_call("Find biology tutors in Porto rated 4 stars or more", TUTORS)
    assert name == "find_tutors"
    assert args["subject_code"] == 8
    assert args["town_id"] == 2
    assert args["min_stars"] == 4


def test_the_first_code_with_its_verb_still_counts() -> None:
    _, args = planned_call("Find chemistry tutors in Lisbon", TUTORS)
    assert args["subject_code"] == 7
    assert args["town_id"] == 1
