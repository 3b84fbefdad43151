"""A parameter called just 'name' whose description says it names a thing, no person ('the name of the garden'),
takes a lower-case word written before that thing's noun ('the marigold garden') as the value (issue 19).

Each request is typed text for tools defined here, planned with `plan_response` directly (milliseconds).
"""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

from rtkit.local.model.profile import profile

STRING = {"type": "string"}
GARDEN_REPORT = tool(
    "garden_api.get_garden_soil_report",
    "Soil figures for one garden bed, by its name and season.",
    {
        "name": {**STRING, "description": "The unique name of the garden whose soil report to fetch."},
        "season": {**STRING, "description": "The growing season to report on."},
    },
    ("name", "season"),
)
GARDEN_FIGURES = tool(
    "garden_api.get_garden_figures",
    "Current figures of a garden, by its identifier.",
    {"uuid": {**STRING, "description": "The unique identifier (UUID) of the garden."}},
    ("uuid",),
)


def test_the_name_of_a_thing_is_no_persons_name() -> None:
    assert profile("name", {"description": "The name of the garden."}, 0, True, ["string"]).kind == ""
    assert profile("name", {"description": "The name of the garden's owner."}, 0, True, ["string"]).kind == "person"
    assert profile("name", {"description": "The full name of the customer."}, 0, True, ["string"]).kind == "person"
    assert profile("name", {"description": "Who to greet."}, 0, True, ["string"]).kind == "person"


def test_a_lower_case_name_before_the_things_noun_is_its_name() -> None:
    name, args = planned_call(
        "Give me the soil report for the marigold garden. Use season spring.", GARDEN_REPORT, GARDEN_FIGURES
    )
    assert name == "garden_api.get_garden_soil_report"
    assert args["name"] == "marigold"
