"""Code values said in prose: several values one string takes with the separator its description names, a
quote labelled by the noun a parameter's description opens with, a list named by the variable holding it, an
object named in the words its description opens with, durations counted in the unit a parameter holds, a
parameter's name written as a label, and a map's entries kept over a variable named like it (the rule-based
stand-in reads these from the request's words and the tool's schema)."""

from __future__ import annotations

from typing import Any

from helpers import function_tool, planned_call

# What a parameter taking any object of the language says (Java's, then JavaScript's).
_ANY_JAVA = " This parameter can be of any type of Java object in string representation."
_ANY_JS = " This parameter can be of any type of JavaScript object in string representation."


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


def test_an_object_named_in_the_words_its_description_opens_with_is_that_variable() -> None:
    tool = _tool(
        "Report_render",
        {
            "console": {"type": "string", "description": "The Console session used for writing messages." + _ANY_JAVA},
            "target": {"type": "string", "description": "The file the report is written to."},
        },
        ["console", "target"],
    )
    got = _arguments("Render the report to '/tmp/out.txt', printing progress through the console session.", tool)
    assert got == {"console": "consoleSession", "target": "/tmp/out.txt"}
    tool = _tool(
        "Store_flush",
        {"store": {"type": "string", "description": "The cache store to be flushed." + _ANY_JAVA}},
        ["store"],
    )
    assert _arguments("Please flush the cachestore of my service now.", tool) == {"store": "cacheStore"}


def test_several_paths_join_with_the_separator_the_description_names() -> None:
    tool = function_tool(
        "archive_files",
        "Pack files into one archive.",
        {"paths": {"type": "string", "description": "The files to pack, separated by semicolons."}},
        ["paths"],
    )
    assert _arguments("Pack 'logs/a.txt' and 'logs/b.txt' into one archive.", tool) == {
        "paths": "logs/a.txt;logs/b.txt"
    }


def test_paths_separated_by_the_system_path_separator_join_with_a_colon() -> None:
    tool = _tool(
        "Loader_find",
        {
            "module": {"type": "string", "description": "The module to find."},
            "searchPath": {
                "type": "string",
                "description": "Where to look for the module, with paths separated by the system path separator.",
            },
        },
        ["module", "searchPath"],
    )
    got = _arguments("Find the module 'net.tools' when the search path holds '/opt/mods' and '/srv/mods'.", tool)
    assert got == {"module": "net.tools", "searchPath": "/opt/mods:/srv/mods"}


def test_durations_are_counted_in_the_unit_a_time_unit_parameter_holds() -> None:
    tool = _tool(
        "Lock_acquire",
        {
            "holdFor": {
                "type": "string",
                "description": "How long to keep the lock. This is Java long type parameter in string representation.",
            },
            "giveUpAfter": {
                "type": "string",
                "description": "How long to try. This is Java long type parameter in string representation.",
            },
            "unit": {"type": "string", "description": "The time unit for holdFor and giveUpAfter."},
        },
        ["holdFor", "giveUpAfter", "unit"],
    )
    got = _arguments("Take the lock, holding it for 3 hours and giving up after 120 seconds, unit of MINUTES.", tool)
    assert got == {"holdFor": "180L", "giveUpAfter": "2L", "unit": "MINUTES"}


def test_an_object_left_with_a_prose_word_takes_the_one_quote_no_argument_holds() -> None:
    tool = function_tool(
        "sF",
        "Sets a field of a record. Note that the provided function is in JavaScript syntax.",
        {
            "o": {"type": "string", "description": "The record to change." + _ANY_JS},
            "k": {"type": "string", "description": "The field of the record to change."},
            "v": {"type": "string", "description": "The new value to put in the field." + _ANY_JS},
        },
        ["o", "k", "v"],
    )
    text = "Set the field 'owner' of an object named 'userRecord' to 'team-7', only if the new value is not the old one"
    got = _arguments(text + " or 'owner' is not yet a field of the object.", tool)
    assert got == {"o": "userRecord", "k": "owner", "v": "team-7"}


