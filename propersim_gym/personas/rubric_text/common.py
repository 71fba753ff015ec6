"""Shared pieces of the rubric-text parsers: sources, number words, sentences, polarity, clock times.

Sources
-------
``text``     the text states this quantity; it was read through the vocabulary / formula below.
``partial``  the text states part of it (e.g. only the daily maximum); a rule filled in the rest.
``rule``     the text does not state this quantity; it was computed by a rule from other text values.
``default``  the text says nothing usable; the documented default was used.

Numbers
-------
Number words one..twelve become digits, "once" / "twice" / "thrice" become "1 / 2 / 3 times",
"two to three", "2-3", "two or three" become ranges (low, high). ``round5`` rounds half up to a
multiple of 5 minutes.
"""

from __future__ import annotations

import math
import re
from typing import Literal

Source = Literal["text", "partial", "rule", "default"]

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip


def round5(x: float) -> int:
    """Round half up to a multiple of 5."""
    return math.floor(x / 5 + 0.5) * 5


def plain(text: str) -> str:
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


CLOCK = r"(\d{1,2})(?::(\d{2}))?\s*(a\.?\s?m\.?|p\.?\s?m\.?)?"
SUFFIXED = r"(\d{1,2})(?::(\d{2}))?\s*(a\.?\s?m\.?|p\.?\s?m\.?)"


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


NEGATION = re.compile(
    r"\b(?:not|never|nor|nothing|neither|avoid|avoids|avoiding|without|rather than|instead of|free from"
    r"|steer clear"
    r"|sensitive to|than|won't|don't|doesn't|do not|does not|isn't|aren't)\b|n't\b",
    re.IGNORECASE,
)
NOT_NEGATION = re.compile(r"\b(?:don't|do not|doesn't|wouldn't) mind\b|\bnot only\b", re.IGNORECASE)
REASON = re.compile(
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
        masked = NOT_NEGATION.sub(lambda m: "_" * len(m.group(0)), rest)
        m = NEGATION.search(masked)
        if not m:
            welcome.append(rest)
            break
        welcome.append(rest[: m.start()])
        after = rest[m.start() :]
        reason = REASON.search(after, 3)
        resume = _RESUME.search(after, 3)
        if resume and (not reason or resume.start() < reason.start()):
            avoid.append(after[: resume.start()])
            rest = after[resume.end() :]
            continue
        avoid.append(after[: reason.start()] if reason else after)
        break
    return " ".join(welcome), " ".join(avoid)


_RESUME = re.compile(r",\s*(?:like|such as|but|for example|e\.g\.)\s", re.IGNORECASE)
