"""The assistant's structured daily memory, as in the paper, rendered as text for an observation.

It holds raw events of the last 10 minutes (4 steps), the completed hourly summaries of the current
4-hour block and the latest 4-hour summary. Levels follow the paper's baselines: ``none`` (current
action only), ``A`` (actions), ``AR`` (actions + recommendations), ``ARS`` (+ scores).
Summaries are deterministic templates; each line is formatted once, when its event is added.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from propersim_gym.personas.schema import format_clock
from propersim_gym.protocol import NO_RECOMMENDATION

MemoryLevel = Literal["none", "A", "AR", "ARS"]
MEMORY_LEVELS: tuple[str, ...] = ("none", "A", "AR", "ARS")
RAW_EVENTS = 4
BLOCK_HOURS = 4
_SNIPPET = 70


@dataclass(frozen=True, slots=True)
class MemoryEvent:
    """One awake step as the assistant remembers it."""

    minute: float
    activity: str
    description: str
    recommendation: str | None
    score: int


def _snippet(text: str) -> str:
    return text if len(text) <= _SNIPPET else text[: _SNIPPET - 3] + "..."


class InteractionMemory:
    """Today's events and their summaries at one memory level."""

    def __init__(self, level: MemoryLevel = "ARS") -> None:
        if level not in MEMORY_LEVELS:
            raise ValueError(f"memory level must be one of {MEMORY_LEVELS}, got {level!r}")
        self.level = level
        self.events: list[MemoryEvent] = []
        self._lines: list[str] = []
        self._hour_summaries: dict[int, str] = {}

    def clear(self) -> None:
        self.events.clear()
        self._lines.clear()
        self._hour_summaries.clear()

    def add(self, event: MemoryEvent) -> None:
        """Record a step (no-op at level ``none``)."""
        if self.level == "none":
            return
        self.events.append(event)
        self._lines.append(self._format_event(event))

    def _format_event(self, e: MemoryEvent) -> str:
        minute = int(e.minute)
        line = f"{minute // 60:02d}:{minute % 60:02d} user: {e.description}"
        if self.level == "A":
            return line
        said = f'"{_snippet(e.recommendation)}"' if e.recommendation is not None else NO_RECOMMENDATION
        line += f" | assistant: {said}"
        if self.level == "ARS":
            line += f" | score {e.score}/4"
        return line

    def _summarise(self, events: list[MemoryEvent], start_hour: int, hours: int) -> str:
        span = f"{format_clock(start_hour * 60)}-{format_clock((start_hour + hours) * 60)}"
        if not events:
            return f"{span}: asleep"
        activities: list[str] = []
        for e in events:
            if e.activity not in activities:
                activities.append(e.activity)
        shown = ", ".join(activities[:4]) + (
            f" and {len(activities) - 4} more" if len(activities) > 4 else ""
        )
        text = f"{span}: {shown}"
        if self.level in ("AR", "ARS"):
            recs = [e for e in events if e.recommendation is not None]
            text += f"; {len(recs)} recommendation{'s' if len(recs) != 1 else ''}"
            if recs:
                text += f' (last: "{_snippet(recs[-1].recommendation or "")}")'
            if self.level == "ARS":
                mean = sum(e.score for e in events) / len(events)
                text += f"; mean score {mean:.1f}"
        return text

    def _events_between(self, start_min: int, end_min: int) -> list[MemoryEvent]:
        return [e for e in self.events if start_min <= e.minute < end_min]

    def _hour_summary(self, hour: int) -> str:
        cached = self._hour_summaries.get(hour)
        if cached is None:
            cached = self._summarise(self._events_between(hour * 60, hour * 60 + 60), hour, 1)
            self._hour_summaries[hour] = cached
        return cached

    def text(self, now: float) -> str:
        """The memory block for an observation at minute ``now``."""
        if self.level == "none":
            return ""
        hour = int(now // 60)
        block_start = hour - hour % BLOCK_HOURS
        parts: list[str] = []
        if block_start >= BLOCK_HOURS:
            prev = block_start - BLOCK_HOURS
            key = -1 - prev  # 4-hour summaries share the cache under negative keys
            summary = self._hour_summaries.get(key)
            if summary is None:
                summary = self._summarise(
                    self._events_between(prev * 60, block_start * 60), prev, BLOCK_HOURS
                )
                self._hour_summaries[key] = summary
            parts.append(f"[last 4 hours] {summary}")
        hours = [self._hour_summary(h) for h in range(block_start, hour)]
        if hours:
            parts.append("[this block, by hour]\n" + "\n".join(hours))
        recent = self._lines[-RAW_EVENTS:]
        if recent:
            parts.append("[last 10 minutes]\n" + "\n".join(recent))
        return "\n".join(parts)
