"""Ordinary requests that rules for other phrasings must leave alone: a comparison is no request to change a
quantity, a price question after a payment is no subtraction, and an account holder is a person. Made-up tools."""

from __future__ import annotations

from helpers import function_tool, planned_call

from rtkit.local.model.responder import FunctionCallPlan, plan_response
from rtkit.realtime import protocol

WEATHER = function_tool(
    "get_weather", "Current weather in a city.", {"city": {"type": "string", "description": "City name."}}, ["city"]
)
THERMOSTAT = function_tool(
    "set_temperature",
    "Set the thermostat temperature.",
    {"degrees": {"type": "number", "description": "Target temperature."}},
    ["degrees"],
)
TWO = {
    "a": {"type": "number", "description": "First number."},
    "b": {"type": "number", "description": "Second number."},
}
SUBTRACT = function_tool("subtract", "Subtract b from a.", TWO, ["a", "b"])
DIVIDE = function_tool("divide", "Divide a by b.", TWO, ["a", "b"])
SEND = function_tool(
    "send_money",
    "Send money to someone.",
    {
        "amount": {"type": "number", "description": "Amount in dollars."},
        "name": {"type": "string", "description": "The name of the account holder."},
    },
    ["amount", "name"],
)


def _plan(text: str, *tools: dict) -> object:
    return plan_response([protocol.user_text_item(text)], list(tools))


def test_a_comparison_asks_to_change_nothing():
    plan = _plan("Is it colder in Oslo than in Bergen today?", WEATHER, THERMOSTAT)
    assert not (isinstance(plan, FunctionCallPlan) and plan.name == "set_temperature")
    assert "temperature" not in getattr(plan, "text", "")
    assert planned_call("Make it a bit warmer, 22 degrees.", WEATHER, THERMOSTAT) == (
        "set_temperature",
        {"degrees": 22},
    )


def test_a_price_question_after_a_payment_is_no_subtraction():
    plan = _plan("I paid 20 dollars for 4 tickets, how much is one ticket now?", SUBTRACT, DIVIDE)
    assert not (isinstance(plan, FunctionCallPlan) and plan.name == "subtract")
    assert planned_call("I had 30 apples and sold 12. How many are left?", SUBTRACT, DIVIDE) == (
        "subtract",
        {"a": 30, "b": 12},
    )


def test_an_account_holder_is_a_person_whose_name_is_capitalised():
    assert planned_call("send 50 dollars to john smith", SEND) == ("send_money", {"amount": 50, "name": "John Smith"})
