"""The example MCP servers: finance figures checked against the CSV files; devtools analysis, confinement."""

from __future__ import annotations

import asyncio
import csv
import json
import shlex
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from helpers import free_port

from rtkit.mcp.bridge import MCPRealtimeBridge
from rtkit.servers import devtools, finance
from rtkit.servers._common import ToolError

DATA = Path(__file__).resolve().parent.parent / "data" / "finance"


def rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def data() -> finance.FinanceData:
    return finance.load(DATA)


# -- finance -------------------------------------------------------------------------------------------------
def test_sample_data_is_plausible() -> None:
    tx = rows("transactions.csv")
    assert 130 <= len(tx) <= 200
    months = {r["date"][:7] for r in tx}
    assert len(months) >= 3
    assert any(float(r["amount"]) > 0 for r in tx) and any(float(r["amount"]) < 0 for r in tx)


def test_portfolio_values_from_csv(data: finance.FinanceData) -> None:
    latest: dict[str, tuple[str, float]] = {}
    for r in rows("prices.csv"):
        if r["symbol"] not in latest or r["date"] > latest[r["symbol"]][0]:
            latest[r["symbol"]] = (r["date"], float(r["close"]))
    positions = rows("positions.csv")
    value = sum(float(p["quantity"]) * latest[p["symbol"]][1] for p in positions)
    cost = sum(float(p["quantity"]) * float(p["cost_basis"]) for p in positions)
    summary = finance.portfolio_summary(data)
    assert summary["total_value"] == pytest.approx(value, abs=0.05)
    assert summary["unrealized_gain"] == pytest.approx(value - cost, abs=0.05)
    assert sum(a["pct"] for a in summary["allocation"].values()) == pytest.approx(100, abs=0.05)
    holdings = finance.holdings(data)
    assert {h["symbol"] for h in holdings} == {p["symbol"] for p in positions}
    assert sum(h["weight_pct"] for h in holdings) == pytest.approx(100, abs=0.05)


def test_categorisation_rules(data: finance.FinanceData) -> None:
    assert finance.categorize("WHOLE FOODS MARKET #10") == ("groceries", "whole foods")
    assert finance.categorize("ACME Corp PAYROLL") == ("income", "payroll")
    assert finance.categorize("Unknown shop") == ("other", None)
    result = finance.categorized(data, "2025-02", None)
    assert sum(c["count"] for c in result["categories"].values()) == result["transactions"]
    assert all(t["category"] == "other" for t in result["uncategorized"])


def test_spending_and_transactions_agree_with_csv(data: finance.FinanceData) -> None:
    expected: dict[str, float] = defaultdict(float)
    for r in rows("transactions.csv"):
        if finance.categorize(r["description"])[0] == "groceries":
            expected[r["date"][:7]] += -float(r["amount"])
    spent = finance.spending(data, None, "grocery")  # alias accepted
    assert spent["category"] == "groceries"
    assert {m: v["groceries"] for m, v in spent["by_month"].items()} == pytest.approx(dict(expected), abs=0.01)
    assert spent["total"] == pytest.approx(sum(expected.values()), abs=0.01)
    listed = finance.transactions(data, "2025-03", "groceries", 3)
    assert listed["count"] == sum(
        1
        for r in rows("transactions.csv")
        if r["date"].startswith("2025-03") and finance.categorize(r["description"])[0] == "groceries"
    )
    assert listed["shown"] == 3 and [t["date"] for t in listed["transactions"]] == sorted(
        (t["date"] for t in listed["transactions"]), reverse=True
    )


def test_budget_plan_50_30_20(data: finance.FinanceData) -> None:
    plan = finance.budget(data, 5000)
    assert plan["targets"] == {"needs": 2500.0, "wants": 1500.0, "savings": 1000.0}
    actual = plan["actual_monthly"]
    assert actual["needs"] + actual["wants"] + actual["savings"] == pytest.approx(5000, abs=0.05)
    own_income = finance.budget(data, None)
    income = sum(float(r["amount"]) for r in rows("transactions.csv") if float(r["amount"]) > 0)
    assert own_income["monthly_income"] == pytest.approx(income / len(data.months), abs=0.01)
    assert plan["advice"]


