"""Instructions about how to answer ('respond in json', 'using your tools') are not the text a tool looks for.

Each request is typed text for a tool defined here, planned with `plan_response` (milliseconds per case).
"""

from __future__ import annotations

import pytest
from helpers import function_tool as tool
from helpers import planned_call

LOOKUP = tool(
    "web_lookup",
    "Search the web for a query and return the top results.",
    {
        "query": {"type": "string", "description": "The search query."},
        "results": {"type": "integer", "description": "How many results.", "default": 3},
        "source": {"type": "string", "enum": ["text", "news"], "description": "Kind of results.", "default": "text"},
    },
    ("query",),
)


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        ("search garden hoses using your tools and respond in json", "garden hoses"),
        ("search ceramic teapots use tools, then answer as a table", "ceramic teapots"),
        ("search used bicycles in Leeds using the api tools, finally reply in markdown", "used bicycles in Leeds"),
    ],
)
def test_reply_instructions_are_not_the_query(request_text: str, expected: str) -> None:
    _, args = planned_call(request_text, LOOKUP)
    assert args["query"] == expected


def test_the_word_new_is_not_news() -> None:
    """'news' is no plural of 'new': a place called New Delhi does not pick the news results."""
    _, args = planned_call("search train fares to New Delhi", LOOKUP)
    assert args.get("source") != "news"
    assert args["query"] == "train fares to New Delhi"
