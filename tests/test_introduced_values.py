"""Values a request introduces with 'the following X:' go whole to the parameter named after X.

Made-up tools; the request says what the value is after a colon, commas and all.
"""

from __future__ import annotations

from datetime import date

from helpers import function_tool as tool
from helpers import planned_call

STRING = {"type": "string"}

ALTER_DRINK = tool(
    "alter_drink",
    "Orders a drink from the menu, changed as the guest asks.",
    {"drink": {**STRING, "description": "The drink to change."},
     "change_request": {**STRING, "description": "What to change, such as 'less ice'."}},
    ("drink", "change_request"),
)  # fmt: skip
FETCH = tool(
    "fetch_page",
    "Downloads a web page.",
    {"address": {**STRING, "description": "The page's web address."}},
    ("address",),
)
PACK = tool(
    "pack_list",
    "Makes a packing list for a trip.",
    {"trip": {**STRING, "description": "Where the trip goes."},
     "items": {"type": "array", "items": STRING, "description": "Things to pack."}},
    ("trip", "items"),
)  # fmt: skip


def call(text: str, *tools: dict) -> tuple[str, dict]:
    return planned_call(text, *tools, today=date(2026, 3, 12))


def test_the_following_noun_takes_what_follows_the_colon() -> None:
    _, args = call("I want to order a lemonade with the following change exactly: no sugar, crushed ice", ALTER_DRINK)
    assert args == {"drink": "lemonade", "change_request": "no sugar, crushed ice"}


def test_a_quote_after_the_colon_gives_what_it_holds() -> None:
    _, args = call("Please download the page at the following address: 'https://pages.example.org/menu'", FETCH)
    assert args == {"address": "https://pages.example.org/menu"}


def test_a_list_parameter_takes_the_items_one_by_one() -> None:
    _, args = call("Make a packing list for Oslo with the following items: boots, a scarf and gloves.", PACK)
    assert args["items"] == ["boots", "scarf", "gloves"]
