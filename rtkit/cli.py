"""The ``rtkit`` command: ``run``, ``batch``, ``serve``, ``tools``, ``report``, ``history``, ``vad``, ``eval``,
``doctor``."""

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
from .realtime import events as ev

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

    run = sub.add_parser(
        "run",
        help="run audio files through a Realtime session and print per-turn metrics",
        description="Stream audio files as the user's voice through one Realtime session, run the MCP tools the "
        "model calls, and print the transcript, the tool calls and a per-turn latency and cost table. With no "
        "OPENAI_API_KEY (or with --local) the session runs against rtkit's local server, in-process.",
    )
    run.add_argument(
        "audio",
        nargs="+",
        type=Path,
        help="audio files (WAV, FLAC, OGG, MP3: anything libsndfile reads), any rate or channel count",
    )
    where = run.add_mutually_exclusive_group()
    where.add_argument("--local", action="store_true", help="use the embedded local server even if a key is set")
    where.add_argument("--url", help="a Realtime websocket URL, e.g. ws://127.0.0.1:8765/v1/realtime")
    run.add_argument(
        "--mcp",
        action="append",
        default=[],
        metavar="SPEC",
        help="an MCP server: 'finance', 'devtools', a command line (stdio) or an http(s):// URL; repeatable",
    )
    run.add_argument(
        "--out",
        type=Path,
        help="write the run folder here (tables, summary, audio, config); it must be new or empty, so runs never mix",
    )
    run.add_argument("--overwrite", action="store_true", help="empty a --out folder that holds an earlier run first")
    run.add_argument(
        "--pace",
        choices=("realtime", "fast"),
        default="realtime",
        help="stream audio in real time (default) or as fast as possible",
    )
    run.add_argument(
        "--labels",
        type=Path,
        help="labels JSON with true speech spans (default: labels.json beside the audio, when it lists the file)",
    )
    run.add_argument("--model", help="Realtime model (default from the config: gpt-realtime-2.1)")
    run.add_argument("--voice", help="output voice")
    run.add_argument(
        "--text-only", action="store_true", help="ask for text answers instead of audio (the audio is still sent)"
    )
    run.add_argument(
        "--prices",
        type=Path,
        metavar="FILE",
        help="price overrides, JSON or TOML: {model: {text_in, text_cached, text_out, audio_in, audio_cached, "
        "audio_out}} in USD per 1M tokens (for models rtkit has no price for)",
    )

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


# -- run ---------------------------------------------------------------------------------------------------------
def _labels_for(path: Path, labels_file: Path | None) -> list[tuple[float, float]] | None:
    from rtkit.batch.files import speech_labels

    return speech_labels(path, labels_file)
    from .preflight import labels_for

    return labels_for(path, labels_file)


def _run(args: argparse.Namespace) -> int:
    from .preflight import check_run

    check_run(args.audio, args.labels, args.out)  # before any server starts
    if args.out is not None:
        from rtkit.metrics import run_folder

        run_folder.prepare(args.out, overwrite=args.overwrite)  # made and written to before the run, or refused
    return asyncio.run(_run_async(args))


