"""A simulated day as data: activities with time ranges, each split into short sub-actions.

This is the one schedule type every user simulator (procedural or LLM) must produce. Times are
minutes after midnight of the simulated day; a valid schedule covers 00:00-24:00 with no gaps.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date, timedelta

from propersim_gym.personas.schema import MINUTES_PER_DAY, format_clock
from propersim_gym.taxonomy import ActivityKind, UserState

#: Day 0 of every study, as in the paper: Thursday, February 13, 2025.
START_DATE = date(2025, 2, 13)


def day_date(day: int) -> date:
    """Calendar date of study day ``day`` (0-based)."""
    return START_DATE + timedelta(days=day)


@dataclass(frozen=True, slots=True)
class SubAction:
    """A 5-30 minute piece of an activity, where it happens and how interruptible the user is."""

    start: int
    end: int
    activity: str
    detail: str
    kind: ActivityKind
    state: UserState
    arena: str
    obj: str

    @property
    def description(self) -> str:
        """E.g. "preparing breakfast (brewing coffee)"."""
        return f"{self.activity} ({self.detail})" if self.detail else self.activity

    @property
    def location(self) -> str:
        """E.g. "kitchen: cooking area"."""
        return f"{self.arena}: {self.obj}"

    def span(self) -> str:
        return f"{format_clock(self.start)}-{format_clock(self.end)}"


@dataclass(frozen=True, slots=True)
class Activity:
    """An activity with its time range, e.g. 07:00-07:30 preparing breakfast."""

    start: int
    end: int
    description: str
    kind: ActivityKind
    subactions: tuple[SubAction, ...]


class ScheduleError(ValueError):
    """A day schedule that is not a gap-free cover of 24 hours."""


@dataclass(frozen=True)
class DaySchedule:
    """The full 24 hours of one simulated day for one persona."""

    persona_id: int
    day: int
    activities: tuple[Activity, ...]
    _starts: list[int] = field(init=False, repr=False, compare=False)
    _subs: list[SubAction] = field(init=False, repr=False, compare=False)
    wake_minute: int = field(init=False, compare=False)
    """First minute the user is awake."""
    sleep_minute: int = field(init=False, compare=False)
    """Minute the user goes to sleep for the night."""

    def __post_init__(self) -> None:
        subs = [s for a in self.activities for s in a.subactions]
        object.__setattr__(self, "_subs", subs)
        object.__setattr__(self, "_starts", [s.start for s in subs])
        self.validate()
        awake = [s for s in subs if s.state is not UserState.ASLEEP]
        object.__setattr__(self, "wake_minute", awake[0].start if awake else MINUTES_PER_DAY)
        object.__setattr__(self, "sleep_minute", max((s.end for s in awake), default=0))

    @property
    def date(self) -> date:
        return day_date(self.day)

    @property
    def weekday(self) -> str:
        return self.date.strftime("%A")

    @property
    def subactions(self) -> list[SubAction]:
        return self._subs

    def at(self, minute: float) -> SubAction:
        """The sub-action going on at ``minute`` (0 <= minute < 1440)."""
        if not 0 <= minute < MINUTES_PER_DAY:
            raise ValueError(f"minute must lie in [0, 1440), got {minute}")
        return self._subs[bisect.bisect_right(self._starts, minute) - 1]

    def validate(self) -> None:
        """Raise ScheduleError unless sub-actions tile 00:00-24:00 exactly, each 1-240 minutes."""
        if not self._subs:
            raise ScheduleError("schedule has no sub-actions")
        cursor = 0
        for activity in self.activities:
            if not activity.subactions:
                raise ScheduleError(f"activity {activity.description!r} has no sub-actions")
            if activity.start != activity.subactions[0].start or activity.end != activity.subactions[-1].end:
                raise ScheduleError(f"activity {activity.description!r} does not match its sub-actions")
            for sub in activity.subactions:
                if sub.start != cursor:
                    kind = "gap" if sub.start > cursor else "overlap"
                    raise ScheduleError(f"{kind} at {format_clock(cursor)} before {sub.description!r}")
                if sub.end <= sub.start:
                    raise ScheduleError(f"sub-action {sub.description!r} ends before it starts")
                cursor = sub.end
        if cursor != MINUTES_PER_DAY:
            raise ScheduleError(f"schedule ends at {format_clock(cursor)}, not 24:00")

    def timeline(self) -> str:
        """A readable timeline of the day, one activity per line with its sub-actions below."""
        lines = [f"Day {self.day} - {self.weekday} {self.date.isoformat()} - persona {self.persona_id}"]
        for a in self.activities:
            lines.append(f"{format_clock(a.start)}-{format_clock(a.end)}  {a.description}  [{a.kind.value}]")
            if len(a.subactions) > 1 or a.subactions[0].detail:
                for s in a.subactions:
                    lines.append(f"    {s.span()}  {s.detail or s.activity}  ({s.state.value}, {s.location})")
        return "\n".join(lines)
