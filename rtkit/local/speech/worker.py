"""A :class:`~rtkit.local.speech.asr.Recognizer` in a worker process (a fresh interpreter), so decoding does not
hold the caller's GIL; :mod:`rtkit.local.speech.recognition_pool` runs several."""

from __future__ import annotations

import logging
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import BrokenExecutor, Future
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import numpy as np

from rtkit.audio import SAMPLE_RATE
from rtkit.local.speech.asr import Call, Recognizer, check_engine
from rtkit.local.speech.slots import Slot

__all__ = ["RecognizerWorker"]

log = logging.getLogger("rtkit.local.speech.asr")

_WORKER_CODE = "from rtkit.local.speech.worker import _worker_main; _worker_main()"


def _worker_main() -> None:
    """Entry of a worker process: load a Recognizer and time it (``("ready", (pid, speed))``, speed as
    :meth:`Recognizer.speed` gives it), then answer each request on stdin (a list of
    :class:`~rtkit.local.speech.asr.Call`, recognised as one batch) with ``("ok", [(status, text or message), ...])``
    on stdout, one ``("ok", text)`` or ``("error", message)`` per call, until stdin closes."""
    # A Ctrl-C or a Jupyter interrupt is meant for the parent, which stops its worker by closing the pipe.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The protocol keeps the real stdout; anything else printed goes to stderr.
    out = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)
    inp = Connection(os.dup(0), writable=False)
    log.addHandler(logging.NullHandler())  # a load problem is logged by the parent, from the reply below
    log.propagate = False
    recognizer = Recognizer(sys.argv[1] or None, engine=sys.argv[2] or None)
    if not recognizer.available:
        out.send(("error", recognizer.problem))
        return
    try:
        speed = recognizer.speed()  # on this machine now: the backlog's first measurement, before any caller's
    except Exception:  # a timing that fails says nothing; the worker serves anyway
        speed = None
    out.send(("ready", (os.getpid(), speed)))
    while True:
        try:
            calls = [Call(*c) for c in inp.recv()]
        except EOFError:
            return
        results = recognizer.transcribe_many(calls)  # a call that fails is reported to its caller; the worker serves on
        reply = ("ok", [("ok", r) if isinstance(r, str) else ("error", f"{type(r).__name__}: {r}") for r in results])
        try:
            out.send(reply)
        except (BrokenPipeError, EOFError, OSError):  # the parent went away or closed the pool: stop quietly
            return


class _CallThread:
    """Runs calls one at a time, in order, on a daemon thread, each with its Future.

    Not a ThreadPoolExecutor: interpreter exit joins those threads, so a call waiting on a busy worker's pipe (and
    every call queued behind it) would hold up the exit of ``rtkit serve`` or a restarting notebook kernel. A
    daemon thread is not waited for; the worker process is killed by :meth:`RecognizerWorker.shutdown` instead.
    """

    def __init__(self, name: str) -> None:
        self._queue: queue.SimpleQueue[tuple[Future[Any], Any, tuple[Any, ...]] | None] = queue.SimpleQueue()
        threading.Thread(target=self._run, name=name, daemon=True).start()

    def submit(self, fn: Any, *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        self._queue.put((future, fn, args))
        return future

    def shutdown(self) -> None:
        """Cancel the calls not started; the thread ends after the one it runs."""
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is not None:
                item[0].cancel()
        self._queue.put(None)

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            future, fn, args = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(*args))
            except BaseException as exc:  # delivered to the caller, like an executor would
                future.set_exception(exc)


