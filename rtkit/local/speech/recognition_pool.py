"""A pool of recognition worker processes, up to one per core by default, that replaces a worker when it dies.

Utterances wait in one queue. A worker that is loaded and idle takes its share of what waits (the queue over the
loaded workers, up to :data:`MAX_BATCH`) as one batch, which it recognises for far less than one at a time
(Moonshine's decoder reads all its weights for every token, one utterance or eight). When an utterance has to wait
while every started worker is busy, another worker starts (up to the pool's size); it takes work only once it has
loaded, so no utterance waits for a model to load while another worker could hear it. A single session costs one
process, many sessions get every core.

A worker whose process stops after it had loaded (killed, crashed, or hit by a Ctrl-C / Jupyter interrupt
meant for the parent) is replaced by a new one, with one warning, and the calls it held are sent again to its
replacement: no utterance is lost. A worker that stops before it loaded is not replaced (the model cannot
load; a new one would fail the same way): its calls fail with BrokenExecutor.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import BrokenExecutor, CancelledError, Future, InvalidStateError
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from rtkit.audio import SAMPLE_RATE, ms_to_samples
from rtkit.local.speech.asr import Call, check_engine
from rtkit.local.speech.slots import Slot
from rtkit.local.speech.worker import RecognizerWorker

__all__ = ["MAX_BATCH", "MAX_BATCH_AUDIO_S", "RecognizerPool", "machine_cores", "take_batch"]

log = logging.getLogger("rtkit.local")

_T = TypeVar("_T")
_ATTEMPTS = 3  # one call is sent to at most this many workers in turn

MAX_BATCH = 8
"""Most utterances a worker recognises as one batch: measured on Moonshine base, a decoding step of 8 rows costs
about 2.5 times one row (``bench/RESULTS.md``), and a batch's memory grows with its rows."""


@dataclass(eq=False)
class _Waiting:
    """An utterance in the pool's queue."""

    out: Future[str]
    call: Call
    attempts: int  # workers it may still be sent to


MAX_BATCH_AUDIO_S = 30.0
"""Most audio in one batch, counting every row as long as the longest (the decoder's batch is that wide): a worker's
memory grows with it (8 rows of 10 s took it past 600 MB; 8 of 3 s stay near 480 MB)."""


def take_batch(queue: deque[_Waiting], most: int = MAX_BATCH, audio_s: float = MAX_BATCH_AUDIO_S) -> list[_Waiting]:
    """Utterances from the front of ``queue``, in order: up to ``most``, and no more than ``audio_s`` seconds with
    each as long as the longest (one always goes); those whose caller gave up (a refused response cancels its
    recognition) are dropped."""
    batch: list[_Waiting] = []
    longest = 0
    while queue and len(batch) < most:
        waiting = queue[0]
        if waiting.out.done():
            queue.popleft()
            continue
        wider = max(longest, len(waiting.call.pcm))
        if batch and (len(batch) + 1) * wider > audio_s * SAMPLE_RATE:
            break
        batch.append(queue.popleft())
        longest = wider
    return batch


