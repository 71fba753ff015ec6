"""Tone of a suggestion as the persona texts mean it: pressure, orders, warmth or a plain note."""

from __future__ import annotations

import re

from propersim_gym.evaluator.understanding.words import has_phrase, padded_words
from propersim_gym.taxonomy import Tone

#: Pressure: guilt, nagging, urgency and insistence (whole words, case-insensitive) — pushy.
PRESSURE_PHRASES: tuple[str, ...] = (
    "you really should",
    "you really need",
    "you should have",
    "you should've",
    "should have already",
    "should already",
    "you promised",
    "come on",
    "last chance",
    "you'll regret",
    "you will regret",
    "or else",
    "or you'll",
    "don't skip it again",
    "not again",
    "again like yesterday",
    "like last time",
    "like yesterday",
    "still haven't",
    "still not done",
    "how many times",
    "keep reminding you",
    "keep nagging",
    "third time",
    "second time today",
    "for the last time",
    "seriously",
    "just do it",
    "stop procrastinating",
    "stop making excuses",
    "stop being lazy",
    "don't be lazy",
    "what are you waiting for",
    "don't wait",
    "dont wait",
    "asap",
    "before it's too late",
    "you can't keep",
    "enough is enough",
    "don't let me down",
    "i'm counting on you",
    "you know you need",
    "you know you should",
    "you're falling behind",
    "falling behind",
    "no more excuses",
    "everyone else",
    "you always",
    "you never",
    "don't you dare",
    "are you still",
    "why haven't you",
    "why aren't you",
    "you keep putting",
    "keep putting it off",
    "you've been putting",
    "stop putting",
    "no more putting",
    "hurry up",
    "act now",
    "don't miss out",
    "limited time",
    "only today",
)
#: Orders: obligation or authority that leaves no room to decline — commanding.
ORDER_PHRASES: tuple[str, ...] = (
    "you need to",
    "you have to",
    "you've got to",
    "you got to",
    "you gotta",
    "i need you to",
    "i want you to",
    "i insist",
    "right now",
    "right away",
    "immediately",
    "at once",
    "this instant",
    "this minute",
    "without delay",
    "do it now",
    "do it today",
    "no excuses",
    "no excuse",
    "no arguing",
    "no arguments",
    "no buts",
    "no discussion",
    "no debate",
    "no negotiation",
    "non negotiable",
    "nonnegotiable",
    "not optional",
    "that's an order",
    "not a request",
    "i'm not asking",
    "end of discussion",
    "no matter what",
    "no exceptions",
    "stop everything",
    "drop everything",
    "stop what you're doing",
    "stop what you are doing",
    "put that down",
    "don't even think",
    "mandatory",
    "required",
)
#: Order patterns beyond whole words: (a substring that must be present, case-insensitive regex).
ORDER_PATTERNS: tuple[tuple[str, str], ...] = (
    # "you must stretch", "must be done" — not "a must-read" or an inference ("you must be tired")
    ("must", r"\bmust\b(?!-)(?!\s+(?:be|have been|feel|know|love|have had)\b)"),
    ("now", r"(?:^|[.!?]\s*)now\s*[.!]"),  # "Now." or "Now!" as its own sentence
    ("now!", r"\bnow!"),
    ("tonight.", r"(?:^|[.!?]\s+)(?:tonight|today)\s*[.!](?:\s|$)"),  # "... Tonight." on its own
    ("hurry", r"(?<!no )(?<!no need to )(?<!don't )\bhurry\b"),
)
#: Shouting: "NOW", or three all-caps words in a row — an order.
SHOUTED_PATTERNS: tuple[str, ...] = (r"\bNOW\b", r"\b[A-Z]{2,}(?:\s+[A-Z]{2,}){2,}\b")
#: Gentle invitations that leave the choice to the user — warm.
INVITATIONS: tuple[str, ...] = (
    "if you like",
    "if you'd like",
    "if you want",
    "if you feel like",
    "if you're in the mood",
    "if you fancy",
    "if you're up for",
    "if it helps",
    "if that sounds",
    "feel free",
    "whenever you",
    "when you're ready",
    "when you feel ready",
    "no pressure",
    "only if",
    "no rush",
    "no hurry",
    "take your time",
    "in your own time",
    "at your own pace",
    "you might like",
    "you may like",
    "you might enjoy",
    "you'll love",
    "you might love",
)
WARM_WORDS: tuple[str, ...] = (
    "lovely",
    "nice",
    "cosy",
    "cozy",
    "gentle",
    "gently",
    "enjoy",
    "treat yourself",
    "treat",
    "you deserve",
    "you've earned",
    "well deserved",
    "glad",
    "hope",
    "fun",
    "sweet",
    "wonderful",
    "delightful",
    "comforting",
    "soothing",
    "relaxing",
    "kind to yourself",
    "be kind",
    "just for you",
    "happy",
    "cheer",
    "smile",
    "proud of you",
    "well done",
    "great job",
    "you've got this",
    "after such a",
    "long day",
    "sounds like",
    "i bet",
    "warm hug",
    "pamper",
    "little joy",
    "bit of joy",
    "a joy",
    "delicious",
    "beautiful",
    "love",
    "dear",
    "friend",
    "yay",
    "aww",
    "hugs",
)
_EMOJI_RE = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\u2764\ufe0f]|[:;]-?[)D]")
_QUESTION_OPENERS = (
    "how about",
    "what about",
    "would you",
    "why not",
    "want to",
    "wanna",
    "shall",
    "do you",
    "could you",
    "care to",
    "fancy",
    "how would",
    "would it",
    "have you",
    "did you",
    "are you",
)
#: Question openers that ask after the user's wishes ("Would you like ...?") rather than inform.
_CARING_QUESTIONS = (
    "would you like",
    "would you enjoy",
    "how are you",
    "how about you",
    "fancy",
    "do you feel",
)
_TRAILING_NOISE = " \t\r\n\"'`“”‘’»)]}*_~.…" + "\ufe0f\u200d"


