"""The package's layers, checked from the source: which package may import which.

Read statically (every ``import`` and ``from ... import`` in every module, also inside functions), so a forbidden
import fails here even when it sits on a path no other test runs.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "rtkit"

# package (dotted prefix) -> prefixes it must never import
RULES: dict[str, tuple[str, ...]] = {
    # the stand-in model is pure logic: no speech, no protocol, nothing above the local server
    "rtkit.local.model": ("rtkit.local.speech", "rtkit.local.server", "rtkit.session", "rtkit.metrics", "pandas"),
    # speech does not know about the model or the protocol
    "rtkit.local.speech": ("rtkit.local.model", "rtkit.local.server", "rtkit.session", "rtkit.metrics", "pandas"),
    "rtkit.local.text": ("rtkit.local.model", "rtkit.local.speech", "rtkit.local.server"),
    # the server reaches only the wire, audio, config and the VAD detector
    "rtkit.local": (
        "rtkit.session",
        "rtkit.metrics",
        "rtkit.mcp",
        "rtkit.batch",
        "rtkit.eval",
        "rtkit.vad.lab",
        "rtkit.widgets",
        "rtkit.cli",
        "pandas",
    ),
    # the detector the server runs: no pandas, no session, not the lab above it
    "rtkit.vad.detector": ("rtkit.vad.lab", "rtkit.session", "rtkit.metrics", "pandas"),
    "rtkit.vad.params": ("rtkit.vad.lab", "rtkit.session", "rtkit.metrics", "pandas"),
    "rtkit.vad.scorers": ("rtkit.vad.lab", "rtkit.session", "rtkit.metrics", "pandas"),
    "rtkit.vad.__init__": ("rtkit.vad.lab", "rtkit.session", "rtkit.metrics", "pandas"),
    # exports read a recording through rtkit.metrics.timeline: recorder -> export is the only direction
    "rtkit.metrics.export": ("rtkit.metrics.recorder",),
    "rtkit.metrics.timeline": ("rtkit.metrics.recorder", "rtkit.metrics.export"),
    "rtkit.metrics.turns": ("rtkit.metrics.recorder", "rtkit.metrics.export"),
    "rtkit.metrics.event_fields": ("rtkit.metrics.recorder", "rtkit.metrics.export"),
    # the wire knows nothing above it
    "rtkit.realtime": ("rtkit.session", "rtkit.metrics", "rtkit.mcp", "rtkit.batch", "rtkit.local", "rtkit.cli"),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts)


def imported(source: str, module: str) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of every import in ``source``, relative imports resolved against ``module``."""
    package = module.split(".")[:-1]  # for __init__ too: its package is the one it defines
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                prefix = ".".join([*base, node.module] if node.module else base)
            else:
                prefix = node.module or ""
            yield node.lineno, prefix
            for alias in node.names:  # `from rtkit.local import model` imports the package rtkit.local.model
                yield node.lineno, f"{prefix}.{alias.name}"


def violations(source: str, module: str) -> list[str]:
    """Forbidden imports of ``module`` (whose source is ``source``), one line each."""
    found = []
    for owner, banned in RULES.items():
        if not (module == owner or module.startswith(owner + ".")):
            continue
        for line, name in imported(source, module):
            for ban in banned:
                if name == ban or name.startswith(ban + "."):
                    found.append(f"{module}:{line} imports {name} ({owner} may not import {ban})")
    return found


def test_every_module_keeps_to_its_layer() -> None:
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        problems += violations(path.read_text(encoding="utf-8"), module_name(path))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("module", "line"),
    [
        ("rtkit.local.model.arguments", "from rtkit.local.speech.asr import Recognizer"),
        ("rtkit.local.model.arguments", "from rtkit.local import speech"),
        ("rtkit.local.model.arguments", "from ..server import state"),
        ("rtkit.local.speech.asr", "from rtkit.local.model import responder"),
        ("rtkit.local.speech.asr", "    import rtkit.local.model.routing"),
        ("rtkit.local.server.state", "import pandas as pd"),
        ("rtkit.vad.detector", "from rtkit.vad.lab.search import grid"),
        ("rtkit.vad.detector", "from .lab import simulate"),
        ("rtkit.metrics.export", "    from rtkit.metrics.recorder import MetricsRecorder"),
    ],
)
def test_a_forbidden_import_is_caught(module: str, line: str) -> None:
    path = PACKAGE.parent / (module.replace(".", "/") + ".py")
    source = path.read_text(encoding="utf-8")
    assert violations(source, module) == []
    wrapped = f"def f():\n{line}\n" if line.startswith(" ") else line + "\n"
    assert violations(source + "\n" + wrapped, module)


def test_allowed_imports_pass() -> None:
    assert (
        violations(
            "from rtkit.local.text import stem\nfrom rtkit.audio import SAMPLE_RATE\n", "rtkit.local.model.routing"
        )
        == []
    )
    assert violations("from rtkit.local.model import responder\n", "rtkit.local.server.responses") == []


def test_every_public_name_resolves() -> None:
    import importlib

    missing = []
    for package in ("rtkit", "rtkit.batch", "rtkit.eval", "rtkit.vad.lab"):
        module = importlib.import_module(package)
        for name in module.__all__:
            try:
                getattr(module, name)
            except (AttributeError, ImportError) as exc:
                missing.append(f"{package}.{name}: {exc}")
    assert not missing, "\n".join(missing)


def test_the_commands_parser_loads_no_tables_and_no_mcp() -> None:
    # every `rtkit` invocation builds the whole parser, `rtkit --help` included: it must stay light
    code = "import sys, rtkit.cli; rtkit.cli._parser(); print(*sorted({m.split('.')[0] for m in sys.modules}))"
    loaded = set(
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "rtkit" in loaded and not loaded & {"pandas", "mcp", "onnxruntime", "matplotlib"}