def machine_cores() -> int:
    """Cores this process may run on (its CPU affinity where the platform tells it)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _all_of(futures: Sequence[Future[_T]]) -> Future[list[_T]]:
    """A future of every result of ``futures`` in order, or of the first exception among them."""
    out: Future[list[_T]] = Future()
    left = [len(futures)]
    lock = threading.Lock()

    def done(_: Future[_T]) -> None:
        with lock:
            left[0] -= 1
            last = left[0] == 0
        if last and not out.done():
            for f in futures:
                if f.cancelled() or f.exception() is not None:
                    out.set_exception(f.exception() if not f.cancelled() else CancelledError())
                    return
            out.set_result([f.result() for f in futures])

    for f in futures:
        f.add_done_callback(done)
    return out


def _load_failed(worker: RecognizerWorker) -> bool:
    """True when ``worker`` started and could not load."""
    return _load_error(worker) is not None


def _load_error(worker: RecognizerWorker) -> BaseException | None:
    ready = worker.ready
    if ready is None or not ready.done():
        return None
    return CancelledError() if ready.cancelled() else ready.exception()


def _settle(out: Future[str], result: str | None = None, exc: BaseException | None = None) -> None:
    """Deliver a result unless the caller cancelled ``out`` meanwhile (a worker's thread races the cancel)."""
    try:
        if exc is not None:
            out.set_exception(exc)
        else:
            out.set_result(result or "")
    except InvalidStateError:
        pass


class RecognizerPool:
    """``size`` recognition worker processes (default: one per core, :func:`machine_cores`), each a
    :class:`~rtkit.local.speech.worker.RecognizerWorker` for ``model_dir`` and ``engine``.

    :meth:`transcribe` has the worker's contract: a future of the transcript; BrokenExecutor means no worker can
    serve (the model cannot load, or the pool is shut down), RuntimeError that the recognizer failed on this
    input.
    """

    def __init__(
        self, size: int | None = None, model_dir: str | os.PathLike[str] | None = None, *, engine: str | None = None
    ) -> None:
        if size is not None and size < 1:
            raise ValueError(f"a recognizer pool needs at least one worker, not {size}")
        self.size = size if size is not None else machine_cores()
        self.model_dir = str(model_dir) if model_dir is not None else None
        self.engine = check_engine(engine)
        self._lock = threading.Lock()
        self._workers = [self._worker() for _ in range(self.size)]
        self._busy = [False] * self.size
        self._queue: deque[_Waiting] = deque()
        self._watched: set[int] = set()  # ids of the workers whose loading ends in a dispatch
        self._closed = False
        self.restarts = 0
        """Workers replaced after their process stopped."""
        self.measured: Callable[[float, float, bool], None] | None = None
        """Told ``(seconds of audio, seconds it took, light path)`` after each batch a worker answers."""
        self.loaded: Callable[[int], None] | None = None
        """Told how many workers are loaded whenever that changes."""
        self._loaded = 0

    def _worker(self) -> RecognizerWorker:
        worker = RecognizerWorker(self.model_dir, engine=self.engine)
        worker.measured = self._measured
        return worker

    def _measured(self, audio_s: float, compute_s: float, light: bool) -> None:
        if self.measured is not None:
            self.measured(audio_s, compute_s, light)

    def __repr__(self) -> str:
        state = "shut down" if self._closed else f"{self.restarts} restarts"
        return f"RecognizerPool(size={self.size}, engine={self.engine!r}, model_dir={self.model_dir!r}, {state})"

    @property
    def closed(self) -> bool:
        """True after :meth:`shutdown`."""
        return self._closed

    @property
    def pids(self) -> list[int | None]:
        """Process id of each worker once it is ready (None before, or when it could not load)."""
        with self._lock:
            return [w.pid for w in self._workers]

    def start(self, workers: int = 1) -> Future[list[int]]:
        """Start the first ``workers`` workers (without waiting; the others start when utterances overlap); the
        future gives their pids once they have loaded, or the first load error (RuntimeError naming the
        problem, or BrokenExecutor)."""
        with self._lock:
            if self._closed:
                raise BrokenExecutor("the recognizer pool is shut down")
            chosen = self._workers[: max(1, workers)]
        return _all_of([self._start(w) for w in chosen])

    def _start(self, worker: RecognizerWorker) -> Future[int]:
        """Start ``worker`` (if needed); once it has loaded (or failed to), the queue is dispatched again."""
        ready = worker.start()
        with self._lock:
            first = id(worker) not in self._watched
            self._watched.add(id(worker))
        if first:
            ready.add_done_callback(lambda _: self._dispatch())
        return ready

    def transcribe(
        self,
        pcm: np.ndarray,
        vocabulary: Sequence[str] = (),
        slots: Sequence[Slot] = (),
        light: bool = False,
        busy: bool = False,
    ) -> Future[str]:
        """Future of the transcript of ``pcm``, from the first worker free to hear it (see the module docstring);
        ``light`` and ``busy`` as for :meth:`~rtkit.local.speech.asr.Recognizer.recognize`. Cancelling the future
        before a worker took it takes it out of the queue."""
        if self._closed:
            raise BrokenExecutor("the recognizer pool is shut down")
        out: Future[str] = Future()
        call = Call(np.ascontiguousarray(pcm, dtype=np.int16), list(vocabulary), list(slots), light, busy)
        with self._lock:
            self._queue.append(_Waiting(out, call, _ATTEMPTS))
        self._dispatch()
        return out

    @property
    def waiting(self) -> int:
        """Utterances queued for a worker (not yet sent to one)."""
        with self._lock:
            return sum(not item.out.done() for item in self._queue)

    def warm(self, vocabulary: Sequence[str]) -> Future[list[str]]:
        """Build the decoder for ``vocabulary`` in every started worker (the first use of new words is slow)."""
        quiet = np.zeros(ms_to_samples(250), dtype=np.int16)
        with self._lock:
            workers = [w for w in self._workers if w.started] or self._workers[:1]
        return _all_of([w.transcribe(quiet, list(vocabulary)) for w in workers])

    def shutdown(self) -> bool:
        """Stop every worker and reap its process; later calls raise BrokenExecutor. True if this call shut
        the pool down, False if it already was."""
        with self._lock:
            if self._closed:
                return False
            self._closed = True
            workers = list(self._workers)
        for w in workers:
            w.shutdown()
        with self._lock:
            waiting, self._queue = list(self._queue), deque()
        for item in waiting:
            _settle(item.out, exc=BrokenExecutor("the recognizer pool is shut down"))
        return True

    # -- dispatch -------------------------------------------------------------------------------------------
    def _dispatch(self) -> None:
        """Give the queue to the idle loaded workers, a batch each; start another worker when utterances wait and
        every started one is busy; fail the queue when no worker can load."""
        sends: list[tuple[int, RecognizerWorker, list[_Waiting]]] = []
        starting: RecognizerWorker | None = None
        failed: BaseException | None = None
        with self._lock:
            if self._closed:
                return
            # A worker takes its share of what waits, not all of it: the others come free soon, and a batch
            # ends all its utterances at once.
            share = -(-len(self._queue) // max(1, sum(w.pid is not None for w in self._workers)))
            for i, w in enumerate(self._workers):
                if self._queue and not self._busy[i] and w.pid is not None:
                    batch = take_batch(self._queue, min(MAX_BATCH, share))
                    if batch:
                        self._busy[i] = True
                        sends.append((i, w, batch))
            unwatched = [w for w in self._workers if w.started and id(w) not in self._watched]
            loaded = sum(w.pid is not None for w in self._workers)
            changed, self._loaded = loaded != self._loaded, loaded
            if any(not item.out.done() for item in self._queue):
                loading = [w for w in self._workers if w.started and w.pid is None and not _load_failed(w)]
                if not loading:
                    fresh = [w for w in self._workers if not w.started]
                    if fresh:
                        starting = fresh[0]
                    elif all(_load_failed(w) for w in self._workers if w.started):
                        failed = next((_load_error(w) for w in self._workers if _load_failed(w)), None)
        if changed and self.loaded is not None:
            self.loaded(loaded)
        if failed is not None:
            with self._lock:
                waiting, self._queue = list(self._queue), deque()
            for item in waiting:
                _settle(item.out, exc=BrokenExecutor(f"no recognizer worker could load: {failed}"))
        for w in unwatched:  # started elsewhere (a warm-up): its loading must end in a dispatch too
            try:
                self._start(w)
            except BrokenExecutor:
                pass
        if starting is not None:
            try:
                self._start(starting)
            except BrokenExecutor:
                pass  # shut down meanwhile
        for i, worker, batch in sends:
            self._send(i, worker, batch)

    def _send(self, i: int, worker: RecognizerWorker, batch: list[_Waiting]) -> None:
        try:
            call = worker.transcribe_many([item.call for item in batch])
        except BrokenExecutor as exc:  # shut down between the choice and the call: replaced, then sent again
            self._finished(i, worker, exc, batch)
            return

        def given_up(_: Future[str]) -> None:  # every caller gave up (refused responses): skip it if not begun
            if all(item.out.done() for item in batch):
                call.cancel()

        for item in batch:
            item.out.add_done_callback(given_up)
        call.add_done_callback(lambda f: self._finished(i, worker, f, batch))

    def _finished(
        self,
        i: int,
        worker: RecognizerWorker,
        call: Future[list[str | RuntimeError]] | BaseException,
        batch: list[_Waiting],
    ) -> None:
        with self._lock:
            self._busy[i] = False
        if isinstance(call, Future) and not call.cancelled() and call.exception() is None:
            for item, result in zip(batch, call.result(), strict=True):
                if isinstance(result, str):
                    _settle(item.out, result=result)
                else:
                    _settle(item.out, exc=result)
        else:
            if isinstance(call, Future):
                exc: BaseException = CancelledError() if call.cancelled() else call.exception()  # type: ignore[assignment]
            else:
                exc = call
            stopped = isinstance(exc, (BrokenExecutor, CancelledError))
            again = [item for item in batch if not item.out.done() and item.attempts > 1]
            if stopped and again and not self._closed and self._replace(i, worker, exc):
                with self._lock:  # to the front of the queue, in order, for the next worker free
                    self._queue.extendleft(_Waiting(x.out, x.call, x.attempts - 1) for x in reversed(again))
            else:
                again = []
            if isinstance(exc, CancelledError):
                exc = BrokenExecutor("the recognizer worker was shut down")
            resent = {id(item) for item in again}
            for item in batch:
                if id(item) not in resent:
                    _settle(item.out, exc=exc)
        self._dispatch()

    def _replace(self, i: int, worker: RecognizerWorker, exc: BaseException) -> bool:
        """Put a new worker in place of ``worker`` if its process stopped after loading; False if it never
        loaded (then no worker of this model can). True also when another call replaced it already."""
        pid = worker.pid
        with self._lock:
            if self._closed:
                return False
            if self._workers[i] is not worker:
                return True
            if pid is None:
                return False
            self._workers[i] = fresh = self._worker()
            self.restarts += 1
        worker.shutdown()  # reaps the stopped process
        self._start(fresh)
        log.warning("speech recognition worker process %d stopped (%s); started a new one", pid, exc)
        return True
