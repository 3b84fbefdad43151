"""Values read into the wrong parameter, and the facts of English and schemas that place them.

"'X' by 'Y'" names a work and who made it; "'JAZZ' songs" names a kind of songs, no title; a code with digits
('member-31') is a value even when it holds its parameter's own word; an ordinal counts from one, so a zero-based
index or a number of records to skip is one less; a description that glosses an enum option ("'opened_at' for
opening date") lets the request name it by the gloss. Tools and requests are this file's own.
"""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

STRING = {"type": "string"}
INTEGER = {"type": "integer"}

PLAY_SONG = tool(
    "play_song",
    "Plays a song on a speaker.",
    {"song": {**STRING, "description": "The title of the song to be played."},
     "singer": {**STRING, "description": "The name of the singer performing the song.", "default": "any"},
     "album": {**STRING, "description": "The album the song is from.", "default": "any"}},
    ("song",),
)  # fmt: skip


def test_a_quoted_work_by_a_quoted_maker() -> None:
    text = "Play some music. Friends say 'Glass Orchard' by 'Tomas Reel' is lovely. I enjoy 'FOLK' songs."
    name, args = planned_call(text, PLAY_SONG)
    assert name == "play_song"
    assert args == {"song": "Glass Orchard", "singer": "Tomas Reel"}


GRANT_SEAT = tool(
    "grant_seat",
    "Gives a member a seat on a board.",
    {"board_id": {**STRING, "description": "The unique identifier for the board the seat is on."},
     "member_id": {**STRING, "description": "The unique identifier of the member given the seat."}},
    ("board_id", "member_id"),
)  # fmt: skip


def test_a_code_holding_its_parameters_word_is_its_value() -> None:
    text = "Give a seat on a board. The board ID is '77-board' and the member ID is 'member-31'."
    name, args = planned_call(text, GRANT_SEAT)
    assert args == {"board_id": "77-board", "member_id": "member-31"}


def _finish(description: str) -> dict:
    return tool(
        "finish_chore",
        "Marks a chore on the chore list as done.",
        {"position": {**INTEGER, "description": description}},
        ("position",),
    )


def test_an_ordinal_for_a_zero_based_index_is_one_less() -> None:
    zero = _finish("The zero-based position of the chore in the list.")
    one = _finish("The position of the chore in the list, counting from 1.")
    assert planned_call("Mark the fourth chore on my chore list as done.", zero)[1] == {"position": 3}
    assert planned_call("Mark the fourth chore on my chore list as done.", one)[1] == {"position": 4}


LIST_DEPOTS = tool(
    "list_depots",
    "Lists the depots.",
    {"order": {**STRING, "enum": ["label", "opened_at", "changed_at"],
               "description": "The field to order by. Options include 'label' for the depot label, 'opened_at' for "
                              "opening date, or 'changed_at' for the last change date."},
     "offset": {**INTEGER, "description": "Where the page starts: the number of records to skip."},
     "limit": {**INTEGER, "description": "The maximum number of depots to return."}},
    ("order", "offset", "limit"),
)  # fmt: skip


def test_a_page_starting_from_an_ordinal_and_an_option_named_by_its_gloss() -> None:
    text = "Show me depots ordered by the opening date. Let's have 30 depots starting from the first one."
    name, args = planned_call(text, LIST_DEPOTS)
    assert args == {"order": "opened_at", "offset": 0, "limit": 30}
