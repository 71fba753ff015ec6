"""Routine-cue parser: wake, sleep and meal clock times that the profile texts state.

Routine cues (:func:`parse_routine_cues`)
-----------------------------------------
"wakes up at H", "starts the day ... at H", "after I wake up at H" -> wake; "sleeps in" / "wake up
late" -> wake 09:30; "bedtime at H", "(heading) to bed at H" -> sleep; "in bed by H" -> H+60;
"winds down / unwinding ... by/at H" -> H+90; "until 12am / midnight", "past / before midnight" ->
23:59; "late into the night", "stays up late", "late nights" -> 23:30; "breakfast / lunch (break) /
dinner at H" -> that meal. Times computed from a stated phrase by a rule (H+60, H+90, 23:59, 23:30,
09:30) are listed in ``RoutineCues.derived`` so the importer reports them as ``partial``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from propersim_gym.personas.rubric_text.common import SUFFIXED, clock_minutes


@dataclass(frozen=True)
class RoutineCues:
    """Clock times of the routine that the profile texts state, with the phrase for each."""

    values: dict[str, int]
    evidence: dict[str, str]
    derived: dict[str, str] = field(
        default_factory=dict
    )  # key -> the rule that turned the phrase into a time


_WAKE_AT = re.compile(
    rf"\bwak(?:e|es|ing) up\s+(?:at|around|by|about)\s+{SUFFIXED}"
    rf"|\b(?:starts?|begins?)\s+(?:the|her|his|their|my)\s+day\s+(?:(?:with"
    rf"|by)\s+[^.]*?\s+)?at\s+{SUFFIXED}",
    re.IGNORECASE,
)
_LATE_WAKE = re.compile(r"\bsleeps? in\b|\bwake up late\b|\bwakes up late\b", re.IGNORECASE)
_SLEEP_AT = re.compile(
    rf"\b(?:bedtime|to bed|heading to bed|goes to bed|go to bed|asleep)\s+(?:at|around|by)\s+{SUFFIXED}",
    re.IGNORECASE,
)
_IN_BED_BY = re.compile(rf"\bin bed\s+(?:by|at)\s+{SUFFIXED}", re.IGNORECASE)
_WIND_DOWN = re.compile(
    rf"\b(?:wind(?:s|ing)? down|unwind(?:s|ing)?)\b[^.]*?\b(?:by|at)\s+{SUFFIXED}", re.IGNORECASE
)
_MIDNIGHT = re.compile(
    r"\buntil\s+12\s*am\b|\buntil midnight\b|\bpast midnight\b|\bbefore midnight\b|\bafter midnight\b",
    re.IGNORECASE,
)
_LATE_NIGHT = re.compile(
    r"\blate into the night\b|\bstays? up late\b|\blate nights?\b|\blate-night\b", re.IGNORECASE
)
_MEAL_AT = re.compile(
    rf"\b(breakfast|lunch|dinner)(?:\s+break)?\s+at\s+(?:precisely\s+|around\s+|about\s+)?{SUFFIXED}",
    re.IGNORECASE,
)


def parse_routine_cues(texts: Iterable[str]) -> RoutineCues:
    """Wake, sleep and meal clock times that the texts state (first statement of each wins)."""
    values: dict[str, int] = {}
    evidence: dict[str, str] = {}
    derived: dict[str, str] = {}

    def put(key: str, minutes: int, phrase: str, rule: str = "") -> None:
        if key not in values:
            values[key] = minutes
            evidence[key] = phrase
            if rule:
                derived[key] = rule

    for text in texts:
        for m in _WAKE_AT.finditer(text):
            g = [x for x in m.groups()]
            hour, minute, suffix = (g[0], g[1], g[2]) if g[0] else (g[3], g[4], g[5])
            put("wake", clock_minutes(hour, minute, suffix), m.group(0))
        for m in _MEAL_AT.finditer(text):
            put(m.group(1).lower(), clock_minutes(m.group(2), m.group(3), m.group(4)), m.group(0))
        for m in _SLEEP_AT.finditer(text):
            t = clock_minutes(m.group(1), m.group(2), m.group(3))
            put("sleep", min(t if t else 24 * 60, 24 * 60 - 1), m.group(0))
        for m in _IN_BED_BY.finditer(text):
            t = clock_minutes(m.group(1), m.group(2), m.group(3))
            put("sleep", min(t + 60, 24 * 60 - 1), m.group(0), "in bed by H -> sleep at H + 60")
        for m in _MIDNIGHT.finditer(text):
            put("sleep", 24 * 60 - 1, m.group(0), "midnight -> 23:59, the latest the schema allows")
        for m in _WIND_DOWN.finditer(text):
            t = clock_minutes(m.group(1), m.group(2), m.group(3))
            put("sleep", min(t + 90, 24 * 60 - 1), m.group(0), "winding down at H -> sleep at H + 90")
        for m in _LATE_NIGHT.finditer(text):
            put("sleep", 23 * 60 + 30, m.group(0), "late nights -> sleep at 23:30")
        for m in _LATE_WAKE.finditer(text):
            put("wake", 9 * 60 + 30, m.group(0), "sleeping in -> wake at 09:30")
    return RoutineCues(values, evidence, derived)
