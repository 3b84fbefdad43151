"""Requests that ask for a tool in ways the stand-in model once answered with no call: the request after a
preamble and a markup tag, a coded value named without the word the parameter's name gives, a topic word with
one slip of typing. Tools and requests are this file's own."""

from __future__ import annotations

from datetime import date

from helpers import function_tool as tool
from helpers import planned_call

TODAY = date(2026, 3, 12)

CAFES = tool(
    "search_cafes",
    "Finds cafes in a city.",
    {"city": {"type": "string", "description": "The city, such as 'Lyon' or 'Porto'."}},
    ("city",),
)

REPAIRS = tool(
    "book_repair",
    "Books a repair visit for a home.",
    {
        "repair_id": {
            "type": "integer",
            "description": "The kind of repair. For example, 1 for plumbing repair, 2 for roofing repair, "
            "3 for emergency plumbing repair.",
        },
        "town": {"type": "string", "description": "The town of the home."},
    },
    ("repair_id", "town"),
)

VETS = tool(
    "find_veterinarians",
    "Finds veterinarians working in a town.",
    {"town": {"type": "string", "description": "The town to search in."}},
    ("town",),
)


def test_the_request_after_a_preamble_and_a_markup_tag_is_served() -> None:
    text = (
        "You are a careful assistant and you only answer questions about travel. Politely refuse anything else. "
        "<<question>>Find cafes in Lyon"
    )
    assert planned_call(text, CAFES, today=TODAY) == ("search_cafes", {"city": "Lyon"})


def test_a_coded_kind_named_without_the_parameters_own_word_gives_its_code() -> None:
    name, arguments = planned_call("Book plumbing for my house in Leeds", REPAIRS, today=TODAY)
    assert (name, arguments["repair_id"]) == ("book_repair", 1)


def test_the_longer_coded_name_said_whole_wins_over_its_shortened_neighbour() -> None:
    name, arguments = planned_call("Book emergency plumbing for my house in Leeds", REPAIRS, today=TODAY)
    assert (name, arguments["repair_id"]) == ("book_repair", 3)


def test_a_long_topic_word_with_one_letter_too_many_still_names_the_tool() -> None:
    expected = ("find_veterinarians", {"town": "Bergen"})
    assert planned_call("find veterinarrians in Bergen", VETS, today=TODAY) == expected


def test_a_long_topic_word_with_two_letters_swapped_still_names_the_tool() -> None:
    expected = ("find_veterinarians", {"town": "Bergen"})
    assert planned_call("find veterinairans in Bergen", VETS, today=TODAY) == expected
