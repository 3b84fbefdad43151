"""Variants: named overrides of session settings, each run over every case on the same inputs.

A variant file (YAML or JSON) is a mapping of settings::

    turn_detection: {silence_duration_ms: 200}     # merged into the base turn detection
    instructions: Answer in one sentence.
    voice: cedar
    model: gpt-realtime-mini
    recognizer: moonshine                          # local server only: its speech recogniser
    tool_descriptions: {plan_budget: "Make a budget."}
    tools: {plan_budget: {parameters: {type: object, properties: {}}}}   # any field of a tool

Any other key is a :class:`~rtkit.config.RealtimeConfig` field (``input_format``, ``output_modality``, ...).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rtkit.config import RealtimeConfig, turn_detection_from_dict

TOOL_KEYS = ("tool_descriptions", "tools")
SERVER_KEYS = ("recognizer",)


@dataclass(frozen=True)
class Variant:
    """One configuration under test."""

    name: str
    overrides: Mapping[str, Any] = field(default_factory=dict)
    """Settings changed from the base config (see the module docstring)."""

    def config(self, base: RealtimeConfig, extra: Mapping[str, Any] | None = None) -> RealtimeConfig:
        """``base`` with this variant's settings (then ``extra``, a case's own) applied."""
        return apply_settings(base, {**self.overrides, **(extra or {})})

    def tool_overrides(self) -> dict[str, dict[str, Any]]:
        """Per tool name, the fields of its definition to replace."""
        out: dict[str, dict[str, Any]] = {k: dict(v) for k, v in (self.overrides.get("tools") or {}).items()}
        for name, text in (self.overrides.get("tool_descriptions") or {}).items():
            out.setdefault(name, {})["description"] = text
        return out

    @property
    def recognizer(self) -> str | None:
        value = self.overrides.get("recognizer")
        return str(value) if value else None


def unmatched_tool_overrides(variant: Variant, overridden: Sequence[Sequence[str]]) -> list[str]:
    """The tool names ``variant`` overrides that matched no tool in any of its cases (``overridden``: per case, the
    names that did): a misspelt or missing tool, which would make the variant silently change nothing."""
    used = {name for names in overridden for name in names}
    return [name for name in variant.tool_overrides() if name not in used]


def apply_settings(base: RealtimeConfig, settings: Mapping[str, Any]) -> RealtimeConfig:
    """A copy of ``base`` with settings changed; a bad name or value raises ``ValueError`` naming it."""
    changes: dict[str, Any] = {}
    names = {f.name for f in dataclasses.fields(RealtimeConfig)}
    for key, value in settings.items():
        if key in TOOL_KEYS or key in SERVER_KEYS:
            continue
        if key == "turn_detection":
            if value is None:
                changes[key] = None
                continue
            current = dataclasses.asdict(base.turn_detection) if base.turn_detection is not None else {}
            if isinstance(value, Mapping) and value.get("type", current.get("type")) != current.get("type"):
                current = {}
            changes[key] = turn_detection_from_dict({**current, **dict(value)})
        elif key in names:
            changes[key] = value
        else:
            raise ValueError(f"{key}: not a session setting (settings: {', '.join(sorted(names | set(TOOL_KEYS)))})")
    return base.replace(**changes) if changes else base


def load_variant(spec: str) -> Variant:
    """``NAME=FILE`` (YAML or JSON settings), ``NAME=`` or ``NAME`` (the base settings), or
    ``NAME=key=value,key=value`` is not supported: write a file."""
    name, _, path = spec.partition("=")
    if not name:
        raise ValueError(f"--variant {spec!r}: expected NAME=FILE")
    if not path:
        return Variant(name)
    p = Path(path)
    if not p.is_file():
        raise ValueError(f"--variant {spec!r}: file {path} not found")
    text = p.read_text()
    try:
        if p.suffix.lower() in (".yaml", ".yml"):
            import yaml

            data = yaml.safe_load(text) or {}
        else:
            data = json.loads(text)
    except Exception as exc:
        raise ValueError(f"variant file {path}: cannot be read: {exc}".splitlines()[0]) from None
    if not isinstance(data, Mapping):
        raise ValueError(f"variant file {path}: expected a mapping of settings")
    try:
        apply_settings(RealtimeConfig(), data)
    except ValueError as exc:
        raise ValueError(f"variant file {path}: {exc}") from None
    return Variant(name, dict(data))
