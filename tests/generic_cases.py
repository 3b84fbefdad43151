"""The generic tool corpus (`tests/data/generic_tools.json`) and how a planned call is scored against it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

CORPUS_PATH = Path(__file__).resolve().parent / "data" / "generic_tools.json"


def load_corpus() -> dict:
    return json.loads(CORPUS_PATH.read_text(encoding="utf-8"))


def corpus_today(corpus: dict) -> date:
    """The date the corpus's relative dates ('tomorrow', 'next Monday') are written against."""
    return date.fromisoformat(corpus["today"])


def _defaults(tool: dict) -> dict:
    props = tool["parameters"].get("properties", {})
    return {k: v["default"] for k, v in props.items() if "default" in v}


@dataclass(frozen=True)
class Verdict:
    case_id: str
    routed: bool
    """The call went to the expected tool."""
    filled: bool
    """Routed, and every parameter equals the expected value (an omitted parameter counts as its default)."""
    got: str


def judge(case: dict, tools: dict[str, dict], name: str | None, arguments: dict | None) -> Verdict:
    expect = case["expect"]
    routed = name == expect["name"]
    filled = False
    if routed and isinstance(arguments, dict):
        defaults = _defaults(tools[name])
        keys = set(arguments) | set(expect["arguments"]) | set(defaults)
        filled = all(arguments.get(k, defaults.get(k)) == expect["arguments"].get(k, defaults.get(k)) for k in keys)
    got = f"{name}({json.dumps(arguments, ensure_ascii=False)})" if name else "no call"
    return Verdict(case["id"], routed, filled, got)
