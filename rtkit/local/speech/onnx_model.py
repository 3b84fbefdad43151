"""An ONNX Runtime model shipped in ORT format, converted once to ONNX with its weights dequantized.

Moonshine's model files (``*.ort`` in the ``moonshine-cpp`` wheel) hold 8-bit weights that the graph turns back into
floats with a ``Cast → Mul → Add`` chain on every run: for the decoder that is every token, and for the 13.6 M
values of the token embedding (shared with the output projection, which also transposes it each time) it was 85 %
of a decoding step's time and a 54 MB temporary per chain. ORT-format models are not optimised again at load, so
those chains are never folded. :func:`dequantized_model` reads the ORT flatbuffer (with the schema classes that
``onnxruntime`` ships), writes the same graph as an ONNX model with each such chain replaced by its float result, and
keeps it in a cache folder keyed by the source file, so the conversion runs once per machine.

Measured on Moonshine base (``bench/bench_speech.py``): the same transcripts with about a third of the CPU time, and
about 480 MB resident for the loaded model against 650-1000 MB for the ORT-format one, whose arena grows with
those temporaries.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["cache_dir", "dequantized_model"]

_TENSOR = 1  # TypeInfoValue.tensor_type
_DIM_VALUE = 1  # DimensionValueType.VALUE
_FORMAT = "1"  # bumped when the conversion changes, so older cached files are not reused


def cache_dir() -> Path:
    """Where converted models are kept: ``$RTKIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/rtkit``, else
    ``~/.cache/rtkit``."""
    named = os.environ.get("RTKIT_CACHE_DIR")
    if named:
        return Path(named)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rtkit"


def dequantized_model(source: Path, edit: Callable[[Any], None] | None = None, edit_name: str = "") -> Path | bytes:
    """The ONNX form of ORT-format model ``source`` with its dequantization chains folded: the path of the cached
    file, or the model's bytes when the cache folder cannot be written. ``edit`` changes the converted ONNX model
    in place before it is kept; ``edit_name`` names that change in the cache key (one file per edit)."""
    stat = source.stat()
    stamp = f"{_FORMAT}:{source.resolve()}:{stat.st_size}:{stat.st_mtime_ns}:{edit_name}"
    key = hashlib.sha1(stamp.encode()).hexdigest()[:16]
    target = cache_dir() / "models" / f"{source.stem}-{key}.onnx"
    if target.exists():
        return target
    model = _convert(source.read_bytes())
    if edit is not None:
        edit(model)
    data = model.SerializeToString()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".part", delete=False) as f:
            f.write(data)
        os.replace(f.name, target)  # atomic: a worker starting at the same time reads a whole file or converts too
    except OSError:
        return data
    return target


# -- ORT flatbuffer → ONNX ---------------------------------------------------------------------------------------


def _text(value: bytes | str | None) -> str:
    return value.decode() if isinstance(value, bytes) else (value or "")


def _convert(buffer: bytes) -> Any:
    from onnx import helper
    from onnxruntime.tools.ort_format_model.ort_flatbuffers_py import fbs

    session = fbs.InferenceSession.InferenceSession.GetRootAsInferenceSession(buffer, 0)
    model = session.Model()
    opsets = [
        helper.make_opsetid(_text(model.OpsetImport(i).Domain()), model.OpsetImport(i).Version())
        for i in range(model.OpsetImportLength())
    ]
    graph = _graph(model.Graph())
    _fold_dequantization(graph)
    return helper.make_model(graph, opset_imports=opsets, ir_version=model.IrVersion())


def _tensor(t: Any) -> Any:
    from onnx import TensorProto

    out = TensorProto()
    out.name = _text(t.Name())
    out.dims.extend(t.Dims(i) for i in range(t.DimsLength()))
    out.data_type = t.DataType()
    if out.data_type == TensorProto.STRING:
        out.string_data.extend(t.StringData(i) for i in range(t.StringDataLength()))
    elif t.RawDataLength():
        out.raw_data = t.RawDataAsNumpy().tobytes()
    return out


def _value_info(value: Any) -> Any:
    from onnx import helper
    from onnxruntime.tools.ort_format_model.ort_flatbuffers_py import fbs

    kind = value.Type()
    if kind is None or kind.ValueType() != _TENSOR:
        return None
    table = kind.Value()
    tensor = fbs.TensorTypeAndShape.TensorTypeAndShape()
    tensor.Init(table.Bytes, table.Pos)
    shape = tensor.Shape()
    dims: list[int | str | None] | None = None
    if shape is not None:
        dims = []
        for i in range(shape.DimLength()):
            dim = shape.Dim(i).Value()
            if dim is None:
                dims.append(None)
            elif dim.DimType() == _DIM_VALUE:
                dims.append(dim.DimValue())
            else:
                dims.append(_text(dim.DimParam()) or None)
    return helper.make_tensor_value_info(_text(value.Name()), tensor.ElemType(), dims)


def _attribute(a: Any) -> Any:
    from onnx import AttributeProto, helper

    name, kind = _text(a.Name()), a.Type()
    if kind == AttributeProto.FLOAT:
        return helper.make_attribute(name, a.F())
    if kind == AttributeProto.INT:
        return helper.make_attribute(name, a.I())
    if kind == AttributeProto.STRING:
        return helper.make_attribute(name, a.S())
    if kind == AttributeProto.TENSOR:
        return helper.make_attribute(name, _tensor(a.T()))
    if kind == AttributeProto.GRAPH:
        return helper.make_attribute(name, _graph(a.G()))
    if kind == AttributeProto.FLOATS:
        return helper.make_attribute(name, [a.Floats(i) for i in range(a.FloatsLength())], attr_type=kind)
    if kind == AttributeProto.INTS:
        return helper.make_attribute(name, [a.Ints(i) for i in range(a.IntsLength())], attr_type=kind)
    if kind == AttributeProto.STRINGS:
        return helper.make_attribute(name, [a.Strings(i) for i in range(a.StringsLength())], attr_type=kind)
    raise ValueError(f"ORT model: attribute {name!r} has a type ({kind}) the conversion does not handle")


def _graph(g: Any) -> Any:
    from onnx import helper

    infos = {}
    for i in range(g.NodeArgsLength()):
        value = _value_info(g.NodeArgs(i))
        if value is not None:
            infos[value.name] = value
    initializers = [_tensor(g.Initializers(i)) for i in range(g.InitializersLength())]
    constant = {t.name for t in initializers}
    nodes = []
    for i in range(g.NodesLength()):
        n = g.Nodes(i)
        node = helper.make_node(
            _text(n.OpType()),
            [_text(n.Inputs(j)) for j in range(n.InputsLength())],
            [_text(n.Outputs(j)) for j in range(n.OutputsLength())],
            name=_text(n.Name()),
            domain=_text(n.Domain()) or None,
        )
        node.attribute.extend(_attribute(n.Attributes(j)) for j in range(n.AttributesLength()))
        nodes.append(node)
    inputs = [_text(g.Inputs(i)) for i in range(g.InputsLength())]
    outputs = [_text(g.Outputs(i)) for i in range(g.OutputsLength())]

    def info(name: str) -> Any:
        return infos.get(name) or helper.make_empty_tensor_value_info(name)

    edges = set(inputs) | set(outputs) | constant
    return helper.make_graph(
        nodes,
        "graph",
        [info(n) for n in inputs if n not in constant],
        [info(n) for n in outputs],
        initializers,
        value_info=[v for n, v in infos.items() if n not in edges],
    )


def _fold_dequantization(graph: Any) -> int:
    """Replace each ``Cast(int8 initializer) → Mul(scale) → Add(offset)`` chain of ``graph`` by its float result;
    returns how many were folded. The chains sit in the top graph, so the branches of an ``If`` share one copy."""
    import numpy as np
    from onnx import numpy_helper

    constants = {t.name: t for t in graph.initializer}
    made_by = {out: node for node in graph.node for out in node.output}
    used = {name for node in graph.node for name in node.input}
    dropped: set[int] = set()
    folded = []
    for add in graph.node:
        mul = made_by.get(add.input[0]) if add.op_type == "Add" and len(add.input) == 2 else None
        cast = made_by.get(mul.input[0]) if mul is not None and mul.op_type == "Mul" else None
        if mul is None or cast is None or cast.op_type != "Cast" or cast.input[0] not in constants:
            continue
        if mul.input[1] not in constants or add.input[1] not in constants:
            continue
        if sum(name in (cast.output[0], mul.output[0]) for node in graph.node for name in node.input) != 2:
            continue  # an intermediate is read elsewhere too: leave the chain
        q = numpy_helper.to_array(constants[cast.input[0]])
        scale = numpy_helper.to_array(constants[mul.input[1]])
        offset = numpy_helper.to_array(constants[add.input[1]])
        weights = (q.astype(np.float32) * scale + offset).astype(np.float32)
        folded.append(numpy_helper.from_array(weights, add.output[0]))
        dropped |= {id(add), id(mul), id(cast)}
    kept = [node for node in graph.node if id(node) not in dropped]
    still_used = {name for node in kept for name in node.input} | {
        name for node in kept for a in node.attribute if a.HasField("g") for name in _outer_inputs(a.g)
    }
    unused = [t for t in graph.initializer if t.name in used and t.name not in still_used]
    for t in unused:
        graph.initializer.remove(t)
    del graph.node[:]
    graph.node.extend(kept)
    graph.initializer.extend(folded)
    return len(folded)


def _outer_inputs(graph: Any) -> set[str]:
    """Names a subgraph reads (its nodes' inputs, recursively), some of which come from the enclosing graph."""
    names = {name for node in graph.node for name in node.input}
    for node in graph.node:
        for a in node.attribute:
            if a.HasField("g"):
                names |= _outer_inputs(a.g)
    return names
