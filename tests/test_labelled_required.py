"""A request that labels every required value of a tool by its name states that tool's values.

'The shelf ID is X, the book ID is Y, and the tags to attach are Z' fills a tool taking shelf_id, book_id and tags,
even when another tool shares more of the request's words and takes fewer of its values; a request that names a
quantity too much or too little of ('it's too quiet') is about that quantity. Tools and requests are this file's own.
"""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

from rtkit.local.model import topic

STRING = {"type": "string"}

TAG_BOOK = tool(
    "tag_api.TagApi.tag_book",
    "Attaches a tag to a book so readers can find it by that tag.",
    {"book": {**STRING, "description": "The book to tag, by its title or ID."},
     "tag": {**STRING, "description": "The tag to attach to the book, such as 'fiction' or 'poetry'.",
             "enum": ["fiction", "poetry", "history"]}},
    ("book", "tag"),
)  # fmt: skip
SHELVE = tool(
    "ShelfApi.place",
    "Places an item on a shelf with labels.",
    {"shelf_id": {**STRING, "description": "The unique identifier of the shelf."},
     "book_id": {**STRING, "description": "The unique identifier of the item."},
     "tags": {"type": "array", "items": STRING, "description": "Labels to give the item on the shelf."}},
    ("shelf_id", "book_id", "tags"),
)  # fmt: skip


def test_every_required_value_labelled_picks_that_tool() -> None:
    text = (
        "I want to tag a book and put it on a shelf. The shelf ID is 'sh-77', the book ID is 'bk-102', "
        "and the tags to attach are 'fiction' and 'poetry'."
    )
    name, arguments = planned_call(text, TAG_BOOK, SHELVE)
    assert name == "ShelfApi.place"
    assert arguments == {"shelf_id": "sh-77", "book_id": "bk-102", "tags": ["fiction", "poetry"]}


def test_without_labels_the_closer_tool_stays() -> None:
    name, _ = planned_call("Tag the book Dune as fiction.", TAG_BOOK, SHELVE)
    assert name == "tag_api.TagApi.tag_book"


SET_LEVEL = tool(
    "set_sound_level",
    "Sets the sound volume of the speaker.",
    {"level": {"type": "integer", "description": "Volume from 0 to 100."}},
    ("level",),
)


def test_too_quiet_is_about_the_volume() -> None:
    assert topic.fits("The radio is way too quiet at the moment, can you push it up a bit?", SET_LEVEL)
    assert not topic.fits("The radio station plays jazz, can you find it?", SET_LEVEL)


PLAY_TRACK = tool(
    "play_track",
    "Plays a track on the speaker.",
    {"search": {**STRING, "description": "The track's title or singer to search for."},
     "level": {"type": "integer", "description": "The volume to play at, 0 to 100.", "default": 50}},
    ("search",),
)  # fmt: skip
SET_VOLUME = tool(
    "set_volume",
    "Sets the speaker's volume.",
    {"volume": {"type": "integer", "description": "The volume level, from 0 to 100."}},
    ("volume",),
)


def test_too_quiet_sets_the_volume_to_the_number() -> None:
    text = "The songs are far too quiet at the moment, can you bring it up to 85?"
    assert planned_call(text, PLAY_TRACK, SET_VOLUME) == ("set_volume", {"volume": 85})


ANNUAL_FILING = tool(
    "annual_filing",
    "Fetches a company's annual filing.",
    {"company_name": {**STRING,
                      "description": "The official name of the company whose yearly filing report is wanted."},
     "registry_number": {**STRING, "description": "The number the registry files the company under."}},
    ("company_name", "registry_number"),
)  # fmt: skip


def test_a_possessive_name_is_the_company_not_the_document_code() -> None:
    text = (
        "I want to check Northwind Traders's results for last year. Send me their 20-F report. "
        "Their registry number is 55120."
    )
    name, arguments = planned_call(text, ANNUAL_FILING)
    assert name == "annual_filing" and arguments["company_name"] == "Northwind Traders"
