"""Names the request types imperfectly, read whole: a place whose last word is in lower case ('San diego'), a
person's given name typed in lower case before a middle initial ('jessica M. Lange'), a name ending where two
sentences run together with no space ('Fresno.I need'); and the title said right after the tool's own verb
('stream me Blue Skies') is its object, not a word left over from another sentence; a word before
'style' or 'music' ('Bluegrass style', 'the Baroque chamber genre') is a kind of work, no singer or record.

Each request is typed text for a tool defined here, planned with `plan_response` (milliseconds per case).
"""

from __future__ import annotations

import pytest
from helpers import function_tool as tool
from helpers import planned_call

STRING = {"type": "string"}

SALONS = tool(
    "find_salon",
    "Find a hair salon in a city.",
    {"city": {**STRING, "description": "The city to search in."}},
    ("city",),
)

SHOWS = tool(
    "search_shows",
    "Search television shows by who appears in them.",
    {"actor": {**STRING, "description": "The actor who appears in the show."}},
    ("actor",),
)

STREAM = tool(
    "stream_tune",
    "Stream a tune on the speaker.",
    {
        "tune": {**STRING, "description": "The title of the tune."},
        "singer": {**STRING, "description": "Who sings it.", "default": "any"},
    },
    ("tune",),
)


@pytest.mark.parametrize(
    ("request_text", "city"),
    [
        ("Find me a hair salon in San diego", "San Diego"),
        ("Find a hair salon in Fresno.I need it soon", "Fresno"),
    ],
)
def test_a_place_typed_partly_in_lower_case_or_run_into_the_next_sentence(request_text: str, city: str) -> None:
    _, args = planned_call(request_text, SALONS)
    assert args["city"].split(",")[0] == city


def test_a_given_name_in_lower_case_before_a_middle_initial() -> None:
    _, args = planned_call("Search shows with the actor jessica M. Lange", SHOWS)
    assert args["actor"] == "Jessica M. Lange"


@pytest.mark.parametrize(
    ("request_text", "tune"),
    [
        ("stream me Blue Skies by Ella Fitzgerald? Swing music is my thing", "Blue Skies"),
        ("Could you stream Autumn Leaves for me? Jazz is what I like", "Autumn Leaves"),
    ],
)
def test_the_title_after_the_tools_verb_is_its_object(request_text: str, tune: str) -> None:
    _, args = planned_call(request_text, STREAM)
    assert args["tune"] == tune


TUNES = tool(
    "look_up_tunes",
    "Look up tunes in the catalogue.",
    {
        "singer": {**STRING, "description": "Who sings it.", "default": "any"},
        "record": {**STRING, "description": "The record it is on.", "default": "any"},
    },
    (),
)


def test_a_word_before_style_or_music_is_a_kind_of_work_not_a_name() -> None:
    _, args = planned_call("Look up tunes. I fancy Bluegrass style today, maybe the record Open Road.", TUNES)
    assert "singer" not in args
    assert args.get("record") == "Open Road"


def test_a_word_before_a_described_genre_is_a_kind_of_work_not_a_name() -> None:
    _, args = planned_call("Look up tunes, something in the Baroque chamber genre from the record Open Road.", TUNES)
    assert "singer" not in args
    assert args.get("record") == "Open Road"
