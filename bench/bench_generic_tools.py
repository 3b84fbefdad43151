"""Rule-based responder on generic tools: share of the corpus routed and filled correctly, and planning time.

The corpus (`tests/data/generic_tools.json`) holds requests for tools the samples do not use (weather,
flights, calendar, e-mail, smart home, unit conversion, ...), each offered with the other tools of its
group so routing is real, and the call a user would expect. Cases marked `held_out` were written with the
rest and never used while tuning; they are reported separately. Targets: ≥ 90 % of the tuned cases routed
and filled, held-out cases reported beside them.

Planning time per request (route + fill) is compared with routing alone (`rank_tools`) in the same run,
the anchor; target: median plan under 5 ms, well inside a voice turn.

    python bench/bench_generic_tools.py [--rounds 20] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from generic_cases import corpus_today, judge, load_corpus  # noqa: E402

from rtkit.local.model.responder import FunctionCallPlan, plan_response  # noqa: E402
from rtkit.local.model.routing import rank_tools  # noqa: E402

RESULTS = Path(__file__).with_name("RESULTS.md")


def _shares(cases: list[dict], tools: dict[str, dict], today: date) -> tuple[float, float, list[str]]:
    routed = filled = 0
    misses = []
    for case in cases:
        item = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": case["text"]}]}
        plan = plan_response([item], [tools[n] for n in case["tools"]], today=today)
        is_call = isinstance(plan, FunctionCallPlan)
        v = judge(case, tools, plan.name if is_call else None, json.loads(plan.arguments) if is_call else None)
        routed += v.routed
        filled += v.filled
        if not v.filled:
            misses.append(case["id"])
    return routed / len(cases), filled / len(cases), misses


def _times(cases: list[dict], tools: dict[str, dict], today: date, rounds: int) -> tuple[list[float], list[float]]:
    plan_ms, route_ms = [], []
    for _ in range(rounds):
        for case in cases:
            offered = [tools[n] for n in case["tools"]]
            item = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": case["text"]}]}
            t0 = time.perf_counter()
            rank_tools(case["text"], offered)
            t1 = time.perf_counter()
            plan_response([item], offered, today=today)
            t2 = time.perf_counter()
            route_ms.append((t1 - t0) * 1000)
            plan_ms.append((t2 - t1) * 1000)
    return plan_ms, route_ms


def main(rounds: int) -> str:
    corpus = load_corpus()
    tools = {t["name"]: t for t in corpus["tools"]}
    today = corpus_today(corpus)
    tuned = [c for c in corpus["cases"] if not c.get("held_out")]
    held = [c for c in corpus["cases"] if c.get("held_out")]
    rows = []
    for label, cases in (("tuned", tuned), ("held out", held)):
        routed, filled, misses = _shares(cases, tools, today)
        target = "≥ 90 %" if label == "tuned" else "reported"
        miss = ", ".join(misses) if misses else "none"
        rows.append(f"| {label} | {len(cases)} | {routed:.1%} | {filled:.1%} | {target} | {miss} |")
    plan_ms, route_ms = _times(corpus["cases"], tools, today, rounds)
    q = statistics.quantiles
    lines = [
        f"### bench_generic_tools — {date.today()} — {platform.machine()}, 2 cores, Python {platform.python_version()}",
        "",
        f"{len(corpus['cases'])} text requests across {len(tools)} tool shapes the samples do not use "
        "(`tests/data/generic_tools.json`), each offered with its group's other tools.",
        "",
        "| cases | n | routed | routed and filled | target | misses |",
        "|---|---:|---:|---:|---|---|",
        *rows,
        "",
        f"Planning time per request, {rounds} rounds. Target: median plan < 5 ms.",
        "",
        "| measure | median ms | p90 ms |",
        "|---|---:|---:|",
        f"| anchor: routing alone (`rank_tools`) | {statistics.median(route_ms):.3f} | {q(route_ms, n=10)[-1]:.3f} |",
        f"| plan: route + fill arguments | {statistics.median(plan_ms):.3f} | {q(plan_ms, n=10)[-1]:.3f} |",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20, help="timing rounds over the corpus (default 20)")
    parser.add_argument("--no-write", action="store_true", help="print only; do not append to bench/RESULTS.md")
    args = parser.parse_args()
    text = main(args.rounds)
    print(text)
    if not args.no_write:
        with open(RESULTS, "a") as f:
            f.write("\n" + text)
    sys.exit(0)
