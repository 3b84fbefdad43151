"""A 'free' flag (free of charge) read through the request's word for a price: 'no fee' asks for free, 'a fee to
get in' for paid. And a day written with its time in ISO 8601 keeps the time.

Each request is typed text for a tool defined here, planned with `plan_response` (milliseconds per case).
"""

from __future__ import annotations

from datetime import date

import pytest
from helpers import function_tool as tool
from helpers import planned_call

TODAY = date(2026, 3, 12)


def _gallery_tool(description: str) -> dict:
    return tool(
        "find_galleries",
        "Find art galleries in a town.",
        {
            "town": {"type": "string", "description": "The town to search."},
            "free_admission": {
                "type": "string",
                "description": description,
                "enum": ["True", "False", "dontcare"],
                "default": "dontcare",
            },
        },
        ("town",),
    )


PLAIN = "Whether admission is free. 'True' for free admission, 'False' for paid admission."
NEGATIVE = "Set to list only galleries with no admission charge; 'False' lists the ones you pay for."


@pytest.mark.parametrize("description", [PLAIN, NEGATIVE])
@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        ("Show me galleries in Leeds with no admission charge", "True"),
        ("Find galleries in Leeds where I don't have to pay admission", "True"),
        ("Find galleries in Leeds that charge a fee for admission", "False"),
        ("I want galleries in Leeds, ones with a paid admission are fine, I need admission fees", "False"),
    ],
)
def test_a_price_word_sets_a_free_flag_turned_around(request_text: str, description: str, expected: str) -> None:
    _, args = planned_call(request_text, _gallery_tool(description), today=TODAY)
    assert args.get("free_admission") == expected


def test_a_request_that_says_free_keeps_its_own_word() -> None:
    _, args = planned_call("Find galleries in Leeds with free admission", _gallery_tool(PLAIN), today=TODAY)
    assert args.get("free_admission") == "True"


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        ("Roll the backup back to the snapshot taken at 2024-11-02T08:15:30Z", "2024-11-02T08:15:30Z"),
        ("Roll the backup back to the snapshot taken '2024-11-02 08:15:30'", "2024-11-02T08:15:30"),
    ],
)
def test_an_iso_timestamp_keeps_its_time_and_zone(request_text: str, expected: str) -> None:
    restore = tool(
        "restore_snapshot",
        "Restore a backup snapshot.",
        {"snapshot_time": {"type": "string", "description": "The snapshot's timestamp, 'YYYY-MM-DDTHH:MM:SSZ'."}},
        ("snapshot_time",),
    )
    _, args = planned_call(request_text, restore, today=TODAY)
    assert args == {"snapshot_time": expected}
