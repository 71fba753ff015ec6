"""LLMUser: a Generative-Agents-style planner — wake-up and bedtime, a broad daily plan, an hourly
schedule, then each activity decomposed into 10/15/30-minute steps, all at home.

The model writes the content; this module checks its shape and turns it into the same
``DaySchedule`` as the offline user: times snapped to 5 minutes and clipped to the waking day,
activity kinds from the shared taxonomy (a kind the model names wrongly is read from the text),
places from the household mapping and interruptibility from the shared state rules. A step whose
answer cannot be used is asked again with another seed, up to ``plan_retries`` times, then PlanError
says which step failed and why. Days are memoised per (persona, day, seed); the LLM calls
themselves sit in the client's response cache, so a replayed run plans the very same day.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from itertools import pairwise
from typing import Any, TypeVar

import numpy as np

from propersim_gym.household import LIN_HOUSE, locate_parts
from propersim_gym.llm.client import LLMClient
from propersim_gym.llm.errors import PlanError, StructuredOutputError
from propersim_gym.llm.templates import render
from propersim_gym.personas.schema import MINUTES_PER_DAY, Persona, format_clock, parse_clock
from propersim_gym.taxonomy import ActivityKind as K
from propersim_gym.user.schedule import Activity, DaySchedule, ScheduleError, SubAction, day_date
from propersim_gym.user.states import state_for

T = TypeVar("T")
GRID = 5
MAX_SUB = 240
MIN_BLOCK = 10
MAX_STEP = 30

WAKE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"wake_up": {"type": "string"}, "bedtime": {"type": "string"}},
    "required": ["wake_up", "bedtime"],
    "examples": [{"wake_up": "07:00", "bedtime": "23:00"}],
}
PLAN_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "plan": {
            "type": "array",
            "minItems": 2,
            "examples": [
                [
                    "wake up and wash at 7:00",
                    "breakfast at 7:30",
                    "work from 9:00",
                    "lunch at 12:30",
                    "dinner at 19:00",
                    "read before bed",
                ]
            ],
        }
    },
    "required": ["plan"],
}
HOURLY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "schedule": {
            "type": "array",
            "minItems": 3,
            "examples": [
                [
                    {"start": "07:00", "activity": "morning routine", "kind": "hygiene"},
                    {"start": "07:30", "activity": "breakfast", "kind": "meal"},
                    {"start": "09:00", "activity": "working at the desk", "kind": "work"},
                    {"start": "12:30", "activity": "lunch", "kind": "meal"},
                    {"start": "13:30", "activity": "working at the desk", "kind": "work"},
                    {"start": "18:30", "activity": "cooking dinner", "kind": "cooking"},
                    {"start": "19:30", "activity": "relaxing on the sofa", "kind": "leisure"},
                ]
            ],
            "items": {
                "type": "object",
                "properties": {
                    "start": {"type": "string"},
                    "activity": {"type": "string"},
                    "kind": {"type": "string"},
                },
                "required": ["start", "activity"],
            },
        }
    },
    "required": ["schedule"],
}
DECOMPOSE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "steps": {
            "type": "array",
            "minItems": 1,
            "examples": [
                [
                    {"step": "getting started", "minutes": 15},
                    {"step": "the main part", "minutes": 30},
                    {"step": "wrapping up", "minutes": 15},
                ]
            ],
            "items": {
                "type": "object",
                "properties": {"step": {"type": "string"}, "minutes": {"type": "number"}},
                "required": ["step"],
            },
        }
    },
    "required": ["steps"],
}

# Keyword rules to read an activity kind from text when the model's kind is missing or invalid.
_KIND_WORDS: list[tuple[K, str]] = [
    (K.SLEEP, r"sleep|nap\b|bed\b"),
    (
        K.HYGIENE,
        r"shower|bath|brush|toilet|dress|groom|hygiene|wash(?:ing)? (?:up|face)|skincare|morning routine",
    ),
    (K.COOKING, r"cook|bake|prepar\w* (?:breakfast|lunch|dinner|meal|food)|recipe|kitchen"),
    (K.MEAL, r"\beat|breakfast|lunch|dinner|meal|snack|coffee|tea\b"),
    (K.WORK, r"work|email|meeting|client|office|report|project|deadline"),
    (K.EXERCISE, r"exercis|workout|yoga|stretch|run\b|jog|gym|pilates|dance"),
    (K.MEDITATION, r"meditat|breath|mindful"),
    (K.JOURNALING, r"journal|diary|reflect"),
    (K.READING, r"read|book|novel|magazine|news"),
    (K.GARDENING, r"garden|plant|water\w* the|weed|flower"),
    (K.SOCIAL, r"call|friend|family|chat|messag|visit|guest|host"),
    (K.CHORES, r"clean|tidy|laundry|dish|vacuum|chore|organi[sz]|grocer|errand|bills"),
    (K.PLANNING, r"plan|schedule|to-do|calendar|budget"),
    (K.HOBBY, r"sketch|draw|paint|knit|craft|music|guitar|piano|hobby|puzzle|game"),
    (K.LEISURE, r"tv|film|movie|series|watch|podcast|relax|scroll"),
    (K.REST, r"rest|break|lie down|unwind|wind down"),
]
_KIND_RES = [(kind, re.compile(words)) for kind, words in _KIND_WORDS]


def guess_kind(text: str, default: K = K.LEISURE) -> K:
    """An activity kind read from free text by keyword rules (first match in a fixed order)."""
    lowered = text.casefold()
    for kind, pattern in _KIND_RES:
        if pattern.search(lowered):
            return kind
    return default


def read_kind(value: object, text: str) -> tuple[K, bool]:
    """(kind, whether it had to be guessed) from the model's kind field, else from the text."""
    if isinstance(value, str):
        cleaned = value.strip().casefold().replace(" ", "_")
        try:
            return K(cleaned), False
        except ValueError:
            pass
    return guess_kind(text), True


