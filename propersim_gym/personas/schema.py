"""The persona file format: a pydantic schema that validates every persona and its rubric.

Each rubric dimension carries the persona's own first-person ``text`` (what an LLM judge reads)
and structured fields that say the same thing (what the offline judge checks).
Clock times are written "HH:MM" in files and held as minutes after midnight.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, model_validator

from propersim_gym.taxonomy import ActivityKind, Boundary, Tone, Topic, UserState

Level = Literal["high", "low"]
TRAITS = ("extraversion", "agreeableness", "conscientiousness", "openness", "neuroticism")
MINUTES_PER_DAY = 24 * 60


def parse_clock(value: object) -> int:
    """Accept "HH:MM" (or minutes as an int) and return minutes after midnight."""
    if isinstance(value, bool):
        raise ValueError("expected a clock time 'HH:MM'")
    if isinstance(value, int):
        minutes = value
    elif isinstance(value, str):
        parts = value.strip().split(":")
        if len(parts) != 2 or not all(p.isdigit() for p in parts):
            raise ValueError(f"expected a clock time 'HH:MM', got {value!r}")
        hours, mins = int(parts[0]), int(parts[1])
        if mins >= 60:
            raise ValueError(f"minutes must be below 60 in {value!r}")
        minutes = hours * 60 + mins
    else:
        raise ValueError(f"expected a clock time 'HH:MM', got {type(value).__name__}")
    if not 0 <= minutes <= MINUTES_PER_DAY:
        raise ValueError(f"clock time must lie between 00:00 and 24:00, got {value!r}")
    return minutes


def format_clock(minutes: int) -> str:
    """Minutes after midnight as "HH:MM"."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


