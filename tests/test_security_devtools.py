"""Attacks on the devtools MCP server, reproduced for real through the bridge, and shown refused or contained.

Each attack is first shown to work on plain ``git`` (so the test cannot pass on a harmless setup), then run
through ``MCPRealtimeBridge(["devtools --root DIR"])``; after it the server must answer the next call within
the bridge's normal timeout.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from pathlib import Path

import pytest

from rtkit.mcp.bridge import MCPRealtimeBridge
from rtkit.servers import devtools
from rtkit.servers._common import ToolError

ID = ["-c", "user.name=T", "-c", "user.email=t@e", "-c", "commit.gpgsign=false"]


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=False)


def make_repo(path: Path, files: dict[str, str] | None = None) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    for name, text in (files or {"a.txt": "one\n"}).items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text)
    git(path, *ID, "add", "-A")
    assert git(path, *ID, "commit", "-q", "-m", f"first in {path.name}").returncode == 0
    return path


def touch_command(marker: Path) -> str:
    return f"touch {shlex.quote(str(marker))}; false"


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, dict[str, Path]]:
    """A root holding repositories whose config tries to run a program, each leaving its own marker."""
    root = tmp_path / "root"
    marks = {name: tmp_path / f"pwned-{name}" for name in ("fsmonitor", "include", "filter", "hook", "gpg", "pager")}

    fs = make_repo(root / "fsmonitor")
    git(fs, "config", "core.fsmonitor", touch_command(marks["fsmonitor"]))

    inc = make_repo(root / "include")
    (inc / ".git" / "evil.cfg").write_text(f'[core]\n\tfsmonitor = "{touch_command(marks["include"])}"\n')
    git(inc, "config", "include.path", "evil.cfg")

    flt = make_repo(root / "filter", {"data.txt": "x\n", ".gitattributes": "* filter=evil\n"})
    git(flt, "config", "filter.evil.clean", f"touch {shlex.quote(str(marks['filter']))}; cat")
    # The same size with other stat data: git must read the file, through the clean filter, to know whether it
    # changed (a different size would say so without reading it).
    (flt / "data.txt").write_text("y\n")

    hook = make_repo(root / "hook")
    hooks = hook / ".git" / "hooks"
    for name in ("post-index-change", "reference-transaction"):
        (hooks / name).write_text(f"#!/bin/sh\ntouch {shlex.quote(str(marks['hook']))}\n")
        (hooks / name).chmod(0o755)
    (hook / "a.txt").write_text("two\n")

    gpg = make_repo(root / "gpg")
    git(gpg, "config", "log.showSignature", "true")
    git(gpg, "config", "gpg.program", str(tmp_path / "fake-gpg"))
    (tmp_path / "fake-gpg").write_text(f"#!/bin/sh\ntouch {shlex.quote(str(marks['gpg']))}\nexit 1\n")
    (tmp_path / "fake-gpg").chmod(0o755)
    tree = git(gpg, "rev-parse", "HEAD^{tree}").stdout.strip()
    parent = git(gpg, "rev-parse", "HEAD").stdout.strip()
    signed = (
        f"tree {tree}\nparent {parent}\nauthor T <t@e> 0 +0000\ncommitter T <t@e> 0 +0000\n"
        "gpgsig -----BEGIN PGP SIGNATURE-----\n \n AAAA\n -----END PGP SIGNATURE-----\n\nsigned\n"
    )
    sha = subprocess.run(
        ["git", "-C", str(gpg), "hash-object", "-t", "commit", "-w", "--stdin"],
        input=signed,
        capture_output=True,
        text=True,
    ).stdout.strip()
    git(gpg, "update-ref", "HEAD", sha)  # a signed commit: log.showSignature makes git run gpg.program on it

    pager = make_repo(root / "pager")
    git(pager, "config", "core.pager", touch_command(marks["pager"]))
    git(pager, "config", "pager.log", touch_command(marks["pager"]))
    return root, marks


def test_plain_git_falls_for_the_config_attacks(hostile: tuple[Path, dict[str, Path]]) -> None:
    root, marks = hostile
    git(root / "fsmonitor", "status")
    git(root / "include", "status")
    git(root / "filter", "status")
    git(root / "gpg", "log", "-n1")
    assert marks["fsmonitor"].exists() and marks["include"].exists() and marks["filter"].exists()
    assert marks["gpg"].exists()


async def test_repository_config_cannot_run_programs(hostile: tuple[Path, dict[str, Path]]) -> None:
    root, marks = hostile
    async with MCPRealtimeBridge([f"devtools --root {shlex.quote(str(root))}"]) as bridge:
        for repo in ("fsmonitor", "include", "filter", "hook", "gpg", "pager"):
            status = await bridge.call("git_status", json.dumps({"path": repo}))
            assert status.ok, status.output
            log = await bridge.call("git_log", json.dumps({"path": repo, "limit": 5}))
            assert log.ok and json.loads(log.output)["commits"][0]["subject"], log.output
        assert json.loads((await bridge.call("git_status", '{"path": "filter"}')).output)["unstaged"] == [
            {"file": "data.txt", "status": "M"}
        ]
    assert not [name for name, mark in marks.items() if mark.exists()]


def test_git_environment_is_clean_and_bounded(tmp_path: Path) -> None:
    from rtkit.servers.sandbox import git_environment

    env = git_environment(tmp_path)
    assert env["GIT_CEILING_DIRECTORIES"] == str(tmp_path.parent)
    assert env["GIT_CONFIG_NOSYSTEM"] == "1" and env["GIT_CONFIG_GLOBAL"] == os.devnull
    assert not any(k in env for k in ("GIT_DIR", "GIT_WORK_TREE", "OPENAI_API_KEY", "SSH_AUTH_SOCK"))


def test_root_inside_a_larger_repository_sees_nothing_outside(tmp_path: Path) -> None:
    outer = make_repo(tmp_path / "outer", {"top_secret.txt": "s\n", "sub/folder/inner.py": "x = 1\n"})
    (outer / "untracked_outside.txt").write_text("u\n")
    root = devtools.Root(outer / "sub" / "folder")
    assert "untracked_outside.txt" in git(root.path, "status", "--porcelain").stdout  # plain git lists outside
    assert "first in outer" in git(root.path, "log").stdout  # plain git walks up into the parent's history
    for call in (lambda: devtools.git_status_of(root, "."), lambda: devtools.git_log_of(root, ".", 5)):
        with pytest.raises(ToolError, match="no git repository .* inside the root"):
            call()


def test_git_dir_leading_outside_is_refused(tmp_path: Path) -> None:
    elsewhere = make_repo(tmp_path / "elsewhere")
    root = tmp_path / "root"
    (root / "worktree").mkdir(parents=True)
    (root / "worktree" / ".git").write_text(f"gitdir: {elsewhere / '.git'}\n")
    (root / "linked").mkdir()
    (root / "linked" / ".git").symlink_to(elsewhere / ".git", target_is_directory=True)
    r = devtools.Root(root)
    for sub in ("worktree", "linked"):
        with pytest.raises(ToolError, match="outside the root"):
            devtools.git_log_of(r, sub, 5)


def test_core_worktree_cannot_point_outward(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "private.txt").write_text("p\n")
    repo = make_repo(tmp_path / "root")
    git(repo, "config", "core.worktree", str(outside))
    status = devtools.git_status_of(devtools.Root(repo), ".")
    assert "private.txt" not in json.dumps(status)


@pytest.fixture
def trap(tmp_path: Path) -> Path:
    """A root with a 40,000-character line, a FIFO named like a Python file, and escape routes."""
    root = tmp_path / "trap"
    root.mkdir()
    (root / "long.txt").write_text("a" * 40_000 + "!\n")
    (root / "ok.py").write_text("def f():\n    return 1\n")
    os.mkfifo(root / "pipe.py")
    (tmp_path / "secret.txt").write_text("needle outside\n")
    (root / "up").symlink_to(tmp_path)
    (root / "loop").symlink_to(root / "loop")
    return root


async def test_catastrophic_regex_and_fifo_do_not_freeze_the_server(trap: Path) -> None:
    spec = f"devtools --root {shlex.quote(str(trap))} --time-limit 1.5"
    async with MCPRealtimeBridge([spec]) as bridge:  # bridge timeout: the default 5 s
        slow = await bridge.call("search_text", json.dumps({"query": "(a+)+$", "regex": True}))
        body = json.loads(slow.output)
        assert not slow.ok and body["error"] == "tool_error" and "limit" in body["message"], slow.output
        nxt = await bridge.call("project_tree", "{}")
        assert nxt.ok and "pipe.py" in json.loads(nxt.output)["tree"]
        lines = await bridge.call("read_file_lines", '{"path": "ok.py"}')
        assert lines.ok and json.loads(lines.output)["total_lines"] == 2
        # the FIFO: skipped by walks, refused by reads, never opened for a blocking read
        analysis = await bridge.call("analyze_code", "{}")
        assert analysis.ok and json.loads(analysis.output)["files"] == 1
        found = await bridge.call("search_text", '{"query": "return", "glob": "*.py"}')
        assert found.ok and [m["file"] for m in json.loads(found.output)["matches"]] == ["ok.py"]
        fifo = await bridge.call("read_file_lines", '{"path": "pipe.py"}')
        assert not fifo.ok and "not a file" in json.loads(fifo.output)["message"]
        assert (await bridge.call("git_status", "{}")).output.count("no git repository") == 1
        assert (await bridge.call("project_tree", '{"max_depth": 1}')).ok


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("up/secret.txt", "symlink pointing outside"),
        ("../secret.txt", "outside the root"),
        ("/etc/passwd", "outside the root"),
        ("a\x00b", "NUL byte"),
        ("x" * 5000, "longer than 4096"),
        ("y" * 300 + "/z", "cannot be used|does not exist"),
        ("loop", "cannot be used|does not exist|not a file"),
        ("~/.ssh/id_rsa", "does not exist"),
        ("pipe.py", "not a file"),
    ],
)
def test_odd_paths_get_a_clear_refusal(trap: Path, path: str, words: str) -> None:
    with pytest.raises(ToolError, match=words):
        devtools.read_lines(devtools.Root(trap), path, 1, None)


def test_read_text_refuses_special_and_huge_files(trap: Path) -> None:
    from rtkit.servers.sandbox import read_text

    with pytest.raises(ToolError, match="not a regular file"):
        read_text(trap / "pipe.py")  # would block for ever with open().read()
    with pytest.raises(ToolError, match="not a regular file"):
        read_text(Path("/dev/zero"))
    with pytest.raises(ToolError, match="larger than 100 bytes"):
        read_text(trap / "long.txt", limit=100)


def test_a_genuine_linked_worktree_is_used(tmp_path: Path) -> None:
    main = make_repo(tmp_path / "main")
    assert git(main, "worktree", "add", "-q", str(tmp_path / "root" / "wt"), "-b", "side").returncode == 0
    log = devtools.git_log_of(devtools.Root(tmp_path / "root" / "wt"), ".", 5)
    assert log["commits"][0]["subject"] == "first in main"
