"""ProPerAssistant, the paper's reference agent, and its prompt-only baselines.

``make_policy(name, model=..., run_dir=..., seed=..., **options)`` builds any of them; heavy
libraries (torch, transformers, trl, chromadb) load only when a policy is built.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from propersim_gym.policies.base import Policy

AGENTS = ("properassistant", "nomemory", "ar", "ars", "rubric-given")

#: The environment memory level each agent reads (pass it as gym.make(..., memory=...)).
REQUIRED_MEMORY = {
    "properassistant": "ARS",
    "nomemory": "none",
    "ar": "AR",
    "ars": "ARS",
    "rubric-given": "AR",
}


def make_policy(
    name: str, *, model: Any = "tiny", run_dir: str | Path | None = None, seed: int = 0, **options: Any
) -> Policy:
    """A policy by name: "properassistant", "nomemory", "ar", "ars" or "rubric-given".

    ``model``: "tiny", "smollm2", an HF id or local path (or a ``LoadedModel`` to share one).
    ``options`` go to ``ProPerAssistant`` / ``PromptOnlyPolicy`` (e.g. ``n_candidates``,
    ``force_silence``, ``buffer``, ``trainer``, ``reference``, ``temperature``, ``quantize``).
    """
    key = name.strip().lower().replace("_", "-")
    aliases = {
        "proper-assistant": "properassistant",
        "no-memory": "nomemory",
        "rubric": "rubric-given",
        "rubricgiven": "rubric-given",
    }
    key = aliases.get(key, key)
    if key == "properassistant":
        from propersim_agents.assistant import ProPerAssistant

        return ProPerAssistant(model, run_dir=run_dir, seed=seed, **options)
    if key in ("nomemory", "ar", "ars", "rubric-given"):
        from propersim_agents.baselines import PromptOnlyPolicy

        return PromptOnlyPolicy(key, model, run_dir=run_dir, seed=seed, **options)
    raise ValueError(f"unknown agent {name!r}; choose one of {AGENTS}")


def export_pairs(run_dir: str | Path) -> Any:
    """The run's preference pairs as a Hugging Face ``datasets.Dataset`` (see ``propersim_agents.export``)."""
    from propersim_agents.export import export_pairs as _export

    return _export(run_dir)


__all__ = ["AGENTS", "REQUIRED_MEMORY", "export_pairs", "make_policy"]
