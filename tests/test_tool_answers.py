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


def test_amounts_in_the_units_an_output_names_are_no_money():
    # Before: 'value is $26' (a distance in miles taken for dollars) and 'unit is mi'.
    converted = {"value": 26, "from_unit": "mi", "to_unit": "km", "result": 41.84}
    text = phrase_outputs([("convert_units", json.dumps(converted))])
    assert "26 mi" in text and "41.8 km" in text and "$" not in text, text
    weather = phrase_outputs([("local_weather", json.dumps({"temperature": 21, "unit": "celsius", "sky": "clear"}))])
    assert "21 celsius" in weather and "unit is" not in weather, weather
    # A conversion factor keeps no unit.
    assert "factor is 2.2" in phrase_outputs([("weights", json.dumps({"factor": 2.2, "from_unit": "kg"}))])


def test_a_figure_given_as_an_object_is_said_in_its_own_currency_or_unit():
    # Before: 'Price: amount $9.99 and currency INR' (an invented dollar beside the output's own currency).
    product = {"name": "Kettle", "price": {"amount": 1499, "currency": "INR"}}
    text = phrase_outputs([("get_product", json.dumps(product))])
    assert "₹1,499" in text and "$" not in text, text
    measured = {"input": {"value": 3, "unit": "kg"}, "output": {"value": 6.61, "unit": "lb"}}
    text = phrase_outputs([("convert_mass", json.dumps(measured))])
    assert "3 kg" in text and "6.6 lb" in text and "$" not in text, text
