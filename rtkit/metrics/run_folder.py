"""A complete run folder, from the library: what ``rtkit run --out`` writes, for notebooks too.

``save_run(run_dir, recorder, session)`` writes the recorder's tables, ``summary.json`` and ``config.json``
(:func:`rtkit.metrics.export.save`) and, from the session, ``input.wav`` (the user's voice as streamed),
``assistant.wav`` and ``transcript.jsonl``. Audio is written block by block from the session's on-disk records, so
an hour-long run stays flat in memory. :func:`rtkit.metrics.report.load_run` reads the folder back.

A run folder must be new or empty (:func:`prepare`), so one folder never mixes two runs' tables, audio and
transcripts: one rule for ``rtkit run``, ``rtkit batch``, ``rtkit eval``, :func:`save_run` and
``MetricsRecorder.save``. A folder that already holds a run is refused unless asked: ``overwrite``
(``--overwrite``) empties it first; ``resume`` (``--resume``) keeps it to add to. Anything else in a folder (not a
run's files) is never deleted. The folder is made and a file written into it before any work starts, so an
unwritable place fails at once.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Protocol

from rtkit.metrics import export
from rtkit.metrics.timeline import Recording

RUN_MARKERS = ("config.json", "summary.json", "files.csv", "events.csv", "turns.csv", "outcome.json")
"""Files one of which every run folder (run, batch, a batch's file) holds: what makes a folder safe to empty."""


class RunFolderError(ValueError):
    """The run folder cannot be used as asked; the message names the folder and what to do."""


def default_folder(kind: str) -> Path:
    """``runs/<kind>-<date>-<time>``: where a batch or an eval writes when no folder is named."""
    return Path("runs") / datetime.now().strftime(f"{kind}-%Y%m%d-%H%M%S")


def prepare(folder: str | os.PathLike[str], *, overwrite: bool = False, resume: bool = False) -> Path:
    """Make ``folder`` ready for a run and return it: created, writable, and empty unless ``resume``.

    A non-empty folder raises :class:`RunFolderError` unless ``overwrite`` (it is emptied, when it holds a run)
    or ``resume`` (kept as it is); ``resume`` on a folder that does not exist raises ``FileNotFoundError``."""
    out = Path(folder)
    if resume and not out.is_dir():
        raise FileNotFoundError(f"resume: run folder {out} does not exist")
    if out.exists() and not out.is_dir():
        raise RunFolderError(f"run folder {out} exists and is not a folder")
    entries = sorted(p.name for p in out.iterdir()) if out.is_dir() else []
    if entries and not resume:
        if not overwrite:
            shown = ", ".join(entries[:3]) + (", …" if len(entries) > 3 else "")
            raise RunFolderError(
                f"run folder {out} is not empty ({len(entries)} entries: {shown}); choose another folder, or "
                "overwrite it (--overwrite, overwrite=True) to empty it first"
            )
        if not any(name in RUN_MARKERS for name in entries):
            raise RunFolderError(f"run folder {out} holds files that are not a run's ({entries[0]}, …): not emptied")
        for name in entries:
            path = out / name
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".rtkit-write-check"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise RunFolderError(f"run folder {out} cannot be written: {exc.strerror or exc}") from None
    return out


class AudioFile(Protocol):
    """An audio record kept on disk (:class:`rtkit.session.record.AudioRecord`)."""

    @property
    def samples(self) -> int: ...

    def write_wav(self, path: str | Path) -> Path: ...


class Line(Protocol):
    """One transcript line (:class:`rtkit.TranscriptLine`)."""

    @property
    def role(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def item_id(self) -> str | None: ...

    @property
    def t(self) -> float: ...


class Records(Protocol):
    """What a session's conversation keeps (:class:`rtkit.Conversation`)."""

    @property
    def assistant_record(self) -> AudioFile: ...

    @property
    def transcript(self) -> Sequence[Line]: ...


class RecordedSession(Protocol):
    """What the run folder reads of a session (:class:`rtkit.RealtimeSession`)."""

    @property
    def input_record(self) -> AudioFile: ...

    @property
    def conversation(self) -> Records: ...


def save_run(
    run_dir: str | Path, recorder: Recording, session: RecordedSession | None = None, *, overwrite: bool = False
) -> Path:
    """Write a complete run folder: tables, summary and config from ``recorder``; with ``session``, its input and
    assistant audio (WAV) and its transcript (JSON lines). Returns the folder, which must be new or empty
    (``overwrite=True`` empties one that holds an earlier run first; see :func:`prepare`).

    >>> async with RealtimeSession(config, recorder=recorder) as session:
    ...     await session.run_file("data/portfolio_summary.wav")
    >>> save_run("runs/notebook", recorder, session)
    """
    out = export.save(recorder, run_dir, overwrite=overwrite)
    if session is None:
        return out
    if session.input_record.samples:
        session.input_record.write_wav(out / "input.wav")
    conversation = session.conversation
    if conversation.assistant_record.samples:
        conversation.assistant_record.write_wav(out / "assistant.wav")
    with open(out / "transcript.jsonl", "w") as f:
        for line in conversation.transcript:
            f.write(json.dumps({"role": line.role, "text": line.text, "item_id": line.item_id, "t": line.t}) + "\n")
    return out
