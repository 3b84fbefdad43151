"""Fault injection: faults injected and survived, by kind, with the suite's wall time; appended to RESULTS.md.

The anchor is the same conversation with no fault (it must give identical records). Run:
``.venv/bin/python bench/bench_faults.py [--no-write]``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

from _common import ROOT, append, header, verdict

sys.path.insert(0, str(ROOT / "tests"))

from fault_suite import DEFAULT_RUNS, run_suite  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print only; do not append to bench/RESULTS.md")
    args = parser.parse_args()
    t0 = time.monotonic()
    result = asyncio.run(run_suite(DEFAULT_RUNS))
    wall = time.monotonic() - t0
    injected, survived = result.total
    rows = "\n".join(
        f"| {kind} | {result.injected[kind]} | {result.survived[kind]} |" for kind in sorted(result.injected)
    )
    met = injected >= 200 and survived == injected and wall < 300
    append(
        f"{header('bench_faults', 'websockets')}\n\n"
        f"Faults injected / survived (every turn completed, records identical to an undisturbed run): "
        f"**{injected} / {survived}** in {wall:.0f} s (target: at least 200, all survived, under 5 minutes: "
        f"{verdict(met)}).\n\n"
        f"| fault | injected | survived |\n| --- | --- | --- |\n{rows}\n",
        write=not args.no_write,
    )


if __name__ == "__main__":
    main()
