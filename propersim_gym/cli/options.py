"""``KEY=VALUE`` command-line options for policies, shared by ``propersim run`` and the benchmarks."""

from __future__ import annotations

from typing import Any

import typer


def parse_agent_options(items: list[str]) -> dict[str, Any]:
    """``KEY=VALUE`` pairs as keyword options; VALUE is read as JSON when it parses (1, 0.3, true,
    null, [..]) and kept as text otherwise; dotted keys nest (``training.epochs=1``)."""
    import json

    options: dict[str, Any] = {}
    for item in items:
        key, sep, raw = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise typer.BadParameter(f"agent option {item!r} is not KEY=VALUE")
        try:
            value: Any = json.loads(raw)
        except json.JSONDecodeError:
            value = raw
        *parents, leaf = key.split(".")
        target = options
        for part in parents:
            target = target.setdefault(part, {})
            if not isinstance(target, dict):
                raise typer.BadParameter(f"agent option {item!r}: {part!r} is already set to a value")
        target[leaf] = value
    return options
