"""A bare command's rest is the value its verb acts on, and an enum value naming the person asking is chosen when
the request says of itself what the description says of that person.

'Shuffle good morning' gives a value 'to be shuffled' the words 'good morning' (a parameter typed 'any' is read as
text); 'the notes shared with me' gives a 'user' listed as 'those shared with the user'. Tools and requests are
this file's own. Something the user must remember to do is a task to add to a to-do list.
"""

from __future__ import annotations

import pytest
from helpers import function_tool as tool
from helpers import planned_call

from rtkit.local.model.responder import FunctionCallPlan, plan_response
from rtkit.realtime import protocol


def _shuffler(kind: str) -> dict:
    return tool(
        "shuffle_letters",
        "Shuffles the letters of the given text into a random order.",
        {"entry_value": {"type": kind, "description": "The value to be shuffled: a word, a flag or a number."}},
        ("entry_value",),
    )


@pytest.mark.parametrize("kind", ["string", "any"])
def test_rest_of_a_bare_command_is_what_its_verb_acts_on(kind: str) -> None:
    assert planned_call("Shuffle good morning", _shuffler(kind)) == ("shuffle_letters", {"entry_value": "good morning"})
    assert planned_call("shuffle pancakes and jam!", _shuffler(kind)) == (
        "shuffle_letters",
        {"entry_value": "pancakes and jam"},
    )


def test_a_quoted_value_fills_a_parameter_typed_any() -> None:
    assert planned_call("Shuffle 'blue moon'", _shuffler("any")) == ("shuffle_letters", {"entry_value": "blue moon"})


def test_a_rest_describing_the_value_is_not_the_value() -> None:
    plan = plan_response([protocol.user_text_item("Shuffle the letters of my name")], [_shuffler("string")])
    assert not (isinstance(plan, FunctionCallPlan) and "the letters" in plan.arguments)


NOTES = tool(
    "list_notes",
    "Lists notes from the shared notebook.",
    {"scope": {"type": "string", "enum": ["everyone", "user"],
               "description": "Which notes to list: every note, or only the ones shared with the user."}},
    ("scope",),
)  # fmt: skip


def test_said_of_me_picks_the_value_naming_the_user() -> None:
    assert planned_call("List the notes that were shared with me", NOTES) == ("list_notes", {"scope": "user"})


def test_me_in_another_phrase_picks_no_speaker_value() -> None:
    plan = plan_response([protocol.user_text_item("Show me the notes of the team")], [NOTES])
    assert not (isinstance(plan, FunctionCallPlan) and '"user"' in plan.arguments)


CHORES = tool(
    "chores",
    "Keeps a list of chores: add one, drop one or tick one off as finished.",
    {"action": {"type": "string", "enum": ["add", "drop", "finish"], "description": "What to do with the chore."},
     "chore": {"type": "string", "description": "The chore the action is about."}},
    ("action", "chore"),
)  # fmt: skip


def test_something_to_remember_is_a_chore_to_add() -> None:
    assert planned_call("I must remember to 'water the ferns'", CHORES) == (
        "chores",
        {"action": "add", "chore": "water the ferns"},
    )
