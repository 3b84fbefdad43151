"""A complete run folder, from the library: what ``rtkit run --out`` writes, for notebooks too.

``save_run(run_dir, recorder, session)`` writes the recorder's tables, ``summary.json`` and ``config.json``
(:func:`rtkit.metrics.export.save`) and, from the session, ``input.wav`` (the user's voice as streamed),
``assistant.wav`` and ``transcript.jsonl``. Audio is written block by block from the session's on-disk records, so
an hour-long run stays flat in memory. :func:`rtkit.metrics.report.load_run` reads the folder back.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from rtkit.metrics import export
from rtkit.metrics.timeline import Recording


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


def save_run(run_dir: str | Path, recorder: Recording, session: RecordedSession | None = None) -> Path:
    """Write a complete run folder: tables, summary and config from ``recorder``; with ``session``, its input and
    assistant audio (WAV) and its transcript (JSON lines). Returns the folder.

    >>> async with RealtimeSession(config, recorder=recorder) as session:
    ...     await session.run_file("data/portfolio_summary.wav")
    >>> save_run("runs/notebook", recorder, session)
    """
    out = Path(run_dir)
    out.mkdir(parents=True, exist_ok=True)
    export.save(recorder, out)
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
