"""The ``rtkit`` command: ``run``, ``batch``, ``serve``, ``tools``, ``report``, ``history``, ``vad``, ``eval``,
``doctor``. The larger commands keep their parser and code beside what they run: ``run`` in :mod:`rtkit.run_cli`,
``batch`` in :mod:`rtkit.batch.cli`, ``eval`` in :mod:`rtkit.eval.cli`, ``vad`` in :mod:`rtkit.vad.lab.cli`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__

EXAMPLES = """\
examples:
  rtkit run data/portfolio_summary.wav --mcp finance --out runs/demo
  rtkit run data/two_turns.wav --mcp finance --pace fast
  rtkit batch data/ --mcp finance --concurrency 8 --out runs/corpus
  rtkit serve --port 8765            # then OPENAI_BASE_URL=http://127.0.0.1:8765/v1
  rtkit tools --mcp finance --mcp devtools --json
  rtkit report runs/demo --plots
  rtkit vad data/vad --labels data/vad/labels.json --grid
  rtkit eval data/evals/assistant.yaml --out runs/eval
  rtkit doctor --json
"""


def _seconds_or_off(text: str) -> float | None:
    """A number of seconds (0 or more), or ``off`` for None."""
    if text.strip().lower() == "off":
        return None
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds or 'off'") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: expected 0 or more seconds, or 'off'")
    return value


def _parser() -> argparse.ArgumentParser:
    from rtkit.local.speech.backlog import DEFAULT_RECOGNITION_LIMIT_S

    p = argparse.ArgumentParser(
        prog="rtkit",
        description="Run, serve and measure OpenAI Realtime (GA) voice sessions with MCP tools.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"rtkit {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="log what happens (INFO level)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    from .run_cli import add_parser as add_run

    add_run(sub)

    from rtkit.batch.cli import add_parser as add_batch

    add_batch(sub)

    serve = sub.add_parser(
        "serve",
        help="run rtkit's local Realtime server",
        description="Serve the GA Realtime protocol on ws://HOST:PORT/v1/realtime?model=… with a rule-based "
        "responder standing in for the model, local speech synthesis and recognition. Point the official SDK at "
        "it with OPENAI_BASE_URL=http://HOST:PORT/v1.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)")
    serve.add_argument(
        "--api-key",
        help="require this key (Bearer token or api-key header); a flag is visible to other users of the machine "
        "(ps), so prefer the RTKIT_SERVE_API_KEY environment variable; default: no auth",
    )
    serve.add_argument(
        "--max-session-seconds",
        type=float,
        default=3600,
        help="end sessions after this long with session_expired, as the real service does (default 3600)",
    )
    serve.add_argument("--no-speech", action="store_true", help="skip speech synthesis and recognition")
    serve.add_argument(
        "--recognizer",
        choices=["auto", "moonshine", "combined", "pocketsphinx"],
        default=None,
        help="speech-recognition engine: moonshine (open vocabulary, real voices and names), pocketsphinx (a third "
        "of the compute, steered by the session's tool words), or combined: moonshine's words, pocketsphinx's when "
        "moonshine heard none of the tools' words and they fit better; default: $RTKIT_RECOGNIZER, else moonshine",
    )
    serve.add_argument(
        "--recognition-limit",
        type=_seconds_or_off,
        default=DEFAULT_RECOGNITION_LIMIT_S,
        metavar="SECONDS",
        help="refuse a response with a rate_limit_exceeded error, as the service does when over capacity, when "
        "recognition would hear its speech only after this many seconds behind other sessions' speech (default "
        f"{DEFAULT_RECOGNITION_LIMIT_S:g}; 'off' queues instead)",
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="run N server processes on the one port (SO_REUSEPORT): the kernel spreads sessions over them and each "
        "session stays with one; for hundreds of sessions on several cores (default 1)",
    )
    serve.add_argument(
        "--script",
        type=Path,
        metavar="FILE",
        help="answer expected user turns from a YAML/JSON script (see rtkit.local.model.script); others fall back "
        "to the rule-based responder unless the script is strict",
    )

    tools = sub.add_parser(
        "tools",
        help="list the function tools the model will see for some MCP servers",
        description="Connect the MCP servers, convert their tools to Realtime function tools and print them.",
    )
    tools.add_argument("--mcp", action="append", required=True, metavar="SPEC", help="an MCP server spec; repeatable")
    tools.add_argument("--json", action="store_true", help="print exactly the JSON list sent in session.update")

    history = sub.add_parser(
        "history",
        help="list the conversations kept in the history file, by user",
        description="List conversations recorded by RealtimeSessionManager (one SQLite file; default "
        "$RTKIT_HISTORY_DB or ~/.local/share/rtkit/history.sqlite).",
    )
    history.add_argument("--user", help="only this user's conversations")
    history.add_argument("--db", type=Path, help="the history file")
    doctor = sub.add_parser(
        "doctor",
        help="check that this machine is ready: key, endpoint, MCP servers, speech engines, VAD scorers",
        description="Run one check per line (the API key is never printed); each failure names a fix. "
        "Exits 1 when a check failed.",
    )
    doctor.add_argument("--mcp", action="append", default=[], metavar="SPEC", help="MCP server to check (default: "
                        "finance and devtools); repeatable")  # fmt: skip
    doctor.add_argument("--url", help="check this Realtime websocket URL instead of the configured endpoint")
    doctor.add_argument("--json", action="store_true", help="print the checks as JSON")
    doctor.add_argument("--no-speech", action="store_true", help="skip the speech-engine checks")

    report = sub.add_parser(
        "report",
        help="summarise and compare run folders",
        description="Print the summary of one or more run folders written by 'rtkit run --out', side by side.",
    )
    report.add_argument("runs", nargs="+", type=Path, help="run folders")
    report.add_argument("--plots", action="store_true", help="also write PNG figures into each run's plots/ folder")

    from .vad.lab import cli as vad_cli

    vad_cli.add_parser(sub)
    from .eval import cli as eval_cli

    eval_cli.add_parser(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    if args.command is None:
        _parser().print_help()
        return 2
    try:
        commands = {"run": _run, "batch": _batch, "serve": _serve, "tools": _tools, "report": _report}
        commands["history"] = _history
        commands["doctor"] = _doctor
        commands["vad"] = _vad
        commands["eval"] = _eval
        return commands[args.command](args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # one clear line for the user; details with --verbose
        if args.verbose:
            logging.exception("rtkit %s failed", args.command)
        print(f"rtkit {args.command}: error: {exc}", file=sys.stderr)
        return 1


def _vad(args: argparse.Namespace) -> int:
    from .vad.lab import cli as vad_cli

    return vad_cli.run(args)


def _eval(args: argparse.Namespace) -> int:
    from .eval import cli as eval_cli

    return eval_cli.run(args)


# -- run --------------------------------------------------------------------------------------------------------
def _run(args: argparse.Namespace) -> int:
    from .run_cli import command

    return command(args)


# -- batch -------------------------------------------------------------------------------------------------------
def _batch(args: argparse.Namespace) -> int:
    from rtkit.batch.cli import command

    return command(args)


# -- history -----------------------------------------------------------------------------------------------------
def _history(args: argparse.Namespace) -> int:
    from .session.store import SessionStore, default_path

    path = args.db or default_path()
    if args.db is not None and not path.is_file():
        raise FileNotFoundError(f"history file {path} does not exist")
    with SessionStore(path) as store:
        df = store.conversations_df(user=args.user)
    if df.empty:
        print(f"no conversations{' for ' + args.user if args.user else ''} in {path}")
        return 0
    import pandas as pd

    for col in ("started_at", "ended_at"):
        df[col] = pd.to_datetime(df[col], unit="s").dt.strftime("%Y-%m-%d %H:%M:%S")
    df["cost_usd"] = df["cost_usd"].map(lambda v: "-" if pd.isna(v) else f"${v:.4f}")
    print(df.drop(columns=["run_id"]).to_string(index=False, na_rep="-"))
    return 0


# -- serve -------------------------------------------------------------------------------------------------------
def _serve(args: argparse.Namespace) -> int:
    from .exposure import exposure_warning, serve_key
    from .local import serve
    from .local.model.script import Script

    script = Script.load(args.script) if args.script else None  # a bad script fails before the server starts

    key = serve_key(args.api_key)
    if warning := exposure_warning(args.host, key):
        print(warning, file=sys.stderr, flush=True)
    if args.workers != 1:
        from .local.server.workers import ServeOptions, serve_workers

        if args.workers < 1:
            print(f"--workers: {args.workers} is invalid; expected 1 or more", file=sys.stderr)
            return 2
        options = ServeOptions(
            host=args.host,
            port=args.port,
            max_session_seconds=args.max_session_seconds,
            speech=not args.no_speech,
            script=str(args.script) if args.script else None,
            recognizer=None if args.recognizer in (None, "auto") else args.recognizer,
            recognition_limit_s=args.recognition_limit,
        )
        return serve_workers(args.workers, options, key)

    async def until_stopped() -> None:
        # SIGTERM (process managers, containers, Popen.terminate) and Ctrl-C stop the server: it stops accepting,
        # closes open sessions with 1001 and stops its recognition workers. The process exits within
        # STOP_DEADLINE_S whatever it was doing, and at once on a second signal.
        task = asyncio.current_task()
        assert task is not None
        loop = asyncio.get_running_loop()

        def stop(signum: int) -> None:
            if task.cancelling():
                os._exit(128 + signum)  # asked twice: now
            task.cancel()
            watchdog = threading.Timer(STOP_DEADLINE_S, _exit_now, args=(f"not stopped after {STOP_DEADLINE_S:g} s",))
            watchdog.daemon = True
            watchdog.start()

        with contextlib.suppress(NotImplementedError):  # no loop signal handlers on Windows
            for signum in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(signum, stop, signum)
        await serve(
            host=args.host,
            port=args.port,
            freeze_heap=True,  # this process only serves
            api_key=key,
            max_session_seconds=args.max_session_seconds,
            speech=not args.no_speech,
            script=script,
            recognizer=None if args.recognizer in (None, "auto") else args.recognizer,
            recognition_limit_s=args.recognition_limit,
        )

    try:
        asyncio.run(until_stopped())
    except (KeyboardInterrupt, asyncio.CancelledError):
        pass
    return 0


STOP_DEADLINE_S = 4.0
"""After a stop signal, ``rtkit serve`` exits within this long even if a session or worker does not let go."""


def _exit_now(why: str) -> None:
    print(f"rtkit serve: {why}; exiting now", file=sys.stderr, flush=True)
    os._exit(0)


# -- tools -------------------------------------------------------------------------------------------------------
def _tools(args: argparse.Namespace) -> int:
    from rtkit.mcp.bridge import MCPRealtimeBridge

    from .config import RealtimeConfig

    async def go() -> list[dict[str, Any]]:
        async with MCPRealtimeBridge(args.mcp, RealtimeConfig.from_env().mcp) as bridge:
            return bridge.tools()

    tools = asyncio.run(go())
    if args.json:
        print(json.dumps(tools, indent=2))
    else:
        for tool in tools:
            params = ", ".join((tool.get("parameters") or {}).get("properties", {}))
            print(f"{tool['name']}({params})\n    {tool.get('description', '').strip()}")
    return 0


def _doctor(args: argparse.Namespace) -> int:
    from .doctor import main as doctor

    return doctor(args.mcp, args.url, args.json, speech=not args.no_speech)


# -- report ------------------------------------------------------------------------------------------------------
def _report(args: argparse.Namespace) -> int:
    from rtkit.metrics import report

    for run in args.runs:
        if not run.is_dir():
            raise FileNotFoundError(f"run folder {run} does not exist")
    for run in args.runs:
        print(f"== {run}")
        from .eval.results import is_eval_folder

        if is_eval_folder(run):  # an eval's folder: its checks and comparison, then the run summary
            from .eval.cli import report as eval_report

            eval_report(run)
        print(report.format_summary(report.load_run(run)))
        if args.plots:
            for png in report.write_plots(run):
                print(f"  wrote {png}")
    if len(args.runs) > 1:
        print("\ncomparison:")
        print(report.compare_runs(args.runs).to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
