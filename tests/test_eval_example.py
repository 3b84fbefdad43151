"""A spoken tool call asserted in pytest against the local server (the README's evals example)."""

import pytest

from rtkit.eval import run_session


async def test_a_spoken_question_calls_the_portfolio_tool():
    result = await run_session(say="What is my portfolio summary?", mcp=["finance"])

    result.expect.next_event().is_function_call(name="get_portfolio_summary", arguments={})
    result.expect.skip_next().next_event().is_message(contains="total value", approx=105472, tol=1)


async def test_a_wrong_expectation_says_what_and_shows_the_events():
    result = await run_session(text="Plan my budget for an income of 4000 dollars.", mcp=["finance"])

    with pytest.raises(AssertionError) as failure:
        result.expect.next_event().is_function_call(name="plan_budget", arguments={"monthly_income": 5000})
    message = str(failure.value)
    assert "call.arguments.monthly_income: expected 5000, got 4000" in message
    assert '> [0] function_call plan_budget({"monthly_income":4000})' in message
    expect = result.expect
    expect.next_event().is_function_call(name="plan_budget", arguments={"monthly_income": {"approx": 4000, "tol": 1}})
    expect.next_event().is_message(contains="$4,000")
    expect.no_more_events()
