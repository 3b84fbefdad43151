"""'a' and 'an' say one: an optional count of the things a request asks for with the article and no number is 1
('book me a sleeper berth' for the number of berths), but not 'a few berths', nor a thing the count does not
count, nor a count the tool cannot run without."""

from __future__ import annotations

from datetime import date

from helpers import function_tool as tool
from helpers import planned_call

TODAY = date(2026, 3, 12)


def _berths(required: tuple[str, ...]) -> dict:
    return tool(
        "reserve_berths",
        "Reserve sleeper berths on a night train between two stations.",
        {
            "from_station": {"type": "string", "description": "Station the train leaves from."},
            "to_station": {"type": "string", "description": "Station the train arrives at."},
            "number_of_berths": {
                "type": "integer",
                "description": "The number of sleeper berths wanted on the train.",
                "default": 1,
            },
        },
        required,
    )


BERTHS = _berths(("from_station", "to_station"))


def test_an_article_before_the_counted_thing_is_one() -> None:
    name, args = planned_call("Book me a lower-deck sleeper berth from Vienna to Venice", BERTHS, today=TODAY)
    assert name == "reserve_berths" and args.get("number_of_berths") == 1


def test_a_few_or_another_thing_is_no_count() -> None:
    _, few = planned_call("Book me a few sleeper berths from Vienna to Venice", BERTHS, today=TODAY)
    _, other = planned_call("Reserve sleeper berths from Vienna to Venice on a night train", BERTHS, today=TODAY)
    assert "number_of_berths" not in few and "number_of_berths" not in other


def test_a_stated_number_wins_over_the_article() -> None:
    _, args = planned_call("Book a trip with 3 sleeper berths from Vienna to Venice", BERTHS, today=TODAY)
    assert args.get("number_of_berths") == 3
