"""Tests for the local server's rule-based responder (routing, arguments, answers, summaries)."""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from helpers import assistant, call, output, user
from helpers import function_tool as tool
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rtkit.local.model.extract import numbers, tokenize
from rtkit.local.model.phrasing import SPOKEN_BUDGET, money, percent, phrase_outputs, spoken_words
from rtkit.local.model.responder import (
    SUMMARY_PREFIX,
    FunctionCallPlan,
    MessagePlan,
    plan_response,
    summarize,
    user_text,
    wants_summary,
)
from rtkit.local.model.routing import rank_tools
from rtkit.servers import devtools, finance
from rtkit.servers.sandbox import Deadline

TODAY = date(2025, 6, 15)
CATEGORIES = ["groceries", "dining", "transport", "utilities", "entertainment", "shopping", "health", "rent"]
MONTH = {
    "type": "string",
    "description": "Month as YYYY-MM; defaults to the current month",
    "pattern": r"^\d{4}-\d{2}$",
}


FINANCE_TOOLS = [
    tool(
        "get_portfolio_summary",
        "Summary of the investment portfolio: total market value, cash, day change and allocation by asset class.",
    ),
    tool(
        "get_holdings",
        "List every holding in the portfolio with ticker, shares, price and market value.",
        {"sort_by": {"type": "string", "enum": ["value", "ticker", "weight"], "default": "value"}},
    ),
    tool(
        "list_transactions",
        "List bank and card transactions, newest first, optionally for one month.",
        {
            "month": MONTH,
            "limit": {"type": "integer", "minimum": 1, "maximum": 200, "default": 20},
            "include_pending": {"type": "boolean", "description": "Also list pending card transactions"},
        },
    ),
    tool(
        "categorize_transactions",
        "Assign a spending category to every uncategorized transaction using merchant rules.",
        {"month": MONTH},
    ),
    tool(
        "spending_by_category",
        "Total amount spent in one spending category during a month.",
        {"category": {"type": "string", "enum": CATEGORIES, "description": "Spending category"}, "month": MONTH},
        ("category",),
    ),
    tool(
        "plan_budget",
        "Make a monthly budget plan that splits a monthly income into needs, wants and savings.",
        {"monthly_income": {"type": "number", "minimum": 0, "description": "Monthly income after tax, in dollars"}},
        ("monthly_income",),
    ),
    tool(
        "suggest_rebalancing",
        "Suggest trades that bring the portfolio back to a target allocation.",
        {"risk_profile": {"type": "string", "enum": ["conservative", "balanced", "growth"], "default": "balanced"}},
    ),
]

DEVTOOLS_TOOLS = [
    tool(
        "analyze_code",
        "Analyze Python source code in a file or folder: lines of code, functions, classes, complexity and TODOs.",
        {"path": {"type": "string", "description": "File or directory to analyze, relative to the project root"}},
        ("path",),
    ),
    tool(
        "project_tree",
        "Show the directory tree of the project.",
        {
            "path": {"type": "string", "description": "Directory to start from", "default": "."},
            "max_depth": {"type": "integer", "minimum": 1, "maximum": 10, "default": 3},
        },
    ),
    tool(
        "search_text",
        "Search the project's files for a text or regular expression and return the matching lines.",
        {
            "query": {"type": "string", "description": "Text or regular expression to look for"},
            "path": {"type": "string", "description": "Directory to search in", "default": "."},
        },
        ("query",),
    ),
    tool("git_status", "Show the working tree status of the git repository: branch, staged, modified, untracked."),
    tool(
        "git_log",
        "Show the most recent commits of the git repository with author, date and message.",
        {"max_count": {"type": "integer", "minimum": 1, "maximum": 100, "default": 10}},
    ),
    tool(
        "read_file_lines",
        "Read a range of lines from a text file in the project.",
        {
            "path": {"type": "string", "description": "File to read"},
            "start_line": {"type": "integer", "minimum": 1, "default": 1},
            "end_line": {"type": "integer", "minimum": 1},
        },
        ("path",),
    ),
]

ALL_TOOLS = FINANCE_TOOLS + DEVTOOLS_TOOLS
SCHEMAS = {t["name"]: t["parameters"] for t in ALL_TOOLS}


