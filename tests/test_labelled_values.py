"""A value a parameter's own name labels ('from the album Moonfall') stays that parameter's.

When a required parameter has no value of its own, it takes the labelled value as well (a song to start from an
album named alone), but the optional parameter the request named keeps it. Tools and requests are this file's own.
"""

from __future__ import annotations

import pytest
from helpers import function_tool as tool
from helpers import planned_call

STRING = {"type": "string"}

START_SONG = tool(
    "start_song",
    "Starts a song on a speaker.",
    {"song": {**STRING, "description": "The title of the song to start."},
     "singer": {**STRING, "description": "The singer of the song.", "default": "any"},
     "album": {**STRING, "description": "The name of the album the song is on.", "default": "any"}},
    ("song",),
)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "album", "singer"),
    [
        ("Could you play something by The Lantern Kids, specifically from their album 'Paper Harbour'?",
         "Paper Harbour", "The Lantern Kids"),
        ("Could you stream the song by Velvo from the album Lighthouse? It came out in 2018.", "Lighthouse", "Velvo"),
        ("Could you play a track from the album Moonfall by Riva?", "Moonfall", "Riva"),
    ],
)  # fmt: skip
def test_a_value_its_name_labels_stays_with_the_optional_parameter(text: str, album: str, singer: str) -> None:
    name, args = planned_call(text, START_SONG)
    assert name == "start_song"
    assert args["album"] == album and args["singer"] == singer
    assert args["song"] == album  # the required title has no other value


def test_a_required_parameter_with_its_own_value_keeps_it() -> None:
    name, args = planned_call("Play the song Night Drive from the album Lighthouse.", START_SONG)
    assert args == {"song": "Night Drive", "album": "Lighthouse"}


def test_a_name_its_own_noun_labels_is_not_copied() -> None:
    name, args = planned_call("Play the track Moonfall by Riva.", START_SONG)
    assert args == {"song": "Moonfall", "singer": "Riva"}
