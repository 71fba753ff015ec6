"""Import the original ProPerSim persona files (``scratch.json``) into this package's persona schema.

The originals hold a profile and four first-person rubric texts; our schema also needs structured
rubric fields, a routine and home activities. Text fields are carried over verbatim; the structured
rubric is read from the texts by the deterministic parsers of :mod:`propersim_gym.personas.rubric_text`;
what the text does not determine comes from documented rules and defaults. Every field's origin is
written to the :class:`ImportReport`, so nothing is guessed silently.

Rules for what the originals lack (all reported as ``rule`` or ``default``):

- pronouns: she/her, he/him or they/them by the most frequent of her/his/their in the third-person
  texts (background, interests, lifestyle, daily plan, goals); none or a tie -> they/them.
- wake / sleep: read from the texts where stated (see ``parse_routine_cues``); else wake 07:00 and
  sleep 22:30 for high Conscientiousness, wake 08:00 and sleep 23:30 for low. The weekend wakes 30
  (high C) or 60 (low C) minutes later and sleeps 30 minutes later (at most 23:59).
- meals: read where stated; else breakfast = wake + 30, lunch = max(12:30, breakfast + 150),
  dinner = max(19:00, lunch + 300), dinner at most sleep - 90.
- work: none for retired / former workers (unless "turned ..." / "now a ..."); flexible for freelance
  and creative occupations, fixed otherwise. Fixed: Mon-Fri from max(09:00, breakfast + 60) for up
  to 8 hours, ending an hour before dinner. Flexible: the afternoon (13:30-17:30) when the lifestyle
  puts work, writing, research or design there, late evening (21:00-23:30) when it works late at night,
  else 10:00-15:00.
- activities: from the daily plan (7 a week), lifestyle (5 a week; 2 for weekends) and interests (2 a
  week), kind by :data:`ACTIVITY_KINDS`, duration from "for N minutes / an hour" (x0.75 .. x1.25) or
  the kind's default, part of day from the words, steps from the kind's template. Meals and sleep are
  left to the routine; things done away from home (classes, cafés, travel, walks) are skipped.
- timing windows outside the waking day: when wake/sleep came from a rule, wake/sleep move to cover
  the window (wake not before 05:00); when they came from the text, the window is clipped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from propersim_gym.personas.rubric_text import (
    DEFAULT_MAX_WORDS,
    Anchors,
    RoutineCues,
    Source,
    normalize_numbers,
    parse_communication,
    parse_frequency,
    parse_preference,
    parse_routine_cues,
    parse_timing,
    round5,
)
from propersim_gym.personas.schema import TRAITS, BigFive, Persona, format_clock
from propersim_gym.taxonomy import ActivityKind, Boundary

DIMENSIONS = ("preference", "frequency", "timing", "communication")
CRITERIA_KEYS = {
    "preference": "Personal_Preference",
    "timing": "Timing",
    "frequency": "Frequency",
    "communication": "Communication_&_Safety",
}
REQUIRED_TEXT = (
    "name",
    "big_five_personality_traits",
    "daily_plan_req",
    "background",
    "current_interests",
    "lifestyle",
    "long_term_goals",
)
Status = Literal["fully", "partly", "not"]
_FOLDER_ID = re.compile(r"^base_the_ville_persona_(\d+)$")
EARLIEST_WAKE = 5 * 60
LATEST_SLEEP = 24 * 60 - 1


class OfficialImportError(ValueError):
    """An original persona file that cannot be read or imported; the message names file and field."""


@dataclass(frozen=True)
class FieldNote:
    """Where one structured field came from: read from the text, derived by a rule, or a default."""

    field: str
    source: Source
    value: str
    evidence: str
    counted: bool = True  # whether the field counts towards its dimension's recovery status


@dataclass
class DimensionReport:
    """The notes on one rubric dimension's structured fields."""

    name: str
    notes: list[FieldNote]

    @property
    def status(self) -> Status:
        """fully: every counted field read from the text; partly: some; not: none."""
        counted = [n for n in self.notes if n.counted]
        if counted and all(n.source == "text" for n in counted):
            return "fully"
        if any(n.source in ("text", "partial") for n in counted):
            return "partly"
        return "not"


@dataclass
class ImportReport:
    """Per rubric dimension and for the profile: which fields the text determined, which it did not."""

    dimensions: dict[str, DimensionReport]
    profile: list[FieldNote]
    adjustments: list[str] = field(default_factory=list)

    def not_from_text(self) -> list[tuple[str, FieldNote]]:
        """Every field not (fully) read from the text, as (section, note)."""
        out = [(d, n) for d, rep in self.dimensions.items() for n in rep.notes if n.source != "text"]
        out += [("profile", n) for n in self.profile if n.source != "text"]
        return out

    def to_markdown(self, title: str = "") -> str:
        """The report as a Markdown section."""
        lines = [f"## {title}", ""] if title else []
        for name in DIMENSIONS:
            rep = self.dimensions[name]
            lines += [
                f"### {name} — {rep.status}",
                "",
                "| field | source | value | evidence / reason |",
                "|---|---|---|---|",
            ]
            lines += [_row(n) for n in rep.notes]
            lines.append("")
        lines += [
            "### profile and routine",
            "",
            "| field | source | value | evidence / reason |",
            "|---|---|---|---|",
        ]
        lines += [_row(n) for n in self.profile]
        lines.append("")
        if self.adjustments:
            lines += ["### adjustments", ""] + [f"- {a}" for a in self.adjustments] + [""]
        return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _row(n: FieldNote) -> str:
    counted = "" if n.counted else " (not counted)"
    return f"| {n.field} | {n.source}{counted} | {_cell(n.value)} | {_cell(n.evidence)} |"


@dataclass(frozen=True)
class ImportResult:
    """One imported persona, the file it came from, and the report on how each field was obtained."""

    persona: Persona
    source: Path
    report: ImportReport


