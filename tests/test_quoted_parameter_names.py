"""A quote of a parameter's own name ('answer a 'question' about the picture') mentions the parameter, it is not
its value; and a quoted path another parameter took is no phrase either."""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

ASK = tool(
    "ask_picture",
    "Answers a question about a picture.",
    {
        "picture_path": {"type": "string", "description": "The picture's file path, like 'shots/a.jpg'."},
        "question": {"type": "string", "description": "What to ask about the picture."},
    },
    ("picture_path", "question"),
)


def test_the_quoted_parameter_name_is_not_its_value() -> None:
    name, args = planned_call(
        "I'd like to ask a 'question' about 'beach.jpg'. The question is \"how many boats are on the water\"", ASK
    )
    assert name == "ask_picture"
    assert args["picture_path"] == "beach.jpg"
    assert args["question"] == "how many boats are on the water"
