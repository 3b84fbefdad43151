"""The batch on a real dask.distributed LocalCluster (two worker processes, each with its own local server and
finance MCP server) gives the same tables as the local asyncio executor."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rtkit.batch import DaskExecutor, run
from rtkit.config import RealtimeConfig

DATA = Path(__file__).resolve().parent.parent / "data"
FILES = [DATA / "portfolio_summary.wav", DATA / "spending_groceries.wav"]


@pytest.mark.slow
@pytest.mark.timeout(300)  # ~40 s on 2 idle cores: six processes start (2 workers, their recognition and MCP servers)
def test_dask_local_cluster_gives_the_same_tables_as_the_local_executor(tmp_path: Path) -> None:
    common = dict(config=RealtimeConfig(api_key=None), mcp=["finance"], pace=False, progress=False)
    local = run(FILES, concurrency=2, out=tmp_path / "local", **common)
    dask = run(FILES, dask="local:2", out=tmp_path / "dask", **common)

    cols = ["file", "ok", "turns", "tool_calls"]
    assert dask.files[cols].equals(local.files[cols]) and dask.files["ok"].all()
    names = ["file", "name", "ok"]
    assert dask.tables["tool_calls"][names].equals(local.tables["tool_calls"][names])
    assert len(dask.tables["turns"]) == len(local.tables["turns"]) == 2
    # the sessions ran in the cluster's worker processes, not here
    workers = set(dask.files["worker"])
    assert all(not w.endswith(f":{os.getpid()}") for w in workers)
    assert dask.summary["batch"]["executor"].startswith("dask.distributed, LocalCluster of 2 workers")


def test_dask_spec_is_checked() -> None:
    with pytest.raises(ValueError, match="local:N"):
        DaskExecutor.from_spec("local:zero")
    assert DaskExecutor.from_spec("local:2", concurrency=8).threads == 4
    with pytest.raises(ValueError, match="scheduler"):
        run(FILES, dask="tcp://somewhere:8786")
