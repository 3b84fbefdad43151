"""A city's nickname known with 'the' ('the Big Apple') is read for a city parameter however it is cased, the
article left with the sentence, and written as the city's usual name."""

from __future__ import annotations

import json

from rtkit.local.model.responder import FunctionCallPlan, plan_response

_CITY = {"type": "string", "description": "The town to look in, in the format 'City, State', e.g. 'Boise, ID'."}
_TOOLS = [
    {
        "type": "function",
        "name": "list_food_trucks",
        "description": "Lists the food trucks parked in a town today.",
        "parameters": {"type": "object", "properties": {"city": _CITY}, "required": ["city"]},
    }
]


def _city(text: str) -> object:
    item = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": text}]}
    plan = plan_response([item], _TOOLS)
    assert isinstance(plan, FunctionCallPlan), plan
    return json.loads(plan.arguments)["city"]


def test_a_nickname_in_lower_case_names_the_city() -> None:
    assert _city("Which food trucks are parked in the big apple?") == "New York, NY"


def test_a_capitalised_nickname_is_written_as_the_city() -> None:
    assert _city("List the food trucks in the Big Apple") == "New York, NY"


def test_city_initials_before_a_capitalised_noun_name_the_city() -> None:
    clinic = {
        "type": "function",
        "name": "find_clinic",
        "description": "Find a clinic in a town.",
        "parameters": {
            "type": "object",
            "properties": {
                "city": _CITY,
                "specialty": {"type": "string", "enum": ["Dentist", "Optometrist"]},
            },
            "required": ["city", "specialty"],
        },
    }
    item = {
        "type": "message",
        "role": "user",
        "content": [{"type": "input_text", "text": "Get me the best SF Optometrist"}],
    }
    plan = plan_response([item], [clinic])
    assert isinstance(plan, FunctionCallPlan), plan
    assert json.loads(plan.arguments) == {"city": "San Francisco, CA", "specialty": "Optometrist"}
