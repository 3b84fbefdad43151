"""Command lines a request writes out, for a parameter that takes a command to run.

A request that names the command to run says it after the word for one ('using the command hostname -f', 'the
exact command ipconfig /all', 'the instruction rm "old.log"', 'the command called start notepad'), around it ('using
the whoami /all command'), or as what to use ('using git status', 'You should use sleep 5'). The command line is
everything it writes there, to the end of the sentence: its options, paths and arguments belong to it, so a
command parameter takes 'git --version', never 'git' alone. A program named alone before the noun ('using the
[print] command') takes as its argument what the request gives it elsewhere: a web address it writes ('open the
docs with the browse command, at https://...') or the words a verb of saying says ('write goodbye using the print
command' → 'print goodbye'). Pure text functions.
"""

from __future__ import annotations

import re

# A parameter named with one of these words takes a command line.
COMMAND_WORDS = frozenset({"command", "commands", "cmd", "shell"})

_NOUN = r"(?:exact\s+|following\s+)?(?:command(?:\s+line)?|instruction)"
# 'the command X', 'using the exact command X', 'the command called X', 'instruction: X'
_AFTER_NOUN_RE = re.compile(
    rf"\b(?:the\s+|this\s+)?{_NOUN}(?!\s+prompt\b)(?:\s+(?:called|named))?\s*:?\s+", re.IGNORECASE
)
# 'using the whoami /all command', 'using netstat command': the command before the noun.
_BEFORE_NOUN_RE = re.compile(
    r"\b(?:using|use|with|via|through)\s+(?:the\s+)?(\S+(?:\s+\S+){0,3}?)\s+command\b(?!\s+line)", re.IGNORECASE
)
# 'using git status', 'use sleep 5', 'achieved through ls /tmp': what to use, when it reads as a program.
_USE_RE = re.compile(r"\b(?:using|use|via|through)\s+", re.IGNORECASE)
# A command starts with a program's name (lower case, as shells write them), a path or a quote.
_PROGRAM_RE = re.compile(r"[a-z][\w.-]*:?(?=\s|$|[.?!])|[a-z]:[\\/]|[./\\%\"']")
# Words that open a noun phrase, never a command line ('using the built-in editor').
_NOT_PROGRAMS = {
    "the", "a", "an", "my", "your", "his", "her", "its", "our", "their", "this", "that", "these", "those", "it",
    "them", "me", "us", "some", "any", "all", "each", "every", "one", "no", "which", "what", "and", "or", "to",
    "from", "for", "of", "on", "in", "into", "by", "with",  # 'the command for listing files', '... from <address>'
}  # fmt: skip
# The end of the sentence: a stop, question or exclamation mark before a space or the end, or a line break.
_END_RE = re.compile(r"[.?!](?=\s|$)|\n")
# A purpose or follow-on clause after a command said as what to use ('use git status to find out'), or the noun
# for a command ('using netstat command').
_PURPOSE_RE = re.compile(
    r"\s+(?:(?:to|in\s+order\s+to|so\s+(?:that\s+)?|and\s+(?:then\s+)?(?:tell|show|let|see))\s+\w"
    r"|(?:command|instruction)s?\b)"
)


def _to_sentence_end(text: str, start: int) -> int:
    m = _END_RE.search(text, start)
    return m.start() if m else len(text.rstrip())


def _program_at(text: str, start: int) -> bool:
    m = _PROGRAM_RE.match(text, start)
    if m is None:
        return False
    word = re.match(r"[\w'-]*", text[start:])
    return word is None or word.group().lower() not in _NOT_PROGRAMS


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while end > start and text[end - 1] in " \t,;":
        end -= 1
    said = text[start:end]
    if len(said) >= 2 and said[0] == said[-1] and said[0] in "\"'`" and said[0] not in said[1:-1]:
        start, end = start + 1, end - 1  # the whole command quoted
    return (start, end) if end > start else None


def _candidates(text: str) -> list[tuple[int, int] | None]:
    found = [
        _trimmed(text, m.end(), _to_sentence_end(text, m.end()))
        for m in _AFTER_NOUN_RE.finditer(text)
        if _program_at(text, m.end())
    ]
    found += [
        _trimmed(text, m.start(1), m.end(1))
        for m in _BEFORE_NOUN_RE.finditer(text)
        if _program_at(text, m.start(1)) and not re.search(r"\b(?:or|and)\b", m.group(1), re.IGNORECASE)
    ]
    for m in _USE_RE.finditer(text):
        if _program_at(text, m.end()):
            end = _to_sentence_end(text, m.end())
            purpose = _PURPOSE_RE.search(text, m.end(), end)
            found.append(_trimmed(text, m.end(), purpose.start() if purpose else end))
    return found


def written_command(text: str) -> tuple[int, int] | None:
    """Where the request writes out a command line to run (see the module docstring), as a character span: of
    two, the fuller ('the sleep command. Use sleep 5' → 'sleep 5')."""
    found = [span for span in _candidates(text) if span is not None]
    return max(found, key=lambda span: span[1] - span[0]) if found else None


# A web address written out: what a program named alone opens.
_ADDRESS_RE = re.compile(r"\b(?:https?|ftp)://[^\s'\"<>]+[^\s'\"<>.,;:!?)]")
# 'say hi using the ...', 'print hello world with the ...': the words a verb of saying says, before how to say them.
_SAID_RE = re.compile(
    r"\b(?:say|says|print|prints|echo|echoes|output|outputs|write|writes)\s+(?P<said>[^\s,.;:!?](?:[^,.;:!?]*?))"
    r"\s+(?:using|with|via|through)\b",
    re.IGNORECASE,
)


def program_argument(text: str, span: tuple[int, int]) -> tuple[int, int] | None:
    """Where the request gives the argument of a program it names alone (a single word at ``span``, as in 'using
    the echo command'): a web address written outside it, else the words said by a verb of saying just before the
    phrase naming it; None when the command line is more than the program's name or nothing gives it one."""
    if not re.fullmatch(r"[\w.-]+", text[span[0] : span[1]]):
        return None
    address = next((m for m in _ADDRESS_RE.finditer(text) if not span[0] <= m.start() < span[1]), None)
    if address is not None:
        return address.span()
    said = next((m for m in _SAID_RE.finditer(text, 0, span[0]) if m.end() >= span[0] - len("the ") - 1), None)
    return said.span("said") if said is not None else None
