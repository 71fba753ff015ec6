"""Tone of a recommendation by the documented rules: pushy > commanding > warm > neutral (docs/scoring.md)."""

from __future__ import annotations

import re

from propersim_gym.evaluator.understanding.words import has_phrase, padded_words, word_set
from propersim_gym.taxonomy import Tone

#: Pushy phrases (whole words, case-insensitive).
PUSHY_PHRASES: tuple[str, ...] = (
    "right now",
    "immediately",
    "no excuse",
    "no excuses",
    "you need to",
    "you have to",
    "you've got to",
    "you gotta",
    "don't wait",
    "dont wait",
    "asap",
    "do it now",
    "at once",
    "without delay",
    "no matter what",
    "non negotiable",
    "nonnegotiable",
    "stop procrastinating",
    "stop being lazy",
    "stop making excuses",
    "i insist",
    "this instant",
    "no more excuses",
)
#: Pushy patterns that need more than whole words: (a substring that must be present, case-insensitive regex).
PUSHY_PATTERNS: tuple[tuple[str, str], ...] = (
    ("must", r"\bmust\b(?!-)"),  # not "a must-read"
    ("!!", r"!!"),
    ("now!", r"\bnow!"),
    ("hurry", r"(?<!no )(?<!no need to )\bhurry\b"),  # "no hurry" is gentle
    ("seriously,", r"\bseriously,"),
)
PUSHY_CASED_PATTERNS: tuple[str, ...] = (r"\bNOW\b", r"\b[A-Z]{2,}(?:\s+[A-Z]{2,}){2,}\b")
SOFTENERS: tuple[str, ...] = (
    "please",
    "maybe",
    "perhaps",
    "how about",
    "what about",
    "why not",
    "you could",
    "you might",
    "might",
    "could",
    "would you",
    "if you like",
    "if you'd like",
    "if you want",
    "if you feel like",
    "if you fancy",
    "feel free",
    "whenever you",
    "when you're ready",
    "no pressure",
    "only if",
    "consider",
    "fancy",
    "shall we",
    "shall i",
    "want to",
    "how would",
    "it might",
    "i wonder",
    "let's",
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
    "you deserve",
    "you've earned",
    "glad",
    "hope",
    "fun",
    "sweet",
    "wonderful",
    "delightful",
    "comforting",
    "soothing",
    "kind to yourself",
    "just for you",
    "you'll love",
    "you might like",
    "you may like",
    "happy",
    "cheer",
    "smile",
    "proud of you",
    "no rush",
    "no hurry",
    "take your time",
    "if it helps",
)
IMPERATIVE_VERBS = word_set(
    """
    add aim apply arrange avoid bake batch begin binge blend block boil book borrow break breathe brew
    bring brush budget build buy call cancel catch charge check chill choose chop clean clear climb
    close compare continue cook count craft crochet cue curl cut dance deal declutter describe design
    dim discover do donate doodle download draft draw drink drop dust eat email empty enjoy exhale
    explain feed fetch file fill find finish floss focus fold follow freeze fry get give go grab grill
    group hang have head hold hoover host inhale install invite iron join jot journal jump keep knead
    knit label layer learn leave lie lift light limit list listen load log look make march marinate
    meditate message mist mix moisturise moisturize mop move mute note notice observe open order
    organise organize pack paint pamper pause pay pick ping plan plant play plug poach polish pop pour
    practice practise prep prepare prioritise prioritize prune put queue quiz rake reach read rearrange
    record refill reflect refresh relax remember reply repot rest restart review ring rinse roast roll
    rotate round run salt save schedule scrub sear season send serve set settle sew shut sign silence
    simmer sing sit sketch skip slice snack soak solve sort sow spend squat stand start steam step stir
    stitch stop stream stretch study style subscribe swap sweep switch tackle take taste text tidy toast
    toss track transfer treat trim try tune turn unload unplug update use vacuum walk wash watch water
    weed whip whisk wipe wrap write pinch change end
    """
)
_EMOJI_RE = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\u2764\ufe0f]|[:;]-?[)D]")
_FIRST_WORD_RE = re.compile(r"[A-Za-z']+")
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
_TRAILING_NOISE = " \t\r\n\"'`“”‘’»)]}*_~.…" + "\ufe0f\u200d"


_PUSHY_GUARDED = tuple((guard, re.compile(rx, re.IGNORECASE)) for guard, rx in PUSHY_PATTERNS)
_PUSHY_CASE_RE = re.compile("|".join(PUSHY_CASED_PATTERNS))


def _is_pushy(text: str, padded: str) -> bool:
    """Any pushy phrase or pattern (see PUSHY_PHRASES, PUSHY_PATTERNS, PUSHY_CASED_PATTERNS)."""
    if has_phrase(padded, PUSHY_PHRASES):
        return True
    lower = text.lower()
    if any(guard in lower and rx.search(text) for guard, rx in _PUSHY_GUARDED):
        return True
    return _PUSHY_CASE_RE.search(text) is not None


_LEAD_WORDS = word_set(
    "before after when while whilst since as once if during tonight today later this for at in on with now "
    "first whenever until"
)
_LEAD_SPLIT_RE = re.compile(r"[,;:—–]")


def opens_with_imperative(text: str) -> bool:
    """True when the text, or its main clause after a short leading clause ("Since you're in the kitchen,
    try ...", "Before bed, note down ..."), opens with a base-form verb of IMPERATIVE_VERBS."""
    if _first_word_is_imperative(text):
        return True
    parts = _LEAD_SPLIT_RE.split(text[:160], maxsplit=1)
    if len(parts) == 2 and len(parts[0].split()) <= 8:
        first = _FIRST_WORD_RE.findall(parts[0].lower()[:20])
        if first and first[0] in _LEAD_WORDS:
            return _first_word_is_imperative(parts[1])
    return False


def _first_word_is_imperative(text: str) -> bool:
    words = _FIRST_WORD_RE.findall(text[:80].lower())
    while words and words[0] in ("now", "ok", "okay", "so", "and", "then", "first", "next", "hey", "alright"):
        words = words[1:]
    return bool(words) and words[0] in IMPERATIVE_VERBS


def is_question(text: str) -> bool:
    """Ends with "?" (ignoring closing quotes/brackets/emoji) or opens with a question/suggestion form."""
    end = _EMOJI_RE.sub("", text).rstrip(_TRAILING_NOISE)
    if end.endswith(("?", "？", "؟")):
        return True
    start = text.lstrip(" \t\r\n\"'`“‘«(*_").lower()
    return start.startswith(_QUESTION_OPENERS)


def classify_tone(text: str) -> Tone:
    """Tone by the documented rules: pushy > commanding > warm > neutral."""
    padded = padded_words(text)
    if _is_pushy(text, padded):
        return Tone.PUSHY
    softened = has_phrase(padded, SOFTENERS)
    warm_word = has_phrase(padded, WARM_WORDS) or _EMOJI_RE.search(text) is not None
    question = is_question(text)
    if not softened and not warm_word and not question and opens_with_imperative(text):
        return Tone.COMMANDING
    if softened or warm_word:
        return Tone.WARM
    if (question or "!" in text) and has_phrase(padded, ("you", "your", "you're", "yourself")):
        return Tone.WARM
    return Tone.NEUTRAL