def snap(minute: float) -> int:
    """Round to the 5-minute grid."""
    return int(GRID * round(minute / GRID))


def routine_text(persona: Persona) -> str:
    """The persona's usual routine as prose for the planning prompts."""
    r = persona.routine
    work = r.work
    if work.kind == "none":
        work_line = "No paid work at home."
    else:
        days = ", ".join(d.capitalize() for d in work.days)
        work_line = (
            f"Work at home ({work.kind} hours {format_clock(work.start)}-{format_clock(work.end)} "
            f"on {days}): {work.description}."
        )
    return (
        f"Weekdays: up at {format_clock(r.weekday.wake)}, in bed by {format_clock(r.weekday.sleep)}. "
        f"Weekends: up at {format_clock(r.weekend.wake)}, in bed by {format_clock(r.weekend.sleep)}.\n"
        f"Meals around {format_clock(r.meals.breakfast)}, {format_clock(r.meals.lunch)} and "
        f"{format_clock(r.meals.dinner)}.\n{work_line}"
    )


class LLMUser:
    """UserSimulator whose days are planned by an LLM (see the module docstring)."""

    name = "llm"

    def __init__(
        self,
        client: LLMClient,
        *,
        temperature: float = 0.7,
        plan_retries: int = 2,
        decompose: bool = True,
        max_tokens: int = 512,
    ) -> None:
        self.client = client
        self.temperature = temperature
        self.plan_retries = plan_retries
        self.decompose = decompose
        self.max_tokens = max_tokens
        self._memo: dict[tuple[int, str, int, int], DaySchedule] = {}
        self.guessed_kinds = 0

    def plan_day(self, persona: Persona, day: int, rng: np.random.Generator) -> DaySchedule:
        """The validated 24 h schedule of ``day``; the seed is drawn from ``rng``."""
        if day < 0:
            raise ValueError(f"day must be 0 or more, got {day}")
        seed = int(rng.integers(0, 2**31 - 1))
        key = (persona.id, persona.name, day, seed)
        if key not in self._memo:
            self._memo[key] = self._plan(persona, day, seed)
        return self._memo[key]

    # --- the four planning steps --------------------------------------------------------------

    def _ask(
        self,
        step: str,
        persona: Persona,
        day: int,
        seed: int,
        template: str,
        schema: dict[str, Any],
        fields: dict[str, str],
        check: Callable[[dict[str, Any]], T],
    ) -> T:
        """Ask one planning step, retrying with new seeds until ``check`` accepts the answer."""
        problems = []
        for attempt in range(self.plan_retries + 1):
            messages = [
                {"role": "system", "content": render("user_system", areas=areas_text())},
                {"role": "user", "content": render(template, person=person_text(persona, day), **fields)},
            ]
            try:
                answer = self.client.complete(
                    messages,
                    component="user_planning",
                    temperature=self.temperature,
                    seed=seed + attempt,
                    max_tokens=self.max_tokens,
                    json_schema=schema,
                )
                return check(answer.parsed or {})
            except (StructuredOutputError, ValueError) as err:
                problems.append(f"try {attempt + 1}: {err}")
        raise PlanError(
            f"LLM user ({self.client.backend}:{self.client.model}) could not plan the {step} of persona "
            f"{persona.id} for day {day} after {self.plan_retries + 1} tries: " + "; ".join(problems)
        )

    def _plan(self, persona: Persona, day: int, seed: int) -> DaySchedule:
        wake, bed = self._ask(
            "wake-up and bedtime", persona, day, seed, "user_wake", WAKE_SCHEMA, {}, _check_wake
        )
        plan = self._ask(
            "daily plan",
            persona,
            day,
            seed + 100,
            "user_plan",
            PLAN_SCHEMA,
            {"wake": format_clock(wake), "bedtime": format_clock(bed)},
            _check_plan,
        )
        blocks = self._ask(
            "hourly schedule",
            persona,
            day,
            seed + 200,
            "user_hourly",
            HOURLY_SCHEMA,
            {
                "plan": "\n".join(f"- {p}" for p in plan),
                "wake": format_clock(wake),
                "bedtime": format_clock(bed),
                "kinds": ", ".join(k.value for k in K if k is not K.SLEEP),
            },
            lambda parsed: _check_hourly(parsed, wake, bed),
        )
        activities = [_sleep_activity(0, wake)]
        for i, (start, end, text, kind, guessed) in enumerate(blocks):
            self.guessed_kinds += int(guessed)
            if self.decompose and end - start >= 2 * MIN_BLOCK and kind is not K.SLEEP:
                steps = self._ask(
                    f"steps of {text!r}",
                    persona,
                    day,
                    seed + 300 + i,
                    "user_decompose",
                    DECOMPOSE_SCHEMA,
                    {
                        "start": format_clock(start),
                        "end": format_clock(end),
                        "minutes": str(end - start),
                        "activity": text,
                    },
                    lambda parsed, s=start, e=end: _check_steps(parsed, s, e),
                )
            else:
                steps = _even_steps(start, end, text)
            activities.append(_activity(start, end, text, kind, steps))
        activities.append(_sleep_activity(bed, MINUTES_PER_DAY))
        try:
            return DaySchedule(persona_id=persona.id, day=day, activities=tuple(activities))
        except ScheduleError as err:  # pragma: no cover - the checks above make this unreachable
            raise PlanError(
                f"LLM user produced an invalid schedule for persona {persona.id} day {day}: {err}"
            ) from err

    # --- prompt pieces ------------------------------------------------------------------------


