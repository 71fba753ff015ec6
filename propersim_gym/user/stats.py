"""Summaries of day schedules: awake and receptive minutes, time per kind, activity names.

Used to check that simulated days look like the persona (trait effects, receptivity) in tests,
benchmarks and ``propersim day --stats``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from propersim_gym.taxonomy import ActivityKind, UserState
from propersim_gym.user.schedule import DaySchedule
from propersim_gym.user.states import RECEPTIVE_STATES as RECEPTIVE


@dataclass(frozen=True)
class DayStats:
    """Minutes by state and by kind, and activity counts, of one schedule."""

    awake_minutes: int
    receptive_minutes: int
    minutes_by_state: dict[UserState, int]
    minutes_by_kind: dict[ActivityKind, int]
    activities_by_kind: dict[ActivityKind, int]
    names: frozenset[str]

    @property
    def receptive_fraction(self) -> float:
        """Share of awake time spent relaxed, busy or in transition."""
        return self.receptive_minutes / self.awake_minutes if self.awake_minutes else 0.0


def day_stats(schedule: DaySchedule) -> DayStats:
    """Tally one schedule (transitions count by state, not as activities of their kind)."""
    by_state: Counter[UserState] = Counter()
    by_kind: Counter[ActivityKind] = Counter()
    acts: Counter[ActivityKind] = Counter()
    names: set[str] = set()
    for activity in schedule.activities:
        transition = all(s.state is UserState.TRANSITION for s in activity.subactions)
        if not transition:
            acts[activity.kind] += 1
            names.add(activity.description)
        for sub in activity.subactions:
            minutes = sub.end - sub.start
            by_state[sub.state] += minutes
            if not transition:
                by_kind[sub.kind] += minutes
    awake = sum(m for s, m in by_state.items() if s is not UserState.ASLEEP)
    receptive = sum(by_state[s] for s in RECEPTIVE)
    return DayStats(awake, receptive, dict(by_state), dict(by_kind), dict(acts), frozenset(names))


def count_kind(schedules: Iterable[DaySchedule], *kinds: ActivityKind) -> int:
    """How many activities (not transitions) of the given kinds the schedules hold."""
    wanted = set(kinds)
    return sum(n for s in schedules for k, n in day_stats(s).activities_by_kind.items() if k in wanted)


def distinct_names(schedules: Iterable[DaySchedule], *kinds: ActivityKind) -> set[str]:
    """Distinct activity names of the given kinds (all kinds when none given)."""
    wanted = set(kinds)
    return {
        a.description
        for s in schedules
        for a in s.activities
        if (not wanted or a.kind in wanted) and not all(x.state is UserState.TRANSITION for x in a.subactions)
    }
