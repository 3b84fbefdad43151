"""Checks on the notebooks that nbval executes: every cell that draws a figure leaves an image in its output, and
every cell that makes an audio player leaves a player.

A figure cell calls one of ``rtkit.metrics.plots``' functions (``plot_…(``) or is tagged ``figure``; an audio cell
calls ``Audio(`` or is tagged ``audio``. nbval keeps the outputs of the cell it has just run in ``item.test_outputs``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import pytest

_FIGURE = re.compile(r"\bplot_\w+\(")
_AUDIO = re.compile(r"\bAudio\(")


def _tags(cell: Mapping[str, Any]) -> set[str]:
    return set((cell.get("metadata") or {}).get("tags") or ())


def expects(cell: Mapping[str, Any]) -> set[str]:
    """What a code cell must leave: ``{"image"}``, ``{"audio"}``, both or neither."""
    if cell.get("cell_type") != "code":
        return set()
    source = "".join(cell.get("source") or "")
    code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("#", "def ", "from ", "import ")))
    want = set()
    if _FIGURE.search(code) or "figure" in _tags(cell):
        want.add("image")
    if _AUDIO.search(code) or "audio" in _tags(cell):
        want.add("audio")
    return want


def missing(cell: Mapping[str, Any], outputs: Sequence[Mapping[str, Any]]) -> list[str]:
    """The outputs a cell should have left and did not (empty when all is well)."""
    datas = [o.get("data") or {} for o in outputs]
    have = set()
    if any("image/png" in d or "image/svg+xml" in d for d in datas):
        have.add("image")
    if any("<audio" in str(d.get("text/html", "")) for d in datas):
        have.add("audio")
    return sorted(expects(cell) - have)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    result = yield
    outputs = getattr(item, "test_outputs", None)
    cell = getattr(item, "cell", None)
    if outputs is not None and cell is not None:
        lost = missing(cell, outputs)
        if lost:
            first = "".join(cell.get("source") or "").strip().splitlines()[:1]
            pytest.fail(f"{item.name}: the cell left no {' and no '.join(lost)} output ({first[0] if first else ''})")
    return result
