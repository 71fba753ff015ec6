"""The assistant contract: what an action is, what a policy does, and the one loop that plays a day.

Everything that stands between the environment and an assistant lives here, once:

- the action vocabulary: ``NO_RECOMMENDATION`` (silence), the length cap ``MAX_ACTION_CHARS``,
  ``validate_action`` (what ``env.step`` accepts) and ``parse_recommendation`` (what counts as silence,
  the ``{"Suggestion": ...}`` wrapper; the rules of docs/scoring.md, "What counts as silence");
- the ``Policy`` protocol (and ``BasePolicy`` with no-op hooks);
- ``play_day``: reset, ``start_day``, then ``act``/``step``/``observe`` until the day ends, ``end_day``.
  The runner, the bench, calibration, benchmarks, examples and tests all play days through it.

Parsing runs on every environment step, so the common case (plain text) touches no JSON parser: only a
text that starts with ``{`` or a code fence is parsed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    import gymnasium as gym

    from propersim_gym.env.core import ProPerSimEnv

# --------------------------------------------------------------------------- the action vocabulary

#: The silence token: the action that recommends nothing (scored by the rubric like any other).
NO_RECOMMENDATION = "No Recommendation"
#: The longest action (in characters) the environment accepts. Longer ones are rejected with a
#: ValueError before any state changes: no real recommendation needs more, and unbounded text would
#: make the judge's encoder and the memory store arbitrarily slow.
MAX_ACTION_CHARS = 4000

#: The silence phrase, compared case-insensitively after stripping quotes and trailing punctuation.
SILENCE_PHRASE = NO_RECOMMENDATION.lower()

# C0/C1 control characters except tab, newline and carriage return (which are whitespace), plus
# DEL, zero-width and bidi-override characters that would hide text from a reader.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# Quotes, brackets and punctuation that may surround or end the silence phrase.
_EDGE_CHARS = " \t\r\n\"'`“”‘’«»()[]<>*_.,;:!?…-–—"
_FENCE_RE = re.compile(r"^```[A-Za-z0-9_-]*\s*\n?(.*?)\n?\s*```$", re.DOTALL)
_SUGGESTION_KEY = "suggestion"


def validate_action(action: object) -> str:
    """Return ``action`` if it is an acceptable action string; raise TypeError/ValueError otherwise.

    The environment calls this before touching any state, so a bad action is rejected cleanly.
    """
    if not isinstance(action, str):
        raise TypeError(
            f"an action must be a str (a recommendation or 'No Recommendation'), got {type(action).__name__}"
        )
    if len(action) > MAX_ACTION_CHARS:
        raise ValueError(
            f"an action may have at most MAX_ACTION_CHARS={MAX_ACTION_CHARS} characters, got {len(action)}"
        )
    return action


def strip_control(text: str) -> str:
    """Remove control, zero-width and bidi-override characters (tab/newline become spaces)."""
    if text.isprintable():
        return text
    text = _CONTROL_RE.sub("", text)
    return text.replace("\t", " ").replace("\r", " ")


def is_silence_phrase(text: str) -> bool:
    """True for "No Recommendation" in any case, with optional quotes and trailing punctuation."""
    return text.strip(_EDGE_CHARS).lower() == SILENCE_PHRASE


def _unwrap_json(text: str) -> str | None:
    """The inner text of ``{"Suggestion": ...}`` (any key case, optionally fenced), else None."""
    body = text
    if body.startswith("```"):
        match = _FENCE_RE.match(body)
        if match is None:
            return None
        body = match.group(1).strip()
    if not body.startswith("{"):
        return None
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    for key, value in data.items():
        if isinstance(key, str) and key.strip().lower() == _SUGGESTION_KEY:
            if value is None:
                return ""
            return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return None


def parse_recommendation(text: str) -> str | None:
    """The recommendation in an action, or None when the action is silence.

    Silence: empty/whitespace, "No Recommendation" in any case (quotes and trailing punctuation
    allowed), or ``{"Suggestion": "No Recommendation"}`` (any key case, also in a ```json fence).
    ``{"Suggestion": "..."}`` is unwrapped to its inner text; control characters are removed.
    """
    if not isinstance(text, str):
        raise TypeError(f"a recommendation must be a str, got {type(text).__name__}")
    text = strip_control(text).strip()
    if not text:
        return None
    if text[0] in "{`":
        inner = _unwrap_json(text)
        if inner is not None:
            text = strip_control(inner).strip()
            if not text:
                return None
    if len(text) <= 64 and is_silence_phrase(text):
        return None
    return text


# --------------------------------------------------------------------------- the policy


@runtime_checkable
class Policy(Protocol):
    """An assistant: acts on observations, hears its rewards, may learn at each day's end.

    ``play_day`` calls ``start_day`` after the day's ``env.reset``, then for every awake step ``act``
    and ``observe``, then ``end_day``. ``save``/``load`` let a run resume. A policy may also carry
    ``required_memory`` (the observation memory level it reads: "none", "A", "AR" or "ARS") and
    ``step_log`` (a dict the runner writes into the step's trajectory line).
    """

    name: str

    def start_day(self, env: ProPerSimEnv, day: int) -> None:
        """Called after ``env.reset`` with the unwrapped env (privileged policies may read it)."""

    def act(self, observation: dict[str, Any]) -> str:
        """A recommendation text, or ``NO_RECOMMENDATION``."""
        ...

    def observe(self, observation: dict[str, Any], action: str, reward: float, info: dict[str, Any]) -> None:
        """The outcome of the step just taken (``observation`` is the one ``act`` saw)."""

    def end_day(self, day: int) -> dict[str, float]:
        """End of a simulated day: learn if the policy learns; return metrics to log."""
        ...

    def save(self, directory: Path) -> None:
        """Write everything needed to continue after this day into ``directory``."""

    def load(self, directory: Path) -> None:
        """Restore what ``save`` wrote."""


class BasePolicy:
    """Convenience base with no-op hooks; subclasses implement ``act``."""

    name = "policy"

    def start_day(self, env: ProPerSimEnv, day: int) -> None:
        return None

    def act(self, observation: dict[str, Any]) -> str:
        raise NotImplementedError

    def observe(self, observation: dict[str, Any], action: str, reward: float, info: dict[str, Any]) -> None:
        return None

    def end_day(self, day: int) -> dict[str, float]:
        return {}

    def save(self, directory: Path) -> None:
        return None

    def load(self, directory: Path) -> None:
        return None


# --------------------------------------------------------------------------- the day loop

#: ``on_step(observation, action, reward, info)``: called after ``observe`` for every step.
StepCallback = Callable[[dict[str, Any], str, float, dict[str, Any]], None]


@dataclass
class DayResult:
    """What one played day produced: the reward of every awake step and what the policy learned."""

    day: int
    rewards: list[float] = field(default_factory=list)
    recommendations: int = 0
    truncated: bool = False
    """The day was cut by ``max_awake_steps`` rather than ended by the user falling asleep."""
    learned: dict[str, float] = field(default_factory=dict)
    """What ``policy.end_day`` returned."""

    @property
    def steps(self) -> int:
        """Awake steps played."""
        return len(self.rewards)

    @property
    def mean_reward(self) -> float:
        """Average score per awake step, silence included (the paper's headline metric)."""
        return sum(self.rewards) / len(self.rewards) if self.rewards else float("nan")


def play_day(
    env: gym.Env,
    policy: Policy,
    *,
    day: int | None = None,
    seed: int | None = None,
    on_step: StepCallback | None = None,
) -> DayResult:
    """Play one simulated day of ``policy`` on ``env`` (wrapped or not) and return its rewards.

    ``day``: which day to play (default: the day after the env's last, day 0 after a seed); ``seed``
    reseeds the study (pass it for the first day only, as ``env.reset`` expects). The day ends when
    the episode terminates (the user falls asleep) or is truncated (``max_awake_steps``).
    """
    options = {"day": day} if day is not None else None
    obs, _ = env.reset(seed=seed, options=options)
    unwrapped = env.unwrapped
    result = DayResult(day=int(unwrapped.day))
    policy.start_day(unwrapped, result.day)
    done = False
    while not done:
        action = policy.act(obs)
        next_obs, reward, terminated, truncated, info = env.step(action)
        policy.observe(obs, action, reward, info)
        if on_step is not None:
            on_step(obs, action, reward, info)
        result.rewards.append(float(reward))
        result.recommendations += bool(info["is_recommendation"])
        obs = next_obs
        done = terminated or truncated
        result.truncated = bool(truncated) and not terminated
    result.learned = dict(policy.end_day(result.day) or {})
    return result
