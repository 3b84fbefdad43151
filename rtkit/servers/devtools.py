"""Developer-tools MCP server for one folder: Python code analysis, tree, text search, git, file lines.

``python -m rtkit.servers.devtools [--root DIR] [--time-limit S] [--http [--port N]]`` (root defaults to the
current folder). Every path argument is relative to the root; ``..``, absolute paths outside the root and
symlinks leading out of it are refused. Git runs only on a repository inside the root, with the repository's
config unable to start programs; FIFOs, devices and files over 2 MB are skipped; every call is bounded in time
(``--time-limit``, default 4 s) and runs in a worker thread, so one slow call never blocks the next.
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import functools
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from mcp.server.mcpserver import MCPServer

from ._common import READ_ONLY, ToolError
from ._common import main as serve_main
from .sandbox import Deadline, compile_pattern, is_regular, read_text, run_git, search_line

SKIP_DIRS = {
    ".git",
    "__pycache__",
    ".venv",
    "venv",
    "node_modules",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
}
TIME_LIMIT_S = 4.0
"""Default per-call time limit: below the bridge's default 5 s timeout, so the server answers first."""
_T = TypeVar("_T")
_TODO = re.compile(r"#\s*(TODO|FIXME|XXX|HACK)\b[:\s]*(.*)", re.IGNORECASE)
_BRANCHES = (
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.With,
    ast.AsyncWith,
    ast.IfExp,
    ast.Assert,
    ast.match_case,
)


class Root:
    """The folder every tool is confined to."""

    def __init__(self, root: str | Path) -> None:
        self.path = Path(root).resolve()
        if not self.path.is_dir():
            raise FileNotFoundError(f"root {root} is not a folder")

    def resolve(self, rel: str | None, *, want: str | None = None) -> Path:
        """A path inside the root; ``ToolError`` for one outside (after following symlinks) or missing."""
        text = (rel or ".").strip() or "."
        if "\x00" in text or len(text) > 4096:
            raise ToolError(f"path {text[:80]!r} is not a usable path (NUL byte or longer than 4096 characters)")
        candidate = Path(text)
        full = candidate if candidate.is_absolute() else self.path / candidate
        try:
            real = full.resolve()
            real.exists()
        except (OSError, RuntimeError) as exc:  # a name too long, a symlink loop
            raise ToolError(f"path {text[:80]!r} cannot be used: {exc}") from None
        if not real.is_relative_to(self.path):
            how = "a symlink pointing outside" if full.is_symlink() or _via_symlink(self.path, full) else "outside"
            raise ToolError(f"path {text!r} is {how} the root {self.path}; only paths inside it are allowed")
        if not real.exists():
            raise ToolError(f"path {text!r} does not exist under the root {self.path}")
        if want == "file" and not real.is_file():
            raise ToolError(f"path {text!r} is not a file")
        if want == "dir" and not real.is_dir():
            raise ToolError(f"path {text!r} is not a folder")
        return real

    def rel(self, path: Path) -> str:
        return path.relative_to(self.path).as_posix() or "."

    def inside(self, path: Path) -> bool:
        try:
            return path.resolve().is_relative_to(self.path)
        except (OSError, RuntimeError):  # a symlink loop or a name too long leads nowhere usable
            return False

    def files(self, start: Path, pattern: str = "*", deadline: Deadline | None = None) -> list[Path]:
        """Regular files under ``start`` matching the glob, skipping caches, FIFOs, devices, sockets and
        anything leading out of the root."""
        if start.is_file():
            return [start]
        found = []
        for dirpath, dirnames, filenames in os.walk(start):
            if deadline is not None:
                deadline.check()
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if fnmatch.fnmatch(name, pattern) and self.inside(path) and is_regular(path):
                    found.append(path)
        return found


def _via_symlink(root: Path, full: Path) -> bool:
    probe = full
    while probe != root and probe != probe.parent:
        if probe.is_symlink():
            return True
        probe = probe.parent
    return False


