"""'Spend my free time reading ...': the stretch of time a request says it spends is not what it asks about; the
gerund after it says what it wants to do, and the thing after that is the topic. Tools and requests are this
file's own."""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

from rtkit.local.model.topic import topic_words

STRING = {"type": "string"}
INTEGER = {"type": "integer"}

LEND_BOOK = tool(
    "Library_LendBook",
    "Lend a copy of a specific book to a reader for a length of time, at a library in a town.",
    {"book_title": {**STRING, "description": "The title of the book to lend."},
     "weeks": {**INTEGER, "description": "How many weeks to lend it for."},
     "town": {**STRING, "description": "The town of the library, e.g. 'York'."}},
    ("book_title", "weeks", "town"),
)  # fmt: skip
FIND_BOOKS = tool(
    "Library_FindBooks",
    "Search for books on the shelves of libraries in a town, by genre.",
    {"town": {**STRING, "description": "The town of the library, e.g. 'York'."},
     "genre": {**STRING, "enum": ["Mystery", "Poetry", "History", "dontcare"], "default": "dontcare",
               "description": "The genre of the books."}},
    ("town",),
)  # fmt: skip
OPENING_TIMES = tool(
    "Library_GetOpeningTimes",
    "Retrieves the opening times of a library in a town on a given day.",
    {"town": {**STRING, "description": "The town of the library, e.g. 'York'."},
     "day": {**STRING, "description": "The day, e.g. 'Monday'."}},
    ("town", "day"),
)  # fmt: skip


def test_the_time_spent_is_not_the_topic() -> None:
    assert "time" not in topic_words("I'd like to spend my spare time by reading a History book.")
    assert topic_words("We want to spend the weekend hiking a mountain trail.") == ["mountain", "trail"]


def test_a_request_spending_its_time_doing_something_searches_for_it() -> None:
    name, args = planned_call(
        "We'd like to spend our spare time reading a good Mystery book; can you find something for us in York?",
        LEND_BOOK, FIND_BOOKS, OPENING_TIMES,
    )  # fmt: skip
    assert (name, args) == ("Library_FindBooks", {"town": "York", "genre": "Mystery"})


def test_time_itself_asked_about_is_still_the_topic() -> None:
    assert "times" in topic_words("What are the opening times of the library in York on Monday?")
