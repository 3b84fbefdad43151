"""A pool of recognition worker processes, up to one per core by default, that replaces a worker when it dies.

One :class:`~rtkit.local.speech.worker.RecognizerWorker` decodes one utterance at a time, so with many sessions speaking
at once the utterances queue behind it while the other cores idle. The pool hands each utterance to an idle
worker, starting another one (up to its size) when all started ones are busy, else to the one with the fewest
calls in flight: a single session costs one process, many sessions get every core.

A worker whose process stops after it had loaded (killed, crashed, or hit by a Ctrl-C / Jupyter interrupt
meant for the parent) is replaced by a new one, with one warning, and the calls it held are sent again to its
replacement: no utterance is lost. A worker that stops before it loaded is not replaced (the model cannot
load; a new one would fail the same way): its calls fail with BrokenExecutor.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import BrokenExecutor, CancelledError, Future, InvalidStateError

import numpy as np

from rtkit.audio import ms_to_samples
from rtkit.local.speech.asr import check_engine
from rtkit.local.speech.slots import Slot
from rtkit.local.speech.worker import RecognizerWorker

__all__ = ["RecognizerPool", "machine_cores"]

log = logging.getLogger("rtkit.local")

_ATTEMPTS = 3  # one call is sent to at most this many workers in turn
_Words = tuple[list[str], list[Slot], bool]  # a call's vocabulary, slots and whether it takes the light path


def machine_cores() -> int:
    """Cores this process may run on (its CPU affinity where the platform tells it)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _all_of(futures: Sequence[Future[int]]) -> Future[list[int]]:
    """A future of every result of ``futures`` in order, or of the first exception among them."""
    out: Future[list[int]] = Future()
    left = [len(futures)]
    lock = threading.Lock()

    def done(_: Future[int]) -> None:
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
        self._in_flight = [0] * self.size
        self._closed = False
        self.restarts = 0
        """Workers replaced after their process stopped."""
        self.measured: Callable[[float, float, bool], None] | None = None
        """Told ``(seconds of audio, seconds it took, light path)`` after each call a worker answers."""

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
        return _all_of([w.start() for w in chosen])

    def transcribe(
        self, pcm: np.ndarray, vocabulary: Sequence[str] = (), slots: Sequence[Slot] = (), light: bool = False
    ) -> Future[str]:
        """Future of the transcript of ``pcm`` from the least busy worker (see the class docstring); ``light`` as
        for :meth:`~rtkit.local.speech.asr.Recognizer.recognize`."""
        if self._closed:
            raise BrokenExecutor("the recognizer pool is shut down")
        out: Future[str] = Future()
        words = (list(vocabulary), list(slots), light)
        self._send(out, np.ascontiguousarray(pcm, dtype=np.int16), words, _ATTEMPTS)
        return out

    def warm(self, vocabulary: Sequence[str]) -> Future[list[str]]:
        """Build the decoder for ``vocabulary`` in every started worker (the first use of new words is slow)."""
        quiet = np.zeros(ms_to_samples(250), dtype=np.int16)
        with self._lock:
            workers = [w for w in self._workers if w.started] or self._workers[:1]
        return _all_of([w.transcribe(quiet, list(vocabulary)) for w in workers])  # type: ignore[arg-type]

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
        return True

    # -- dispatch -------------------------------------------------------------------------------------------
    def _send(self, out: Future[str], pcm: np.ndarray, words: _Words, attempts: int) -> None:
        with self._lock:
            if self._closed:
                _settle(out, exc=BrokenExecutor("the recognizer pool is shut down"))
                return
            started = [i for i, w in enumerate(self._workers) if w.started]
            idle = [i for i in started if self._in_flight[i] == 0]
            fresh = [i for i, w in enumerate(self._workers) if not w.started]
            i = (idle or fresh or [min(range(self.size), key=self._in_flight.__getitem__)])[0]
            worker = self._workers[i]
            self._in_flight[i] += 1
        try:
            call = worker.transcribe(pcm, *words)
        except BrokenExecutor as exc:  # shut down between the choice and the call: replaced, then sent again
            self._finished(i, worker, exc, out, pcm, words, attempts)
            return
        # A caller that gives up (a refused response) cancels the call if the worker has not begun it.
        out.add_done_callback(lambda f: call.cancel() if f.cancelled() else None)
        call.add_done_callback(lambda f: self._finished(i, worker, f, out, pcm, words, attempts))

    def _finished(
        self,
        i: int,
        worker: RecognizerWorker,
        call: Future[str] | BaseException,
        out: Future[str],
        pcm: np.ndarray,
        words: _Words,
        attempts: int,
    ) -> None:
        with self._lock:
            self._in_flight[i] -= 1
        if out.done():  # the caller gave up on it (a cancelled session): nothing to deliver or resend
            return
        if isinstance(call, Future):
            if not call.cancelled() and call.exception() is None:
                _settle(out, result=call.result())
                return
            exc: BaseException = CancelledError() if call.cancelled() else call.exception()  # type: ignore[assignment]
        else:
            exc = call
        stopped = isinstance(exc, (BrokenExecutor, CancelledError))
        if stopped and not self._closed and attempts > 1 and self._replace(i, worker, exc):
            self._send(out, pcm, words, attempts - 1)
            return
        if isinstance(exc, CancelledError):
            exc = BrokenExecutor("the recognizer worker was shut down")
        _settle(out, exc=exc)

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
        fresh.start()
        log.warning("speech recognition worker process %d stopped (%s); started a new one", pid, exc)
        return True