# -- code analysis -------------------------------------------------------------------------------------------
def complexity(node: ast.AST) -> int:
    """Cyclomatic-style complexity: 1 + branches + boolean operators, not counting nested functions."""
    score = 1
    stack = list(ast.iter_child_nodes(node))
    while stack:
        child = stack.pop()
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            continue
        if isinstance(child, _BRANCHES):
            score += 1
        elif isinstance(child, ast.comprehension):
            score += 1 + len(child.ifs)
        elif isinstance(child, ast.BoolOp):
            score += len(child.values) - 1
        elif isinstance(child, ast.Try):
            score += len(child.handlers) + bool(child.orelse)
        stack.extend(ast.iter_child_nodes(child))
    return score


def analyze_source(source: str, name: str = "<source>") -> dict[str, Any]:
    """Functions, classes, complexity, TODOs and a syntax error (if any) of one Python source text."""
    lines = source.splitlines()
    todos = [
        {"line": i, "kind": m.group(1).upper(), "text": m.group(2).strip()}
        for i, line in enumerate(lines, 1)
        if (m := _TODO.search(line))
    ]
    out: dict[str, Any] = {"file": name, "lines": len(lines), "functions": [], "classes": [], "todos": todos}
    try:
        tree = ast.parse(source, filename=name)
    except SyntaxError as exc:
        out["syntax_error"] = {"line": exc.lineno, "column": exc.offset, "message": exc.msg}
        return out
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            methods = [n.name for n in node.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
            out["classes"].append({"name": node.name, "line": node.lineno, "methods": methods})
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            out["functions"].append(
                {
                    "name": node.name,
                    "line": node.lineno,
                    "end_line": node.end_lineno,
                    "args": len(node.args.args) + len(node.args.kwonlyargs) + len(node.args.posonlyargs),
                    "complexity": complexity(node),
                    "async": isinstance(node, ast.AsyncFunctionDef),
                    "docstring": ast.get_docstring(node) is not None,
                }
            )
    out["functions"].sort(key=lambda f: f["line"])
    out["classes"].sort(key=lambda c: c["line"])
    return out


def analyze(root: Root, path: str, top: int, deadline: Deadline | None = None) -> dict[str, Any]:
    deadline = deadline or Deadline(TIME_LIMIT_S, "analyze_code")
    target = root.resolve(path)
    if target.is_file() and target.suffix != ".py":
        raise ToolError(f"{path!r} is not a Python file")
    reports = []
    for f in root.files(target, "*.py", deadline):
        deadline.check()
        try:
            source = read_text(f)
        except ToolError:
            continue  # not a regular file, too large or not UTF-8
        reports.append(analyze_source(source, root.rel(f)))
    functions = [{**fn, "file": r["file"]} for r in reports for fn in r["functions"]]
    scores = [fn["complexity"] for fn in functions]
    return {
        "path": root.rel(target),
        "files": len(reports),
        "lines": sum(r["lines"] for r in reports),
        "functions": len(functions),
        "classes": sum(len(r["classes"]) for r in reports),
        "average_complexity": round(sum(scores) / len(scores), 2) if scores else 0.0,
        "most_complex": sorted(functions, key=lambda fn: -fn["complexity"])[:top],
        "undocumented_functions": sum(not fn["docstring"] for fn in functions),
        "todos": [{**t, "file": r["file"]} for r in reports for t in r["todos"]][:100],
        "syntax_errors": [{**r["syntax_error"], "file": r["file"]} for r in reports if "syntax_error" in r],
        "per_file": [
            {
                "file": r["file"],
                "lines": r["lines"],
                "functions": len(r["functions"]),
                "classes": len(r["classes"]),
            }
            for r in reports
        ][:200],
    }


# -- files ---------------------------------------------------------------------------------------------------
def tree(root: Root, path: str, max_depth: int, max_entries: int, deadline: Deadline | None = None) -> dict[str, Any]:
    deadline = deadline or Deadline(TIME_LIMIT_S, "project_tree")
    start = root.resolve(path, want="dir")
    lines: list[str] = []
    counts = {"dirs": 0, "files": 0}

    def walk(folder: Path, depth: int, prefix: str) -> None:
        deadline.check()
        try:
            entries = sorted(folder.iterdir(), key=lambda p: (not p.is_dir(), p.name.lower()))
        except OSError:
            return
        entries = [
            e
            for e in entries
            if e.name not in SKIP_DIRS and not e.name.startswith((".", "_build")) and not e.name.endswith(".egg-info")
        ]
        for entry in entries:
            if len(lines) >= max_entries:
                return
            outside = not root.inside(entry)
            is_dir = entry.is_dir() and not outside
            counts["dirs" if is_dir else "files"] += 1
            suffix = "/" if is_dir else (" -> (outside root)" if outside else "")
            lines.append(f"{prefix}{entry.name}{suffix}")
            if is_dir and depth < max_depth and not entry.is_symlink():
                walk(entry, depth + 1, prefix + "  ")

    walk(start, 1, "")
    return {
        "path": root.rel(start),
        "tree": "\n".join(lines),
        **counts,
        "truncated": len(lines) >= max_entries,
    }


def search(
    root: Root,
    query: str,
    path: str,
    glob: str,
    regex: bool,
    case_sensitive: bool,
    limit: int,
    deadline: Deadline | None = None,
) -> dict:
    deadline = deadline or Deadline(TIME_LIMIT_S, "search_text")
    if not query:
        raise ToolError("query must not be empty")
    pattern = compile_pattern(query, is_regex=regex, case_sensitive=case_sensitive)
    matches, files_searched = [], 0
    for f in root.files(root.resolve(path), glob, deadline):
        try:
            text = read_text(f)
        except ToolError:
            continue  # not a regular file, too large, binary or unreadable
        files_searched += 1
        for i, line in enumerate(text.splitlines(), 1):
            if search_line(pattern, line, deadline):
                matches.append({"file": root.rel(f), "line": i, "text": line.strip()[:200]})
                if len(matches) >= limit:
                    return {
                        "query": query,
                        "matches": matches,
                        "files_searched": files_searched,
                        "truncated": True,
                    }
    return {"query": query, "matches": matches, "files_searched": files_searched, "truncated": False}


def read_lines(root: Root, path: str, start: int, end: int | None, max_lines: int = 400) -> dict[str, Any]:
    target = root.resolve(path, want="file")
    if start < 1:
        raise ToolError(f"start must be 1 or more, got {start}")
    if end is not None and end < start:
        raise ToolError(f"end ({end}) must not be before start ({start})")
    lines = read_text(target).splitlines()
    last = min(len(lines), end or len(lines), start + max_lines - 1)
    chosen = [{"line": i, "text": lines[i - 1]} for i in range(start, last + 1)]
    return {"path": root.rel(target), "total_lines": len(lines), "start": start, "end": last, "lines": chosen}


# -- git -----------------------------------------------------------------------------------------------------
def git(root: Root, path: str, deadline: Deadline | None, *args: str) -> str:
    """``git ARGS`` on the repository holding ``path``, contained in the root (see :func:`sandbox.run_git`)."""
    start = root.resolve(path, want="dir")
    try:
        return run_git(root.path, start, list(args), deadline or Deadline(TIME_LIMIT_S, f"git {args[0]}"))
    except ToolError as exc:
        raise ToolError(f"git {args[0]} failed in {root.rel(start)!r}: {exc}") from None


def git_status_of(root: Root, path: str, deadline: Deadline | None = None) -> dict[str, Any]:
    out = git(
        root, path, deadline, "status", "--porcelain=v1", "--branch", "--untracked-files=normal",
        "--ignore-submodules=all",
    )  # fmt: skip
    branch, staged, unstaged, untracked = None, [], [], []
    for line in out.splitlines():
        if line.startswith("## "):
            branch = line[3:].split("...")[0]
            continue
        code, name = line[:2], line[3:]
        if code == "??":
            untracked.append(name)
            continue
        if code[0] not in " ?":
            staged.append({"file": name, "status": code[0]})
        if code[1] != " ":
            unstaged.append({"file": name, "status": code[1]})
    clean = not (staged or unstaged or untracked)
    return {
        "branch": branch,
        "clean": clean,
        "staged": staged,
        "unstaged": unstaged,
        "untracked": untracked[:200],
    }


def git_log_of(root: Root, path: str, limit: int, deadline: Deadline | None = None) -> dict[str, Any]:
    if not 1 <= limit <= 200:
        raise ToolError(f"limit must be between 1 and 200, got {limit}")
    fmt = "--pretty=format:%H%x1f%an%x1f%aI%x1f%s"
    out = git(root, path, deadline, "log", f"-n{limit}", "--no-show-signature", fmt)
    commits = []
    for line in out.splitlines():
        sha, author, date, subject = line.split("\x1f", 3)
        commits.append({"hash": sha[:12], "author": author, "date": date, "subject": subject})
    return {"commits": commits, "count": len(commits)}


# -- server --------------------------------------------------------------------------------------------------
async def bounded(limit_s: float, name: str, work: Callable[[Deadline], _T]) -> _T:
    """Run ``work`` in a worker thread within ``limit_s``. On expiry the call is answered with a ``ToolError``
    at once; the thread is abandoned and stops at its next deadline check (regex matching, file walks and git
    all check it), so the server keeps answering other calls."""
    deadline = Deadline(limit_s, name)
    try:
        with anyio.fail_after(limit_s):
            return await anyio.to_thread.run_sync(functools.partial(work, deadline), abandon_on_cancel=True)
    except TimeoutError:
        raise ToolError(f"{name} stopped after {limit_s:g} s (the per-call time limit)") from None


def build_server(root: Root, time_limit_s: float = TIME_LIMIT_S) -> MCPServer[Any]:
    """The MCP server with the six devtools tools, confined to ``root``, each call bounded by ``time_limit_s``."""
    server: MCPServer[Any] = MCPServer(
        "devtools", instructions=f"Code and git tools for {root.path}.", log_level="WARNING"
    )
    limit = time_limit_s

    @server.tool(annotations=READ_ONLY)
    async def analyze_code(path: str = ".", top: int = 10) -> dict[str, Any]:
        """Analyse Python code in a file or folder (relative to the project root): files, lines, functions,
        classes, average and highest cyclomatic complexity, undocumented functions, TODO/FIXME comments and
        syntax errors."""
        return await bounded(limit, "analyze_code", lambda d: analyze(root, path, max(1, min(top, 50)), d))

    @server.tool(annotations=READ_ONLY)
    async def project_tree(path: str = ".", max_depth: int = 3, max_entries: int = 200) -> dict[str, Any]:
        """The folder structure of the project (or a sub-folder), skipping caches and hidden folders."""
        depth, entries = max(1, min(max_depth, 10)), max(1, min(max_entries, 2000))
        return await bounded(limit, "project_tree", lambda d: tree(root, path, depth, entries, d))

    @server.tool(annotations=READ_ONLY)
    async def search_text(
        query: str,
        path: str = ".",
        glob: str = "*",
        regex: bool = False,
        case_sensitive: bool = False,
        max_results: int = 50,
    ) -> dict[str, Any]:
        """Search text files under a path for a string (or a regular expression with regex=true); returns
        file, line number and line for each match. glob limits the file names, e.g. '*.py'."""
        n = max(1, min(max_results, 500))
        return await bounded(
            limit, "search_text", lambda d: search(root, query, path, glob, regex, case_sensitive, n, d)
        )

    @server.tool(annotations=READ_ONLY)
    async def git_status(path: str = ".") -> dict[str, Any]:
        """Git status of the repository: branch, staged, unstaged and untracked files."""
        return await bounded(limit, "git_status", lambda d: git_status_of(root, path, d))

    @server.tool(annotations=READ_ONLY)
    async def git_log(limit: int = 10, path: str = ".") -> dict[str, Any]:
        """The most recent git commits (hash, author, date, subject), newest first."""
        return await bounded(time_limit_s, "git_log", lambda d: git_log_of(root, path, limit, d))

    @server.tool(annotations=READ_ONLY)
    async def read_file_lines(path: str, start: int = 1, end: int | None = None) -> dict[str, Any]:
        """Lines of a text file under the project root, numbered, from start to end (at most 400 lines)."""
        return await bounded(limit, "read_file_lines", lambda d: read_lines(root, path, start, end))

    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rtkit.servers.devtools", description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=".", help="folder the tools may read (default: current folder)")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=TIME_LIMIT_S,
        help=f"seconds one tool call may take before it is stopped (default {TIME_LIMIT_S:g})",
    )
    return serve_main("devtools", parser, argv, lambda args: build_server(Root(args.root), args.time_limit))


if __name__ == "__main__":
    sys.exit(main())