def plan(text: str, tools=ALL_TOOLS, **kwargs) -> FunctionCallPlan | MessagePlan:
    return plan_response([user(text, audio=True)], tools, today=TODAY, **kwargs)


def assert_call(result: object, name: str, arguments: dict) -> None:
    assert isinstance(result, FunctionCallPlan), result
    assert result.name == name
    parsed = json.loads(result.arguments)
    assert parsed == arguments
    jsonschema.validate(parsed, SCHEMAS[name])


# The sample recordings' sentences, the same sentences as a weak recognizer might return them, and more.
SAMPLES = [
    ("What is my portfolio summary?", "get_portfolio_summary", {}),
    ("How much did I spend on groceries?", "spending_by_category", {"category": "groceries"}),
    ("Make a budget plan for an income of five thousand dollars.", "plan_budget", {"monthly_income": 5000}),
    ("Analyze the code in the rtkit folder.", "analyze_code", {"path": "rtkit"}),
    ("Show me the recent git log.", "git_log", {}),
]
ASR_VARIANTS = [
    ("what portfolio summary", "get_portfolio_summary", {}),
    ("what is my port folio summary", "get_portfolio_summary", {}),
    ("how much spend grocery", "spending_by_category", {"category": "groceries"}),
    ("make budget plan income five thousand dollar", "plan_budget", {"monthly_income": 5000}),
    ("plan my budget thirty income on four thousand dollars", "plan_budget", {"monthly_income": 4000}),
    ("analyze code rtkit folder", "analyze_code", {"path": "rtkit"}),
    ("show recent git log", "git_log", {}),
]
MORE_REQUESTS = [
    ("Show me my holdings.", "get_holdings", {}),
    ("How much did I spend eating out last month?", "spending_by_category", {"category": "dining", "month": "2025-05"}),
    ("What did I spend on rent in March 2024?", "spending_by_category", {"category": "rent", "month": "2024-03"}),
    ("List my last 5 transactions including pending ones.", "list_transactions", {"limit": 5, "include_pending": True}),
    ("Categorize my transactions for May.", "categorize_transactions", {"month": "2025-05"}),
    ("Suggest how to rebalance my portfolio for growth.", "suggest_rebalancing", {"risk_profile": "growth"}),
    ("Budget for an income of $4,250.50 a month.", "plan_budget", {"monthly_income": 4250.5}),
    ("Search for TODO in the rtkit folder.", "search_text", {"query": "TODO", "path": "rtkit"}),
    (
        "Read lines 10 to 20 of rtkit/audio.py",
        "read_file_lines",
        {"path": "rtkit/audio.py", "start_line": 10, "end_line": 20},
    ),
    ("read audio dot py lines five to ten", "read_file_lines", {"path": "audio.py", "start_line": 5, "end_line": 10}),
    ("What's the status of the repo?", "git_status", {}),
    ("Show me the last twenty commits.", "git_log", {"max_count": 20}),
    ("Show the project tree.", "project_tree", {}),
]


@pytest.mark.parametrize(("text", "name", "arguments"), SAMPLES + ASR_VARIANTS + MORE_REQUESTS)
def test_requests_route_to_the_intended_tool_with_arguments(text, name, arguments):
    assert_call(plan(text), name, arguments)


@pytest.mark.parametrize(("text", "name", "arguments"), SAMPLES)
def test_samples_route_within_their_own_server_tool_list(text, name, arguments):
    tools = FINANCE_TOOLS if any(t["name"] == name for t in FINANCE_TOOLS) else DEVTOOLS_TOOLS
    assert_call(plan(text, tools), name, arguments)


def test_rarer_words_outweigh_common_ones():
    ranking = rank_tools("show my holdings", FINANCE_TOOLS)
    assert ranking[0].name == "get_holdings"
    assert ranking[0].score > ranking[1].score
    assert "hold" in ranking[0].matched


@pytest.mark.parametrize("text", ["Hello, how are you?", "thank you that's all", "What can you do?", "Good morning"])
def test_chit_chat_gets_an_acknowledgement(text):
    result = plan(text)
    assert isinstance(result, MessagePlan)
    assert result.text.startswith("I heard: ")
    assert text.rstrip("?.!").lower() in result.text.lower()