# --------------------------------------------------------------------------------------------------
# Reading the file
# --------------------------------------------------------------------------------------------------


def _read_scratch(path: Path) -> dict[str, Any]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise OfficialImportError(f"{path}: no such file") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise OfficialImportError(f"{path}: not valid JSON: {err}") from None
    if not isinstance(raw, dict):
        raise OfficialImportError(f"{path}: expected a JSON object at the top level")
    for key in REQUIRED_TEXT:
        _text(raw, key, path)
    if "age" not in raw or raw["age"] in (None, ""):
        raise OfficialImportError(f"{path}: missing field 'age'")
    try:
        int(raw["age"])
    except (TypeError, ValueError):
        raise OfficialImportError(f"{path}: field 'age' is not a number: {raw['age']!r}") from None
    criteria = raw.get("criteria")
    if criteria is None:
        raise OfficialImportError(f"{path}: missing field 'criteria'")
    if not isinstance(criteria, dict):
        raise OfficialImportError(f"{path}: field 'criteria' must be an object")
    for key in CRITERIA_KEYS.values():
        value = criteria.get(key)
        if value is None:
            raise OfficialImportError(f"{path}: missing field 'criteria.{key}'")
        if not isinstance(value, str) or len(value.strip()) < 20:
            raise OfficialImportError(
                f"{path}: field 'criteria.{key}' must be a text of at least 20 characters"
            )
    return raw


def _text(raw: dict[str, Any], key: str, path: Path) -> str:
    value = raw.get(key)
    if value is None:
        raise OfficialImportError(f"{path}: missing field '{key}'")
    if not isinstance(value, str) or not value.strip():
        raise OfficialImportError(f"{path}: field '{key}' must be a non-empty text")
    return value.strip()


def split_numbered(text: str) -> list[str]:
    """Items of "X enjoys 1) ... 2) ... 3) ..." (the lead-in dropped, trailing periods removed)."""
    parts = re.split(r"(?:^|\s)\d+\)\s*", text.strip())
    if len(parts) == 1:
        return [text.strip().rstrip(".")]
    items = [p.strip().rstrip(".").strip() for p in parts[1:]]
    return [i for i in items if i]


_BIG_FIVE = re.compile(
    r"\b(high|low)\s+in\s+(extraversion|extroversion|agreeableness|conscientiousness|openness|neuroticism)",
    re.IGNORECASE,
)


def parse_big_five(text: str) -> BigFive:
    """ "High in Extraversion, Low in Agreeableness, ..." -> BigFive; every trait must be named once."""
    levels: dict[str, str] = {}
    for m in _BIG_FIVE.finditer(text):
        trait = m.group(2).lower().replace("extroversion", "extraversion")
        levels[trait] = m.group(1).lower()
    missing = [t for t in TRAITS if t not in levels]
    if missing:
        raise ValueError(f"cannot read the level of {', '.join(missing)} from {text!r}")
    return BigFive(**levels)


def guess_pronouns(texts: Iterable[str]) -> tuple[str, str]:
    """(pronouns, evidence) from the her/his/their counts of third-person texts; they/them if unclear."""
    joined = " ".join(texts)
    counts = {
        "she/her": len(re.findall(r"\b(?:she|her|hers|herself)\b", joined, re.IGNORECASE)),
        "he/him": len(re.findall(r"\b(?:he|him|his|himself)\b", joined, re.IGNORECASE)),
        "they/them": len(re.findall(r"\b(?:they|their|theirs|themselves|themself)\b", joined, re.IGNORECASE)),
    }
    best = max(counts.values())
    winners = [p for p, c in counts.items() if c == best]
    summary = ", ".join(f"{p.split('/')[0]}: {c}" for p, c in counts.items())
    if best == 0 or len(winners) > 1:
        return "they/them", f"no clear pronoun in the profile texts ({summary}); default they/them"
    return winners[0], f"pronoun counts in the profile texts ({summary})"


# --------------------------------------------------------------------------------------------------
# Routine
# --------------------------------------------------------------------------------------------------

_RETIRED = re.compile(r"\bretire\w*|^\s*former\b", re.IGNORECASE)
_WORKING_AGAIN = re.compile(r"\bturned\b|\bnow (?:a|an)\b|\bnow works?\b", re.IGNORECASE)
_FLEXIBLE = re.compile(
    r"freelance|artist|writer|poet|designer|illustrator|researcher|sculptor|entrepreneur|nomad|editor"
    r"|independent",
    re.IGNORECASE,
)
_AFTERNOON_WORK = re.compile(
    r"afternoons?\b[^.]*\b(?:work|writ|research|analy|design|sketch|paint|project)"
    r"|\b(?:work|writ|research|analy|design|sketch|paint)\w*[^.]*\bafternoons?\b",
    re.IGNORECASE,
)
_NIGHT_WORK = re.compile(
    r"\bworks? late at night\b|\blate nights? (?:researching|writing|working|painting)", re.IGNORECASE
)


def occupation(background: str) -> str:
    """The occupation in a background line: "Freelance editor, prefers ..." -> "freelance editor"."""
    text = background.strip()
    m = re.search(r"\b(?:turned|now a|now an|as a|as an)\s+([^,.;]+)", text, re.IGNORECASE)
    if m:
        text = m.group(1)
    text = re.split(
        r",|\.|;|\s(?:with|who|specializing|dedicated|known|focused|focusing|passionate)\b", text
    )[0]
    return text.strip().lower()


@dataclass
class _RoutineDraft:
    wake: int
    sleep: int
    breakfast: int
    lunch: int
    dinner: int
    sources: dict[str, tuple[Source, str]]
    conscientious: bool

    def anchors(self) -> Anchors:
        return Anchors(self.wake, self.sleep, self.breakfast, self.lunch, self.dinner)


