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
    "if you really cared",
    "if you cared",
    "you owe me",
    "you owe it",
    "money wasted",
    "wasted money",
    "waste of money",
    "waiting on you",
    "everyone is waiting",
    "unless you'd rather",
    "unless you want to keep",
    "promise me",
    "i'll ask again",
    "i will ask again",
    "i'll keep asking",
    "until you do",
    "i hate to be",
    "please just",
    "when exactly",
    "are you going to let",
    "gathering dust",
    "what happened",
    "you'll never",
    "you will never",
    "you'd already",
    "you would already",
    "like you keep saying",
    "like you said you would",
    "like last week",
    "like last night",
    "not like last",
    "this time for real",
)
#: Pressure beyond whole words: pointing at the user's failures, counting them, threats.
PRESSURE_PATTERNS: tuple[str, ...] = (
    # "you skipped", "you've missed three days", "you still haven't" (not "if you missed ...")
    r"(?<!if )\byou(?:'ve| have|'d| had)?\s+(?:already\s+|still\s+|just\s+|again\s+)?"
    r"(?:skipped|missed|ignored|forgot(?:ten)?|neglected|abandoned|blown|broken|stayed up|frogged"
    r"|been ['\"‘’]?about to|been putting|been avoiding|been meaning|said you'?d|promised)\b",
    r"\b(?:haven't|hasn't|have not|has not)\s+(?:\w+\s+)?(?:watched|done|started|finished|called|touched"
    r"|opened|booked|replied|answered|practi[cs]ed|read|used|logged)\b",
    r"\bkeeps?\s+(?:skipping|missing|forgetting|saying|putting|avoiding|ignoring|promising|postponing)\b",
    r"\b(?:didn't|did not) you (?:say|promise|tell|want)\b",
    # counting the failures: "the third pizza this week", "fourth night in a row", "sixth reminder"
    r"\b(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|umpteenth)\s+(?:\w+\s+){0,2}?"
    r"(?:time|reminder|in a row|running|straight|already|this week|this month)\b",
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|\d+|several|many|multiple)\s+times\s+"
    r"(?:now|already|this week|today|in a row)\b",
    # "Again." / ", again!" / "Again you forget ..."
    r"(?:^|[.!?,;:—–-]\s*)again\s*(?:[.!?…]|$)",
    r"^\s*again\b",
    r"\bsince (?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|last (?:week|month|year)|forever|ages)\b",
    r"\bif you don'?t\b[^.!?]{0,60}\byou'?ll\b",
)
#: Orders: obligation or authority that leaves no room to decline — commanding.
ORDER_PHRASES: tuple[str, ...] = (
    "you need to",
    "i need you to",
    "i want you to",
    "i insist",
    "right away",
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
    "that's final",
    "that is final",
    "that's an instruction",
    "that is an instruction",
    "that is an order",
    "not a suggestion",
    "no delays",
    "no delay",
    "don't argue",
    "do not argue",
    "no ifs",
    "no questions asked",
    "you will not",
    "you are not allowed",
    "you're not allowed",
    "not allowed to",
    "you may not",
    "i'm telling you",
    "i am telling you",
    "do as i say",
    "what part of",
    "get it done",
)
#: Order patterns beyond whole words: (a substring that must be present, case-insensitive regex).
ORDER_PATTERNS: tuple[tuple[str, str], ...] = (
    # "you must stretch", "must be done" — not "a must-read" or an inference ("you must be tired")
    ("must", r"\bmust\b(?!-)(?!\s+(?:be|have been|feel|know|love|have had)\b)"),
    ("now", r"(?:^|[.!?]\s*)now\s*[.!]"),  # "Now." or "Now!" as its own sentence
    ("now!", r"\bnow!"),
    ("tonight.", r"(?:^|[.!?]\s+)(?:tonight|today)\s*[.!](?:\s|$)"),  # "... Tonight." on its own
    ("hurry", r"(?<!no )(?<!no need to )(?<!don't )\bhurry\b"),
    # obligation, except the enthusiast's "you have to try these buns"
    ("you", r"\byou(?:'ve)? (?:have|got) to (?!try\b|taste\b|see\b|hear\b|check\b)\w+"),
    ("gotta", r"\byou gotta\b(?! (?:try|taste|see|hear|check)\b)"),
    # "right now" / "immediately", not as a time ("Right now the shop has ...", "immediately after boiling")
    (
        "right now",
        r"(?<!\b(?:might|could|would) be \w{4} )(?<!\bmay be \w{4} )"
        r"\bright now\b(?!\s*\?)(?!,?\s+(?:the|a|an|there|it|it's|your|my|this|that|is|are)\b)",
    ),
    ("immediately", r"\bimmediately\b(?!\s+(?:after|before|afterwards|when|once)\b)"),
    ("do it", r"(?:^|[.!?]\s+)(?:now\s+)?do it\s*(?:now\s*)?[.!]"),  # "Do it." as its own sentence
    ("now", r"(?:^|[.!?]\s+)(?:start|begin|go|move|finish|stop|up)\s+now\s*[.!]"),  # "Start now."
    # "You will complete every set." — a future that orders; not "you will love it" or "you will need"
    (
        "you will",
        r"\byou will (?!love|enjoy|like|feel|find|see|notice|thank|be glad|be happy|probably"
        r"|likely|need|want|get to|have|be able)\w+",
    ),
    ("you are not", r"\byou are not \w+ing\b"),
)
#: Shouting: "NOW", or three all-caps words in a row — an order.
SHOUTED_PATTERNS: tuple[str, ...] = (r"\bNOW\b", r"\b[A-Z]{2,}(?:\s+[A-Z]{2,}){2,}\b")
#: Gentle invitations that leave the choice to the user — warm.
INVITATIONS: tuple[str, ...] = (
    "if you like",
    "if you'd like",
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
    "if you feel up",
    "if you're up to",
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
    "my friend",
    "hey friend",
    "yay",
    "aww",
    "hugs",
    "gorgeous",
    "brilliant",
    "pretty",
    "perfect",
    "heartwarming",
    "adore",
    "special",
    "earned it",
    "you earned",
    "thank you",
    "it's fine to",
    "it's okay to",
    "it's ok to",
    "completely fine",
    "cuppa",
    "awesome",
    "amazing",
    "fantastic",
    "yummy",
    "heavenly",
    "bliss",
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
_WANT_INVITATION_RE = re.compile(r"\bif you want\b(?!\s+to\b)", re.IGNORECASE)  # not "if you want to X"
_PRESSURE_RE = re.compile("|".join(f"(?:{rx})" for rx in PRESSURE_PATTERNS), re.IGNORECASE)
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


#: The markers ``tone_markers`` reports (also the rule flags of the learned tone head).
TONE_MARKERS = (
    "pressure",
    "order",
    "invitation",
    "warm_word",
    "emoji",
    "addressed",
    "exclamation",
    "caring_question",
    "question",
)


def tone_markers(text: str) -> frozenset[str]:
    """Which tone markers ``text`` holds (see ``TONE_MARKERS`` and the phrase lists above)."""
    padded = padded_words(text)
    found: set[str] = set()
    if has_phrase(padded, PRESSURE_PHRASES) or "!!" in text or _PRESSURE_RE.search(text.replace("’", "'")):
        found.add("pressure")
    if _gives_orders(text, padded):
        found.add("order")
    if has_phrase(padded, INVITATIONS) or _WANT_INVITATION_RE.search(text) is not None:
        found.add("invitation")
    if has_phrase(padded, WARM_WORDS):
        found.add("warm_word")
    if _EMOJI_RE.search(text):
        found.add("emoji")
    if has_phrase(padded, ("you", "your", "you're", "yourself")):
        found.add("addressed")
    if "!" in text:
        found.add("exclamation")
    if is_question(text):
        found.add("question")
        if has_phrase(padded, _CARING_QUESTIONS):
            found.add("caring_question")
    return frozenset(found)


def rule_tone(markers: frozenset[str]) -> Tone:
    """Tone by the documented rules, from the markers: pressure is pushy, orders are commanding (a softener
    does not undo either), friendly words, invitations, emoji or a warm address are warm, and anything
    else — a plain suggestion, a bare imperative, a single "could" or "maybe" — is neutral."""
    if "pressure" in markers:
        return Tone.PUSHY
    if "order" in markers:
        return Tone.COMMANDING
    if markers & {"invitation", "warm_word", "emoji"}:
        return Tone.WARM
    if "addressed" in markers and ("exclamation" in markers or "caring_question" in markers):
        return Tone.WARM
    return Tone.NEUTRAL


def classify_tone(text: str) -> Tone:
    """Tone by the documented rules alone (``rule_tone``); the judge refines it with the learned head."""
    return rule_tone(tone_markers(text))


def tone_flags(text: str) -> frozenset[str]:
    """The rule flags the tone head reads: the markers and the rules' verdict."""
    markers = tone_markers(text)
    return markers | {f"rule:{rule_tone(markers).value}"}


#: The flag names of the tone head, in a fixed order.
TONE_FLAGS = (*TONE_MARKERS, *(f"rule:{t.value}" for t in Tone))
