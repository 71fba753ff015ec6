"""Communication parser: accepted tones and the word limit from a communication text.

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
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from propersim_gym.personas.rubric_text.common import NEGATION, NOT_NEGATION, Source, plain, sentences
from propersim_gym.taxonomy import Tone

DEFAULT_MAX_WORDS = 60

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
    for _, sentence in sentences(plain(text)):
        masked = NOT_NEGATION.sub(lambda m: "_" * len(m.group(0)), sentence)
        neg = NEGATION.search(masked)
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