def test_missing_required_value_is_asked_for():
    result = plan("How much did I spend?")
    assert isinstance(result, MessagePlan)
    assert "category" in result.text and "groceries" in result.text
    result = plan("Make me a budget plan.")
    assert isinstance(result, MessagePlan)
    assert "monthly income" in result.text


def test_empty_transcript_and_no_user_message():
    assert "didn't catch" in plan("").text
    greeting = plan_response([], ALL_TOOLS)
    assert isinstance(greeting, MessagePlan) and greeting.text


def test_tool_choice_none_never_calls():
    result = plan("What is my portfolio summary?", tool_choice="none")
    assert isinstance(result, MessagePlan)
    assert "portfolio summary" in result.text


def test_tool_choice_required_calls_the_best_tool_even_for_chit_chat():
    assert_call(
        plan("How much did I spend on groceries?", tool_choice="required"),
        "spending_by_category",
        {"category": "groceries"},
    )
    result = plan("hello there", tool_choice="required")
    assert isinstance(result, FunctionCallPlan)
    jsonschema.validate(json.loads(result.arguments), SCHEMAS[result.name])
    # A required argument the request lacks gets a value of the right type.
    forced = plan("hello there", [t for t in FINANCE_TOOLS if t["name"] == "plan_budget"], tool_choice="required")
    assert_call(forced, "plan_budget", {"monthly_income": 0})


def test_named_tool_choice_forces_that_tool():
    choice = {"type": "function", "name": "analyze_code"}
    assert_call(plan("What is my portfolio summary?", tool_choice=choice), "analyze_code", {"path": "."})
    assert_call(plan("analyze the audio module", tool_choice=choice), "analyze_code", {"path": "audio"})
    unknown = plan("What is my portfolio summary?", tool_choice={"type": "function", "name": "launch_rocket"})
    assert isinstance(unknown, MessagePlan) and "launch rocket" in unknown.text


# Tools as an MCP server built with type hints exposes them: optional values are anyOf [type, null] with a null
# default, and the allowed values are only listed in the tool's description.
NULLABLE_STRING = {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None}
MCP_STYLE_TOOLS = [
    {
        "type": "function",
        "name": "spending_by_category",
        "description": "How much was spent, per category and month. Optionally one month (YYYY-MM) and/or one "
        "category (groceries, dining, transport, utilities, housing, travel, other).",
        "parameters": {
            "type": "object",
            "properties": {
                "month": {**NULLABLE_STRING, "title": "Month"},
                "category": {**NULLABLE_STRING, "title": "Category"},
            },
        },
    },
    {
        "type": "function",
        "name": "get_holdings",
        "description": "Every position with quantity, price and value. Optionally only one asset class "
        "(us_stocks, intl_stocks, bonds, real_estate, cash).",
        "parameters": {
            "type": "object",
            "properties": {
                "asset_class": {**NULLABLE_STRING, "title": "Asset Class"},
                "sort_by": {"type": "string", "enum": ["value", "gain", "symbol"], "default": "value"},
            },
        },
    },
]


@pytest.mark.parametrize(
    ("text", "name", "arguments"),
    [
        ("How much did I spend on groceries?", "spending_by_category", {"category": "groceries"}),
        ("how much did I spend on rent in March", "spending_by_category", {"category": "housing", "month": "2025-03"}),
        ("what did I spend in September", "spending_by_category", {"month": "2024-09"}),
        ("show my bond holdings", "get_holdings", {"asset_class": "bonds"}),
        ("list my international stocks holdings", "get_holdings", {}),
        ("show my US stocks holdings", "get_holdings", {"asset_class": "us_stocks"}),
    ],
)
def test_values_listed_in_the_tool_description_fill_plain_string_parameters(text, name, arguments):
    result = plan(text, MCP_STYLE_TOOLS)
    assert isinstance(result, FunctionCallPlan), result
    assert (result.name, json.loads(result.arguments)) == (name, arguments)
    jsonschema.validate(
        json.loads(result.arguments), next(t for t in MCP_STYLE_TOOLS if t["name"] == name)["parameters"]
    )


