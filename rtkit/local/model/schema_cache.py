"""What a tool schema says, worked out once per schema rather than for every request.

A session offers the same tools every turn, so what the stand-in model reads from a tool's name, description and
parameters is kept by the JSON text of what it was read from. Kept values are shared: callers must not change them.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import ParamSpec, TypeVar

_P = ParamSpec("_P")
_V = TypeVar("_V")

_SIZE = 512
"""Schemas kept per reader; the store is emptied when full (sessions seldom offer more tools than this)."""


def by_schema(read: Callable[_P, _V]) -> Callable[_P, _V]:
    """`read`, keeping its result for arguments with the same JSON text (arguments that are not JSON are read
    every time)."""
    kept: dict[str, _V] = {}

    @functools.wraps(read)
    def cached(*args: _P.args, **kwargs: _P.kwargs) -> _V:
        try:
            key = json.dumps([args, kwargs], sort_keys=True)
        except (TypeError, ValueError, RecursionError):
            return read(*args, **kwargs)
        if key not in kept:
            if len(kept) >= _SIZE:
                kept.clear()
            kept[key] = read(*args, **kwargs)
        return kept[key]

    return cached
