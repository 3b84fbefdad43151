"""Code values said in prose: several values one string takes with the separator its description names, a
quote labelled by the noun a parameter's description opens with, and a list named by the variable holding it
(the rule-based stand-in reads these from the request's words and the tool's schema)."""

from __future__ import annotations

from typing import Any

from helpers import function_tool, planned_call


def _tool(name: str, properties: dict[str, dict], required: list[str]) -> dict[str, Any]:
    return function_tool(
        name, f"{name}. Note that the provided function is in Java 8 SDK syntax.", properties, required
    )


def _arguments(text: str, tool: dict[str, Any]) -> dict[str, Any]:
    return planned_call(text, tool)[1]


def test_several_quoted_values_join_with_the_separator_the_description_names() -> None:
    tool = _tool(
        "Profiler_launch",
        {
            "flags": {"type": "string", "description": "The switches for the profiler, separated by spaces."},
            "worker": {"type": "string", "description": "The worker thread to profile."},
        },
        ["flags", "worker"],
    )
    got = _arguments("Launch the profiler with the flags 'cpu' and 'heap' on the worker `mainWorker`.", tool)
    assert got["flags"] == "cpu heap"
    tool["parameters"]["properties"]["flags"]["description"] = "The switches for the profiler, semicolon-separated."
    got = _arguments("Launch the profiler with the flags 'cpu' and 'heap' on the worker `mainWorker`.", tool)
    assert got["flags"] == "cpu;heap"


def test_a_quote_after_the_noun_a_description_opens_with_is_that_parameters_value() -> None:
    tool = _tool(
        "Cache_open",
        {
            "path": {"type": "string", "description": "The folder the cache lives in."},
            "onMiss": {
                "type": "string",
                "description": "The strategy on how to handle missing keys. This parameter can be of any type of Java "
                "object in string representation.",
            },
        },
        ["path", "onMiss"],
    )
    got = _arguments("Open the cache at '/srv/cache', handling missing keys with the strategy 'LOAD_THROUGH'.", tool)
    assert got == {"path": "/srv/cache", "onMiss": "LOAD_THROUGH"}


def test_a_list_named_by_its_variable_keeps_no_adverbs_of_manner() -> None:
    tool = _tool(
        "rankPlayers",
        {
            "players": {
                "type": "string",
                "description": "The players to rank. This is JavaScript array type parameter in string representation. "
                "The list elements are of type String; they are not in string representation.",
            },
            "league": {"type": "string", "description": "The league whose players come first."},
        },
        ["players", "league"],
    )
    got = _arguments("Rank the players teamRoster numerically and descendingly, with the league 'north' first.", tool)
    assert got["players"] == "teamRoster"


def test_a_map_named_by_its_variable_with_only_its_keys_said_is_that_variable() -> None:
    tool = _tool(
        "JsonWriter_writeMap",
        {
            "entries": {
                "type": "string",
                "description": "The map of entries to write. This is Java HashMap type parameter in string "
                "representation.",
            },
            "pretty": {
                "type": "string",
                "description": "Whether to indent the output. This is Java boolean type parameter in string "
                "representation.",
            },
        },
        ["entries", "pretty"],
    )
    got = _arguments(
        "Write a map of settings `appSettings` with keys 'theme', 'locale', and 'font', indenting it.", tool
    )
    assert got["entries"] == "appSettings"


def test_lettered_names_in_a_list_keep_their_letter_and_a_quoted_variable_only_labels_a_number() -> None:
    tool = _tool(
        "pickTeam",
        {
            "teams": {
                "type": "string",
                "description": "The teams to choose from. This is JavaScript array type parameter in string "
                "representation. The list elements are of type String; they are not in string representation.",
            },
            "seed": {
                "type": "string",
                "description": "The seed of the draw. This is JavaScript integer type parameter in string "
                "representation.",
            },
        },
        ["teams", "seed"],
    )
    got = _arguments("Pick one of the teams Team A, Team B, Team C where the 'drawSeed' is equal to 77.", tool)
    assert got == {"teams": "['Team A', 'Team B', 'Team C']", "seed": "77"}


def test_a_parameter_described_as_a_path_takes_the_path_whatever_its_name() -> None:
    tool = _tool(
        "Launcher_start",
        {
            "programLocation": {"type": "string", "description": "The file system path to the program location."},
            "label": {"type": "string", "description": "The label shown in the task bar."},
        },
        ["programLocation"],
    )
    got = _arguments("Start the program named 'Sketcher' located at '/opt/sketcher/bin/sketch'.", tool)
    assert got["programLocation"] == "/opt/sketcher/bin/sketch"
