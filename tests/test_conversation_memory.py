"""The rule-based responder uses the whole conversation: follow-ups reuse the last tool, missing arguments come
from earlier requests before it asks, and recall questions are answered from earlier items (messages, tool
outputs, a carried-over summary)."""

from __future__ import annotations

import json
from datetime import date

from helpers import assistant, call, output, user

from rtkit.local.model.responder import SUMMARY_PREFIX, FunctionCallPlan, MessagePlan, plan_response

WEATHER = {
    "type": "function",
    "name": "get_weather",
    "description": "Current weather for a city.",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
}
FLIGHTS = {
    "type": "function",
    "name": "search_flights",
    "description": "Search for flights between two cities.",
    "parameters": {
        "type": "object",
        "properties": {
            "origin": {"type": "string"},
            "destination": {"type": "string"},
            "date": {"type": "string", "format": "date"},
        },
        "required": ["origin", "destination", "date"],
    },
}
TOOLS = [WEATHER, FLIGHTS]
TODAY = date(2026, 3, 12)


def plan(items: list[dict]) -> FunctionCallPlan | MessagePlan:
    return plan_response(items, TOOLS, today=TODAY)


def test_and_in_oslo_reuses_the_last_tool_with_the_new_city():
    items = [
        user("What's the weather in Paris?"),
        call("c1", "get_weather", {"city": "Paris"}),
        output("c1", {"temperature_c": 14}),
        assistant("Weather: temperature is 14 degrees Celsius."),
        user("And in Oslo?"),
    ]
    result = plan(items)
    assert isinstance(result, FunctionCallPlan) and result.name == "get_weather"
    assert json.loads(result.arguments) == {"city": "Oslo"}


def test_a_small_talk_reply_after_a_call_is_not_a_follow_up():
    items = [user("What's the weather in Paris?"), call("c1", "get_weather", {"city": "Paris"}), output("c1", {})]
    items += [assistant("Weather: no data."), user("thanks, that is all")]
    assert isinstance(plan(items), MessagePlan)


def test_the_answer_to_a_question_for_a_missing_argument_completes_the_call():
    first = plan([user("Find me a flight to Rome tomorrow")])
    assert isinstance(first, MessagePlan) and "origin" in first.text
    result = plan([user("Find me a flight to Rome tomorrow"), assistant(first.text), user("From Paris")])
    assert isinstance(result, FunctionCallPlan) and result.name == "search_flights"
    assert json.loads(result.arguments) == {"origin": "Paris", "destination": "Rome", "date": "2026-03-13"}


def test_missing_arguments_come_from_an_earlier_request_about_the_same_tool():
    items = [user("I need a flight from Paris to Rome"), assistant("When do you want to go?")]
    result = plan([*items, user("Search flights for tomorrow")])
    assert isinstance(result, FunctionCallPlan)
    assert json.loads(result.arguments) == {"origin": "Paris", "destination": "Rome", "date": "2026-03-13"}


def test_recall_of_a_figure_from_an_earlier_tool_output():
    items = [
        user("How much did I spend on groceries?"),
        call("c1", "spending_by_category", {"category": "groceries"}),
        output("c1", {"category": "groceries", "total": 3103.4, "transactions": 41}),
        assistant("Spending by category for groceries: total is $3,103 and 41 transactions."),
        user("Tell me about the weather later."),
        assistant("Sure."),
        user("What did you say the total was?"),
    ]
    result = plan(items)
    assert isinstance(result, MessagePlan) and "$3,103" in result.text, result


def test_recall_from_replayed_turns_and_a_seeded_summary():
    summary = {
        "type": "message",
        "role": "system",
        "content": [{"type": "input_text", "text": f"{SUMMARY_PREFIX} User: My budget for the trip is $2,400."}],
    }
    items = [summary, user("What's the weather in Lisbon?"), assistant("Weather for Lisbon: sunny.")]
    result = plan([*items, user("Remind me what my budget was?")])
    assert isinstance(result, MessagePlan) and "$2,400" in result.text, result
    result = plan([*items, user("Which city did I ask about earlier?")])
    assert isinstance(result, MessagePlan) and "Lisbon" in result.text, result


def test_a_recall_question_with_nothing_earlier_is_not_invented():
    result = plan(
        [user("Hello"), assistant("Hello. How can I help you today?"), user("What did you say the total was?")]
    )
    assert isinstance(result, MessagePlan) and "$" not in result.text
