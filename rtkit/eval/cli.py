"""``rtkit eval``: run a dataset's cases (or BFCL's), grade them, compare variants, gate a release."""

from __future__ import annotations

import argparse
import json
import logging
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # tables load when the command runs, not for its parser
    import pandas as pd

EXAMPLES = """\
examples:
  rtkit eval data/evals/assistant.yaml --out runs/eval
  rtkit eval data/evals/assistant.yaml --variant base= --variant short=data/evals/variants/short_silence.yaml
  rtkit eval data/evals/assistant.yaml --tag typed --baseline runs/eval --fail-under 0.8
  rtkit eval --bfcl BFCL_v4_simple_python.json BFCL_v4_simple_python.answers.json --out runs/bfcl
  rtkit report runs/eval            # prints the checks and the comparison again
"""


def add_parser(sub: Any) -> None:
    """Register ``eval`` on the ``rtkit`` command's subparsers."""
    p = sub.add_parser(
        "eval",
        help="run graded cases (tool calls, answers, latency, turn-taking), compare variants, gate releases",
        description="Run every case of a dataset (YAML, JSONL or CSV; see data/evals/README.md) in its own "
        "session under each variant, grade it, and print the pass rate per check kind with 95 %% intervals, the "
        "failures and a paired comparison of the variants. Writes a run folder (results.csv, cases.csv, "
        "summary.json, the recorder tables, failing cases' audio, plots/).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("dataset", nargs="?", type=Path, help="the dataset file")
    p.add_argument("--bfcl", nargs="+", type=Path, metavar="FILE",
                   help="BFCL QUESTIONS.json [ANSWERS.json] instead of a dataset; ANSWERS defaults to the "
                        "QUESTIONS.answers.json beside it (none: every case expects no call)")  # fmt: skip
    p.add_argument("--variant", action="append", default=[], metavar="NAME=FILE",
                   help="a variant: settings overriding the base (YAML/JSON); NAME= is the base itself; repeatable; "
                   "the first is the baseline of the comparison")  # fmt: skip
    p.add_argument("--out", type=Path, help="the run folder (default runs/eval-<time>); new or empty unless --resume")
    p.add_argument("--concurrency", type=int, default=8,
                   help="sessions at once (default 8); on the local server spoken cases run at most 2 at once "
                   "beside them (recognition is the bottleneck) and scripted callers at once")  # fmt: skip
    p.add_argument("--case", action="append", default=[], metavar="ID", help="only this case (repeatable)")
    p.add_argument("--tag", action="append", default=[], help="only cases with this tag (repeatable)")
    again = p.add_mutually_exclusive_group()
    again.add_argument("--resume", action="store_true", help="skip cases an earlier run of --out finished")
    again.add_argument("--overwrite", action="store_true", help="empty a --out folder holding an earlier run first")
    p.add_argument("--url", help="a Realtime websocket URL instead of the configured endpoint or the local server")
    p.add_argument("--local", action="store_true", help="use the embedded local server even if a key is set")
    p.add_argument("--timeout", type=float, default=60.0, help="longest wait per case, in s (default 60)")
    p.add_argument("--alpha", type=float, default=0.05, help="significance level (default 0.05)")
    p.add_argument("--baseline", type=Path, metavar="RUN_FOLDER",
                   help="gate: exit 1 when a check kind's pass rate is significantly below this run's")  # fmt: skip
    p.add_argument("--fail-under", type=float, metavar="RATE",
                   help="gate: exit 1 when a check kind's pass rate is under RATE (0-1)")  # fmt: skip
    p.add_argument("--no-plots", action="store_true", help="do not write plots/")
    p.add_argument("--json", action="store_true", help="print the summary's eval block as JSON")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--dask", metavar="local:N", help="run on a LocalCluster of N worker processes")
    where.add_argument("--scheduler", metavar="ADDRESS", help="run on an existing dask.distributed scheduler")


def _fmt_rate(r: pd.Series) -> str:
    if not r["n"]:
        return "-"
    return f"{r['passed']}/{r['n']} {r['rate']:6.1%} [{r['low']:.0%}, {r['high']:.0%}]"


def rate_table(rates: pd.DataFrame, by: str) -> str:
    """Rows ``by``, a column per variant: ``passed/n rate [low, high]``."""
    if not len(rates):
        return "  (nothing graded)"
    wide = rates.assign(text=rates.apply(_fmt_rate, axis=1)).pivot(index=by, columns="variant", values="text")
    wide = wide.reindex(index=list(dict.fromkeys(rates[by])), columns=list(dict.fromkeys(rates["variant"])))
    return wide.fillna("-").to_string()


def comparison_table(cmp: pd.DataFrame) -> str:
    if not len(cmp):
        return ""

    def value(v: float, metric: str) -> str:
        if isinstance(v, float) and math.isnan(v):
            return "-"
        if metric.startswith("pass rate"):
            return f"{v:+.1%}"
        return f"{v:+.4f}" if metric == "cost_usd" else f"{v:+.0f}"

    rows = []
    for r in cmp.to_dict("records"):
        m = r["metric"]
        interval = "" if math.isnan(r["low"]) else f" [{value(r['low'], m)}, {value(r['high'], m)}]"
        rests = (
            f"{int(r['discordant'])} discordant of {r['n']}" if not math.isnan(r["discordant"]) else f"{r['n']} pairs"
        )
        p = "" if math.isnan(r["p_value"]) else f"p={r['p_value']:.3g}"
        rows.append({
            "variant": f"{r['variant']} vs {r['baseline']}", "metric": m,
            "difference": value(r["difference"], m) + interval, "test": p,
            "significant": "yes" if r["significant"] else "no", "rests on": rests,
        })  # fmt: skip
    import pandas as pd

    return pd.DataFrame(rows).to_string(index=False)


def print_report(run: Any, failures: int = 15) -> None:
    """The per-check table, tags, perturbations, latency and cost, the failures and the comparison."""
    from rtkit.eval import summary as summ

    results, cases = run.results, run.cases
    print("\npass rate by check kind (95 % Wilson interval):")
    print(rate_table(summ.pass_rates(results, "kind"), "kind"))
    print(rate_table(summ.pass_rates(results, "case"), "case").split("\n", 1)[-1])
    tags = summ.pass_rates(results, "tag")
    if len(tags):
        print("\nby tag:")
        print(rate_table(tags, "tag"))
    pert = results[results["perturbation"].astype(bool)]
    if len(pert):
        print("\nby perturbation:")
        print(rate_table(summ.pass_rates(pert, "perturbation"), "perturbation"))
    lat = summ.latency_table(cases)
    if len(lat):
        print("\nlatency (each case's worst turn) and cost:")
        print(lat.to_string(index=False, float_format=lambda v: f"{v:.4f}" if v < 1 else f"{v:.0f}", na_rep="-"))
    skipped = results[results["status"] == "skipped"]
    if len(skipped):
        print(f"\n{len(skipped)} check(s) skipped: " + "; ".join(sorted(set(skipped["reason"])))[:300])
    failed = results[results["status"] == "failed"]
    if len(failed):
        print(f"\nfailures ({len(failed)}):")
        for r in failed.head(failures).to_dict("records"):
            print(f"  {r['case']} [{r['variant']}] {r['check']}: {r['reason']}")
        if len(failed) > failures:
            print(f"  ... and {len(failed) - failures} more (results.csv)")
    unmatched = (run.summary.get("eval") or {}).get("unmatched_tool_overrides") or {}
    for name, tools in unmatched.items():
        print(f"\nvariant {name}: no case offered {', '.join(tools)}; those tool overrides changed nothing")
    cmp = summ.compare(results, cases)
    if len(cmp):
        print("\ncomparison with the first variant (McNemar's exact test; bootstrap intervals):")
        print(comparison_table(cmp))


def run(args: argparse.Namespace) -> int:
    from rtkit.config import RealtimeConfig
    from rtkit.eval.results import load_eval
    from rtkit.eval.variants import load_variant

    if not args.verbose:  # alerts are in the tables; live lines would break the progress bar
        logging.getLogger("rtkit.metrics").setLevel(logging.ERROR)
    if (args.dataset is None) == (args.bfcl is None):
        raise ValueError("give a dataset file or --bfcl QUESTIONS.json [ANSWERS.json]")
    if args.fail_under is not None and not 0 <= args.fail_under <= 1:
        raise ValueError(f"--fail-under {args.fail_under}: expected a pass rate from 0 to 1")
    baseline = load_eval(args.baseline).results if args.baseline is not None else None  # before anything runs
    if args.bfcl is not None:
        if len(args.bfcl) > 2:
            raise ValueError("--bfcl takes QUESTIONS.json and optionally ANSWERS.json")
        from rtkit.eval.bfcl import answers_beside
        from rtkit.eval.bfcl_cases import bfcl_dataset

        answers = args.bfcl[1] if len(args.bfcl) > 1 else answers_beside(args.bfcl[0])
        print(f"answers: {answers}" if answers is not None else "answers: none (every case expects no call)")
        dataset = bfcl_dataset(args.bfcl[0], answers)
    else:
        from rtkit.eval.dataset import load_dataset

        dataset = load_dataset(args.dataset)
    if args.case or args.tag:
        dataset = dataset.select(args.case, args.tag)
        if not dataset.cases:
            raise ValueError("no case has the given --case ids or --tag names")
    variants = [load_variant(v) for v in args.variant]
    from rtkit.eval import summary as summ  # the statistics and the runner load once the inputs are valid
    from rtkit.eval.figures import write_figures
    from rtkit.eval.runner import run as run_eval

    config = RealtimeConfig.from_env()
    if args.local:
        config = config.local_only()
    print(f"eval {dataset.name}: {len(dataset.cases)} case(s) x {max(len(variants), 1)} variant(s)")
    result = run_eval(
        dataset,
        variants=variants,
        config=config,
        out=args.out,
        concurrency=args.concurrency,
        resume=args.resume,
        overwrite=args.overwrite,
        url=args.url,
        timeout_s=args.timeout,
        alpha=args.alpha,
        dask=args.dask,
        scheduler=args.scheduler,
    )
    if args.json:
        print(json.dumps(result.summary["eval"], indent=2, default=str))
    else:
        print_report(result)
    if not args.no_plots:
        write_figures(result)
    print(f"\nrun folder: {result.out}")
    status = 0
    if baseline is not None or args.fail_under is not None:
        verdict = summ.gate(result.results, baseline, args.fail_under, args.alpha)
        print("\ngate: " + ("passed" if verdict.ok else "FAILED"))
        for line in verdict.lines:
            print(f"  {line}")
        status = 0 if verdict.ok else 1
    if args.bfcl is not None:  # the score, last: one line per variant, named when there are several
        scores = summ.call_accuracy(result.results)
        for name, right, n in scores:
            score = f"{right}/{n} ({100 * right / max(n, 1):.1f} %)"
            print(score if len(scores) == 1 else f"{name}: {score}")
    return status


def report(path: Path) -> None:
    """``rtkit report`` on an eval folder: its tables and the comparison again."""
    from rtkit.eval.results import load_eval

    run = load_eval(path)
    info = run.summary.get("eval") or {}
    print(
        f"eval {info.get('name', '-')}: {info.get('cases', 0)} case(s), variants {', '.join(info.get('variants', []))}"
    )
    print_report(run)
