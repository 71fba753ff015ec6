"""Scripted reference policies used to calibrate the judge: silent, every step, fixed cadence, oracle."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from propersim_gym.evaluator.rules import CompiledRubric, Situation
from propersim_gym.evaluator.understanding.words import gist
from propersim_gym.personas import Persona, load
from propersim_gym.policies.phrases import BUILTIN, PhraseBank
from propersim_gym.protocol import NO_RECOMMENDATION, BasePolicy
from propersim_gym.registry import register_policy
from propersim_gym.taxonomy import Tone, Topic

if TYPE_CHECKING:
    from propersim_gym.env.core import ProPerSimEnv

TOPICS = tuple(Topic)


def as_bank(bank: PhraseBank | str | Path | None) -> PhraseBank:
    """A phrase bank from itself, a JSONL path (``--agent-option bank=FILE``), or None: the built-in one."""
    if bank is None:
        return BUILTIN
    return bank if isinstance(bank, PhraseBank) else PhraseBank.from_jsonl(bank)


class SilentPolicy(BasePolicy):
    """Never recommends anything."""

    name = "silent"

    def act(self, observation: dict[str, Any]) -> str:
        return NO_RECOMMENDATION


class SeededPolicy(BasePolicy):
    """A policy that draws from ``self.rng``; saves and restores its state so runs resume exactly."""

    rng: np.random.Generator

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "rng.json").write_text(json.dumps(self.rng.bit_generator.state))

    def load(self, directory: Path) -> None:
        self.rng.bit_generator.state = json.loads((directory / "rng.json").read_text())


class EveryStepPolicy(SeededPolicy):
    """Recommends at every step: a random topic in neutral phrasing (an untrained, chatty assistant)."""

    name = "every-step"

    def __init__(self, seed: int = 0, bank: PhraseBank | str | Path | None = None) -> None:
        self.rng = np.random.default_rng(seed)
        self.bank = as_bank(bank)

    def act(self, observation: dict[str, Any]) -> str:
        topic = TOPICS[int(self.rng.integers(len(TOPICS)))]
        return self.bank.phrase(
            topic, Tone.NEUTRAL, int(self.rng.integers(self.bank.count(topic, Tone.NEUTRAL)))
        )


class CadencePolicy(SeededPolicy):
    """Recommends a random topic every ``every_minutes`` of awake time, blind to the persona."""

    name = "cadence"

    def __init__(
        self, every_minutes: float = 90, seed: int = 0, bank: PhraseBank | str | Path | None = None
    ) -> None:
        self.every = every_minutes
        self.rng = np.random.default_rng(seed)
        self.bank = as_bank(bank)
        self._last: float | None = None

    def start_day(self, env: ProPerSimEnv, day: int) -> None:
        self._last = None

    def act(self, observation: dict[str, Any]) -> str:
        minute = observation["minute"]
        if self._last is not None and minute - self._last < self.every:
            return NO_RECOMMENDATION
        self._last = minute
        topic = TOPICS[int(self.rng.integers(len(TOPICS)))]
        return self.bank.phrase(
            topic, Tone.NEUTRAL, int(self.rng.integers(self.bank.count(topic, Tone.NEUTRAL)))
        )


class OraclePolicy(SeededPolicy):
    """Reads a persona's structured rubric and the true moment: an upper reference, not a learner.

    It speaks at every welcome moment (or when the user is overdue), with a topic that fits the
    situation, in an accepted tone. ``persona`` fixes whose rubric it follows (default: the env's),
    which is how "oracle of persona i run on persona j" is measured.
    """

    name = "oracle"

    def __init__(
        self,
        persona: int | str | Persona | None = None,
        seed: int = 0,
        bank: PhraseBank | str | Path | None = None,
    ) -> None:
        self.persona = load(persona) if persona is not None else None
        self.rng = np.random.default_rng(seed)
        self.bank = as_bank(bank)
        self._env: ProPerSimEnv | None = None
        self._rubric: CompiledRubric | None = None

    def start_day(self, env: ProPerSimEnv, day: int) -> None:
        self._env = env
        self._rubric = CompiledRubric.of(self.persona or env.persona)
        self._tone = Tone.WARM if Tone.WARM in self._rubric.tones else Tone.NEUTRAL

    def act(self, observation: dict[str, Any]) -> str:
        if self._env is None or self._rubric is None:
            raise RuntimeError("OraclePolicy needs start_day(env, day) before act()")
        rubric = self._rubric
        situation = Situation.at(rubric, self._env.moment())
        speak = situation.welcome_moment or (
            situation.overdue
            and situation.since_last >= rubric.min_gap
            and situation.count < rubric.per_day_max
        )
        if not speak:
            return NO_RECOMMENDATION
        fitting = [t for t in rubric.wanted if rubric.fits(t, situation.kind)]
        if not fitting:
            if not situation.overdue:
                return NO_RECOMMENDATION
            fitting = [t for t, where in rubric.wanted.items() if where is None] or list(rubric.wanted)
        options = [
            self.bank.phrase(t, self._tone, i) for t in fitting for i in range(self.bank.count(t, self._tone))
        ]
        fresh = [text for text in options if not situation.repeats(gist(text))]
        # The oracle knows what it said today and does not repeat itself while it has something new.
        pool = fresh or options
        return pool[int(self.rng.integers(len(pool)))]


register_policy("silent", SilentPolicy, description="never recommends (reference)")
register_policy("every-step", EveryStepPolicy, description="a random topic at every step (reference)")
register_policy("cadence", CadencePolicy, description="a random topic every 90 minutes (reference)")
register_policy("oracle", OraclePolicy, description="reads the rubric and the true moment (reference)")
