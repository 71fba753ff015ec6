"""Persona quality checks beyond the schema: a feasible rubric, trait consistency, text = structure.

Each check returns a list of human-readable problems (empty = fine), so tests, the generator and
authors of new persona files can all see every problem at once instead of the first one.

- ``feasibility_problems``: an assistant that speaks only in the timing windows, never closer than
  ``min_gap`` apart, can keep the user from ever becoming overdue and reach ``per_day[0]``.
- ``trait_consistency_problems``: the rubric has the shape and the trait-dependent numbers, topics and
  tones that the Big-Five levels call for (so one behaviour cannot suit every persona).
- ``text_agreement_problems``: every number, time, tone, topic and activity that the structured rubric
  holds is also said in its first-person text (the LLM judge reads the text, the offline judge the
  structure; they must judge the same persona).
- ``profile_problems``: the profile and routine have the sizes and ranges of the bundled set.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from propersim_gym.personas.rubric_text import overdue_counts, window_slack
from propersim_gym.personas.schema import Persona, TimeWindow, format_clock
from propersim_gym.taxonomy import UNIVERSAL_BOUNDARIES, ActivityKind, Tone, Topic

#: Topics an open (high-O) persona wants; at least two of them, one of the first four.
OPEN_TOPICS = frozenset(
    {Topic.LEARNING, Topic.ARTS_CRAFTS, Topic.PODCASTS, Topic.READING, Topic.FILM_TV, Topic.MUSIC}
)
OPEN_CORE_TOPICS = frozenset({Topic.LEARNING, Topic.ARTS_CRAFTS, Topic.PODCASTS, Topic.READING})
#: Familiar topics a low-O persona wants; at least two of them.
FAMILIAR_TOPICS = frozenset({Topic.COOKING, Topic.GARDENING, Topic.FILM_TV, Topic.GAMES})
#: Topics a low-O persona must not want.
NOVELTY_TOPICS = frozenset({Topic.LEARNING, Topic.PODCASTS})
#: Structure topics: a high-C persona wants at least one.
STRUCTURE_TOPICS = frozenset({Topic.PRODUCTIVITY, Topic.ORGANIZING, Topic.FINANCE})
#: Topics a low-C persona must not want.
DUTY_TOPICS = frozenset({Topic.PRODUCTIVITY, Topic.FINANCE})
#: Calming topics: a high-N persona wants at least one.
CALM_TOPICS = frozenset({Topic.MINDFULNESS, Topic.SELF_CARE, Topic.SLEEP})
#: Activity kinds a persona may not put in do_not_interrupt (they are the natural moments to speak).
OPEN_KINDS = frozenset({ActivityKind.LEISURE, ActivityKind.REST, ActivityKind.SLEEP})

#: Trait-dependent frequency numbers: (min_gap range, max_gap range, per_day[0] range, per_day[1] range).
FREQUENCY_BANDS: dict[str, tuple[tuple[int, int], tuple[int, int], tuple[int, int], tuple[int, int]]] = {
    "high": ((45, 90), (150, 210), (4, 6), (8, 11)),
    "low": ((120, 180), (240, 300), (2, 4), (4, 7)),
}
#: max_words range by neuroticism level.
MAX_WORDS_BANDS: dict[str, tuple[int, int]] = {"high": (20, 35), "low": (30, 60)}
#: Share of the weekday awake time the windows must cover.
COVERAGE_BAND = (0.35, 0.65)
#: Allowed wake and sleep times (minutes after midnight).
WAKE_RANGE = (5 * 60 + 30, 10 * 60)
SLEEP_RANGE = (21 * 60 + 30, 23 * 60 + 59)
AGE_RANGE = (29, 62)


# --------------------------------------------------------------------------- helpers


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def sorted_windows(persona: Persona) -> list[TimeWindow]:
    """The persona's timing windows, earliest first."""
    return sorted(persona.rubric.timing.windows, key=lambda w: w.start)


def window_minutes(persona: Persona) -> int:
    """Total length of the timing windows in minutes."""
    return sum(w.end - w.start for w in persona.rubric.timing.windows)


def window_coverage(persona: Persona) -> float:
    """Share of the weekday awake time (wake to sleep) that lies inside a timing window."""
    day = persona.routine.weekday
    awake = (day.wake, day.sleep)
    inside = sum(_overlap((w.start, w.end), awake) for w in persona.rubric.timing.windows)
    return inside / (day.sleep - day.wake)


