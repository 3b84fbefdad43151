"""Compare mypy's output with the baseline of known errors: a new error fails, the baseline may only shrink.

``make test`` runs ``mypy | python tests/mypy_baseline.py``. Errors are compared without line numbers (as
``file: error: message [code]``), so editing a file does not move its known errors; a known error that is gone must
leave the baseline too (``--update`` rewrites it from the current output). The packages in ``ZERO`` have no
baseline: any error there fails. The baseline is empty today (the whole package is at zero): any error fails.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

BASELINE = Path(__file__).with_name("mypy_baseline.txt")
ZERO = ("rtkit/session/", "rtkit/realtime/", "rtkit/mcp/", "rtkit/metrics/")
"""Packages held at zero errors."""

_ERROR = re.compile(r"^(?P<file>[^:\s]+\.py):\d+(?::\d+)?: error: (?P<message>.*)$")


def errors(lines: Iterable[str]) -> Counter[str]:
    """mypy's errors as ``file: error: message``, without line numbers (notes and the summary line dropped)."""
    found: Counter[str] = Counter()
    for line in lines:
        m = _ERROR.match(line.rstrip("\n"))
        if m:
            message = re.sub(r"\bon line \d+", "on line N", m["message"])  # "already defined on line 134"
            found[f"{m['file']}: error: {message}"] += 1
    return found


def compare(current: Counter[str], baseline: Counter[str]) -> tuple[list[str], list[str]]:
    """(new errors, baseline entries that no longer occur); an error in a ``ZERO`` package is always new."""
    new = [e for e, n in (current - baseline).items() for _ in range(n)]
    new += [e for e, n in (current & baseline).items() if e.startswith(ZERO) for _ in range(n)]
    gone = [e for e, n in (baseline - current).items() for _ in range(n)]
    return sorted(new), sorted(gone)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite the baseline from mypy's output on stdin")
    args = parser.parse_args(argv)
    output = sys.stdin.read().splitlines()
    if not any(line.startswith(("Found ", "Success: ")) for line in output):
        print("mypy_baseline: mypy did not finish (no summary line); its output:", *output[-20:], sep="\n")
        return 2
    current = errors(output)
    if args.update:
        BASELINE.write_text("".join(f"{e}\n" for e in sorted(current.elements())))
        print(f"mypy_baseline: {BASELINE.name} now holds {sum(current.values())} errors")
        return 0
    baseline = errors(line.replace(": error:", ":0: error:", 1) for line in BASELINE.read_text().splitlines())
    new, gone = compare(current, baseline)
    for e in new:
        print(f"new type error: {e}")
    if gone:
        print(f"{len(gone)} known type errors are fixed: shrink the baseline with")
        print("  mypy | python tests/mypy_baseline.py --update")
    if new or gone:
        return 1
    print(f"mypy: {sum(current.values())} known errors (baseline {BASELINE.name}), none new")
    return 0


if __name__ == "__main__":
    sys.exit(main())
