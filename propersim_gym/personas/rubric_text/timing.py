"""Timing parser: welcome windows and do-not-interrupt activity kinds from a timing text.

Timing (:func:`parse_timing`)
-----------------------------
Each sentence is split at its negation markers ("not", "n't", "nothing", "avoid", "rather than",
"than", "without", "free from", "steer clear", "sensitive to"; but "don't mind" is positive): text
before a marker speaks of welcome times, text after it of times to avoid, up to a reason clause
(", as", "because", "since", an em dash: the rest is dropped) or a resumption (", like", ", such as",
", but": the rest is welcome again). Sentences opening with "This timing / These times / This way"
comment on times already named and add no window. Welcome phrases, in ranks (a group of nearby
phrases, not separated by "or" / "and" / "also" / "again" / a sentence end, keeps only its
highest-ranked phrases, so "in the morning, around 8am" is 07:30-08:30):

- rank 3, clock times: "around/about H" -> H-30..H+30; "at H" -> H..H+60; "after H" (also
  "after I wake up at H") -> H..H+120; "before H" -> H-120..H; "between H1 and/to H2", "from H1 to H2"
  -> H1..H2 ("am"/"pm" of the second time applies to the first when it has none).
- rank 2, anchors on the routine: "after breakfast/lunch/dinner" -> meal+30..meal+120; "during /
  having / with / at ... breakfast, lunch (break), dinner" -> meal..meal+60; "before breakfast ..."
  -> meal-60..meal; "before (going to) bed / bedtime / sleep" -> sleep-90..sleep; "after I wake up"
  -> wake..wake+120.
- rank 1, parts of the day (qualified ones alone, plain ones after "in/during the"): early morning
  06:00-08:00, morning 07:00-11:00, mid-morning 09:30-11:00, late morning 10:00-12:00, midday / noon
  11:30-13:30, early afternoon 13:00-15:00, afternoon 13:00-17:00, mid-afternoon 14:30-16:00, late
  afternoon 16:00-18:00, early evening 17:00-19:30, evening 18:00-21:00, late evening 21:00-23:00,
  (at) night 21:00-23:30, late night 22:00-24:00. A part of the day followed by "suggestions" /
  "recommendations" ("late evening suggestions") names content, not a time, and is skipped.
- rank 1 as well: "throughout the day" -> 09:00-17:00.
- rank 0, time-less moments (used only alone; the importer reports them as ``partial``):
  "(creative/spontaneous) breaks" -> 14:00-16:00; "idle moments" -> 09:00-17:00.

Windows are merged where they overlap or touch (labels joined with " + "). Clipping to the waking
day is the importer's job (it knows whether wake/sleep came from the text).

``do_not_interrupt`` comes from the avoid-parts through :data:`AVOID_KINDS` (specific phrases such as
"journaling" -> journaling, "client work" / "deep focus" / "work hours" -> work, "breakfast" -> meal,
"nap" / "winding down" / "relaxation" -> rest and leisure, "hosting" -> social); the generic phrases
"morning routine" (hygiene, meal), "evening routine" / "before bed" / "pre-sleep" (rest) count only
when the same avoid-part names nothing specific. Sleep itself needs no entry: asleep is always blocked.

``slack_minutes`` is :data:`SLACK_MINUTES` when the text hedges its times ("roughly", "give or take",
"more or less", "I don't watch the clock"), else 0: every window then stretches that much at both ends.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from propersim_gym.personas.rubric_text.common import CLOCK, clock_minutes, plain, sentences, split_polarity
from propersim_gym.taxonomy import ActivityKind

#: How far a hedged window ("roughly 10 to 12") stretches at each end.
SLACK_MINUTES = 15
_HEDGE = re.compile(
    r"\broughly\b|\bgive or take\b|\bmore or less\b|\bdon'?t watch the clock\b|\bapproximately\b",
    re.IGNORECASE,
)


def window_slack(text: str) -> int:
    """Minutes of slack at each end of every window: :data:`SLACK_MINUTES` when the text hedges its times."""
    return SLACK_MINUTES if _HEDGE.search(text.replace("’", "'")) else 0


@dataclass(frozen=True)
class Anchors:
    """Routine times that relative phrases ("after breakfast", "before bed") hang on."""

    wake: int = 7 * 60
    sleep: int = 22 * 60 + 30
    breakfast: int = 7 * 60 + 30
    lunch: int = 12 * 60 + 30
    dinner: int = 19 * 60


@dataclass(frozen=True)
class WindowPhrase:
    """One time phrase found in a timing text and the window it stands for."""

    start: int
    end: int
    label: str
    rank: int
    pos: int
    end_pos: int
    anchor: str = ""  # the routine time it hangs on ("breakfast", "lunch", "dinner", "sleep", "wake")


PARTS_OF_DAY: dict[str, tuple[int, int]] = {
    "early morning": (6 * 60, 8 * 60),
    "morning": (7 * 60, 11 * 60),
    "mid morning": (9 * 60 + 30, 11 * 60),
    "late morning": (10 * 60, 12 * 60),
    "midday": (11 * 60 + 30, 13 * 60 + 30),
    "noon": (11 * 60 + 30, 13 * 60 + 30),
    "early afternoon": (13 * 60, 15 * 60),
    "afternoon": (13 * 60, 17 * 60),
    "mid afternoon": (14 * 60 + 30, 16 * 60),
    "late afternoon": (16 * 60, 18 * 60),
    "early evening": (17 * 60, 19 * 60 + 30),
    "evening": (18 * 60, 21 * 60),
    "mid evening": (19 * 60, 21 * 60),
    "late evening": (21 * 60, 23 * 60),
    "night": (21 * 60, 23 * 60 + 30),
    "early night": (20 * 60, 22 * 60),
    "late night": (22 * 60, 24 * 60),
}
BREAKS_WINDOW = (14 * 60, 16 * 60)
DAYTIME_WINDOW = (9 * 60, 17 * 60)


_POD = re.compile(
    r"\b(?:(?P<qual>early|late|mid)[- ]?)?(?P<part>morning|afternoon|evening|night)s?\b"
    r"|\b(?P<mid>mid-?day|noon|lunchtime)\b",
    re.IGNORECASE,
)
_POD_LEAD = re.compile(r"\b(?:in|during|at|through)\s+(?:the|my|our)?\s*$", re.IGNORECASE)
_BETWEEN = re.compile(rf"\b(?:between|from)\s+{CLOCK}\s*(?:and|to|-|\u2013)\s*{CLOCK}", re.IGNORECASE)
_PREP_CLOCK = re.compile(
    rf"\b(around|about|approximately|roughly|at|after|before|by|until)\s+"
    rf"(?:(?:[a-z']+\s+){{0,4}}?(at|around)\s+)?{CLOCK}",
    re.IGNORECASE,
)
_MEAL = re.compile(
    r"\b(after|during|having|with|at|over|before|while)\s+(?:(?:my|a|the|our|i'm|i am|having)\s+)?"
    r"(?:[a-z-]+\s+){0,2}?(breakfast|lunch|dinner)(\s+break)?\b",
    re.IGNORECASE,
)
_BED = re.compile(
    r"\bbefore\s+(?:going\s+to\s+bed|go\w*\s+to\s+bed|(?:my\s+)?bed(?:time)?"
    r"|(?:going\s+to\s+)?sleep(?:ing)?)\b",
    re.IGNORECASE,
)
_WAKE = re.compile(r"\bafter\s+(?:i\s+)?wak(?:e|ing)\s+up\b", re.IGNORECASE)
_BREAKS = re.compile(
    r"\b(?:(?:creative|spontaneous|short|coffee|quick)\s+)?breaks?\b(?! from)", re.IGNORECASE
)
_DAYTIME = re.compile(r"\bidle moments\b|\bthroughout the day\b", re.IGNORECASE)
_COMMENTARY = re.compile(
    r"^\s*(?:this|these|that|those)\s+(?:timing|times?|windows?|way|moments?|periods?)\b", re.IGNORECASE
)
_GROUP_SPLIT = re.compile(r"\b(?:or|and|also|again|additionally)\b|[.;!?]", re.IGNORECASE)


def _clock_ok(suffix: str | None, minute: str | None) -> bool:
    return bool(suffix) or minute is not None


def find_time_phrases(text: str, anchors: Anchors | None = None) -> list[WindowPhrase]:
    """Every welcome-time phrase in ``text`` (assumed to be positive text), with its window and rank."""
    a = anchors or Anchors()
    text = plain(text)
    found: list[WindowPhrase] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, label: str, rank: int, span: tuple[int, int], anchor: str = "") -> None:
        if any(not (span[1] <= s or span[0] >= e) for s, e in taken):
            return
        start, end = max(0, start), min(24 * 60, end)
        if start < end:
            found.append(WindowPhrase(start, end, label.strip(" ,"), rank, span[0], span[1], anchor))
            taken.append(span)

    for m in _BETWEEN.finditer(text):
        h1, m1, s1, h2, m2, s2 = m.groups()
        if not (_clock_ok(s1, m1) or _clock_ok(s2, m2)):
            continue
        end = clock_minutes(h2, m2, s2)
        if s1 is None and s2 is not None:
            start = clock_minutes(h1, m1, s2)  # "between 6:00 and 9:00 AM"
            if start > end:  # "between 10 and 2 pm"
                start = clock_minutes(h1, m1, "am")
        else:
            start = clock_minutes(h1, m1, s1)
        add(start, end or 24 * 60, m.group(0), 3, m.span())
    for m in _PREP_CLOCK.finditer(text):
        prep, inner = m.group(1).lower(), (m.group(2) or "").lower()
        hour, minute, suffix = m.group(3), m.group(4), m.group(5)
        if not _clock_ok(suffix, minute):
            continue
        if inner == "around":
            prep = "around"
        t = clock_minutes(hour, minute, suffix)
        if t == 0 and prep in {"after", "at", "around", "about"} and suffix and "a" in suffix:
            t = 24 * 60  # "12am" as the end of the day
        if prep in {"around", "about", "approximately", "roughly"}:
            add(t - 30, t + 30, m.group(0), 3, m.span())
        elif prep == "at":
            add(t, t + 60, m.group(0), 3, m.span())
        elif prep == "after":
            add(t, t + 120, m.group(0), 3, m.span())
        elif prep in {"before", "by", "until"}:
            add(t - 120, t, m.group(0), 3, m.span())
    for m in _MEAL.finditer(text):
        prep, meal = m.group(1).lower(), m.group(2).lower()
        t = getattr(a, meal)
        if prep == "after":
            add(t + 30, t + 120, m.group(0), 2, m.span(), meal)
        elif prep == "before":
            add(t - 60, t, m.group(0), 2, m.span(), meal)
        else:
            add(t, t + 60, m.group(0), 2, m.span(), meal)
    for m in _BED.finditer(text):
        add(a.sleep - 90, a.sleep, m.group(0), 2, m.span(), "sleep")
    for m in _WAKE.finditer(text):
        add(a.wake, a.wake + 120, m.group(0), 2, m.span(), "wake")
    for m in _POD.finditer(text):
        if m.group("mid"):
            key = "midday" if m.group("mid").lower() != "noon" else "noon"
        else:
            qual = (m.group("qual") or "").lower()
            part = m.group("part").lower()
            if not qual and not _POD_LEAD.search(text[: m.start()]):
                continue
            key = f"{qual} {part}".strip()
            if key not in PARTS_OF_DAY:
                key = part
            if re.match(r"\s+(?:suggestions|recommendations)\b", text[m.end() :], re.IGNORECASE):
                continue  # "late evening suggestions" names content, not a time
        start, end = PARTS_OF_DAY[key]
        add(start, end, m.group(0), 1, m.span())
    for m in _BREAKS.finditer(text):
        if not re.search(r"\blunch\s+$", text[: m.start()], re.IGNORECASE):
            add(*BREAKS_WINDOW, m.group(0), 0, m.span())
    for m in _DAYTIME.finditer(text):
        rank = (
            1 if "day" in m.group(0).lower() else 0
        )  # "throughout the day" is a time; "idle moments" is not
        add(*DAYTIME_WINDOW, m.group(0), rank, m.span())
    return sorted(found, key=lambda p: p.pos)


def group_phrases(
    text: str, phrases: Sequence[WindowPhrase], max_gap_chars: int = 45
) -> list[list[WindowPhrase]]:
    """Groups of nearby phrases that describe one moment ("in the morning, around 8am")."""
    groups: list[list[WindowPhrase]] = []
    for p in phrases:
        if groups:
            prev = groups[-1][-1]
            gap = text[prev.end_pos : p.pos]
            if len(gap) <= max_gap_chars and not _GROUP_SPLIT.search(gap):
                groups[-1].append(p)
                continue
        groups.append([p])
    return groups


def merge_windows(windows: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Merge overlapping or touching windows; labels of merged windows are joined with " + "."""
    out: list[list] = []
    for start, end, label in sorted(windows):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
            if label not in out[-1][2].split(" + "):
                out[-1][2] = f"{out[-1][2]} + {label}"
        else:
            out.append([start, end, label])
    return [(s, e, lab) for s, e, lab in out]


