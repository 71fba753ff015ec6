"""Calibration of the offline judge: scripted policies over all personas, against the issue's targets.

The targets say what makes the benchmark meaningful: silence alone and chattering are poor,
a persona-blind schedule is mediocre, the rubric-reading oracle is near the top, an oracle for
the wrong persona loses clearly, and free-text topics are recognised reliably.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

from propersim_gym.env.core import ProPerSimEnv
from propersim_gym.personas import list_personas
from propersim_gym.policies.phrases import PhraseBank
from propersim_gym.policies.scripted import CadencePolicy, EveryStepPolicy, OraclePolicy, SilentPolicy
from propersim_gym.protocol import Policy, play_day

#: (label, policy factory for a persona id, target description, check on the mean score)
Target = tuple[str, Callable[[float], bool], str]

TARGETS: dict[str, Target] = {
    "silent": ("always silent", lambda s: s <= 2.3, "<= 2.3"),
    "every-step": ("every step, random topic", lambda s: 1.6 <= s <= 2.4, "1.6 - 2.4"),
    "cadence": ("every 90 min, random topic", lambda s: s <= 3.0, "<= 3.0"),
    "oracle": ("oracle (reads the rubric)", lambda s: s >= 3.6, ">= 3.6"),
}

#: Why a target is not met today, for the report (a target missing here and not met is a regression).
KNOWN_GAPS: dict[str, str] = {
    "every-step": (
        "a repeat of a suggestion already delivered today fails Preference, and a bank of lines repeats "
        "itself within the ~380 steps of a day: the scripted policies' own 40 lines give 1.47, the 280 "
        "single-topic lines of the held-out topic set (never used while tuning) 1.29; the every-step "
        "target predates the repeat rule"
    ),
    "cadence": (
        "silence is no longer charged for being overdue once the day's maximum is reached, and a 90-minute "
        "cadence reaches the maximum of most personas by the afternoon, after which its silences score 4; "
        "and since 30 of the 32 persona texts ask not to go too long 'without anything', any suggestion, "
        "wanted or not, ends a quiet stretch, so a blind cadence is never overdue (3.03 when only welcome "
        "suggestions count, 3.34 as the texts read)"
    ),
}


def play(env: ProPerSimEnv, policy: Policy, days: range, seed: int) -> list[float]:
    """Mean score per awake step of each day, playing ``policy`` on ``env`` (unwrapped, for speed)."""
    first = days[0] if len(days) else None
    return [play_day(env, policy, day=day, seed=seed if day == first else None).mean_reward for day in days]


@dataclass
class CalibrationReport:
    """Mean score per awake step of each scripted policy, the personalisation gap and topic accuracy."""

    policy_means: dict[str, float]
    per_persona: dict[str, list[float]]
    oracle_own: float
    oracle_cross: float
    topic_accuracy: float
    topic_count: int
    encoder: str
    days: int
    seed: int
    seconds: float
    bank: str = "builtin"

    @property
    def personalisation_gap(self) -> float:
        return self.oracle_own - self.oracle_cross

    def checks(self) -> dict[str, bool]:
        out = {name: TARGETS[name][1](self.policy_means[name]) for name in TARGETS}
        out["personalisation"] = self.personalisation_gap >= 0.4
        out["topics"] = self.topic_accuracy >= 0.9
        return out

    def to_markdown(self) -> str:
        checks = self.checks()
        mark = {True: "yes", False: "**NO**"}
        lines = [
            f"Offline judge calibration: {len(self.per_persona['oracle'])} personas x {self.days} days, "
            f"seed {self.seed}, encoder `{self.encoder}`, phrase bank `{self.bank}` ({self.seconds:.0f} s).",
            "",
            "| policy | mean score per awake step | target | met |",
            "|---|---|---|---|",
        ]
        for name, (label, _, target) in TARGETS.items():
            lines.append(f"| {label} | {self.policy_means[name]:.3f} | {target} | {mark[checks[name]]} |")
        lines.append(
            f"| oracle of persona i on persona j (mean over pairs) | {self.oracle_cross:.3f} "
            f"(gap {self.personalisation_gap:.3f} below own {self.oracle_own:.3f}) | gap >= 0.4 | "
            f"{mark[checks['personalisation']]} |"
        )
        lines.append(
            f"| topic recognition ({self.topic_count} labelled texts) | {100 * self.topic_accuracy:.1f}% "
            "| >= 90% | "
            f"{mark[checks['topics']]} |"
        )
        gaps = [name for name in TARGETS if not checks[name] and name in KNOWN_GAPS]
        if gaps:
            lines += ["", "Targets not met, and why:", ""]
            lines += [f"- {TARGETS[name][0]}: {KNOWN_GAPS[name]}." for name in gaps]
        lines += [
            "",
            "Per persona (mean over days):",
            "",
            "| persona | " + " | ".join(TARGETS) + " |",
            "|---" * (len(TARGETS) + 1) + "|",
        ]
        for i, pid in enumerate(sorted(p.id for p in list_personas())):
            cells = " | ".join(f"{self.per_persona[n][i]:.2f}" for n in TARGETS)
            lines.append(f"| {pid} | {cells} |")
        return "\n".join(lines)


def topic_testset() -> list[dict[str, str]]:
    """The bundled labelled recommendation texts (intended topic per text)."""
    text = resources.files("propersim_gym.evaluator").joinpath("data/topic_testset.jsonl").read_text()
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def topic_accuracy(encoder: str) -> tuple[float, int]:
    """Share of labelled texts whose intended topic is recognised first."""
    from propersim_gym.evaluator.understanding import TextUnderstanding

    items = topic_testset()
    features = TextUnderstanding(encoder=encoder).analyze_many([it["text"] for it in items])
    hits = sum(
        bool(f.topics) and f.topics[0].value == it["topic"] for f, it in zip(features, items, strict=True)
    )
    return hits / len(items), len(items)


def calibrate(
    days: int = 3,
    seed: int = 0,
    encoder: str = "minilm",
    cross_days: int = 1,
    progress: Callable[[str], Any] | None = None,
    bank: PhraseBank | None = None,
) -> CalibrationReport:
    """Run the scripted policies on every bundled persona and measure against the targets; ``bank`` gives
    them other lines than their own (``PhraseBank.from_jsonl``)."""
    started = time.perf_counter()
    personas = sorted(p.id for p in list_personas())
    factories: dict[str, Callable[[int], Policy]] = {
        "silent": lambda pid: SilentPolicy(),
        "every-step": lambda pid: EveryStepPolicy(seed=seed + pid, bank=bank),
        "cadence": lambda pid: CadencePolicy(90, seed=seed + pid, bank=bank),
        "oracle": lambda pid: OraclePolicy(seed=seed + pid, bank=bank),
    }
    per_persona: dict[str, list[float]] = {name: [] for name in factories}
    envs = {pid: ProPerSimEnv(persona=pid, memory="none", encoder=encoder) for pid in personas}
    for pid in personas:
        for name, make in factories.items():
            per_persona[name].append(float(np.mean(play(envs[pid], make(pid), range(days), seed))))
        if progress:
            progress(f"persona {pid}: " + ", ".join(f"{n} {v[-1]:.2f}" for n, v in per_persona.items()))
    own, cross = [], []
    for j in personas:
        for i in personas:
            score = float(
                np.mean(
                    play(envs[j], OraclePolicy(persona=i, seed=seed + i, bank=bank), range(cross_days), seed)
                )
            )
            (own if i == j else cross).append(score)
    accuracy, count = topic_accuracy(encoder)
    return CalibrationReport(
        policy_means={n: float(np.mean(v)) for n, v in per_persona.items()},
        per_persona=per_persona,
        oracle_own=float(np.mean(own)),
        oracle_cross=float(np.mean(cross)),
        topic_accuracy=accuracy,
        topic_count=count,
        encoder=encoder,
        days=days,
        seed=seed,
        seconds=time.perf_counter() - started,
        bank=bank.name if bank is not None else "builtin",
    )
