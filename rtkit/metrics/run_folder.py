"""Where a run folder may be written: one rule for ``rtkit run``, ``rtkit batch`` and ``MetricsRecorder.save``.

A run folder must be new or empty, so one folder never mixes two runs' tables, audio and transcripts. A folder
that already holds a run is refused unless asked: ``overwrite`` (``--overwrite``) empties it first; ``resume``
(``rtkit batch --resume``) keeps it to add to. Anything else in a folder (not a run's files) is never deleted.
The folder is created and a file written into it before any work starts, so an unwritable place fails at once.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

RUN_MARKERS = ("config.json", "summary.json", "files.csv", "events.csv", "turns.csv", "outcome.json")
"""Files one of which every run folder (run, batch, a batch's file) holds: what makes a folder safe to empty."""


class RunFolderError(ValueError):
    """The run folder cannot be used as asked; the message names the folder and what to do."""


def prepare(folder: str | os.PathLike[str], *, overwrite: bool = False, resume: bool = False) -> Path:
    """Make ``folder`` ready for a run and return it: created, writable, and empty unless ``resume``.

    A non-empty folder raises :class:`RunFolderError` unless ``overwrite`` (it is emptied, when it holds a run)
    or ``resume`` (kept as it is)."""
    out = Path(folder)
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