def test_rebalancing_trades_balance_out(data: finance.FinanceData) -> None:
    result = finance.rebalancing(data, "balanced", 0.0)
    signed = sum(t["amount"] * (1 if t["action"] == "buy" else -1) for t in result["trades"])
    assert signed == pytest.approx(0, abs=1.0)  # sells fund buys
    assert len(result["reasoning"]) == len(result["trades"]) + 1
    quiet = finance.rebalancing(data, "balanced", 50.0)
    assert quiet["trades"] == [] and "no trade" in quiet["reasoning"][0]


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda d: finance.transactions(d, "March", None, 5), "YYYY-MM"),
        (lambda d: finance.transactions(d, "2024-13", None, 5), "YYYY-MM"),
        (lambda d: finance.transactions(d, "2023-01", None, 5), "covers"),
        (lambda d: finance.transactions(d, None, None, 0), "limit"),
        (lambda d: finance.spending(d, None, "yachts"), "unknown category 'yachts'"),
        (lambda d: finance.budget(d, -5), "positive"),
        (lambda d: finance.rebalancing(d, "yolo", 5), "risk_profile"),
    ],
)
def test_finance_bad_input_is_named(data: finance.FinanceData, call, words: str) -> None:
    with pytest.raises(ToolError, match=words):
        call(data)


def test_finance_missing_data_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        finance.load(tmp_path / "nope")
    with pytest.raises(FileNotFoundError, match="positions.csv"):
        finance.load(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "rtkit.servers.finance", "--data", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2 and "does not exist" in proc.stderr


async def test_finance_over_streamable_http(data: finance.FinanceData) -> None:
    port = free_port()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "rtkit.servers.finance", "--http", "--port", str(port),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(200):
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.close()
                break
            except OSError:
                await asyncio.sleep(0.05)
        async with MCPRealtimeBridge([f"http://127.0.0.1:{port}/mcp"]) as bridge:
            assert "get_portfolio_summary" in {t["name"] for t in bridge.tools()}
            result = await bridge.call("get_portfolio_summary", "{}")
            assert result.ok and result.server == f"127.0.0.1:{port}"  # host and port, as a person knows it
            assert json.loads(result.output)["total_value"] == finance.portfolio_summary(data)["total_value"]
    finally:
        proc.terminate()
        await proc.wait()


# -- devtools ------------------------------------------------------------------------------------------------
SAMPLE = '''"""Sample module."""


def simple(x):
    return x


def branchy(a, b, *, c=None):
    # TODO: split this up
    if a and b:
        return 1
    for i in range(3):
        if i > a or c:
            continue
    try:
        pass
    except ValueError:
        pass
    return 0


class Widget:
    def method(self):  # FIXME wrong name
        return [y for y in range(3) if y]
'''


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "sample.py").write_text(SAMPLE)
    (root / "pkg" / "broken.py").write_text("def oops(:\n    pass\n")
    (root / "notes.txt").write_text("alpha\nneedle here\ngamma\n")
    secret = tmp_path / "outside"
    secret.mkdir()
    (secret / "secret.txt").write_text("needle outside\n")
    (root / "link_out").symlink_to(secret, target_is_directory=True)
    (root / "file_link.txt").symlink_to(secret / "secret.txt")
    return root


def test_analyze_source_counts() -> None:
    report = devtools.analyze_source(SAMPLE, "sample.py")
    funcs = {f["name"]: f for f in report["functions"]}
    assert set(funcs) == {"simple", "branchy", "method"}
    assert funcs["simple"]["complexity"] == 1
    # if + and + for + if + or + except = 6 decision points
    assert funcs["branchy"]["complexity"] == 7 and funcs["branchy"]["args"] == 3
    assert funcs["method"]["complexity"] == 3  # comprehension + its if
    lines = SAMPLE.splitlines()

    def line_of(text: str) -> int:
        return next(i for i, line in enumerate(lines, 1) if text in line)

    assert report["classes"] == [{"name": "Widget", "line": line_of("class Widget"), "methods": ["method"]}]
    todos = [(t["kind"], t["line"], t["text"]) for t in report["todos"]]
    assert todos == [
        ("TODO", line_of("# TODO"), "split this up"),
        ("FIXME", line_of("# FIXME"), "wrong name"),
    ]
    broken = devtools.analyze_source("def oops(:\n", "broken.py")
    assert broken["syntax_error"]["line"] == 1


