"""ProPerAssistant, the paper's reference agent, and its prompt-only baselines.

They register with ``propersim_gym``'s policy registry through the entry point group
``propersim_gym.policies`` (see ``register_policies``), so ``propersim_gym.make_policy("properassistant",
model=..., run_dir=..., seed=..., **options)`` builds them; heavy libraries (torch, transformers, trl,
chromadb) load only when a policy is built.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: The prompt-only baselines and the observation memory level each reads (the paper's No Memory, AR,
#: ARS; rubric-given is the privileged reference with the rubric in the prompt).
BASELINE_MEMORY = {"nomemory": "none", "ar": "AR", "ars": "ARS", "rubric-given": "AR"}
BASELINE_ALIASES = {"nomemory": ("no-memory",), "rubric-given": ("rubric", "rubricgiven")}


def _properassistant(model: Any = "tiny", **options: Any) -> Any:
    """ProPerAssistant (``propersim_agents.assistant``): options go to its constructor."""
    from propersim_agents.assistant import ProPerAssistant

    return ProPerAssistant(model, **options)


def _contrast(model: Any = "tiny", **options: Any) -> Any:
    """ProPerAssistant with a contrast candidate of the missing kind (speech or silence) at each step."""
    return _properassistant(model, **{"contrast": True, **options})


def _baseline(variant: str) -> Any:
    def make(model: Any = "tiny", **options: Any) -> Any:
        from propersim_agents.baselines import PromptOnlyPolicy

        return PromptOnlyPolicy(variant, model, **options)

    make.__doc__ = f"The prompt-only baseline {variant!r} (``propersim_agents.baselines``)."
    return make


def register_policies() -> None:
    """Register ProPerAssistant, its contrast variant and the prompt-only baselines (the entry point)."""
    from propersim_gym.registry import register_policy

    register_policy(
        "properassistant",
        _properassistant,
        required_memory="ARS",
        description="the paper's agent: candidates, preference pairs, daily DPO with LoRA, retrieval",
        uses_model=True,
        cost=3,
        aliases=("proper-assistant",),
    )
    register_policy(
        "properassistant-contrast",
        _contrast,
        required_memory="ARS",
        description="ProPerAssistant with a contrast candidate of the missing kind",
        uses_model=True,
        cost=3,
        variant_of="properassistant",
    )
    for variant, memory in BASELINE_MEMORY.items():
        register_policy(
            variant,
            _baseline(variant),
            required_memory=memory,
            description=f"prompt-only baseline reading memory level {memory!r}, no training",
            uses_model=True,
            cost=2,
            aliases=BASELINE_ALIASES.get(variant, ()),
        )


def export_pairs(run_dir: str | Path) -> Any:
    """The run's preference pairs as a Hugging Face ``datasets.Dataset`` (see ``propersim_agents.export``)."""
    from propersim_agents.export import export_pairs as _export

    return _export(run_dir)


__all__ = ["BASELINE_MEMORY", "export_pairs", "register_policies"]