PORTFOLIO = {
    "as_of": "2025-06-13",
    "total_value": 125430.5,
    "cash": 5200.0,
    "day_change_pct": 0.82,
    "holdings": [
        {"ticker": "VTI", "shares": 210, "price": 278.0, "market_value": 58380.0},
        {"ticker": "BND", "shares": 300, "price": 73.0, "market_value": 21900.0},
        {"ticker": "AAPL", "shares": 60, "price": 210.0, "market_value": 12600.0},
        {"ticker": "MSFT", "shares": 20, "price": 450.0, "market_value": 9000.0},
        {"ticker": "VXUS", "shares": 300, "price": 61.17, "market_value": 18350.5},
    ],
    "allocation": {"stocks": 78.3, "bonds": 17.5, "cash": 4.2},
}


def test_tool_output_is_answered_not_called_again():
    items = [
        user("What is my portfolio summary?", audio=True),
        call("call_1", "get_portfolio_summary"),
        output("call_1", PORTFOLIO),
    ]
    for choice in ("auto", "required"):
        result = plan_response(items, ALL_TOOLS, tool_choice=choice)
        assert isinstance(result, MessagePlan)
        assert "$125,431" in result.text and "$125,430.50" not in result.text
        assert "5 holdings" in result.text and "VTI" in result.text
        assert len([s for s in result.text.split(". ") if s]) <= 2


def test_outputs_of_an_earlier_request_do_not_answer_a_new_one():
    items = [
        user("What is my portfolio summary?"),
        call("call_1", "get_portfolio_summary"),
        output("call_1", PORTFOLIO),
        assistant("Your portfolio is worth $125,430.50.", audio=True),
        user("How much did I spend on groceries?"),
    ]
    assert_call(plan_response(items, ALL_TOOLS, today=TODAY), "spending_by_category", {"category": "groceries"})


def test_a_call_still_waiting_for_output_is_not_repeated():
    items = [user("Show me the recent git log."), call("call_9", "git_log", '{"max_count":10}')]
    result = plan_response(items, ALL_TOOLS)
    assert isinstance(result, MessagePlan) and "git log" in result.text


def test_error_output_is_an_apology_naming_tool_and_message():
    error = {"error": "invalid_argument", "message": "Unknown category 'food'."}
    items = [user("How much did I spend on food?"), call("c", "spending_by_category"), output("c", error)]
    text = plan_response(items, ALL_TOOLS).text
    assert text.startswith("Sorry")
    assert "spending by category" in text and "Unknown category 'food'" in text
    mcp_error = {"error": "tool_error", "message": "Error executing tool analyze_code: path 'git' does not exist"}
    text = phrase_outputs([("analyze_code", mcp_error)])
    assert text == "Sorry, the analyze code tool failed: path 'git' does not exist."
    long = {"error": "bad", "message": " ".join(f"word{i}" for i in range(50))}
    assert len(phrase_outputs([("git_log", long)]).split()) <= 25


def test_timeout_error_without_message():
    text = phrase_outputs([("git_log", {"error": {"type": "timeout", "message": "git_log took longer than 5000 ms"}})])
    assert "git log" in text and "5000 ms" in text


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        (
            "spending_by_category",
            {"category": "groceries", "month": "2025-05", "total": 412.37, "transactions": 9},
            ["total is $412", "for groceries", "9 transactions"],
        ),
        (
            "plan_budget",
            {"monthly_income": 5000, "needs": 2500, "wants": 1500, "savings": 1000},
            ["monthly income is $5,000", "needs is $2,500", "wants is $1,500"],
        ),
        (
            "git_status",
            {"branch": "main", "modified": ["rtkit/audio.py", "README.md"], "untracked": []},
            ["main", "Modified: rtkit/audio.py and README.md", "no untracked"],
        ),
        (
            "git_log",
            {"result": [{"hash": "6ef6785", "message": "Add responder"}, {"hash": "113ca75", "message": "MCP bridge"}]},
            ["Add responder and MCP bridge"],
        ),
        ("project_tree", "rtkit/\n  audio.py\n  client.py", ["3 lines", "rtkit/"]),
        ("get_holdings", [{"ticker": "VTI", "market_value": 58380}], ["Holdings: VTI at $58,380"]),
        ("analyze_code", {"files": 12, "lines": 3456, "functions": 210, "todos": 3}, ["12 files", "3,456 lines"]),
    ],
)
def test_outputs_are_phrased_from_their_salient_fields(name, value, expected):
    text = phrase_outputs([(name, value if isinstance(value, str) else json.dumps(value))])
    for fragment in expected:
        assert fragment in text
    assert len(text.split()) <= 40


