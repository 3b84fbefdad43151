"""Setting a variable named in code (camelCase) to a number: the stand-in model, planned directly with made-up setter
tools, keeps the identifier as written (no capital added, no name read from inside it) and gives a whole number to
the setter taking integers rather than the one taking fractions."""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

from rtkit.local.model import mentions

WHOLE = tool(
    "assign_int",
    "Assign a value to a whole-number setting.",
    {
        "name": {"type": "string", "description": "The key of the whole-number setting."},
        "value": {"type": "integer", "description": "The new value of the setting."},
    },
    ("name", "value"),
)
FRACTION = tool(
    "assign_real",
    "Assign a value to a fractional setting.",
    {
        "real_name": {"type": "string", "description": "The key of the fractional setting."},
        "real_value": {"type": "number", "description": "The new value of the fractional setting."},
    },
    ("real_name", "real_value"),
)
TEXT = tool(
    "assign_text",
    "Assign a value to a text setting.",
    {
        "text_name": {"type": "string", "description": "The key of the text setting."},
        "text_value": {"type": "string", "description": "The new text of the setting."},
    },
    ("text_name", "text_value"),
)


def test_a_capital_inside_a_word_starts_no_name() -> None:
    assert [m.value for m in mentions.names("Assign rowLimit to 12 for Bob")] == ["Bob"]


def test_a_whole_number_goes_to_the_integer_setter_with_the_identifier_as_written() -> None:
    call = planned_call("Assign rowLimit to 12", FRACTION, WHOLE, TEXT)
    assert call == ("assign_int", {"name": "rowLimit", "value": 12})


def test_a_number_with_a_decimal_point_still_goes_to_the_fractional_setter() -> None:
    name, arguments = planned_call("Assign lineSpacing to 1.5", FRACTION, WHOLE, TEXT)
    assert name == "assign_real" and arguments["real_value"] == 1.5
