"""Typing slips in search phrases: a swapped pair of letters or one stray letter is undone, as a search engine
would, while words the dictionary does not know and no slip explains (product names) stay as typed."""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

from rtkit.local.model.typos import corrected

SEARCH = {"type": "string", "description": "The search query."}
LOOKUP = tool("web_search", "Search the web and return results.", {"query": SEARCH}, ("query",))


def test_swapped_letters_in_the_command_word_leave_only_the_phrase() -> None:
    assert planned_call("search the web: seacrh bicycles", LOOKUP) == ("web_search", {"query": "bicycles"})


def test_a_stray_letter_at_a_words_end_is_dropped() -> None:
    _, args = planned_call("web search where is the nearest libraryq", LOOKUP)
    assert args["query"].endswith("nearest library")


def test_a_search_phrase_after_for_is_corrected() -> None:
    _, args = planned_call("search for mountian weather please", LOOKUP)
    assert "mountain weather" in args["query"]


def test_unknown_names_and_real_words_stay_as_typed() -> None:
    assert corrected("iphone langfuse kubernetes") == "iphone langfuse kubernetes"
    assert corrected("garden Seacrh") == "garden Seacrh"  # capitalised words may be names


def test_an_inflected_word_the_dictionary_does_not_list_stays_as_typed() -> None:
    from rtkit.local.model.typos import corrected_word

    assert corrected_word("teapots") == "teapots"  # a plural, not 'teapot' with a stray letter
    assert corrected_word("seacrh") == "search"


TIER = {"type": "string", "description": "The class of room wanted.", "enum": ["Standard", "Premium", "Single"]}
ROOM = tool(
    "book_room",
    "Book a hotel room.",
    {"city": {"type": "string", "description": "The city of the hotel."}, "tier": TIER},
    ("city",),
)


def test_an_enum_value_typed_with_one_slip_is_that_value() -> None:
    _, args = planned_call("book me a room in Denver, premuim please", ROOM)
    assert args["tier"] == "Premium"
    _, args = planned_call("a room in Denver, make it standrad", ROOM)
    assert args["tier"] == "Standard"


def test_a_real_word_one_letter_from_an_enum_value_is_no_slip() -> None:
    _, args = planned_call("book a room in Denver by the shingle beach", ROOM)  # 'shingle' is a word
    assert "tier" not in args
    _, args = planned_call("book a room in Denver with a standing desk", ROOM)
    assert "tier" not in args