async def _run_async(args: argparse.Namespace) -> int:
    from rtkit.mcp.bridge import MCPRealtimeBridge
    from rtkit.metrics.recorder import MetricsRecorder
    from rtkit.metrics.run_folder import save_run
    from rtkit.session.core import RealtimeSession

    from .config import RealtimeConfig

    overrides: dict[str, Any] = {}
    if args.model:
        overrides["model"] = args.model
    if args.voice:
        overrides["voice"] = args.voice
    if args.text_only:
        overrides["output_modality"] = "text"
    config = RealtimeConfig.from_env(**overrides)
    if args.local:
        config = config.replace(api_key=None, base_url=None, azure_endpoint=None)
    from .realtime.endpoints import endpoint_label, model_from_url

    if (named := model_from_url(args.url)) and not args.model:
        config = config.replace(model=named)
    prices = _load_prices(args.prices) if args.prices else None
    target = args.url or ("local server (in-process)" if config.uses_local_server else "OpenAI/Azure")
    print(f"rtkit {__version__}: model {config.model}, {target}, MCP: {', '.join(args.mcp) or 'none'}")

    hint = "add a price with --prices FILE (JSON or TOML, USD per 1M tokens; see rtkit run --help)"
    recorder = MetricsRecorder(config, prices=prices, pace=args.pace, price_hint=hint)
    bridge = MCPRealtimeBridge(args.mcp, config.mcp) if args.mcp else None
    session: RealtimeSession | None = None
    failure: BaseException | None = None
    try:
        async with _maybe(bridge):
            if bridge is not None:
                print(f"tools: {', '.join(t['name'] for t in bridge.tools())}")
            session = RealtimeSession(config, bridge=bridge, recorder=recorder, url=args.url)
            session.add_observer(_LivePrinter(session))
            async with session:
                assert session.client is not None
                recorder.set_run_info(endpoint=endpoint_label(session.client.url), mcp=list(args.mcp))
                for path in args.audio:
                    print(f"\n>> {path} ({'real time' if args.pace == 'realtime' else 'fast'})")
                    await session.run_file(path, pace=args.pace == "realtime", labels=_labels_for(path, args.labels))
    except (Exception, asyncio.CancelledError, KeyboardInterrupt) as exc:
        failure = exc
    finally:
        if session is not None and len(recorder):
            _print_tables(recorder)
            if args.out:
                save_run(args.out, recorder, session)
                if (samples := session.conversation.assistant_record.samples) > 0:
                    from rtkit.audio import samples_to_ms

                    seconds = samples_to_ms(samples) / 1000
                    print(f"\nassistant speech: {args.out / 'assistant.wav'} ({seconds:.1f} s)")
                ended = "" if failure is None else " (the run ended early: it holds what was recorded until then)"
                print(f"run folder: {args.out}{ended}")
    if isinstance(failure, asyncio.CancelledError | KeyboardInterrupt):
        raise KeyboardInterrupt
    if failure is not None:
        raise failure
    assert session is not None
    if not len(recorder.tracker.turns) and (loudest := _loudest_dbfs(session.input_record.read())) > SOUND_DBFS:
        print(
            f"rtkit run: error: no turn was recorded, yet the input holds sound (loudest 20 ms at {loudest:.0f} "
            "dBFS): the server detected no speech in it (too quiet for its turn detection?) or never answered",
            file=sys.stderr,
        )
        return 1
    return 0 if not session.unhandled_errors else 1


SOUND_DBFS = -60.0
"""Input louder than this somewhere is not silence: a run that records no turn from it failed."""


def _loudest_dbfs(pcm: Any) -> float:
    """The level of the loudest 20 ms frame of 24 kHz PCM16 (-inf for no audio)."""
    import numpy as np

    from .audio import ms_to_samples

    size = ms_to_samples(20)
    n = len(pcm) // size
    if not n:
        return float("-inf")
    frames = pcm[: n * size].reshape(n, size).astype(np.float64) / 32768.0
    return float(10 * np.log10(np.max(np.mean(frames * frames, axis=1)) + 1e-20))


def _load_prices(path: Path) -> dict[str, Any]:
    """Price overrides from JSON or TOML: ``{model: {text_in: ..., audio_out: ..., ...}}`` in USD per 1M tokens."""
    if not path.is_file():
        raise FileNotFoundError(f"prices file {path} does not exist")
    text = path.read_text()
    try:
        if path.suffix.lower() == ".toml":
            import tomllib

            data = tomllib.loads(text)
        else:
            data = json.loads(text)
    except ValueError as exc:
        raise ValueError(f"prices file {path}: {exc}") from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise ValueError(f"prices file {path}: expected {{model: {{field: USD per 1M tokens}}}}")
    return data


class _maybe:
    """``async with`` over an optional context manager."""

    def __init__(self, cm: Any | None) -> None:
        self.cm = cm

    async def __aenter__(self) -> Any:
        return await self.cm.__aenter__() if self.cm is not None else None

    async def __aexit__(self, *exc: Any) -> None:
        if self.cm is not None:
            await self.cm.__aexit__(*exc)


