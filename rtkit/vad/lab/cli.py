"""``rtkit vad``: simulate turn detection on recordings, score it against labels, search settings."""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rtkit.vad.lab.labels import load_recordings
from rtkit.vad.lab.presets import PRESETS, Setting
from rtkit.vad.params import VADParams
from rtkit.vad.scorers import SCORERS, available_scorers

if TYPE_CHECKING:  # the search and its tables (pandas) load when the command runs, not for its parser
    import pandas as pd

EXAMPLES = """\
examples:
  rtkit vad data/two_turns.wav                                   # events under the service's defaults
  rtkit vad data/vad --threshold 0.4 --silence-ms 600            # one setting, scored against data/vad/labels.json
  rtkit vad data/vad --grid                                      # rank a grid of settings, presets alongside
  rtkit vad data/vad --labels data/vad/labels.json --grid --json # the same as one JSON object
"""

_SCORE_COLUMNS = [
    "missed_share",
    "false_starts",
    "early_cutoffs",
    "merged",
    "eot_delay_p50_ms",
    "eot_delay_p90_ms",
    "turns_per_utterance",
    "score",
]


def add_parser(sub: Any) -> None:
    """Register ``vad`` on the ``rtkit`` command's subparsers."""
    p = sub.add_parser(
        "vad",
        help="simulate, score and search turn-detection settings offline",
        description="Run the server-VAD state machine over a WAV file or a folder of them under one or more "
        "settings; with labels, score each setting (missed speech, false starts, early cut-offs, end-of-turn "
        "delay) and rank them.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "target",
        type=Path,
        metavar="FILE_OR_DIR",
        help="an audio file, or a folder of audio files (WAV, FLAC, OGG, MP3)",
    )
    p.add_argument("--labels", type=Path, help="labels.json (default: the one next to the audio, if any)")
    p.add_argument("--scorer", nargs="+", choices=list(SCORERS), help="frame scorer(s) (default: energy)")
    p.add_argument("--threshold", nargs="+", type=float, help="speech threshold(s), 0-1 (default: 0.5)")
    p.add_argument("--silence-ms", nargs="+", type=int, help="silence window(s) that end a turn (default: 200)")
    p.add_argument("--prefix-ms", nargs="+", type=int, help="prefix padding(s) in ms (default: 300)")
    p.add_argument("--grid", action="store_true", help="search a grid (unset values take the search's ranges)")
    p.add_argument("--random", type=int, metavar="N", help="search N random settings instead of a grid")
    p.add_argument("--top", type=int, default=15, help="rows of the ranking to print (default: 15)")
    p.add_argument("--json", action="store_true", help="print one JSON object with a row per setting")


def _settings(args: argparse.Namespace) -> list[Setting]:
    from rtkit.vad.lab.search import PREFIX_MS, SILENCE_MS, grid, random_settings

    if args.grid or args.random:
        scorers = args.scorer or available_scorers()
        if args.random:
            return random_settings(args.random, scorers)
        return grid(scorers, args.threshold, args.prefix_ms or PREFIX_MS, args.silence_ms or SILENCE_MS)
    d = VADParams()
    combos = itertools.product(
        args.scorer or ["energy"],
        args.threshold or [d.threshold],
        args.prefix_ms or [d.prefix_padding_ms],
        args.silence_ms or [d.silence_duration_ms],
    )
    return [Setting(s, VADParams(threshold=t, prefix_padding_ms=p, silence_duration_ms=q)) for s, t, p, q in combos]


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return _clean(value.item())
    return value


def _as_json(df: pd.DataFrame, labelled: bool) -> dict[str, Any]:
    rows = [{k: _clean(v) for k, v in row.items()} for row in df.to_dict("records")]
    return {"labelled": labelled, "settings": rows}


def _print_events(df: pd.DataFrame, labelled: bool) -> None:
    row = df.iloc[0]
    print(f"setting: {row['setting']}")
    for name, segs in row["segments"].items():
        spans = ", ".join(f"{s['start_ms']}-{s['end_ms']}{' (audio ended)' if s['at_end'] else ''}" for s in segs)
        print(f"  {name}: {len(segs)} turn(s) {spans}")
    if labelled:
        print("scores: " + ", ".join(f"{c}={_fmt(row[c])}" for c in _SCORE_COLUMNS))


def _fmt(value: Any) -> str:
    return f"{value:.3g}" if isinstance(value, float) else str(value)


def run(args: argparse.Namespace) -> int:
    """The ``rtkit vad`` command."""
    skipped: list[str] = []
    recordings = load_recordings(args.target, args.labels, skipped=skipped)
    code = _run(args, recordings)
    for problem in skipped:  # said last, where it is seen after the tables
        print(f"rtkit vad: skipped {problem}", file=sys.stderr)
    return 1 if skipped else code


def _run(args: argparse.Namespace, recordings: list[Any]) -> int:
    import pandas as pd

    from rtkit.vad.lab.search import FrameScoreCache, evaluate

    labelled = all(r.segments is not None for r in recordings)
    settings = _settings(args)
    cache = FrameScoreCache()
    searching = len(settings) > 1
    if labelled and searching:
        settings += [s for s in PRESETS.values() if s.scorer in {x.scorer for x in settings}]
    df = evaluate(recordings, settings, cache=cache)
    if args.json:
        print(json.dumps(_as_json(df, labelled)))
        return 0
    if not searching:
        _print_events(df, labelled)
        return 0
    columns = ["setting"] + (_SCORE_COLUMNS if labelled else [])
    table = df[columns].copy()
    if not labelled:
        table["turns"] = [sum(len(v) for v in segs.values()) for segs in df["segments"]]
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.precision", 3):
        print(table.head(args.top).to_string(index=False))
        presets = table[table["setting"].isin(PRESETS)]
        if labelled and len(presets):
            print("\npresets, scored the same way:")
            print(presets.to_string(index=False))
    return 0
