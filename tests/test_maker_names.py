"""Who made a thing, said as a name: after 'by' a capitalised verb opens the name ('songs by Take Heart'), and
a possessive's noun ('Lorde's music') is what the name made, not a label making the name that thing's title.

Each request is typed text for a tool defined here, planned with `plan_response` (milliseconds per case).
"""

from __future__ import annotations

import pytest
from helpers import function_tool as tool
from helpers import planned_call

SONGS = tool(
    "browse_songs",
    "Browse songs in the music library.",
    {
        "performer": {"type": "string", "description": "The singer or band.", "default": "any"},
        "album": {"type": "string", "description": "The name of the album.", "default": "any"},
        "year": {"type": "string", "description": "The year the song came out.", "default": "any"},
    },
    (),
)


@pytest.mark.parametrize(
    ("request_text", "performer"),
    [
        ("Browse songs by Find Your Voice from 2019", "Find Your Voice"),
        ("I want to browse songs. I like tracks by Get Together.", "Get Together"),
    ],
)
def test_a_name_after_by_may_open_with_a_verb(request_text: str, performer: str) -> None:
    _, args = planned_call(request_text, SONGS)
    assert args.get("performer") == performer
    assert "album" not in args


def test_a_possessive_names_the_maker_not_the_album() -> None:
    _, args = planned_call("Find Lorde's music from 2017 please", SONGS)
    assert args.get("performer") == "Lorde"
    assert "album" not in args