def test_a_parameters_name_written_as_a_label_is_no_value_of_an_optional_one() -> None:
    position = " This is JavaScript integer type parameter in string representation."
    tool = function_tool(
        "printBlankLine",
        "Prints a blank line after a token. Note that the provided function is in JavaScript syntax.",
        {
            "tokenMap": {
                "type": "string",
                "description": "An object mapping the tokens of the source file." + _ANY_JS,
            },
            "printer": {"type": "string", "description": "An object used for printing the source file." + _ANY_JS},
            "pos": {"type": "string", "description": "The position of the token." + position},
            "trailingNotes": {"type": "string", "description": "An array of notes after the token." + _ANY_JS},
        },
        ["tokenMap", "printer", "pos"],
    )
    text = "Print a blank line after the trailing notes of a token at position 17 in a source file, using a tokenMap"
    got = _arguments(text + " object named 'srcTokens' and a printer object named 'srcPrinter'.", tool)
    assert got == {"tokenMap": "srcTokens", "printer": "srcPrinter", "pos": "17"}


def test_a_map_the_request_gives_the_entries_of_keeps_them_over_a_variable_named_like_it() -> None:
    entries = (
        " This is JavaScript dict type parameter in string representation. The dictionary entries have the following"
        ' schema; they are not in string representation. {"nm": {"type": "String", "description": "The name of the'
        ' widget."}, "md": {"type": "String", "description": "The module name of the widget."}}'
    )
    tool = function_tool(
        "widgetAccessor",
        "Builds an accessor for a widget. Note that the provided function is in JavaScript syntax.",
        {"widget": {"type": "string", "description": "The details of the widget." + entries}},
        ["widget"],
    )
    got = _arguments("Build an accessor for a widget named 'PieWidget', with a module name 'widgetCore'.", tool)
    assert got == {"widget": "{nm: 'PieWidget', md: 'widgetCore'}"}


def test_a_word_ending_in_ly_that_is_no_adverb_is_an_item_not_a_manner() -> None:
    """'alphabetically' says how a list is used, 'family' is what it may hold: only the adverb leaves the variable
    as the whole list."""
    from rtkit.local.model.code_values import _list_variable

    assert _list_variable(["guestRows alphabetically"]) == "guestRows"
    assert _list_variable(["guestRows family"]) == ""


def test_a_measured_adjective_and_the_kind_of_string_are_no_value_beside_a_quote() -> None:
    tool = _tool(
        "Secrets_declare",
        {
            "label": {"type": "string", "description": "The label of the secret."},
            "payload": {"type": "string", "description": "The payload of the secret, wrapped when it is too long."},
        },
        ["label", "payload"],
    )
    text = "Declare a secret labelled 'API_TOKEN' and the payload being a 512-byte long Hex string with 'f00dcafe'."
    assert _arguments(text, tool) == {"label": "API_TOKEN", "payload": "f00dcafe"}


def test_a_value_set_to_a_quote_and_a_default_said_as_a_truth_value() -> None:
    tool = _tool(
        "Flags_readLenient",
        {
            "value": {"type": "string", "description": "The text to read as a yes or no answer."},
            "fallbackDefault": {"type": "boolean", "description": "What to answer when the text is empty."},
        },
        ["value", "fallbackDefault"],
    )
    text = "Read the value of a feature option 'showBanner' that is set to 'on'; when it is empty, default to 'false'."
    assert _arguments(text, tool) == {"value": "on", "fallbackDefault": False}


def test_words_the_description_uses_for_a_kind_of_value_are_no_value() -> None:
    tool = _tool(
        "Glyphs_lookupFace",
        {
            "face": {"type": "string", "description": "The CSS or Qt face name."},
            "allowQtNames": {"type": "boolean", "description": "Whether Qt face names are accepted."},
        },
        ["face", "allowQtNames"],
    )
    text = "Help me fetch the face details for DIN-1451 in a Qt application, allowing the use of Qt face names?"
    assert _arguments(text, tool)["face"] == "DIN-1451"


def test_a_quoted_word_is_meant_even_where_a_place_would_go() -> None:
    tool = _tool(
        "Ramp_build",
        {
            "origin": {"type": "string", "description": "Where the ramp starts rising."},
            "slope": {"type": "string", "description": "How steeply it rises."},
        },
        ["origin", "slope"],
    )
    assert _arguments("Build a ramp for a Gantt chart with an origin of 'today' and a slope of '3w'.", tool) == {
        "origin": "today",
        "slope": "3w",
    }
