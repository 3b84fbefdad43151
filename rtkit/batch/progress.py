"""Progress of a batch: a tqdm bar (the notebook widget in Jupyter, text in a terminal) with files done, failures,
rate and ETA."""

from __future__ import annotations

from typing import Any

from rtkit.batch.job import FileOutcome


class Progress:
    """Counts finished files on a tqdm bar; ``enabled=False`` keeps the counts without drawing."""

    def __init__(
        self, total: int, done: int = 0, enabled: bool = True, desc: str = "batch", **tqdm_kwargs: Any
    ) -> None:
        from tqdm.auto import tqdm

        self.failed = 0
        self.bar = tqdm(total=total, initial=done, unit="file", desc=desc, disable=not enabled, **tqdm_kwargs)

    def __call__(self, outcome: FileOutcome) -> None:
        if not outcome.ok:
            self.failed += 1
            self.bar.write(f"failed: {outcome.file}: {outcome.error}")
        self.bar.set_postfix(failed=self.failed, refresh=False)
        self.bar.update(1)

    def close(self) -> None:
        self.bar.close()
