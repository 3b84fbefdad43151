"""Figures that show themselves in Jupyter, the way pyplot's inline backend does, without pyplot's global state.

:func:`new_figure` returns an :class:`InlineFigure`. Outside an IPython kernel it is a plain
:class:`matplotlib.figure.Figure`. Inside one, every figure made during a cell is displayed as a PNG when the cell
finishes, whether the cell ends with the figure, with ``;``, or assigns it (``fig = plot_…(…)``); a figure that
was already displayed in that cell (as its result, or by ``display(fig)``) is not shown twice. The caller keeps
the figure for ``savefig``.
"""

from __future__ import annotations

import io
from typing import Any

from matplotlib.figure import Figure

_PNG_DPI = 100
_pending: list[InlineFigure] = []  # made during the running cell, not displayed yet
_hooked: set[int] = set()  # ids of the IPython shells whose post_run_cell hook is registered


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=_PNG_DPI, bbox_inches="tight")
    return buf.getvalue()


class InlineFigure(Figure):
    """A matplotlib figure with a PNG representation for Jupyter (see the module docstring)."""

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        _forget(self)
        w, h = self.get_size_inches() * self.dpi
        return {"image/png": _png(self), "text/plain": f"<Figure size {w:g}x{h:g} with {len(self.axes)} Axes>"}


def _kernel_shell() -> Any:
    """The running IPython kernel's shell, or None (plain Python, a terminal IPython without a frontend)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    return shell if shell is not None and getattr(shell, "kernel", None) is not None else None


def _forget(fig: InlineFigure) -> None:
    _pending[:] = [f for f in _pending if f is not fig]


def _flush(*_: Any) -> None:
    """Display the figures made during the cell that has just run and were not displayed yet."""
    from IPython.display import display

    figs = list(_pending)
    _pending.clear()
    for fig in figs:
        display(fig)


def new_figure(figsize: tuple[float, float]) -> InlineFigure:
    """A new figure (constrained layout) that displays itself at the end of the current Jupyter cell."""
    fig = InlineFigure(figsize=figsize, layout="constrained")
    shell = _kernel_shell()
    if shell is not None:
        if id(shell) not in _hooked:
            shell.events.register("post_run_cell", _flush)
            _hooked.add(id(shell))
        _pending.append(fig)
    return fig
