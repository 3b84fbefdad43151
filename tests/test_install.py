"""Packaging: the wheel, built once per run from the source tree (in pip's isolated build environment, so the
declared build requirements are what builds it), carries every subpackage, every package-data file and the
``rtkit`` entry point; installed into a new venv it runs the finance server and ``rtkit run`` from outside the
source tree (no PYTHONPATH, another working folder); and the declared dependencies cover everything the package
imports.

The new venv sees the project venv's packages through a ``.pth`` line (like ``--system-site-packages``, but of
this venv rather than of the base interpreter) and gets the wheel with ``pip install --no-deps``: rtkit itself comes
only from the wheel, while its dependencies are not downloaded and unpacked again. What a fresh ``pip install``
would add, that every import is declared, is checked from the metadata instead
(:func:`test_declared_dependencies_cover_what_the_package_imports`).
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import sysconfig
import tomllib
import venv
import zipfile
from collections.abc import Iterator
from importlib.metadata import distribution, packages_distributions
from pathlib import Path

import pytest
from helpers import DATA, ROOT, clean_env
from packaging.requirements import Requirement

SAMPLE = DATA / "portfolio_summary.wav"
META = tomllib.loads((ROOT / "pyproject.toml").read_text())

BRIDGE_CHECK = """
import asyncio, json
from rtkit.mcp.bridge import MCPRealtimeBridge

async def main():
    async with MCPRealtimeBridge(["finance"]) as bridge:
        result = await bridge.call("get_portfolio_summary", "{}")
        print(json.dumps({"ok": result.ok, "output": json.loads(result.output)}))

asyncio.run(main())
"""

# What the package's users load: the public names (rtkit's lazy export table), the command and the servers.
PUBLIC_IMPORTS = """
import json, sys
import rtkit, rtkit.cli, rtkit.servers.finance, rtkit.servers.devtools
for name in rtkit.__all__:
    getattr(rtkit, name)
print(json.dumps(sorted(m for m in sys.modules if m == "rtkit" or m.startswith("rtkit."))))
"""


def install_env() -> dict[str, str]:
    """A new user's shell: no PYTHON* or VIRTUAL_ENV variables, no OpenAI or Azure settings."""
    env = clean_env(("PYTHON", "VIRTUAL_ENV", "OPENAI_", "AZURE_"))
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The wheel built from this tree, once for the tests below."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(ROOT), "-w", str(out)],
        check=True,
        env=install_env(),
        cwd=out,
        capture_output=True,
    )
    [built] = out.glob("rtkit-*.whl")
    yield built


def test_wheel_holds_every_module_the_package_data_and_the_entry_point(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "rtkit").rglob("*.py")}
    assert not modules - names, f"modules missing from the wheel: {sorted(modules - names)}"
    for pattern in META["tool"]["setuptools"]["package-data"]["rtkit"]:
        files = {p.relative_to(ROOT).as_posix() for p in (ROOT / "rtkit").glob(pattern)}
        assert files and not files - names, f"package data {pattern!r} missing from the wheel: {files - names}"
    [entry_points] = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    scripts = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "rtkit = rtkit.cli:main" in scripts, scripts