ClockTime = Annotated[int, BeforeValidator(parse_clock), PlainSerializer(format_clock, return_type=str)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BigFive(_Strict):
    """High/Low level on each Big-Five trait."""

    extraversion: Level
    agreeableness: Level
    conscientiousness: Level
    openness: Level
    neuroticism: Level

    @property
    def code(self) -> str:
        """Five letters in E, A, C, O, N order, e.g. "HLHHL"."""
        return "".join(getattr(self, t)[0].upper() for t in TRAITS)

    def describe(self) -> str:
        """The paper's phrasing: "High in Extraversion, Low in Agreeableness, ..."."""
        return ", ".join(f"{getattr(self, t).capitalize()} in {t.capitalize()}" for t in TRAITS)

    @classmethod
    def from_code(cls, code: str) -> BigFive:
        """Build from five H/L letters in E, A, C, O, N order."""
        code = code.strip().upper()
        if len(code) != 5 or set(code) - {"H", "L"}:
            raise ValueError(f"Big-Five code must be five letters H/L (E A C O N), got {code!r}")
        return cls(**{t: ("high" if c == "H" else "low") for t, c in zip(TRAITS, code, strict=True)})


class DayPattern(_Strict):
    """Usual wake and sleep times for one kind of day. Sleep must be before midnight."""

    wake: ClockTime
    sleep: ClockTime

    @model_validator(mode="after")
    def _order(self) -> DayPattern:
        if not 3 * 60 <= self.wake < self.sleep <= MINUTES_PER_DAY - 1:
            raise ValueError("wake must be after 03:00 and before sleep, and sleep no later than 23:59")
        return self


class Meals(_Strict):
    """Usual meal start times."""

    breakfast: ClockTime
    lunch: ClockTime
    dinner: ClockTime


class WorkPattern(_Strict):
    """Work done at home: fixed hours, flexible blocks, or none."""

    kind: Literal["fixed", "flexible", "none"]
    start: ClockTime | None = None
    end: ClockTime | None = None
    days: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = Field(default_factory=list)
    description: str = "working at the desk"

    @model_validator(mode="after")
    def _hours(self) -> WorkPattern:
        if self.kind != "none":
            if self.start is None or self.end is None or self.start >= self.end:
                raise ValueError("a work pattern needs start before end")
            if not self.days:
                raise ValueError("a work pattern needs at least one working day")
        return self


class Routine(_Strict):
    """The persona's usual day: wake/sleep on weekdays and weekends, meals, work at home."""

    weekday: DayPattern
    weekend: DayPattern
    meals: Meals
    work: WorkPattern


class PersonaActivity(_Strict):
    """Something this persona does at home that the user simulator can schedule."""

    name: str = Field(min_length=3)
    kind: ActivityKind
    minutes: tuple[int, int] = Field(description="shortest and longest duration")
    per_week: float = Field(gt=0, le=14)
    when: Literal["morning", "afternoon", "evening", "any"] = "any"
    steps: list[str] = Field(min_length=1, description="sub-action details, in order")
    state: UserState | None = None

    @model_validator(mode="after")
    def _duration(self) -> PersonaActivity:
        low, high = self.minutes
        if not 5 <= low <= high <= 240:
            raise ValueError("minutes must be (low, high) with 5 <= low <= high <= 240")
        return self


class TopicWant(_Strict):
    """A wanted topic, optionally only in some situations (empty = welcome in any situation)."""

    topic: Topic
    situations: list[ActivityKind] = Field(default_factory=list)


class PreferenceRubric(_Strict):
    text: str = Field(min_length=20)
    wanted: list[TopicWant] = Field(min_length=1)
    disliked: list[Topic] = Field(default_factory=list)

    @model_validator(mode="after")
    def _disjoint(self) -> PreferenceRubric:
        both = {w.topic for w in self.wanted} & set(self.disliked)
        if both:
            raise ValueError(f"topics both wanted and disliked: {sorted(t.value for t in both)}")
        return self

    @property
    def wanted_topics(self) -> frozenset[Topic]:
        return frozenset(w.topic for w in self.wanted)


class FrequencyRubric(_Strict):
    text: str = Field(min_length=20)
    min_gap_minutes: int = Field(ge=15, le=12 * 60, description="closest two recommendations may be")
    max_gap_minutes: int = Field(ge=60, le=18 * 60, description="longest time awake without one")
    per_day: tuple[int, int] = Field(description="fewest and most recommendations wanted a day")
    overdue_counts: Literal["any", "useful"] = Field(
        "any",
        description='what ends a stretch "without anything": any suggestion that says something, or only a '
        'useful (welcome) one when the text says "without anything useful"',
    )

    @model_validator(mode="after")
    def _band(self) -> FrequencyRubric:
        low, high = self.per_day
        if not 1 <= low <= high <= 30:
            raise ValueError("per_day must be (low, high) with 1 <= low <= high <= 30")
        if self.min_gap_minutes >= self.max_gap_minutes:
            raise ValueError("min_gap_minutes must be below max_gap_minutes")
        return self


class TimeWindow(_Strict):
    """A stretch of the day when recommendations are welcome."""

    start: ClockTime
    end: ClockTime
    label: str = ""

    @model_validator(mode="after")
    def _order(self) -> TimeWindow:
        if self.start >= self.end:
            raise ValueError("a time window must start before it ends")
        return self

    def contains(self, minute: int) -> bool:
        return self.start <= minute < self.end


class TimingRubric(_Strict):
    text: str = Field(min_length=20)
    windows: list[TimeWindow] = Field(min_length=1)
    do_not_interrupt: list[ActivityKind] = Field(default_factory=list)
    slack_minutes: int = Field(
        0, ge=0, le=60, description='minutes each window stretches at both ends when the text says "roughly"'
    )
    interrupt_only: dict[ActivityKind, list[str]] = Field(
        default_factory=dict,
        description="for a do-not-interrupt kind, the words of the activities the text means "
        '({"hygiene": ["bath"]} for "not while I\'m in the bath"): other activities of that kind are fine',
    )

    @model_validator(mode="after")
    def _no_overlap(self) -> TimingRubric:
        stray = set(self.interrupt_only) - set(self.do_not_interrupt)
        if stray:
            raise ValueError(
                f"interrupt_only names kinds not in do_not_interrupt: {sorted(k.value for k in stray)}"
            )
        if any(not words or not all(w.strip() for w in words) for words in self.interrupt_only.values()):
            raise ValueError("interrupt_only needs at least one non-empty word per kind")
        spans = sorted((w.start, w.end) for w in self.windows)
        for (_, end), (start, _) in pairwise(spans):
            if start < end:
                raise ValueError("time windows must not overlap")
        return self


class CommunicationRubric(_Strict):
    text: str = Field(min_length=20)
    tones: list[Tone] = Field(min_length=1, description="tones the persona accepts")
    max_words: int = Field(ge=5, le=200)
    never: list[Boundary] = Field(default_factory=lambda: list(Boundary))


class Rubric(_Strict):
    preference: PreferenceRubric
    frequency: FrequencyRubric
    timing: TimingRubric
    communication: CommunicationRubric


class Persona(_Strict):
    """One simulated user: profile, routine, home activities and rubric."""

    id: int = Field(ge=1)
    name: str = Field(min_length=1)
    pronouns: str
    age: int = Field(ge=18, le=100)
    big_five: BigFive
    background: str = Field(min_length=10)
    interests: list[str] = Field(min_length=1)
    lifestyle: list[str] = Field(min_length=1)
    daily_needs: list[str] = Field(min_length=1)
    long_term_goals: str = Field(min_length=10)
    routine: Routine
    activities: list[PersonaActivity] = Field(min_length=3)
    rubric: Rubric

    @model_validator(mode="after")
    def _consistent(self) -> Persona:
        earliest = min(self.routine.weekday.wake, self.routine.weekend.wake)
        latest = max(self.routine.weekday.sleep, self.routine.weekend.sleep)
        for window in self.rubric.timing.windows:
            if window.start < earliest or window.end > latest:
                raise ValueError(
                    f"timing window {format_clock(window.start)}-{format_clock(window.end)} "
                    "lies outside the persona's waking hours"
                )
        return self

    def profile_text(self) -> str:
        """A short prose profile, as an LLM user or judge would be given."""
        return (
            f"Name: {self.name} ({self.pronouns}), age {self.age}.\n"
            f"Personality: {self.big_five.describe()}.\n"
            f"Background: {self.background}\n"
            f"Interests: {'; '.join(self.interests)}.\n"
            f"Lifestyle: {'; '.join(self.lifestyle)}.\n"
            f"Daily needs: {'; '.join(self.daily_needs)}.\n"
            f"Long-term goals: {self.long_term_goals}"
        )