def test_analyze_folder_tree_search_and_lines(project: Path) -> None:
    root = devtools.Root(project)
    report = devtools.analyze(root, "pkg", 5)
    assert report["files"] == 2 and report["functions"] == 3 and report["classes"] == 1
    assert report["most_complex"][0]["name"] == "branchy"
    assert report["syntax_errors"][0]["file"] == "pkg/broken.py"
    tree = devtools.tree(root, ".", 3, 100)["tree"]
    assert "pkg/" in tree and "  sample.py" in tree and "link_out -> (outside root)" in tree
    found = devtools.search(root, "needle", ".", "*", False, False, 10)
    assert [m["file"] for m in found["matches"]] == ["notes.txt"]  # the symlinked copy outside is not read
    lines = devtools.read_lines(root, "notes.txt", 2, 3)
    assert [x["text"] for x in lines["lines"]] == ["needle here", "gamma"]


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("../outside/secret.txt", "outside the root"),
        ("pkg/../../outside/secret.txt", "outside the root"),
        ("/etc/passwd", "outside the root"),
        ("link_out/secret.txt", "symlink pointing outside"),
        ("file_link.txt", "symlink pointing outside"),
        ("missing.txt", "does not exist"),
    ],
)
def test_paths_confined_to_root(project: Path, path: str, words: str) -> None:
    with pytest.raises(ToolError, match=words):
        devtools.read_lines(devtools.Root(project), path, 1, None)


def test_git_status_and_log(project: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True)

    root = devtools.Root(project)
    with pytest.raises(ToolError, match="git status failed"):
        devtools.git_status_of(root, ".")
    git("init", "-q", "-b", "main")
    git("-c", "user.name=T", "-c", "user.email=t@e", "add", "pkg")
    git("-c", "user.name=T", "-c", "user.email=t@e", "commit", "-q", "-m", "first commit")
    (project / "pkg" / "sample.py").write_text(SAMPLE + "\n# more\n")
    status = devtools.git_status_of(root, ".")
    assert status["branch"] == "main" and not status["clean"]
    assert status["unstaged"] == [{"file": "pkg/sample.py", "status": "M"}]
    assert "notes.txt" in status["untracked"]
    log = devtools.git_log_of(root, ".", 5)
    assert log["count"] == 1 and log["commits"][0]["subject"] == "first commit"
    with pytest.raises(ToolError, match="limit"):
        devtools.git_log_of(root, ".", 0)


async def test_devtools_server_refuses_escapes(project: Path) -> None:
    spec = f"devtools --root {shlex.quote(str(project))}"
    async with MCPRealtimeBridge([spec]) as bridge:
        assert {t["name"] for t in bridge.tools()} == {
            "analyze_code", "project_tree", "search_text", "git_status", "git_log", "read_file_lines",
        }  # fmt: skip
        ok = await bridge.call("read_file_lines", '{"path": "notes.txt"}')
        assert ok.ok and json.loads(ok.output)["total_lines"] == 3
        for path in ("../outside/secret.txt", "link_out/secret.txt", "/etc/passwd"):
            refused = await bridge.call("read_file_lines", json.dumps({"path": path}))
            body = json.loads(refused.output)
            assert not refused.ok and body["error"] == "tool_error" and "root" in body["message"]
            assert "needle outside" not in refused.output
        analysis = await bridge.call("analyze_code", '{"path": "pkg"}')
        assert json.loads(analysis.output)["functions"] == 3