def parse_time_phrase(phrase: str, anchors: Anchors | None = None) -> tuple[int, int] | None:
    """The window of one time phrase ("late morning", "around 8am", "after breakfast"), or None."""
    phrases = find_time_phrases(phrase, anchors)
    if not phrases:
        return None
    kept = _best_of_groups(phrase, phrases)
    merged = merge_windows((p.start, p.end, p.label) for p in kept)
    return (merged[0][0], merged[-1][1]) if merged else None


def _best_of_groups(text: str, phrases: Sequence[WindowPhrase]) -> list[WindowPhrase]:
    kept: list[WindowPhrase] = []
    for group in group_phrases(text, phrases):
        best = max(p.rank for p in group)
        kept.extend(p for p in group if p.rank == best)
    return kept


#: Avoid-phrase vocabulary: regex -> activity kinds (specific phrases).
AVOID_KINDS: list[tuple[str, tuple[ActivityKind, ...]]] = [
    (r"journal\w*|personal reflection|reflection time", (ActivityKind.JOURNALING,)),
    (r"meditat\w*|contemplat\w*|mindfulness practice", (ActivityKind.MEDITATION,)),
    (
        r"client work|deep work|deep focus|focus[- ]intensive|focused work|focused community work|work hours"
        r"|workday|work tasks|work sessions?|work schedule|work-from-home schedule|workflow"
        r"|investigative work"
        r"|interviews|teaching schedule|writing sessions?|focus on a task|ongoing tasks|\bwork\b",
        (ActivityKind.WORK,),
    ),
    (r"creative flow|creative sessions?|painting|sketching", (ActivityKind.HOBBY,)),
    (r"hosting|guests|social(?!\s+media)\w*|debates?|gatherings?", (ActivityKind.SOCIAL,)),
    (r"physical training|workouts?|exercise", (ActivityKind.EXERCISE,)),
    (r"breakfast|lunch|dinner|meals?", (ActivityKind.MEAL,)),
    (
        r"\bnap\b|wind(?:ing)?[- ]down|unwind\w*|relax\w*|quiet time|evening silence",
        (ActivityKind.REST, ActivityKind.LEISURE),
    ),
    (r"\btv\b|movies?|films?|film-watching|social media|music", (ActivityKind.LEISURE,)),
    (r"reading|deep into a book|\bbooks?\b", (ActivityKind.READING,)),
    (r"watering\s+(?:indoor\s+)?plants|plant-care|plants", (ActivityKind.GARDENING,)),
]
#: Generic avoid phrases, used only when the avoid part names nothing specific.
AVOID_GENERIC: list[tuple[str, tuple[ActivityKind, ...]]] = [
    (r"morning routine|morning silence", (ActivityKind.HYGIENE, ActivityKind.MEAL)),
    (r"evening routine|before bed|pre-sleep|bedtime|at night", (ActivityKind.REST,)),
]