def test_list_entries_name_their_largest_amount_and_long_text_is_measured():
    holdings = {
        "holdings": [
            {"symbol": "VTI", "price": 308.49, "value": 37018.8, "weight_pct": 35.1},
            {"symbol": "BND", "price": 79.2, "value": 8712.0, "weight_pct": 8.26},
        ],
        "total_value": 45730.8,
    }
    text = phrase_outputs([("get_holdings", json.dumps(holdings))])
    assert "VTI at $37,019 and BND at $8,712" in text and "$308" not in text
    tree = {"path": ".", "tree": "\n".join(f"file_{i}.py" for i in range(40)), "files": 40}
    text = phrase_outputs([("project_tree", json.dumps(tree))])
    assert "40 files" in text and "file_3" not in text
    text = phrase_outputs([("project_tree", json.dumps({"tree": tree["tree"]}))])
    assert "40 lines" in text and "file_3" not in text
    gains = {"unrealized_gain": 27450.3, "unrealized_gain_pct": 35.18}
    text = phrase_outputs([("get_portfolio_summary", json.dumps(gains))])
    assert text == "Portfolio summary: unrealized gain is $27,450 or 35.2%."


def test_several_outputs_are_all_mentioned():
    text = phrase_outputs([("get_portfolio_summary", json.dumps(PORTFOLIO)), ("git_status", '{"branch": "dev"}')])
    assert "$125,431" in text and "dev" in text
    assert text.index("$125,431") < text.index("dev")


def test_allocation_shares_are_spoken_as_percentages():
    data = {"total_value": 125430.5, "allocation": PORTFOLIO["allocation"]}
    text = phrase_outputs([("get_portfolio_summary", json.dumps(data))])
    assert "stocks 78.3%, bonds 17.5% and cash 4.2%" in text


CONVERSATION = [
    {"type": "message", "role": "system", "content": [{"type": "input_text", "text": "You are a finance assistant."}]},
    user("Hi there.", audio=True),
    assistant("Hello. How can I help you today?", audio=True),
    user("What is my portfolio summary?", audio=True),
    call("c1", "get_portfolio_summary"),
    output("c1", PORTFOLIO),
    assistant("Portfolio summary: total value is $125,430.50 and cash is $5,200. It looks healthy.", audio=True),
    user("Okay. How much did I spend on groceries?", audio=True),
    assistant("You spent $412.37 on groceries in May. That is a bit more than usual.", audio=True),
    user("Thanks, that is all.", audio=True),
]


def test_summary_keeps_number_bearing_sentences_in_order():
    text = summarize(CONVERSATION, max_sentences=3)
    assert text.startswith(SUMMARY_PREFIX)
    assert "$125,430.50" in text and "$412.37" in text
    assert text.index("$125,430.50") < text.index("$412.37")
    assert "You are a finance assistant" not in text  # system prompt is not conversation
    assert "Thanks, that is all" not in text


def test_summary_labels_speakers_and_respects_the_limit():
    text = summarize(CONVERSATION, max_sentences=5)
    body = text.removeprefix(SUMMARY_PREFIX)
    assert "User: " in body and "Assistant: " in body
    assert "What is my portfolio summary?" in body
    short = summarize(CONVERSATION, max_sentences=1)
    assert len(short) < len(text)
    assert summarize([]).startswith(SUMMARY_PREFIX)


def test_summary_request_is_answered_with_a_summary():
    items = [*CONVERSATION, user("Can you summarize the conversation so far?")]
    assert wants_summary(None, items)
    result = plan_response(items, ALL_TOOLS)
    assert isinstance(result, MessagePlan) and result.text.startswith(SUMMARY_PREFIX)
    assert "summarize the conversation" not in result.text
    by_instructions = plan_response(CONVERSATION, ALL_TOOLS, instructions="Summarize the conversation so far.")
    assert by_instructions.text.startswith(SUMMARY_PREFIX)


