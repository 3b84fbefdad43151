"""``rtkit run``: audio files through one Realtime session, the conversation printed as it happens, then the per-turn
latency and cost table and (with ``--out``) the run folder."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
from pathlib import Path
from typing import Any

from rtkit import __version__
from rtkit.realtime import events as ev


def add_parser(sub: Any) -> None:
    """Register ``run`` on the ``rtkit`` command's subparsers."""
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


def command(args: argparse.Namespace) -> int:
    """Run ``rtkit run``: check the inputs, prepare the run folder, then run the session."""
    from rtkit.preflight import check_run

    check_run(args.audio, args.labels, args.out)  # before any server starts
    if args.out is not None:
        from rtkit.metrics import run_folder

        run_folder.prepare(args.out, overwrite=args.overwrite)  # made and written to before the run, or refused
    return asyncio.run(_run_async(args))


async def _run_async(args: argparse.Namespace) -> int:
    from rtkit.batch.files import speech_labels
    from rtkit.config import RealtimeConfig
    from rtkit.mcp.bridge import MCPRealtimeBridge
    from rtkit.metrics.recorder import MetricsRecorder
    from rtkit.metrics.run_folder import save_run
    from rtkit.session.core import RealtimeSession

    overrides: dict[str, Any] = {}
    if args.model:
        overrides["model"] = args.model
    if args.voice:
        overrides["voice"] = args.voice
    if args.text_only:
        overrides["output_modality"] = "text"
    config = RealtimeConfig.from_env(**overrides)
    if args.local:
        config = config.local_only()
    from rtkit.realtime.endpoints import endpoint_label, model_from_url

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
        async with bridge if bridge is not None else contextlib.nullcontext():
            if bridge is not None:
                print(f"tools: {', '.join(t['name'] for t in bridge.tools())}")
            session = RealtimeSession(config, bridge=bridge, recorder=recorder, url=args.url)
            session.add_observer(_LivePrinter(session))
            async with session:
                assert session.client is not None
                recorder.set_run_info(endpoint=endpoint_label(session.client.url), mcp=list(args.mcp))
                for path in args.audio:
                    print(f"\n>> {path} ({'real time' if args.pace == 'realtime' else 'fast'})")
                    await session.run_file(path, pace=args.pace == "realtime", labels=speech_labels(path, args.labels))
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

    from rtkit.audio import ms_to_samples

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


class _LivePrinter:
    """Prints the conversation as it happens: VAD, transcripts, tool calls and usage, from the client's events."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self.replaying = False
        self.out_of_band: set[str] = set()

    def __call__(
        self, direction: str, event: dict[str, Any], t: float, nbytes: int, in_ms: float, out_ms: float
    ) -> None:
        etype = event.get("type")
        if etype in (ev.REPLAY_START, ev.REPLAY_END):
            self.replaying = etype == ev.REPLAY_START
        response = event.get("response") or {}
        if etype == ev.RESPONSE_CREATED and response.get("conversation_id", "") is None:
            self.out_of_band.add(response.get("id") or "")
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
    wanted = ["turn", "voice_to_voice_ms", "endpointing_ms", "ttfb_ms", "ttft_ms", "response_ms", "tool_ms"]
    wanted += ["tool_roundtrip_ms", "transcription_ms", "tool_calls", "cost_usd"]
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
