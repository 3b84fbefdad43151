"""The notebook check that runs with nbval (``notebooks/conftest.py``): which cells must leave an image or an audio
player, and that it catches a cell that left none. The notebooks themselves are executed by
``pytest notebooks --nbval-lax`` (``make test``), where the check runs after every cell."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


@pytest.fixture(scope="module")
def check():
    spec = importlib.util.spec_from_file_location("notebook_checks", NOTEBOOKS / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cell(source: str, tags: tuple[str, ...] = ()) -> dict:
    cell = nbformat.v4.new_code_cell(source)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


PNG = {"output_type": "display_data", "data": {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}}
PLAYER = {"output_type": "display_data", "data": {"text/html": '<audio controls="controls">…</audio>'}}
TEXT = {"output_type": "execute_result", "data": {"text/plain": "<Figure size 900x450 with 1 Axes>"}}


def test_figure_and_audio_cells_are_recognised(check):
    assert check.expects(_cell("plots.plot_timeline(events)")) == {"image"}
    assert check.expects(_cell("fig = plots.plot_turn_breakdown(turns);")) == {"image"}
    assert check.expects(_cell("display(Audio(pcm, rate=24000))")) == {"audio"}
    assert check.expects(_cell("ax.bar(x, y)", tags=("figure",))) == {"image"}
    assert check.expects(_cell("# plot_timeline(events) is shown below\nx = 1")) == set()
    assert check.expects(nbformat.v4.new_markdown_cell("plot_timeline(")) == set()


def test_a_figure_cell_without_an_image_is_caught(check):
    cell = _cell("plots.plot_cumulative_usage(responses)")
    assert check.missing(cell, [TEXT]) == ["image"]  # the text repr alone is what the issue saw
    assert check.missing(cell, []) == ["image"]
    assert check.missing(cell, [TEXT, PNG]) == []
    both = _cell("plots.plot_timeline(ev)\ndisplay(Audio(pcm, rate=24000))")
    assert check.missing(both, [PNG]) == ["audio"]
    assert check.missing(both, [PNG, PLAYER]) == []


@pytest.mark.parametrize("name", ["01_quickstart.ipynb", "03_latency_and_cost.ipynb", "05_mcp_tools.ipynb"])
def test_each_notebook_has_cells_the_check_covers(check, name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    wanted = [check.expects(c) for c in nb.cells]
    assert any("image" in w for w in wanted), f"{name} has no figure cell"
    if name == "01_quickstart.ipynb":
        assert any("audio" in w for w in wanted), "the quickstart plays no audio"
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