def _draft_routine(
    cues: RoutineCues, big_five: BigFive, wake: int | None = None, sleep: int | None = None
) -> _RoutineDraft:
    """Wake, sleep and meal times: from the text where stated, else by the rules of the module docstring.

    ``wake`` / ``sleep`` replace the trait defaults (not stated times) when the timing windows need it.
    """
    high_c = big_five.conscientiousness == "high"
    sources: dict[str, tuple[Source, str]] = {}

    def pick(key: str, fallback: int, why: str, source: Source, override: int | None = None) -> int:
        if key in cues.values:
            if key in cues.derived:
                sources[key] = ("partial", f"{cues.evidence[key]!r} -> rule: {cues.derived[key]}")
            else:
                sources[key] = ("text", repr(cues.evidence[key]))
            return cues.values[key]
        if override is not None:
            sources[key] = ("rule", why)
            return override
        sources[key] = (source, why)
        return fallback

    trait = "high" if high_c else "low"
    w = pick("wake", 7 * 60 if high_c else 8 * 60, f"default for {trait} Conscientiousness", "default", wake)
    s = pick(
        "sleep",
        22 * 60 + 30 if high_c else 23 * 60 + 30,
        f"default for {trait} Conscientiousness",
        "default",
        sleep,
    )
    b = pick("breakfast", w + 30, "rule: wake + 30", "rule")
    lunch = pick("lunch", max(12 * 60 + 30, b + 150), "rule: max(12:30, breakfast + 150)", "rule")
    dinner_rule = "rule: max(19:00, lunch + 300), at most sleep - 90"
    dinner = pick("dinner", min(max(19 * 60, lunch + 300), s - 90), dinner_rule, "rule")
    return _RoutineDraft(w, s, b, lunch, dinner, sources, high_c)