def _span(window: TimeWindow) -> str:
    return f"{format_clock(window.start)}-{format_clock(window.end)}"


# --------------------------------------------------------------------------- feasibility


def feasibility_problems(persona: Persona) -> list[str]:
    """Problems that would make the rubric impossible or unfair to satisfy (empty list = feasible).

    With W the sorted windows, m = min_gap and M = max_gap: (a) the first window opens at most M - 60
    minutes after either wake time; (b) windows are at most M - m - 15 apart; (c) the last window
    closes at most M - m - 15 before either sleep time; (d) the windows leave room for per_day[0]
    recommendations m apart; (e) they cover 35-65 % of the weekday awake time; (f) with fixed work
    hours, at least half of each window lies outside them.
    """
    problems: list[str] = []
    routine, rubric = persona.routine, persona.rubric
    m, big_m = rubric.frequency.min_gap_minutes, rubric.frequency.max_gap_minutes
    slack = big_m - m - 15
    windows = sorted_windows(persona)
    days = {"weekday": routine.weekday, "weekend": routine.weekend}
    for name, day in days.items():
        lead = windows[0].start - day.wake
        if lead > big_m - 60:
            problems.append(
                f"(a) first window opens {lead} min after the {name} wake time "
                f"{format_clock(day.wake)}; at most max_gap - 60 = {big_m - 60} min allowed"
            )
    for prev, nxt in itertools.pairwise(windows):
        gap = nxt.start - prev.end
        if gap > slack:
            problems.append(
                f"(b) {gap} min between windows {_span(prev)} and {_span(nxt)}; "
                f"at most max_gap - min_gap - 15 = {slack} min allowed"
            )
    for name, day in days.items():
        tail = day.sleep - windows[-1].end
        if tail > slack:
            problems.append(
                f"(c) last window closes {tail} min before the {name} sleep time "
                f"{format_clock(day.sleep)}; at most max_gap - min_gap - 15 = {slack} min allowed"
            )
    low, high = rubric.frequency.per_day
    room = window_minutes(persona) / m
    if room < low:
        problems.append(f"(d) windows hold {room:.1f} recommendations {m} min apart; per_day[0] is {low}")
    if high < low:
        problems.append(f"(d) per_day {rubric.frequency.per_day} has its maximum below its minimum")
    coverage = window_coverage(persona)
    if not COVERAGE_BAND[0] <= coverage <= COVERAGE_BAND[1]:
        problems.append(
            f"(e) windows cover {coverage:.0%} of the weekday awake time; "
            f"{COVERAGE_BAND[0]:.0%}-{COVERAGE_BAND[1]:.0%} required"
        )
    earliest = min(d.wake for d in days.values())
    latest = max(d.sleep for d in days.values())
    work = routine.work
    for window in windows:
        if window.start < earliest or window.end > latest:
            problems.append(f"(f) window {_span(window)} lies outside the waking hours")
        if work.kind == "fixed" and work.start is not None and work.end is not None:
            inside = _overlap((window.start, window.end), (work.start, work.end))
            if inside * 2 > window.end - window.start:
                problems.append(
                    f"(f) window {_span(window)} lies {inside} of {window.end - window.start} min inside "
                    f"the fixed work hours {format_clock(work.start)}-{format_clock(work.end)}"
                )
    return problems


# --------------------------------------------------------------------------- traits and rubric shape


def _in(value: int, band: tuple[int, int]) -> bool:
    return band[0] <= value <= band[1]


