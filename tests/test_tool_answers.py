"""Answers phrased from tool outputs state the right figures: the top of a ranking with the figure it is ranked
by, whole commit subjects (cut only at a clause), units and short labels of outputs from any tool."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from rtkit.local.model.phrasing import phrase_outputs
from rtkit.servers import devtools

REPO = Path(__file__).resolve().parent.parent


def code_tree(path: Path) -> devtools.Root:
    """A small package with functions of known complexity (a fixed tree: the answer does not move with this
    project's own size)."""
    pkg = path / "pkg"
    pkg.mkdir()
    branches = "\n".join(f"    if x == {i}:\n        return {i}" for i in range(12))
    (pkg / "busy.py").write_text(f"def route_request(x):\n{branches}\n    return -1\n")
    (pkg / "small.py").write_text("def add(a, b):\n    return a + b\n\n\ndef pick(a):\n    return a if a else 0\n")
    return devtools.Root(path)


def test_analyze_code_names_the_highest_complexity_and_its_function(tmp_path):
    result = devtools.analyze(code_tree(tmp_path), "pkg", 10)
    assert result["most_complex"][0]["name"] == "route_request"
    top = result["most_complex"][0]
    assert top["complexity"] == max(fn["complexity"] for fn in result["most_complex"])
    text = phrase_outputs([("analyze_code", json.dumps(result))])
    assert f"{top['name'].replace('_', ' ').strip()} with complexity {top['complexity']}" in text.replace("_", " "), (
        text
    )
    assert f"Most complex: {len(result['most_complex'])}" not in text, text
    assert "route request with complexity 13" in text.replace("_", " "), text


def _repo(path: Path, subjects: list[str]) -> devtools.Root:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", "init", "-q", str(path)], check=True, env=env)
    for i, subject in enumerate(subjects):
        (path / f"f{i}.txt").write_text(subject)
        subprocess.run(["git", "-C", str(path), "add", "."], check=True, env=env)
        subprocess.run(["git", "-C", str(path), "commit", "-q", "-m", subject], check=True, env=env)
    return devtools.Root(path)


def test_git_log_says_whole_subjects_or_whole_clauses(tmp_path):
    subjects = [
        "Keep the websocket open while the session renews its token",
        "Speed up recognition: batch the decoder calls",
        "Fix rounding of monthly totals in the budget planner",
    ]
    log = devtools.git_log_of(_repo(tmp_path, subjects), ".", 10)
    text = phrase_outputs([("git_log", json.dumps(log))])
    newest = subjects[-1]
    assert newest in text, text  # the latest commit, whole
    said = [s for s in subjects if s in text] + [
        s.split(":")[0] for s in subjects if ":" in s and s.split(":")[0] in text
    ]
    assert len(said) >= 2, text
    # Nothing said stops inside a subject's phrase: every subject fragment is whole or ends at a clause.
    for subject in subjects:
        for cut in range(1, len(subject.split())):
            fragment = " ".join(subject.split()[:cut])
            if f"{fragment}," in text or text.rstrip(".").endswith(fragment) or f"{fragment} and " in text:
                assert fragment == subject or subject[len(fragment)] == ":", (fragment, text)


def test_generic_output_keeps_units_and_short_labels():
    output = {"city": "Oslo", "temperature_c": 14, "conditions": "light rain"}
    text = phrase_outputs([("get_weather", json.dumps(output))])
    assert text == "Weather for Oslo: temperature is 14 degrees Celsius and conditions are light rain.", text
