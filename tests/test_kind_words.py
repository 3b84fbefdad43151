"""A kind of thing said with another word of the same family than the enum value: its adjective ('mysterious'
for 'Mystery'), the verb of an agent noun ('thrilling' for 'Thriller'), the long word a clipped compound starts
with ('science' for 'Sci-fi'), or an everyday word for the kind ('suspenseful', 'scary').

Each request is typed text for a tool defined here, planned with `plan_response` (milliseconds per case).
"""

from __future__ import annotations

from datetime import date

import pytest
from helpers import function_tool as tool
from helpers import planned_call

KINDS = ["Mystery", "Thriller", "Comedy", "Comedy-drama", "Horror", "Sci-fi", "Drama", "dontcare"]
FILMS = tool(
    "find_films",
    "Find films to stream.",
    {
        "kind": {"type": "string", "description": "Kind of film; 'dontcare' for any.", "enum": KINDS},
        "actor": {"type": "string", "description": "An actor in the film."},
    },
    (),
)


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        ("Show me some mysterious films with Ann Lee", "Mystery"),
        ("Find thrilling films starring Bo Dunn", "Thriller"),
        ("I'd like a thrill film tonight", "Thriller"),
        ("I want a science themed film", "Sci-fi"),
        ("Find comedic films to stream", "Comedy"),
        ("Any suspenseful films with Ann Lee?", "Thriller"),
        ("A film about scary ghosts, please", "Horror"),
    ],
)
def test_a_kind_said_with_a_word_of_its_family(request_text: str, expected: str) -> None:
    name, args = planned_call(request_text, FILMS, today=date(2026, 3, 12))
    assert name == "find_films"
    assert args.get("kind") == expected


def test_no_kind_said_fills_none() -> None:
    _, args = planned_call("Find films with Ann Lee", FILMS, today=date(2026, 3, 12))
    assert "kind" not in args
    assert args["actor"] == "Ann Lee"


SHOWINGS = tool(
    "find_showings",
    "Find film showings at cinemas in a town.",
    {
        "town": {"type": "string", "description": "The town, such as 'Reno, NV'."},
        "cinema": {"type": "string", "description": "The cinema's name. If unspecified, any.", "default": "dontcare"},
        "screen": {"type": "string", "description": "The kind of screening.", "enum": ["regular", "3d", "imax"]},
    },
    ("town",),
)


@pytest.mark.parametrize(
    "request_text",
    ["Find a 3D movie in Reno, NV", "Find films in 3D format in Reno, NV", "Any 3d showings in Reno, NV?"],
)
def test_a_value_of_a_number_and_letters_is_one_word(request_text: str) -> None:
    _, args = planned_call(request_text, SHOWINGS, today=date(2026, 3, 12))
    assert args.get("screen") == "3d"
    assert "cinema" not in args or args["cinema"] == "dontcare"