@pytest.mark.parametrize(
    ("instructions", "expected"),
    [
        ("Summarize the conversation so far.", True),
        ("Please summarise our conversation in three sentences.", True),
        ("Give me a short summary of what we discussed.", True),
        ("Recap the session.", True),
        ("You are a helpful finance assistant. When asked, summarize the conversation so far.", False),
        ("Summarize tool results in one sentence.", False),
        ("What is my portfolio summary?", False),
        ("", False),
        (None, False),
    ],
)
def test_wants_summary(instructions, expected):
    assert wants_summary(instructions) is expected


def test_user_text_reads_text_and_transcripts():
    assert user_text(user("typed words")) == "typed words"
    assert user_text(user("spoken words", audio=True)) == "spoken words"
    assert (
        user_text({"type": "message", "role": "user", "content": [{"type": "input_audio", "transcript": None}]}) == ""
    )
    assert user_text(assistant("not the user", audio=True)) == ""
    assert user_text(call("c", "git_log")) == ""


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("five thousand", 5000),
        ("twenty five hundred", 2500),
        ("one hundred and fifty", 150),
        ("a thousand", 1000),
        ("three point five", 3.5),
        ("1.2 million", 1_200_000),
        ("$4,500", 4500),
        ("5k", 5000),
        ("two thousand twenty four", 2024),
        ("forty two", 42),
        ("nineteen", 19),
    ],
)
def test_spoken_and_written_numbers(text, value):
    found = numbers(tokenize(f"the amount is {text} dollars"))
    assert [n.value for n in found] == [value]


def test_separate_numbers_stay_separate():
    assert [n.value for n in numbers(tokenize("lines five to ten, then 3 and 4"))] == [5, 10, 3, 4]


def test_plans_are_deterministic():
    first = [plan(text) for text, _, _ in SAMPLES + MORE_REQUESTS]
    assert first == [plan(text) for text, _, _ in SAMPLES + MORE_REQUESTS]


# --- properties ---------------------------------------------------------------------------------------

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
type_names = st.sampled_from(["string", "integer", "number", "boolean", "array", "object", "null", "weird"])
param_names = st.sampled_from(
    ["path", "query", "month", "limit", "category", "monthly_income", "include_pending", "start_date", "year", "x"]
) | st.text(max_size=10)


@st.composite
def property_schemas(draw) -> object:
    schema: dict = {}
    if draw(st.booleans()):
        schema["type"] = draw(type_names | st.lists(type_names, max_size=3))
    if draw(st.booleans()):
        schema["enum"] = draw(st.lists(json_scalars, max_size=5))
    if draw(st.booleans()):
        schema["default"] = draw(json_values)
    if draw(st.booleans()):
        schema["description"] = draw(st.sampled_from(["Month as YYYY-MM", "YYYY-MM-DD", "File path", ""]))
    if draw(st.booleans()):
        schema["anyOf"] = [{"type": draw(type_names)}, {"type": "null"}]
    if draw(st.booleans()):
        schema["minimum"] = draw(st.integers(-5, 5) | st.floats(allow_nan=False))
    return draw(st.just(schema) | json_values)


@st.composite
def tool_lists(draw) -> list:
    tools = []
    for _ in range(draw(st.integers(0, 4))):
        props = draw(st.dictionaries(param_names, property_schemas(), max_size=4))
        required = draw(st.lists(st.sampled_from(sorted(props)) if props else st.text(max_size=4), max_size=3))
        parameters = draw(st.just({"type": "object", "properties": props, "required": required}) | json_values)
        tools.append(
            draw(
                st.just(
                    {
                        "type": "function",
                        "name": draw(st.text(max_size=20)),
                        "description": draw(st.text(max_size=40)),
                        "parameters": parameters,
                    }
                )
                | json_values
            )
        )
    return tools


REQUEST_WORDS = st.sampled_from(
    "how much did I spend on groceries last month five thousand dollars 2024-03 march may rtkit/audio.py "
    "the folder analyze code git log 'quoted' twenty point a hundred and not without include pending".split()
)
requests = st.text(max_size=80) | st.lists(REQUEST_WORDS, max_size=12).map(" ".join)


