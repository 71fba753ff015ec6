"""The assistant-side interface: what a policy must do to be run and benchmarked."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from propersim_gym.env.core import ProPerSimEnv

NO_RECOMMENDATION = "No Recommendation"


@runtime_checkable
class Policy(Protocol):
    """An assistant: acts on observations, hears its rewards, may learn at each day's end.

    The runner calls ``start_day`` before the first step of each simulated day, then for every
    awake step ``act`` and ``observe``, then ``end_day``. ``save``/``load`` let a run resume.
    """

    name: str

    def start_day(self, env: ProPerSimEnv, day: int) -> None:
        """Called after ``env.reset`` with the unwrapped env (privileged policies may read it)."""

    def act(self, observation: dict[str, Any]) -> str:
        """A recommendation text, or "No Recommendation"."""
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
