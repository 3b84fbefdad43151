"""Command lines a request writes out, for a tool that runs one: the whole line (options, paths, arguments) is the
value, however the request introduces it ('using X', 'the command X', 'the X command', 'use X to ...')."""

from __future__ import annotations

import pytest
from helpers import function_tool as tool
from helpers import planned_call

from rtkit.local.model.commands import written_command

SHELL = tool(
    "terminal_run",
    "Runs a line in the machine's terminal and returns what it prints.",
    {
        "cmd": {"type": "string", "description": "The shell line to run, e.g. 'ls -la'."},
        "timeout_s": {"type": "integer", "description": "Seconds to wait before giving up.", "default": 30},
    },
    ("cmd",),
)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("find out which python I have using python3 -V", "python3 -V"),
        ("show my files, using the command ls -la ~/notes", "ls -la ~/notes"),
        ("wipe the build folder with the exact command rm -rf build/", "rm -rf build/"),
        ("check the disk using the df -h command", "df -h"),
        ("please use git status to find out what changed", "git status"),
        ("print the greeting. You could use printf hello there.", "printf hello there"),
        ('look for the word, using the instruction grep -n "needle" notes.txt', 'grep -n "needle" notes.txt'),
        ("pause for a bit using the sleep command. Use sleep 5.", "sleep 5"),
    ],
)
def test_a_written_command_line_is_the_whole_value(text: str, line: str) -> None:
    name, args = planned_call(text, SHELL)
    assert name == "terminal_run"
    assert args["cmd"] == line


@pytest.mark.parametrize(
    "text",
    [
        "run my script using the Python interpreter in my home folder",  # a noun phrase, not a command line
        "open a command prompt for me",
        "translate this using Google",
    ],
)
def test_a_noun_phrase_after_using_is_no_command_line(text: str) -> None:
    assert written_command(text) is None


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("say good morning using the announce command", "announce good morning"),
        ("print done with the banner command", "banner done"),
        ("show me the status page using the browse command, it is at https://status.example.org/now", None),
        ("fetch the page via the webget command from http://files.example.net/a.txt", None),
    ],
)
def test_a_program_named_alone_takes_the_argument_the_request_gives_it(text: str, line: str | None) -> None:
    name, args = planned_call(text, SHELL)
    assert name == "terminal_run"
    url = next((w for w in text.replace(",", " ").split() if "://" in w), None)
    program = text.split(" command")[0].split()[-1]
    assert args["cmd"] == (line if line is not None else f"{program} {url}")


def test_a_program_named_alone_with_nothing_to_say_stays_alone() -> None:
    name, args = planned_call("stop everything using the halt command", SHELL)
    assert name == "terminal_run"
    assert args["cmd"] == "halt"
