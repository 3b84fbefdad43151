"""The built wheel, installed into a fresh venv, runs the finance server and ``rtkit run`` from outside the
source tree (no PYTHONPATH, another working folder): the sample data ships inside the package.

Dependencies come from the package index through pip's cache; the first run on a machine takes minutes, so the
test has a long timeout of its own and runs once per suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "data" / "portfolio_summary.wav"

BRIDGE_CHECK = """
import asyncio, json
from rtkit.mcp.bridge import MCPRealtimeBridge

async def main():
    async with MCPRealtimeBridge(["finance"]) as bridge:
        result = await bridge.call("get_portfolio_summary", "{}")
        print(json.dumps({"ok": result.ok, "output": json.loads(result.output)}))

asyncio.run(main())
"""


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "OPENAI_", "AZURE_"))}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


@pytest.mark.install
@pytest.mark.timeout(1200)
def test_wheel_installs_and_runs_from_a_fresh_venv(tmp_path: Path) -> None:
    env = clean_env()
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(REPO), "-w", str(wheels)],
        check=True,
        env=env,
        cwd=tmp_path,
        capture_output=True,
    )
    [wheel] = wheels.glob("rtkit-*.whl")
    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(target)
    python = target / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, env=env, capture_output=True)

    work = tmp_path / "elsewhere"
    work.mkdir()
    where = subprocess.run(
        [str(python), "-c", "import rtkit, sys; print(rtkit.__file__); print(sys.flags.no_site)"],
        env=env,
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(target) in where.stdout and str(REPO) not in where.stdout  # the installed copy, not the source

    bridge = subprocess.run(
        [str(python), "-c", BRIDGE_CHECK], env=env, cwd=work, capture_output=True, text=True, timeout=300
    )
    assert bridge.returncode == 0, bridge.stderr
    result = json.loads(bridge.stdout.strip().splitlines()[-1])
    assert result["ok"] and result["output"]["total_value"] > 0

    out = work / "run"
    run = subprocess.run(
        [str(target / "bin" / "rtkit"), "run", str(SAMPLE), "--mcp", "finance", "--out", str(out), "--pace", "fast"],
        env=env,
        cwd=work,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "get_portfolio_summary" in run.stdout
    assert (out / "summary.json").is_file() and (out / "turns.csv").is_file()


def test_package_data_and_build_requirements_match_what_exists() -> None:
    import tomllib

    meta = tomllib.loads((REPO / "pyproject.toml").read_text())
    for pattern in meta["tool"]["setuptools"]["package-data"]["rtkit"]:
        assert list((REPO / "rtkit").glob(pattern)), f"package data {pattern!r} matches no file"
    requires = meta["build-system"]["requires"]
    if isinstance(meta["project"].get("license"), str):  # a PEP 639 SPDX string needs setuptools 77
        [setuptools] = [r for r in requires if r.startswith("setuptools")]
        assert int(setuptools.split(">=")[1].split(".")[0]) >= 77, setuptools
    from rtkit.servers import finance

    assert finance.DEFAULT_DATA.is_relative_to(REPO / "rtkit") and (finance.DEFAULT_DATA / "prices.csv").is_file()