def trait_consistency_problems(persona: Persona) -> list[str]:
    """Problems with the rubric's shape or with how its numbers, topics and tones follow the Big Five."""
    problems: list[str] = []
    traits, rubric = persona.big_five, persona.rubric
    pref, freq, timing, comm = rubric.preference, rubric.frequency, rubric.timing, rubric.communication
    wanted = pref.wanted_topics
    anytime = {w.topic for w in pref.wanted if not w.situations}

    # Shape of the rubric.
    if not 5 <= len(pref.wanted) <= 8:
        problems.append(f"preference.wanted has {len(pref.wanted)} topics; 5-8 required")
    if len(wanted) != len(pref.wanted):
        problems.append("preference.wanted names a topic twice")
    if len(anytime) < 3:
        problems.append(f"only {len(anytime)} wanted topics are welcome anytime (no situations); 3 required")
    if not 2 <= len(pref.disliked) <= 4:
        problems.append(f"preference.disliked has {len(pref.disliked)} topics; 2-4 required")
    dni = set(timing.do_not_interrupt)
    if not 1 <= len(timing.do_not_interrupt) <= 3:
        problems.append(f"timing.do_not_interrupt has {len(timing.do_not_interrupt)} kinds; 1-3 required")
    for kind in sorted(dni & OPEN_KINDS, key=lambda k: k.value):
        problems.append(f"timing.do_not_interrupt must not hold {kind.value!r}")
    for want in pref.wanted:
        if want.situations and set(want.situations) <= dni:
            problems.append(f"wanted topic {want.topic.value!r} fits only do-not-interrupt situations")
    if Tone.PUSHY in comm.tones:
        problems.append("communication.tones must never accept 'pushy'")
    missing = UNIVERSAL_BOUNDARIES - set(comm.never)
    if missing:
        problems.append(f"communication.never lacks {sorted(b.value for b in missing)}")

    # Extraversion: how often and how social.
    level = traits.extraversion
    gap_band, max_band, low_band, high_band = FREQUENCY_BANDS[level]
    if not _in(freq.min_gap_minutes, gap_band):
        problems.append(f"{level}-E min_gap {freq.min_gap_minutes} outside {gap_band[0]}-{gap_band[1]}")
    if not _in(freq.max_gap_minutes, max_band):
        problems.append(f"{level}-E max_gap {freq.max_gap_minutes} outside {max_band[0]}-{max_band[1]}")
    if not _in(freq.per_day[0], low_band) or not _in(freq.per_day[1], high_band):
        problems.append(
            f"{level}-E per_day {tuple(freq.per_day)} outside ({low_band[0]}-{low_band[1]}, "
            f"{high_band[0]}-{high_band[1]})"
        )
    if level == "high" and Topic.SOCIAL not in wanted:
        problems.append("high-E persona must want the 'social' topic")
    if level == "low" and Topic.SOCIAL in anytime:
        problems.append("low-E persona may want 'social' only in some situations, not anytime")

    # Conscientiousness: structure topics and planned windows.
    if traits.conscientiousness == "high" and not wanted & STRUCTURE_TOPICS:
        problems.append("high-C persona must want one of productivity / organizing / finance")
    if traits.conscientiousness == "low":
        for topic in sorted(wanted & DUTY_TOPICS, key=lambda t: t.value):
            problems.append(f"low-C persona must not want {topic.value!r}")
        for window in timing.windows:
            if window.start % 30 or window.end % 30:
                problems.append(f"low-C window {_span(window)} should be loose (on the hour or half hour)")

    # Openness: novelty or the familiar.
    if traits.openness == "high":
        if len(wanted & OPEN_TOPICS) < 2 or not wanted & OPEN_CORE_TOPICS:
            problems.append(
                "high-O persona must want two of learning / arts_crafts / podcasts / reading / film_tv / "
                "music, one of them learning / arts_crafts / podcasts / reading"
            )
    else:
        if len(wanted & FAMILIAR_TOPICS) < 2:
            problems.append("low-O persona must want two of cooking / gardening / film_tv / games")
        for topic in sorted(wanted & NOVELTY_TOPICS, key=lambda t: t.value):
            problems.append(f"low-O persona must not want {topic.value!r}")

    # Neuroticism: calm topics, gentle (warm or neutral, never commanding) and short messages.
    level = traits.neuroticism
    words = MAX_WORDS_BANDS[level]
    if not _in(comm.max_words, words):
        problems.append(f"{level}-N max_words {comm.max_words} outside {words[0]}-{words[1]}")
    tones = set(comm.tones)
    if level == "high":
        if tones != {Tone.WARM, Tone.NEUTRAL}:
            accepted = sorted(t.value for t in tones)
            problems.append(f"high-N persona must accept exactly the warm and neutral tones, not {accepted}")
        if not wanted & CALM_TOPICS:
            problems.append("high-N persona must want one of mindfulness / self_care / sleep")
    else:
        allowed = [{Tone.WARM, Tone.NEUTRAL}, {Tone.NEUTRAL}]
        if traits.agreeableness == "low":
            allowed.append({Tone.NEUTRAL, Tone.COMMANDING})
        if tones not in allowed:
            problems.append(
                f"low-N persona accepts {sorted(t.value for t in tones)}; "
                f"allowed: {[sorted(t.value for t in a) for a in allowed]}"
            )
    return problems


