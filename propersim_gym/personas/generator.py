"""Procedural persona generator: a new, consistent persona for any Big-Five combination and seed.

Trait-conditioned tables (:mod:`propersim_gym.personas.generator_tables`) give the name, occupation
theme, routine, activities and rubric numbers; the first-person rubric texts are filled from the
structured fields, so text and structure agree by construction. Every result passes the schema and
the checks of :mod:`propersim_gym.personas.checks` (a draw that does not is redrawn from the same
generator, so the output stays deterministic).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from propersim_gym.personas.checks import number_words, persona_problems
from propersim_gym.personas.generator_tables import (
    ADJECTIVES,
    CALM,
    DISLIKE_PHRASES,
    DNI_PHRASES,
    FAMILIAR,
    FIRST_NAMES,
    GOAL_TAILS,
    KIND_PHRASES,
    LAST_NAMES,
    NEEDS,
    OPEN,
    OPEN_CORE,
    OPENERS,
    POSSESSIVE,
    PRONOUNS,
    REFLEXIVE,
    SITUATIONS,
    STRUCTURE,
    THEMES,
    TONE_STYLES,
    TRAIT_ACTS,
    WANT_PHRASES,
    Act,
    Theme,
)
from propersim_gym.personas.rubric_text import window_slack
from propersim_gym.personas.schema import TRAITS, BigFive, Persona, format_clock
from propersim_gym.taxonomy import ActivityKind as K
from propersim_gym.taxonomy import Topic as T

__all__ = ["MAX_ATTEMPTS", "generate_persona"]

#: Draws tried before giving up (in practice one to a few suffice).
MAX_ATTEMPTS = 400


# --------------------------------------------------------------------------- small helpers


def _pick(rng: np.random.Generator, items: Sequence[Any]) -> Any:
    return items[int(rng.integers(len(items)))]


def _sample(rng: np.random.Generator, items: Sequence[Any], k: int) -> list[Any]:
    idx = rng.choice(len(items), size=min(k, len(items)), replace=False)
    return [items[int(i)] for i in idx]


def _steps(rng: np.random.Generator, lo: int, hi: int, step: int) -> int:
    """A multiple of ``step`` in [lo, hi] (lo rounded up, hi rounded down)."""
    first, last = -(-lo // step), hi // step
    return int(rng.integers(first, last + 1)) * step if last >= first else first * step


def _minutes(clock: str) -> int:
    hours, mins = clock.split(":")
    return int(hours) * 60 + int(mins)


def _clock(minute: int) -> str:
    return f"{minute // 60}:{minute % 60:02d}"


def _join(items: Sequence[str], word: str = "and") -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


def _duration(minutes: int) -> str:
    """A natural phrase for a gap, one of those the text checks accept."""
    hours, rest = divmod(minutes, 60)
    if hours == 0 or (hours == 1 and rest == 45):
        return f"{minutes} minutes"
    word = "an" if hours == 1 else number_words(hours)[-1]
    if rest == 0:
        return f"{word} hour" if hours == 1 else f"{word} hours"
    if hours == 1:
        return {15: "an hour and a quarter", 30: "an hour and a half"}[rest]
    fraction = {15: "and a quarter", 30: "and a half", 45: "and three-quarter"}[rest]
    return f"{word} {fraction} hours"


def _label(start: int) -> str:
    for limit, label in (
        (9 * 60, "early morning"),
        (11 * 60 + 30, "morning"),
        (13 * 60 + 30, "around lunch"),
        (16 * 60 + 30, "afternoon"),
        (19 * 60, "early evening"),
    ):
        if start < limit:
            return label
    return "evening"


def _article(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


# --------------------------------------------------------------------------- routine and windows


def _routine(rng: np.random.Generator, traits: BigFive, age: int, theme: Theme) -> tuple[dict[str, Any], int]:
    """Wake/sleep, meals and work; returns the routine dict and the time unit of the windows."""
    high_c = traits.conscientiousness == "high"
    unit = 15 if high_c else 30
    if high_c:
        wake, sleep = _steps(rng, 330, 435, 15), _steps(rng, 1290, 1365, 15)
    else:
        wake, sleep = _steps(rng, 450, 570, 30), _steps(rng, 1380, 1410, 30)
    wake_we = min(600, wake + _steps(rng, 0, 90, 30))
    sleep_we = min(1439, sleep + _steps(rng, 0, 60, 30))
    breakfast = wake + _steps(rng, 15, 45, 15)
    lunch = _steps(rng, 720, 810, 15)
    dinner = min(_steps(rng, 1080, 1170, 15), sleep - 120)
    roll = rng.random()
    days = ["mon", "tue", "wed", "thu", "fri"]
    if age >= 55 and roll < 0.5:
        work: dict[str, Any] = {"kind": "none", "description": "retired"}
    elif roll < 0.1:
        work = {"kind": "none", "description": "on a career break"}
    elif roll < 0.45:
        if rng.random() < 0.5:
            start = _steps(rng, max(wake + 90, 480), max(wake + 150, 570), 30)
        else:
            start = _steps(rng, 780, 840, 30)
        end = start + _steps(rng, 150, 240, 30)
        work = {"kind": "fixed", "start": format_clock(start), "end": format_clock(end), "days": days,
                "description": theme.work}  # fmt: skip
    else:
        start = _steps(rng, max(wake + 60, 540), 660, 30)
        end = min(start + _steps(rng, 360, 480, 60), sleep - 180)
        work = {"kind": "flexible", "start": format_clock(start), "end": format_clock(end), "days": days,
                "description": theme.work}  # fmt: skip
    routine = {
        "weekday": {"wake": format_clock(wake), "sleep": format_clock(sleep)},
        "weekend": {"wake": format_clock(wake_we), "sleep": format_clock(sleep_we)},
        "meals": {
            "breakfast": format_clock(breakfast),
            "lunch": format_clock(lunch),
            "dinner": format_clock(dinner),
        },
        "work": work,
    }
    return routine, unit


def _windows(
    rng: np.random.Generator, routine: dict[str, Any], unit: int, m: int, big_m: int
) -> list[tuple[int, int]] | None:
    """Timing windows that satisfy the feasibility rules (None: the caller redraws).

    Windows are laid forward from soon after waking, gaps at most max_gap - min_gap - 15; with fixed
    work, one window straddles the start of work and one its end, each at least half outside it.
    """
    wake, sleep = _minutes(routine["weekday"]["wake"]), _minutes(routine["weekday"]["sleep"])
    wake_we, sleep_we = _minutes(routine["weekend"]["wake"]), _minutes(routine["weekend"]["sleep"])
    earliest, latest = min(wake, wake_we), max(sleep, sleep_we) // unit * unit
    slack = big_m - m - 15
    first_max = earliest + big_m - 60
    last_min = max(sleep, sleep_we) - slack
    gap_hi = slack // unit * unit
    if gap_hi < 30:
        return None

    def gap() -> int:
        return _steps(rng, max(30, gap_hi // 2), gap_hi, unit)

    def length() -> int:
        return _steps(rng, max(60, int(slack * 0.7)), max(90, int(slack * 1.4)), unit)

    def forward(end: int) -> list[tuple[int, int]] | None:
        out: list[tuple[int, int]] = []
        while end < last_min:
            start = end + gap()
            stop = min(latest, start + length())
            if stop - start < 30:
                return None
            out.append((start, stop))
            end = stop
        return out

    work = routine["work"]
    if work["kind"] != "fixed":
        start = earliest + _steps(rng, 0, min(big_m - 60, 120), unit)
        first = (start, min(latest, start + length()))
        rest = forward(first[1])
        return None if rest is None else [first, *rest]

    ws, we = _minutes(work["start"]), _minutes(work["end"])
    inside = max(0, we - ws - gap_hi)
    a_in = -(-inside // 2 // unit) * unit
    b_in = max(0, -(-(inside - a_in) // unit) * unit)
    a_out = _steps(rng, max(a_in, 45), max(a_in, 120), unit)
    b_out = _steps(rng, max(b_in, 60), max(b_in, 150), unit)
    before = (max(earliest, ws - a_out), ws + a_in)
    after = (we - b_in, min(latest, we + b_out))
    if before[1] - before[0] < 2 * a_in or after[1] - after[0] < 2 * b_in or before[1] >= after[0]:
        return None
    head: list[tuple[int, int]] = []
    start = before[0]
    while start > first_max:
        stop = start - gap()
        begin = max(earliest, stop - length())
        if stop - begin < 30:
            return None
        head.insert(0, (begin, stop))
        start = begin
    tail = forward(after[1])
    return None if tail is None else [*head, before, after, *tail]


# --------------------------------------------------------------------------- rubric


def _topics(rng: np.random.Generator, traits: BigFive, theme: Theme) -> tuple[list[T], list[T]]:
    """Wanted topics (the trait-required ones first) and disliked topics, following the trait rules."""
    required: list[T] = []
    if traits.extraversion == "high":
        required.append(T.SOCIAL)
    if traits.conscientiousness == "high":
        required += _sample(rng, STRUCTURE, 1 + int(rng.random() < 0.4))
    if traits.openness == "high":
        core = _pick(rng, OPEN_CORE)
        required += [core, _pick(rng, [t for t in OPEN if t != core])]
    else:
        required += _sample(rng, FAMILIAR, 2)
    if traits.neuroticism == "high":
        required.append(_pick(rng, CALM))
    banned: set[T] = set()
    if traits.conscientiousness == "low":
        banned |= {T.PRODUCTIVITY, T.FINANCE}
    if traits.openness == "low":
        banned |= {T.LEARNING, T.PODCASTS}
    if traits.extraversion == "low":
        banned.add(T.SOCIAL)
    wanted: list[T] = []
    for topic in [*required, *_sample(rng, theme.topics, len(theme.topics))]:
        if topic not in wanted and topic not in banned:
            wanted.append(topic)
    size = _steps(rng, 5, 7, 1)
    if len(wanted) < size:
        wanted += _sample(rng, [t for t in T if t not in wanted and t not in banned], size - len(wanted))
    wanted = wanted[: max(size, len(required))][:8]

    pool: list[T] = [T.SOCIAL] if traits.extraversion == "low" else []
    if traits.conscientiousness == "low":
        pool += [T.PRODUCTIVITY, T.FINANCE, T.ORGANIZING]
    pool += [T.LEARNING, T.PODCASTS, T.ARTS_CRAFTS] if traits.openness == "low" else [T.GAMES, T.HOME_DECOR]
    if traits.neuroticism == "low":
        pool += [T.MINDFULNESS, T.SELF_CARE]
    pool += [T.JOURNALING, T.GARDENING, T.NUTRITION]
    pool = [t for t in dict.fromkeys(pool) if t not in wanted]
    disliked = pool[:1] + _sample(rng, pool[1:], _steps(rng, 1, 3, 1))
    return wanted, disliked


def _preference_text(
    rng: np.random.Generator, traits: BigFive, wants: list[dict[str, Any]], disliked: list[T]
) -> str:
    anytime = [_pick(rng, WANT_PHRASES[T(w["topic"])]) for w in wants if not w["situations"]]
    parts = [_pick(rng, OPENERS[(traits.openness, traits.conscientiousness)])]
    parts.append(f"{_join(anytime)[0].upper()}{_join(anytime)[1:]} are welcome any time.")
    groups: dict[tuple[str, ...], list[str]] = {}
    for want in wants:
        if want["situations"]:
            phrase = _pick(rng, WANT_PHRASES[T(want["topic"])])
            groups.setdefault(tuple(want["situations"]), []).append(phrase)
    for situations, phrases in groups.items():
        kinds = _join([KIND_PHRASES[K(k)] for k in situations], "or")
        parts.append(f"When I'm {kinds}, {_join(phrases, 'or')} would suit me.")
    reason = " - they stress me out." if traits.neuroticism == "high" else "; they are not for me."
    parts.append(f"Please leave out {_join([DISLIKE_PHRASES[t] for t in disliked])}{reason}")
    return " ".join(parts)


def _frequency_text(traits: BigFive, m: int, big_m: int, per_day: tuple[int, int]) -> str:
    low, high = (number_words(n)[-1] if n < 20 else str(n) for n in per_day)
    if traits.extraversion == "high":
        return (
            f"I enjoy hearing from you: {low} to {high} suggestions a day suits me, at least "
            f"{_duration(m)} apart so I can try each one. If {_duration(big_m)} pass while I'm awake "
            "with nothing, I get restless."
        )
    return (
        f"{low.capitalize()} to {high} suggestions a day is plenty for me. Please leave at least "
        f"{_duration(m)} between them, but don't stay silent for more than {_duration(big_m)} "
        "while I'm awake."
    )


def _timing_text(traits: BigFive, windows: list[tuple[int, int]], dni: list[K]) -> str:
    spans = _join([f"{_clock(s)} to {_clock(e)}" for s, e in windows])
    if traits.conscientiousness == "high":
        lead = "I plan my day, so please keep to these times: "
    else:
        lead = "Roughly - I don't watch the clock - good times are "
    guard = _join([DNI_PHRASES[k] for k in dni])
    return f"{lead}{spans}. Please don't interrupt {guard}, even inside those times."


def _communication_text(rng: np.random.Generator, tones: list[str], max_words: int) -> str:
    words = number_words(max_words)[1] if max_words < 100 else str(max_words)
    style = _pick(rng, TONE_STYLES[tuple(tones)])
    return (
        f"{style} {words.capitalize()} words at most, and never suggest leaving the house, anything unsafe, "
        "medicine doses, or prying into my private life."
    )


def _rubric(
    rng: np.random.Generator,
    traits: BigFive,
    theme: Theme,
    routine: dict[str, Any],
    unit: int,
    activities: list[Act],
) -> dict[str, Any] | None:
    """The four rubric dimensions, numbers by trait, texts filled from the structure."""
    if traits.extraversion == "high":
        m = _pick(rng, (45, 60, 75, 90))
        big_m = _steps(rng, max(150, m + 90), 210, 15)
        per_day = [_steps(rng, 4, 6, 1), _steps(rng, 8, 11, 1)]
    else:
        m = _pick(rng, (120, 135, 150, 165, 180))
        big_m = _steps(rng, max(240, m + 105), 300, 15)
        low = _steps(rng, 2, 4, 1)
        per_day = [low, _steps(rng, max(4, low + 1), 7, 1)]
    windows = _windows(rng, routine, unit, m, big_m)
    if windows is None:
        return None
    per_day[0] = min(per_day[0], sum(e - s for s, e in windows) // m)

    kinds = {a.kind for a in activities}
    optional = [
        k for k in (K.MEDITATION, K.JOURNALING, K.EXERCISE, K.HYGIENE, K.PLANNING, K.HOBBY) if k in kinds
    ]
    dni: list[K] = [K.WORK, K.MEAL] if routine["work"]["kind"] != "none" else [K.MEAL]
    dni = [dni[0], *_sample(rng, [*dni[1:], *optional], _steps(rng, 0, 2, 1))]

    wanted, disliked = _topics(rng, traits, theme)
    available = kinds | {K.MEAL, K.COOKING, K.LEISURE, K.REST}
    anytime_count = _steps(rng, 3, 4, 1)
    wants = [
        {
            "topic": topic.value,
            "situations": [k.value for k in SITUATIONS[topic] if k in available and k not in dni]
            if i >= anytime_count
            else [],
        }
        for i, topic in enumerate(wanted)
    ]
    if traits.neuroticism == "high":
        tones, max_words = ["warm", "neutral"], _steps(rng, 20, 35, 5)
    else:
        options = [["warm", "neutral"], ["neutral"]]
        if traits.agreeableness == "low":
            options.append(["neutral", "commanding"])
        tones, max_words = _pick(rng, options), _steps(rng, 30, 60, 5)
    timing_text = _timing_text(traits, windows, dni)
    return {
        "preference": {
            "text": _preference_text(rng, traits, wants, disliked),
            "wanted": wants,
            "disliked": [t.value for t in disliked],
        },
        "frequency": {
            "text": _frequency_text(traits, m, big_m, (per_day[0], per_day[1])),
            "min_gap_minutes": m,
            "max_gap_minutes": big_m,
            "per_day": per_day,
        },
        "timing": {
            "text": timing_text,
            "windows": [
                {"start": format_clock(s), "end": format_clock(e), "label": _label(s)} for s, e in windows
            ],
            "do_not_interrupt": [k.value for k in dni],
            "slack_minutes": window_slack(timing_text),
        },
        "communication": {
            "text": _communication_text(rng, tones, max_words),
            "tones": tones,
            "max_words": max_words,
        },
    }


# --------------------------------------------------------------------------- profile


def _activities(rng: np.random.Generator, traits: BigFive, theme: Theme) -> list[Act]:
    """Three or four theme activities plus one each for E, N and C."""
    chosen = _sample(rng, theme.activities, _steps(rng, 3, 4, 1))
    for trait in ("extraversion", "neuroticism", "conscientiousness"):
        chosen.append(_pick(rng, TRAIT_ACTS[(trait, getattr(traits, trait))]))
    return list({a.name: a for a in chosen}.values())[:8]


def _profile(
    rng: np.random.Generator,
    traits: BigFive,
    theme: Theme,
    pronouns: str,
    routine: dict[str, Any],
    activities: list[Act],
) -> dict[str, Any]:
    """Background, interests, lifestyle, needs, goals and activities in the file format."""
    pos = POSSESSIVE[pronouns]
    work = routine["work"]
    adjectives = [_pick(rng, ADJECTIVES[t][getattr(traits, t)]) for t in TRAITS if t != "openness"]
    if work["kind"] == "none":
        job = theme.former if work["description"] == "retired" else f"{theme.job} on a career break"
        clause = "who spends the days at home"
        middle = "fills the day with jobs around the house and garden"
    elif work["kind"] == "fixed":
        job = theme.job
        shift = f"{_clock(_minutes(work['start']))} to {_clock(_minutes(work['end']))}"
        clause = f"who works a fixed shift from {shift}"
        middle = f"is at {pos} desk for that shift every weekday"
    else:
        job, clause = theme.job, "who works from home in flexible blocks"
        middle = f"fits {work['description']} into loose blocks"
    streak = _article(_pick(rng, ADJECTIVES["openness"][traits.openness]))
    wake = _minutes(routine["weekday"]["wake"])
    if traits.conscientiousness == "high":
        morning = f"wakes at {_clock(wake)} and starts with a written plan"
    else:
        morning = f"wakes around {_clock(wake)} and lets the day unfold"
    if traits.extraversion == "high":
        evening = "spends evenings talking with friends or family"
    else:
        evening = f"keeps evenings quiet and to {REFLEXIVE[pronouns]}"
    needs = [
        _pick(rng, NEEDS[(t, getattr(traits, t))])
        for t in ("extraversion", "neuroticism", "conscientiousness")
    ]
    needs = [*needs[: _steps(rng, 2, 3, 1)], _pick(rng, NEEDS[("openness", traits.openness)])]
    goal = _pick(rng, theme.goals).format(pos=pos)
    tail_key = (
        ("neuroticism", traits.neuroticism) if rng.random() < 0.5 else ("extraversion", traits.extraversion)
    )
    return {
        "background": f"{job} {clause}; {_join(adjectives)}, with {streak} streak.",
        "interests": _sample(rng, theme.interests, 3),
        "lifestyle": [morning, middle, evening],
        "daily_needs": needs,
        "long_term_goals": f"{goal[0].upper()}{goal[1:]}, {GOAL_TAILS[tail_key]}.",
        "activities": [
            {
                "name": a.name,
                "kind": a.kind.value,
                "minutes": list(a.minutes),
                "per_week": a.per_week,
                "when": a.when,
                "steps": list(a.steps),
            }
            for a in activities
        ],
    }


def _draw(rng: np.random.Generator, traits: BigFive, pid: int) -> dict[str, Any] | None:
    """One candidate persona as file data (None when its windows could not be laid out)."""
    pronouns = PRONOUNS[int(rng.choice(3, p=[0.45, 0.45, 0.10]))]
    name = f"{_pick(rng, FIRST_NAMES[pronouns])} {_pick(rng, LAST_NAMES)}"
    age = int(rng.integers(29, 63))
    theme = _pick(rng, [t for t in THEMES if t.openness == traits.openness])
    routine, unit = _routine(rng, traits, age, theme)
    activities = _activities(rng, traits, theme)
    rubric = _rubric(rng, traits, theme, routine, unit, activities)
    if rubric is None:
        return None
    profile = _profile(rng, traits, theme, pronouns, routine, activities)
    return {
        "id": pid,
        "name": name,
        "pronouns": pronouns,
        "age": age,
        "big_five": traits.model_dump(),
        **profile,
        "routine": routine,
        "rubric": rubric,
    }


def generate_persona(big_five: BigFive | str, seed: int, id: int = 100) -> Persona:
    """A new persona for ``big_five`` (BigFive or a code like "HLHHL"), deterministic for (traits, seed).

    Draws from ``numpy.random.default_rng([seed, code])``; a draw that fails the schema or any check of
    :func:`propersim_gym.personas.checks.persona_problems` is redrawn from the same generator.
    """
    traits = big_five if isinstance(big_five, BigFive) else BigFive.from_code(big_five)
    # The code joins the seed so that one seed gives 32 different people, not one name 32 times.
    rng = np.random.default_rng([seed, int(traits.code.replace("H", "1").replace("L", "0"), 2)])
    problems: list[str] = []
    for _ in range(MAX_ATTEMPTS):
        data = _draw(rng, traits, id)
        if data is None:
            continue
        persona = Persona.model_validate(data)
        problems = persona_problems(persona)
        if not problems:
            return persona
    raise RuntimeError(
        f"no consistent persona for {traits.code}, seed {seed}, in {MAX_ATTEMPTS} draws: {problems}"
    )