# --- checks that turn model answers into schedule pieces ----------------------------------------


def _clock(value: object) -> int:
    text = str(value).strip().lower().replace(".", ":")
    match = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?\s*(am|pm)?", text)
    if not match:
        raise ValueError(f"not a clock time: {value!r}")
    hours, mins, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half == "pm" and hours < 12:
        hours += 12
    if half == "am" and hours == 12:
        hours = 0
    return parse_clock(f"{hours:02d}:{mins:02d}")


def _check_wake(parsed: dict[str, Any]) -> tuple[int, int]:
    wake, bed = snap(_clock(parsed["wake_up"])), snap(_clock(parsed["bedtime"]))
    if bed == 0 or bed == MINUTES_PER_DAY:
        bed = MINUTES_PER_DAY - GRID
    if not 4 * 60 <= wake <= 12 * 60:
        raise ValueError(f"wake-up {format_clock(wake)} is not between 04:00 and 12:00")
    if not 19 * 60 <= bed <= MINUTES_PER_DAY - GRID or bed - wake < 10 * 60:
        raise ValueError(f"bedtime {format_clock(bed)} is not between 19:00 and 23:55, 10 h after waking")
    return wake, bed


def _item_text(item: object) -> str:
    """A plan item as one line: strings as they are, objects as their values joined."""
    if isinstance(item, dict):
        return " ".join(" ".join(str(v).split()) for v in item.values() if isinstance(v, (str, int, float)))
    return " ".join(str(item).split())


def _check_plan(parsed: dict[str, Any]) -> list[str]:
    items = [_item_text(p)[:160] for p in parsed["plan"] if _item_text(p)]
    if len(items) < 2:
        raise ValueError("the plan needs at least 2 non-empty items")
    return items[:16]