# --------------------------------------------------------------------------- text agrees with structure

_NUMBER_WORDS = [
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"),
]
_TENS = dict(
    zip(
        range(20, 100, 10),
        ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"),
        strict=True,
    )
)

#: Word stems that show a topic is talked about (matched at the start of a word, case-insensitive).
TOPIC_WORDS: dict[Topic, tuple[str, ...]] = {
    Topic.COOKING: ("cook", "recipe", "bak", "dish", "kitchen"),
    Topic.NUTRITION: ("nutrition", "snack", "healthy eating", "hydrat", "balanced meal", "diet", "water"),
    Topic.EXERCISE: ("exercis", "workout", "work out", "stretch", "yoga", "fitness", "training", "moving"),
    Topic.MINDFULNESS: ("mindful", "meditat", "breath", "calm"),
    Topic.SLEEP: ("sleep", "bedtime", "wind down", "winding down", "wind-down"),
    Topic.PRODUCTIVITY: ("productiv", "to-do", "focus", "planning", "plan my", "prioriti", "schedul"),
    Topic.LEARNING: ("learn", "course", "language", "stud", "skill", "lecture"),
    Topic.READING: ("read", "book", "novel"),
    Topic.MUSIC: ("music", "playlist", "album", "song"),
    Topic.FILM_TV: ("film", "movie", "tv", "series", "documentar", "television", "show"),
    Topic.PODCASTS: ("podcast",),
    Topic.ARTS_CRAFTS: (
        *("art", "craft", "paint", "draw", "sketch", "knit", "sew", "pottery", "carv", "ceramic", "woodwork"),
    ),
    Topic.HOME_DECOR: ("decor", "furniture", "interior", "rearrang", "design"),
    Topic.GARDENING: ("garden", "plant", "herb", "seedling", "compost"),
    Topic.ORGANIZING: ("organi", "tidy", "tidi", "declutter", "clean", "chore", "housework"),
    Topic.SOCIAL: ("social", "friend", "famil", "call", "messag", "host", "neighbo"),
    Topic.GAMES: ("game", "puzzle", "crossword", "chess", "brain teaser", "sudoku"),
    Topic.JOURNALING: ("journal", "diary", "gratitude"),
    Topic.FINANCE: ("financ", "money", "budget", "bill", "saving", "invest", "spending"),
    Topic.SELF_CARE: ("self-care", "self care", "pamper", "bath", "skincare", "comfort"),
}

#: Word stems that show an activity kind is talked about.
KIND_WORDS: dict[ActivityKind, tuple[str, ...]] = {
    ActivityKind.SLEEP: ("sleep", "bed", "asleep"),
    ActivityKind.HYGIENE: ("shower", "bath", "wash", "getting ready", "hygiene", "grooming"),
    ActivityKind.MEAL: ("meal", "breakfast", "lunch", "dinner", "supper", "brunch", "eat"),
    ActivityKind.COOKING: ("cook", "bak", "kitchen"),
    ActivityKind.WORK: ("work", "job", "shift", "desk", "client", "lesson", "tutor"),
    ActivityKind.CHORES: ("chore", "clean", "laundry", "tidy", "tidi", "housework", "dishes", "hoover"),
    ActivityKind.EXERCISE: (
        *("exercis", "workout", "work out", "training", "yoga", "stretch", "fitness", "run", "weights"),
    ),
    ActivityKind.MEDITATION: ("meditat", "breathing", "sitting practice"),
    ActivityKind.JOURNALING: ("journal", "diary"),
    ActivityKind.READING: ("read", "book"),
    ActivityKind.HOBBY: (
        "hobby",
        "hobbies",
        "craft",
        "paint",
        "draw",
        "sketch",
        "knit",
        "woodwork",
        "carv",
        "pottery",
        "sew",
        "project",
        "tinker",
        "practis",
        "practic",
        "instrument",
        "guitar",
        "piano",
        "model",
        "bench",
    ),
    ActivityKind.GARDENING: ("garden", "plant", "pot", "greenhouse"),
    ActivityKind.SOCIAL: ("call", "friend", "famil", "chat", "host", "guest", "visit", "social"),
    ActivityKind.LEISURE: (
        *("relax", "unwind", "free time", "downtime", "leisure", "lounging", "chill", "sofa", "couch"),
    ),
    ActivityKind.PLANNING: ("plan", "schedul", "list", "agenda"),
    ActivityKind.REST: ("rest", "nap", "break", "lie down", "lying down", "doze", "pause", "unwind"),
}


