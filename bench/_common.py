"""What every benchmark shares: the results header (date, machine, versions), summary statistics, and appending a
section to bench/RESULTS.md."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import os
import platform
import statistics
from collections.abc import Sequence
from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")
ROOT = Path(__file__).resolve().parent.parent


def versions(*packages: str) -> str:
    """``python 3.11.7, websockets 15.0.1, …`` for the packages that matter to a benchmark."""
    out = [f"Python {platform.python_version()}"]
    for name in ("rtkit", *packages):
        try:
            out.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            out.append(f"{name} (not installed)")
    return ", ".join(out)


def header(name: str, *packages: str) -> str:
    """``### name — date — machine, cores, load — versions``."""
    load = os.getloadavg()[0]
    return (
        f"### {name} — {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC — {platform.machine()}, {os.cpu_count()} cores, "
        f"load {load:.1f}, {platform.platform()} — {versions(*packages)}"
    )


def pct(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), linear interpolation."""
    vals = sorted(values)
    if not vals:
        return float("nan")
    pos = (len(vals) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(vals) - 1)
    return vals[lo] + (vals[hi] - vals[lo]) * (pos - lo)


def spread(values: Sequence[float], fmt: str = "{:.1f}") -> str:
    """``median (min–max)`` of paired rounds."""
    return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def verdict(ok: bool) -> str:
    return "met" if ok else "**MISSED**"


def append(text: str, write: bool = True) -> None:
    """Print a results section and append it to RESULTS.md (unless ``write`` is False)."""
    print(text)
    if write:
        with RESULTS.open("a") as f:
            f.write("\n" + text.rstrip() + "\n")