def _fits(value: object, schema: object) -> bool:
    if not isinstance(schema, dict):
        return True
    enum = schema.get("enum")
    if isinstance(enum, list) and not any(type(value) is type(e) and value == e for e in enum):
        # an enum beside an array's items is read as the items' values (see params._acceptable)
        items = value if isinstance(value, list) and schema.get("type") in ("array", ["array"]) else [value]
        if not items or not all(any(type(v) is type(e) and v == e for e in enum) for v in items):
            return False
    declared = schema.get("type")
    if not isinstance(declared, str) or "anyOf" in schema:
        return True
    checks = {
        "string": isinstance(value, str),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, int | float) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
        "array": isinstance(value, list),
        "object": isinstance(value, dict),
        "null": value is None,
    }
    return checks.get(declared, False)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=requests,
    tools=tool_lists(),
    choice=st.sampled_from(["auto", "none", "required", {"type": "function", "name": "path"}]),
)
def test_plan_response_never_raises_and_arguments_fit_the_schema(text, tools, choice):
    result = plan_response([user(text)], tools, tool_choice=choice, today=TODAY)
    assert isinstance(result, FunctionCallPlan | MessagePlan)
    if isinstance(result, MessagePlan):
        assert result.text
        return
    arguments = json.loads(result.arguments)
    assert isinstance(arguments, dict)
    chosen = next(t for t in tools if isinstance(t, dict) and t.get("name") == result.name)
    parameters = chosen.get("parameters")
    props = parameters.get("properties") if isinstance(parameters, dict) else None
    props = props if isinstance(props, dict) else {}
    for key, value in arguments.items():
        assert key in props
        assert _fits(value, props[key]), (key, value, props[key])


@settings(max_examples=200, deadline=None)
@given(
    items=st.lists(json_values | st.builds(user, st.text(max_size=30)), max_size=6),
    instructions=st.none() | st.text(max_size=40),
)
def test_plan_response_tolerates_odd_items(items, instructions):
    result = plan_response(items, ALL_TOOLS, instructions=instructions or "", today=TODAY)
    assert isinstance(result, FunctionCallPlan | MessagePlan)
    summarize(items)


@settings(max_examples=200, deadline=None)
@given(name=st.text(max_size=20), value=json_values | st.text(max_size=200))
def test_any_tool_output_is_phrased(name, value):
    text = phrase_outputs([(name, value if isinstance(value, str) else json.dumps(value))])
    assert isinstance(text, str) and text.strip()


# --- concise spoken answers for the sample requests ---------------------------------------------------

REPO = Path(__file__).resolve().parent.parent


def _small_repo(path: Path) -> Path:
    """A git repository with known commits, so the git_log answer does not depend on this project's history."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", "init", "-q", str(path)], check=True, env=env)
    subjects = ["Add the portfolio report", "Fix budget rounding", "Document the command line", "Speed up search"]
    for i, subject in enumerate([*subjects, "Release version one"]):
        (path / f"f{i}.txt").write_text(subject)
        subprocess.run(["git", "-C", str(path), "add", "."], check=True, env=env)
        subprocess.run(["git", "-C", str(path), "commit", "-q", "-m", subject], check=True, env=env)
    return path


@pytest.fixture(scope="module")
def sample_outputs(tmp_path_factory) -> dict[str, tuple[str, dict]]:
    """The tools' real outputs for the five sample requests (and the budget request without its income, as
    a weak recognizer hears it), from the finance and devtools servers' own functions."""
    data = finance.load(REPO / "data" / "finance")
    root = devtools.Root(REPO)
    repo = devtools.Root(_small_repo(tmp_path_factory.mktemp("repo")))
    return {
        "portfolio_summary": ("get_portfolio_summary", finance.portfolio_summary(data)),
        "spending_groceries": ("spending_by_category", finance.spending(data, None, "groceries")),
        "budget_plan": ("plan_budget", finance.budget(data, 5000)),
        "budget_plan_heard_without_income": ("plan_budget", finance.budget(data, None)),
        # a loaded machine may take longer than the per-call limit over the whole package; the answer is the test
        "analyze_code": ("analyze_code", devtools.analyze(root, "rtkit", 10, Deadline(60.0, "analyze_code"))),
        "git_log": ("git_log", devtools.git_log_of(repo, ".", 10)),
    }


