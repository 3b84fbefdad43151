"""Required values a request says in prose rather than writes as a list: numbers each with its own qualifier
('IDs 41 for the blue one and 42 for the red one'), a coordinate pair said axis by axis ('latitude 48.85 and
longitude 2.35'), and a URL slug labelled by the word 'URL' for a parameter named for one."""

from __future__ import annotations

from datetime import date

from helpers import function_tool as tool
from helpers import planned_call

TODAY = date(2026, 3, 12)

PARCELS = tool(
    "track_parcels",
    "Look up where parcels are in the delivery network.",
    {
        "parcel_ids": {"type": "array", "items": {"type": "integer"}, "description": "Numeric IDs of the parcels."},
        "detail": {"type": "boolean", "description": "Whether to include every scan event."},
    },
    ("parcel_ids",),
)

TIDES = tool(
    "tide_forecast",
    "Forecast of high and low tides at a point on the coast.",
    {
        "position": {
            "type": "array",
            "items": {"type": "number"},
            "description": "The latitude and longitude of the point, in decimal degrees.",
        },
        "days": {"type": "integer", "description": "How many days to forecast."},
    },
    ("position",),
)


def test_numbers_each_with_its_own_qualifier_make_one_list() -> None:
    name, args = planned_call(
        "Where are my parcel IDs 5531 for the kitchen chairs and 5532 from the garden shop right now?",
        PARCELS,
        today=TODAY,
    )
    assert name == "track_parcels"
    assert args["parcel_ids"] == [5531, 5532]


def test_three_qualified_numbers_and_a_comma() -> None:
    _, args = planned_call(
        "Track parcels 70 for Anna, 71 for Ben and 72 for Chloe with every scan event", PARCELS, today=TODAY
    )
    assert args["parcel_ids"] == [70, 71, 72]


def test_a_number_of_another_noun_is_not_part_of_the_list() -> None:
    _, args = planned_call("Track parcels 70 and 71 in 3 days", PARCELS, today=TODAY)
    assert args["parcel_ids"] == [70, 71]


def test_latitude_and_longitude_said_in_words_make_the_pair() -> None:
    name, args = planned_call(
        "What are the tides tomorrow near latitude 43.29 and longitude -2.98?", TIDES, today=TODAY
    )
    assert name == "tide_forecast"
    assert args["position"] == [43.29, -2.98]


def test_longitude_said_first_still_gives_latitude_first() -> None:
    _, args = planned_call("Tide forecast for 4 days at lon: 151.28, lat: -33.89", TIDES, today=TODAY)
    assert args["position"] == [-33.89, 151.28]
    assert args["days"] == 4


PAGE = tool(
    "create_page",
    "Create a page on the shop's website.",
    {
        "Title": {"type": "string", "description": "The title or name of the page."},
        "TabTitle": {"type": "string", "description": "The HTML title of the page, shown in the browser tab."},
        "Body": {"type": "string", "description": "The body text of the page."},
        "PageUrl": {"type": "string", "description": "The URL slug of the page, lowercase words joined by hyphens."},
    },
    ("Title", "TabTitle", "Body", "PageUrl"),
)


def test_a_slug_quoted_after_the_word_url_fills_a_slug_parameter() -> None:
    name, args = planned_call(
        "Create a page with the title 'Winter Boots', the tab title 'Boots for snow', the URL "
        "should be 'winter-boots' and the body 'Warm boots for cold days'.",
        PAGE,
        today=TODAY,
    )
    assert name == "create_page"
    assert args["PageUrl"] == "winter-boots"
    assert args["Body"] == "Warm boots for cold days"


def test_a_whole_two_word_name_labels_its_own_parameter_not_the_one_named_by_its_last_word() -> None:
    _, args = planned_call(
        "Put up a page with the tab title set to 'Snow gear' and 'Winter Boots' as title, the url slug "
        "'snow-gear' and the body 'Everything for snow'.",
        PAGE,
        today=TODAY,
    )
    assert args["TabTitle"] == "Snow gear"
    assert args["Title"] == "Winter Boots"


BAKERY = tool(
    "bakery_order",
    "Order pastries from a bakery for pickup.",
    {
        "bakery": {"type": "string", "description": "The name of the bakery."},
        "pastries": {"type": "array", "items": {"type": "string"}, "description": "Names of the pastries."},
        "amounts": {
            "type": "array",
            "items": {"type": "integer"},
            "description": "How many of each pastry, in the same order as the pastries.",
        },
    },
    ("bakery", "pastries", "amounts"),
)

BASKET = tool(
    "fill_basket",
    "Put goods in the grocery basket.",
    {
        "goods": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "product": {"type": "string", "description": "The product's name."},
                    "count": {"type": "integer", "description": "How many units of the product."},
                },
            },
            "description": "The goods to add, each a product and its count.",
        }
    },
    ("goods",),
)


def test_one_counted_thing_is_a_list_of_one_for_parallel_lists() -> None:
    name, args = planned_call("Order 7 croissants from the Golden Crust bakery", BAKERY, today=TODAY)
    assert name == "bakery_order"
    assert args["pastries"] == ["croissant"]  # seven of the item 'croissant'
    assert args["amounts"] == [7]


def test_a_counted_noun_names_its_item_in_the_singular() -> None:
    _, args = planned_call("Order four cinnamon buns and 2 apple tarts from Golden Crust", BAKERY, today=TODAY)
    assert args["pastries"] == ["cinnamon bun", "apple tart"]
    assert args["amounts"] == [4, 2]
    _, args = planned_call("Put three peaches and ten eggs in my grocery basket", BASKET, today=TODAY)
    assert args["goods"] == [{"product": "peach", "count": 3}, {"product": "egg", "count": 10}]


def test_a_quoted_or_ies_plural_stays_as_written() -> None:
    _, args = planned_call("Order 3 'scones' and six pastries from the Golden Crust bakery", BAKERY, today=TODAY)
    assert args["pastries"] == ["scones", "pastries"]


def test_counted_things_fill_a_list_of_product_and_count_objects() -> None:
    name, args = planned_call("Put three 'lemons' and ten 'eggs' in my grocery basket", BASKET, today=TODAY)
    assert name == "fill_basket"
    assert args["goods"] == [{"product": "lemons", "count": 3}, {"product": "eggs", "count": 10}]


LOGS = tool(
    "read_audit_log",
    "Read entries of the audit log.",
    {
        "perPage": {"type": "integer", "description": "Entries per page, from 5 to 250."},
        "timespan": {"type": "integer", "description": "How far back to read, in seconds."},
    },
    ("perPage", "timespan"),
)


def test_the_maximum_of_a_two_word_name_said_with_a_noun_between_is_the_top_of_its_range() -> None:
    _, args = planned_call("Read the audit log with the maximum entries per page for the past 2 hours", LOGS)
    assert args["perPage"] == 250
    assert args["timespan"] == 7200


PRICES = tool(
    "price_check",
    "Add up what the goods cost at the corner shop.",
    {
        "goods": {"type": "array", "items": {"type": "string"}, "description": "The goods to be priced."},
        "counts": {"type": "array", "items": {"type": "integer"}, "description": "Quantity of each of the goods."},
    },
    ("goods", "counts"),
)


def test_things_as_counted_keep_their_plural_when_no_names_are_asked_for() -> None:
    _, args = planned_call("Check the price of four lemons and two melons at the corner shop", PRICES, today=TODAY)
    assert args["goods"] == ["lemons", "melons"]
    assert args["counts"] == [4, 2]
