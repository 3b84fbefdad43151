"""Places the request writes in one form and a schema asks for in another: a town 'in' its state, a state's code
that stands for its namesake city, a name with the address after it, an airport's code beside its city.

Each request is typed text for a tool defined here, planned with `plan_response` (milliseconds per case).
"""

from __future__ import annotations

from datetime import date

import pytest
from helpers import function_tool as tool
from helpers import planned_call

TODAY = date(2026, 3, 12)
STRING = {"type": "string"}
CITY_ST = "The town, in the form 'City, State' with the state abbreviated, such as 'Reno, NV'."


def _one_place(param: str, description: str) -> dict:
    return tool(
        "find_plumber", "Find plumbers working in a town.", {param: {**STRING, "description": description}}, (param,)
    )


def _args(text: str, *tools: dict) -> dict:
    return planned_call(text, *tools, today=TODAY)[1]


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        # 'X in Y', Y a state: the town X in that state, as 'X, Y' writes it; a town no table knows too.
        ("Is there a plumber in Pelican Bend in Louisiana?", "Pelican Bend, LA"),
        ("I need a plumber in Boulder in Colorado", "Boulder, CO"),
    ],
)
def test_a_town_in_its_state(request_text: str, expected: str) -> None:
    assert _args(request_text, _one_place("town", CITY_ST)) == {"town": expected}


def test_a_state_written_out_for_a_town_no_table_knows() -> None:
    # The schema's form abbreviates the state even for a town the tables do not list.
    assert _args("Find a plumber in Pelican Bend, Louisiana", _one_place("town", CITY_ST)) == {
        "town": "Pelican Bend, LA"
    }


def test_a_states_code_stands_for_its_namesake_city() -> None:
    # 'in NY' for a 'City, ST' town is New York City; a state with no city of its name stays as written.
    assert _args("Any plumbers free tomorrow in NY?", _one_place("town", CITY_ST)) == {"town": "New York, NY"}
    state = tool(
        "find_plumber",
        "Find plumbers working in a state.",
        {"state": {**STRING, "description": "The state, such as 'NV'."}},
        ("state",),
    )
    assert _args("Any plumbers free tomorrow in NY?", state) == {"state": "NY"}


def test_a_city_named_city_keeps_the_word_when_its_state_is_written() -> None:
    coach = tool(
        "book_coach",
        "Book a coach seat between two towns.",
        {
            "origin_city": {
                **STRING,
                "description": "The city the coach leaves from, formatted as 'City, State' (e.g., 'Reno, NV').",
            },
            "destination_city": {
                **STRING,
                "description": "The destination city, formatted as 'City, State' (e.g., 'Boise, ID').",
            },
        },
        ("origin_city", "destination_city"),
    )
    args = _args("Book me a coach seat from Trenton, NJ to New York City, NY", coach)
    assert args == {"origin_city": "Trenton, NJ", "destination_city": "New York City, NY"}


def test_a_name_with_its_address_after_it() -> None:
    order = tool(
        "order_food",
        "Order a takeaway meal.",
        {
            "shop": {
                **STRING,
                "description": "The shop to order from, as 'Shop Name, Location', e.g. 'Wok Inn, Reno, NV'.",
            },
            "dish": {**STRING, "description": "What to order."},
        },
        ("shop", "dish"),
    )
    args = _args("Order the noodle soup from Lotus Garden, 48 Birch Road, Austin, TX please", order)
    assert args["shop"] == "Lotus Garden, 48 Birch Road, Austin, TX"


def test_an_airport_code_beside_its_city() -> None:
    flights = tool(
        "search_flights",
        "Search one-way flights.",
        {
            "origin_airport": {**STRING, "description": "The IATA code of the airport to leave from, such as 'ORD'."},
            "destination_airport": {**STRING, "description": "The IATA code of the airport to land at, e.g. 'DEN'."},
        },
        ("origin_airport", "destination_airport"),
    )
    args = _args("Look for a flight from SEA in Seattle to BOS in Boston", flights)
    assert args == {"origin_airport": "SEA", "destination_airport": "BOS"}


def _courier(example: str) -> dict:
    described = f"Where to deliver, as 'Street, Town', such as '{example}'."
    schema = {"destination": {**STRING, "description": described}}
    return tool("send_courier", "Send a courier.", schema, ("destination",))


def test_a_street_word_spelled_out_as_the_example_spells_it() -> None:
    said = "Send a courier to 77 Willow Ave, Dunmore"
    assert _args(said, _courier("9 Harbour Road, Leeds")) == {"destination": "77 Willow Avenue, Dunmore"}
    assert _args(said, _courier("9 Harbour Rd, Leeds")) == {"destination": "77 Willow Ave, Dunmore"}


def test_a_town_written_with_its_state_beats_a_landmark_no_table_knows() -> None:
    # 'Crater Rim Lodge' is no known place; 'Pelican Bend, LA' is a town by the state after its comma.
    text = "Find a plumber near Crater Rim Lodge which sits at Pelican Bend, LA, please"
    assert _args(text, _one_place("location", CITY_ST)) == {"location": "Pelican Bend, LA"}