def _check_hourly(parsed: dict[str, Any], wake: int, bed: int) -> list[tuple[int, int, str, K, bool]]:
    entries: dict[int, tuple[str, object]] = {}
    for item in parsed["schedule"]:
        text = " ".join(str(item.get("activity", "")).split())[:120]
        try:
            start = snap(_clock(item.get("start", "")))
        except ValueError:
            continue
        if text and wake - 60 <= start < bed:
            entries.setdefault(max(start, wake), (text, item.get("kind")))
    starts = sorted(entries)
    if len(starts) < 3:
        raise ValueError(
            f"the schedule has {len(starts)} usable activities between "
            f"{format_clock(wake)} and {format_clock(bed)}; at least 3 are needed"
        )
    if starts[0] > wake + 60:
        raise ValueError(f"the schedule starts at {format_clock(starts[0])}, over an hour after waking")
    if starts[0] != wake:  # the first activity begins on waking
        entries[wake] = entries.pop(starts[0])
        starts = sorted(entries)
    blocks: list[tuple[int, int, str, K, bool]] = []
    for start, end in zip(starts, [*starts[1:], bed], strict=True):
        text, kind_field = entries[start]
        if blocks and end - start < MIN_BLOCK:  # too short: the previous activity runs on
            prev = blocks[-1]
            blocks[-1] = (prev[0], end, prev[2], prev[3], prev[4])
            continue
        kind, guessed = read_kind(kind_field, text)
        if kind is K.SLEEP:
            kind = K.REST
        blocks.append((start, end, text, kind, guessed))
    return blocks


def _check_steps(parsed: dict[str, Any], start: int, end: int) -> list[tuple[int, int, str]]:
    raw = []
    for item in parsed["steps"]:
        text = " ".join(str(item.get("step", "")).split())[:100]
        minutes = item.get("minutes", 15)
        if text and isinstance(minutes, (int, float)) and not isinstance(minutes, bool) and minutes > 0:
            raw.append((text, float(minutes)))
    if not raw:
        raise ValueError("no usable steps (each needs a description and positive minutes)")
    total = end - start
    raw = raw[: max(1, total // GRID)]
    scale = total / sum(m for _, m in raw)
    lengths = [max(GRID, snap(m * scale)) for _, m in raw]
    while sum(lengths) > total:  # trim the longest until the steps fit exactly
        i = int(np.argmax(lengths))
        lengths[i] -= GRID
        if lengths[i] < GRID:
            lengths.pop(i)
            raw.pop(i)
    lengths[-1] += total - sum(lengths)
    steps, cursor = [], start
    for (text, _), length in zip(raw, lengths, strict=True):
        pieces = -(-length // MAX_STEP)  # a long step is cut into pieces of at most 30 minutes
        cuts = [*(cursor + snap(length * k / pieces) for k in range(pieces)), cursor + length]
        steps += [(a, b, text) for a, b in pairwise(cuts) if b > a]
        cursor += length
    return steps


def _even_steps(start: int, end: int, text: str) -> list[tuple[int, int, str]]:
    """A block left whole, or cut into <= 30-minute pieces when decomposition is off."""
    cuts = [*range(start, end, 30), end]
    return [(a, b, "" if len(cuts) == 2 else text) for a, b in pairwise(cuts)]


def _activity(start: int, end: int, text: str, kind: K, steps: list[tuple[int, int, str]]) -> Activity:
    subs = []
    for a, b, detail in steps:
        detail = "" if detail.casefold() == text.casefold() else detail
        arena, obj = locate_parts(kind, text, detail)
        subs.append(SubAction(a, b, text, detail, kind, state_for(kind, text, detail), arena, obj))
    return Activity(start, end, text, kind, tuple(subs))


def _sleep_activity(start: int, end: int) -> Activity:
    cuts = [*range(start, end, MAX_SUB), end]
    arena, obj = locate_parts(K.SLEEP, "sleeping", "")
    subs = tuple(
        SubAction(a, b, "sleeping", "", K.SLEEP, state_for(K.SLEEP, "sleeping", ""), arena, obj)
        for a, b in pairwise(cuts)
    )
    return Activity(start, end, "sleeping", K.SLEEP, subs)


def schedule_summary(schedule: DaySchedule) -> str:
    """Compact JSON of a schedule's activities (for logs and tests)."""
    return json.dumps(
        [
            [format_clock(a.start), format_clock(a.end), a.description, a.kind.value]
            for a in schedule.activities
        ]
    )


def person_text(persona: Persona, day: int) -> str:
    """The persona block every user prompt starts with: profile, routine, activities and the date."""
    date = day_date(day)
    return render(
        "user_person",
        profile=persona.profile_text(),
        routine=routine_text(persona),
        activities="\n".join(
            f"- {a.name} ({a.kind.value}, {a.minutes[0]}-{a.minutes[1]} min)" for a in persona.activities
        ),
        date=f"{date.strftime('%A')}, {date.strftime('%B')} {date.day}, {date.year}",
    )


def areas_text() -> str:
    """The household's areas and their objects, as the user's system prompt lists them."""
    return "; ".join(f"{a.name} ({', '.join(o.name for o in a.objects)})" for a in LIN_HOUSE.arenas)
