"""What a search looks for. A question about the user's own thing ('when is my dentist visit?') searches for the
thing it names; a general question ('where is Lima') is itself what a web search looks up; what posts 'discuss'
is the search term.

Each request is typed text for a tool defined here, planned with `plan_response` (milliseconds per case).
"""

from __future__ import annotations

from datetime import date

import pytest
from helpers import function_tool as tool
from helpers import planned_call

TODAY = date(2026, 3, 12)

AGENDA = tool(
    "calendar_find",
    "Find events in the user's calendar by their title.",
    {
        "query_text": {"type": "string", "description": "The text to search for in the titles of calendar events."},
        "from_day": {"type": "string", "description": "The first day to look at, as 'YYYY-MM-DD'."},
    },
    ("query_text",),
)
WEB = tool(
    "web_lookup",
    "Look something up on the web.",
    {"phrase": {"type": "string", "description": "The phrase to look up on the web."}},
    ("phrase",),
)


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        ("When is my dentist appointment?", "dentist appointment"),
        ("Search my calendar: when is my pottery class?", "pottery class"),
        ("when is our blood donation event", "blood donation"),
    ],
)
def test_a_question_about_ones_own_thing_looks_up_the_thing(request_text: str, expected: str) -> None:
    _, args = planned_call(request_text, AGENDA, today=TODAY)
    assert args == {"query_text": expected}


def test_a_general_question_is_the_phrase_itself() -> None:
    _, args = planned_call("use the web lookup; where is lima", WEB, today=TODAY)
    assert args == {"phrase": "where is lima"}


BLOGS = tool(
    "blog_search",
    "Search recent blog posts.",
    {"keyword": {"type": "string", "description": "The keyword to look for in recent blog posts."}},
    ("keyword",),
)


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        ("Find any recent blog posts that discuss renewable energy", "renewable energy"),
        ("Are there blog posts discussing urban beekeeping?", "urban beekeeping"),
        ("Search blog posts by guest authors that discuss renewable energy", "renewable energy"),
    ],
)
def test_what_posts_discuss_is_the_search_term(request_text: str, expected: str) -> None:
    _, args = planned_call(request_text, BLOGS, today=TODAY)
    assert args == {"keyword": expected}