def avoided_kinds(avoid_text: str) -> list[tuple[ActivityKind, str]]:
    """Activity kinds named in an avoid part, each with the phrase that named it."""
    out: list[tuple[ActivityKind, str]] = []
    for pattern, kinds in AVOID_KINDS:
        for m in re.finditer(pattern, avoid_text, re.IGNORECASE):
            out.extend((k, m.group(0)) for k in kinds)
    if not out:
        for pattern, kinds in AVOID_GENERIC:
            for m in re.finditer(pattern, avoid_text, re.IGNORECASE):
                out.extend((k, m.group(0)) for k in kinds)
    return out


@dataclass(frozen=True)
class TimingParse:
    """Welcome windows (merged, unclipped) and activity kinds not to interrupt, with their phrases."""

    windows: list[tuple[int, int, str]]
    do_not_interrupt: list[ActivityKind]
    window_phrases: list[str]
    avoid_phrases: dict[ActivityKind, list[str]] = field(default_factory=dict)
    dropped_phrases: list[str] = field(default_factory=list)
    anchors_used: list[str] = field(default_factory=list)  # routine times the kept windows hang on
    timeless: list[str] = field(default_factory=list)  # kept phrases that state no time ("breaks")
    slack_minutes: int = 0


def parse_timing(text: str, anchors: Anchors | None = None) -> TimingParse:
    """Read welcome windows and do-not-interrupt kinds from a timing text (rules in the module docstring)."""
    anchors = anchors or Anchors()
    kept: list[WindowPhrase] = []
    dropped: list[str] = []
    avoid: dict[ActivityKind, list[str]] = {}
    for _, sentence in sentences(plain(text)):
        welcome, avoid_part = split_polarity(sentence)
        if _COMMENTARY.match(welcome):
            welcome = ""  # "These times fit well into my rhythm, ... at night": no new window
        phrases = find_time_phrases(welcome, anchors)
        best = _best_of_groups(welcome, phrases)
        kept.extend(best)
        dropped.extend(p.label for p in phrases if p not in best)
        for kind, phrase in avoided_kinds(avoid_part):
            avoid.setdefault(kind, [])
            if phrase not in avoid[kind]:
                avoid[kind].append(phrase)
    windows = merge_windows((p.start, p.end, p.label) for p in kept)
    order = list(ActivityKind)
    return TimingParse(
        windows=windows,
        do_not_interrupt=sorted(avoid, key=order.index),
        window_phrases=[p.label for p in kept],
        avoid_phrases=avoid,
        dropped_phrases=dropped,
        anchors_used=sorted({p.anchor for p in kept if p.anchor}),
        timeless=[p.label for p in kept if p.rank == 0],
        slack_minutes=window_slack(text),
    )
