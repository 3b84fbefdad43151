"""A place written with its region after a comma keeps that region, though the place table knows neither
(`spans._region_written`)."""

from __future__ import annotations

import json

from rtkit.local.model.responder import FunctionCallPlan, plan_response

FORECAST = {
    "type": "function",
    "name": "rain_forecast",
    "description": "Tells the chance of rain for a town.",
    "parameters": {
        "type": "object",
        "properties": {
            "where": {
                "type": "string",
                "description": "The town, in the form 'City, State', such as 'Denver, CO'.",
            }
        },
        "required": ["where"],
    },
}


def _where(text: str) -> object:
    item = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": text}]}
    plan = plan_response([item], [FORECAST])
    assert isinstance(plan, FunctionCallPlan), plan
    return json.loads(plan.arguments)["where"]


def test_a_region_the_request_writes_after_the_town_is_kept() -> None:
    assert _where("What is the chance of rain in Ostrovia, Lower Vessland tomorrow?") == "Ostrovia, Lower Vessland"
    assert _where("Chance of rain in Madurai, Tamil Nadu?") == "Madurai, Tamil Nadu"


def test_a_smaller_area_or_a_longer_name_after_the_comma_is_no_region() -> None:
    assert _where("Chance of rain in Ostrovia, Kelm District?") != "Ostrovia, Kelm District"
    assert _where("Chance of rain in Ostrovia, Kelm Vale Heights Park?") != "Ostrovia, Kelm Vale Heights"