def _work_pattern(background: str, lifestyle: str, draft: _RoutineDraft) -> tuple[dict[str, Any], FieldNote]:
    job = occupation(background)
    if _RETIRED.search(background) and not _WORKING_AGAIN.search(background):
        return {"kind": "none"}, FieldNote(
            "routine.work", "rule", "none", f"retired / former worker: {background!r}"
        )
    if not job:
        return {"kind": "none"}, FieldNote(
            "routine.work", "default", "none", "no occupation in the background"
        )
    article = "an" if job[:1] in "aeiou" else "a"
    description = f"working as {article} {job}"
    days = ["mon", "tue", "wed", "thu", "fri"]
    if _FLEXIBLE.search(job):
        if _NIGHT_WORK.search(lifestyle):
            end = (min(23 * 60 + 30, draft.sleep - 30) // 5) * 5
            start, why = 21 * 60, "lifestyle works late at night"
        elif _AFTERNOON_WORK.search(lifestyle):
            start = max(13 * 60 + 30, draft.lunch + 60)
            end, why = min(start + 240, draft.dinner - 60), "lifestyle puts the work in the afternoon"
        else:
            start = max(10 * 60, draft.breakfast + 90)
            end, why = min(start + 300, draft.dinner - 60), "flexible default 10:00-15:00"
        kind = "flexible"
    else:
        start = max(9 * 60, draft.breakfast + 60)
        end, why = (
            min(start + 480, draft.dinner - 60),
            "fixed default from max(09:00, breakfast + 60), 8 hours",
        )
        kind = "fixed"
    start = round5(start)
    if end - start < 120:
        end = min(start + 120, draft.sleep - 30)
    if end <= start:
        return {"kind": "none"}, FieldNote(
            "routine.work", "rule", "none", f"no room for work in the day ({job})"
        )
    pattern = {"kind": kind, "start": start, "end": end, "days": days, "description": description}
    value = f"{kind} {format_clock(start)}-{format_clock(end)} Mon-Fri ({description})"
    return pattern, FieldNote("routine.work", "rule", value, f"occupation {job!r} -> {kind}; {why}")


# --------------------------------------------------------------------------------------------------
# Activities
# --------------------------------------------------------------------------------------------------

#: Activity keyword -> kind, first match wins.
ACTIVITY_KINDS: list[tuple[str, ActivityKind | None]] = [
    (r"^\s*(?:goes|go|heads?) to bed\b", ActivityKind.SLEEP),
    (r"complain", None),
    (
        r"(?:breakfast|lunch|dinner)\b.*\b(?:watch|listen)|\b(?:watch|listen)\w*\b.*\b(?:breakfast|lunch"
        r"|dinner)\b"
        r"|takeout|fast food",
        ActivityKind.MEAL,
    ),
    (r"meditat", ActivityKind.MEDITATION),
    (r"journal", ActivityKind.JOURNALING),
    (r"workout|training|exercise|yoga|stretch|spin\b|jiu-jitsu|fitness", ActivityKind.EXERCISE),
    (r"water\w* (?:the )?(?:indoor )?plants|houseplants|garden|\bplants\b|soil", ActivityKind.GARDENING),
    (
        r"\bhost|\bcall\b|\bchat|gathering|neighbo|book club|debate|discuss|letters|sociali|networking"
        r"|game nights?",
        ActivityKind.SOCIAL,
    ),
    (r"musical instrument|calligraphy|knit|crochet|sketch|paint", ActivityKind.HOBBY),
    (
        r"\bwatch|\btv\b|film|movie|documentar|video games|youtube|social media|listen|podcast|audiobook"
        r"|stargaz"
        r"|scrolling|music|talk show",
        ActivityKind.LEISURE,
    ),
    (
        r"recipe|\bcook(?:ing|s)?\b|\bbak(?:e|es|ing)\b|brewing|new (?:home-cooked )?meal"
        r"|prepar\w* (?:a |and enjoy a )?(?:home-cooked )?meal",
        ActivityKind.COOKING,
    ),
    (r"\bread(?:s|ing)?\b|books?\b|novels?\b|biograph", ActivityKind.READING),
    (
        r"deep work|work session|research|deadlines|emails|writing projects|works? on writing|analy[sz]"
        r"|open-source"
        r"|software",
        ActivityKind.WORK,
    ),
    (r"to-do|plan\b|planning|organize tasks", ActivityKind.PLANNING),
    (r"organi[sz]|clean|declutter|tidy|bookshel|household|chores|arrang\w* books", ActivityKind.CHORES),
    (
        r"rearrang|decor|furniture|craft|diy|design|collect|refurbish|restor|home improvement|creative"
        r"|writing"
        r"|poetry|tarot|\bart\b|ceramics|upcycl|experiment|automation|puzzle",
        ActivityKind.HOBBY,
    ),
    (r"\bbath\b|shower|skincare", ActivityKind.HYGIENE),
    (r"breakfast|lunch|dinner|\btea\b|coffee|espresso|snack|meal", ActivityKind.MEAL),
    (r"\bnap\b|lounge|relax|weighted blanket|wind\w* down|slow morning", ActivityKind.REST),
    (r"\bbed\b|sleep|wakes? up", ActivityKind.SLEEP),
]
_AWAY = re.compile(
    r"\battend|\bclass\b|caf[eé]|\bcit(?:y|ies)\b|travel|thrift|flea market|meetups|conference"
    r"|neighborhoods?\b"
    r"|urban|community clean-up|wander|roaming|\bwalks?\b",
    re.IGNORECASE,
)
KIND_MINUTES: dict[ActivityKind, tuple[int, int]] = {
    ActivityKind.HOBBY: (30, 60), ActivityKind.COOKING: (30, 60), ActivityKind.SOCIAL: (30, 60),
    ActivityKind.MEDITATION: (10, 20), ActivityKind.JOURNALING: (15, 30), ActivityKind.EXERCISE: (20, 45),
    ActivityKind.GARDENING: (10, 25), ActivityKind.READING: (20, 45), ActivityKind.WORK: (60, 120),
    ActivityKind.CHORES: (20, 45), ActivityKind.LEISURE: (30, 90), ActivityKind.PLANNING: (10, 20),
    ActivityKind.REST: (20, 45), ActivityKind.HYGIENE: (15, 30),
}  # fmt: skip
KIND_STEPS: dict[ActivityKind, tuple[str, ...]] = {
    ActivityKind.HOBBY: ("getting the materials ready", "{name}", "stepping back to look at the result"),
    ActivityKind.COOKING: ("reading the recipe", "preparing the ingredients", "cooking and tasting"),
    ActivityKind.SOCIAL: ("getting ready to connect", "{name}", "saying goodbye"),
    ActivityKind.MEDITATION: ("settling into a quiet spot", "breathing slowly", "opening the eyes again"),
    ActivityKind.JOURNALING: ("opening the journal", "writing about the day", "reading the entry back"),
    ActivityKind.EXERCISE: ("warming up", "{name}", "cooling down and stretching"),
    ActivityKind.GARDENING: ("checking the plants", "watering and tending the plants", "tidying the pots"),
    ActivityKind.READING: ("finding a comfortable seat", "{name}", "marking the page"),
    ActivityKind.WORK: ("reviewing the task list", "{name}", "wrapping up and saving the work"),
    ActivityKind.CHORES: ("gathering what is needed", "{name}", "putting things away"),
    ActivityKind.LEISURE: ("choosing what to watch or play", "{name}", "switching off"),
    ActivityKind.PLANNING: ("reviewing the calendar", "writing the list", "setting priorities"),
    ActivityKind.REST: ("getting comfortable", "{name}"),
    ActivityKind.HYGIENE: ("running the water", "{name}", "drying off"),
}
_FALLBACK_ACTIVITIES = (
    ("reading a book", ActivityKind.READING),
    ("tidying up the living room", ActivityKind.CHORES),
    ("stretching at home", ActivityKind.EXERCISE),
)
_VERBS = {
    "rearrange": "rearranging", "host": "hosting", "try": "trying", "meditate": "meditating",
    "journal": "journaling", "write": "writing", "watch": "watching", "water": "watering",
    "organize": "organizing", "read": "reading", "practice": "practicing", "call": "calling",
    "schedule": "scheduling", "wind": "winding", "unwind": "unwinding", "experiment": "experimenting",
    "play": "playing", "listen": "listening", "enjoy": "enjoying", "chat": "chatting", "spend": "spending",
    "dedicate": "dedicating", "work": "working", "start": "starting", "double-check": "double-checking",
    "debate": "debating", "engage": "engaging", "clean": "cleaning", "check": "checking",
    "redecorate": "redecorating", "discuss": "discussing", "tend": "tending", "take": "taking",
    "prepare": "preparing", "order": "ordering", "balance": "balancing", "collect": "collecting",
    "keep": "keeping", "maintain": "maintaining",
    "spends": "spending", "works": "working", "reads": "reading", "unwinds": "unwinding",
    "winds": "winding", "enjoys": "enjoying", "watches": "watching", "tends": "tending",
    "takes": "taking", "has": "having", "ends": "ending", "loves": "loving", "stays": "staying",
    "prepares": "preparing", "starts": "starting", "balances": "balancing", "eats": "eating",
    "wakes": "waking", "listens": "listening", "does": "doing",
}  # fmt: skip


def activity_kind(text: str) -> ActivityKind | None:
    """The activity kind of a daily-plan / lifestyle / interest item by keyword (first match wins)."""
    for pattern, kind in ACTIVITY_KINDS:
        if re.search(pattern, text, re.IGNORECASE):
            return kind
    return None


def activity_name(item: str) -> str:
    """A short gerund name: "Rearrange home decor for an hour to create ..." -> "rearranging home decor"."""
    text = item.strip().rstrip(".")
    text = re.split(
        r",\s+(?=\w+ing\b|often|usually|sometimes|especially|even|but)|;|\s[\u2014\u2013-]\s"
        r"|\s+to (?:create|keep|match|unwind|stay|help)\b",
        text,
    )[0]
    text = re.sub(
        r"\s*\b(?:for|in)\s+(?:about\s+)?(?:\d+|an?|one|two|three)\s+(?:minutes?|hours?)\b"
        r"|\s*\bin the (?:morning|afternoon|evening)\b|\s*\bbefore (?:bed|bedtime)\b"
        r"|\s*\b(?:at|by|until)\s+\d{1,2}(?::\d{2})?\s*(?:am|pm)\b",
        "",
        text,
        flags=re.IGNORECASE,
    ).strip()
    words = text.split()
    if words and words[0].lower() in _VERBS:
        words[0] = _VERBS[words[0].lower()]
    for i in range(1, len(words)):  # "organize and clean" -> "organizing and cleaning"
        if words[i - 1].lower() in ("and", "or") and words[i].lower() in _VERBS:
            words[i] = _VERBS[words[i].lower()]
    name = " ".join(words)
    return (name[:1].lower() + name[1:]) if name else item.strip()


def activity_minutes(item: str, kind: ActivityKind) -> tuple[tuple[int, int], bool]:
    """(low, high) minutes from "for 30 minutes" / "an hour" / "2 hours", else the kind's default."""
    t = normalize_numbers(item)
    m = re.search(r"(\d+)\s+minutes?", t)
    n = int(m.group(1)) if m else None
    if n is None:
        m = re.search(r"(\d+)\s+hours?", t)
        if m:
            n = 60 * int(m.group(1))
        elif re.search(r"\ban hour\b", t):
            n = 60
    if n is None:
        return KIND_MINUTES[kind], False
    low = max(5, round5(0.75 * n))
    high = min(240, max(low, round5(1.25 * n)))
    return (min(low, high), high), True


def activity_when(item: str) -> str:
    """morning / afternoon / evening / any from the words of an item."""
    t = item.lower()
    if re.search(
        r"morning|breakfast|\bwak|starts? (?:the|her|his|their) day|\b(?:[5-9]|1[01])(?::\d\d)?\s*am\b", t
    ):
        return "morning"
    if re.search(r"evening|night|before bed|bedtime|dinner|\blate\b|ends the day|winds? down|unwind", t):
        return "evening"
    if re.search(r"afternoon|lunch|midday", t):
        return "afternoon"
    return "any"


def _derive_activities(
    daily: Sequence[str], lifestyle: Sequence[str], interests: Sequence[str]
) -> tuple[list[dict[str, Any]], list[str]]:
    out: list[dict[str, Any]] = []
    notes: list[str] = []
    seen: set[tuple[ActivityKind, str]] = set()
    names: set[str] = set()
    pools = [("daily plan", daily, 7.0), ("lifestyle", lifestyle, 5.0), ("interests", interests, 2.0)]
    for origin, items, per_week in pools:
        for item in items:
            kind = activity_kind(item)
            if _AWAY.search(item):
                notes.append(f"skipped {origin} item {item!r}: done away from home")
                continue
            if kind is None:
                notes.append(f"skipped {origin} item {item!r}: no activity kind")
                continue
            if kind in (ActivityKind.MEAL, ActivityKind.SLEEP):
                notes.append(f"skipped {origin} item {item!r}: {kind.value} is part of the routine")
                continue
            when = activity_when(item)
            name = activity_name(item)
            if (kind, when) in seen or name in names or len(name) < 3:
                notes.append(f"skipped {origin} item {item!r}: same kind and time as an earlier activity")
                continue
            minutes, _ = activity_minutes(item, kind)
            weekly = 2.0 if re.search(r"weekends?", item, re.IGNORECASE) else per_week
            steps = [s.format(name=name) for s in KIND_STEPS[kind]]
            out.append({"name": name, "kind": kind.value, "minutes": list(minutes), "per_week": weekly,
                        "when": when, "steps": steps})  # fmt: skip
            seen.add((kind, when))
            names.add(name)
    for name, kind in _FALLBACK_ACTIVITIES:
        if len(out) >= 3:
            break
        if name in names:
            continue
        steps = [s.format(name=name) for s in KIND_STEPS[kind]]
        out.append({"name": name, "kind": kind.value, "minutes": list(KIND_MINUTES[kind]), "per_week": 3.0,
                    "when": "any", "steps": steps})  # fmt: skip
        notes.append(f"added default activity {name!r}: fewer than 3 home activities in the texts")
    return out, notes


# --------------------------------------------------------------------------------------------------
# The import
# --------------------------------------------------------------------------------------------------


def _windows_note_value(windows: Sequence[tuple[int, int, str]]) -> str:
    return ", ".join(f"{format_clock(s)}-{format_clock(e)} ({lab})" for s, e, lab in windows)


def _fit_windows(
    parsed: Sequence[tuple[int, int, str]], draft: _RoutineDraft
) -> tuple[int | None, int | None]:
    """New wake/sleep (default ones only) so that the parsed windows fit, or None to keep."""
    if not parsed:
        return None, None
    new_wake = new_sleep = None
    first, last = min(s for s, _, _ in parsed), max(e for _, e, _ in parsed)
    if first < draft.wake and draft.sources["wake"][0] == "default":
        new_wake = max(EARLIEST_WAKE, first)
    if last > draft.sleep and draft.sources["sleep"][0] == "default":
        new_sleep = min(LATEST_SLEEP, last)
    return new_wake, new_sleep


def _timing(
    text: str, cues: RoutineCues, big_five: BigFive, adjustments: list[str]
) -> tuple[_RoutineDraft, dict[str, Any], list[FieldNote]]:
    """The routine draft (wake/sleep moved to fit the windows where they were defaults), the timing
    rubric and its notes."""
    draft = _draft_routine(cues, big_five)
    timing = parse_timing(text, draft.anchors())
    new_wake, new_sleep = _fit_windows(timing.windows, draft)
    if new_wake is not None or new_sleep is not None:
        old = draft
        draft = _draft_routine(cues, big_five, wake=new_wake, sleep=new_sleep)
        for key, value, why in (("wake", new_wake, "open the first"), ("sleep", new_sleep, "close the last")):
            if value is None:
                continue
            was, now = format_clock(getattr(old, key)), format_clock(value)
            draft.sources[key] = ("rule", f"moved from the default {was} to {why} timing window")
            adjustments.append(f"{key} moved from the default {was} to {now} to cover the timing windows")
        timing = parse_timing(text, draft.anchors())
    windows: list[tuple[int, int, str]] = []
    for start, end, label in timing.windows:
        s, e = max(start, draft.wake), min(end, draft.sleep)
        if (s, e) != (start, end):
            adjustments.append(
                f"timing window {format_clock(start)}-{format_clock(end)} ({label}) clipped to the waking day"
                f" "
                f"{format_clock(draft.wake)}-{format_clock(draft.sleep)}"
                + ("" if s < e else ": nothing left")
            )
        if s < e:
            windows.append((s, e, label))
    notes: list[FieldNote] = []
    if windows:
        ev = "phrases: " + "; ".join(repr(p) for p in timing.window_phrases)
        source: Source = "text"
        ruled = [a for a in timing.anchors_used if draft.sources[a][0] != "text"]
        if ruled:
            source = "partial"
            ev += f"; hung on routine times not stated in the text ({', '.join(ruled)}: see the routine)"
        if timing.timeless:
            source = "partial"
            said = ", ".join(repr(t) for t in timing.timeless)
            ev += f"; {said} states no time: the vocabulary's default window"
        notes.append(FieldNote("windows", source, _windows_note_value(windows), ev))
    else:
        fallback = [
            (max(draft.wake + 60, 9 * 60), 12 * 60, "default morning"),
            (14 * 60, 17 * 60, "default afternoon"),
        ]
        windows = [(s, min(e, draft.sleep), lab) for s, e, lab in fallback if s < min(e, draft.sleep)]
        why = "no usable time phrase in the timing text; default late morning and afternoon"
        notes.append(FieldNote("windows", "default", _windows_note_value(windows), why))
    kinds = [k.value for k in timing.do_not_interrupt]
    if kinds:
        ev = "; ".join(
            f"{k.value} <- {', '.join(repr(p) for p in v)}" for k, v in timing.avoid_phrases.items()
        )
        notes.append(FieldNote("do_not_interrupt", "text", ", ".join(kinds), ev))
    else:
        why = "the timing text names no activity to avoid; schema default []"
        notes.append(FieldNote("do_not_interrupt", "default", "[]", why, counted=False))
    rubric = {
        "text": text,
        "windows": [{"start": s, "end": e, "label": lab} for s, e, lab in windows],
        "do_not_interrupt": kinds,
    }
    return draft, rubric, notes


def _frequency(text: str) -> tuple[dict[str, Any], list[FieldNote]]:
    freq = parse_frequency(text)
    values = {
        "min_gap_minutes": freq.min_gap_minutes,
        "max_gap_minutes": freq.max_gap_minutes,
        "per_day": freq.per_day,
    }
    notes = [FieldNote(k, freq.sources[k], str(v), freq.evidence[k]) for k, v in values.items()]
    return {"text": text, **values, "per_day": list(freq.per_day)}, notes


def _preference(text: str, interests: Sequence[str]) -> tuple[dict[str, Any], list[FieldNote]]:
    pref = parse_preference(text, interests)
    notes: list[FieldNote] = []
    wanted = [{"topic": w.topic.value, "situations": [k.value for k in w.situations]} for w in pref.wanted]
    if wanted:
        parts = []
        for w in pref.wanted:
            part = f"{w.topic.value} <- {', '.join(repr(x) for x in w.words)} ({w.source})"
            if w.situations:
                said = ", ".join(repr(x) for x in w.situation_words)
                part += f" when {said} -> {', '.join(k.value for k in w.situations)}"
            parts.append(part + ("" if w.situations else " anywhere"))
        value = ", ".join(
            w["topic"] + (f" [{', '.join(w['situations'])}]" if w["situations"] else "") for w in wanted
        )
        ev = "; ".join(parts) + "; a topic's situations also hold its own activity kind (rule)"
        notes.append(FieldNote("wanted", "text", value, ev))
    else:
        wanted = [{"topic": "self_care", "situations": []}]
        why = "no topic word in the preference text or interests; default self_care"
        notes.append(FieldNote("wanted", "default", "self_care", why))
    disliked = [t.value for t, _ in pref.disliked]
    if disliked:
        ev = "; ".join(f"{t.value} <- {w!r}" for t, w in pref.disliked)
        notes.append(FieldNote("disliked", "text", ", ".join(disliked), ev))
    else:
        why = "the preference text refuses no topic; schema default []"
        notes.append(FieldNote("disliked", "default", "[]", why, counted=False))
    return {"text": text, "wanted": wanted, "disliked": disliked}, notes


def _communication(text: str) -> tuple[dict[str, Any], list[FieldNote]]:
    comm = parse_communication(text)
    said = [
        f"{t.value} <- {', '.join(repr(x) for x in comm.tone_words[t])}"
        for t in comm.tones
        if t in comm.tone_words
    ]
    rejected = [f"{t.value} <- {', '.join(repr(x) for x in ws)}" for t, ws in comm.rejected.items()]
    tone_ev = "; ".join(said) + (("; rejected: " + "; ".join(rejected)) if rejected else "")
    if comm.tones_source == "default":
        tone_ev = "no tone word in the text; default warm + neutral" + (f" ({tone_ev})" if tone_ev else "")
    if comm.length_words:
        length_ev = "words: " + ", ".join(repr(w) for w in comm.length_words)
    else:
        length_ev = f"the text says nothing about length; default {DEFAULT_MAX_WORDS}"
    never = [b.value for b in Boundary]
    never_ev = (
        "every persona forbids the universal boundaries (taxonomy.UNIVERSAL_BOUNDARIES); "
        "the same for all personas, so not counted"
    )
    notes = [
        FieldNote("tones", comm.tones_source, ", ".join(t.value for t in comm.tones), tone_ev),
        FieldNote("max_words", comm.max_words_source, str(comm.max_words), length_ev),
        FieldNote("never", "rule", ", ".join(never), never_ev, counted=False),
    ]
    rubric = {
        "text": text,
        "tones": [t.value for t in comm.tones],
        "max_words": comm.max_words,
        "never": never,
    }
    return rubric, notes


def _routine(
    raw: dict[str, Any], draft: _RoutineDraft, profile: list[FieldNote]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The routine and activities, with their notes appended to ``profile``."""
    work, work_note = _work_pattern(raw["background"], raw["lifestyle"], draft)
    shift = 30 if draft.conscientious else 60
    weekend_wake = min(draft.wake + shift, draft.sleep - 60)
    weekend_sleep = min(draft.sleep + 30, LATEST_SLEEP)
    routine = {
        "weekday": {"wake": draft.wake, "sleep": draft.sleep},
        "weekend": {"wake": weekend_wake, "sleep": weekend_sleep},
        "meals": {"breakfast": draft.breakfast, "lunch": draft.lunch, "dinner": draft.dinner},
        "work": work,
    }
    for key in ("wake", "sleep", "breakfast", "lunch", "dinner"):
        source, ev = draft.sources[key]
        section = "routine.weekday." if key in ("wake", "sleep") else "routine.meals."
        profile.append(FieldNote(section + key, source, format_clock(getattr(draft, key)), ev))
    span = f"{format_clock(weekend_wake)}-{format_clock(weekend_sleep)}"
    profile.append(FieldNote("routine.weekend", "rule", span, f"weekday wake + {shift} min, sleep + 30 min"))
    profile.append(work_note)
    daily = split_numbered(raw["daily_plan_req"])
    lifestyle = split_numbered(raw["lifestyle"])
    interests = split_numbered(raw["current_interests"])
    activities, skipped = _derive_activities(daily, lifestyle, interests)
    value = "; ".join(f"{a['name']} ({a['kind']}, {a['when']})" for a in activities)
    ev = "from daily plan, lifestyle and interests by keyword; " + ("; ".join(skipped) or "nothing skipped")
    profile.append(FieldNote("activities", "rule", value, ev))
    return routine, activities


def build_persona(raw: dict[str, Any], persona_id: int, path: Path) -> ImportResult:
    """Build a Persona and its import report from the parsed content of one scratch.json."""
    crit = raw["criteria"]
    texts = {dim: crit[key].strip() for dim, key in CRITERIA_KEYS.items()}
    try:
        big_five = parse_big_five(raw["big_five_personality_traits"])
    except ValueError as err:
        raise OfficialImportError(f"{path}: field 'big_five_personality_traits': {err}") from None
    interests = split_numbered(raw["current_interests"])
    lifestyle = split_numbered(raw["lifestyle"])
    daily = split_numbered(raw["daily_plan_req"])
    carried = {
        "name": raw["name"],
        "age": str(raw["age"]),
        "big_five": big_five.code,
        "background": raw["background"],
        "interests": "; ".join(interests),
        "lifestyle": "; ".join(lifestyle),
        "daily_needs": "; ".join(daily),
        "long_term_goals": raw["long_term_goals"],
    }
    profile = [FieldNote(k, "text", v, "carried over from the original file") for k, v in carried.items()]
    third_person = [
        raw[k] for k in ("background", "current_interests", "lifestyle", "daily_plan_req", "long_term_goals")
    ]
    pronouns, why = guess_pronouns(third_person)
    profile.append(FieldNote("pronouns", "default" if "default" in why else "text", pronouns, why))

    adjustments: list[str] = []
    cues = parse_routine_cues([raw["lifestyle"], raw["daily_plan_req"], texts["timing"]])
    draft, timing, timing_notes = _timing(texts["timing"], cues, big_five, adjustments)
    frequency, freq_notes = _frequency(texts["frequency"])
    preference, pref_notes = _preference(texts["preference"], interests)
    communication, comm_notes = _communication(texts["communication"])
    routine, activities = _routine(raw, draft, profile)
    data = {
        "id": persona_id,
        "name": raw["name"].strip(),
        "pronouns": pronouns,
        "age": int(raw["age"]),
        "big_five": big_five.model_dump(),
        "background": raw["background"].strip(),
        "interests": interests,
        "lifestyle": lifestyle,
        "daily_needs": daily,
        "long_term_goals": raw["long_term_goals"].strip(),
        "routine": routine,
        "activities": activities,
        "rubric": {
            "preference": preference,
            "frequency": frequency,
            "timing": timing,
            "communication": communication,
        },
    }
    try:
        persona = Persona.model_validate(data)
    except ValidationError as err:
        problems = "; ".join(
            f"field {'.'.join(str(p) for p in e['loc']) or '(top level)'}: {e['msg']}" for e in err.errors()
        )
        raise OfficialImportError(f"{path}: the imported persona does not validate: {problems}") from None
    report = ImportReport(
        dimensions={
            "preference": DimensionReport("preference", pref_notes),
            "frequency": DimensionReport("frequency", freq_notes),
            "timing": DimensionReport("timing", timing_notes),
            "communication": DimensionReport("communication", comm_notes),
        },
        profile=profile,
        adjustments=adjustments,
    )
    return ImportResult(persona=persona, source=path, report=report)


def find_scratch_files(path: str | Path) -> list[Path]:
    """Every scratch.json at or below ``path`` (a file, a persona folder, a storage folder), sorted."""
    path = Path(path)
    if path.is_file():
        return [path]
    if not path.exists():
        raise OfficialImportError(f"{path}: no such file or folder")
    return sorted(path.rglob("scratch.json"))


def persona_id_from_path(path: Path) -> int | None:
    """N of the nearest enclosing folder named base_the_ville_persona_N, or None."""
    for parent in [path, *path.parents]:
        m = _FOLDER_ID.match(parent.name)
        if m:
            return int(m.group(1))
    return None


def _assign_ids(files: Sequence[Path]) -> list[tuple[Path, int]]:
    known = {f: persona_id_from_path(f.resolve()) for f in files}
    taken = {i for i in known.values() if i is not None}
    counter = 1
    out = []
    for f in files:
        pid = known[f]
        if pid is None:
            while counter in taken:
                counter += 1
            pid = counter
            taken.add(pid)
        out.append((f, pid))
    return out


def import_file(path: str | Path, persona_id: int | None = None) -> ImportResult:
    """Import one scratch.json; id from its base_the_ville_persona_N folder, else ``persona_id``, else 1."""
    path = Path(path)
    raw = _read_scratch(path)
    pid = persona_id if persona_id is not None else (persona_id_from_path(path.resolve()) or 1)
    return build_persona(raw, pid, path)


def import_official_all(path: str | Path) -> list[ImportResult]:
    """Import every scratch.json at or below ``path``, sorted by persona id."""
    files = find_scratch_files(path)
    if not files:
        raise OfficialImportError(f"{path}: no scratch.json found below this folder")
    results = [import_file(f, pid) for f, pid in _assign_ids(files)]
    ids = [r.persona.id for r in results]
    if len(set(ids)) != len(ids):
        raise OfficialImportError(f"{path}: two persona files map to the same id: {sorted(ids)}")
    return sorted(results, key=lambda r: r.persona.id)


def import_official(path: str | Path) -> ImportResult:
    """Import the one persona at ``path``: a scratch.json, a persona folder or a base_the_ville_persona_N."""
    files = find_scratch_files(path)
    if not files:
        raise OfficialImportError(f"{path}: no scratch.json found below this folder")
    if len(files) > 1:
        raise OfficialImportError(
            f"{path}: holds {len(files)} persona files; use import_official_all() for a whole storage folder"
        )
    return import_file(files[0])


# --------------------------------------------------------------------------------------------------
# Summary
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecoveryRow:
    """One persona's recovery status on each rubric dimension."""

    persona_id: int
    name: str
    code: str
    statuses: dict[str, Status]


@dataclass(frozen=True)
class RecoveryTable:
    """How much of the structured rubric the texts determined, per persona and dimension."""

    rows: list[RecoveryRow]
    fields_from_text: int
    fields_counted: int

    @property
    def total(self) -> int:
        """Number of persona x dimension cells (32 x 4 for the full set)."""
        return 4 * len(self.rows)

    def count(self, status: Status) -> int:
        """How many persona x dimension cells have ``status``."""
        return sum(1 for r in self.rows for s in r.statuses.values() if s == status)

    def by_dimension(self) -> dict[str, dict[Status, int]]:
        """Counts of fully / partly / not per dimension."""
        out: dict[str, dict[Status, int]] = {d: {"fully": 0, "partly": 0, "not": 0} for d in DIMENSIONS}
        for r in self.rows:
            for d, s in r.statuses.items():
                out[d][s] += 1
        return out

    def render(self) -> str:
        """A Markdown table plus the totals."""
        lines = [
            "| id | name | Big Five | preference | frequency | timing | communication |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in self.rows:
            lines.append(
                f"| {r.persona_id} | {r.name} | {r.code} | "
                + " | ".join(r.statuses[d] for d in DIMENSIONS)
                + " |"
            )
        lines.append("")
        for d, c in self.by_dimension().items():
            lines.append(f"- {d}: {c['fully']} fully, {c['partly']} partly, {c['not']} not")
        lines.append(
            f"- total: {self.count('fully')} of {self.total} dimension fields fully recovered from the text, "
            f"{self.count('partly')} partly, {self.count('not')} not"
        )
        lines.append(
            f"- structured fields read from the text: {self.fields_from_text} of {self.fields_counted} "
            "counted fields"
        )
        lines.append(
            "- fully = every counted structured field of the dimension was read from the text; "
            "partly = some were; "
            "not counted: 'never' (the same universal boundaries for everyone) and empty 'disliked' / "
            "'do_not_interrupt' lists when the text names none"
        )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()


def recovery_table(results: Sequence[ImportResult]) -> RecoveryTable:
    """Per persona and dimension: were its structured fields read from the text (fully / partly / not)?"""
    rows = []
    from_text = counted = 0
    for r in results:
        statuses = {d: r.report.dimensions[d].status for d in DIMENSIONS}
        rows.append(RecoveryRow(r.persona.id, r.persona.name, r.persona.big_five.code, statuses))
        for d in DIMENSIONS:
            for n in r.report.dimensions[d].notes:
                if n.counted:
                    counted += 1
                    from_text += n.source == "text"
    return RecoveryTable(rows, from_text, counted)


def report_markdown(results: Sequence[ImportResult]) -> str:
    """The whole import report: the recovery table, then each persona's field-by-field notes."""
    parts = ["# Import report: original ProPerSim personas", "", recovery_table(results).render(), ""]
    for r in results:
        parts.append(
            r.report.to_markdown(
                f"Persona {r.persona.id}: {r.persona.name} ({r.persona.big_five.code}) — {r.source}"
            )
        )
    return "\n".join(parts)
