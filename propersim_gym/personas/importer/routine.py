"""The routine, work pattern and home activities of an imported persona, from its texts and rules."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from propersim_gym.personas.importer.report import FieldNote
from propersim_gym.personas.importer.scratch import split_numbered
from propersim_gym.personas.rubric_text import Anchors, RoutineCues, Source, normalize_numbers, round5
from propersim_gym.personas.schema import BigFive, format_clock
from propersim_gym.taxonomy import ActivityKind

EARLIEST_WAKE = 5 * 60
LATEST_SLEEP = 24 * 60 - 1

# --------------------------------------------------------------------------------------------------
# Routine and work
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
class RoutineDraft:
    wake: int
    sleep: int
    breakfast: int
    lunch: int
    dinner: int
    sources: dict[str, tuple[Source, str]]
    conscientious: bool

    def anchors(self) -> Anchors:
        return Anchors(self.wake, self.sleep, self.breakfast, self.lunch, self.dinner)


def draft_routine(
    cues: RoutineCues, big_five: BigFive, wake: int | None = None, sleep: int | None = None
) -> RoutineDraft:
    """Wake, sleep and meal times: from the text where stated, else by the rules of the package docstring.

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
    return RoutineDraft(w, s, b, lunch, dinner, sources, high_c)


def _work_pattern(background: str, lifestyle: str, draft: RoutineDraft) -> tuple[dict[str, Any], FieldNote]:
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


def derive_routine(
    raw: dict[str, Any], draft: RoutineDraft, profile: list[FieldNote]
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
