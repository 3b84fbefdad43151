"""Bounds for tools that touch a user's folder: time limits, safe file reads, bounded regex, contained git.

A voice agent runs whatever tool the model picks on folders the user points it at, so the folder is untrusted:
its files may be FIFOs or huge, a regex from the model may backtrack for ever, and a repository's own config
may name programs for git to run (``core.fsmonitor``, hooks, filters, pagers). Everything here fails with a
``ToolError`` naming the limit instead of blocking or running those programs.
"""

from __future__ import annotations

import os
import stat
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import regex

from ._common import ToolError

MAX_FILE_BYTES = 2_000_000
"""Larger files are skipped by searches and refused by reads."""
GIT_OVERRIDES = (
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "core.pager=cat",
    "core.askPass=",
    "core.sshCommand=",
    "core.untrackedCache=false",
    "core.editor=",
    "credential.helper=",
    "diff.external=",
    "gc.auto=0",
    "maintenance.auto=false",
    "log.showSignature=false",
    "protocol.allow=never",
    "submodule.recurse=false",
    "status.submoduleSummary=false",
)
"""``git -c`` settings that win over the repository's config: none of these may start a program."""
_FILTER_KEYS = ("clean", "smudge", "process")


@dataclass
class Deadline:
    """The time a tool call has left; long loops check it so an abandoned call also stops soon."""

    seconds: float
    """Time allowed for the whole call."""
    what: str = "the call"
    """Named in the error."""
    started: float = 0.0

    def __post_init__(self) -> None:
        self.started = self.started or time.monotonic()

    @property
    def left(self) -> float:
        return self.seconds - (time.monotonic() - self.started)

    def check(self) -> None:
        if self.left <= 0:
            raise ToolError(f"{self.what} stopped after {self.seconds:g} s (the per-call time limit)")


def read_text(path: Path, limit: int = MAX_FILE_BYTES) -> str:
    """A regular file's text; ``ToolError`` for FIFOs, devices, sockets, files over ``limit`` and non-UTF-8.

    The file is opened non-blocking and checked on the open descriptor, so a FIFO swapped in after a check on
    the name still cannot block the read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise ToolError(f"{path.name!r} cannot be opened: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ToolError(f"{path.name!r} is not a regular file (FIFO, device or socket); it is not read")
        if info.st_size > limit:
            raise ToolError(f"{path.name!r} is larger than {limit} bytes; it is not read")
        data = f.read(limit + 1)
    if len(data) > limit:
        raise ToolError(f"{path.name!r} is larger than {limit} bytes; it is not read")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ToolError(f"{path.name!r} is not a UTF-8 text file") from None


def is_regular(path: Path) -> bool:
    """True for a regular file (after symlinks); False for FIFOs, devices, sockets, folders and broken links."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def compile_pattern(query: str, *, is_regex: bool, case_sensitive: bool) -> regex.Pattern[str]:
    """The search pattern, compiled with the ``regex`` package: it takes a per-search timeout and releases
    the GIL while matching, so a catastrophic pattern neither runs for ever nor stalls the server's other calls
    (the standard ``re`` has neither)."""
    flags = regex.VERSION0 | (0 if case_sensitive else regex.IGNORECASE)
    try:
        return regex.compile(query if is_regex else regex.escape(query), flags)
    except (regex.error, OverflowError, ValueError) as exc:
        raise ToolError(f"query is not a valid regular expression: {exc}") from None


def search_line(pattern: regex.Pattern[str], line: str, deadline: Deadline) -> bool:
    """Whether ``pattern`` matches ``line``, giving up with a ``ToolError`` when the call's time is spent."""
    try:
        return pattern.search(line, timeout=max(deadline.left, 0.001)) is not None
    except TimeoutError:
        raise ToolError(
            f"the regular expression took longer than the {deadline.seconds:g} s limit on one line "
            "(catastrophic backtracking?); simplify it"
        ) from None


