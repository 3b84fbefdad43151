"""Public names that load on first use: a package's ``__getattr__`` looks each one up in a table of modules, so
importing the package (and the ``rtkit`` command) stays fast and a subpackage does not load its siblings."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from importlib import import_module
from typing import Any


def load(package: str, table: Mapping[str, str], name: str) -> Any:
    """The public ``name`` of ``package``, imported from the module ``table`` names (relative to the package, or
    absolute when it starts with ``rtkit.``) and kept in the package's namespace."""
    module = table.get(name)
    if module is None:
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    value = getattr(import_module(module if module.startswith("rtkit.") else f"{package}.{module}"), name)
    setattr(sys.modules[package], name, value)
    return value
