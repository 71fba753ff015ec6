"""The paper's prompt-only baselines: same model, one candidate, no training, no feedback used.

- ``nomemory``: the current action only (run the environment with ``memory="none"``).
- ``ar``: the observation's memory of actions and recommendations (``memory="AR"``).
- ``ars``: actions, recommendations and their scores (``memory="ARS"``).
- ``rubric-given``: a privileged reference that also reads the persona's four rubric texts from
  ``env.unwrapped.persona`` (``memory="AR"`` by default: it knows the rubric, so scores add little).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from propersim_agents import BASELINE_MEMORY
from propersim_agents.language import CHECKPOINT_REMEDY, STATE_FILE, LanguagePolicy
from propersim_agents.models import LoadedModel

from propersim_gym.files import read_json, write_json_atomic


def rubric_text(persona: Any) -> str:
    """The persona's four first-person rubric texts, one labelled paragraph each."""
    rubric = persona.rubric
    return "\n".join(
        [
            f"Preferences: {rubric.preference.text}",
            f"Frequency: {rubric.frequency.text}",
            f"Timing: {rubric.timing.text}",
            f"Communication: {rubric.communication.text}",
        ]
    )


class PromptOnlyPolicy(LanguagePolicy):
    """One sampled answer per step from the prompt alone; the reward is ignored.

    Args:
        variant: "nomemory", "ar", "ars" or "rubric-given".
        memory: override the environment memory level the variant documents as ``required_memory``.
        Other arguments as ``LanguagePolicy`` (model, run_dir, seed, temperature, ...).
    """

    def __init__(
        self, variant: str, model: str | LoadedModel = "tiny", *, memory: str | None = None, **kwargs: Any
    ) -> None:
        if variant not in BASELINE_MEMORY:
            raise ValueError(f"unknown baseline {variant!r}; choose one of {sorted(BASELINE_MEMORY)}")
        kwargs.setdefault("lora", False)
        super().__init__(model, **kwargs)
        self.variant = variant
        self.name = variant
        self.required_memory = memory or BASELINE_MEMORY[variant]
        self._rubric = ""
        self.last_completed_day = -1

    def start_day(self, env: Any, day: int) -> None:
        """Bind the environment; the rubric-given variant reads the persona's rubric here."""
        super().start_day(env, day)
        if self.variant == "rubric-given":
            persona = getattr(self.env, "persona", None)
            if persona is None:
                raise TypeError("the rubric-given baseline needs env.unwrapped.persona")
            self._rubric = rubric_text(persona)

    def act(self, observation: dict[str, Any]) -> str:
        """One answer to the prompt (invalid ones re-sampled a bounded number of times)."""
        ctx = self.context(observation, rubric=self._rubric)
        with_memory = self.variant != "nomemory" and self.required_memory != "none"
        prompt = self.prompt(ctx, with_memory=with_memory, with_retrieved=False)
        return self.generate(prompt, 1)[0].text

    def observe(self, observation: dict[str, Any], action: str, reward: float, info: dict[str, Any]) -> None:
        """Counts the step; the reward is not used."""
        self.counters["steps"] += 1

    def end_day(self, day: int) -> dict[str, float]:
        """No learning: the day's generation counters."""
        self.last_completed_day = int(day)
        return self.day_metrics()

    def save(self, directory: str | Path) -> None:
        """RNG state and day counter (there are no weights to save)."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        write_json_atomic(
            directory / STATE_FILE,
            {
                "agent": self.name,
                "model": self.model_spec,
                "seed": self.seed,
                "rng": self._rng_state(),
                "last_completed_day": self.last_completed_day,
            },
        )

    def load(self, directory: str | Path) -> None:
        """Restore ``save``'s state."""
        state = read_json(Path(directory) / STATE_FILE, remedy=CHECKPOINT_REMEDY)
        self._set_rng_state(state["rng"])
        self.last_completed_day = int(state["last_completed_day"])
