"""An enum value the request leaves out ('exclude the closed ones', 'not archived') is not the value asked for:
the filter is left to its default, or takes the value the request does ask for.

Each request is typed text for a tool defined here, planned with `plan_response` (milliseconds per case).
"""

from __future__ import annotations

from datetime import date

import pytest
from helpers import function_tool as tool
from helpers import planned_call

TODAY = date(2026, 3, 12)

TICKETS = tool(
    "list_support_tickets",
    "List the support tickets of a customer.",
    {
        "customer": {"type": "string", "description": "The customer's account name."},
        "state": {
            "type": "string",
            "description": "Only tickets in this state, such as 'open', 'pending' or 'closed'.",
            "enum": ["open", "pending", "closed"],
            "default": "open",
        },
    },
    ("customer",),
)


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        ("List the support tickets of customer 'brightwave', excluding any that are closed", None),
        ("Show support tickets for customer 'brightwave' that are not closed", None),
        ("Show the pending support tickets for customer 'brightwave', except closed ones", "pending"),
        ("Show the closed support tickets for customer 'brightwave'", "closed"),
    ],
)
def test_a_value_left_out_is_not_chosen(request_text: str, expected: str | None) -> None:
    _, args = planned_call(request_text, TICKETS, today=TODAY)
    assert args.get("state") == expected
