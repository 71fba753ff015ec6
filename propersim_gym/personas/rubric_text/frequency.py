"""Frequency parser: min_gap, max_gap and per_day from a frequency text.

``W`` is a 16-hour waking day (:data:`WAKING_MINUTES` = 960).

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
- what ends a stretch without one (``overdue_counts``): "useful" when the text qualifies it ("without
  anything useful", "without a single useful thing", "nothing useful"), else "any" ("without anything",
  "silence", "with nothing"): any suggestion that says something.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from propersim_gym.personas.rubric_text.common import Source, normalize_numbers, round5

#: The waking day that daily counts and rates are spread over (16 hours).
WAKING_MINUTES = 16 * 60
PER_DAY_CAP = 30
DEFAULT_PER_DAY = (3, 6)

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
    overdue_counts: str = "any"


_USEFUL_ONLY = re.compile(
    r"\bwithout (?:anything|any|a single|one) (?:\w+ )?useful\b|\bnothing (?:\w+ )?useful\b", re.IGNORECASE
)


def overdue_counts(text: str) -> str:
    """ "useful" when the text says only useful suggestions end a quiet stretch, else "any"."""
    return "useful" if _USEFUL_ONLY.search(text) else "any"


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
    return FrequencyParse(min_gap, max_gap, per_day, sources, evidence, overdue_counts(text))
