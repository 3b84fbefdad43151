"""How the test suite and the notebooks share two cores under pytest-xdist (``make test`` runs ``-n 4 --dist
loadgroup``); inert without xdist. The fixtures are in ``tests/conftest.py``, the helpers in ``tests/helpers.py``.

- **Groups.** A test that uses a module-scoped fixture runs on the worker that runs the rest of its module (the
  fixture starts once), the cells of a notebook on one worker in order, and the modules that decode speech in
  the test process (``SPEECH``) on one worker, so two of them never compete for the cores or load a second copy
  of the models. Every other test goes wherever a worker is free.
- **Order.** Slow work is handed out first, so the longest tests do not start last; realtime tests last, when
  little slow work is left to wait for.
- **Turns.** A ``realtime`` test (paced audio, a live browser microphone) keeps to real time only while no
  ``slow`` test (they start processes or decode speech, using more than one core) runs on another worker: it waits
  until none runs, and none starts while it runs. Realtime tests use little CPU, so they run beside each other and
  beside quick tests. Notebook cells count as slow.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pytest

SPEECH = (
    "test_speech.py",
    "test_spoken_corpus.py",
    "test_spoken_new_tools.py",
    "test_human_speech.py",
    "test_spotting.py",
)
"""Modules that load speech models in the test process and decode many utterances."""


def _xdist(config: pytest.Config) -> bool:
    return config.getoption("dist", "no") != "no" or "PYTEST_XDIST_WORKER" in os.environ


def _group(item: pytest.Item) -> str | None:
    """The xdist group ``item`` must share, or None when it can run anywhere."""
    if item.path.name in SPEECH:
        return "speech"
    module = item.path.relative_to(item.config.rootpath).as_posix()
    if item.path.suffix == ".ipynb":
        return module
    fixtures = getattr(item, "_fixtureinfo", None)
    defs = fixtures.name2fixturedefs.values() if fixtures is not None else ()
    if any(d[-1].scope in ("module", "class", "package") for d in defs if d):
        return module
    return None


def _slow(item: pytest.Item) -> bool:
    return item.get_closest_marker("slow") is not None or item.path.suffix == ".ipynb"


def _weight(item: pytest.Item) -> float:
    """A rough guess of seconds, for the order only; realtime tests go last."""
    if item.get_closest_marker("realtime") is not None:
        return 0.01
    if item.path.suffix == ".ipynb":
        return 3.0
    return 15.0 if _slow(item) else 0.5


def _join(item: pytest.Item, group: str) -> None:
    """Put ``item`` in ``group`` the way ``--dist loadgroup`` reads it: ``@GROUP`` at the end of its id.

    pytest-xdist does this itself for tests marked ``xdist_group``, by setting ``item._nodeid``, which pytest 9.2
    no longer reads (its ids are ``NodeId`` objects in ``item._id``); so it is done here, for either."""
    nodeid = f"{item.nodeid}@{group}"
    if isinstance(getattr(item, "_id", None), str) or not hasattr(item, "_id"):
        item._nodeid = nodeid  # type: ignore[attr-defined]
    else:
        from _pytest.nodeid import NodeId

        item._id = NodeId.parse(nodeid)  # type: ignore[attr-defined]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not _xdist(config):
        return
    scopes: dict[pytest.Item, str] = {}
    weight: dict[str, float] = {}
    for item in items:
        marked = item.get_closest_marker("xdist_group")
        group = str(marked.args[0]) if marked is not None and marked.args else _group(item)
        if group is not None and "PYTEST_XDIST_WORKER" in os.environ:
            _join(item, group)
        scopes[item] = scope = group or item.nodeid
        weight[scope] = weight.get(scope, 0.0) + _weight(item)
    items.sort(key=lambda item: -weight[scopes[item]])  # stable: collection order within a scope


class _Turns:
    """Two kinds of test that never run at the same time, each any number at once: slow tests, and realtime tests
    (these use little CPU, so several keep to real time side by side). A test takes its kind's file shared; to
    enter, it first waits, holding the gate, until nobody holds the other kind's file, so a stream of one kind cannot
    keep a waiting test of the other kind out."""

    def __init__(self, base: Path) -> None:
        # held for the whole run; in the run's temporary folder, which pytest removes a few runs later
        self.gate, self.slow, self.realtime = (
            open(base / f"{name}.lock", "a+") for name in ("gate", "slow", "realtime")
        )

    @staticmethod
    def _lock(file: IO[str], mode: int) -> None:
        fcntl.flock(file.fileno(), mode)

    @contextmanager
    def hold(self, realtime: bool) -> Iterator[None]:
        mine, other = (self.realtime, self.slow) if realtime else (self.slow, self.realtime)
        self._lock(self.gate, fcntl.LOCK_EX)
        try:
            self._lock(other, fcntl.LOCK_EX)  # returns once no test of the other kind runs
            self._lock(other, fcntl.LOCK_UN)
            self._lock(mine, fcntl.LOCK_SH)
        finally:
            self._lock(self.gate, fcntl.LOCK_UN)
        try:
            yield
        finally:
            self._lock(mine, fcntl.LOCK_UN)


_turns: _Turns | None = None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    global _turns
    basetemp = item.config.option.basetemp  # a worker's: a folder in the run's own, which the workers share
    realtime = item.get_closest_marker("realtime") is not None
    if "PYTEST_XDIST_WORKER" not in os.environ or not basetemp or not (realtime or _slow(item)):
        yield
        return
    if _turns is None:
        _turns = _Turns(Path(basetemp).parent)
    with _turns.hold(realtime):
        yield
