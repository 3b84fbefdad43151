"""Whether a request asks to find things or to do something with one (issue 19), among near-identical tools.

'I'm looking for ...' searches as 'Look for ...' does; 'looking for a cabin to book' asks for the booking; a
category word another tool lists ('Soul' as a style) names no tune for a tool that needs one's title; a tool given its
required values beats a close one that guesses one from leftover words.
Each request is typed text for tools defined here, planned with `plan_response` directly (milliseconds).
"""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

from rtkit.local.model.actions import request_action

STRING = {"type": "string"}
TOWN = {**STRING, "description": "Town the cabin is in."}
GUESTS = {"type": "integer", "description": "How many guests."}
FIND_CABINS = tool(
    "Cabins_2_SearchCabin",
    "Find cabins to stay in within a town.",
    {"town": TOWN, "guests": GUESTS},
    ("town",),
)
BOOK_CABIN = tool(
    "Cabins_2_BookCabin",
    "Book a cabin for given dates.",
    {
        "town": TOWN,
        "guests": GUESTS,
        "arrive": {**STRING, "description": "Arrival date, MM/DD/YYYY."},
        "leave": {**STRING, "description": "Departure date, MM/DD/YYYY."},
    },
    ("town", "guests", "arrive", "leave"),
)


def test_a_search_in_the_progressive_is_a_search() -> None:
    assert request_action("I'm looking for a quiet cabin near Oslo") == "search"
    assert request_action("We are searching for cheap cabins") == "search"
    assert request_action("I am booking a cabin for two") == "create"


def test_a_search_for_a_stated_purpose_asks_for_the_purpose() -> None:
    assert request_action("I'm looking for a cabin in Bergen to book for June") == "create"
    # 'to' before a place name is no purpose, even when the place starts with an action word ('New')
    assert request_action("Find a cabin to New Hope for us") == "search"


def test_looking_for_a_cabin_to_book_books_it() -> None:
    name, args = planned_call(
        "I'm going north, and I'm looking for a cabin to book in Tromso from 03/02/2031 to 03/06/2031 for 3 guests.",
        FIND_CABINS,
        BOOK_CABIN,
    )
    assert name == "Cabins_2_BookCabin"
    assert (args["town"], args["guests"]) == ("Tromso", 3)


RECORD_FIELDS = {
    "band": {**STRING, "description": "The performer's name."},
    "record": {**STRING, "description": "Title of the record."},
    "style": {**STRING, "enum": ["Jazz", "Soul", "Blues", "dontcare"], "description": "Musical style."},
}
FIND_RECORDS = tool(
    "Records_1_LookupRecords", "Retrieve a list of tunes matching a band, record or style.", RECORD_FIELDS
)
SPIN_RECORD = tool(
    "Records_1_PlayTune",
    "Plays the given tune on the turntable.",
    {"tune": {**STRING, "description": "The title of the tune to be played."}, "record": RECORD_FIELDS["record"]},
    ("tune",),
)


def test_a_category_word_names_no_tune_to_play() -> None:
    name, args = planned_call(
        "I'm cooking dinner and I'd like to play some tunes. I'm really into Soul lately and I heard Blue Porch Nights"
        " is a great record.",
        FIND_RECORDS,
        SPIN_RECORD,
    )
    assert name == "Records_1_LookupRecords"
    assert args["style"] == "Soul"


def test_a_named_tune_is_played() -> None:
    name, args = planned_call(
        "Please play the tune Low Lantern from the record Blue Porch Nights.", FIND_RECORDS, SPIN_RECORD
    )
    assert name == "Records_1_PlayTune"
    assert args["tune"] == "Low Lantern"


DRAW = tool(
    "draw_picture",
    "Draw a picture from a prompt at a given size.",
    {
        "prompt": {**STRING, "description": "What the picture shows."},
        "size": {**STRING, "description": "Size of the picture, like '512x512'."},
    },
    ("prompt",),
)
DRAW_ANIMAL = tool(
    "draw_animal_picture",
    "Draw a picture of an animal from a prompt.",
    {"prompt": {**STRING, "description": "What the picture of the animal shows."}},
    ("prompt",),
)


def test_a_tool_given_its_required_value_beats_one_that_guesses_it() -> None:
    name, args = planned_call("Draw a picture with shown 'a fox asleep under a pine'.", DRAW, DRAW_ANIMAL)
    assert name == "draw_animal_picture"
    assert args["prompt"] == "a fox asleep under a pine"


SONG_FIELDS = {
    "artist": {**STRING, "description": "The name of the artist performing."},
    "album": {**STRING, "description": "Title of the album."},
}
FIND_SONGS = tool(
    "Albums_1_LookupSongs",
    "Retrieve a list of songs that match the user's taste in artist, album and style.",
    {**SONG_FIELDS, "style": {**STRING, "enum": ["Jazz", "Rock", "dontcare"], "description": "Musical style."}},
)
PLAY_SONG = tool(
    "Albums_1_PlaySong",
    "Plays the given song on the speaker.",
    {"song": {**STRING, "description": "The title of the song to be played."}, **SONG_FIELDS},
    ("song",),
)


def test_some_songs_from_a_named_album_are_looked_up_not_played() -> None:
    name, args = planned_call(
        "Hey, I feel a little tired. Can you play me some rock songs by Dell Harper? I love their album Iron Porch.",
        FIND_SONGS,
        PLAY_SONG,
    )
    assert name == "Albums_1_LookupSongs"
    assert (args["artist"], args["album"], args["style"]) == ("Dell Harper", "Iron Porch", "Rock")


FIND_MUSIC = tool(
    "Tunes_2_LookupMusic",
    "Retrieve a list of songs that suit the user's musical taste based on the given artist, album and release year.",
    {
        "artist": {**STRING, "description": "The performer's full name. Use 'dontcare' to ignore the artist."},
        "album": {**STRING, "description": "The title of the album. Use 'dontcare' to ignore the album."},
        "year": {**STRING, "description": "The year the song came out, as 'YYYY'.", "enum": ["2015", "2016", "2017"]},
    },
)
PLAY_TRACK = tool(
    "Tunes_2_PlayMedia",
    "Plays the given track on the chosen speaker, optionally by artist and album.",
    {
        "track": {**STRING, "description": "The title of the track to be played."},
        "album": {**STRING, "description": "The album the track is on. If not given, any album will do."},
    },
    ("track",),
)


def test_a_lone_lower_case_word_names_no_track_beside_a_named_album() -> None:
    # 'songs' says what kind of work is wanted and 'nostalgia' is no title: the album is named, no track
    name, args = planned_call(
        "Tonight calls for some nostalgia, so we'd love to hear songs from the Velvet Harbour album from 2016."
        " Could you play a track from that album for me?",
        FIND_MUSIC,
        PLAY_TRACK,
    )
    assert name == "Tunes_2_LookupMusic"
    assert (args["album"], args["year"]) == ("Velvet Harbour", "2016")
