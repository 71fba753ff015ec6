"""The user-side interface: plan one simulated day for a persona."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

from propersim_gym.personas.schema import Persona
from propersim_gym.user.schedule import DaySchedule


@runtime_checkable
class UserSimulator(Protocol):
    """Plans a persona's day. Same (persona, day, rng state) must give the same schedule."""

    name: str

    def plan_day(self, persona: Persona, day: int, rng: np.random.Generator) -> DaySchedule:
        """Return the full 24 h schedule of study day ``day`` (0-based; day 0 is 2025-02-13)."""
        ...
