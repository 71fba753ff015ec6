"""Deterministic phrase parsers that read the structured rubric out of ProPerSim's first-person texts.

Pure Python: regular expressions and small vocabularies, no model, no randomness. Every parser
returns its values together with where each came from (:data:`Source`) and the phrases it matched,
so the importer can report what the text determined and what a documented rule filled in.

Sources
-------
``text``     the text states this quantity; it was read through the vocabulary / formula below.
``partial``  the text states part of it (e.g. only the daily maximum); a rule filled in the rest.
``rule``     the text does not state this quantity; it was computed by a rule from other text values.
``default``  the text says nothing usable; the documented default was used.

Numbers
-------
Number words one..twelve become digits, "once" / "twice" / "thrice" become "1 / 2 / 3 times",
"two to three", "2-3", "two or three" become ranges (low, high). ``W`` is a 16-hour waking day
(:data:`WAKING_MINUTES` = 960). ``round5`` rounds half up to a multiple of 5 minutes.

Frequency (:func:`parse_frequency`)
-----------------------------------
- rate "k times every h hours" (k, h may be ranges; "once every h hours" and a bare "every h hours"
  have k = 1): spacing s_lo = h_lo*60/k_hi and s_hi = h_hi*60/k_lo;
  ``min_gap = round5(0.75 * s_lo)``; ``max_gap = max(h_hi*60, round5(1.5 * s_hi))`` (overdue once a whole
  stated period, or one and a half of the slowest stated spacings, passes with none).
  Examples: "about twice every 2 to 3 hours" -> 45 / 180; "once every 4 hours" -> 180 / 360.
- floor "no more than once every h hours", "at least h-hour intervals", "at least h hours apart":
  ``min_gap = h*60`` (text), overriding the rate's min_gap.
- daily count "n times a day / per day / every day / throughout the day", "n to m", "n or m":
  ``per_day = (n, m)``; a single n is (n, n), or (n-1, n+1) after "about / around / roughly";
  "a maximum of n" / "no more than n times a day" / "up to n" fix only the high end, "at least n"
  only the low end (the other end by rule: *partial*). An enumeration "once in the morning and once
  before bed ... a third time in the evening" counts its items.
- per_day by rule from a rate: ``(max(1, floor(W*k_lo/(h_hi*60))), ceil(W*k_hi/(h_lo*60)))``, capped at 30.
- gaps by rule from per_day (lo, hi): ``min_gap = round5(0.5 * W/hi)``, ``max_gap = round5(1.5 * W/lo)``.
- nothing stated: per_day (3, 6) and the gaps by the rule above (80 / 480), all ``default``.
- clamps: 15 <= min_gap <= 720, 60 <= max_gap <= 1080, and max_gap >= min_gap + 60.

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

Preference (:func:`parse_preference`)
-------------------------------------
Sentences are split into clauses at ", and <topic words> suggestions/tips/..." and situations are the
spans after "when / whenever / while / during / as I'm" (to the next clause-starting comma, or to
"I appreciate / like / ..."). Topics come from :data:`TOPIC_WORDS` in the rest of the clause; a topic
named in a clause with a situation is wanted in the situations' activity kinds (from
:data:`SITUATION_KINDS`) plus, by rule, its own activity kind (:data:`TOPIC_OWN_KINDS`); a topic named
without a situation, or in the persona's interests, is wanted everywhere. "after ..." parts of a
situation (the moment after an activity) name no situation kind. The opening "I prefer
recommendations that align with my ..." sentence is skipped (it names moods, not topics).
Disliked topics come only from explicit refusals ("I do not welcome / don't like / don't want ...
suggestions about X", "spare me X", "not interested in X").

Communication (:func:`parse_communication`)
-------------------------------------------
Tone words (:data:`TONE_WORDS`): friendly, warm, gentle, casual, conversational, encouraging, poetic,
soft, comforting, like a friend -> warm; calm, polite, formal, professional, direct, concise, clear,
straightforward, neutral, informative, analytical -> neutral; assertive, bold, forceful, directive
-> commanding; pushy, urgent, manipulative, demanding, pressure -> pushy. A word inside a negation
("nothing too casual", "avoiding anything forceful", "sensitive to overly directive language")
removes its tone instead. Length (:data:`LENGTH_WORDS`): concise / succinct / minimal(ism) / no
fluff / to the point -> 30 words; short / brief -> 40; easy to process / simple / without complexity
-> 50; informative / detailed / thorough -> 80; nothing said -> 60 (default). ``never`` is always
every boundary of :data:`propersim_gym.taxonomy.UNIVERSAL_BOUNDARIES`.

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

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from propersim_gym.taxonomy import ActivityKind, Tone, Topic

Source = Literal["text", "partial", "rule", "default"]

#: The waking day that daily counts and rates are spread over (16 hours).
WAKING_MINUTES = 16 * 60
PER_DAY_CAP = 30
DEFAULT_PER_DAY = (3, 6)
DEFAULT_MAX_WORDS = 60

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

_DASHES = "\u2013\u2014"  # en dash, em dash


def round5(x: float) -> int:
    """Round half up to a multiple of 5."""
    return math.floor(x / 5 + 0.5) * 5


def _plain(text: str) -> str:
    """Straight apostrophes and quotes, so patterns need not list the typographic ones."""
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')


def normalize_numbers(text: str) -> str:
    """Lower-case ``text`` with number words as digits and once/twice/thrice as "1/2/3 times"."""
    t = text.lower().replace("\u2019", "'")
    for word, n in _NUMBER_WORDS.items():
        t = re.sub(rf"\b{word}\b", str(n), t)
    t = re.sub(r"\bonce\b", "1 times", t)
    t = re.sub(r"\btwice\b", "2 times", t)
    t = re.sub(r"\bthrice\b", "3 times", t)
    t = re.sub(r"\bevery hour\b", "every 1 hours", t)
    t = re.sub(r"(\d+)\s*[-\u2013]\s*(\d+)", r"\1 to \2", t)
    return t


# --------------------------------------------------------------------------------------------------
# Frequency
# --------------------------------------------------------------------------------------------------

_RANGE = r"(\d+)(?:\s+(?:to|or)\s+(\d+))?"
_QUAL = r"(?:(about|around|roughly|approximately|ideally|just|only)\s+)*"
_RATE = re.compile(rf"{_QUAL}{_RANGE}\s+times\s+(?:every|per|each|in)\s+(?:{_RANGE}\s+)?hours?\b")
_INTERVAL = re.compile(rf"every\s+{_RANGE}\s+hours?\b")
_FLOOR = re.compile(
    rf"no more (?:often )?than 1 times every\s+{_RANGE}\s+hours?"
    rf"|at least\s+{_RANGE}[- ]hours?(?:\s+(?:intervals?|apart|between))"
    rf"|at least\s+{_RANGE}\s+hours?\s+(?:apart|between)"
)
_DAY = r"(?:a|per|every|each)\s+day|throughout\s+the\s+day|during\s+the\s+day|daily"
_DAILY_STRICT = re.compile(rf"(?<![\w-]){_QUAL}{_RANGE}\s+times\s+(?:{_DAY})")
_CAP = re.compile(rf"(?:a maximum of|no more than|at most|up to)\s+{_RANGE}\s+times(?:\s+(?:{_DAY}))?")
_AT_LEAST = re.compile(rf"at least\s+{_RANGE}\s+times(?:\s+(?:{_DAY}))?")
_ONCE_ITEM = re.compile(
    r"\bonce\b(?!\s+(?:every|per|a|each|in)\s+(?:\d+\s+|one\s+|two\s+|three\s+|four\s+|five\s+|few\s+)?"
    r"(?:to\s+\w+\s+)?(?:hours?|day))"
)
_ORDINAL = re.compile(r"\ba (second|third|fourth|fifth|sixth) time\b")
_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}


@dataclass(frozen=True)
class FrequencyParse:
    """The frequency rubric numbers with the source and evidence of each."""

    min_gap_minutes: int
    max_gap_minutes: int
    per_day: tuple[int, int]
    sources: dict[str, Source]
    evidence: dict[str, str]


def _rng(low: str, high: str | None) -> tuple[int, int]:
    a, b = int(low), int(high) if high else int(low)
    return (min(a, b), max(a, b))


def parse_frequency(text: str, waking_minutes: int = WAKING_MINUTES) -> FrequencyParse:
    """Read min_gap, max_gap and per_day from a frequency text (rules in the module docstring)."""
    t = normalize_numbers(text)
    w = waking_minutes
    evidence: dict[str, str] = {}
    gap_lo = gap_hi = None  # spacing bounds (s_lo, s_hi) and stated period h_hi
    period_hi = None
    rate_k = rate_h = None
    consumed: list[tuple[int, int]] = []

    floor_min = None
    m = _FLOOR.search(t)
    if m:
        groups = [g for g in m.groups()]
        h = next(int(g) for g in groups if g is not None)
        floor_min = h * 60
        evidence["min_gap_minutes"] = m.group(0)
        consumed.append(m.span())

    def free(span: tuple[int, int]) -> bool:
        return all(span[1] <= a or span[0] >= b for a, b in consumed)

    for m in _RATE.finditer(t):
        if not free(m.span()):
            continue
        k = _rng(m.group(2), m.group(3))
        h = _rng(m.group(4), m.group(5)) if m.group(4) else (1, 1)
        rate_k, rate_h = k, h
        evidence["rate"] = m.group(0).strip()
        consumed.append(m.span())
        break
    if rate_k is None:
        for m in _INTERVAL.finditer(t):
            if not free(m.span()):
                continue
            rate_k, rate_h = (1, 1), _rng(m.group(1), m.group(2))
            evidence["rate"] = m.group(0).strip()
            consumed.append(m.span())
            break
    if rate_k is not None and rate_h is not None:
        gap_lo = rate_h[0] * 60 / rate_k[1]
        gap_hi = rate_h[1] * 60 / rate_k[0]
        period_hi = rate_h[1] * 60

    per_low = per_high = None
    per_src: Source | None = None
    for m in _CAP.finditer(t):
        if free(m.span()) and "hour" not in m.group(0):
            per_high = _rng(m.group(1), m.group(2))[1]
            evidence["per_day"] = m.group(0)
            consumed.append(m.span())
            break
    for m in _AT_LEAST.finditer(t):
        if free(m.span()) and "hour" not in t[m.end() : m.end() + 8]:
            per_low = _rng(m.group(1), m.group(2))[0]
            evidence["per_day"] = (evidence.get("per_day", "") + " / " + m.group(0)).strip(" /")
            consumed.append(m.span())
            break
    if per_low is None and per_high is None:
        for m in _DAILY_STRICT.finditer(t):
            if not free(m.span()):
                continue
            low, high = _rng(m.group(2), m.group(3))
            if m.group(3) is None and m.group(1) in {"about", "around", "roughly", "approximately"}:
                low, high = max(1, low - 1), high + 1
            per_low, per_high = low, high
            evidence["per_day"] = m.group(0).strip()
            consumed.append(m.span())
            break
    if per_low is None and per_high is None:
        raw = text.lower()
        items = sum(1 for _ in _ONCE_ITEM.finditer(raw))
        ordinals = [_ORDINALS[o.group(1)] for o in _ORDINAL.finditer(raw)]
        count = max([items, *ordinals]) if (items or ordinals) else 0
        if count >= 2:
            per_low = per_high = count
            evidence["per_day"] = (
                f"{count} occasions listed ("
                + ", ".join(
                    [mm.group(0) for mm in _ONCE_ITEM.finditer(raw)]
                    + [o.group(0) for o in _ORDINAL.finditer(raw)]
                )
                + ")"
            )
    if per_low is not None and per_high is not None:
        per_src = "text"
    elif per_low is not None or per_high is not None:
        per_src = "partial"

    sources: dict[str, Source] = {}
    # per_day
    rule_per: tuple[int, int] | None = None
    if rate_k is not None and rate_h is not None:
        rule_per = (
            max(1, math.floor(w * rate_k[0] / (rate_h[1] * 60))),
            min(PER_DAY_CAP, math.ceil(w * rate_k[1] / (rate_h[0] * 60))),
        )
    if per_src == "text":
        assert per_low is not None and per_high is not None
        per_day = (per_low, per_high)
    elif per_src == "partial":
        base = rule_per or DEFAULT_PER_DAY
        if per_high is not None:
            per_day = (min(base[0], per_high), per_high)
        else:
            assert per_low is not None
            per_day = (per_low, max(base[1], per_low))
    elif rule_per is not None:
        per_day, per_src = rule_per, "rule"
        evidence["per_day"] = f"from the rate '{evidence['rate']}' over a {w // 60} h waking day"
    else:
        per_day, per_src = DEFAULT_PER_DAY, "default"
        evidence["per_day"] = "no daily count or rate in the text; default (3, 6)"
    per_day = (max(1, min(per_day[0], PER_DAY_CAP)), max(1, min(per_day[1], PER_DAY_CAP)))
    per_day = (min(per_day), max(per_day))
    sources["per_day"] = per_src

    # gaps
    if gap_lo is not None and gap_hi is not None and period_hi is not None:
        min_gap = round5(0.75 * gap_lo)
        max_gap = max(period_hi, round5(1.5 * gap_hi))
        sources["min_gap_minutes"] = sources["max_gap_minutes"] = "text"
        evidence.setdefault("min_gap_minutes", evidence["rate"])
        evidence["max_gap_minutes"] = evidence["rate"]
    else:
        src: Source = "rule" if per_src in ("text", "partial") else "default"
        min_gap = round5(0.5 * w / per_day[1])
        max_gap = round5(1.5 * w / per_day[0])
        sources["min_gap_minutes"] = sources["max_gap_minutes"] = src
        how = f"from per_day {per_day} over a {w // 60} h waking day"
        evidence.setdefault("min_gap_minutes", how)
        evidence["max_gap_minutes"] = how
    if floor_min is not None:
        min_gap = floor_min
        sources["min_gap_minutes"] = "text"
    min_gap = max(15, min(720, min_gap))
    max_gap = max(60, min(1080, max_gap))
    if max_gap < min_gap + 60:
        max_gap = min(1080, min_gap + 60)
        evidence["max_gap_minutes"] += " (raised to min_gap + 60)"
    evidence.pop("rate", None)
    return FrequencyParse(min_gap, max_gap, per_day, sources, evidence)


# --------------------------------------------------------------------------------------------------
# Clock times and timing windows
# --------------------------------------------------------------------------------------------------

_CLOCK = r"(\d{1,2})(?::(\d{2}))?\s*(a\.?\s?m\.?|p\.?\s?m\.?)?"
_SUFFIXED = r"(\d{1,2})(?::(\d{2}))?\s*(a\.?\s?m\.?|p\.?\s?m\.?)"


def clock_minutes(hour: str, minute: str | None, suffix: str | None, default_pm: bool | None = None) -> int:
    """Minutes after midnight of "7", "7:30", "7pm", "12am" (midnight = 0)."""
    h, mins = int(hour), int(minute or 0)
    pm = default_pm
    if suffix:
        pm = suffix.lower().replace(".", "").replace(" ", "").startswith("p")
    if pm is True and h < 12:
        h += 12
    elif pm is False and h == 12:
        h = 0
    elif pm is None and 1 <= h <= 6:
        h += 12  # "at 3" with no am/pm: afternoon
    return (h % 24) * 60 + mins


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

_NEGATION = re.compile(
    r"\b(?:not|never|nor|nothing|neither|avoid|avoids|avoiding|without|rather than|instead of|free from"
    r"|steer clear"
    r"|sensitive to|than|won't|don't|doesn't|do not|does not|isn't|aren't)\b|n't\b",
    re.IGNORECASE,
)
_NOT_NEGATION = re.compile(r"\b(?:don't|do not|doesn't|wouldn't) mind\b|\bnot only\b", re.IGNORECASE)
_REASON = re.compile(
    r",?\s+(?:as|because|since|so that|which|where|as these|as those)\b|\s*\u2014\s*|\s\u2013\s|\s-\s",
    re.IGNORECASE,
)


def sentences(text: str) -> list[tuple[int, str]]:
    """Split into sentences; returns (offset, sentence) pairs. Decimal points and "a.m." stay inside."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in re.finditer(r"(?<!\b[ap])(?<!\b[ap]\.[m])[.!?;](?=\s+[A-Z(\"\u201c]|\s*$)", text):
        piece = text[start : m.end()]
        if piece.strip():
            out.append((start, piece))
        start = m.end()
    if text[start:].strip():
        out.append((start, text[start:]))
    return out


def split_polarity(sentence: str) -> tuple[str, str]:
    """(welcome part, avoid part) of one sentence.

    The avoid part runs from a negation marker to the next reason clause (", as", "because", an em
    dash; the text after a reason is dropped) or to a resumption (", like", ", such as", ", but"; the
    text after it is welcome again, as in "when I'm not deeply engaged, like in the late morning").
    """
    welcome: list[str] = []
    avoid: list[str] = []
    rest = sentence
    while rest:
        masked = _NOT_NEGATION.sub(lambda m: "_" * len(m.group(0)), rest)
        m = _NEGATION.search(masked)
        if not m:
            welcome.append(rest)
            break
        welcome.append(rest[: m.start()])
        after = rest[m.start() :]
        reason = _REASON.search(after, 3)
        resume = _RESUME.search(after, 3)
        if resume and (not reason or resume.start() < reason.start()):
            avoid.append(after[: resume.start()])
            rest = after[resume.end() :]
            continue
        avoid.append(after[: reason.start()] if reason else after)
        break
    return " ".join(welcome), " ".join(avoid)


_RESUME = re.compile(r",\s*(?:like|such as|but|for example|e\.g\.)\s", re.IGNORECASE)


_POD = re.compile(
    r"\b(?:(?P<qual>early|late|mid)[- ]?)?(?P<part>morning|afternoon|evening|night)s?\b"
    r"|\b(?P<mid>mid-?day|noon|lunchtime)\b",
    re.IGNORECASE,
)
_POD_LEAD = re.compile(r"\b(?:in|during|at|through)\s+(?:the|my|our)?\s*$", re.IGNORECASE)
_BETWEEN = re.compile(rf"\b(?:between|from)\s+{_CLOCK}\s*(?:and|to|-|\u2013)\s*{_CLOCK}", re.IGNORECASE)
_PREP_CLOCK = re.compile(
    rf"\b(around|about|approximately|roughly|at|after|before|by|until)\s+"
    rf"(?:(?:[a-z']+\s+){{0,4}}?(at|around)\s+)?{_CLOCK}",
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
    text = _plain(text)
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


def parse_timing(text: str, anchors: Anchors | None = None) -> TimingParse:
    """Read welcome windows and do-not-interrupt kinds from a timing text (rules in the module docstring)."""
    anchors = anchors or Anchors()
    kept: list[WindowPhrase] = []
    dropped: list[str] = []
    avoid: dict[ActivityKind, list[str]] = {}
    for _, sentence in sentences(_plain(text)):
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
    )


# --------------------------------------------------------------------------------------------------
# Preference
# --------------------------------------------------------------------------------------------------

#: Keyword (regex, word-start) -> topics. Checked on the topic part of each clause and on interests.
TOPIC_WORDS: list[tuple[str, tuple[Topic, ...]]] = [
    (
        r"recipes?|cooking|cook|culinary|baking|bake|kitchen|flavou?rs?|flavou?r-pairing|meal ideas"
        r"|dinner themes?"
        r"|brewing",
        (Topic.COOKING,),
    ),
    (r"food|takeout|fast food|coffee|espresso", (Topic.COOKING, Topic.NUTRITION)),
    (r"nutrition|healthy eating|protein|snacks?|plant-based|diet\b|hydration", (Topic.NUTRITION,)),
    (r"herbal teas?|teas|tea blends?", (Topic.NUTRITION, Topic.SELF_CARE)),
    (
        r"workouts?|fitness|exercise|spin class|jiu-jitsu|strength training|yoga|stretch\w*|nature walks?",
        (Topic.EXERCISE,),
    ),
    (r"mindful\w*|meditat\w*|breathing|mindset", (Topic.MINDFULNESS,)),
    (r"sleep hygiene|bedtime routine", (Topic.SLEEP,)),
    (r"productivity|to-do|task-oriented|deadlines|focus techniques?|strategic", (Topic.PRODUCTIVITY,)),
    (
        r"research|academic|stud(?:y|ying)|courses?|learn\w*|insights|data-driven|analy[sz]\w*|philosoph\w*"
        r"|technolog\w*|smart home|automation|open-source|software|eco-friendly|sustainab\w*|geopolitic\w*"
        r"|neuroscience|thought-provoking|herbal medicine|holistic",
        (Topic.LEARNING,),
    ),
    (
        r"books?|reading|novels?|articles|essays|biograph\w*|literature|book club|historical fiction"
        r"|philosophical texts",
        (Topic.READING,),
    ),
    (r"music|playlists?|albums?|jazz|classical|instruments?|ambient|songs?", (Topic.MUSIC,)),
    (
        r"films?|movies?|\btv\b|series|documentar\w*|sitcoms?|reality tv|youtube|episodes?|directors"
        r"|talk show|entertainment|cinema|tv shows?",
        (Topic.FILM_TV,),
    ),
    (r"podcasts?|audiobooks?", (Topic.PODCASTS,)),
    (
        r"paint\w*|drawing|sketch\w*|calligraphy|knit\w*|crochet\w*|embroider\w*|crafts?|diy|\bart\b|artistic"
        r"|creative (?:inspiration|prompts|writing|diy|projects?)|poe\w*|stationery|upcycl\w*|mixed media"
        r"|refurbish\w*|restor\w*|design inspiration|creative\b",
        (Topic.ARTS_CRAFTS,),
    ),
    (
        r"d[eé]cor\w*|decorat\w*|interior|furniture|rearrang\w*|layouts?|aesthetic\w*|ambiance"
        r"|home improvement"
        r"|home solutions|colou?r palettes?|lighting|design\b|redecorat\w*|home aesthetics",
        (Topic.HOME_DECOR,),
    ),
    (r"garden\w*|plants?|houseplants|plant care|soil|native plants", (Topic.GARDENING,)),
    (r"organi[sz]\w*|declutter\w*|clean\w*|tidy\w*|storage|household chores|clutter", (Topic.ORGANIZING,)),
    (
        r"social(?!\s+media)|friends|hosting|host\b|gatherings?|party|conversation|networking|community"
        r"|family|neighbou?rs|meetups|game nights?",
        (Topic.SOCIAL,),
    ),
    (r"games?|board games?|video games?|puzzles?|jigsaw|strategy", (Topic.GAMES,)),
    (
        r"journal\w*|reflective|reflection|gratitude|(?:writing|journal\w*|poetic|reflection"
        r"|reflective) prompts",
        (Topic.JOURNALING,),
    ),
    (r"financ\w*|budget\w*|investment|portfolio|money|saving", (Topic.FINANCE,)),
    (r"self-care|wellness|bath|skincare|soothing|relaxing|scented candle", (Topic.SELF_CARE,)),
]

#: Situation keyword -> activity kinds (what the user is doing when a topic is welcome).
SITUATION_KINDS: list[tuple[str, tuple[ActivityKind, ...]]] = [
    (r"preparing (?:my\s+)?(?:breakfast|lunch|dinner|a meal)", (ActivityKind.COOKING, ActivityKind.MEAL)),
    (r"cook\w*|kitchen|baking|recipe|flavou?rs", (ActivityKind.COOKING,)),
    (r"breakfast|lunch|dinner|takeout|\bmeals?\b|\btea\b|coffee|espresso", (ActivityKind.MEAL,)),
    (r"journal\w*|reflect\w*", (ActivityKind.JOURNALING,)),
    (r"meditat\w*", (ActivityKind.MEDITATION,)),
    (r"workouts?|fitness|exercis\w*|training", (ActivityKind.EXERCISE,)),
    (r"garden\w*|plants?|houseplants", (ActivityKind.GARDENING,)),
    (
        r"organi[sz]\w*|clean\w*|declutter\w*|tidy\w*|household chores|chores|\barrang\w*|bookshel\w*"
        r"|maintaining my home|clutter|light tasks",
        (ActivityKind.CHORES,),
    ),
    (
        r"rearrang\w*|redecorat\w*|decorat\w*|d[eé]cor|refresh\w*|sketch\w*|paint\w*|design\w*|diy"
        r"|projects?|artistic"
        r"|hobb\w*|art\b|a new piece|creative|layouts|hands-on|experiment with art|knitting|calligraphy"
        r"|art movements",
        (ActivityKind.HOBBY,),
    ),
    (r"host\w*|friends?|gatherings?|game nights?|book club|catching up|debates?", (ActivityKind.SOCIAL,)),
    (r"planning|plan\b|prepping|reviewing|to-do", (ActivityKind.PLANNING,)),
    (
        r"academic work|deep work|work sessions?|analy[sz]\w*|research|personal study|writing"
        r"|focused personal projects"
        r"|\bwork\b",
        (ActivityKind.WORK,),
    ),
    (r"reading|\bbooks?\b|philosophical texts|exploring a new philosophy", (ActivityKind.READING,)),
    (
        r"watch\w*|\btv\b|films?|movies?|play\b|video games?|leisure|downtime|something new to watch|series",
        (ActivityKind.LEISURE,),
    ),
    (
        r"wind(?:ing)?[- ]down|unwind\w*|relax\w*|taking a break|feeling stressed|downtime|wellness routines",
        (ActivityKind.REST, ActivityKind.LEISURE),
    ),
    (r"preparing for bed|before bed|bedtime", (ActivityKind.REST, ActivityKind.HYGIENE)),
]

#: The activity kind in which a topic is always at home (added to a topic's situations by rule).
TOPIC_OWN_KINDS: dict[Topic, tuple[ActivityKind, ...]] = {
    Topic.COOKING: (ActivityKind.COOKING,),
    Topic.NUTRITION: (ActivityKind.MEAL,),
    Topic.EXERCISE: (ActivityKind.EXERCISE,),
    Topic.MINDFULNESS: (ActivityKind.MEDITATION,),
    Topic.SLEEP: (ActivityKind.REST,),
    Topic.PRODUCTIVITY: (ActivityKind.PLANNING,),
    Topic.LEARNING: (ActivityKind.READING,),
    Topic.READING: (ActivityKind.READING,),
    Topic.MUSIC: (ActivityKind.LEISURE,),
    Topic.FILM_TV: (ActivityKind.LEISURE,),
    Topic.PODCASTS: (ActivityKind.LEISURE,),
    Topic.ARTS_CRAFTS: (ActivityKind.HOBBY,),
    Topic.HOME_DECOR: (ActivityKind.HOBBY,),
    Topic.GARDENING: (ActivityKind.GARDENING,),
    Topic.ORGANIZING: (ActivityKind.CHORES,),
    Topic.SOCIAL: (ActivityKind.SOCIAL,),
    Topic.GAMES: (ActivityKind.LEISURE,),
    Topic.JOURNALING: (ActivityKind.JOURNALING,),
    Topic.FINANCE: (ActivityKind.PLANNING,),
    Topic.SELF_CARE: (ActivityKind.REST,),
}

_REC_NOUN = r"(?:suggestions|recommendations|tips|ideas|updates|advice|inspiration|methods|insights|prompts)"
_CLAUSE_SPLIT = re.compile(
    rf",?\s+and\s+(?=(?:(?!and\b|when\b|while\b)[\w\-]+[,\s]+){{0,4}}?{_REC_NOUN}\b)", re.IGNORECASE
)
_SITUATION = re.compile(r"\b(?:when|whenever|while|during|as i'm|as i am)\b", re.IGNORECASE)
_SITUATION_END = re.compile(
    r",\s*(?=(?:i\b|i'm|especially|as\b|since|so\b|which|because|these|this|that|such as|like|in contrast"
    r"|on the other hand)\b)"
    r"|(?=[\u2014\u2013]?\s*\bi\s+(?:also\s+)?(?:appreciate|like|enjoy|prefer|want|love|'d)\b)",
    re.IGNORECASE,
)
_AFTER_SUB = re.compile(r"\bafter\b[^,\u2014]*?(?=\bor\b|\u2014|,|$)", re.IGNORECASE)
_OPENING = re.compile(r"^\s*i prefer recommendations that\b", re.IGNORECASE)
_REFUSAL = re.compile(
    r"\b(?:(?:do not|don't|never)\s+(?:\w+\s+){0,2}?(?:welcome|want|like|enjoy|appreciate|need)"
    r"|spare me|not interested in|dislike|hate)\b",
    re.IGNORECASE,
)


def topics_in(text: str) -> list[tuple[Topic, str]]:
    """Topics named in ``text`` by the keyword vocabulary, each with the word that named it."""
    out: list[tuple[Topic, str]] = []
    for pattern, topics in TOPIC_WORDS:
        for m in re.finditer(rf"\b(?:{pattern})\b", text, re.IGNORECASE):
            out.extend((t, m.group(0)) for t in topics)
    return out


def situation_kinds(text: str) -> list[tuple[ActivityKind, str]]:
    """Activity kinds named in a situation span, each with the phrase that named it."""
    out: list[tuple[ActivityKind, str]] = []
    for pattern, kinds in SITUATION_KINDS:
        for m in re.finditer(rf"\b(?:{pattern})\b", text, re.IGNORECASE):
            out.extend((k, m.group(0)) for k in kinds)
    return out


@dataclass(frozen=True)
class TopicEvidence:
    """One wanted topic: where it is welcome (empty = anywhere) and the words that said so."""

    topic: Topic
    situations: tuple[ActivityKind, ...]
    words: tuple[str, ...]
    situation_words: tuple[str, ...]
    source: str  # "preference text" or "interests"


@dataclass(frozen=True)
class PreferenceParse:
    """Wanted topics with situations, disliked topics, and their evidence."""

    wanted: list[TopicEvidence]
    disliked: list[tuple[Topic, str]]


def _clauses(sentence: str) -> list[str]:
    """Split at ", and <rec words>" (or a bare "and <rec words>" after a situation: "X when ..., Y tips")."""
    out: list[str] = []
    start = 0
    for m in _CLAUSE_SPLIT.finditer(sentence):
        before = sentence[start : m.start()]
        if m.group(0).lstrip().startswith(",") or _SITUATION.search(before):
            out.append(before)
            start = m.end()
    out.append(sentence[start:])
    return [c for c in out if c.strip()]


def _split_situations(clause: str) -> tuple[str, list[str]]:
    """(topic part, situation spans) of one clause."""
    spans: list[tuple[int, int]] = []
    pos = 0
    while True:
        m = _SITUATION.search(clause, pos)
        if not m:
            break
        end_m = _SITUATION_END.search(clause, m.end())
        end = end_m.start() if end_m else len(clause)
        if end <= m.end():
            end = len(clause)
        spans.append((m.start(), end))
        pos = max(end, m.end())
    topic_part = clause
    for s, e in reversed(spans):
        topic_part = topic_part[:s] + " " + topic_part[e:]
    return topic_part, [clause[s:e] for s, e in spans]


def parse_preference(text: str, interests: Sequence[str] = ()) -> PreferenceParse:
    """Wanted topics (with situations) and disliked topics from a preference text plus interests."""
    order = list(ActivityKind)
    wanted: dict[Topic, dict] = {}
    disliked: list[tuple[Topic, str]] = []

    def want(topic: Topic, kinds: list[tuple[ActivityKind, str]], word: str, source: str) -> None:
        entry = wanted.setdefault(
            topic, {"general": False, "kinds": set(), "words": [], "sit_words": [], "source": source}
        )
        if word not in entry["words"]:
            entry["words"].append(word)
        if kinds:
            entry["kinds"].update(k for k, _ in kinds)
            entry["sit_words"].extend(w for _, w in kinds if w not in entry["sit_words"])
        else:
            entry["general"] = True

    for index, (_, sentence) in enumerate(sentences(_plain(text))):
        if index == 0 and _OPENING.search(sentence):
            continue
        refusal = _REFUSAL.search(sentence)
        if refusal:
            span = sentence[refusal.end() :]
            reason = _REASON.search(span) or re.search(r",\s*so\b", span)
            if reason:
                span = span[: reason.start()]
            disliked.extend(topics_in(span))
            sentence = sentence[: refusal.start()]
        welcome, _ = split_polarity(sentence)
        for clause in _clauses(welcome):
            topic_part, spans = _split_situations(clause)
            kinds: list[tuple[ActivityKind, str]] = []
            for span in spans:
                span = re.sub(r"\bbreak from work\b", "break", _AFTER_SUB.sub(" ", span), flags=re.IGNORECASE)
                kinds.extend(situation_kinds(span))
            for topic, word in topics_in(topic_part):
                want(topic, kinds, word, "preference text")
    for interest in interests:
        for topic, word in topics_in(interest):
            if topic not in wanted:
                want(topic, [], word, "interests")
    wanted_topics = set(wanted)
    disliked = [(t, w) for t, w in disliked if t not in wanted_topics]
    seen: set[Topic] = set()
    unique_disliked = []
    for t, w in disliked:
        if t not in seen:
            seen.add(t)
            unique_disliked.append((t, w))
    result: list[TopicEvidence] = []
    for topic in Topic:
        if topic not in wanted:
            continue
        e = wanted[topic]
        if e["general"] or not e["kinds"]:
            situations: tuple[ActivityKind, ...] = ()
        else:
            kinds = set(e["kinds"]) | set(TOPIC_OWN_KINDS[topic])
            situations = tuple(sorted(kinds, key=order.index))
        result.append(TopicEvidence(topic, situations, tuple(e["words"]), tuple(e["sit_words"]), e["source"]))
    return PreferenceParse(result, unique_disliked)


# --------------------------------------------------------------------------------------------------
# Communication
# --------------------------------------------------------------------------------------------------

TONE_WORDS: list[tuple[str, Tone]] = [
    (
        r"friendly|warm\w*|gentle|casual|conversational|encourag\w*|poetic|soft|comforting|kind\b|laid-back"
        r"|informal|enthusiastic|cheerful|upbeat|(?:like|from) a (?:good |well-meaning |sharp )?friend",
        Tone.WARM,
    ),
    (
        r"calm|polite\w*|formal|professional|direct\b|concise|clear\b|straightforward|neutral|informative"
        r"|analytical",
        Tone.NEUTRAL,
    ),
    (r"assertive|bold\b|forceful|directive|commanding", Tone.COMMANDING),
    (r"pushy|urgen\w*|manipulative|demanding|pressure|sensational\w*", Tone.PUSHY),
]
LENGTH_WORDS: list[tuple[str, int]] = [
    (r"concise|succinct|minimal\w*|fluff|to the point", 30),
    (r"\bshort\b|\bbrief\b", 40),
    (r"easy to process|simple language|complexity", 50),
    (r"informative|detailed|thorough|in-depth", 80),
]


@dataclass(frozen=True)
class CommunicationParse:
    """Accepted tones and the word limit, with the words that decided them."""

    tones: list[Tone]
    tone_words: dict[Tone, list[str]]
    rejected: dict[Tone, list[str]]
    max_words: int
    max_words_source: Source
    length_words: list[str]
    tones_source: Source


def parse_communication(text: str) -> CommunicationParse:
    """Tones and max_words from a communication text (rules in the module docstring)."""
    positive: dict[Tone, list[str]] = {}
    negative: dict[Tone, list[str]] = {}
    length: list[tuple[int, str]] = []
    for _, sentence in sentences(_plain(text)):
        masked = _NOT_NEGATION.sub(lambda m: "_" * len(m.group(0)), sentence)
        neg = _NEGATION.search(masked)
        cut = neg.start() if neg else len(sentence)
        for pattern, tone in TONE_WORDS:
            for m in re.finditer(rf"(?<![\w-])(?:{pattern})\b", sentence, re.IGNORECASE):
                bucket = negative if m.start() >= cut else positive
                bucket.setdefault(tone, []).append(m.group(0))
        for pattern, words in LENGTH_WORDS:
            for m in re.finditer(pattern, sentence, re.IGNORECASE):
                if words == 50 and m.start() < cut and m.group(0).lower() == "complexity":
                    continue  # "complexity" counts only as something to avoid
                length.append((words, m.group(0)))
    tones = [t for t in Tone if t in positive and t not in negative]
    source: Source = "text"
    if not tones:
        tones = [t for t in (Tone.WARM, Tone.NEUTRAL) if t not in negative] or [Tone.NEUTRAL]
        source = "default"
    if length:
        max_words = min(w for w, _ in length)
        return CommunicationParse(
            tones, positive, negative, max_words, "text", [w for _, w in length], source
        )
    return CommunicationParse(tones, positive, negative, DEFAULT_MAX_WORDS, "default", [], source)


# --------------------------------------------------------------------------------------------------
# Routine cues
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoutineCues:
    """Clock times of the routine that the profile texts state, with the phrase for each."""

    values: dict[str, int]
    evidence: dict[str, str]
    derived: dict[str, str] = field(
        default_factory=dict
    )  # key -> the rule that turned the phrase into a time


_WAKE_AT = re.compile(
    rf"\bwak(?:e|es|ing) up\s+(?:at|around|by|about)\s+{_SUFFIXED}"
    rf"|\b(?:starts?|begins?)\s+(?:the|her|his|their|my)\s+day\s+(?:(?:with"
    rf"|by)\s+[^.]*?\s+)?at\s+{_SUFFIXED}",
    re.IGNORECASE,
)
_LATE_WAKE = re.compile(r"\bsleeps? in\b|\bwake up late\b|\bwakes up late\b", re.IGNORECASE)
_SLEEP_AT = re.compile(
    rf"\b(?:bedtime|to bed|heading to bed|goes to bed|go to bed|asleep)\s+(?:at|around|by)\s+{_SUFFIXED}",
    re.IGNORECASE,
)
_IN_BED_BY = re.compile(rf"\bin bed\s+(?:by|at)\s+{_SUFFIXED}", re.IGNORECASE)
_WIND_DOWN = re.compile(
    rf"\b(?:wind(?:s|ing)? down|unwind(?:s|ing)?)\b[^.]*?\b(?:by|at)\s+{_SUFFIXED}", re.IGNORECASE
)
_MIDNIGHT = re.compile(
    r"\buntil\s+12\s*am\b|\buntil midnight\b|\bpast midnight\b|\bbefore midnight\b|\bafter midnight\b",
    re.IGNORECASE,
)
_LATE_NIGHT = re.compile(
    r"\blate into the night\b|\bstays? up late\b|\blate nights?\b|\blate-night\b", re.IGNORECASE
)
_MEAL_AT = re.compile(
    rf"\b(breakfast|lunch|dinner)(?:\s+break)?\s+at\s+(?:precisely\s+|around\s+|about\s+)?{_SUFFIXED}",
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