@pytest.mark.install
@pytest.mark.slow
@pytest.mark.timeout(600)
def test_wheel_installs_and_runs_from_a_new_venv(wheel: Path, tmp_path: Path) -> None:
    env = install_env()
    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(target)
    python = target / "bin" / "python"
    work = tmp_path / "elsewhere"
    work.mkdir()

    def run_python(code: str) -> str:
        """``code`` run by the new venv's python in another folder, as a new user's shell runs it; its output."""
        done = subprocess.run([str(python), "-c", code], env=env, cwd=work, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stdout

    site = run_python("import sysconfig; print(sysconfig.get_paths()['purelib'])").strip()
    (Path(site) / "_project_venv.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    # --ignore-installed: the project venv's own (editable) rtkit is neither consulted nor touched
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--ignore-installed", str(wheel)],
        check=True,
        env=env,
        capture_output=True,
    )

    where = run_python("import rtkit; print(rtkit.__file__)")
    assert where.startswith(site) and str(ROOT) not in where  # the installed copy, not the source

    result = json.loads(run_python(BRIDGE_CHECK).strip().splitlines()[-1])
    assert result["ok"] and result["output"]["total_value"] > 0

    out = work / "run"
    run = subprocess.run(
        [str(target / "bin" / "rtkit"), "run", str(SAMPLE), "--mcp", "finance", "--out", str(out), "--pace", "fast"],
        env=env,
        cwd=work,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "get_portfolio_summary" in run.stdout
    assert (out / "summary.json").is_file() and (out / "turns.csv").is_file()


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def required(names: list[str]) -> set[str]:
    """The distributions ``names`` (requirement strings) need, as installed here: themselves and everything they
    require in turn, with the extras asked for (normalised names; requirements behind a marker that does not
    hold are left out)."""
    todo = [Requirement(n) for n in names]
    found: set[str] = set()
    seen: set[tuple[str, str]] = set()
    while todo:
        req = todo.pop()
        name = normalized(req.name)
        extras = {"", *req.extras}
        if {(name, e) for e in extras} <= seen:
            continue
        seen |= {(name, e) for e in extras}
        found.add(name)
        for text in distribution(name).requires or []:
            sub = Requirement(text)
            if sub.marker is None or any(sub.marker.evaluate({"extra": e}) for e in extras):
                todo.append(sub)
    return found


def import_time_imports(source: str) -> set[str]:
    """Top-level names of the modules ``source`` imports when it is imported: statements at module level (also
    in ``if`` and ``with`` blocks and class bodies), not in functions, not in ``try`` (optional imports) and not
    under ``if TYPE_CHECKING``."""
    names: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names.add(node.module.split(".")[0])
            elif isinstance(node, ast.If) and "TYPE_CHECKING" not in ast.unparse(node.test):
                visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.With | ast.ClassDef):
                visit(node.body)

    visit(ast.parse(source).body)
    return names


def test_declared_dependencies_cover_what_the_package_imports() -> None:
    """Every package that a module of rtkit imports when it loads (the modules the public names, the command and
    the servers load) is a declared dependency or one of theirs: what a fresh ``pip install rtkit`` installs."""
    loaded = subprocess.run(
        [sys.executable, "-c", PUBLIC_IMPORTS], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    declared = required(META["project"]["dependencies"])
    owners = packages_distributions()
    undeclared: dict[str, list[str]] = {}
    for module in json.loads(loaded):
        path = ROOT / (module.replace(".", "/") + ".py")
        if not path.exists():
            path = path.with_suffix("") / "__init__.py"
        for name in import_time_imports(path.read_text(encoding="utf-8")):
            if name in sys.stdlib_module_names or name in ("rtkit", "__future__"):
                continue
            dists = {normalized(d) for d in owners.get(name, [])}
            if not dists & declared:
                undeclared.setdefault(f"{name} ({', '.join(sorted(dists)) or 'not installed'})", []).append(module)
    assert not undeclared, f"imported when rtkit loads but not a declared dependency: {undeclared}"


def test_package_data_and_build_requirements_match_what_exists() -> None:
    for pattern in META["tool"]["setuptools"]["package-data"]["rtkit"]:
        assert list((ROOT / "rtkit").glob(pattern)), f"package data {pattern!r} matches no file"
    requires = META["build-system"]["requires"]
    if isinstance(META["project"].get("license"), str):  # a PEP 639 SPDX string needs setuptools 77
        [setuptools] = [r for r in requires if r.startswith("setuptools")]
        assert int(setuptools.split(">=")[1].split(".")[0]) >= 77, setuptools
    from rtkit.servers import finance

    assert finance.DEFAULT_DATA.is_relative_to(ROOT / "rtkit") and (finance.DEFAULT_DATA / "prices.csv").is_file()