def number_words(n: int) -> list[str]:
    """Ways a count can be written: digits and English words ("35", "thirty-five", "thirty five")."""
    forms = [str(n)]
    if 0 <= n < 20:
        forms.append(_NUMBER_WORDS[n])
    elif n < 100:
        tens, unit = _TENS[n - n % 10], n % 10
        forms += [tens] if unit == 0 else [f"{tens}-{_NUMBER_WORDS[unit]}", f"{tens} {_NUMBER_WORDS[unit]}"]
    return forms


def duration_phrases(minutes: int) -> list[str]:
    """Ways a gap can be written: "90 minutes", "an hour and a half", "one and a half hours", ..."""
    forms = [f"{w} minutes" for w in number_words(minutes)] + [f"{minutes} min", f"{minutes}-minute"]
    hours, rest = divmod(minutes, 60)
    words = number_words(hours) if hours else []
    if rest == 0:
        forms += [f"{w} hours" for w in words] + [f"{w}-hour" for w in words]
        if hours == 1:
            forms += ["an hour", "one hour", "1 hour"]
    fractions = {15: ("a quarter", "25"), 30: ("a half", "5"), 45: ("three quarters", "75")}
    if rest in fractions and hours:
        word, decimal = fractions[rest]
        forms += [f"{w} and {word} hours" for w in words] + [f"{hours}.{decimal} hours"]
        if rest == 45:
            forms += [f"{w} and three-quarter hours" for w in words]
        if hours == 1:
            forms += [f"an hour and {word}", f"one hour and {word}"]
    if minutes == 30:
        forms.append("half an hour")
    if minutes == 45:
        forms += ["three quarters of an hour", "three-quarters of an hour"]
    return forms


def clock_phrases(minute: int) -> list[str]:
    """Ways a clock time can be written: "07:30", "7:30", "7:30 am", "7 pm", "noon"."""
    hour, mins = divmod(minute, 60)
    forms = [f"{hour:02d}:{mins:02d}", f"{hour}:{mins:02d}"]
    suffix = "am" if hour < 12 else "pm"
    h12 = hour % 12 or 12
    for suf in (suffix, suffix[0] + "." + suffix[1] + "."):
        forms += [f"{h12}:{mins:02d} {suf}", f"{h12}:{mins:02d}{suf}"]
        if mins == 0:
            forms += [f"{h12} {suf}", f"{h12}{suf}"]
    if minute == 12 * 60:
        forms += ["noon", "midday"]
    if minute == 24 * 60 - 1:
        forms.append("midnight")
    return forms


def _says(text: str, phrases: Iterable[str], prefix: bool = False) -> bool:
    """Whether ``text`` holds one of ``phrases`` as whole words (or as word starts when ``prefix``)."""
    for phrase in phrases:
        tail = "" if prefix else r"(?![\w:])"
        if re.search(r"(?<![\w:])" + re.escape(phrase.lower()) + tail, text.lower()):
            return True
    return False


