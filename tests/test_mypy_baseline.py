"""The type-error baseline check (tests/mypy_baseline.py), on made-up mypy output (mypy itself runs in make test)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import mypy_baseline
import pytest
from mypy_baseline import BASELINE, compare, errors, main

OUTPUT = [
    "rtkit/local/x.py:10: error: Item None has no attribute get  [union-attr]",
    "rtkit/local/x.py:10: note: see the docs",
    "rtkit/cli.py:5:3: error: Name error already defined on line 4  [no-redef]",
    "Found 2 errors in 2 files (checked 3 source files)",
]


def test_errors_drop_line_numbers_and_notes() -> None:
    found = errors(OUTPUT)
    assert found == {
        "rtkit/local/x.py: error: Item None has no attribute get  [union-attr]": 1,
        "rtkit/cli.py: error: Name error already defined on line N  [no-redef]": 1,
    }
    moved = [line.replace(":10:", ":99:").replace("line 4", "line 40") for line in OUTPUT]
    assert errors(moved) == found


def test_new_errors_fail_fixed_ones_must_leave_the_baseline_and_zero_packages_allow_none() -> None:
    baseline = errors(OUTPUT)
    assert compare(baseline, baseline) == ([], [])
    more = errors([*OUTPUT, "rtkit/local/y.py:1: error: bad  [misc]"])
    assert compare(more, baseline) == (["rtkit/local/y.py: error: bad  [misc]"], [])
    fewer = errors(OUTPUT[:1])
    assert compare(fewer, baseline)[1] == ["rtkit/cli.py: error: Name error already defined on line N  [no-redef]"]
    session = errors(["rtkit/session/core.py:3: error: oops  [misc]"])
    assert compare(session, session) == (["rtkit/session/core.py: error: oops  [misc]"], [])


def test_unfinished_mypy_output_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("mypy: error: cannot read config\n"))
    assert main([]) == 2


def test_the_baseline_is_empty_and_then_every_error_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert BASELINE.read_text() == "", "the package is at zero type errors: fix new ones, never add them here"
    empty = tmp_path / "mypy_baseline.txt"
    empty.write_text("")
    monkeypatch.setattr(mypy_baseline, "BASELINE", empty)
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(OUTPUT)))
    assert main([]) == 1
    monkeypatch.setattr(sys, "stdin", io.StringIO("Success: no issues found in 3 source files\n"))
    assert main([]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("Success: no issues found in 3 source files\n"))
    assert main(["--update"]) == 0 and empty.read_text() == ""