class RecognizerWorker:
    """A :class:`Recognizer` in a worker process, so decoding does not hold this process's GIL.

    The worker is a fresh interpreter (``python -c``), not a fork or a multiprocessing spawn: it imports only
    rtkit's recognizer, never the caller's main script, so scripts need no ``if __name__ == "__main__"`` guard.
    It serves one call at a time, keeps the Recognizer's per-vocabulary decoders, and exits when its input
    pipe closes (:meth:`shutdown`, or this process ending). ``model_dir`` and ``engine`` are as for
    :class:`Recognizer` (the engine is settled here, not in the worker).
    """

    def __init__(self, model_dir: str | os.PathLike[str] | None = None, *, engine: str | None = None) -> None:
        self.model_dir = str(model_dir) if model_dir is not None else None
        self.engine = check_engine(engine)
        self._lock = threading.Lock()
        self._calls: _CallThread | None = None  # one thread: requests and replies share one pipe pair
        self._ready: Future[int] | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._send: Connection | None = None
        self._recv: Connection | None = None
        self._closed = False
        self.measured: Callable[[float, float, bool], None] | None = None
        """Told ``(seconds of audio, seconds it took, light path)`` after each batch the worker answers that holds a
        ``busy`` utterance (one that waited beside others), and once when it has loaded (how long a typical batch
        took it then)."""

    def __repr__(self) -> str:
        state = "shut down" if self._closed else "started" if self._ready is not None else "not started"
        return f"RecognizerWorker(engine={self.engine!r}, model_dir={self.model_dir!r}, {state})"

    def start(self) -> Future[int]:
        """Start the process if needed (without waiting for it). The future gives the worker's pid once its
        Recognizer has loaded (~0.5 s), or raises RuntimeError naming the load problem, or BrokenExecutor if the
        process could not start or exited."""
        with self._lock:
            if self._closed:
                raise BrokenExecutor("the recognizer worker is shut down")
            if self._calls is None or self._ready is None:
                self._calls = _CallThread("rtkit-asr-worker")
                self._ready = self._calls.submit(self._launch)
            return self._ready

    @property
    def started(self) -> bool:
        """True once :meth:`start` (or a first call) has launched the process."""
        return self._ready is not None

    @property
    def ready(self) -> Future[int] | None:
        """The future :meth:`start` returned (None before the first start)."""
        return self._ready

    @property
    def pid(self) -> int | None:
        """The worker process's id once it is ready (None before, or when it could not load)."""
        ready = self._ready
        if ready is None or not ready.done() or ready.cancelled() or ready.exception() is not None:
            return None
        return ready.result()

    def transcribe(
        self,
        pcm: np.ndarray,
        vocabulary: Sequence[str] = (),
        slots: Sequence[Slot] = (),
        light: bool = False,
        busy: bool = False,
    ) -> Future[str]:
        """Future of :meth:`Recognizer.transcribe` run in the worker. BrokenExecutor (raised here or by the
        future) means the worker could not start, exited, or was shut down; RuntimeError, that the
        recognizer failed on this input."""
        batch = self.transcribe_many([Call(pcm, list(vocabulary), list(slots), light, busy)])
        out: Future[str] = Future()

        def done(f: Future[list[str | RuntimeError]]) -> None:
            if out.done():  # the caller cancelled it
                return
            if f.cancelled():
                out.cancel()
            elif f.exception() is not None:
                out.set_exception(f.exception())
            else:
                result = f.result()[0]
                out.set_exception(result) if isinstance(result, RuntimeError) else out.set_result(result)

        out.add_done_callback(lambda f: batch.cancel() if f.cancelled() else None)
        batch.add_done_callback(done)
        return out

    def transcribe_many(self, calls: Sequence[Call]) -> Future[list[str | RuntimeError]]:
        """Future of every call's transcript, recognised in the worker as one batch
        (:meth:`Recognizer.transcribe_many`), each a str or the RuntimeError naming why the recognizer failed on
        that input. BrokenExecutor (raised here or by the future) as for :meth:`transcribe`."""
        self.start()
        with self._lock:
            if self._calls is None:
                raise BrokenExecutor("the recognizer worker is shut down")
            batch = [
                c._replace(
                    pcm=np.ascontiguousarray(c.pcm, dtype=np.int16), vocabulary=list(c.vocabulary), slots=list(c.slots)
                )
                for c in calls
            ]
            return self._calls.submit(self._call, batch)

    @property
    def closed(self) -> bool:
        """True after :meth:`shutdown`."""
        return self._closed

    def shutdown(self) -> bool:
        """Stop the process at once, busy or not (calls not yet sent are cancelled, the one it runs fails with
        BrokenExecutor), and reap it; later calls raise BrokenExecutor. Never waits for a decode to finish.
        True if this call shut the worker down, False if it already was."""
        with self._lock:
            if self._closed:
                return False
            self._closed = True
            calls, proc, send, recv = self._calls, self._proc, self._send, self._recv
            self._calls = self._proc = self._send = self._recv = None
        if calls is not None:
            calls.shutdown()
        if send is not None:
            send.close()  # an idle worker exits at the end of its input
        if proc is not None:
            proc.terminate()  # a busy one is stopped mid-decode: its caller gets BrokenExecutor
            try:
                proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if recv is not None:
            recv.close()
        return True

    # -- in the call thread ---------------------------------------------------------------------------------
    def _launch(self) -> int:
        import rtkit

        env = dict(os.environ)
        package_root = str(Path(rtkit.__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
        try:
            proc = subprocess.Popen(
                [sys.executable, "-c", _WORKER_CODE, self.model_dir or "", self.engine],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=env,
            )
        except OSError as exc:
            raise BrokenExecutor(f"cannot start the recognizer worker: {exc}") from exc
        assert proc.stdin is not None and proc.stdout is not None
        send = Connection(os.dup(proc.stdin.fileno()), readable=False)
        recv = Connection(os.dup(proc.stdout.fileno()), writable=False)
        proc.stdin.close()
        proc.stdout.close()
        with self._lock:
            closed = self._closed
            if not closed:
                self._proc, self._send, self._recv = proc, send, recv
        if closed:  # shut down while starting
            send.close()
            recv.close()
            proc.wait()
            raise BrokenExecutor("the recognizer worker is shut down")
        status, value = self._exchange(None)
        if status != "ready":
            raise RuntimeError(value)
        pid, speed = value
        if speed is not None and self.measured is not None:
            audio_s, seconds = speed
            self.measured(float(audio_s), float(seconds), False)
        return int(pid)

    def _call(self, calls: list[Call]) -> list[str | RuntimeError]:
        started = time.monotonic()
        status, value = self._exchange([tuple(c) for c in calls])
        if status != "ok":
            raise RuntimeError(value)
        # A batch heard while nothing else waited may have spent spare capacity on the beam: its speed is not the
        # speed under load, which the backlog estimates (its first estimate is the worker's own calibration).
        if self.measured is not None and any(c.busy for c in calls):
            audio_s = sum(len(c.pcm) for c in calls) / SAMPLE_RATE
            self.measured(audio_s, time.monotonic() - started, all(c.light for c in calls))
        return [str(text) if ok == "ok" else RuntimeError(text) for ok, text in value]

    def _exchange(self, request: Any) -> tuple[str, Any]:
        """Send ``request`` (None: only read) and read the reply; BrokenExecutor if the worker is gone."""
        send, recv, proc = self._send, self._recv, self._proc
        if send is None or recv is None or proc is None:
            raise BrokenExecutor("the recognizer worker is shut down")
        try:
            if request is not None:
                send.send(request)
            status, value = recv.recv()
        except (EOFError, OSError) as exc:
            raise BrokenExecutor(f"the recognizer worker process stopped (exit status {proc.poll()})") from exc
        return status, value