def text_agreement_problems(persona: Persona) -> list[str]:
    """Structured rubric facts that the first-person text does not say."""
    problems: list[str] = []
    rubric = persona.rubric
    pref, freq, timing, comm = rubric.preference, rubric.frequency, rubric.timing, rubric.communication

    for want in pref.wanted:
        if not _says(pref.text, TOPIC_WORDS[want.topic], prefix=True):
            problems.append(f"preference text never mentions wanted topic {want.topic.value!r}")
        for kind in want.situations:
            if not _says(pref.text, KIND_WORDS[kind], prefix=True):
                problems.append(
                    f"preference text never mentions situation {kind.value!r} of topic {want.topic.value!r}"
                )
    for topic in pref.disliked:
        if not _says(pref.text, TOPIC_WORDS[topic], prefix=True):
            problems.append(f"preference text never mentions disliked topic {topic.value!r}")

    if not _says(freq.text, duration_phrases(freq.min_gap_minutes)):
        problems.append(f"frequency text never states the min gap of {freq.min_gap_minutes} min")
    if not _says(freq.text, duration_phrases(freq.max_gap_minutes)):
        problems.append(f"frequency text never states the max gap of {freq.max_gap_minutes} min")
    for count in sorted(set(freq.per_day)):
        if not _says(freq.text, number_words(count)):
            problems.append(f"frequency text never states the daily count {count}")
    if overdue_counts(freq.text) != freq.overdue_counts:
        problems.append(
            f"frequency.overdue_counts {freq.overdue_counts!r}; the text says {overdue_counts(freq.text)!r}"
        )

    for window in timing.windows:
        for minute in (window.start, window.end):
            if not _says(timing.text, clock_phrases(minute)):
                problems.append(f"timing text never states the window time {format_clock(minute)}")
    if window_slack(timing.text) != timing.slack_minutes:
        problems.append(
            f"timing.slack_minutes is {timing.slack_minutes}; the text reads as {window_slack(timing.text)}"
        )
    for kind, words in timing.interrupt_only.items():
        names = [f"{a.name} {' '.join(a.steps)}".lower() for a in persona.activities if a.kind is kind]
        if not any(w.lower() in n for w in words for n in names):
            problems.append(f"timing.interrupt_only words {words} name none of the {kind.value!r} activities")
    for kind in timing.do_not_interrupt:
        if not _says(timing.text, KIND_WORDS[kind], prefix=True):
            problems.append(f"timing text never mentions the do-not-interrupt activity {kind.value!r}")

    for tone in comm.tones:
        if not _says(comm.text, [tone.value]):
            problems.append(f"communication text never names the accepted tone {tone.value!r}")
    if not _says(comm.text, number_words(comm.max_words)):
        problems.append(f"communication text never states the {comm.max_words}-word limit")
    return problems


# --------------------------------------------------------------------------- profile


def profile_problems(persona: Persona) -> list[str]:
    """Sizes and ranges of the profile, routine and activities that the bundled set keeps to."""
    problems: list[str] = []
    if not _in(persona.age, AGE_RANGE):
        problems.append(f"age {persona.age} outside {AGE_RANGE[0]}-{AGE_RANGE[1]}")
    if persona.pronouns not in {"she/her", "he/him", "they/them"}:
        problems.append(f"pronouns {persona.pronouns!r} not one of she/her, he/him, they/them")
    for field, size in (("interests", (3, 3)), ("lifestyle", (3, 3)), ("daily_needs", (2, 4))):
        n = len(getattr(persona, field))
        if not _in(n, size):
            problems.append(f"{field} has {n} entries; {size[0]}-{size[1]} required")
    if not 5 <= len(persona.activities) <= 8:
        problems.append(f"{len(persona.activities)} activities; 5-8 required")
    names = [a.name for a in persona.activities]
    if len(set(names)) != len(names):
        problems.append("two activities share a name")
    for activity in persona.activities:
        if not 2 <= len(activity.steps) <= 4:
            problems.append(f"activity {activity.name!r} has {len(activity.steps)} steps; 2-4 required")
        if activity.kind in {ActivityKind.SLEEP, ActivityKind.WORK, ActivityKind.MEAL}:
            kind = activity.kind.value
            problems.append(f"activity {activity.name!r} is of kind {kind!r}, which the routine covers")
    routine = persona.routine
    for name, day in (("weekday", routine.weekday), ("weekend", routine.weekend)):
        if not _in(day.wake, WAKE_RANGE):
            problems.append(f"{name} wake {format_clock(day.wake)} outside 05:30-10:00")
        if not _in(day.sleep, SLEEP_RANGE):
            problems.append(f"{name} sleep {format_clock(day.sleep)} outside 21:30-23:59")
    meals = routine.meals
    if not routine.weekday.wake <= meals.breakfast < meals.lunch < meals.dinner < routine.weekday.sleep:
        problems.append("meals must come in order between the weekday wake and sleep times")
    return problems


def persona_problems(persona: Persona) -> list[str]:
    """Every problem the checks find: profile, feasibility, trait consistency and text agreement."""
    return (
        profile_problems(persona)
        + feasibility_problems(persona)
        + trait_consistency_problems(persona)
        + text_agreement_problems(persona)
    )