class _LivePrinter:
    """Prints the conversation as it happens: VAD, transcripts, tool calls and usage, from the client's events."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self.replaying = False
        self.out_of_band: set[str] = set()

    def __call__(self, direction: str, event: dict[str, Any], t: float, nbytes: int, in_ms: float, out_ms: float):
        etype = event.get("type")
        if etype in (ev.REPLAY_START, ev.REPLAY_END):
            self.replaying = etype == ev.REPLAY_START
        if etype == ev.RESPONSE_CREATED and (event.get("response") or {}).get("conversation_id", "") is None:
            self.out_of_band.add((event.get("response") or {}).get("id"))
        if self.replaying or event.get("response_id") in self.out_of_band:
            return  # the conversation replayed on a new connection, or a summary: already shown
        if direction == "local" and etype in (ev.RECONNECT, ev.RENEWAL, ev.FALLBACK_TEXT):
            fields = ", ".join(f"{k}={v}" for k, v in event.items() if k != "type")
            print(f"  [{etype.split('.', 1)[1]}] {fields}")
        if direction == "received":
            if etype in (ev.SPEECH_STARTED, ev.SPEECH_STOPPED):
                # the server counts from the start of its connection's audio; the user thinks in the file's time
                ms = event.get("audio_start_ms" if etype == ev.SPEECH_STARTED else "audio_end_ms")
                at = ms + self.session.input_offset_ms if isinstance(ms, int | float) else ms
                print(f"  [vad] speech {etype.rsplit('_', 1)[1]} at {at:.0f} ms of input audio")
            elif etype == ev.TRANSCRIPTION_COMPLETED:
                print(f"       user: {event.get('transcript', '')}")
            elif etype == ev.FUNCTION_ARGS_DONE:
                print(f"  [tool] {event.get('name')}({event.get('arguments')}) requested")
            elif etype in (ev.AUDIO_TRANSCRIPT_DONE, ev.TEXT_DONE):
                print(f"  assistant: {event.get('transcript') or event.get('text') or ''}")
            elif etype == ev.RESPONSE_DONE:
                print("  " + _usage_line(event.get("response") or {}))
            elif etype == ev.ERROR:
                err = event.get(ev.ERROR) or {}
                print(f"  [error] {err.get('code') or err.get('type')}: {err.get('message')}")
        elif direction == "sent" and etype == ev.ITEM_CREATE:
            item = event.get("item") or {}
            if item.get("type") == "function_call_output":
                call = next((c for c in self.session.result.tool_calls if c.call_id == item.get("call_id")), None)
                if call is not None:
                    status = "ok" if call.ok else ("timeout" if call.timed_out else f"error {call.error}")
                    print(f"  [tool] {call.name} -> {status} in {call.duration_ms:.1f} ms; output sent")


def _usage_line(response: dict[str, Any]) -> str:
    """Tokens of a finished response, with the audio each audio-token count stands for."""
    usage = response.get("usage") or {}
    din = usage.get("input_token_details") or {}
    dout = usage.get("output_token_details") or {}
    return (
        f"[usage] {response.get('status')}: in {usage.get('input_tokens', 0)} tokens "
        f"({din.get('audio_tokens', 0)} audio = {din.get('audio_tokens', 0) / 10:.1f} s at 10/s, "
        f"{din.get('cached_tokens', 0)} cached), out {usage.get('output_tokens', 0)} tokens "
        f"({dout.get('audio_tokens', 0)} audio = {dout.get('audio_tokens', 0) / 20:.1f} s at 20/s)"
    )


def _print_tables(recorder: Any) -> None:
    import pandas as pd

    turns = recorder.turns_df()
    if turns.empty:
        print("\nno turns recorded")
        return
    wanted = ("turn", "voice_to_voice_ms", "endpointing_ms", "ttfb_ms", "ttft_ms", "response_ms", "tool_ms")
    wanted += ("tool_roundtrip_ms", "transcription_ms", "tool_calls", "cost_usd")
    cols = [c for c in wanted if c in turns.columns]
    formats = {c: (lambda v: "-" if pd.isna(v) else f"{v:.1f}") for c in cols if c.endswith("_ms")}
    formats["cost_usd"] = lambda v: "-" if pd.isna(v) else f"${v:.4f}"
    from rtkit.metrics.pace import pace_note

    print(f"\nper-turn metrics{pace_note(recorder.pace)}:")
    print(turns[cols].to_string(index=False, formatters=formats, na_rep="-"))
    tools = recorder.tool_calls_df()
    if not tools.empty:
        print("\ntool calls:")
        cols = [
            c
            for c in ("turn", "name", "server", "ok", "cached", "tool_ms", "mcp_ms", "tool_roundtrip_ms")
            if c in tools
        ]
        print(tools[cols].to_string(index=False, float_format="{:.1f}".format, na_rep="-"))


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
            api_key=key,
            max_session_seconds=args.max_session_seconds,
            speech=not args.no_speech,
            script=script,
            recognizer=None if args.recognizer in (None, "auto") else args.recognizer,
            recognition_limit_s=args.recognition_limit,
        )

    from .local.server import event_loop

    try:
        event_loop.run(until_stopped())
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