# -- git -----------------------------------------------------------------------------------------------------
def find_repository(root: Path, start: Path) -> tuple[Path, Path]:
    """(work tree, git dir) of the repository holding ``start``, searched upward but never above ``root``.

    ``ToolError`` when none is inside the root, or when its ``.git`` (a link or a ``gitdir:`` file) or its
    common dir leads outside the root.
    """
    probe = start
    while True:
        dot = probe / ".git"
        if dot.exists() or dot.is_symlink():
            return probe, _git_dir(root, dot)
        if probe == root or probe == probe.parent:
            raise ToolError(
                f"no git repository at or above {_rel(root, start)!r} inside the root (repositories that "
                "enclose the root are not used)"
            )
        probe = probe.parent


def _git_dir(root: Path, dot: Path) -> Path:
    target = dot.resolve()
    linked = False
    if target.is_file():  # a worktree or submodule: "gitdir: PATH"
        text = target.read_text(encoding="utf-8", errors="replace").strip()
        if not text.startswith("gitdir:"):
            raise ToolError(f"{_rel(root, dot)!r} is not a git directory or a 'gitdir:' file")
        target = (dot.parent / text.removeprefix("gitdir:").strip()).resolve()
        linked = _points_back(target, dot)
    common = target / "commondir"
    dirs = [target]
    if common.is_file():
        dirs.append((target / common.read_text(encoding="utf-8", errors="replace").strip()).resolve())
    # A linked worktree (``git worktree add``) keeps its git directory in the main repository, outside the root;
    # it is used only when that directory points back at this worktree, which a planted ``.git`` file cannot fake.
    for d in dirs:
        if not d.is_relative_to(root) and not linked:
            raise ToolError(f"the git directory of {_rel(root, dot.parent)!r} lies outside the root; not used")
    if not (target / "HEAD").exists():
        raise ToolError(f"{_rel(root, dot)!r} is not a git repository")
    return target


def _points_back(git_dir: Path, dot: Path) -> bool:
    """Whether ``git_dir`` is the administrative folder of the linked worktree whose ``.git`` file is ``dot``."""
    try:
        back = (git_dir / "gitdir").read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return False
    return Path(back).resolve() == dot.resolve()


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix() or "."
    except ValueError:
        return str(path)


def git_environment(root: Path) -> dict[str, str]:
    """A clean environment for git: no user or system config, no prompts, no pager, no optional locks, and
    no discovery above the root."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": "/nonexistent",
        "LANG": "C",
        "LC_ALL": "C",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_ATTR_NOSYSTEM": "1",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_OPTIONAL_LOCKS": "0",
        "GIT_PAGER": "cat",
        "PAGER": "cat",
        "GIT_CEILING_DIRECTORIES": str(root.parent),
        "GIT_NO_REPLACE_OBJECTS": "1",
    }
    return env


def run_git(root: Path, start: Path, args: list[str], deadline: Deadline) -> str:
    """Run ``git ARGS`` on the repository holding ``start`` (inside ``root``) with its config unable to run
    programs: the overrides above, plus every filter driver the config defines switched off."""
    work_tree, git_dir = find_repository(root, start)
    env = git_environment(root)
    base = ["git", "--no-pager", f"--git-dir={git_dir}", f"--work-tree={work_tree}"]
    overrides = [arg for o in GIT_OVERRIDES for arg in ("-c", o)]
    listing = ["git", f"--git-dir={git_dir}", "config", "--get-regexp", r"^filter\."]
    drivers = _call(listing, env, deadline, "config", ok=(0, 1))
    for line in drivers.splitlines():
        name = line.split(" ", 1)[0].removeprefix("filter.").rsplit(".", 1)[0]
        settings = [f"filter.{name}.{key}=" for key in _FILTER_KEYS] + [f"filter.{name}.required=false"]
        overrides += [arg for o in settings for arg in ("-c", o)]
    return _call([*base, *overrides, *args], env, deadline, args[0], cwd=work_tree)


def _call(
    argv: list[str], env: dict[str, str], deadline: Deadline, command: str, cwd: Path | None = None, ok=(0,)
) -> str:
    deadline.check()
    try:
        proc = subprocess.run(
            argv,
            capture_output=True,
            text=True,
            errors="replace",
            env=env,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            timeout=max(deadline.left, 0.01),
        )
    except FileNotFoundError:
        raise ToolError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise ToolError(f"git {command} took longer than the {deadline.seconds:g} s limit") from None
    if proc.returncode not in ok:
        raise ToolError(proc.stderr.strip()[-500:] or f"exit status {proc.returncode}")
    return proc.stdout
