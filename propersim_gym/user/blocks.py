"""Building blocks of the procedural planner: seeded draws, planned blocks, and their sub-actions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

import numpy as np

from propersim_gym.household.locate import locate_parts
from propersim_gym.taxonomy import ActivityKind as K
from propersim_gym.taxonomy import UserState as S
from propersim_gym.user.catalog import Template
from propersim_gym.user.schedule import Activity, SubAction
from propersim_gym.user.states import state_for

T = TypeVar("T")

#: Longest sub-action while awake, and while asleep.
MAX_SUBACTION = 30
MAX_SLEEP_SUBACTION = 240


class Draw:
    """Uniform draws from a buffer filled by one numpy Generator: deterministic and cheap per call."""

    __slots__ = ("_buf", "_i", "_rng")

    def __init__(self, rng: np.random.Generator, chunk: int = 96) -> None:
        self._rng = rng
        self._buf: list[float] = rng.random(chunk).tolist()
        self._i = 0

    def u(self) -> float:
        """A uniform number in [0, 1)."""
        if self._i == len(self._buf):
            self._buf = self._rng.random(len(self._buf)).tolist()
            self._i = 0
        value = self._buf[self._i]
        self._i += 1
        return value

    def chance(self, p: float) -> bool:
        """True with probability ``p``."""
        return self.u() < p

    def int5(self, lo: int, hi: int) -> int:
        """A multiple of 5 drawn uniformly from [lo, hi] (the first multiple above lo if none is inside)."""
        lo5, hi5 = -(-lo // 5), hi // 5
        if hi5 <= lo5:
            return lo5 * 5
        return 5 * (lo5 + int(self.u() * (hi5 - lo5 + 1)))

    def index(self, n: int) -> int:
        """A uniform index in range(n)."""
        return min(int(self.u() * n), n - 1)

    def choice(self, seq: Sequence[T]) -> T:
        """One element of ``seq``."""
        return seq[self.index(len(seq))]

    def sample(self, seq: Sequence[T], k: int) -> list[T]:
        """``k`` distinct elements of ``seq`` (fewer if it is shorter), in draw order."""
        pool = list(seq)
        return [pool.pop(self.index(len(pool))) for _ in range(min(k, len(pool)))]

    def weighted(self, weights: Sequence[float]) -> int:
        """An index drawn with probability proportional to ``weights``."""
        x = self.u() * sum(weights)
        for i, w in enumerate(weights):
            x -= w
            if x < 0:
                return i
        return len(weights) - 1


@dataclass(slots=True)
class Block:
    """A planned activity (minutes after midnight) before it is split into sub-actions."""

    start: int
    end: int
    name: str
    kind: K
    steps: tuple[str, ...]
    state: S | None = None
    place: tuple[str, str] | None = None
    when: str = "any"

    @classmethod
    def of(cls, t: Template, start: int, minutes: int) -> Block:
        """A block doing template ``t`` for ``minutes`` from ``start``."""
        return cls(start, start + minutes, t.name, t.kind, t.steps, t.state, None, t.when)

    def first_place(self) -> tuple[str, str]:
        """Where the block's first step happens."""
        return self.place or locate_parts(self.kind, self.name, self.steps[0])

    def last_place(self) -> tuple[str, str]:
        """Where the block's last step happens."""
        return self.place or locate_parts(self.kind, self.name, self.steps[-1])


def r5(minute: float) -> int:
    """Round to the nearest multiple of 5 minutes."""
    return round(minute / 5) * 5


@lru_cache(maxsize=16384)
def _layout(
    kind: K, name: str, steps: tuple[str, ...], override: S | None, place: tuple[str, str] | None, length: int
) -> tuple[tuple[int, int, str, S, str, str], ...]:
    """(offset, size, detail, state, arena, object) of each sub-action of a block; cached by shape."""
    if kind is K.SLEEP:
        n = -(-length // MAX_SLEEP_SUBACTION)
    else:
        n = max(-(-length // MAX_SUBACTION), min(len(steps), length // 10), 1)
    units = length // 5
    n = min(n, max(units, 1))
    out = []
    offset = 0
    for i in range(n):
        size = length - offset if i == n - 1 else 5 * (units // n + (1 if i < units % n else 0))
        detail = steps[i * len(steps) // n]
        arena, obj = place or locate_parts(kind, name, detail)
        out.append((offset, size, detail, state_for(kind, name, detail, override), arena, obj))
        offset += size
    return tuple(out)


def to_activity(b: Block) -> Activity:
    """Split a block into sub-actions of 5-30 minutes (asleep: up to 240), each with state and place.

    Steps are spread evenly over the sub-actions; a block with more sub-actions than steps repeats
    a step, one with fewer keeps evenly spaced steps.
    """
    start, name, kind = b.start, b.name, b.kind
    subs = tuple(
        SubAction(start + offset, start + offset + size, name, detail, kind, state, arena, obj)
        for offset, size, detail, state, arena, obj in _layout(
            kind, name, b.steps, b.state, b.place, b.end - start
        )
    )
    return Activity(start, b.end, name, kind, subs)
