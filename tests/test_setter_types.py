"""Setting a variable named in code (camelCase) to a number: the stand-in model, planned directly with made-up setter
tools, keeps the identifier as written (no capital added, no name read from inside it) and gives a whole number to
the setter taking integers rather than the one taking fractions."""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

from rtkit.local.model import mentions


def _setter(name: str, kind: str, prefix: str, value_type: str) -> dict:
    """A made-up tool assigning a value to a setting of one kind, its parameters named with `prefix`."""
    return tool(
        name,
        f"Assign a value to a {kind} setting.",
        {
            f"{prefix}name": {"type": "string", "description": f"The key of the {kind} setting."},
            f"{prefix}value": {"type": value_type, "description": f"The new value of the {kind} setting."},
        },
        (f"{prefix}name", f"{prefix}value"),
    )


WHOLE = _setter("assign_int", "whole-number", "", "integer")
FRACTION = _setter("assign_real", "fractional", "real_", "number")
TEXT = _setter("assign_text", "text", "text_", "string")


def test_a_capital_inside_a_word_starts_no_name() -> None:
    assert [m.value for m in mentions.names("Assign rowLimit to 12 for Bob")] == ["Bob"]


def test_a_whole_number_goes_to_the_integer_setter_with_the_identifier_as_written() -> None:
    call = planned_call("Assign rowLimit to 12", FRACTION, WHOLE, TEXT)
    assert call == ("assign_int", {"name": "rowLimit", "value": 12})


def test_a_number_with_a_decimal_point_still_goes_to_the_fractional_setter() -> None:
    name, arguments = planned_call("Assign lineSpacing to 1.5", FRACTION, WHOLE, TEXT)
    assert name == "assign_real" and arguments["real_value"] == 1.5


def test_a_decimal_number_is_not_split_for_a_text_setter_listed_first() -> None:
    name, arguments = planned_call("Assign pageMargin to 2.25", TEXT, FRACTION)
    assert name == "assign_real" and arguments == {"real_name": "pageMargin", "real_value": 2.25}
