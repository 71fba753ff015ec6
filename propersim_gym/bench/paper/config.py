"""The paper table's methods, labels and presets, its config, and the jobs a config plans."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from propersim_gym.bench.executor import BenchError, JobSpec
from propersim_gym.registry import UnknownPolicyError, get_policy

PROMPT_ONLY = ("nomemory", "ar", "ars")
LEARNER = "properassistant"
REFERENCES = ("silent", "oracle")
PAPER_METHODS = (*PROMPT_ONLY, LEARNER, *REFERENCES)

LABELS = {
    "nomemory": "No Memory",
    "ar": "AR Memory",
    "ars": "ARS Memory",
    "properassistant": "ProPerAssistant",
    "properassistant-contrast": "ProPerAssistant + contrast (ours)",
    "rubric-given": "Rubric given (privileged)",
    "silent": "Always silent (reference)",
    "oracle": "Oracle (reads the rubric; reference)",
    "every-step": "Every step (reference)",
    "cadence": "Fixed cadence (reference)",
}


@dataclass(frozen=True)
class Preset:
    """A named benchmark size: personas, days, model and awake steps per day."""

    name: str
    personas: tuple[int, ...]
    days: int
    model: str
    steps_per_day: int | None
    encoder: str
    about: str


PRESETS: dict[str, Preset] = {
    "cpu": Preset(
        name="cpu",
        personas=(1, 32),
        days=14,
        model="tiny",
        steps_per_day=None,
        encoder="minilm",
        about=(
            "personas 1 (HHHHH) and 32 (LLLLL): each of the five traits at both levels; every awake "
            "step of 14 days; the tiny model; sized to finish within 90 minutes on 2 CPU cores"
        ),
    ),
    "full": Preset(
        name="full",
        personas=tuple(range(1, 33)),
        days=14,
        model="smollm2",
        steps_per_day=None,
        encoder="minilm",
        about="all 32 personas, 14 days, SmolLM2-135M-Instruct (or --model): meant for GPUs / a Ray cluster",
    ),
}


@dataclass
class PaperConfig:
    """One paper-table benchmark: which methods, personas, seeds and days, and where it goes."""

    out: str
    preset: str = "cpu"
    methods: tuple[str, ...] = PAPER_METHODS
    personas: tuple[int, ...] = PRESETS["cpu"].personas
    seeds: tuple[int, ...] = (0,)
    days: int = 14
    model: str = "tiny"
    steps_per_day: int | None = None
    encoder: str = "minilm"
    policy_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    runs_dir: str | None = None
    """Where the per-job run directories go (default ``out/runs``; keep them out of a results folder
    you commit: trajectories are large)."""

    @classmethod
    def from_preset(cls, preset: str, out: str | Path, **overrides: Any) -> PaperConfig:
        """A config from a preset, with any field overridden (None values are ignored)."""
        if preset not in PRESETS:
            raise BenchError(f"unknown preset {preset!r}; choose from {', '.join(PRESETS)}")
        p = PRESETS[preset]
        base: dict[str, Any] = {
            "out": str(out),
            "preset": preset,
            "personas": p.personas,
            "days": p.days,
            "model": p.model,
            "steps_per_day": p.steps_per_day,
            "encoder": p.encoder,
        }
        base.update({k: v for k, v in overrides.items() if v is not None})
        for key in ("methods", "personas", "seeds"):
            base[key] = tuple(base.get(key, getattr(cls, key, ())))
        return cls(**base)

    def validate(self) -> None:
        """Raise BenchError naming the first bad setting."""
        for m in self.methods:
            try:
                get_policy(m)
            except UnknownPolicyError as err:
                raise BenchError(str(err)) from err
        if not self.methods or not self.personas or not self.seeds:
            raise BenchError("need at least one method, persona and seed")
        for m in self.policy_options:
            if m not in self.methods:
                raise BenchError(f"policy options given for {m!r}, which is not among the methods run")
        if self.days < 1:
            raise BenchError(f"days must be >= 1, got {self.days}")
        if self.steps_per_day is not None and self.steps_per_day < 1:
            raise BenchError(f"steps_per_day must be >= 1, got {self.steps_per_day}")


def label(method: str) -> str:
    """A method's name in tables and plots (its own name when it has no label: a policy of the user's)."""
    return LABELS.get(method, method)


def _folder_name(method: str) -> str:
    """A method's run folder: its name, or for ``path/file.py:Class`` the reference made path-safe."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", method).strip("_")


def plan_jobs(config: PaperConfig) -> list[JobSpec]:
    """One job per (method, persona, seed), each with its own run directory under ``out/runs``."""
    config.validate()
    env: dict[str, Any] = {"encoder": config.encoder}
    if config.steps_per_day is not None:
        env["max_awake_steps"] = config.steps_per_day
    jobs = []
    for method in config.methods:
        for persona in config.personas:
            for seed in config.seeds:
                runs = Path(config.runs_dir) if config.runs_dir else Path(config.out) / "runs"
                out = runs / _folder_name(method) / f"persona_{persona:02d}" / f"seed_{seed}"
                jobs.append(
                    JobSpec(
                        method=method,
                        persona=int(persona),
                        seed=int(seed),
                        days=config.days,
                        out=str(out),
                        model=config.model,
                        env=dict(env),
                        options=dict(config.policy_options.get(method, {})),
                    )
                )
    return jobs
