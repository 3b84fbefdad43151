"""The ORT-format model converted to ONNX with its 8-bit weights dequantized computes what the original computes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rtkit.local.speech.moonshine import _package_dir, moonshine_problem
from rtkit.local.speech.onnx_model import dequantized_model

pytestmark = pytest.mark.skipif(moonshine_problem() is not None, reason=str(moonshine_problem()))


def test_dequantized_encoder_matches_the_shipped_one_and_is_cached(tmp_path: Path, monkeypatch) -> None:
    import onnx
    import onnxruntime as ort

    monkeypatch.setenv("RTKIT_CACHE_DIR", str(tmp_path))
    root = _package_dir()
    assert root is not None
    source = root / "models" / "base-en" / "encoder_model.ort"
    converted = dequantized_model(source)
    assert isinstance(converted, Path) and converted.parent == tmp_path / "models"
    assert dequantized_model(source) == converted  # the second call reuses the file
    ops = [node.op_type for node in onnx.load(str(converted)).graph.node]
    assert ops.count("Cast") <= 1  # 51 of its 52 casts were dequantization chains, now folded

    audio = np.random.default_rng(1).normal(0.0, 0.05, (1, 16000)).astype(np.float32)
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    shipped = ort.InferenceSession(str(source), options, providers=["CPUExecutionProvider"])
    folded = ort.InferenceSession(str(converted), options, providers=["CPUExecutionProvider"])
    expected = shipped.run(None, {"input_values": audio})[0]
    got = folded.run(None, {"input_values": audio})[0]
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=1e-3, atol=1e-3)


def test_unwritable_cache_gives_the_model_bytes(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("RTKIT_CACHE_DIR", str(blocker))
    root = _package_dir()
    assert root is not None
    converted = dequantized_model(root / "models" / "base-en" / "encoder_model.ort")
    assert isinstance(converted, bytes) and len(converted) > 1_000_000
