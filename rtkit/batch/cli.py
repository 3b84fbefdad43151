"""``rtkit batch``: the batch runner on the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_parser(sub: Any) -> None:
    batch = sub.add_parser(
        "batch",
        help="run every audio file of a corpus in its own session, concurrently, into one run folder",
        description="Run one independent Realtime session per audio file (directories are searched recursively; "
        "globs are expanded), several at a time, with a progress bar. A file that fails is reported and the batch "
        "goes on. Writes one run folder: every table with a 'file' column, files.csv, summary.json; then prints "
        "the per-file table and the summary. With no OPENAI_API_KEY the sessions use one local server (per Dask "
        "worker).",
    )
    batch.add_argument(
        "inputs",
        nargs="+",
        metavar="DIR_OR_GLOB",
        help="audio files, folders (searched recursively for WAV, FLAC, OGG and MP3 files) or glob patterns",
    )
    batch.add_argument("--concurrency", type=int, default=4, help="sessions at once (default 4)")
    batch.add_argument("--mcp", action="append", default=[], metavar="SPEC", help="an MCP server spec; repeatable")
    batch.add_argument("--labels", type=Path, help="labels JSON (default: labels.json beside each file)")
    batch.add_argument(
        "--out", type=Path, help="run folder (default runs/batch-DATE-TIME); new or empty unless --resume"
    )
    again = batch.add_mutually_exclusive_group()
    again.add_argument("--resume", action="store_true", help="skip files an earlier run of --out finished")
    again.add_argument("--overwrite", action="store_true", help="empty a --out folder holding an earlier run first")
    batch.add_argument("--pace", choices=("realtime", "fast"), default="realtime", help="stream pace (realtime)")
    batch.add_argument("--url", help="a Realtime websocket URL instead of the configured endpoint / local server")
    batch.add_argument("--local", action="store_true", help="use local servers even if an API key is set")
    batch.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for a file's answers (120)")
    where = batch.add_mutually_exclusive_group()
    where.add_argument("--dask", metavar="local:N", help="run on a dask LocalCluster of N worker processes")
    where.add_argument("--scheduler", metavar="ADDRESS", help="run on a dask cluster, e.g. tcp://host:8786")
    batch.add_argument("--no-progress", action="store_true", help="no progress bar")


def command(args: argparse.Namespace) -> int:
    import logging

    from rtkit.batch.runner import BatchInterrupted, run
    from rtkit.config import RealtimeConfig
    from rtkit.metrics import report

    config = RealtimeConfig.from_env()
    if args.local:
        config = config.local_only()
    metrics_log = logging.getLogger("rtkit.metrics")
    level = metrics_log.level
    if not args.verbose:  # alerts are in the tables and the summary; live lines would break the progress bar
        metrics_log.setLevel(logging.ERROR)
    try:
        result = run(
            args.inputs,
            config=config,
            mcp=args.mcp,
            concurrency=args.concurrency,
            labels=args.labels,
            out=args.out,
            resume=args.resume,
            overwrite=args.overwrite,
            pace=args.pace == "realtime",
            url=args.url,
            timeout_s=args.timeout,
            dask=args.dask,
            scheduler=args.scheduler,
            progress=not args.no_progress,
        )
    except BatchInterrupted as exc:
        print(f"\n{exc}\nrun folder: {exc.result.out}", file=sys.stderr)
        return 130
    finally:
        metrics_log.setLevel(level)  # main() may be called again in this process (a notebook, the tests)
    cols = ["file", "ok", "attempts", "turns", "tool_calls", "wall_s", "cost_usd", "error"]
    table = result.files[cols].copy()
    table["error"] = table["error"].fillna("")
    formats = {"wall_s": "{:.1f}".format, "cost_usd": report.dollars}
    print(table.to_string(index=False, formatters=formats))
    b = result.summary["batch"]
    print(
        f"\n{b['ok']}/{b['files']} files ok ({b['resumed']} resumed), {b['failed']} failed; "
        f"{result.summary['turns']} turns, {result.summary['tool_calls']} tool calls; "
        f"total cost {report.dollars(result.summary['cost_usd'])}; {b['wall_s']:.1f} s on {b['executor']}\n"
    )
    print(report.format_summary(report.load_run(result.out)))
    print(f"\nrun folder: {result.out}")
    return 0 if not b["failed"] else 1