_ORDER_GUARDED = tuple((guard, re.compile(rx, re.IGNORECASE)) for guard, rx in ORDER_PATTERNS)
_SHOUTED_RE = re.compile("|".join(SHOUTED_PATTERNS))


def _gives_orders(text: str, padded: str) -> bool:
    """Any order phrase or pattern, or shouting (see ORDER_PHRASES, ORDER_PATTERNS, SHOUTED_PATTERNS)."""
    if has_phrase(padded, ORDER_PHRASES):
        return True
    lower = text.lower()
    if any(guard in lower and rx.search(text) for guard, rx in _ORDER_GUARDED):
        return True
    return _SHOUTED_RE.search(text) is not None


def is_question(text: str) -> bool:
    """Ends with "?" (ignoring closing quotes/brackets/emoji) or opens with a question/suggestion form."""
    end = _EMOJI_RE.sub("", text).rstrip(_TRAILING_NOISE)
    if end.endswith(("?", "？", "؟")):
        return True
    start = text.lstrip(" \t\r\n\"'`“‘«(*_").lower()
    return start.startswith(_QUESTION_OPENERS)


def classify_tone(text: str) -> Tone:
    """Tone by the documented rules: pressure is pushy, orders are commanding (a softener does not undo
    either), friendly words, invitations or a warm address are warm, and anything else — a plain
    suggestion, a bare imperative, a single "could" or "maybe" — is neutral."""
    padded = padded_words(text)
    if has_phrase(padded, PRESSURE_PHRASES) or "!!" in text:
        return Tone.PUSHY
    if _gives_orders(text, padded):
        return Tone.COMMANDING
    if has_phrase(padded, INVITATIONS) or has_phrase(padded, WARM_WORDS) or _EMOJI_RE.search(text):
        return Tone.WARM
    addressed = has_phrase(padded, ("you", "your", "you're", "yourself"))
    if addressed and ("!" in text or (is_question(text) and has_phrase(padded, _CARING_QUESTIONS))):
        return Tone.WARM
    return Tone.NEUTRAL
