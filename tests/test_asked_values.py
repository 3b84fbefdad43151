"""Required values a request gives in a form other than the value itself, which the stand-in model reads instead of
asking for them: an enum value named by one word of it or its adjective, a code a description gives for a name said
with an article, and the number a description says to use when the request says none."""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

from rtkit.local.model.responder import MessagePlan, plan_response

GARDEN = tool(
    "show_plot",
    "Show the details of one allotment plot.",
    {"plot": {"type": "string", "enum": ["rose-corner", "viking-bed", "herb-spiral"], "description": "The plot."}},
    ["plot"],
)


def test_an_enum_value_named_by_a_word_only_it_has() -> None:
    assert planned_call("Show the details of the viking plot", GARDEN) == ("show_plot", {"plot": "viking-bed"})


def test_an_enum_value_named_by_its_adjective() -> None:
    record = tool(
        "pupil_record",
        "Get one part of a pupil's school record.",
        {
            "part": {
                "type": "string",
                "enum": ["Attendance at Hillside Primary", "Music at Hillside Primary"],
                "description": "Which part of the record to read.",
            }
        },
        ["part"],
    )
    assert planned_call("Read the musical part of Tom's school record", record) == (
        "pupil_record",
        {"part": "Music at Hillside Primary"},
    )


def test_a_described_code_whose_name_has_an_article() -> None:
    groomers = tool(
        "find_groomer",
        "Find pet groomers in a town.",
        {
            "town": {"type": "string", "description": "The town."},
            "treatment_id": {
                "type": "integer",
                "description": "The treatment: '1' means a full bath, '2' for a nail trim, '3' for a full grooming.",
            },
        },
        ["town", "treatment_id"],
    )
    assert planned_call("Find a pet groomer for nail trims in Leeds", groomers) == (
        "find_groomer",
        {"town": "Leeds", "treatment_id": 2},
    )


def test_the_number_to_use_when_the_request_says_none() -> None:
    readings = tool(
        "rain_gauges",
        "List the latest rain gauge readings.",
        {
            "batch": {
                "type": "integer",
                "description": "Readings per batch, from 5 to 50. If the user does not specify, use 25.",
            }
        },
        ["batch"],
    )
    assert planned_call("Show the latest rain gauge readings", readings) == ("rain_gauges", {"batch": 25})


def test_a_value_the_request_does_not_give_is_still_asked_for() -> None:
    plan = plan_response(
        [{"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Show me a plot"}]}], [GARDEN]
    )
    assert isinstance(plan, MessagePlan) and "plot" in plan.text.lower()


def test_quoted_items_counted_by_words() -> None:
    bakery = tool(
        "bakery_order",
        "Order from a bakery.",
        {
            "bakery": {"type": "string", "description": "The bakery's name."},
            "products": {"type": "array", "items": {"type": "string"}, "description": "What to order."},
            "counts": {
                "type": "array",
                "items": {"type": "integer"},
                "description": "How many of each product, in the order of the products.",
            },
        },
        ["bakery", "products", "counts"],
    )
    assert planned_call("Order three 'croissants' and two 'rye loaves' from Crumbs", bakery) == (
        "bakery_order",
        {"bakery": "Crumbs", "products": ["croissants", "rye loaves"], "counts": [3, 2]},
    )


def test_a_time_parameter_whose_format_is_a_day_takes_the_day() -> None:
    ferry = tool(
        "book_ferry",
        "Book a ferry crossing.",
        {
            "port": {"type": "string", "description": "The port of departure."},
            "sailing_time": {"type": "string", "description": "When the ferry sails, in the format 'dd/mm/yyyy'."},
        },
        ["port", "sailing_time"],
    )
    assert planned_call("Book a ferry crossing from Dover on the 2nd of June, 2025", ferry) == (
        "book_ferry",
        {"port": "Dover", "sailing_time": "02/06/2025"},
    )


def test_an_amount_in_a_unit_of_weight_is_no_money() -> None:
    pantry = tool(
        "add_to_pantry",
        "Add a stock item to the pantry list.",
        {
            "item": {"type": "string", "description": "The stock item."},
            "stock_amount": {"type": "number", "description": "How much of the item there is."},
        },
        ["item", "stock_amount"],
    )
    assert planned_call("Add 3 kilograms of flour to the pantry list", pantry) == (
        "add_to_pantry",
        {"item": "flour", "stock_amount": 3},
    )


def test_a_measure_made_an_adjective_by_a_hyphen() -> None:
    kiln = tool(
        "fire_kiln",
        "Start a kiln firing.",
        {
            "peak_temperature": {"type": "integer", "description": "The peak temperature in Celsius."},
            "hold_hours": {"type": "number", "description": "How long to hold the peak, in hours (e.g. 1.5)."},
        },
        ["peak_temperature", "hold_hours"],
    )
    assert planned_call("Fire the kiln to 1200 degrees with a 2.5-hour hold", kiln) == (
        "fire_kiln",
        {"peak_temperature": 1200, "hold_hours": 2.5},
    )