def answer(sample_outputs, key: str) -> str:
    name, value = sample_outputs[key]
    return phrase_outputs([(name, json.dumps(value))])


SAMPLE_KEYS = [
    "portfolio_summary",
    "spending_groceries",
    "budget_plan",
    "budget_plan_heard_without_income",
    "analyze_code",
    "git_log",
]


@pytest.mark.parametrize("key", SAMPLE_KEYS)
def test_sample_answers_are_short_and_speak_figures_as_a_voice_assistant(sample_outputs, key):
    text = answer(sample_outputs, key)
    assert 6 <= len(text.split()) <= 40, text
    assert spoken_words(text) <= 40, text
    assert len([s for s in text.split(". ") if s.strip()]) <= 2, text
    assert not re.search(r"\$\d{1,3}(?:,\d{3})+\.\d|\$[1-9]\d{2,}\.\d", text), text  # no cents from $100 up
    assert not re.search(r"\d\.\d\d+%", text), text  # percentages to one decimal at most


def test_sample_answers_say_the_salient_figures_first(sample_outputs):
    portfolio = sample_outputs["portfolio_summary"][1]
    text = answer(sample_outputs, "portfolio_summary")
    total, gain = money(portfolio["total_value"]), money(portfolio["unrealized_gain"])
    assert text.index(total) < text.index(gain) < text.index(percent(portfolio["unrealized_gain_pct"]))
    assert money(portfolio["cost_basis"]) not in text  # secondary detail is dropped

    spending = sample_outputs["spending_groceries"][1]
    text = answer(sample_outputs, "spending_groceries")
    assert "groceries" in text and text.index(money(spending["total"])) < text.index(money(spending["monthly_average"]))

    plan = sample_outputs["budget_plan"][1]
    text = answer(sample_outputs, "budget_plan")
    amounts = [money(plan["monthly_income"]), *(money(v) for v in plan["targets"].values())]
    positions = [text.index(a) for a in amounts]
    assert positions == sorted(positions)

    code = sample_outputs["analyze_code"][1]
    text = answer(sample_outputs, "analyze_code")
    assert text.startswith(f"Analyze code for rtkit: {code['files']} files, {code['lines']:,} lines")
    first, second = code["most_complex"][:2]
    ranking = " Most complex: " + " and ".join(
        f"{e['name']} with complexity {e['complexity']}" for e in (first, second)
    )
    if spoken_words(text + ranking) <= SPOKEN_BUDGET:  # the ranking is said when the opening leaves room
        assert first["name"].replace("_", " ").strip() in text

    log = sample_outputs["git_log"][1]
    text = answer(sample_outputs, "git_log")
    assert f"{log['count']} commits" in text
    assert log["commits"][0]["subject"].split()[0] in text


def test_sample_answers_synthesize_to_a_few_seconds_of_speech(sample_outputs, synth):
    texts = [answer(sample_outputs, key) for key in SAMPLE_KEYS]
    texts.append(phrase_outputs([("analyze_code", {"error": "tool_error", "message": "path 'git' does not exist"})]))
    for text in texts:
        seconds = len(synth.synthesize(text)) / 24000
        assert 3.0 <= seconds <= 15.0, (seconds, text)


@pytest.mark.parametrize(
    ("value", "spoken"),
    [(105472.05, "$105,472"), (125430.5, "$125,431"), (775.67, "$776"), (99.5, "$99.50"), (28.62, "$28.62"),
     (5, "$5"), (-305.0, "-$305"), (99.996, "$100")],
)  # fmt: skip
def test_money_is_whole_dollars_from_100_up(value, spoken):
    assert money(value) == spoken


def test_percentages_and_spoken_length():
    assert [percent(v) for v in (35.18, 5.0, -0.29, 0.04)] == ["35.2%", "5%", "-0.3%", "0%"]
    assert spoken_words("$105,472") == 9  # one hundred five thousand four hundred seventy two dollars
    assert spoken_words("VTI") == 3 and spoken_words("41 files") == 3
    assert spoken_words("Portfolio summary: total value is $105,472.") > spoken_words("Total value is high.")
